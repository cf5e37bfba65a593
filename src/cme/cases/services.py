"""Writing casework: the only place cases, their periods, enquiries and actions, visits,
needs, provision, attendance, escalations, documents, tasks and timeline entries are
written. The rules (which moves, which outcomes, which enquiries) are in
`cme.rules.case_lifecycle`; each service asks them, then writes, then notes it on the
timeline, refreshes the case's risk and derived tasks, all in one transaction.

Edits of what is already recorded carry the version the editor started from and are
refused if someone else saved in the meantime (`cme.core.history.StaleEdit`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from cme.accounts.models import LocalAuthority, User
from cme.accounts.policy import Action, can, require
from cme.accounts.roles import Role
from cme.children import services as children
from cme.children.models import Child
from cme.core import clock, rules_config
from cme.core.history import save_if_current
from cme.referrals import services as referrals
from cme.referrals.attachments import check_upload
from cme.referrals.models import Referral
from cme.rules import case_lifecycle, dfe_return, escalation
from cme.rules.case_lifecycle import Circumstances, EnquiryKind, Outcome, State
from cme.rules.risk_indicators import Answer, IndicatorAnswer, Timing
from cme.schools import services as schools
from cme.schools.calendars import add_school_days_or_calendar_days
from cme.schools.models import MatchStatus, NewPupilReturn

from . import selectors
from .models import (
    ARRANGING_STATUSES,
    CONCLUSIVE_OUTCOMES,
    AttendanceCheck,
    Case,
    CaseAction,
    CaseDocument,
    CaseEscalationAnswer,
    CaseIndicator,
    CaseNeeds,
    CasePeriod,
    CaseSource,
    CaseState,
    EheRecord,
    Enquiry,
    EnquiryStatus,
    Escalation,
    HomeVisit,
    Placement,
    PlacementKind,
    PlacementStatus,
    Subject,
    Task,
    TaskKind,
    TaskStatus,
    TimelineEntry,
    TimelineKind,
)

# -- the timeline ---------------------------------------------------------------------------


def timeline_add(*, case: Case, kind: TimelineKind, text: str, by: Any = None, subject: Any = None,
                 subject_type: Subject | None = None, at: dt.datetime | None = None) -> TimelineEntry:
    """An entry in the case's chronology. `subject` is the record it is about (its link is
    worked out when the timeline is shown); `subject_type` says which kind of record."""
    return TimelineEntry.objects.create(
        case=case, kind=kind, text=text, by=by if getattr(by, "is_authenticated", False) else None,
        subject_type=(subject_type or _subject_type(subject)) if subject is not None else "",
        subject_id=getattr(subject, "pk", None), occurred_at=at or clock.now())


def _subject_type(record: Any) -> Subject:
    types = {"Referral": Subject.REFERRAL, "DeletionReturn": Subject.DELETION_RETURN,
             "NewPupilReturn": Subject.NEW_PUPIL_RETURN, "Child": Subject.CHILD, "CaseAction": Subject.ACTION,
             "HomeVisit": Subject.VISIT, "Placement": Subject.PLACEMENT, "AttendanceCheck": Subject.ATTENDANCE,
             "Escalation": Subject.ESCALATION, "CaseDocument": Subject.DOCUMENT, "Task": Subject.TASK}
    return types[type(record).__name__]


def note_add(*, case: Case, officer: Any, text: str) -> TimelineEntry:
    require(officer, Action.EDIT_CASE, case)
    if not text.strip():
        raise ValidationError("Enter the note")
    return timeline_add(case=case, kind=TimelineKind.NOTE, text=text.strip(), by=officer)


# -- opening ---------------------------------------------------------------------------------

def _validate_opening(primary_reason: int, start_date: dt.date) -> None:
    if refusal := case_lifecycle.reason_refusal(primary_reason):
        raise ValidationError(refusal)
    if start_date > clock.today():
        raise ValidationError("The start date cannot be in the future")


def _created(case: Case, *, by: Any, summary: str, subject: Any = None) -> Case:
    """What every new case gets: its first period, the opening on the timeline, its enquiries,
    its risk and its tasks."""
    CasePeriod.objects.create(case=case, started_on=case.start_date)
    timeline_add(case=case, kind=TimelineKind.OPENED, by=by, subject=subject,
                 text=summary or f"Case opened: {dfe_return.REASONS_BY_CODE[case.primary_reason].label}")
    enquiries_generate(case)
    _refresh(case)
    return case


@transaction.atomic
def case_open(*, child: Child, opened_by: Any, primary_reason: int, start_date: dt.date,
              allocate_to_id: int | None = None, summary: str = "", source: CaseSource = CaseSource.OFFICER,
              state: State = State.MAKING_ENQUIRIES, subject: Any = None) -> Case:
    """An officer opens a case (from triage, data matching or by hand)."""
    require(opened_by, Action.EDIT_CASE, child)
    _validate_opening(primary_reason, start_date)
    allocated = None
    if allocate_to_id:
        allocated = User.objects.filter(pk=allocate_to_id, local_authority_id=child.local_authority_id).first()
        if allocated is None or not can(allocated, Action.EDIT_CASE, child):
            raise ValidationError("Choose an officer of this council to allocate the case to")
    try:
        with transaction.atomic():
            case = Case.objects.create(local_authority_id=child.local_authority_id, child=child, state=state,
                                       allocated_to=allocated, primary_reason=primary_reason, start_date=start_date,
                                       source=source)
    except IntegrityError:
        raise ValidationError(f"{child.full_name} already has an open CME case") from None
    _created(case, by=opened_by, summary=summary, subject=subject)
    if allocated:
        timeline_add(case=case, kind=TimelineKind.ALLOCATED, by=opened_by, text=f"Allocated to {allocated.full_name}")
    return case


@transaction.atomic
def enquiry_for(*, child: Child, primary_reason: int, start_date: dt.date, opened_because: str,
                source: CaseSource = CaseSource.SCHOOL_RETURN, subject: Any = None) -> tuple[Case, bool]:
    """The child's open CME case, or a new one the system opens (received: no officer has looked
    at it yet, and no one is allocated) because of a statutory notice: a school's deletion
    return, a lost-pupil CTF. Returns the case and whether it was opened now."""
    if refusal := case_lifecycle.reason_refusal(primary_reason):
        raise ValidationError(refusal)
    case = Case.objects.open_for(child)
    if case is not None:
        return case, False
    try:
        with transaction.atomic():
            case = Case.objects.create(local_authority_id=child.local_authority_id, child=child,
                                       state=CaseState.RECEIVED, primary_reason=primary_reason,
                                       start_date=min(start_date, clock.today()), source=source)
    except IntegrityError:  # another notice about the child opened one a moment ago
        return Case.objects.open().get(child=child), False
    _created(case, by=None, summary=f"CME enquiry opened from {opened_because}", subject=subject)
    return case, True


# -- triage: accepting a referral opens (or adds to) a case ---------------------------------

@dataclass(frozen=True)
class AcceptChoice:
    """How to accept: a new child, a known child, the child's open case, or their closed case reopened."""

    child_id: int | None = None
    case_id: int | None = None
    reopen_case_id: int | None = None
    primary_reason: int = dfe_return.UNKNOWN
    start_date: dt.date | None = None
    allocate_to_id: int | None = None


