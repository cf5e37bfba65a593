"""Casework: a CME case (episode) from the first report until the child is safely in
education, and everything an officer records on it: the reasonable enquiries and each
action taken, home visits, the child's needs, the provision found, attendance while
monitoring, police and social care referrals, documents, tasks with their clocks, and
one chronology (the timeline). The lifecycle rules are in `cme.rules.case_lifecycle`;
only `cme.cases.services` writes these tables."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from cme.accounts.models import CouncilRecord, LocalAuthority
from cme.accounts.policy import Scope
from cme.children.models import Child
from cme.core.choices import ChoiceLabels
from cme.core.history import Versioned, tracked
from cme.referrals.models import IndicatorAnswer
from cme.rules import case_lifecycle
from cme.rules.case_lifecycle import EnquiryKind, Outcome, State
from cme.rules.dfe_return import PRIMARY_REASONS
from cme.rules.escalation import Agency

REASON_CHOICES = [(reason.code, reason.label) for reason in PRIMARY_REASONS]


class CaseState(models.TextChoices):
    RECEIVED = State.RECEIVED.value, State.RECEIVED.label
    MAKING_ENQUIRIES = State.MAKING_ENQUIRIES.value, State.MAKING_ENQUIRIES.label
    LOCATED = State.LOCATED.value, State.LOCATED.label
    ARRANGING_PLACEMENT = State.ARRANGING_PLACEMENT.value, State.ARRANGING_PLACEMENT.label
    MONITORING = State.MONITORING.value, State.MONITORING.label
    CLOSED = State.CLOSED.value, State.CLOSED.label


OPEN_STATES = tuple(state.value for state in case_lifecycle.OPEN_STATES)


class CaseSource(models.TextChoices):
    REFERRAL = "referral", "Referral"
    SCHOOL_RETURN = "school-return", "School return"
    TRANSFER_FILE = "transfer-file", "Common Transfer File"
    DATA_MATCHING = "data-matching", "Data matching"
    OTHER_LA = "other-la", "Another council"
    OFFICER = "officer", "Opened by an officer"


class RiskLevel(models.TextChoices):
    HIGH = "high", "High"
    MEDIUM = "medium", "Medium"
    LOW = "low", "Low"
    NONE = "none", "None known"


OUTCOME_CHOICES = [(outcome.value, outcome.label) for outcome in Outcome]


class CaseQuerySet(models.QuerySet):
    def open(self) -> CaseQuerySet:
        return self.exclude(state=CaseState.CLOSED)

    def open_for(self, child: Child | int) -> Case | None:
        """The child's open case (a child has at most one), or None."""
        child_id = child if isinstance(child, int) else child.pk
        return self.open().filter(child_id=child_id).first()


