from __future__ import annotations

import pghistory
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q

from cme.accounts.models import LocalAuthority

urn_validator = RegexValidator(r"^\d{6}$", "A URN has 6 digits")
laestab_validator = RegexValidator(r"^\d{7}$", "A LAESTAB has 7 digits: the LA number and the establishment number")


class Phase(models.TextChoices):
    NURSERY = "nursery", "Nursery"
    PRIMARY = "primary", "Primary"
    MIDDLE = "middle", "Middle"
    SECONDARY = "secondary", "Secondary"
    ALL_THROUGH = "all-through", "All-through"
    SPECIAL = "special", "Special"
    ALTERNATIVE_PROVISION = "alternative-provision", "Alternative provision or PRU"
    SIXTEEN_PLUS = "16-plus", "16 plus"


class EstablishmentType(models.TextChoices):
    COMMUNITY = "community", "Community school"
    FOUNDATION = "foundation", "Foundation school"
    VOLUNTARY_AIDED = "voluntary-aided", "Voluntary aided school"
    VOLUNTARY_CONTROLLED = "voluntary-controlled", "Voluntary controlled school"
    ACADEMY = "academy", "Academy"
    FREE_SCHOOL = "free-school", "Free school"
    INDEPENDENT = "independent", "Independent school"
    SPECIAL = "special", "Special school"
    NON_MAINTAINED_SPECIAL = "non-maintained-special", "Non-maintained special school"
    PUPIL_REFERRAL_UNIT = "pupil-referral-unit", "Pupil referral unit"


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class School(models.Model):
    local_authority = models.ForeignKey(LocalAuthority, on_delete=models.PROTECT, related_name="schools")
    name = models.CharField(max_length=200)
    urn = models.CharField("URN", max_length=6, unique=True, null=True, blank=True, validators=[urn_validator])
    laestab = models.CharField("LAESTAB", max_length=7, unique=True, validators=[laestab_validator])
    phase = models.CharField(max_length=24, choices=Phase.choices)
    establishment_type = models.CharField(max_length=24, choices=EstablishmentType.choices)
    postcode = models.CharField(max_length=8, blank=True)
    email = models.EmailField(blank=True)
    is_open = models.BooleanField(default=True)
    is_fictional = models.BooleanField(default=False)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def la_code(self) -> str:
        return self.laestab[:3]

    @property
    def establishment_number(self) -> str:
        return self.laestab[3:]


class Term(models.Model):
    """A term of an LA's calendar (or one school's, where it differs)."""

    local_authority = models.ForeignKey(LocalAuthority, on_delete=models.CASCADE, related_name="terms")
    school = models.ForeignKey(School, on_delete=models.CASCADE, null=True, blank=True, related_name="terms")
    name = models.CharField(max_length=60)
    starts = models.DateField()
    ends = models.DateField()

    class Meta:
        ordering = ["starts"]
        constraints = [models.CheckConstraint(name="term_ends_after_it_starts", condition=Q(ends__gte=models.F("starts")))]

    def __str__(self) -> str:
        return f"{self.name} ({self.starts} to {self.ends})"


class ClosureDay(models.Model):
    """An INSET day or other day a school is closed inside term."""

    local_authority = models.ForeignKey(LocalAuthority, on_delete=models.CASCADE, related_name="closure_days")
    school = models.ForeignKey(School, on_delete=models.CASCADE, null=True, blank=True, related_name="closure_days")
    date = models.DateField()
    description = models.CharField(max_length=120, default="INSET day")

    class Meta:
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.description} on {self.date}"