@transaction.atomic
def case_open_from_referral(*, referral: Referral, officer: Any, choice: AcceptChoice) -> Case:
    """Accept a referral at triage: into the child's open case, their closed case reopened, or a new
    case (adding the child to the index first if the team did not know them). What the referral
    tells about the child reaches their record; what the referrer and the triage officer answered
    (risk indicators, the police and social care questions) travels with the case. The referrer
    is told."""
    require(officer, Action.TRIAGE_REFERRAL, referral)
    referrals.require_waiting(referral)
    if choice.case_id or choice.reopen_case_id:
        case = Case.objects.select_for_update().filter(pk=choice.case_id or choice.reopen_case_id,
                                                       local_authority=referral.local_authority).first()
        if case is None:
            raise ValidationError("That case is not one of this council's")
        if choice.reopen_case_id and not case.is_open:
            case = case_reopen(case=case, officer=officer, reason=f"New referral {referral.reference} about the child",
                               version=None)
        elif not case.is_open:
            raise ValidationError("That case is closed: choose to reopen it, or open a new case for the child")
        child = case.child
    else:
        if choice.child_id:
            child = Child.objects.get(pk=choice.child_id, local_authority=referral.local_authority)
        else:
            child = referrals.child_from_referral(referral=referral, officer=officer)
        case = Case.objects.open_for(child)
        if case is None:
            case = case_open(child=child, opened_by=officer, primary_reason=choice.primary_reason,
                             start_date=choice.start_date or referrals.default_start_date(referral),
                             allocate_to_id=choice.allocate_to_id, source=CaseSource.REFERRAL, subject=referral,
                             summary=f"Opened from referral {referral.reference}")
    children.child_take_details(user=officer, child=child, **referrals.details_for_child(referral))
    _take_referral_answers(case, referral)
    timeline_add(case=case, kind=TimelineKind.REFERRAL, by=officer, subject=referral,
                 text=f"Referral {referral.reference} from {referrals.referrer_label(referral)} accepted")
    referrals.referral_record_acceptance(referral=referral, officer=officer, child=child, case=case)
    enquiries_generate(case)
    _refresh(case)
    return case


def _take_referral_answers(case: Case, referral: Referral) -> None:
    """The referral's risk indicators and the triage officer's escalation answers become the
    case's (a Yes never turns back into No or unknown by this)."""
    for row in referral.indicators.all():
        current = CaseIndicator.objects.filter(case=case, number=row.number).first()
        if current is None or (row.answer == "yes" and current.answer != "yes"):
            CaseIndicator.objects.update_or_create(case=case, number=row.number,
                                                   defaults={"answer": row.answer, "timing": row.timing})
    for row in referral.escalation_answers.all():
        current = CaseEscalationAnswer.objects.filter(case=case, question=row.question).first()
        if current is None or current.answer is None or row.answer:
            CaseEscalationAnswer.objects.update_or_create(case=case, question=row.question,
                                                          defaults={"answer": row.answer})


# -- the lifecycle --------------------------------------------------------------------------

def _locked(case: Case) -> Case:
    return Case.objects.select_for_update().select_related("child").get(pk=case.pk)


def _saved(case: Case, version: int | None, fields: list[str]) -> Case:
    return save_if_current(case, version=version, fields=fields)


@transaction.atomic
def case_move(*, case: Case, officer: Any, to: State, version: int | None) -> Case:
    """Move the case on (or back) through its states, as the rules allow."""
    require(officer, Action.EDIT_CASE, case)
    case = _locked(case)
    if refusal := case_lifecycle.move_refusal(selectors.case_facts(case), to):
        raise ValidationError(refusal)
    before = case.get_state_display()
    case.state = to.value
    _saved(case, version, ["state"])
    timeline_add(case=case, kind=TimelineKind.STATE, by=officer, text=f"{before} → {to.label}")
    _refresh(case)
    return case


@transaction.atomic
def case_set_whereabouts(*, case: Case, officer: Any, known: bool, where: str, version: int | None) -> Case:
    """Whether the team knows where the child is. Knowing it moves a case still making enquiries
    to located; losing it again moves a case back to making enquiries."""
    require(officer, Action.EDIT_CASE, case)
    case = _locked(case)
    if not case.is_open:
        raise ValidationError("The case is closed: reopen it to work on it again")
    if known and not where.strip():
        raise ValidationError("Say where the child is, and how you know")
    case.whereabouts_known = known
    fields = ["whereabouts_known"]
    state = State(case.state)
    if known and state in (State.RECEIVED, State.MAKING_ENQUIRIES):
        case.state, fields = State.LOCATED.value, [*fields, "state"]
    elif not known and state in (State.LOCATED, State.ARRANGING_PLACEMENT, State.MONITORING):
        case.state, fields = State.MAKING_ENQUIRIES.value, [*fields, "state"]
    _saved(case, version, fields)
    timeline_add(case=case, kind=TimelineKind.WHEREABOUTS, by=officer,
                 text=(f"Whereabouts known: {where.strip()}" if known else
                       f"Whereabouts no longer known{': ' + where.strip() if where.strip() else ''}"))
    _refresh(case)
    return case


@transaction.atomic
def case_change_reason(*, case: Case, officer: Any, primary_reason: int, version: int | None) -> Case:
    require(officer, Action.EDIT_CASE, case)
    case = _locked(case)
    if refusal := case_lifecycle.reason_refusal(primary_reason):
        raise ValidationError(refusal)
    if primary_reason == case.primary_reason:
        raise ValidationError("That is the case's reason already")
    before = dfe_return.REASONS_BY_CODE[case.primary_reason].label
    case.primary_reason = primary_reason
    _saved(case, version, ["primary_reason"])
    timeline_add(case=case, kind=TimelineKind.REASON, by=officer,
                 text=f"DfE primary reason: {before} → {dfe_return.REASONS_BY_CODE[primary_reason].label}")
    enquiries_generate(case)  # a suspected move abroad or to another council adds its enquiry
    _refresh(case)
    return case


