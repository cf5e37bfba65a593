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