@tracked()
class Case(ChoiceLabels, CouncilRecord, Versioned):
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="cases")
    state = models.CharField(max_length=24, choices=CaseState.choices, default=CaseState.RECEIVED)
    whereabouts_known = models.BooleanField(default=False)
    source = models.CharField(max_length=16, choices=CaseSource.choices, default=CaseSource.OFFICER)
    allocated_to = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="allocated_cases")
    primary_reason = models.PositiveSmallIntegerField("DfE primary reason", choices=REASON_CHOICES)
    start_date = models.DateField(help_text="The day the child was first known to be missing education")
    risk_level = models.CharField(max_length=8, choices=RiskLevel.choices, default=RiskLevel.NONE)
    risk_reasons = models.JSONField(default=list, blank=True)  # why, in words; worked out by the services
    closed_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=32, choices=OUTCOME_CHOICES, blank=True)
    outcome_evidence = models.TextField(blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+")

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "-id"]
        indexes = [models.Index(fields=["local_authority", "state"], name="case_la_state"),
                   models.Index(fields=["local_authority", "allocated_to", "state"], name="case_officer_state")]
        constraints = [
            models.UniqueConstraint(fields=["child"], condition=~Q(state="closed"), name="one_open_case_per_child"),
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
        return self.state != CaseState.CLOSED

    @property
    def lifecycle_state(self) -> State:
        return State(self.state)


@tracked()
class CasePeriod(models.Model):
    """One stretch of time the child was missing education on this case: from the start date
    (or the day it was reopened) to the day it closed. The DfE return counts periods."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="periods")
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["started_on", "id"]
        # Reports count the episodes that overlap a period: those still open, or ended since it began.
        indexes = [models.Index(fields=["ended_on"], name="episode_ended_on"),
                   models.Index(fields=["started_on"], name="episode_started_on")]

    def __str__(self) -> str:
        return f"{self.started_on} to {self.ended_on or 'now'}"

    def policy_scope(self) -> Scope:
        return Scope(self.case.local_authority_id)


class TimelineKind(models.TextChoices):
    OPENED = "opened", "Case opened"
    REFERRAL = "referral", "Referral"
    SCHOOL_RETURN = "school-return", "School return"
    NOTE = "note", "Note"
    ALLOCATED = "allocated", "Allocated"
    FOUND_ON_ROLL = "found-on-roll", "Found on a school roll"
    STATE = "state", "Progress"
    WHEREABOUTS = "whereabouts", "Whereabouts"
    REASON = "reason", "Reason changed"
    ENQUIRY = "enquiry", "Enquiry"
    VISIT = "visit", "Home visit"
    NEEDS = "needs", "Needs"
    PLACEMENT = "placement", "Provision"
    ATTENDANCE = "attendance", "Attendance"
    ESCALATION = "escalation", "Escalation"
    RISK = "risk", "Risk"
    DOCUMENT = "document", "Document"
    TASK = "task", "Task"
    CLOSED = "closed", "Case closed"
    REOPENED = "reopened", "Case reopened"


class Subject(models.TextChoices):
    """What a timeline entry is about; its link is worked out when the page is shown."""

    REFERRAL = "referral", "Referral"
    DELETION_RETURN = "deletion-return", "Deletion return"
    NEW_PUPIL_RETURN = "new-pupil-return", "New-pupil return"
    CHILD = "child", "Child's record"
    ACTION = "action", "Enquiry"
    VISIT = "visit", "Home visit"
    PLACEMENT = "placement", "Provision"
    ATTENDANCE = "attendance", "Attendance check"
    ESCALATION = "escalation", "Referral to another service"
    DOCUMENT = "document", "Document"
    TASK = "task", "Task"


@tracked()
class TimelineEntry(ChoiceLabels, models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="timeline")
    occurred_at = models.DateTimeField()
    kind = models.CharField(max_length=20, choices=TimelineKind.choices)
    text = models.TextField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                           related_name="+")
    subject_type = models.CharField(max_length=20, choices=Subject.choices, blank=True)
    subject_id = models.BigIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name_plural = "timeline entries"
        indexes = [models.Index(fields=["case", "-occurred_at"], name="timeline_by_case")]

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
    NEXT_CHECK = "next-check", "Make the next enquiry"
    HOME_VISIT = "home-visit", "Visit the home"
    REVIEW = "review", "Review the case"
    MONITORING = "monitoring", "Check attendance with the school"
    ESCALATION_OUTCOME = "escalation-outcome", "Find out the outcome of a referral"
    OTHER = "other", "Other"


class TaskStatus(models.TextChoices):
    OPEN = "open", "To do"
    DONE = "done", "Done"


@tracked()
class Task(ChoiceLabels, CouncilRecord, Versioned):
    """Something an officer must do by a date: raised by the service from a rule or derived from
    the case, or added by an officer."""

    kind = models.CharField(max_length=32, choices=TaskKind.choices)
    title = models.CharField(max_length=200)
    detail = models.TextField(blank=True)
    due_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=8, choices=TaskStatus.choices, default=TaskStatus.OPEN)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="tasks")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, null=True, blank=True, related_name="tasks")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, null=True, blank=True, related_name="tasks")
    deletion_return = models.ForeignKey("schools.DeletionReturn", on_delete=models.PROTECT, null=True, blank=True,
                                        related_name="tasks")
    new_pupil_return = models.ForeignKey("schools.NewPupilReturn", on_delete=models.PROTECT, null=True, blank=True,
                                         related_name="tasks")
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="+")
    done_note = models.CharField("outcome", max_length=300, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["local_authority", "status", "due_on"], name="task_due"),
                   models.Index(fields=["owner", "status", "due_on"], name="task_owner_due")]

    def __str__(self) -> str:
        return self.title


class EnquiryStatus(models.TextChoices):
    TO_DO = "to-do", "To do"
    DONE = "done", "Done"
    NOT_POSSIBLE = "not-possible", "Not possible or not needed"


ENQUIRY_KIND_CHOICES = [(kind.value, kind.label) for kind in EnquiryKind]


@tracked()
class Enquiry(ChoiceLabels, models.Model):
    """One reasonable enquiry on the case's checklist (school records, a contact number, the
    police...). Its actions record each attempt and the answers."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="enquiries")
    kind = models.CharField(max_length=24, choices=ENQUIRY_KIND_CHOICES)
    about = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=14, choices=EnquiryStatus.choices, default=EnquiryStatus.TO_DO)
    result = models.TextField(blank=True)
    done_on = models.DateField(null=True, blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="+")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name_plural = "enquiries"
        constraints = [models.UniqueConstraint(fields=["case", "kind", "about"], name="enquiry_once_per_case")]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return f"{self.get_kind_display()}: {self.about}" if self.about else self.get_kind_display()

    def policy_scope(self) -> Scope:
        return Scope(self.case.local_authority_id)