@transaction.atomic
def case_change_start_date(*, case: Case, officer: Any, start_date: dt.date, version: int | None) -> Case:
    require(officer, Action.EDIT_CASE, case)
    case = _locked(case)
    if start_date > clock.today():
        raise ValidationError("The start date cannot be in the future")
    period = case.periods.order_by("-started_on", "-id").first()
    if period is not None and case.periods.count() > 1:
        earlier = case.periods.exclude(pk=period.pk).order_by("-ended_on").first()
        if earlier and earlier.ended_on and start_date < earlier.ended_on:
            raise ValidationError("The start date must be after the case last closed")
    before = case.start_date
    case.start_date = start_date
    _saved(case, version, ["start_date"])
    if period is not None:
        period.started_on = start_date
        period.save(update_fields=["started_on"])
    timeline_add(case=case, kind=TimelineKind.NOTE, by=officer,
                 text=f"Start date changed from {before:%-d %B %Y} to {start_date:%-d %B %Y}")
    return case


@transaction.atomic
def case_close(*, case: Case, officer: Any, outcome: Outcome, evidence: str, version: int | None) -> Case:
    """Close the case with an outcome from the coded list and its evidence, if the rules allow."""
    require(officer, Action.CLOSE_CASE, case)
    case = _locked(case)
    if refusal := case_lifecycle.close_refusal(selectors.case_facts(case), outcome, evidence):
        raise ValidationError(refusal)
    today = clock.today()
    case.state, case.closed_on, case.outcome = CaseState.CLOSED, today, outcome.value
    case.outcome_evidence, case.closed_by = evidence.strip(), officer
    _saved(case, version, ["state", "closed_on", "outcome", "outcome_evidence", "closed_by"])
    case.periods.filter(ended_on__isnull=True).update(ended_on=today)
    Task.objects.filter(case=case, status=TaskStatus.OPEN).update(
        status=TaskStatus.DONE, done_at=clock.now(), done_by=officer, done_note="The case was closed")
    timeline_add(case=case, kind=TimelineKind.CLOSED, by=officer, text=f"Closed: {outcome.label}. {evidence.strip()}")
    return case


@transaction.atomic
def case_reopen(*, case: Case, officer: Any, reason: str, version: int | None) -> Case:
    """A closed case opened again, with the reason; a new period starts today."""
    require(officer, Action.EDIT_CASE, case)
    case = _locked(case)
    if refusal := case_lifecycle.reopen_refusal(selectors.case_facts(case), reason):
        raise ValidationError(refusal)
    if Case.objects.open_for(case.child_id):
        raise ValidationError(f"{case.child.full_name} already has an open case: work on that one")
    today = clock.today()
    case.state, case.closed_on, case.outcome, case.outcome_evidence = CaseState.MAKING_ENQUIRIES, None, "", ""
    case.closed_by, case.start_date, case.whereabouts_known = None, today, False
    _saved(case, version, ["state", "closed_on", "outcome", "outcome_evidence", "closed_by", "start_date",
                           "whereabouts_known"])
    CasePeriod.objects.create(case=case, started_on=today)
    timeline_add(case=case, kind=TimelineKind.REOPENED, by=officer, text=f"Reopened: {reason.strip()}")
    enquiries_generate(case)
    _refresh(case)
    return case


# -- allocation ----------------------------------------------------------------------------

@transaction.atomic
def case_allocate(*, case: Case, by: Any, officer_id: int | None, version: int | None) -> Case:
    """A manager allocates or reallocates a case (or takes it back to the unallocated queue); an
    officer may take an unallocated case where the council allows it."""
    require(by, Action.EDIT_CASE, case)
    case = _locked(case)
    if not case.is_open:
        raise ValidationError("The case is closed: reopen it to allocate it")
    taking = officer_id == by.pk and not can(by, Action.ALLOCATE_CASE, case)
    if taking:
        if not case.local_authority.officers_take_cases:
            raise PermissionDenied("In this council only a manager allocates cases")
        if case.allocated_to_id is not None:
            raise ValidationError(f"The case is already allocated to {case.allocated_to.full_name}")
    else:
        require(by, Action.ALLOCATE_CASE, case)
    officer = None
    if officer_id is not None:
        officer = User.objects.filter(pk=officer_id, local_authority_id=case.local_authority_id, is_active=True,
                                      role__in=[Role.CME_OFFICER, Role.CME_MANAGER]).first()
        if officer is None:
            raise ValidationError("Choose an officer of this council")
    if officer_id == case.allocated_to_id:
        raise ValidationError("The case is allocated to that officer already")
    before = case.allocated_to.full_name if case.allocated_to_id else "nobody"
    case.allocated_to = officer
    _saved(case, version, ["allocated_to"])
    Task.objects.filter(case=case, status=TaskStatus.OPEN).update(owner=officer)
    text = (f"Taken by {officer.full_name}" if taking else
            f"Allocated to {officer.full_name} (was {before})" if officer else f"Unallocated (was {before})")
    timeline_add(case=case, kind=TimelineKind.ALLOCATED, by=by, text=text)
    return case


# -- reasonable enquiries -------------------------------------------------------------------

def _circumstances(case: Case, *, contacts: list | None = None, has_address: bool | None = None) -> Circumstances:
    """What the checklist depends on: the child's contacts (in their order) and whether an address is
    known, read here unless the caller read them for many cases at once."""
    numbers = []
    for contact in case.child.contacts.all() if contacts is None else contacts:
        who = " ".join(part for part in (contact.first_name, contact.last_name) if part) or "Contact"
        role = f" ({contact.relationship})" if contact.relationship else ""
        numbers += [f"{who}{role}, {phone}" for phone in contact.phones if phone]
    return Circumstances(primary_reason=case.primary_reason, contact_numbers=tuple(numbers)[:12],
                         siblings_known=False,
                         last_known_address=case.child.addresses.exists() if has_address is None else has_address,
                         youth_justice_involved=False)


def enquiries_generate(case: Case) -> int:
    """Add to the case's checklist the enquiries its circumstances call for (existing items are
    kept, whatever their state). Returns how many were added."""
    have = {(kind, about) for kind, about in case.enquiries.values_list("kind", "about")}
    position = case.enquiries.count()
    missing = _checklist_missing(_circumstances(case), have)
    Enquiry.objects.bulk_create([Enquiry(case=case, kind=item.kind.value, about=item.about[:200], position=position)
                                 for position, item in enumerate(missing, start=position + 1)])
    return len(missing)


def _checklist_missing(circumstances: Circumstances, have: set[tuple[str, str]]) -> list:
    """The checklist items the circumstances call for that are not among `have` (kind, about)."""
    missing = []
    for item in case_lifecycle.enquiries_for(circumstances):
        if (item.kind.value, item.about[:200]) in have:
            continue
        if item.kind is EnquiryKind.CONTACT_NUMBER and item.about.startswith("none known") and any(
                kind == EnquiryKind.CONTACT_NUMBER for kind, _ in have):
            continue
        missing.append(item)
    return missing


