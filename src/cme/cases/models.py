"""A CME case (episode): one child, one local authority, from the day the team decides
the child is missing education until the child is safely in education.

This is the minimal case the referral and school-return intakes need; the casework
issue grows it (enquiries log, visits, escalations, transfers, monitoring)."""

from __future__ import annotations

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import Q

from cme.accounts.models import LocalAuthority
from cme.accounts.policy import Scope
from cme.children.models import Child
from cme.rules.dfe_return import PRIMARY_REASONS

REASON_CHOICES = [(reason.code, reason.label) for reason in PRIMARY_REASONS]


class CaseState(models.TextChoices):
    WHEREABOUTS_UNKNOWN = "whereabouts-unknown", "CME – whereabouts unknown"
    WHEREABOUTS_KNOWN = "whereabouts-known", "CME – whereabouts known"
    CLOSED = "closed", "Closed"


OPEN_STATES = (CaseState.WHEREABOUTS_UNKNOWN, CaseState.WHEREABOUTS_KNOWN)


class CaseQuerySet(models.QuerySet):
    def open(self) -> CaseQuerySet:
        return self.exclude(state=CaseState.CLOSED)

    def open_for(self, child: Child | int) -> Case | None:
        """The child's open case (a child has at most one), or None."""
        child_id = child if isinstance(child, int) else child.pk
        return self.open().filter(child_id=child_id).first()


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Case(models.Model):
    local_authority = models.ForeignKey(LocalAuthority, on_delete=models.PROTECT, related_name="cases")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="cases")
    state = models.CharField(max_length=24, choices=CaseState.choices, default=CaseState.WHEREABOUTS_UNKNOWN)
    allocated_to = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="allocated_cases")
    primary_reason = models.PositiveSmallIntegerField("DfE primary reason", choices=REASON_CHOICES)
    start_date = models.DateField(help_text="The day the child was first known to be missing education")
    closed_on = models.DateField(null=True, blank=True)
    closure_reason = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "-id"]
        indexes = [models.Index(fields=["local_authority", "state"], name="case_la_state")]
        constraints = [
            models.UniqueConstraint(fields=["child"], condition=~Q(state="closed"),
                                    name="one_open_case_per_child"),
            models.CheckConstraint(name="closed_cases_have_a_date",
                                   condition=~Q(state="closed") | Q(closed_on__isnull=False)),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.child}"

    @property
    def reference(self) -> str:
        return f"CME{self.pk:06d}"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    def policy_scope(self) -> Scope:
        return Scope(self.local_authority_id)


class TimelineKind(models.TextChoices):
    OPENED = "opened", "Case opened"
    REFERRAL = "referral", "Referral"
    SCHOOL_RETURN = "school-return", "School return"
    NOTE = "note", "Note"
    ALLOCATED = "allocated", "Allocated"
    FOUND_ON_ROLL = "found-on-roll", "Found on a school roll"
    CLOSED = "closed", "Case closed"


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class TimelineEntry(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="timeline")
    occurred_at = models.DateTimeField()
    kind = models.CharField(max_length=20, choices=TimelineKind.choices)
    text = models.TextField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                           related_name="+")
    # What the entry is about, when it links to another record (a referral, a return).
    link_url = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name_plural = "timeline entries"

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:60]}"

    def policy_scope(self) -> Scope:
        return Scope(self.case.local_authority_id)


class TaskKind(models.TextChoices):
    AWAIT_NEW_PUPIL_RETURN = "await-new-pupil-return", "Check the pupil reached their new school"
    CHECK_PROVISION = "check-provision", "Check full-time provision from the sixth day of exclusion"
    SECTION_19 = "section-19", "Consider arranging education under section 19"
    JOINT_ENQUIRIES = "joint-enquiries", "Check the joint reasonable enquiries were made"
    FOUND_ON_ROLL = "found-on-roll", "Confirm a child found on a school roll"


class TaskStatus(models.TextChoices):
    OPEN = "open", "To do"
    DONE = "done", "Done"


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Task(models.Model):
    """Something an officer must do by a date, raised by the service from a rule."""

    local_authority = models.ForeignKey(LocalAuthority, on_delete=models.PROTECT, related_name="tasks")
    kind = models.CharField(max_length=32, choices=TaskKind.choices)
    title = models.CharField(max_length=200)
    detail = models.TextField(blank=True)
    due_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=8, choices=TaskStatus.choices, default=TaskStatus.OPEN)
    child = models.ForeignKey(Child, on_delete=models.PROTECT, null=True, blank=True, related_name="tasks")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, null=True, blank=True, related_name="tasks")
    deletion_return = models.ForeignKey("schools.DeletionReturn", on_delete=models.PROTECT, null=True, blank=True,
                                        related_name="tasks")
    new_pupil_return = models.ForeignKey("schools.NewPupilReturn", on_delete=models.PROTECT, null=True, blank=True,
                                         related_name="tasks")
    created_at = models.DateTimeField(auto_now_add=True)
    done_at = models.DateTimeField(null=True, blank=True)
    done_note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["local_authority", "status", "due_on"], name="task_due")]

    def __str__(self) -> str:
        return self.title

    def policy_scope(self) -> Scope:
        return Scope(self.local_authority_id)


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class EheRecord(models.Model):
    """A notice that a child is to be educated at home, for the EHE team."""

    local_authority = models.ForeignKey(LocalAuthority, on_delete=models.PROTECT, related_name="ehe_records")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="ehe_records")
    notified_on = models.DateField()
    source = models.CharField(max_length=200)
    deletion_return = models.ForeignKey("schools.DeletionReturn", on_delete=models.PROTECT, null=True, blank=True,
                                        related_name="ehe_records")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-notified_on"]

    def __str__(self) -> str:
        return f"EHE notice for {self.child} on {self.notified_on}"

    def policy_scope(self) -> Scope:
        return Scope(self.local_authority_id)


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class LaNotification(models.Model):
    """Telling another LA's CME team that a child has moved into its area."""

    from_la = models.ForeignKey(LocalAuthority, on_delete=models.PROTECT, related_name="notifications_sent")
    to_la = models.ForeignKey(LocalAuthority, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="notifications_received")
    to_la_code = models.CharField(max_length=3)
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="la_notifications")
    summary = models.TextField()
    deletion_return = models.ForeignKey("schools.DeletionReturn", on_delete=models.PROTECT, null=True, blank=True,
                                        related_name="la_notifications")
    sent_to_email = models.EmailField(blank=True)
    sent_at = models.DateTimeField(auto_now_add=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-sent_at"]

    def __str__(self) -> str:
        return f"Notification to LA {self.to_la_code} about {self.child}"

    def policy_scope(self) -> Scope:
        return Scope(self.from_la_id)