class ActionMethod(models.TextChoices):
    PHONE = "phone", "Phone call"
    EMAIL = "email", "Email"
    LETTER = "letter", "Letter"
    IN_PERSON = "in-person", "In person"
    RECORDS = "records", "Records or database search"
    SECURE_MESSAGE = "secure-message", "Secure message"
    MEETING = "meeting", "Meeting"


class ActionOutcome(models.TextChoices):
    SPOKE_TO_PARENT = "spoke-to-parent", "Spoke to a parent or carer"
    SPOKE_TO_CHILD = "spoke-to-child", "Spoke to the child"
    SPOKE_TO_SOMEONE_ELSE = "spoke-to-someone-else", "Spoke to someone else"
    KNOWN = "known", "They know the child or family"
    NOT_KNOWN = "not-known", "They do not know the child or family"
    NO_ANSWER = "no-answer", "No answer"
    LEFT_MESSAGE = "left-message", "Left a message"
    NUMBER_UNOBTAINABLE = "number-unobtainable", "Number unobtainable"
    WAITING = "waiting", "Asked; waiting for an answer"
    LETTER_SENT = "letter-sent", "Letter sent"
    RETURNED = "returned", "Returned or undelivered"
    OTHER = "other", "Something else (say in the answer)"


# An action with one of these outcomes answers its enquiry.
CONCLUSIVE_OUTCOMES = frozenset({ActionOutcome.SPOKE_TO_PARENT, ActionOutcome.SPOKE_TO_CHILD,
                                 ActionOutcome.SPOKE_TO_SOMEONE_ELSE, ActionOutcome.KNOWN, ActionOutcome.NOT_KNOWN,
                                 ActionOutcome.LETTER_SENT, ActionOutcome.NUMBER_UNOBTAINABLE,
                                 ActionOutcome.RETURNED})