def _enquiry_append(case: Case, kind: EnquiryKind | str, about: str) -> Enquiry:
    """An enquiry added at the end of the case's checklist."""
    return Enquiry.objects.create(case=case, kind=kind, about=about[:200], position=case.enquiries.count() + 1)


def enquiry_add(*, case: Case, officer: Any, kind: EnquiryKind, about: str) -> Enquiry:
    require(officer, Action.EDIT_CASE, case)
    about = about.strip()[:200]
    if kind is EnquiryKind.OTHER and not about:
        raise ValidationError("Say who the enquiry is with")
    if case.enquiries.filter(kind=kind.value, about=about).exists():
        raise ValidationError("That enquiry is on the checklist already")
    return _enquiry_append(case, kind.value, about)


@transaction.atomic
def action_record(*, case: Case, officer: Any, enquiry: Enquiry | None, occurred_at: dt.datetime, method: str,
                  whom: str, outcome: str, answer: str) -> CaseAction:
    """Who asked whom, when, how, and the answer. An answer (or a number that does not work)
    completes the enquiry it belongs to."""
    require(officer, Action.EDIT_CASE, case)
    if not case.is_open:
        raise ValidationError("The case is closed: reopen it to record more")
    if enquiry is not None and enquiry.case_id != case.pk:
        raise ValidationError("That enquiry belongs to another case")
    if occurred_at > clock.now() + dt.timedelta(minutes=5):
        raise ValidationError("The date and time cannot be in the future")
    if not whom.strip():
        raise ValidationError("Say who was asked")
    action = CaseAction.objects.create(case=case, enquiry=enquiry, occurred_at=occurred_at, method=method,
                                       whom=whom.strip()[:200], outcome=outcome, answer=answer.strip(), by=officer)
    if enquiry is not None and outcome in CONCLUSIVE_OUTCOMES and enquiry.status == EnquiryStatus.TO_DO:
        enquiry.status, enquiry.result = EnquiryStatus.DONE, (answer.strip() or action.get_outcome_display())
        enquiry.done_on, enquiry.done_by = clock.local_date(occurred_at), officer
        enquiry.save(update_fields=["status", "result", "done_on", "done_by"])
    about = f" ({enquiry.label})" if enquiry is not None else ""
    timeline_add(case=case, kind=TimelineKind.ENQUIRY, by=officer, subject=action, at=occurred_at,
                 text=f"{action.get_method_display()} to {action.whom}{about}: {action.get_outcome_display()}"
                      + (f". {action.answer}" if action.answer else ""))
    _refresh(case)
    return action


@transaction.atomic
def enquiry_set_status(*, enquiry: Enquiry, officer: Any, status: EnquiryStatus, result: str) -> Enquiry:
    """Mark an enquiry done without an action (the answer came another way) or not possible (and why)."""
    case = enquiry.case
    require(officer, Action.EDIT_CASE, case)
    if not result.strip():
        raise ValidationError("Say what you found out" if status == EnquiryStatus.DONE else
                              "Say why this enquiry is not possible or not needed")
    enquiry.status, enquiry.result = status, result.strip()
    enquiry.done_on, enquiry.done_by = (clock.today(), officer) if status != EnquiryStatus.TO_DO else (None, None)
    enquiry.save(update_fields=["status", "result", "done_on", "done_by"])
    timeline_add(case=case, kind=TimelineKind.ENQUIRY, by=officer,
                 text=f"{enquiry.label}: {enquiry.get_status_display().lower()}. {result.strip()}")
    _refresh(case)
    return enquiry


@transaction.atomic
def enquiry_done_by_notice(*, case: Case, kind: EnquiryKind, result: str) -> Enquiry:
    """A notice the service received answers one of the case's enquiries with no officer's hand in
    it (a school's lost-pupil CTF answers the Lost Pupil Database enquiry): the enquiry is done,
    added to the checklist if it was not on it, and the chronology says why."""
    enquiry = case.enquiries.filter(kind=kind.value).first()
    if enquiry is None:
        enquiry = _enquiry_append(case, kind.value, "")
    if enquiry.status != EnquiryStatus.TO_DO:
        return enquiry  # done already, or an officer decided it was not possible: theirs stands, as by hand
    enquiry.status, enquiry.result, enquiry.done_on, enquiry.done_by = EnquiryStatus.DONE, result.strip(), \
        clock.today(), None
    enquiry.save(update_fields=["status", "result", "done_on", "done_by"])
    timeline_add(case=case, kind=TimelineKind.ENQUIRY, text=f"{enquiry.label}: done. {result.strip()}")
    _refresh(case)
    return enquiry


@transaction.atomic
def visit_record(*, case: Case, officer: Any, visited_at: dt.datetime, visitors: str, address: str, seen: str,
                 occupied: str, neighbours: str, notes: str) -> HomeVisit:
    require(officer, Action.EDIT_CASE, case)
    if not case.is_open:
        raise ValidationError("The case is closed: reopen it to record more")
    if visited_at > clock.now() + dt.timedelta(minutes=5):
        raise ValidationError("The visit cannot be in the future")
    visit = HomeVisit.objects.create(case=case, visited_at=visited_at, visitors=visitors.strip(),
                                     address=address.strip(), seen=seen.strip(), occupied=occupied,
                                     neighbours=neighbours.strip(), notes=notes.strip(), by=officer)
    case.enquiries.filter(kind=EnquiryKind.HOME_VISIT, status=EnquiryStatus.TO_DO).update(
        status=EnquiryStatus.DONE, result=f"Visited on {clock.local_date(visited_at):%-d %B %Y}",
        done_on=clock.local_date(visited_at), done_by=officer)
    timeline_add(case=case, kind=TimelineKind.VISIT, by=officer, subject=visit, at=visited_at,
                 text=f"Home visit to {visit.address} by {visit.visitors}. Seen: {visit.seen}. "
                      f"{visit.get_occupied_display()}." + (f" Neighbours: {visit.neighbours}" if visit.neighbours else ""))
    _refresh(case)
    return visit


# -- needs ---------------------------------------------------------------------------------

