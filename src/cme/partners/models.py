"""Working with partners: checks sent from a case to a partner agency, enquiries and transfers
between councils, secure links for people without an account, and every message sent.
Only `cme.partners.services` writes these tables; what they change on a case (timeline,
tasks, closure) goes through `cme.cases.services`."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models

from cme.accounts.models import Agency, Council, CouncilRecord, LocalAuthority
from cme.accounts.policy import Scope
from cme.cases.models import Case, Task
from cme.core.history import Versioned, tracked


class CheckStatus(models.TextChoices):
    SENT = "sent", "Waiting for an answer"
    ANSWERED = "answered", "Answered"
    WITHDRAWN = "withdrawn", "Withdrawn"


class SharedField(models.TextChoices):
    """What an agency may be told about the child: only what it needs to search its records."""

    NAME = "name", "Name and other names"
    DATE_OF_BIRTH = "date_of_birth", "Date of birth"
    ADDRESS = "address", "Last known address"
    UPN = "upn", "Unique pupil number"
    CARERS = "carers", "Parents and carers' names"


@tracked()
class AgencyCheck(CouncilRecord, Versioned):
    """A question about a child sent from a case to a partner agency (or a named team in it)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="agency_checks")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="checks")
    team = models.CharField("team", max_length=160, blank=True)
    question = models.TextField("what you are asking")
    shared = models.JSONField(default=dict, help_text="The details of the child the agency is shown")
    due_on = models.DateField()
    status = models.CharField(max_length=10, choices=CheckStatus.choices, default=CheckStatus.SENT)
    by_email_to = models.EmailField(blank=True, help_text="Sent by email with a secure link, for agencies without accounts")
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField()
    task = models.ForeignKey(Task, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    known = models.BooleanField("known to the agency", null=True)
    last_contact = models.DateField(null=True, blank=True)
    address_held = models.TextField(blank=True)
    worker_name = models.CharField("worker's name", max_length=160, blank=True)
    answer = models.TextField(blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    answered_by_name = models.CharField(max_length=160, blank=True)
    reminded_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["agency", "status", "due_on"], name="check_agency_queue")]

    def __str__(self) -> str:
        return f"Check {self.reference} to {self.agency}"

    @property
    def reference(self) -> str:
        return f"CHK{self.pk:06d}"

    def policy_scope(self) -> Scope:
        return Scope(self.local_authority_id, agency_id=self.agency_id)


class EnquiryStatus(models.TextChoices):
    SENT = "sent", "Sent"
    ACKNOWLEDGED = "acknowledged", "Acknowledged"
    FOUND = "found", "Child found there"
    NOT_KNOWN = "not-known", "Not known there"
    ACCEPTED = "accepted", "Accepted: they have taken the case"
    REJECTED = "rejected", "Rejected"
    WITHDRAWN = "withdrawn", "Withdrawn"


# What the receiving council may answer, in its words.
# What an officer answering an enquiry chooses when none of their records is the child.
NOT_KNOWN_HERE = "none"

ANSWERS_ALLOWED = {
    EnquiryStatus.ACKNOWLEDGED: "We have received it and are looking",
    EnquiryStatus.FOUND: "We have found the child here",
    EnquiryStatus.NOT_KNOWN: "The child is not known here",
    EnquiryStatus.ACCEPTED: "We accept the case: the child lives here and we will open our own case",
    EnquiryStatus.REJECTED: "We do not accept the case (give the reason)",
}

FINAL_STATUSES = (EnquiryStatus.ACCEPTED, EnquiryStatus.REJECTED, EnquiryStatus.WITHDRAWN, EnquiryStatus.NOT_KNOWN)


@tracked()
class CouncilEnquiry(Versioned):
    """"Believed moved to another council": an enquiry to that council's CME team, which may end
    in a transfer (they accept and open their own case). From a case, or from triage."""

    from_la = models.ForeignKey(LocalAuthority, on_delete=models.PROTECT, related_name="enquiries_sent")
    from_case = models.ForeignKey(Case, on_delete=models.PROTECT, null=True, blank=True, related_name="enquiries_out")
    from_referral = models.CharField("referral", max_length=20, blank=True)
    to_council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="enquiries")
    to_la = models.ForeignKey(LocalAuthority, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="enquiries_received")
    child = models.JSONField(default=dict, help_text="What the other council needs to trace the child")
    questions = models.TextField("what you are asking")
    status = models.CharField(max_length=14, choices=EnquiryStatus.choices, default=EnquiryStatus.SENT)
    answer = models.TextField(blank=True)
    by_email_to = models.EmailField(blank=True)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField()
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    answered_by_name = models.CharField(max_length=160, blank=True)
    receiving_case = models.ForeignKey(Case, on_delete=models.PROTECT, null=True, blank=True,
                                       related_name="enquiries_in")

    class Meta:
        ordering = ["-sent_at", "-id"]
        verbose_name_plural = "council enquiries"

    def __str__(self) -> str:
        return f"Enquiry {self.reference} to {self.to_council}"

    @property
    def reference(self) -> str:
        return f"LAE{self.pk:06d}"

    @property
    def is_final(self) -> bool:
        return self.status in FINAL_STATUSES

    @property
    def child_name(self) -> str:
        return self.child.get("Name") or "the child"

    @property
    def child_date_of_birth(self) -> dt.date | None:
        """The date of birth the sender shared (as `child_details` wrote it), if any."""
        try:
            return dt.datetime.strptime(self.child.get("Date of birth", ""), "%d %B %Y").date()
        except ValueError:
            return None

    def policy_scope(self) -> Scope:
        return Scope(self.from_la_id)