@tracked()
class CaseAction(models.Model):
    """Who asked whom, when, how, and what they were told: a phone call, a letter, a check."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="actions")
    enquiry = models.ForeignKey(Enquiry, on_delete=models.SET_NULL, null=True, blank=True, related_name="actions")
    occurred_at = models.DateTimeField()
    method = models.CharField(max_length=16, choices=ActionMethod.choices)
    whom = models.CharField("who was asked", max_length=200)
    outcome = models.CharField(max_length=24, choices=ActionOutcome.choices)
    answer = models.TextField(blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-occurred_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_method_display()} to {self.whom}: {self.get_outcome_display()}"

    def policy_scope(self) -> Scope:
        return Scope(self.case.local_authority_id)


class Occupied(models.TextChoices):
    YES = "yes", "Yes, it looked lived in"
    NO = "no", "No, it looked empty"
    UNCLEAR = "unclear", "Could not tell"


@tracked()
class HomeVisit(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="visits")
    visited_at = models.DateTimeField()
    visitors = models.CharField("who went", max_length=200)
    address = models.CharField(max_length=300)
    seen = models.CharField("who was seen", max_length=300)
    occupied = models.CharField("signs of occupation", max_length=8, choices=Occupied.choices)
    neighbours = models.TextField("what neighbours said", blank=True)
    notes = models.TextField(blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-visited_at", "-id"]

    def __str__(self) -> str:
        return f"Home visit on {self.visited_at:%Y-%m-%d}"

    def policy_scope(self) -> Scope:
        return Scope(self.case.local_authority_id)


@tracked()
class CaseNeeds(Versioned):
    """What the child needs, as the officer has determined it."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="needs")
    sen = models.TextField("special educational needs or disability", blank=True)
    health = models.TextField("health needs", blank=True)
    first_language = models.CharField(max_length=80, blank=True)
    interpreter_needed = models.BooleanField(null=True)
    safeguarding = models.TextField("safeguarding concerns", blank=True)
    other = models.TextField("anything else the child needs", blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    def policy_scope(self) -> Scope:
        return Scope(self.case.local_authority_id)


class PlacementKind(models.TextChoices):
    IN_YEAR_ADMISSION = "in-year-admission", "In-year admission to a school"
    ALTERNATIVE_PROVISION = "alternative-provision", "Alternative provision"
    SECTION_19 = "section-19", "Education arranged under section 19"
    ELECTIVE_HOME_EDUCATION = "ehe", "Elective home education"


class PlacementStatus(models.TextChoices):
    APPLIED = "applied", "Applied"
    OFFERED = "offered", "Offered"
    ACCEPTED = "accepted", "Accepted"
    STARTED = "started", "Started"
    REFUSED = "refused", "Refused or not offered"
    WITHDRAWN = "withdrawn", "Withdrawn"
    ENDED = "ended", "Ended"


ARRANGING_STATUSES = (PlacementStatus.APPLIED, PlacementStatus.OFFERED, PlacementStatus.ACCEPTED)


@tracked()
class Placement(ChoiceLabels, Versioned):
    """The provision found for the child: an application, an offer, a start date."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="placements")
    kind = models.CharField(max_length=24, choices=PlacementKind.choices)
    school = models.ForeignKey("schools.School", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    provider_name = models.CharField("school or provider", max_length=200, blank=True)
    status = models.CharField(max_length=12, choices=PlacementStatus.choices)
    applied_on = models.DateField(null=True, blank=True)
    offered_on = models.DateField(null=True, blank=True)
    start_date = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                           related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    @property
    def where(self) -> str:
        return self.school.name if self.school_id else (self.provider_name or self.get_kind_display())

    def policy_scope(self) -> Scope:
        return Scope(self.case.local_authority_id)


class Attending(models.TextChoices):
    FULL = "full", "Attending fully"
    PARTLY = "partly", "Attending some of the time"
    NOT = "not", "Not attending"


@tracked()
class AttendanceCheck(ChoiceLabels, models.Model):
    """A check-in with the school (or provider) once the child has started."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attendance_checks")
    placement = models.ForeignKey(Placement, on_delete=models.PROTECT, related_name="attendance_checks")
    checked_on = models.DateField()
    attending = models.CharField(max_length=8, choices=Attending.choices)
    percent = models.PositiveSmallIntegerField("attendance (%)", null=True, blank=True)
    told_by = models.CharField("who said so", max_length=200)
    note = models.TextField(blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-checked_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_attending_display()} on {self.checked_on}"

    def policy_scope(self) -> Scope:
        return Scope(self.case.local_authority_id)


class EscalationAgency(models.TextChoices):
    POLICE = Agency.POLICE.value, "Police"
    SOCIAL_CARE = Agency.SOCIAL_CARE.value, "Children's social care (MASH)"


@tracked()
class Escalation(ChoiceLabels, Versioned):
    """A referral the officer made to the police or children's social care, and what came of it."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="escalations")
    agency = models.CharField(max_length=16, choices=EscalationAgency.choices)
    made_on = models.DateField()
    reference = models.CharField("their reference", max_length=60, blank=True)
    reason = models.TextField()
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    outcome = models.TextField(blank=True)
    outcome_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-made_on", "-id"]

    def policy_scope(self) -> Scope:
        return Scope(self.case.local_authority_id)


@tracked()
class CaseIndicator(IndicatorAnswer):
    """One of the 20 risk indicators, as it stands for this case (first from the referral)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="indicators")

    class Meta(IndicatorAnswer.Meta):
        constraints = [models.UniqueConstraint(fields=["case", "number"], name="case_indicator_once")]


@tracked()
class CaseEscalationAnswer(models.Model):
    """The answer to one police or social care question (seed §5 and §6) for this case."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="escalation_answers")
    question = models.CharField(max_length=40)
    answer = models.BooleanField(null=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "question"], name="case_escalation_answer_once")]

    def __str__(self) -> str:
        return f"{self.question}: {self.answer}"


@tracked()
class CaseDocument(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(upload_to="cases/%Y/%m/")
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    description = models.CharField(max_length=200, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at", "-id"]

    def __str__(self) -> str:
        return self.original_name

    def policy_scope(self) -> Scope:
        return Scope(self.case.local_authority_id)


@tracked()
class EheRecord(CouncilRecord):
    """A notice that a child is to be educated at home, for the EHE team."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="ehe_records")
    notified_on = models.DateField()
    source = models.CharField(max_length=200)
    deletion_return = models.ForeignKey("schools.DeletionReturn", on_delete=models.PROTECT, null=True, blank=True,
                                        related_name="ehe_records")

    class Meta:
        ordering = ["-notified_on"]

    def __str__(self) -> str:
        return f"EHE notice for {self.child} on {self.notified_on}"


@tracked()
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