@transaction.atomic
def needs_record(*, case: Case, officer: Any, version: int | None, sen: str, health: str, first_language: str,
                 interpreter_needed: bool | None, safeguarding: str, other: str, child_flags: dict[str, bool],
                 child_version: int | None = None) -> CaseNeeds:
    """The child's needs as the officer has determined them; the safeguarding and vulnerable-group
    flags are the child's own (shown wherever the child appears), written by the child index."""
    require(officer, Action.EDIT_CASE, case)
    values = {"sen": sen.strip(), "health": health.strip(), "first_language": first_language.strip(),
              "interpreter_needed": interpreter_needed, "safeguarding": safeguarding.strip(), "other": other.strip()}
    needs = CaseNeeds.objects.filter(case=case).first()
    if needs is None:
        needs = CaseNeeds.objects.create(case=case, recorded_by=officer, recorded_at=clock.now(), **values)
    else:
        for name, value in values.items():
            setattr(needs, name, value)
        needs.recorded_by, needs.recorded_at = officer, clock.now()
        save_if_current(needs, version=version, fields=[*values, "recorded_by", "recorded_at"])
    children.child_set_flags(user=officer, child=case.child, flags=child_flags)
    flags = case.child.safeguarding_flags + case.child.vulnerable_groups
    timeline_add(case=case, kind=TimelineKind.NEEDS, by=officer,
                 text="Needs recorded" + (f": {'; '.join(flags)}" if flags else ""))
    _refresh(case)
    return needs


# -- provision and attendance ------------------------------------------------------------------

@transaction.atomic
def placement_record(*, case: Case, officer: Any, kind: PlacementKind, status: PlacementStatus,
                     school_id: int | None = None, provider_name: str = "", applied_on: dt.date | None = None,
                     offered_on: dt.date | None = None, start_date: dt.date | None = None, notes: str = "",
                     placement: Placement | None = None, version: int | None = None) -> Placement:
    """Record the provision being arranged (an application, an offer) or the day the child started.
    A start moves the case to monitoring; an application to arranging a placement."""
    require(officer, Action.EDIT_CASE, case)
    case = _locked(case)
    if not case.is_open:
        raise ValidationError("The case is closed: reopen it to record more")
    if not school_id and not provider_name.strip() and kind != PlacementKind.ELECTIVE_HOME_EDUCATION:
        raise ValidationError("Choose the school, or give the name of the provider")
    if status == PlacementStatus.STARTED and start_date is None:
        raise ValidationError("Enter the day the child started")
    if start_date and start_date > clock.today() and status == PlacementStatus.STARTED:
        raise ValidationError("A child cannot have started in the future: record the place as accepted, with the date")
    values = {"kind": kind, "status": status, "school_id": school_id, "provider_name": provider_name.strip(),
              "applied_on": applied_on, "offered_on": offered_on, "start_date": start_date, "notes": notes.strip()}
    if placement is None:
        placement = Placement.objects.create(case=case, by=officer, **values)
    else:
        if placement.case_id != case.pk:
            raise ValidationError("That provision belongs to another case")
        for name, value in values.items():
            setattr(placement, name, value)
        save_if_current(placement, version=version, fields=list(values))
    state = State(case.state)
    if status == PlacementStatus.STARTED and state in (State.LOCATED, State.ARRANGING_PLACEMENT):
        case.state = State.MONITORING.value
        _saved(case, None, ["state"])
    elif status in ARRANGING_STATUSES and state is State.LOCATED:
        case.state = State.ARRANGING_PLACEMENT.value
        _saved(case, None, ["state"])
    timeline_add(case=case, kind=TimelineKind.PLACEMENT, by=officer, subject=placement,
                 text=f"{placement.get_kind_display()} at {placement.where}: {placement.get_status_display().lower()}"
                      + (f", from {start_date:%-d %B %Y}" if start_date else ""))
    _refresh(case)
    return placement


@transaction.atomic
def attendance_record(*, case: Case, officer: Any, placement: Placement, checked_on: dt.date, attending: str,
                      percent: int | None, told_by: str, note: str) -> AttendanceCheck:
    require(officer, Action.EDIT_CASE, case)
    if placement.case_id != case.pk or placement.status != PlacementStatus.STARTED:
        raise ValidationError("Record attendance at provision the child has started")
    if checked_on > clock.today():
        raise ValidationError("The check cannot be in the future")
    if placement.start_date and checked_on < placement.start_date:
        raise ValidationError("The check must be on or after the day the child started")
    if percent is not None and not 0 <= percent <= 100:
        raise ValidationError("Attendance must be between 0 and 100%")
    check = AttendanceCheck.objects.create(case=case, placement=placement, checked_on=checked_on, attending=attending,
                                           percent=percent, told_by=told_by.strip(), note=note.strip(), by=officer)
    timeline_add(case=case, kind=TimelineKind.ATTENDANCE, by=officer, subject=check,
                 text=f"Attendance at {placement.where}: {check.get_attending_display().lower()}"
                      + (f" ({percent}%)" if percent is not None else "") + f", said {check.told_by}")
    _refresh(case)
    return check


# -- escalation and risk ----------------------------------------------------------------------

@transaction.atomic
def escalation_answers_save(*, case: Case, officer: Any, answers: dict[str, bool | None],
                            version: int | None) -> Case:
    """The police and social care questions, answered again on the case."""
    require(officer, Action.EDIT_CASE, case)
    case = _locked(case)
    unknown = set(answers) - set(escalation.BY_KEY)
    if unknown:
        raise ValidationError(f"Unknown questions: {', '.join(sorted(unknown))}")
    _saved(case, version, [])
    for question, answer in answers.items():
        CaseEscalationAnswer.objects.update_or_create(case=case, question=question, defaults={"answer": answer})
    yes = [escalation.BY_KEY[key].text for key, value in answers.items() if value]
    timeline_add(case=case, kind=TimelineKind.RISK, by=officer,
                 text="Police and social care questions answered" + (f". Yes: {' '.join(yes)}" if yes else ": no Yes"))
    _refresh(case)
    return case


@transaction.atomic
def indicators_save(*, case: Case, officer: Any, answers: dict[int, tuple[str, str]], version: int | None) -> Case:
    """The 20 risk indicators for the case: number -> (yes/no, current/historic/"")."""
    require(officer, Action.EDIT_CASE, case)
    case = _locked(case)
    _saved(case, version, [])
    for number, (answer, timing) in answers.items():
        CaseIndicator.objects.update_or_create(case=case, number=number,
                                               defaults={"answer": answer, "timing": timing if answer == "yes" else ""})
    timeline_add(case=case, kind=TimelineKind.RISK, by=officer, text="Risk indicators updated")
    _refresh(case)
    return case


