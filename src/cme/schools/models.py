from __future__ import annotations

import pghistory
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q

from cme.accounts.models import CouncilRecord, LocalAuthority
from cme.accounts.policy import Scope
from cme.core.history import Versioned

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
class School(Versioned):
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

    def policy_scope(self) -> Scope:
        return Scope(self.local_authority_id, school_id=self.pk)

    @property
    def la_code(self) -> str:
        return self.laestab[:3]


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


class RegistrationSource(models.TextChoices):
    CTF = "ctf", "Common Transfer File"
    ROLL_CSV = "roll-csv", "School roll (CSV)"
    NEW_PUPIL_RETURN = "new-pupil-return", "New-pupil return"
    DELETION_RETURN = "deletion-return", "Deletion return"


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Registration(models.Model):
    """A child on a school's admission register, from the entry date to the leaving date.
    The school may be outside the service (then only its LAESTAB and name are known)."""

    child = models.ForeignKey("children.Child", on_delete=models.CASCADE, related_name="registrations")
    school = models.ForeignKey(School, on_delete=models.PROTECT, null=True, blank=True, related_name="registrations")
    school_laestab = models.CharField(max_length=7, blank=True)
    school_name = models.CharField(max_length=200, blank=True)
    entry_date = models.DateField(null=True, blank=True)
    leaving_date = models.DateField(null=True, blank=True)
    leaving_reason = models.CharField(max_length=60, blank=True)
    source = models.CharField(max_length=20, choices=RegistrationSource.choices)

    class Meta:
        ordering = ["-entry_date", "-id"]
        indexes = [models.Index(fields=["school", "leaving_date"], name="registration_current")]
        constraints = [models.UniqueConstraint(fields=["child", "school_laestab", "entry_date"],
                                               name="registration_once")]

    def __str__(self) -> str:
        return f"{self.school_name or self.school_laestab} from {self.entry_date}"


class ReturnSource(models.TextChoices):
    FORM = "form", "Web form"
    CSV = "csv", "CSV upload"
    API = "api", "School system (API)"


class ReturnBase(CouncilRecord, Versioned):
    """What both statutory returns share: the school, the pupil, who sent it and when
    (`created_at` is when the council received it), and whether the school has since
    corrected or withdrawn it (and why)."""

    REFERENCE_PREFIX = "R"

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    child = models.ForeignKey("children.Child", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    first_name = models.CharField(max_length=100)
    middle_names = models.CharField(max_length=150, blank=True)
    last_name = models.CharField(max_length=100)
    other_names = models.CharField(max_length=250, blank=True)
    date_of_birth = models.DateField()
    sex = models.CharField(max_length=1, blank=True)
    upn = models.CharField(max_length=13, blank=True)
    address_line_1 = models.CharField(max_length=200, blank=True)
    address_line_2 = models.CharField(max_length=200, blank=True)
    town = models.CharField(max_length=100, blank=True)
    postcode = models.CharField(max_length=8, blank=True)
    parents = models.JSONField(default=list, blank=True)  # [{"name", "relationship", "phone", "address"}]
    due_by = models.DateField(null=True, blank=True)
    is_late = models.BooleanField(default=False)
    source = models.CharField(max_length=8, choices=ReturnSource.choices, default=ReturnSource.FORM)
    idempotency_key = models.CharField(max_length=100, blank=True)
    request_digest = models.CharField(max_length=64, blank=True)  # what a retry with the same key must repeat
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="+")
    corrected_at = models.DateTimeField("corrected", null=True, blank=True)
    correction_reason = models.CharField("reason for the correction", max_length=500, blank=True)
    withdrawn_at = models.DateTimeField("withdrawn", null=True, blank=True)
    withdrawal_reason = models.CharField("reason for withdrawing", max_length=500, blank=True)

    class Meta:
        abstract = True

    def policy_scope(self) -> Scope:
        return Scope(self.local_authority_id, school_id=self.school_id)

    @property
    def pupil_name(self) -> str:
        return " ".join(p for p in (self.first_name, self.middle_names, self.last_name) if p)

    @property
    def reference(self) -> str:
        """What the school quotes to the council: "DR-000042" for a deletion, "NP-000042" for a new pupil."""
        return f"{self.REFERENCE_PREFIX}-{self.pk:06d}" if self.pk else ""

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None


