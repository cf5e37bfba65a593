from __future__ import annotations

import datetime as dt

import pghistory
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import F, Func, Q, Value
from django.db.models.functions import Left, Upper
from django.utils import timezone

from cme.accounts.models import CouncilRecord, LocalAuthority
from cme.accounts.policy import Scope
from cme.core import clock
from cme.core.history import Versioned
from cme.core.templating import sentence


class Sex(models.TextChoices):
    FEMALE = "F", "Female"
    MALE = "M", "Male"
    UNKNOWN = "U", "Not known"


class SenStatus(models.TextChoices):
    NONE = "none", "No special educational needs"
    SEN_SUPPORT = "sen-support", "SEN support"
    EHCP = "ehcp", "Education, health and care plan"
    UNKNOWN = "unknown", "Not known"


def folded(field: str) -> Func:
    """The name as matching compares it: ASCII, lower case, punctuation as spaces
    (cme_fold, a database function made by migration children 0003)."""
    return Func(F(field), function="cme_fold", output_field=models.CharField())


def metaphone(field: str) -> Func:
    return Func(folded(field), function="dmetaphone", output_field=models.CharField())


SEARCH_FIELDS = ["first_name_key", "last_name_key", "first_name_dm", "last_name_dm"]


# The flags every page that shows a child must show, with the words it uses.
SAFEGUARDING_FLAGS = {"child_protection_plan": "Child protection plan", "looked_after": "In care",
                      "has_social_worker": "Has a social worker"}


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent(), exclude=SEARCH_FIELDS)
class Child(CouncilRecord, Versioned):
    """One real child, known to one local authority. Names, addresses and identifiers
    that change over time are kept with dates in the related models."""

    # The council's children are reached from it (`la.children`), so the base's field is named again here.
    local_authority = models.ForeignKey(LocalAuthority, on_delete=models.PROTECT, related_name="children")
    first_name = models.CharField(max_length=100)
    middle_names = models.CharField(max_length=150, blank=True)
    last_name = models.CharField(max_length=100)
    other_names = models.CharField("also known as", max_length=250, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    sex = models.CharField(max_length=1, choices=Sex.choices, default=Sex.UNKNOWN)
    upn = models.CharField("UPN", max_length=13, blank=True, db_index=True)
    former_upns = ArrayField(models.CharField(max_length=13), default=list, blank=True, verbose_name="former UPNs")
    ethnicity = models.CharField(max_length=80, blank=True)
    sen_status = models.CharField("SEN", max_length=12, choices=SenStatus.choices, default=SenStatus.UNKNOWN)
    looked_after = models.BooleanField("in care", default=False)
    # Shown wherever the child appears: the most vulnerable children must never be missed.
    has_social_worker = models.BooleanField("has a social worker", default=False, db_default=False)
    child_protection_plan = models.BooleanField("subject of a child protection plan", default=False, db_default=False)
    # The groups the DfE guidance names as at particular risk of missing education (domain.md
    # §2.6), for reports and for an officer's attention.
    gypsy_roma_traveller = models.BooleanField("Gypsy, Roma or Traveller family", default=False, db_default=False)
    service_family = models.BooleanField("Armed Forces family", default=False, db_default=False)
    new_arrival = models.BooleanField("new to the country (including asylum-seeking or refugee)", default=False, db_default=False)
    temporary_accommodation = models.BooleanField("in temporary accommodation", default=False, db_default=False)
    # The last school the child attended, as the team was told it (a school's own records of
    # who is on its roll are the registrations), and the last day they attended.
    last_school = models.CharField("last school", max_length=200, blank=True, db_default="")
    date_last_attended = models.DateField("date last attended", null=True, blank=True)
    is_fictional = models.BooleanField(default=False, help_text="Demo data: every detail is made up")
    merged_into = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="merged")
    # A digest of what the last CTF or roll import said about the child, so importing
    # the same file again changes nothing.
    import_fingerprint = models.CharField(max_length=64, blank=True)
    # Kept by the database from the names, whatever writes them (pages, imports, COPY),
    # for finding candidate matches among a million children in milliseconds.
    first_name_key = models.GeneratedField(expression=folded("first_name"), output_field=models.CharField(max_length=100),
                                           db_persist=True)
    last_name_key = models.GeneratedField(expression=folded("last_name"), output_field=models.CharField(max_length=100),
                                          db_persist=True)
    first_name_dm = models.GeneratedField(expression=metaphone("first_name"), output_field=models.CharField(max_length=20),
                                          db_persist=True)
    last_name_dm = models.GeneratedField(expression=metaphone("last_name"), output_field=models.CharField(max_length=20),
                                         db_persist=True)

    class Meta:
        verbose_name_plural = "children"
        ordering = ["last_name", "first_name"]
        indexes = [
            models.Index(fields=["local_authority", "last_name", "first_name"], name="child_name"),
            models.Index(fields=["local_authority", "date_of_birth"], name="child_dob"),
            models.Index(fields=["local_authority", "last_name_dm", "first_name_dm"], name="child_metaphone"),
            # A sound-alike name with a date of birth a day, a year or a digit out.
            models.Index(fields=["local_authority", "last_name_dm", "date_of_birth"], name="child_last_dm_dob"),
            models.Index(fields=["local_authority", "first_name_dm", "date_of_birth"], name="child_first_dm_dob"),
            # A sound-alike name with the other name's first two letters (a typo that
            # changes the other name's sound, when the date of birth is not known).
            models.Index(F("local_authority"), F("last_name_dm"), Left("first_name_key", 2), name="child_last_dm_first2"),
            models.Index(F("local_authority"), F("first_name_dm"), Left("last_name_key", 2), name="child_first_dm_last2"),
        ]
        constraints = [
            models.CheckConstraint(name="child_not_merged_into_itself", condition=~Q(merged_into=models.F("id"))),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def reference(self) -> str:
        return f"C{self.pk:06d}"

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.first_name, self.middle_names, self.last_name) if part)

    @property
    def safeguarding_flags(self) -> list[str]:
        """What every page that shows the child must say about their safety."""
        return [label for flag, label in SAFEGUARDING_FLAGS.items() if getattr(self, flag)]

    @property
    def vulnerable_groups(self) -> list[str]:
        return [sentence(str(self._meta.get_field(flag).verbose_name)) for flag in
                ("gypsy_roma_traveller", "service_family", "new_arrival", "temporary_accommodation")
                if getattr(self, flag)]

    def current_address(self, on: dt.date | None = None) -> ChildAddress | None:
        on = on or clock.today()
        for address in self.addresses.all():
            if (address.moved_in is None or address.moved_in <= on) and (address.moved_out is None or address.moved_out > on):
                return address
        return None


