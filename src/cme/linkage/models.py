"""Finding the children no school has on its roll.

A council holds other lists of the children living in its area: GP and health-visiting
registrations, council tax and housing benefit claims, housing, early years,
admissions applications. A `PopulationDataset` is one such extract, imported with a
column mapping; an `UnplacedRun` links the chosen datasets with each other and with
the child index, and keeps as `UnplacedCandidate`s the children of compulsory school
age who are on no roll, not known to be home educated or in alternative provision and
not already a CME case. Officers review each candidate and open a CME enquiry or
dismiss it with a reason.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from cme.accounts.models import CouncilRecord
from cme.accounts.policy import Scope
from cme.children.models import Child
from cme.core.history import tracked


class SourceKind(models.TextChoices):
    HEALTH = "health", "Health registrations (GP, health visiting, school nursing)"
    COUNCIL_TAX = "council-tax", "Council tax and benefits"
    HOUSING = "housing", "Housing (tenancies, homelessness, temporary accommodation)"
    EARLY_YEARS = "early-years", "Early years and childcare"
    ADMISSIONS = "admissions", "School admissions applications"
    ALTERNATIVE_PROVISION = "alternative-provision", "Alternative provision placements"
    EHE = "ehe", "Elective home education register"
    OTHER = "other", "Other list of children living in the area"


SHORT_NAMES = {SourceKind.HEALTH: "Health", SourceKind.COUNCIL_TAX: "Council tax", SourceKind.HOUSING: "Housing",
               SourceKind.EARLY_YEARS: "Early years", SourceKind.ADMISSIONS: "Admissions",
               SourceKind.ALTERNATIVE_PROVISION: "Alternative provision", SourceKind.EHE: "EHE register",
               SourceKind.OTHER: "Other list"}

# Datasets that say where a child is educated, not only that the child lives here.
PLACING_KINDS = {SourceKind.ALTERNATIVE_PROVISION: "in alternative provision", SourceKind.EHE: "home educated"}


class DatasetStatus(models.TextChoices):
    UPLOADED = "uploaded", "Waiting for its columns to be matched"
    IMPORTED = "imported", "Imported"


@tracked()
class PopulationDataset(CouncilRecord):
    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=24, choices=SourceKind.choices)
    extract_date = models.DateField(help_text="The day the data was taken from its system")
    original_name = models.CharField(max_length=200)
    # The upload is kept only until it is imported (then the records hold the data).
    file = models.FileField(upload_to="population/%Y/%m/", blank=True)
    headers = models.JSONField(default=list, blank=True)
    column_mapping = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=DatasetStatus.choices, default=DatasetStatus.UPLOADED)
    rows = models.PositiveIntegerField(default=0)
    # Rows the officer chose to leave out, with their problems and their text, so
    # nothing from the file is lost without trace.
    left_out = models.JSONField(default=list, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    imported_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.extract_date:%d %b %Y})"


class PopulationRecord(models.Model):
    """One row of an imported dataset, as read through its column mapping. Records are
    never changed once imported; the dataset's history says who imported them."""

    dataset = models.ForeignKey(PopulationDataset, on_delete=models.CASCADE, related_name="records")
    line = models.PositiveIntegerField(help_text="Line of the uploaded file (the header is line 1)")
    source_id = models.CharField(max_length=100, blank=True)
    first_name = models.CharField(max_length=100, blank=True)
    middle_names = models.CharField(max_length=150, blank=True)
    last_name = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    sex = models.CharField(max_length=1, blank=True)
    address = models.CharField(max_length=300, blank=True)
    postcode = models.CharField(max_length=8, blank=True)
    upn = models.CharField(max_length=13, blank=True)

    class Meta:
        ordering = ["dataset", "line"]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name} (line {self.line})"

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.first_name, self.middle_names, self.last_name) if part)


class RunStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    RUNNING = "running", "Running"
    DONE = "done", "Finished"
    FAILED = "failed", "Failed"


@tracked()
class UnplacedRun(CouncilRecord):
    datasets = models.ManyToManyField(PopulationDataset, related_name="runs")
    on = models.DateField("as at", help_text="The day compulsory school age and rolls are judged on")
    status = models.CharField(max_length=8, choices=RunStatus.choices, default=RunStatus.QUEUED)
    stage = models.CharField(max_length=200, blank=True)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    summary = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Run {self.pk} as at {self.on:%d %b %Y}"

    @property
    def percent(self) -> int:
        return int(100 * self.done / self.total) if self.total else 0


class CandidateStatus(models.TextChoices):
    TO_REVIEW = "to-review", "To review"
    ENQUIRY_OPENED = "enquiry-opened", "CME enquiry opened"
    DISMISSED = "dismissed", "Dismissed"


class DismissReason(models.TextChoices):
    ON_ROLL = "on-roll", "On a school roll (the data was out of date or incomplete)"
    MOVED_AWAY = "moved-away", "No longer lives in the area"
    EHE = "ehe", "Electively home educated"
    ALTERNATIVE_PROVISION = "alternative-provision", "In alternative provision"
    NOT_OF_SCHOOL_AGE = "not-of-school-age", "Not of compulsory school age"
    NOT_ONE_CHILD = "not-one-child", "The records are not of one child"
    OTHER = "other", "Another reason"


@tracked()
class UnplacedCandidate(models.Model):
    """A child who appears to live in the area with no school place, and the evidence."""

    run = models.ForeignKey(UnplacedRun, on_delete=models.CASCADE, related_name="candidates")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                              help_text="The child index record the evidence was linked to, if any")
    records = models.ManyToManyField(PopulationRecord, related_name="+")
    first_name = models.CharField(max_length=100, blank=True)
    last_name = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    postcode = models.CharField(max_length=8, blank=True)
    sources = models.JSONField(default=list, help_text="The kinds of dataset the child was found in")
    lowest_link_probability = models.FloatField(null=True, blank=True)
    status = models.CharField(max_length=16, choices=CandidateStatus.choices, default=CandidateStatus.TO_REVIEW)
    dismiss_reason = models.CharField(max_length=24, choices=DismissReason.choices, blank=True)
    note = models.TextField(blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["last_name", "first_name", "id"]
        indexes = [models.Index(fields=["run", "status"], name="unplaced_run_status")]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def policy_scope(self) -> Scope:
        return Scope(self.run.local_authority_id)

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip() or "Name not known"

    @property
    def source_names(self) -> str:
        return ", ".join(SHORT_NAMES.get(kind, kind) for kind in self.sources)