class LinkPurpose(models.TextChoices):
    AGENCY_CHECK = "agency-check", "Answer a check"
    COUNCIL_ENQUIRY = "council-enquiry", "Answer an enquiry from another council"


class SecureLink(models.Model):
    """A signed, single-use, expiring link to one answer form, for someone without an account.
    Only a hash of its secret is kept."""

    token_hash = models.CharField(max_length=64, unique=True)
    purpose = models.CharField(max_length=16, choices=LinkPurpose.choices)
    agency_check = models.ForeignKey(AgencyCheck, on_delete=models.CASCADE, null=True, blank=True, related_name="links")
    council_enquiry = models.ForeignKey(CouncilEnquiry, on_delete=models.CASCADE, null=True, blank=True,
                                        related_name="links")
    sent_to = models.EmailField()
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Secure link to {self.sent_to} ({self.get_purpose_display()})"


class MessageStatus(models.TextChoices):
    SENT = "sent", "Sent"
    FAILED = "failed", "Not sent"


class Message(models.Model):
    """Every message the service sends about a case, a check or an enquiry, and whether it went."""

    local_authority = models.ForeignKey(LocalAuthority, on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, null=True, blank=True, related_name="messages")
    to = models.EmailField()
    subject = models.CharField(max_length=200)
    body = models.TextField()
    backend = models.CharField(max_length=10)
    status = models.CharField(max_length=8, choices=MessageStatus.choices)
    problem = models.CharField(max_length=300, blank=True)
    provider_id = models.CharField(max_length=80, blank=True)
    at = models.DateTimeField()

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.subject} to {self.to}: {self.get_status_display()}"


@tracked()
class Panel(CouncilRecord):
    """A multi-agency panel meeting: who chaired and attended, the cases discussed, a decision
    and actions for each."""

    meets_on = models.DateField("date of the meeting")
    title = models.CharField(max_length=160, default="Multi-agency CME panel")
    chair = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-meets_on", "-id"]

    def __str__(self) -> str:
        return f"{self.title}, {self.meets_on:%-d %B %Y}"


@tracked()
class PanelAttendee(models.Model):
    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="attendees")
    name = models.CharField(max_length=160)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    role = models.CharField("role or organisation", max_length=160, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


@tracked()
class PanelCase(models.Model):
    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="items")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="panel_items")
    decision = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["panel", "case"], name="panel_case_once")]

    def __str__(self) -> str:
        return f"{self.case.reference} at {self.panel}"


@tracked()
class PanelAction(models.Model):
    """An action agreed for a case: a task for an officer, or a check in an agency's queue."""

    item = models.ForeignKey(PanelCase, on_delete=models.CASCADE, related_name="actions")
    text = models.TextField()
    due_on = models.DateField()
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="+")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    task = models.ForeignKey(Task, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    agency_check = models.ForeignKey(AgencyCheck, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+")

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.text[:60]


class CtfKind(models.TextChoices):
    LOST_RECEIVED = "lost-received", "Lost-pupil CTF (XXX) received from a school"
    LOST_UPLOADED = "lost-uploaded", "Lost-pupil CTF (XXX) uploaded to the Lost Pupil Database"
    LPD_SEARCHED = "lpd-searched", "Lost Pupil Database searched"
    PICKED_UP = "picked-up", "CTF picked up from the Lost Pupil Database by a school or council"
    SENT_ON = "sent-on", "CTF sent on to the new school or council"
    ABROAD = "abroad", "CTF to abroad or outside the maintained sector (MMM)"


LOST_PUPIL_KINDS = (CtfKind.LOST_RECEIVED, CtfKind.LOST_UPLOADED)


@tracked()
class CtfEvent(models.Model):
    """One step in a child's trail of Common Transfer Files (DfE's S2S and the Lost Pupil
    Database): which file, from or to whom, when."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="ctf_events")
    kind = models.CharField(max_length=16, choices=CtfKind.choices)
    on = models.DateField("date")
    other_party = models.CharField("school or council (LAESTAB or name)", max_length=200, blank=True)
    note = models.TextField(blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                           help_text="Empty when the service recorded it from a file a school sent")
    from_file = models.CharField("imported from", max_length=200, blank=True,
                                 help_text="The CTF a school sent, when the step was read from it")
    at = models.DateTimeField()

    class Meta:
        ordering = ["on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.on}"

    def policy_scope(self) -> Scope:
        return Scope(self.case.local_authority_id)


DOCUMENTS_MAX = 10  # documents with one answer


@tracked()
class CheckDocument(models.Model):
    """A document an agency sent with its answer (a PDF, Word document or image)."""

    check_answered = models.ForeignKey(AgencyCheck, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(upload_to="partners/%Y/%m/")
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    uploaded_by_name = models.CharField(max_length=160, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.original_name

    def policy_scope(self) -> Scope:
        return Scope(self.check_answered.local_authority_id, agency_id=self.check_answered.agency_id)
