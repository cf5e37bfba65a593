"""Writing cases: opening one and adding to its timeline. The casework issue adds the
rest of the lifecycle (enquiries, escalations, transfers, closure)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from cme.accounts.models import User
from cme.accounts.policy import Action, require
from cme.children.models import Child
from cme.rules.dfe_return import REASONS_BY_CODE

from .models import Case, CaseState, Task, TaskStatus, TimelineEntry, TimelineKind


@transaction.atomic
def case_open(*, child: Child, opened_by: Any, primary_reason: int, start_date: dt.date,
              allocate_to_id: int | None = None, summary: str = "",
              state: CaseState = CaseState.WHEREABOUTS_UNKNOWN) -> Case:
    require(opened_by, Action.EDIT_CASE, child)
    if primary_reason not in REASONS_BY_CODE:
        raise ValidationError(f"{primary_reason} is not a DfE primary reason (1 to 20)")
    if start_date > timezone.localdate():
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
    case = child.cases.exclude(state=CaseState.CLOSED).first()
    if case is not None:
        return case, False
    try:
        with transaction.atomic():
            case = Case.objects.create(local_authority_id=child.local_authority_id, child=child,
                                       state=CaseState.WHEREABOUTS_UNKNOWN, primary_reason=primary_reason,
                                       start_date=min(start_date, timezone.localdate()))
    except IntegrityError:  # another notice about the child opened one a moment ago
        return child.cases.exclude(state=CaseState.CLOSED).get(), False
    timeline_add(case=case, kind=TimelineKind.OPENED, text=f"CME enquiry opened from {opened_because}")
    return case, True


def timeline_add(*, case: Case, kind: TimelineKind, text: str, by: Any = None, link_url: str = "",
                 at: dt.datetime | None = None) -> TimelineEntry:
    return TimelineEntry.objects.create(case=case, kind=kind, text=text, link_url=link_url,
                                        by=by if getattr(by, "is_authenticated", False) else None,
                                        occurred_at=at or timezone.now())


def task_complete(*, task: Task, officer: Any, note: str = "") -> Task:
    """An officer marks a task done; the note says who, unless they gave one."""
    require(officer, Action.EDIT_CASE, task)
    if task.status == TaskStatus.DONE:
        raise PermissionDenied("This task is already done")
    task.status = TaskStatus.DONE
    task.done_at = timezone.now()
    task.done_note = (note or f"Marked done by {officer.full_name}")[:300]
    task.save(update_fields=["status", "done_at", "done_note"])
    return task