@transaction.atomic
def escalation_record(*, case: Case, officer: Any, agency: str, made_on: dt.date, reference: str,
                      reason: str) -> Escalation:
    """A referral made to the police or children's social care: who, when, their reference. It
    raises the case's risk, and a task follows up its outcome."""
    require(officer, Action.EDIT_CASE, case)
    if made_on > clock.today():
        raise ValidationError("The referral cannot have been made in the future")
    if not reason.strip():
        raise ValidationError("Say why the referral was made")
    made = Escalation.objects.create(case=case, agency=agency, made_on=made_on, reference=reference.strip(),
                                     reason=reason.strip(), made_by=officer)
    timeline_add(case=case, kind=TimelineKind.ESCALATION, by=officer, subject=made,
                 text=f"Referred to {made.get_agency_display().lower()} on {made_on:%-d %B %Y}"
                      + (f" (their reference {made.reference})" if made.reference else "") + f": {made.reason}")
    due, _ = add_school_days_or_calendar_days(case.local_authority_id, made_on, settings.CME_TASK_SCHOOL_DAYS)
    task_raise(local_authority_id=case.local_authority_id, kind=TaskKind.ESCALATION_OUTCOME, child=case.child,
               case=case, due_on=due, title=f"Find out what {made.get_agency_display().lower()} did about "
                                            f"{case.child.full_name}")
    _refresh(case)
    return made


@transaction.atomic
def escalation_outcome(*, made: Escalation, officer: Any, outcome: str, outcome_on: dt.date,
                       version: int | None) -> Escalation:
    case = made.case
    require(officer, Action.EDIT_CASE, case)
    if not outcome.strip():
        raise ValidationError("Say what the outcome was")
    made.outcome, made.outcome_on = outcome.strip(), outcome_on
    save_if_current(made, version=version, fields=["outcome", "outcome_on"])
    Task.objects.filter(case=case, kind=TaskKind.ESCALATION_OUTCOME, status=TaskStatus.OPEN).update(
        status=TaskStatus.DONE, done_at=clock.now(), done_by=officer, done_note=outcome.strip()[:300])
    timeline_add(case=case, kind=TimelineKind.ESCALATION, by=officer, subject=made,
                 text=f"Outcome of the referral to {made.get_agency_display().lower()}: {made.outcome}")
    return made


# -- documents ----------------------------------------------------------------------------

@transaction.atomic
def document_add(*, case: Case, officer: Any, upload: Any, description: str) -> CaseDocument:
    require(officer, Action.EDIT_CASE, case)
    content_type = check_upload(upload)
    document = CaseDocument(case=case, original_name=upload.name[:200], content_type=content_type, size=upload.size,
                            description=description.strip()[:200], uploaded_by=officer)
    document.file.save(upload.name, upload, save=False)
    document.save()
    timeline_add(case=case, kind=TimelineKind.DOCUMENT, by=officer, subject=document,
                 text=f"Document added: {document.original_name}" + (f" ({document.description})"
                                                                       if document.description else ""))
    return document


# -- tasks ---------------------------------------------------------------------------------

def task_raise(*, local_authority_id: int, kind: TaskKind, title: str, due_on: dt.date | None, child: Child,
               case: Case | None = None, detail: str = "", owner: Any = None, **about: Any) -> Task:
    """A task the service raises from a rule, for an officer to do by a date. `about` names the
    return it came from (deletion_return=..., new_pupil_return=...). It is the case officer's
    unless an owner is given."""
    return Task.objects.create(local_authority_id=local_authority_id, kind=kind, title=title, detail=detail,
                               due_on=due_on, child=child, case=case,
                               owner=owner or (case.allocated_to if case is not None else None), **about)


def tasks_complete(*, child: Child, kind: TaskKind, note: str, **about: Any) -> int:
    """The service closes the open tasks of this kind about a child: what they waited for has happened."""
    return (Task.objects.filter(child=child, kind=kind, status=TaskStatus.OPEN, **about)
            .update(status=TaskStatus.DONE, done_at=clock.now(), done_note=note[:300]))


@transaction.atomic
def task_complete(*, task: Task, officer: Any, note: str = "", version: int | None = None) -> Task:
    """An officer marks a task done, with its outcome; the note says who, unless they gave one."""
    require(officer, Action.EDIT_CASE, task)
    if task.status == TaskStatus.DONE:
        raise ValidationError("This task is already done")
    task.status, task.done_at, task.done_by = TaskStatus.DONE, clock.now(), officer
    task.done_note = (note.strip() or f"Marked done by {officer.full_name}")[:300]
    save_if_current(task, version=version, fields=["status", "done_at", "done_by", "done_note"])
    if task.case_id:
        timeline_add(case=task.case, kind=TimelineKind.TASK, by=officer, subject=task,
                     text=f"Done: {task.title}. {task.done_note}")
        _refresh(task.case)
    return task


def task_add(*, case: Case, officer: Any, title: str, due_on: dt.date, owner_id: int | None = None) -> Task:
    require(officer, Action.EDIT_CASE, case)
    if not title.strip():
        raise ValidationError("Say what needs doing")
    owner = User.objects.filter(pk=owner_id or getattr(case.allocated_to, "pk", None) or officer.pk,
                                local_authority_id=case.local_authority_id).first()
    task = task_raise(local_authority_id=case.local_authority_id, kind=TaskKind.OTHER, title=title.strip()[:200],
                      due_on=due_on, child=case.child, case=case, owner=owner)
    timeline_add(case=case, kind=TimelineKind.TASK, by=officer, subject=task,
                 text=f"Task added: {task.title}, due {due_on:%-d %B %Y}")
    return task


def _derived_tasks(case: Case) -> dict[TaskKind, tuple[str, dt.date]]:
    """The work the case's state calls for next, each with a due date in school days: the next
    enquiry, a home visit, a monitoring check-in, a review."""
    if not case.is_open:
        return {}
    days = settings.CME_TASK_SCHOOL_DAYS
    la = case.local_authority_id
    last_work = (case.timeline.exclude(kind=TimelineKind.TASK).order_by("-occurred_at").values_list(
        "occurred_at", flat=True).first())
    opened = clock.local_date(case.created_at) if case.created_at else case.start_date
    since = clock.local_date(last_work) if last_work else opened
    derived: dict[TaskKind, tuple[str, dt.date]] = {}
    name = case.child.full_name
    next_enquiry = case.enquiries.filter(status=EnquiryStatus.TO_DO).order_by("position", "id").first()
    if next_enquiry is not None and State(case.state) in (State.RECEIVED, State.MAKING_ENQUIRIES):
        derived[TaskKind.NEXT_CHECK] = (f"Next enquiry for {name}: {next_enquiry.label}",
                                        add_school_days_or_calendar_days(la, since, days)[0])
    if (not case.whereabouts_known and not case.visits.exists()
            and case.enquiries.filter(kind=EnquiryKind.HOME_VISIT, status=EnquiryStatus.TO_DO).exists()):
        derived[TaskKind.HOME_VISIT] = (f"Visit the last known address of {name}",
                                        add_school_days_or_calendar_days(la, max(case.start_date, opened), days)[0])
    started = case.placements.filter(status=PlacementStatus.STARTED).order_by("-start_date").first()
    if started is not None:
        checks = case.attendance_checks.filter(placement=started).order_by("-checked_on")
        if checks.count() < settings.CME_MONITORING_CHECKS:
            latest = checks.first()
            base = latest.checked_on if latest else started.start_date
            derived[TaskKind.MONITORING] = (f"Check {name}'s attendance at {started.where}",
                                            base + dt.timedelta(days=7))
    review_base = max(case.start_date, opened)
    derived[TaskKind.REVIEW] = (f"Review the case of {name}",
                                add_school_days_or_calendar_days(la, max(review_base, since),
                                                                 settings.CME_REVIEW_SCHOOL_DAYS)[0])
    return derived


