from __future__ import annotations

import pghistory
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from cme.core.history import Versioned

from .policy import Scope
from .roles import ROLE_CHOICES, Role

three_digits = RegexValidator(r"^\d{3}$", "A DfE local authority number has 3 digits")
ons_code = RegexValidator(r"^[EWSN]\d{8}$", "An ONS code is a letter and 8 digits, like E10000018")


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class LocalAuthority(models.Model):
    code = models.CharField("DfE local authority number", max_length=3, unique=True, validators=[three_digits])
    ons_code = models.CharField("ONS code", max_length=9, blank=True, validators=[ons_code])
    name = models.CharField(max_length=120)
    cme_contact_name = models.CharField("CME contact", max_length=120, blank=True)
    cme_contact_email = models.EmailField("CME team email", blank=True)
    cme_contact_phone = models.CharField("CME team phone", max_length=40, blank=True)
    cme_contact_address = models.TextField("CME team address", blank=True)
    # Where the public is told to turn if a child may be at risk (the start page, the sent page).
    social_care_phone = models.CharField("Children's social care phone", max_length=40, blank=True,
                                         help_text="The number the public should call if they are worried about a "
                                                   "child's safety")
    # Postcode districts wholly or mostly in the area (space-separated, e.g. "DM1 DM2"),
    # used as a first check of residence until an address gazetteer is connected.
    postcode_districts = models.TextField(blank=True)
    officers_take_cases = models.BooleanField(
        "officers may take unallocated cases", default=True,
        help_text="Otherwise only a manager allocates cases")
    is_fictional = models.BooleanField(default=False, help_text="Demo data: every detail is made up")

    class Meta:
        verbose_name_plural = "local authorities"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def policy_scope(self) -> Scope:
        return Scope(self.pk)

    @property
    def districts(self) -> set[str]:
        return {d.upper() for d in self.postcode_districts.split()}


class Country(models.TextChoices):
    ENGLAND = "england", "England"
    WALES = "wales", "Wales"


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Council(models.Model):
    """One entry in the directory of councils: an English (or Welsh) local authority with its
    DfE number, whether it still exists (historic numbers are kept: a UPN keeps the number of
    the council that allocated it), and its children missing education team's contact, which
    administrators keep up to date. `local_authority` is set when the council uses this
    deployment (a regional consortium): enquiries to it then arrive in its own queue."""

    code = models.CharField("DfE local authority number", max_length=3, unique=True, validators=[three_digits])
    ons_code = models.CharField("ONS code", max_length=9, blank=True)
    name = models.CharField(max_length=120)
    country = models.CharField(max_length=8, choices=Country.choices, default=Country.ENGLAND)
    current = models.BooleanField(default=True, help_text="False for a council that no longer exists")
    region = models.CharField(max_length=40, blank=True, help_text="The English region, as DfE's statistics name it")
    note = models.CharField(max_length=300, blank=True, help_text="What became of a historic council")
    source = models.CharField(max_length=300, blank=True, help_text="Where the number and name come from")
    cme_team_email = models.EmailField("CME team email", blank=True)
    cme_team_phone = models.CharField("CME team phone", max_length=40, blank=True)
    cme_team_address = models.TextField("CME team address", blank=True)
    contact_updated_at = models.DateTimeField(null=True, blank=True)
    local_authority = models.OneToOneField(LocalAuthority, on_delete=models.SET_NULL, null=True, blank=True,
                                           related_name="council")
    is_fictional = models.BooleanField(default=False)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def policy_scope(self) -> Scope:
        # Reference data shared by the deployment: an administrator of any council keeps it.
        return Scope(None)

    @property
    def label(self) -> str:
        wales = ", Wales" if self.country == Country.WALES else ""
        return f"{self.name} ({self.code}{wales})" + ("" if self.current else " – no longer exists")

    @property
    def uses_this_service(self) -> bool:
        return self.local_authority_id is not None