class AddressKind(models.TextChoices):
    HOME = "home", "Home"
    ADDITIONAL = "additional", "Additional (lives there some of the time)"
    PREVIOUS = "previous", "Previous"
    TEMPORARY = "temporary", "Temporary accommodation"


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class ChildAddress(models.Model):
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="addresses")
    kind = models.CharField(max_length=12, choices=AddressKind.choices, default=AddressKind.HOME)
    line_1 = models.CharField(max_length=200)
    line_2 = models.CharField(max_length=200, blank=True)
    town = models.CharField(max_length=100, blank=True)
    postcode = models.CharField(max_length=8, blank=True)
    uprn = models.CharField("UPRN", max_length=12, blank=True)
    moved_in = models.DateField(null=True, blank=True)
    moved_out = models.DateField(null=True, blank=True)

    class Meta:
        # An address with no move-in date counts as older than any dated one, as in the
        # matcher's SQL (cme.children.candidates): PostgreSQL would otherwise put it first.
        ordering = [models.F("moved_in").desc(nulls_last=True), "-id"]
        verbose_name_plural = "child addresses"
        indexes = [models.Index(fields=["postcode"], name="child_address_postcode"),
                   # The reports' area filter: the postcode district of the address a child lives at now.
                   models.Index(Func(Upper("postcode"), Value(" "), Value(1), function="split_part"), "child",
                                condition=Q(moved_out__isnull=True), name="child_address_district_now")]

    def __str__(self) -> str:
        return ", ".join(part for part in (self.line_1, self.line_2, self.town, self.postcode) if part)

    def policy_scope(self) -> Scope:
        return Scope(self.child.local_authority_id)