DERIVED_KINDS = (TaskKind.NEXT_CHECK, TaskKind.HOME_VISIT, TaskKind.MONITORING, TaskKind.REVIEW)


def tasks_derive(case: Case) -> None:
    """Bring the case's derived tasks up to date: one open task of each kind its state calls for,
    with the case officer as owner; none of a kind it no longer calls for."""
    wanted = _derived_tasks(case)
    open_tasks = {task.kind: task for task in Task.objects.filter(case=case, status=TaskStatus.OPEN,
                                                                  kind__in=DERIVED_KINDS)}
    for kind in DERIVED_KINDS:
        task = open_tasks.get(kind)
        if kind not in wanted:
            if task is not None:
                task.status, task.done_at, task.done_note = TaskStatus.DONE, clock.now(), "No longer needed"
                task.save(update_fields=["status", "done_at", "done_note", "updated_at"])
            continue
        title, due = wanted[kind]
        if task is None:
            task_raise(local_authority_id=case.local_authority_id, kind=kind, title=title, due_on=due,
                       child=case.child, case=case)
        elif (task.title, task.due_on, task.owner_id) != (title, due, case.allocated_to_id):
            task.title, task.due_on, task.owner_id = title, due, case.allocated_to_id
            task.save(update_fields=["title", "due_on", "owner", "updated_at"])


# -- keeping the case's derived state in step ------------------------------------------------

def risk_refresh(*, case: Case) -> None:
    """Something outside the case changed what its risk rests on (the child's safeguarding flags,
    carried over from another council's enquiry): its level, reasons and tasks again."""
    _refresh(case)


def _refresh(case: Case) -> None:
    """After every change: the case's risk level and reasons, and its derived tasks."""
    indicators = []
    for row in case.indicators.all():
        try:
            indicators.append(IndicatorAnswer(row.number, Answer(row.answer), Timing(row.timing) if row.timing else None))
        except ValueError:
            continue
    answers = {row.question: row.answer for row in case.escalation_answers.all() if row.question in escalation.BY_KEY}
    made = tuple(escalation.Agency(agency) for agency in case.escalations.values_list("agency", flat=True))
    child = case.child
    flags = tuple(flag for flag in escalation.FLAG_REASONS if getattr(child, flag))
    risk = escalation.case_risk(indicators, answers, made, flags=flags, flag_risk=rules_config.flag_risk())
    if (case.risk_level, case.risk_reasons) != (risk.level.value, list(risk.reasons)):
        Case.objects.filter(pk=case.pk).update(risk_level=risk.level.value, risk_reasons=list(risk.reasons))
        case.risk_level, case.risk_reasons = risk.level.value, list(risk.reasons)
    tasks_derive(case)


# -- a school's new-pupil return found a child with an open case ----------------------------

@transaction.atomic
def found_on_roll_decide(*, record: NewPupilReturn, officer: Any, same_child: bool) -> NewPupilReturn:
    """The officer confirms a found-on-roll match (the school's place becomes the case's provision
    and the case moves to monitoring: it closes only after the attendance check-ins) or dismisses it."""
    case = record.matched_case
    if case is None or record.match_status != MatchStatus.FOUND_ON_ROLL:
        raise ValidationError("This return is not waiting for a found-on-roll decision")
    require(officer, Action.EDIT_CASE, case)
    tasks_complete(child=record.child, kind=TaskKind.FOUND_ON_ROLL, new_pupil_return=record,
                   note="Confirmed" if same_child else "Not the same child")
    if same_child:
        schools.new_pupil_return_set_match(record=record, status=MatchStatus.CONFIRMED)
        case = _locked(case)
        if not case.whereabouts_known:
            case.whereabouts_known = True
            _saved(case, None, ["whereabouts_known"])
        if State(case.state) in (State.RECEIVED, State.MAKING_ENQUIRIES):
            case.state = State.LOCATED.value
            _saved(case, None, ["state"])
        placement_record(case=case, officer=officer, kind=PlacementKind.IN_YEAR_ADMISSION,
                         status=PlacementStatus.STARTED, school_id=record.school_id,
                         start_date=min(record.starting_day, clock.today()),
                         notes=f"From {record.school.name}'s new-pupil return")
        timeline_add(case=case, kind=TimelineKind.FOUND_ON_ROLL, by=officer, subject=record,
                     text=f"Confirmed: {record.pupil_name} is on the roll of {record.school.name}. "
                          "Monitoring attendance before the case closes.")
    else:
        schools.new_pupil_return_set_match(record=record, status=MatchStatus.DISMISSED)
        timeline_add(case=case, kind=TimelineKind.NOTE, by=officer, subject=record,
                     text=f"The pupil entered on {record.school.name}'s roll is not this child")
    return record


# -- cases from earlier records ------------------------------------------------------------------

@dataclass(frozen=True)
class EarlierCase:
    """A case a council worked before it used the service (from its spreadsheets), or one the
    demonstration makes up: its episodes as (start, end) pairs, the last open if end is None."""

    child_id: int
    primary_reason: int
    episodes: tuple[tuple[dt.date, dt.date | None], ...]
    source: str = CaseSource.OFFICER
    allocated_to_id: int | None = None
    state: str = CaseState.MAKING_ENQUIRIES  # for an open case
    whereabouts_known: bool = False
    risk_level: str = "none"
    risk_reasons: tuple[str, ...] = ()
    outcome: str = ""  # for a closed case
    outcome_evidence: str = ""


def _earlier_case_refusal(case: EarlierCase, today: dt.date) -> str:
    if case.primary_reason not in dfe_return.REASONS_BY_CODE:
        return "has no DfE primary reason"
    if not case.episodes:
        return "has no episodes"
    previous_end = None
    for index, (start, end) in enumerate(case.episodes):
        if start > today or (end is not None and end < start):
            return "has an episode that ends before it starts, or starts in the future"
        if previous_end is not None and start < previous_end:
            return "has episodes that overlap"
        if end is None and index != len(case.episodes) - 1:
            return "has an open episode before a later one"
        previous_end = end
    closed = case.episodes[-1][1] is not None
    if closed and case.outcome not in {outcome.value for outcome in Outcome}:
        return "is closed without an outcome"
    if not closed and case.state not in OPEN_STATE_VALUES:
        return "is open but not in an open state"
    return ""


