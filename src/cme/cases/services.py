"""Writing casework: the only place cases, tasks, timeline entries and notices are
written. Opening a case (by an officer, from a referral, or as an enquiry the system
opens from a statutory notice), raising and completing tasks, the timeline, and the
found-on-roll decision that closes a case."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from cme.accounts.models import User
from cme.accounts.policy import Action, require
from cme.children.models import Child
from cme.core import clock
from cme.referrals import services as referrals
from cme.referrals.models import Referral
from cme.rules import dfe_return
from cme.rules.dfe_return import REASONS_BY_CODE
from cme.schools import services as schools
from cme.schools.models import MatchStatus, NewPupilReturn

from .models import Case, CaseState, Task, TaskKind, TaskStatus, TimelineEntry, TimelineKind


@transaction.atomic
def case_open(*, child: Child, opened_by: Any, primary_reason: int, start_date: dt.date,
              allocate_to_id: int | None = None, summary: str = "",
              state: CaseState = CaseState.WHEREABOUTS_UNKNOWN) -> Case:
    require(opened_by, Action.EDIT_CASE, child)
    if primary_reason not in REASONS_BY_CODE:
        raise ValidationError(f"{primary_reason} is not a DfE primary reason (1 to 20)")
    if start_date > clock.today():
        raise ValidationError("The start date cannot be in the future")
    allocated = None
    if allocate_to_id:
        allocated = User.objects.get(pk=allocate_to_id, local_authority_id=child.local_authority_id)
        require(allocated, Action.EDIT_CASE, child)
    try:
        with transaction.atomic():
            case = Case.objects.create(local_authority_id=child.local_authority_id, child=child, state=state,
                                       allocated_to=allocated, primary_reason=primary_reason, start_date=start_date)
    except IntegrityError:
        raise ValidationError(f"{child.full_name} already has an open CME case") from None
    timeline_add(case=case, kind=TimelineKind.OPENED, by=opened_by,
                 text=summary or f"Case opened: {REASONS_BY_CODE[primary_reason].label}")
    if allocated:
        timeline_add(case=case, kind=TimelineKind.ALLOCATED, by=opened_by, text=f"Allocated to {allocated.full_name}")
    return case


@transaction.atomic
def enquiry_for(*, child: Child, primary_reason: int, start_date: dt.date, opened_because: str) -> tuple[Case, bool]:
    """The child's open CME case, or a new enquiry the system opens (whereabouts unknown) because of a
    statutory notice (a school's deletion return, a lost-pupil CTF): no officer has opened it yet, so no
    one is allocated. Returns the case and whether it was opened now."""
    if primary_reason not in REASONS_BY_CODE:
        raise ValidationError(f"{primary_reason} is not a DfE primary reason (1 to 20)")
    case = Case.objects.open_for(child)
    if case is not None:
        return case, False
    try:
        with transaction.atomic():
            case = Case.objects.create(local_authority_id=child.local_authority_id, child=child,
                                       state=CaseState.WHEREABOUTS_UNKNOWN, primary_reason=primary_reason,
                                       start_date=min(start_date, clock.today()))
    except IntegrityError:  # another notice about the child opened one a moment ago
        return Case.objects.open().get(child=child), False
    timeline_add(case=case, kind=TimelineKind.OPENED, text=f"CME enquiry opened from {opened_because}")
    return case, True


def timeline_add(*, case: Case, kind: TimelineKind, text: str, by: Any = None, link_url: str = "",
                 at: dt.datetime | None = None) -> TimelineEntry:
    return TimelineEntry.objects.create(case=case, kind=kind, text=text, link_url=link_url,
                                        by=by if getattr(by, "is_authenticated", False) else None,
                                        occurred_at=at or clock.now())


def task_raise(*, local_authority_id: int, kind: TaskKind, title: str, due_on: dt.date | None, child: Child,
               case: Case | None = None, detail: str = "", **about: Any) -> Task:
    """A task the service raises from a rule, for an officer to do by a date. `about` names the
    return it came from (deletion_return=..., new_pupil_return=...)."""
    return Task.objects.create(local_authority_id=local_authority_id, kind=kind, title=title, detail=detail,
                               due_on=due_on, child=child, case=case, **about)


def tasks_complete(*, child: Child, kind: TaskKind, note: str, **about: Any) -> int:
    """The service closes the open tasks of this kind about a child: what they waited for has happened."""
    return (Task.objects.filter(child=child, kind=kind, status=TaskStatus.OPEN, **about)
            .update(status=TaskStatus.DONE, done_at=clock.now(), done_note=note[:300]))


def task_complete(*, task: Task, officer: Any, note: str = "") -> Task:
    """An officer marks a task done; the note says who, unless they gave one."""
    require(officer, Action.EDIT_CASE, task)
    if task.status == TaskStatus.DONE:
        raise PermissionDenied("This task is already done")
    task.status = TaskStatus.DONE
    task.done_at = clock.now()
    task.done_note = (note or f"Marked done by {officer.full_name}")[:300]
    task.save(update_fields=["status", "done_at", "done_note"])
    return task


# -- a school's new-pupil return found a child with an open case ----------------------------

@transaction.atomic
def found_on_roll_decide(*, record: NewPupilReturn, officer: Any, same_child: bool) -> NewPupilReturn:
    """The officer confirms (closing the case as on roll) or dismisses a found-on-roll match."""
    case = record.matched_case
    if case is None or record.match_status != MatchStatus.FOUND_ON_ROLL:
        raise ValidationError("This return is not waiting for a found-on-roll decision")
    require(officer, Action.CLOSE_CASE, case)
    tasks_complete(child=record.child, kind=TaskKind.FOUND_ON_ROLL, new_pupil_return=record,
                   note="Confirmed" if same_child else "Not the same child")
    if same_child:
        schools.new_pupil_return_set_match(record=record, status=MatchStatus.CONFIRMED)
        case.state = CaseState.CLOSED
        case.closed_on = clock.today()
        case.closure_reason = f"On roll and attending: {record.school.name} (school confirmed)"
        case.save()
        timeline_add(case=case, kind=TimelineKind.CLOSED, by=officer, text=case.closure_reason)
    else:
        schools.new_pupil_return_set_match(record=record, status=MatchStatus.DISMISSED)
        timeline_add(case=case, kind=TimelineKind.NOTE, by=officer,
                     text=f"The pupil entered on {record.school.name}'s roll is not this child")
    return record


# -- triage: accepting a referral opens (or adds to) a case ---------------------------------

@dataclass(frozen=True)
class AcceptChoice:
    """How to accept: a new child, a known child, or an open case."""

    child_id: int | None = None
    case_id: int | None = None
    primary_reason: int = dfe_return.UNKNOWN
    start_date: dt.date | None = None
    allocate_to_id: int | None = None


@transaction.atomic
def case_open_from_referral(*, referral: Referral, officer: Any, choice: AcceptChoice) -> Case:
    """Accept a referral at triage: into the child's open case, or a new case (adding the child
    to the index first if the team did not know them). The referrer is told."""
    require(officer, Action.TRIAGE_REFERRAL, referral)
    referrals.require_waiting(referral)
    if choice.case_id:
        case = Case.objects.select_for_update().get(pk=choice.case_id, local_authority=referral.local_authority)
        if not case.is_open:
            raise ValidationError("That case is closed: open a new case for the child instead")
        child = case.child
    else:
        if choice.child_id:
            child = Child.objects.get(pk=choice.child_id, local_authority=referral.local_authority)
        else:
            child = referrals.child_from_referral(referral=referral, officer=officer)
        case = Case.objects.open_for(child) or case_open(
            child=child, opened_by=officer, primary_reason=choice.primary_reason,
            start_date=choice.start_date or referrals.default_start_date(referral),
            allocate_to_id=choice.allocate_to_id, summary=f"Opened from referral {referral.reference}")
    timeline_add(case=case, kind=TimelineKind.REFERRAL, by=officer,
                 text=f"Referral {referral.reference} from {referrals.referrer_label(referral)} accepted",
                 link_url=reverse("referrals:triage", args=[referral.reference]))
    referrals.referral_record_acceptance(referral=referral, officer=officer, child=child, case=case)
    return case
