from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from cme.rules.dfe_return import REASONS_BY_CODE, duration_band

from . import selectors
from .services import task_complete


@login_required
def case_list(request):
    mine = request.GET.get("mine") == "1"
    cases = list(selectors.open_cases(user=request.user, mine_only=mine)[:500])
    today = timezone.localdate()
    rows = [{"case": case, "days": (today - case.start_date).days, "band": duration_band(case.start_date, today).value}
            for case in cases]
    return render(request, "cases/list.html", {"title": "Open CME cases", "rows": rows, "mine": mine})


@login_required
def case_detail(request, case_id: int):
    case = selectors.case_for_view(user=request.user, case_id=case_id, purpose="Viewed case", request=request)
    return render(request, "cases/detail.html", {
        "title": f"Case {case.reference}", "case": case, "reason": REASONS_BY_CODE[case.primary_reason].label,
        "timeline": case.timeline.select_related("by").all(),
        "duration": duration_band(case.start_date, timezone.localdate()).value})


@login_required
def task_list(request):
    tasks = selectors.open_tasks(user=request.user)
    today = timezone.localdate()
    return render(request, "cases/tasks.html", {"title": "Tasks", "tasks": tasks, "today": today,
                                                "ehe": selectors.ehe_records(user=request.user)[:50],
                                                "notifications": selectors.la_notifications(user=request.user)[:50]})


@login_required
@require_POST
def task_done(request, task_id: int):
    task = selectors.task_for_edit(user=request.user, task_id=task_id)
    try:
        task_complete(task=task, officer=request.user)
    except PermissionDenied as problem:
        messages.error(request, str(problem))
    else:
        messages.success(request, f"Done: {task.title}")
    return redirect("cases:tasks")
