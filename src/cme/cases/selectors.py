"""Reading cases. A case page shows a child's data, so each view is logged."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from cme.accounts.policy import Action, decide, require
from cme.audit.services import access_record

from .models import OPEN_STATES, Case, EheRecord, LaNotification, Task, TaskStatus


def case_for_view(*, user: Any, case_id: int, purpose: str, request: Any = None) -> Case:
    case = Case.objects.select_related("child", "allocated_to", "local_authority").filter(pk=case_id).first()
    if case is None:
        raise Http404("No case with that reference")
    decision = decide(user, Action.VIEW_CASE, case)
    if case.local_authority_id == getattr(user, "local_authority_id", None):
        access_record(user=user, local_authority_id=case.local_authority_id, record_type="case", record_id=case.pk,
                      record_label=f"{case.reference} {case.child.full_name}" if decision else case.reference,
                      purpose=purpose, request=request, granted=decision.allowed, child_ids=[case.child_id])
    if not decision:
        raise Http404("No case with that reference")
    return case


def open_cases(*, user: Any, mine_only: bool = False) -> QuerySet[Case]:
    require(user, Action.VIEW_CASE, user.local_authority)
    cases = Case.objects.filter(local_authority_id=user.local_authority_id, state__in=OPEN_STATES)
    if mine_only:
        cases = cases.filter(allocated_to=user)
    return cases.select_related("child", "allocated_to").order_by("start_date")


def open_tasks(*, user: Any) -> QuerySet[Task]:
    require(user, Action.EDIT_CASE, user.local_authority)
    return (Task.objects.filter(local_authority_id=user.local_authority_id, status=TaskStatus.OPEN)
            .select_related("child", "case").order_by("due_on", "id"))


def task_for_edit(*, user: Any, task_id: int) -> Task:
    task = Task.objects.filter(pk=task_id, local_authority_id=user.local_authority_id).first()
    if task is None:
        raise Http404("No such task")
    require(user, Action.EDIT_CASE, task)
    return task


def ehe_records(*, user: Any) -> QuerySet[EheRecord]:
    require(user, Action.VIEW_CHILD, user.local_authority)
    return EheRecord.objects.filter(local_authority_id=user.local_authority_id).select_related("child")


def la_notifications(*, user: Any) -> QuerySet[LaNotification]:
    """Notifications this LA sent, and those other LAs on the service sent to it."""
    require(user, Action.VIEW_CHILD, user.local_authority)
    from django.db.models import Q

    return (LaNotification.objects.filter(Q(from_la_id=user.local_authority_id) | Q(to_la_id=user.local_authority_id))
            .select_related("from_la", "to_la", "child"))
