"""Referrals: someone tells the LA about a child who may be missing education.

The referrer's answers are kept as one JSON document (`answers`, shaped as in
`cme.referrals.answers`), saved after every page so a draft can be resumed and
nothing typed is lost. The fields the triage queue sorts, filters and matches on are
copied into columns when the answers are saved.
"""

from __future__ import annotations

import secrets

import pghistory
from django.conf import settings
from django.db import models

from cme.accounts.models import Agency, CouncilRecord, LocalAuthority
from cme.accounts.policy import Scope
from cme.core.history import Versioned
from cme.schools.models import School

REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L: easy to read out on the phone


def new_reference() -> str:
    code = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"{code[:4]}-{code[4:]}"


class Kind(models.TextChoices):
    PROFESSIONAL = "professional", "Professional"
    PUBLIC = "public", "Member of the public"


class Source(models.TextChoices):
    SCHOOL = "school", "School"
    AGENCY = "agency", "Partner agency"
    LOCAL_AUTHORITY = "local-authority", "Local authority staff"
    PUBLIC = "public", "Member of the public"
    API = "api", "Partner system (API)"
    EMAIL = "email", "Emailed Word form"


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Waiting for triage"
    ACCEPTED = "accepted", "Accepted"
    REDIRECTED = "redirected", "Redirected"
    REJECTED = "rejected", "Not accepted"


class Decision(models.TextChoices):
    ACCEPT = "accept", "Accept"
    REDIRECT = "redirect", "Redirect"
    REJECT = "reject", "Reject"


class RedirectKind(models.TextChoices):
    ATTENDANCE_SERVICE = "attendance-service", "On a school roll: to the school and the attendance service"
    EHE_TEAM = "ehe-team", "Electively home educated: to the EHE team"
    ALTERNATIVE_PROVISION = "alternative-provision", "In alternative provision"
    OTHER_LA = "other-la", "Lives in another local authority"
    EARLY_YEARS = "early-years", "Below compulsory school age"
    POST_16 = "post-16", "Above compulsory school age"


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Referral(CouncilRecord, Versioned):
    # The council's referrals are reached from it (`la.referrals`), so the base's field is named again here.
    local_authority = models.ForeignKey(LocalAuthority, on_delete=models.PROTECT, related_name="referrals")
    reference = models.CharField(max_length=9, unique=True, default=new_reference)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    source = models.CharField(max_length=16, choices=Source.choices)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    answers = models.JSONField(default=dict)
    sections_done = models.JSONField(default=list)  # journey sections answered without errors
    # Copied from the answers on every save, for the queue and for matching.
    child_first_name = models.CharField(max_length=100, blank=True)
    child_last_name = models.CharField(max_length=100, blank=True)
    child_dob = models.DateField(null=True, blank=True)
    child_postcode = models.CharField(max_length=8, blank=True)
    child_upn = models.CharField(max_length=13, blank=True)
    # The child's school and the day they last attended, as the referrer says.
    child_school = models.ForeignKey(School, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    child_school_name = models.CharField(max_length=200, blank=True)
    date_last_attended = models.DateField(null=True, blank=True)
    risk_level = models.CharField(max_length=8, blank=True)
    risk_score = models.PositiveSmallIntegerField(default=0)
    # Who referred.
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="referrals")
    school = models.ForeignKey(School, on_delete=models.PROTECT, null=True, blank=True, related_name="referrals")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="referrals")
    referrer_email = models.EmailField(blank=True)  # where to send the reference and the outcome
    public_session_key = models.CharField(max_length=64, blank=True)  # ties a public draft to its browser
    docx_unread = models.JSONField(default=list, blank=True)  # fields an imported Word form did not give
    # Triage.
    triage_checks = models.JSONField(default=dict, blank=True)
    decision = models.CharField(max_length=10, choices=Decision.choices, blank=True)
    redirect_kind = models.CharField(max_length=24, choices=RedirectKind.choices, blank=True)
    redirect_la = models.ForeignKey(LocalAuthority, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="redirected_referrals")
    redirect_la_name = models.CharField(max_length=120, blank=True)  # when the other LA is not on this service
    decision_note = models.TextField(blank=True)
    outcome_message = models.TextField(blank=True)  # what the referrer is told
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    child = models.ForeignKey("children.Child", on_delete=models.PROTECT, null=True, blank=True,
                              related_name="referrals")
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, null=True, blank=True, related_name="referrals")
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-submitted_at", "-created_at"]
        indexes = [
            models.Index(fields=["local_authority", "status", "submitted_at"], name="referral_queue"),
            models.Index(fields=["created_by", "status"], name="referral_by_user"),
        ]

    def __str__(self) -> str:
        return f"Referral {self.reference}"

    def policy_scope(self) -> Scope:
        return Scope(self.local_authority_id, school_id=self.school_id, agency_id=self.agency_id)

    @property
    def child_name(self) -> str:
        name = " ".join(part for part in (self.child_first_name, self.child_last_name) if part)
        return name or "Name not given"

    @property
    def is_draft(self) -> bool:
        return self.status == Status.DRAFT


class Attachment(models.Model):
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="referrals/%Y/%m/")
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.original_name

    def policy_scope(self) -> Scope:
        return self.referral.policy_scope()


class IndicatorAnswer(models.Model):
    """One of the 20 risk indicators (`rules.risk`) answered yes or no, now or in the past:
    as a referrer answered it, and as it stands for a case."""

    number = models.PositiveSmallIntegerField()
    answer = models.CharField(max_length=3)  # yes / no
    timing = models.CharField(max_length=8, blank=True)  # current / historic

    class Meta:
        abstract = True
        ordering = ["number"]

    def __str__(self) -> str:
        return f"Indicator {self.number}: {self.answer} {self.timing}".strip()


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class ReferralIndicator(IndicatorAnswer):
    """One of the 20 risk indicators as the referrer answered it (kept in step with the answers)."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="indicators")

    class Meta(IndicatorAnswer.Meta):
        constraints = [models.UniqueConstraint(fields=["referral", "number"], name="referral_indicator_once")]


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class ReferralEscalationAnswer(models.Model):
    """The triage officer's answer to one police or social care question (seed §5 and §6)."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="escalation_answers")
    question = models.CharField(max_length=40)
    answer = models.BooleanField(null=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["referral", "question"],
                                               name="referral_escalation_answer_once")]

    def __str__(self) -> str:
        return f"{self.question}: {self.answer}"