OPEN_STATE_VALUES = frozenset(state.value for state in case_lifecycle.OPEN_STATES)


@transaction.atomic
def earlier_cases_record(*, local_authority_id: int, cases: list[EarlierCase], recorded_by: Any = None,
                         note: str = "Recorded from the council's earlier records") -> int:
    """Write cases from before the service in bulk, with their episodes and one timeline entry
    each saying where they came from. All or nothing: one bad case refuses them all, naming it."""
    if recorded_by is not None:
        require(recorded_by, Action.EDIT_CASE, LocalAuthority.objects.get(pk=local_authority_id))
    today = clock.today()
    for number, case in enumerate(cases, start=1):
        if refusal := _earlier_case_refusal(case, today):
            raise ValidationError(f"Case {number} (child {case.child_id}) {refusal}")
    made = Case.objects.bulk_create([
        Case(local_authority_id=local_authority_id, child_id=case.child_id, primary_reason=case.primary_reason,
             start_date=case.episodes[0][0], source=case.source, allocated_to_id=case.allocated_to_id,
             whereabouts_known=case.whereabouts_known, risk_level=case.risk_level, risk_reasons=list(case.risk_reasons),
             state=case.state if case.episodes[-1][1] is None else CaseState.CLOSED,
             closed_on=case.episodes[-1][1], outcome=case.outcome if case.episodes[-1][1] else "",
             outcome_evidence=case.outcome_evidence if case.episodes[-1][1] else "")
        for case in cases])
    CasePeriod.objects.bulk_create([CasePeriod(case=made_case, started_on=start, ended_on=end)
                                    for made_case, case in zip(made, cases, strict=True)
                                    for start, end in case.episodes])
    now = clock.now()
    TimelineEntry.objects.bulk_create([
        TimelineEntry(case=made_case, kind=TimelineKind.OPENED, occurred_at=now,
                      by=recorded_by if getattr(recorded_by, "is_authenticated", False) else None,
                      text=f"{note}: missing education from {case.episodes[0][0]:%-d %B %Y}"
                           + (f", closed {case.episodes[-1][1]:%-d %B %Y}" if case.episodes[-1][1] else ""))
        for made_case, case in zip(made, cases, strict=True)])
    # A case closed as suitable home education means the council knows the child is home educated.
    EheRecord.objects.bulk_create([
        EheRecord(local_authority_id=local_authority_id, child_id=case.child_id, notified_on=case.episodes[-1][1],
                  source=note)
        for case in cases if case.episodes[-1][1] is not None and case.outcome == Outcome.SUITABLE_EHE])
    _enquiries_for_new_cases([made_case for made_case in made if made_case.state != CaseState.CLOSED])
    return len(made)


def _enquiries_for_new_cases(cases: list[Case]) -> None:
    """An open case gets the enquiries its circumstances call for: what enquiries_generate adds to a
    case with no checklist yet (the same `_checklist_missing`), for many new cases at once (their
    children's contacts and addresses read in two queries, the enquiries written in one)."""
    from cme.children.models import ChildAddress, Contact

    child_ids = {case.child_id for case in cases}
    contacts: dict[int, list] = {}
    for contact in Contact.objects.filter(child_id__in=child_ids).order_by("child_id", "order", "id"):
        contacts.setdefault(contact.child_id, []).append(contact)
    with_address = set(ChildAddress.objects.filter(child_id__in=child_ids).values_list("child_id", flat=True)
                       .distinct())
    rows = [Enquiry(case=case, kind=item.kind.value, about=item.about[:200], position=position)
            for case in cases
            for position, item in enumerate(_checklist_missing(_circumstances(
                case, contacts=contacts.get(case.child_id, []), has_address=case.child_id in with_address), set()),
                start=1)]
    Enquiry.objects.bulk_create(rows, batch_size=5000)


# -- partners and other councils (cme.partners asks casework to record what they did) --------

@transaction.atomic
def task_done_by_partner(*, task: Task, note: str, by: Any = None) -> Task:
    """A task that waited for a partner (an agency's answer, another council's) is done because
    the partner answered: `by` is their account, if they have one."""
    if task.status == TaskStatus.DONE:
        return task
    task.status, task.done_at = TaskStatus.DONE, clock.now()
    task.done_by = by if getattr(by, "is_authenticated", False) and by.local_authority_id == task.local_authority_id \
        else None
    task.done_note = note.strip()[:300]
    task.save(update_fields=["status", "done_at", "done_by", "done_note", "updated_at"])
    if task.case_id:
        timeline_add(case=task.case, kind=TimelineKind.TASK, subject=task, text=f"Done: {task.title}. {task.done_note}")
        _refresh(task.case)
    return task


@transaction.atomic
def case_close_transferred(*, case: Case, council_name: str, evidence: str) -> Case:
    """Another council accepted the child (through an enquiry from this case): the enquiry to
    them is answered, and the case closes as "moved to another local authority" if the rules
    allow it (they allow it only once that council has accepted)."""
    case = _locked(case)
    if not case.is_open:
        return case
    enquiry = case.enquiries.filter(kind=EnquiryKind.OTHER_LA, about=council_name[:200]).first() or \
        case.enquiries.filter(kind=EnquiryKind.OTHER_LA, status=EnquiryStatus.TO_DO).first()
    if enquiry is None:
        enquiry = _enquiry_append(case, EnquiryKind.OTHER_LA, council_name)
    enquiry.status, enquiry.result, enquiry.done_on = EnquiryStatus.DONE, f"Accepted by {council_name}", clock.today()
    enquiry.save(update_fields=["status", "result", "done_on"])
    outcome = Outcome.MOVED_TO_ANOTHER_LA
    if refusal := case_lifecycle.close_refusal(selectors.case_facts(case), outcome, evidence):
        raise ValidationError(refusal)
    today = clock.today()
    case.state, case.closed_on, case.outcome = CaseState.CLOSED, today, outcome.value
    case.outcome_evidence, case.closed_by = evidence.strip(), None
    _saved(case, None, ["state", "closed_on", "outcome", "outcome_evidence", "closed_by"])
    case.periods.filter(ended_on__isnull=True).update(ended_on=today)
    Task.objects.filter(case=case, status=TaskStatus.OPEN).update(
        status=TaskStatus.DONE, done_at=clock.now(), done_note=f"The case moved to {council_name}"[:300])
    timeline_add(case=case, kind=TimelineKind.CLOSED, text=f"Closed: {outcome.label}. {evidence.strip()}")
    return case