class AgencyKind(models.TextChoices):
    SOCIAL_CARE = "social-care", "Children's social care"
    POLICE = "police", "Police"
    HEALTH = "health", "Health"
    HOUSING = "housing", "Housing"
    YOUTH_JUSTICE = "youth-justice", "Youth justice"
    BORDER_FORCE = "border-force", "Border Force"
    OTHER = "other", "Other"


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Agency(Versioned):
    local_authority = models.ForeignKey(LocalAuthority, on_delete=models.PROTECT, related_name="agencies")
    name = models.CharField(max_length=160)
    kind = models.CharField(max_length=20, choices=AgencyKind.choices)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    is_fictional = models.BooleanField(default=False)

    class Meta:
        verbose_name_plural = "agencies"
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["local_authority", "name"], name="agency_name_unique_in_la")]

    def __str__(self) -> str:
        return self.name

    def policy_scope(self) -> Scope:
        return Scope(self.local_authority_id, agency_id=self.pk)


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields):
        if not email:
            raise ValueError("A user needs an email address")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password) if password else user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields):
        fields.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **fields)


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent(),
                 exclude=["password", "last_login"])
class User(AbstractBaseUser, PermissionsMixin, Versioned):
    email = models.EmailField(unique=True)
    full_name = models.CharField(max_length=150)
    job_title = models.CharField(max_length=120, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    role = models.CharField(max_length=20, choices=ROLE_CHOICES, blank=True)
    local_authority = models.ForeignKey(LocalAuthority, on_delete=models.PROTECT, null=True, blank=True,
                                        related_name="users")
    school = models.ForeignKey("schools.School", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="users")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="users")
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField("may use the Django admin site", default=False)
    is_fictional = models.BooleanField(default=False)
    # When an administrator last reset this person's password and authenticator (a lost phone): the
    # password itself is never in the history, so this field is what the history shows.
    sign_in_reset_at = models.DateTimeField("sign-in reset", null=True, blank=True)
    date_joined = models.DateTimeField(default=timezone.now)  # noqa: TID251 - the same instant as clock.now; kept so no migration

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name"]
        constraints = [
            models.CheckConstraint(
                name="school_users_have_a_school",
                condition=~Q(role=Role.SCHOOL_USER) | Q(school__isnull=False, agency__isnull=True)),
            models.CheckConstraint(
                name="agency_users_have_an_agency",
                condition=~Q(role=Role.AGENCY_USER) | Q(agency__isnull=False, school__isnull=True)),
            models.CheckConstraint(
                name="la_staff_have_no_school_or_agency",
                condition=Q(role__in=[Role.SCHOOL_USER, Role.AGENCY_USER])
                | Q(school__isnull=True, agency__isnull=True)),
            models.CheckConstraint(
                name="users_with_a_role_belong_to_an_la",
                condition=Q(role="") | Q(local_authority__isnull=False)),
        ]

    @property
    def waiting_for_password(self) -> str:
        """"invited" (never signed in) or "reset" (an administrator reset their sign-in) while an active
        account waits for its person to choose a password through the emailed link; else "". An account
        that signs in through Entra ID has no password of its own and waits for nothing."""
        if not self.is_active or self.has_usable_password():
            return ""
        if self.last_login is None:
            return "invited"
        return "reset" if self.sign_in_reset_at and self.sign_in_reset_at >= self.last_login else ""

    def __str__(self) -> str:
        return f"{self.full_name} <{self.email}>"

    def policy_scope(self) -> Scope:
        return Scope(self.local_authority_id, school_id=self.school_id, agency_id=self.agency_id)

    @property
    def role_enum(self) -> Role | None:
        return Role(self.role) if self.role else None

    @property
    def role_label(self) -> str:
        return self.role_enum.label if self.role_enum else "No role"

    @property
    def organisation(self):
        return self.school or self.agency or self.local_authority


class ApiToken(models.Model):
    """A partner system's key to the API. It acts as its user, with that user's
    permissions. Only a hash is stored; the key is shown once, when it is made."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, help_text="Which system uses it, e.g. the school's MIS")
    prefix = models.CharField(max_length=12, unique=True)
    key_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…) for {self.user.email}"


class CouncilRecord(models.Model):
    """A record that belongs to one local authority: whose it is (for the permission policy,
    `policy_scope`) and when it was made and last changed. Concrete models add
    `@cme.core.history.tracked()` so their writes are in the change history."""

    local_authority = models.ForeignKey(LocalAuthority, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    def policy_scope(self) -> Scope:
        return Scope(self.local_authority_id)