class NameKind(models.TextChoices):
    PREFERRED = "preferred", "Preferred name"
    FORMER = "former", "Former name"
    ALIAS = "alias", "Also known as"


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class ChildName(models.Model):
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="names")
    kind = models.CharField(max_length=10, choices=NameKind.choices)
    first_name = models.CharField(max_length=100, blank=True)
    last_name = models.CharField(max_length=100, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["child", "kind", "first_name", "last_name"],
                                               name="child_name_once")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.first_name} {self.last_name}".strip()


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Contact(models.Model):
    """A parent, carer or other contact of a child."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="contacts")
    order = models.PositiveSmallIntegerField(default=1)
    title = models.CharField(max_length=20, blank=True)
    first_name = models.CharField(max_length=100, blank=True)
    last_name = models.CharField(max_length=100, blank=True)
    relationship = models.CharField(max_length=60, blank=True)
    parental_responsibility = models.BooleanField(null=True)
    lives_with_child = models.BooleanField(null=True)
    phones = ArrayField(models.CharField(max_length=40), default=list, blank=True)
    email = models.EmailField(blank=True)
    address = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name} ({self.relationship or 'contact'})".strip()

    def policy_scope(self) -> Scope:
        return Scope(self.child.local_authority_id)


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Sibling(models.Model):
    """A brother or sister, as the team was told (their schools are worth asking)."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="siblings")
    name = models.CharField(max_length=150)
    date_of_birth = models.DateField("date of birth", null=True, blank=True)
    school = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["date_of_birth", "id"]

    def __str__(self) -> str:
        return self.name

    def policy_scope(self) -> Scope:
        return Scope(self.child.local_authority_id)


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class ChildMerge(models.Model):
    """Two records found to be the same child, merged into one: `merged` now points to
    `kept`, and every row that pointed at `merged` points at `kept`. `moved` records
    exactly which rows moved and what the merge added to the kept record, so the merge
    can be undone row for row. Nothing is deleted by a merge."""

    kept = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="merges_in")
    merged = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="merges_out")
    reason = models.TextField()
    merged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    merged_at = models.DateTimeField(default=timezone.now)  # noqa: TID251 - the same instant as clock.now; kept so no migration
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+")
    undo_reason = models.TextField(blank=True)
    # {"moved": [{"model": "children.childaddress", "field": "child", "ids": [..]}],
    #  "left": [{"model": ..., "field": ..., "ids": [..]}],   (already on the kept record)
    #  "added_names": [ChildName ids], "added_former_upns": ["A123..."]}
    moved = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-merged_at", "-id"]
        constraints = [
            models.CheckConstraint(name="child_merge_two_records", condition=~Q(kept=F("merged"))),
            models.CheckConstraint(name="child_merge_has_reason", condition=~Q(reason="")),
            models.UniqueConstraint(fields=["merged"], condition=Q(undone_at__isnull=True),
                                    name="child_merged_once_at_a_time"),
        ]

    def __str__(self) -> str:
        return f"{self.merged.reference} merged into {self.kept.reference}"

    @property
    def is_undone(self) -> bool:
        return self.undone_at is not None

    def policy_scope(self) -> Scope:
        return Scope(self.kept.local_authority_id)