class MatchStatus(models.TextChoices):
    NONE = "none", "No open case matched"
    FOUND_ON_ROLL = "found-on-roll", "Found on roll: waiting for an officer to confirm"
    CONFIRMED = "confirmed", "Confirmed by an officer"
    DISMISSED = "dismissed", "Not the same child"


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class NewPupilReturn(ReturnBase):
    """Regulation 13(1): a school tells the LA about a pupil it has entered on its admission register."""

    REFERENCE_PREFIX = "NP"

    entered_on = models.DateField(help_text="The day the pupil's name was entered in the admission register")
    starting_day = models.DateField(help_text="The first day the pupil is expected to attend")
    year_group = models.CharField(max_length=20, blank=True)
    previous_school = models.CharField(max_length=200, blank=True)
    exempt = models.BooleanField(default=False, help_text="Most junior class, starting on the first day of the year")
    match_status = models.CharField(max_length=16, choices=MatchStatus.choices, default=MatchStatus.NONE)
    matched_case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="new_pupil_returns")

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["school", "idempotency_key"], condition=~Q(idempotency_key=""),
                                               name="new_pupil_return_idempotent")]

    def __str__(self) -> str:
        return f"New pupil {self.pupil_name} at {self.school}"


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class DeletionReturn(ReturnBase):
    """Regulation 13(4): a school tells the LA it has deleted (or will delete) a pupil."""

    REFERENCE_PREFIX = "DR"

    ground_code = models.CharField(max_length=16)  # e.g. "2024-9(1)(h)", see cme.rules.deletion_grounds
    deletion_date = models.DateField()
    new_address = models.CharField(max_length=300, blank=True)
    new_address_from = models.DateField(null=True, blank=True)
    new_la_code = models.CharField(max_length=3, blank=True)
    destination_school = models.ForeignKey(School, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    destination_school_name = models.CharField(max_length=200, blank=True)
    destination_start_date = models.DateField(null=True, blank=True)
    joint_enquiries = models.JSONField(default=list, blank=True)  # [{"date", "what"}] for grounds (h) and (i)
    route_step = models.CharField(max_length=32)
    route_reason = models.CharField(max_length=300)
    route_warnings = ArrayField(models.CharField(max_length=300), default=list, blank=True)
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, null=True, blank=True,
                             related_name="deletion_returns")

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["school", "idempotency_key"], condition=~Q(idempotency_key=""),
                                               name="deletion_return_idempotent")]

    def __str__(self) -> str:
        return f"Deletion of {self.pupil_name} from {self.school} ({self.ground_code})"


class ImportKind(models.TextChoices):
    CTF = "ctf", "Common Transfer File"
    ROLL_CSV = "roll-csv", "School roll (CSV)"
    NEW_PUPILS_CSV = "new-pupils-csv", "New-pupil returns (CSV)"


class ImportStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    RUNNING = "running", "Importing"
    DONE = "done", "Imported"
    FAILED = "failed", "Not imported"


class ImportJob(CouncilRecord):
    """An upload being imported in the background, with its progress and its result."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    kind = models.CharField(max_length=16, choices=ImportKind.choices)
    file = models.FileField(upload_to="imports/%Y/%m/")
    original_name = models.CharField(max_length=200)
    status = models.CharField(max_length=8, choices=ImportStatus.choices, default=ImportStatus.QUEUED)
    stage = models.CharField(max_length=40, blank=True)  # what a running import is doing: "Checking", "Importing"
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    result = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.original_name}"

    def policy_scope(self) -> Scope:
        return Scope(self.local_authority_id, school_id=self.school_id)

    @property
    def percent(self) -> int:
        return int(100 * self.done / self.total) if self.total else 0

    @property
    def progress_text(self) -> str:
        """"Checking: 400 of 2,000 rows (20%)" while it runs."""
        text = self.stage or self.get_status_display()
        if self.status == ImportStatus.RUNNING and self.total:
            text += f": {self.done:,} of {self.total:,} {'rows' if self.stage == 'Checking' else 'pupils'} ({self.percent}%)"
        return text
