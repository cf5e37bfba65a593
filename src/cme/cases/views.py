from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from cme.accounts.access import requires
from cme.accounts.policy import Action
from cme.audit.services import access_record_list, shown
from cme.referrals import triage
from cme.referrals.triage_views import match_choice_items, officer_choices, referral_for_decision, triage_context
from cme.rules.dfe_return import REASONS_BY_CODE, duration_band
from cme.schools import selectors as school_selectors
from cme.schools.models import NewPupilReturn

from . import selectors, services
from .services import task_complete


@requires(Action.VIEW_CASE)
def case_list(request):
    mine = request.GET.get("mine") == "1"
    cases = list(selectors.open_cases(user=request.user, mine_only=mine)[:500])
    access_record_list(user=request.user, record_type="case-list", child_ids=[case.child_id for case in cases],
                       label=shown(len(cases), "case", "cases"),
                       purpose="Listed my open cases" if mine else "Listed open cases", request=request)
    today = timezone.localdate()
    rows = [{"case": case, "days": (today - case.start_date).days, "band": duration_band(case.start_date, today).value}
            for case in cases]
    return render(request, "cases/list.html", {"title": "Open CME cases", "rows": rows, "mine": mine})


@requires(Action.VIEW_CASE)
def case_detail(request, case_id: int):
    case = selectors.case_for_view(user=request.user, case_id=case_id, purpose="Viewed case", request=request)
    return render(request, "cases/detail.html", {
        "title": f"{case.child.full_name}: case {case.reference}", "case": case,
        "reason": REASONS_BY_CODE[case.primary_reason].label,
        "timeline": case.timeline.select_related("by").all(),
        "duration": duration_band(case.start_date, timezone.localdate()).value})


@requires(Action.EDIT_CASE)
def task_list(request):
    tasks = list(selectors.open_tasks(user=request.user))
    ehe = list(selectors.ehe_records(user=request.user)[:50])
    notifications = list(selectors.la_notifications(user=request.user)[:50])
    access_record_list(user=request.user, record_type="task-list",
                       child_ids=[row.child_id for row in (*tasks, *ehe, *notifications)],
                       label=f"{shown(len(tasks), 'task', 'tasks')}, {len(ehe)} EHE, {len(notifications)} notices",
                       purpose="Listed tasks, EHE records and notices to other councils", request=request)
    today = timezone.localdate()
    return render(request, "cases/tasks.html", {"title": "Tasks", "tasks": tasks, "today": today,
                                                "ehe": ehe, "notifications": notifications})


@requires(Action.EDIT_CASE)
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


@requires(Action.TRIAGE_REFERRAL)
@require_POST
def accept_referral(request, reference: str):
    """Triage's Accept: the referral opens a case (or joins the child's open case)."""
    referral = referral_for_decision(request, reference)
    found = triage.candidates(referral)
    form = triage.AcceptForm(request.POST, match_choices=match_choice_items(found), officers=officer_choices(referral))
    if form.is_valid():
        match = form.cleaned_data["match"]
        choice = services.AcceptChoice(
            child_id=int(match.split(":")[1]) if match.startswith("child:") else None,
            primary_reason=form.cleaned_data["primary_reason"], start_date=form.cleaned_data.get("start_date"),
            allocate_to_id=int(form.cleaned_data["allocate_to"]) if form.cleaned_data.get("allocate_to") else None)
        try:
            case = services.case_open_from_referral(referral=referral, officer=request.user, choice=choice)
        except ValidationError as problem:
            form.add_error(None, problem.messages[0])
        else:
            messages.success(request, f"Referral accepted: case {case.reference} for {case.child.full_name}")
            return redirect("cases:detail", case_id=case.pk)
    return render(request, "referrals/triage.html", triage_context(request, referral, found, accept_form=form),
                  status=400)


@requires(Action.CLOSE_CASE)
@require_POST
def found_on_roll(request, pk: int):
    """An officer answers whether the pupil a school's new-pupil return names is the child of an open case."""
    record = school_selectors.return_for_view(user=request.user, model=NewPupilReturn, pk=pk, request=request)
    answer = request.POST.get("same_child")
    if answer not in ("yes", "no"):
        messages.error(request, "Select whether this is the same child")
        return redirect("schools:new-pupil-return", pk=record.pk)
    try:
        services.found_on_roll_decide(record=record, officer=request.user, same_child=answer == "yes")
    except ValidationError as problem:
        messages.error(request, problem.messages[0])
        return redirect("schools:new-pupil-return", pk=record.pk)
    messages.success(request, "Case closed: the child is on a school roll" if answer == "yes"
                     else "Recorded: not the same child. The case stays open.")
    return redirect("cases:detail", case_id=record.matched_case_id)
