"""The casework pages: the case list and the unallocated queue, the case page (its key
processes, enquiries, provision, risk and chronology), one page for each thing an officer
records, allocation, closing and reopening, and the task list. Views read through the
selectors and write through the services; a save that began before someone else's is
refused with what they changed (409)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from cme.accounts.access import requires
from cme.accounts.policy import Action, can
from cme.audit.selectors import stale_message
from cme.audit.services import access_record
from cme.children.selectors import child_history
from cme.core import clock
from cme.core.history import StaleEdit
from cme.core.words import counted
from cme.referrals import triage
from cme.referrals.triage_views import match_choice_items, officer_choices, referral_for_decision, triage_context
from cme.rules import case_lifecycle, escalation
from cme.rules.case_lifecycle import EnquiryKind, Outcome, State
from cme.rules.dfe_return import REASONS_BY_CODE, duration_band
from cme.rules.risk_indicators import INDICATORS
from cme.schools import selectors as school_selectors
from cme.schools.models import NewPupilReturn, School

from . import forms, selectors, services
from .models import (
    Case,
    CaseDocument,
    CaseNeeds,
    CaseState,
    EnquiryStatus,
    Escalation,
    PlacementKind,
    PlacementStatus,
    RiskLevel,
)

RISK_TAGS = {"high": "govuk-tag--red", "medium": "govuk-tag--orange", "low": "govuk-tag--yellow",
             "none": "govuk-tag--grey"}
STATE_TAGS = {"received": "govuk-tag--purple", "making-enquiries": "govuk-tag--red", "located": "govuk-tag--blue",
              "arranging-placement": "govuk-tag--turquoise", "monitoring": "govuk-tag--green", "closed": "govuk-tag--grey"}
TEMPLATE_GLOBALS = {"risk_tags": RISK_TAGS, "state_tags": STATE_TAGS, "state_labels": dict(CaseState.choices),
                    "risk_labels": dict(RiskLevel.choices)}


def _posted(request):
    return request.POST if request.method == "POST" else None


# -- lists --------------------------------------------------------------------------------

@requires(Action.VIEW_CASE)
def case_list(request):
    get = request.GET
    filters = selectors.CaseFilters(
        status=get.get("status", "open") if get.get("status") in ("open", "closed", "all", *CaseState.values) else "open",
        officer=get.get("officer", "") if get.get("officer", "") in ("", "me", "none") or get.get("officer", "").isdigit()
        else "",
        risk=tuple(r for r in get.getlist("risk") if r in RiskLevel.values),
        whereabouts=get.get("whereabouts", "") if get.get("whereabouts") in ("known", "unknown") else "",
        search=get.get("q", "")[:100], sort=get.get("sort", "start") if get.get("sort") in selectors.SORTS else "start")
    if get.get("mine") == "1":  # the old link
        filters = selectors.CaseFilters(officer="me")
    page = selectors.page_of(selectors.CasesByPage(selectors.cases_list(user=request.user, filters=filters,
                                                                         request=request)), get.get("page"))
    selectors.cases_shown(user=request.user, filters=filters, page=page, request=request)
    today = clock.today()
    rows = [{"case": case, "days": ((case.closed_on or today) - case.start_date).days,
             "band": duration_band(case.start_date, case.closed_on or today).value} for case in page.object_list]
    return render(request, "cases/list.html", {
        "title": "Unallocated cases" if filters.officer == "none" else "CME cases", "rows": rows, "page": page,
        "filters": filters, "officers": selectors.officer_names(user=request.user), "states": CaseState.choices,
        "risks": RiskLevel.choices, **TEMPLATE_GLOBALS})


@requires(Action.EDIT_CASE)
def task_list(request):
    show = request.GET.get("show", "mine")
    done = show == "done"
    tasks = list(selectors.tasks_list(user=request.user, mine=show != "all", done=done, request=request)[:300])
    ehe = list(selectors.ehe_records(user=request.user)[:50])
    notifications = list(selectors.la_notifications(user=request.user)[:50])
    selectors.tasks_shown(user=request.user, tasks=tasks, ehe=ehe, notifications=notifications, done=done,
                          request=request)
    today = clock.today()
    return render(request, "cases/tasks.html", {
        "title": "Tasks", "tasks": [(task, selectors.task_state(task, today)) for task in tasks], "show": show,
        "today": today, "ehe": ehe, "notifications": notifications})


@requires(Action.EDIT_CASE)
@require_POST
def task_done(request, task_id: int):
    task = selectors.task_for_edit(user=request.user, task_id=task_id)
    form = forms.TaskDoneForm(request.POST)
    form.is_valid()
    try:
        services.task_complete(task=task, officer=request.user, note=form.cleaned_data.get("outcome", ""),
                               version=form.cleaned_data.get("version"))
    except StaleEdit as stale:
        messages.error(request, stale_message(stale.current, "this task"))
    except (ValidationError, PermissionDenied) as problem:
        messages.error(request, _message(problem))
    else:
        messages.success(request, f"Done: {task.title}")
    target = request.POST.get("next", "")
    return redirect(target if target.startswith("/cases/") else reverse("cases:tasks"))


def _message(problem: Exception) -> str:
    return problem.messages[0] if isinstance(problem, ValidationError) else str(problem)


# -- the case page ------------------------------------------------------------------------

def _view(request, case_id: int, purpose: str = "Viewed case", action: Action = Action.VIEW_CASE,
          case_page: bool = False) -> Case:
    return selectors.case_for_view(user=request.user, case_id=case_id, purpose=purpose, request=request, action=action,
                                   case_page=case_page)


@requires(Action.VIEW_CASE)
def case_detail(request, case_id: int):
    case = _view(request, case_id, case_page=True)
    enquiries = selectors.enquiries_of(case)
    placements = selectors.placements_of(case)
    facts = selectors.case_facts(case, enquiries=enquiries, placements=placements)
    kind = request.GET.get("kind", "")
    today = clock.today()
    started = next((p for p in placements if p.status == PlacementStatus.STARTED), None)
    user = request.user
    return render(request, "cases/detail.html", {
        "title": f"{case.child.full_name}: case {case.reference}", "case": case, "facts": facts,
        "reason": REASONS_BY_CODE[case.primary_reason].label,
        "duration": duration_band(case.start_date, case.closed_on or today).value,
        "processes": case_lifecycle.key_processes(facts),
        "enquiries": enquiries,
        "placements": placements, "started": started,
        "checks": list(case.attendance_checks.select_related("placement")[:20]) if started else [],  # shown with it
        # No query for what the page will not show: needs the facts say are not recorded (home visits
        # are in the chronology), referrals, answers, indicators and documents the case has none of.
        "escalations": list(case.escalations.select_related("made_by")) if case.has_escalations else [],
        "recommendations": escalation.recommend(_escalation_answers(case) if case.has_escalation_answers else {},
                                                _indicators(case) if case.has_indicators else []),
        "documents": list(case.documents.all()) if case.has_documents else [],
        "needs": CaseNeeds.objects.filter(case=case).first() if facts.needs_recorded else None,
        "tasks": [(t, selectors.task_state(t, today)) for t in selectors.open_tasks_of(case)],
        "timeline": selectors.timeline_for(case, kind), "timeline_filters": selectors.TIMELINE_FILTERS, "kind": kind,
        "can_edit": can(user, Action.EDIT_CASE, case) and case.is_open,
        "can_close": can(user, Action.CLOSE_CASE, case) and case.is_open,
        "can_reopen": can(user, Action.EDIT_CASE, case) and not case.is_open,
        "can_allocate": can(user, Action.ALLOCATE_CASE, case) and case.is_open,
        "can_take": (case.is_open and case.allocated_to_id is None and can(user, Action.EDIT_CASE, case)
                     and case.local_authority.officers_take_cases),
        "can_see_history": can(user, Action.VIEW_CHANGE_HISTORY, case),
        "monitoring_checks": facts.attendance_checks_needed, **TEMPLATE_GLOBALS})


def _escalation_answers(case: Case) -> dict[str, bool | None]:
    return {row.question: row.answer for row in case.escalation_answers.all() if row.question in escalation.BY_KEY}


def _indicators(case: Case) -> list:
    from cme.rules.risk_indicators import Answer, IndicatorAnswer, Timing

    found = []
    for row in case.indicators.all():
        try:
            found.append(IndicatorAnswer(row.number, Answer(row.answer), Timing(row.timing) if row.timing else None))
        except ValueError:
            continue
    return found


@requires(Action.VIEW_CHANGE_HISTORY)
def case_history(request, case_id: int):
    case = _view(request, case_id, "Viewed the change history of a case", Action.VIEW_CHANGE_HISTORY)
    history = child_history(user=request.user, child=case.child)
    return render(request, "cases/history.html", {"title": f"History of changes to case {case.reference}",
                                                  "case": case, "history": history})


@requires(Action.VIEW_CASE)
def document_download(request, document_id: int):
    document = CaseDocument.objects.select_related("case__child").filter(pk=document_id).first()
    if document is None:
        raise Http404("No such document")
    case = _view(request, document.case_id, f"Opened document {document.original_name}")
    access_record(user=request.user, local_authority_id=case.local_authority_id, record_type="case-document",
                  record_id=document.pk, record_label=f"{case.reference} {document.original_name}",
                  purpose="Downloaded a case document", request=request, child_ids=[case.child_id])
    return FileResponse(document.file.open("rb"), as_attachment=True, filename=document.original_name,
                        content_type=document.content_type)


# -- one page per thing an officer records ---------------------------------------------------

def _form_page(request, case: Case, form, *, title: str, template: str = "cases/form.html",
               button: str = "Save", status: int | None = None, **context: Any):
    return render(request, template, {"title": title, "case": case, "form": form, "button": button,
                                      "back": reverse("cases:detail", args=[case.pk]), **context},
                  status=status or (400 if form.is_bound and form.errors else 200))


def _edit(request, case_id: int, purpose: str, action: Action = Action.EDIT_CASE) -> Case:
    case = _view(request, case_id, purpose, action)
    if not case.is_open and action is not Action.EDIT_CASE:
        raise PermissionDenied("The case is closed")
    return case


def _save(request, case: Case, form, write: Callable[[], Any], *, done: str, what: str = "this case",
          title: str, **page: Any):
    """Run a service for a valid form; its refusal goes on the form, a stale edit shows what changed."""
    try:
        write()
    except StaleEdit as stale:
        form.add_error(None, stale_message(stale.current, what))
        fresh = Case.objects.get(pk=case.pk)
        if "version" in form.fields:
            data = form.data.copy()
            data["version"] = str(getattr(stale.current, "version", fresh.version))
            form.data = data
        return _form_page(request, fresh, form, title=title, status=409, **page)
    except (ValidationError, PermissionDenied) as problem:
        form.add_error(None, _message(problem))
        return _form_page(request, case, form, title=title, **page)
    messages.success(request, done)
    return redirect("cases:detail", case_id=case.pk)


@requires(Action.EDIT_CASE)
def whereabouts(request, case_id: int):
    case = _edit(request, case_id, "Changed whereabouts")
    form = forms.WhereaboutsForm(_posted(request), initial={"known": "yes" if case.whereabouts_known else "no",
                                                           "version": case.version})
    title = "Where the child is"
    if form.is_bound and form.is_valid():
        known = form.cleaned_data["known"] == "yes"
        return _save(request, case, form, lambda: services.case_set_whereabouts(
            case=case, officer=request.user, known=known, where=form.cleaned_data["where"],
            version=form.cleaned_data["version"]), done="Whereabouts recorded", title=title)
    return _form_page(request, case, form, title=title)


@requires(Action.EDIT_CASE)
def reason(request, case_id: int):
    case = _edit(request, case_id, "Changed the DfE reason")
    form = forms.ReasonForm(_posted(request), initial={"primary_reason": case.primary_reason, "version": case.version})
    title = "Main reason the child is missing education"
    if form.is_bound and form.is_valid():
        return _save(request, case, form, lambda: services.case_change_reason(
            case=case, officer=request.user, primary_reason=form.cleaned_data["primary_reason"],
            version=form.cleaned_data["version"]), done="Reason changed", title=title)
    return _form_page(request, case, form, title=title)


@requires(Action.EDIT_CASE)
def start_date(request, case_id: int):
    case = _edit(request, case_id, "Changed the start date")
    form = forms.StartDateForm(_posted(request), initial={"start_date": case.start_date, "version": case.version})
    title = "When the child started missing education"
    if form.is_bound and form.is_valid():
        return _save(request, case, form, lambda: services.case_change_start_date(
            case=case, officer=request.user, start_date=form.cleaned_data["start_date"],
            version=form.cleaned_data["version"]), done="Start date changed", title=title)
    return _form_page(request, case, form, title=title)


@requires(Action.EDIT_CASE)
def move(request, case_id: int):
    case = _edit(request, case_id, "Moved a case on")
    choices = [(state.value, state.label) for state in sorted(case_lifecycle.MOVES[State(case.state)],
                                                               key=list(State).index) if state is not State.CLOSED]
    form = forms.MoveForm(_posted(request), choices=choices, initial={"version": case.version})
    title = "Where has the case got to?"
    if not choices:
        raise PermissionDenied("The case is closed: reopen it to work on it again")
    if form.is_bound and form.is_valid():
        to = State(form.cleaned_data["to"])
        return _save(request, case, form, lambda: services.case_move(case=case, officer=request.user, to=to,
                                                                     version=form.cleaned_data["version"]),
                     done=f"The case is now: {to.label.lower()}", title=title)
    return _form_page(request, case, form, title=title)


@requires(Action.EDIT_CASE)
def action_new(request, case_id: int):
    case = _edit(request, case_id, "Recorded an enquiry")
    enquiries = [(str(e.pk), f"{e.label} ({e.get_status_display().lower()})") for e in case.enquiries.all()]
    chosen = request.GET.get("enquiry", "")
    form = forms.ActionForm(_posted(request), enquiries=enquiries, initial={"enquiry": chosen, "day": clock.today()})
    title = "Record an enquiry or contact"
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        enquiry = case.enquiries.filter(pk=int(data["enquiry"])).first() if data["enquiry"] else None
        return _save(request, case, form, lambda: services.action_record(
            case=case, officer=request.user, enquiry=enquiry, occurred_at=forms.at(data["day"], data["time"]),
            method=data["method"], whom=data["whom"], outcome=data["outcome"], answer=data["answer"]),
            done="Enquiry recorded", title=title)
    return _form_page(request, case, form, title=title)


@requires(Action.EDIT_CASE)
def enquiry_status(request, case_id: int, enquiry_id: int):
    case = _edit(request, case_id, "Updated an enquiry")
    enquiry = case.enquiries.filter(pk=enquiry_id).first()
    if enquiry is None:
        raise Http404("No such enquiry on this case")
    form = forms.EnquiryStatusForm(_posted(request))
    title = enquiry.label
    if form.is_bound and form.is_valid():
        return _save(request, case, form, lambda: services.enquiry_set_status(
            enquiry=enquiry, officer=request.user, status=EnquiryStatus(form.cleaned_data["status"]),
            result=form.cleaned_data["result"]), done="Enquiry updated", title=title)
    return _form_page(request, case, form, title=title)


@requires(Action.EDIT_CASE)
def enquiry_add(request, case_id: int):
    case = _edit(request, case_id, "Added an enquiry")
    form = forms.EnquiryAddForm(_posted(request))
    title = "Add an enquiry to the checklist"
    if form.is_bound and form.is_valid():
        return _save(request, case, form, lambda: services.enquiry_add(
            case=case, officer=request.user, kind=EnquiryKind(form.cleaned_data["kind"]),
            about=form.cleaned_data["about"]), done="Enquiry added", title=title)
    return _form_page(request, case, form, title=title)


@requires(Action.EDIT_CASE)
def visit_new(request, case_id: int):
    case = _edit(request, case_id, "Recorded a home visit")
    address = case.child.current_address() or case.child.addresses.first()
    form = forms.VisitForm(_posted(request), initial={"day": clock.today(), "address": str(address or ""),
                                                     "visitors": request.user.full_name})
    title = "Record a home visit"
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        return _save(request, case, form, lambda: services.visit_record(
            case=case, officer=request.user, visited_at=forms.at(data["day"], data["time"]),
            visitors=data["visitors"], address=data["address"], seen=data["seen"], occupied=data["occupied"],
            neighbours=data["neighbours"], notes=data["notes"]), done="Home visit recorded", title=title)
    return _form_page(request, case, form, title=title)


NEEDS_FLAGS = ("child_protection_plan", "looked_after", "has_social_worker", "gypsy_roma_traveller", "service_family",
               "new_arrival", "temporary_accommodation")


@requires(Action.EDIT_CASE)
def needs(request, case_id: int):
    case = _edit(request, case_id, "Recorded the child's needs")
    current = CaseNeeds.objects.filter(case=case).first()
    child = case.child
    initial = {"flags": [flag for flag in NEEDS_FLAGS if getattr(child, flag)],
               "version": current.version if current else None}
    if current is not None:
        initial.update(sen=current.sen, health=current.health, first_language=current.first_language,
                       safeguarding=current.safeguarding, other=current.other,
                       interpreter_needed={True: "yes", False: "no"}.get(current.interpreter_needed, ""))
    form = forms.NeedsForm(_posted(request), initial=initial)
    title = "The child's needs"
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        return _save(request, case, form, lambda: services.needs_record(
            case=case, officer=request.user, version=data["version"], sen=data["sen"], health=data["health"],
            first_language=data["first_language"], interpreter_needed=data["interpreter"],
            safeguarding=data["safeguarding"], other=data["other"],
            child_flags={flag: flag in data["flags"] for flag in NEEDS_FLAGS}),
            done="Needs recorded", what="the child's needs", title=title)
    return _form_page(request, case, form, title=title)


def _school_choices(case: Case) -> list[tuple[str, str]]:
    return [(str(pk), name) for pk, name in School.objects.filter(
        local_authority_id=case.local_authority_id, is_open=True).order_by("name").values_list("pk", "name")]


@requires(Action.EDIT_CASE)
def placement(request, case_id: int, placement_id: int | None = None):
    case = _edit(request, case_id, "Recorded provision")
    existing = None
    initial: dict[str, Any] = {}
    if placement_id is not None:
        existing = case.placements.filter(pk=placement_id).first()
        if existing is None:
            raise Http404("No such provision on this case")
        initial = {"kind": existing.kind, "school": str(existing.school_id or ""), "provider_name": existing.provider_name,
                   "status": existing.status, "applied_on": existing.applied_on, "offered_on": existing.offered_on,
                   "start_date": existing.start_date, "notes": existing.notes, "version": existing.version}
    form = forms.PlacementForm(_posted(request), schools=_school_choices(case), initial=initial)
    title = "Provision for the child" if existing is None else f"Provision: {existing.where}"
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        return _save(request, case, form, lambda: services.placement_record(
            case=case, officer=request.user, kind=PlacementKind(data["kind"]), status=PlacementStatus(data["status"]),
            school_id=int(data["school"]) if data["school"] else None, provider_name=data["provider_name"],
            applied_on=data["applied_on"], offered_on=data["offered_on"], start_date=data["start_date"],
            notes=data["notes"], placement=existing, version=data["version"]),
            done="Provision recorded", what="this provision", title=title)
    return _form_page(request, case, form, title=title)


@requires(Action.EDIT_CASE)
def attendance(request, case_id: int):
    case = _edit(request, case_id, "Recorded attendance")
    started = case.placements.filter(status=PlacementStatus.STARTED).select_related("school").order_by(
        "-start_date").first()
    if started is None:
        raise PermissionDenied("Record the provision and the day the child started first")
    form = forms.AttendanceForm(_posted(request), initial={"checked_on": clock.today()})
    title = f"Attendance at {started.where}"
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        return _save(request, case, form, lambda: services.attendance_record(
            case=case, officer=request.user, placement=started, checked_on=data["checked_on"],
            attending=data["attending"], percent=data["percent"], told_by=data["told_by"], note=data["note"]),
            done="Attendance recorded", title=title)
    return _form_page(request, case, form, title=title)


@requires(Action.EDIT_CASE)
def risk(request, case_id: int):
    case = _edit(request, case_id, "Reviewed the risk")
    initial: dict[str, Any] = {"version": case.version}
    for row in case.indicators.all():
        initial[f"indicator_{row.number}"] = "no" if row.answer == "no" else f"yes-{row.timing or 'current'}"
    for key, value in _escalation_answers(case).items():
        initial[key] = {True: "yes", False: "no"}.get(value, "")
    form = forms.RiskForm(_posted(request), initial=initial)
    title = "Risk: indicators, police and social care"
    page = {"template": "cases/risk.html", "indicators": INDICATORS, "questions": escalation.QUESTIONS}
    if form.is_bound and form.is_valid():
        def write():
            services.indicators_save(case=case, officer=request.user, answers=form.indicator_answers(),
                                     version=form.cleaned_data["version"])
            services.escalation_answers_save(case=case, officer=request.user, answers=form.escalation_answers(),
                                             version=None)

        return _save(request, case, form, write, done="Risk updated", title=title, **page)
    return _form_page(request, case, form, title=title, **page)


@requires(Action.EDIT_CASE)
def escalation_new(request, case_id: int):
    case = _edit(request, case_id, "Recorded a referral to the police or social care")
    form = forms.EscalationForm(_posted(request), initial={"made_on": clock.today(),
                                                          "agency": request.GET.get("agency", "")})
    title = "Record a referral to the police or children's social care"
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        return _save(request, case, form, lambda: services.escalation_record(
            case=case, officer=request.user, agency=data["agency"], made_on=data["made_on"],
            reference=data["reference"], reason=data["reason"]), done="Referral recorded", title=title)
    return _form_page(request, case, form, title=title)


@requires(Action.EDIT_CASE)
def escalation_outcome(request, escalation_id: int):
    made = Escalation.objects.filter(pk=escalation_id).first()
    if made is None:
        raise Http404("No such referral")
    case = _edit(request, made.case_id, "Recorded the outcome of a referral")
    form = forms.EscalationOutcomeForm(_posted(request), initial={"outcome": made.outcome, "version": made.version,
                                                                 "outcome_on": made.outcome_on or clock.today()})
    title = f"Outcome of the referral to {made.get_agency_display().lower()}"
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        return _save(request, case, form, lambda: services.escalation_outcome(
            made=made, officer=request.user, outcome=data["outcome"], outcome_on=data["outcome_on"],
            version=data["version"]), done="Outcome recorded", what="this referral", title=title)
    return _form_page(request, case, form, title=title)


@requires(Action.EDIT_CASE)
def note_new(request, case_id: int):
    case = _edit(request, case_id, "Added a note")
    form = forms.NoteForm(_posted(request))
    title = "Add a note"
    if form.is_bound and form.is_valid():
        return _save(request, case, form, lambda: services.note_add(case=case, officer=request.user,
                                                                    text=form.cleaned_data["text"]),
                     done="Note added", title=title)
    return _form_page(request, case, form, title=title)


@requires(Action.EDIT_CASE)
def document_new(request, case_id: int):
    case = _edit(request, case_id, "Added a document")
    form = forms.DocumentForm(request.POST if request.method == "POST" else None,
                              request.FILES if request.method == "POST" else None)
    title = "Add a document"
    if form.is_bound and form.is_valid():
        return _save(request, case, form, lambda: services.document_add(
            case=case, officer=request.user, upload=form.cleaned_data["file"],
            description=form.cleaned_data["description"]), done="Document added", title=title,
            multipart=True)
    return _form_page(request, case, form, title=title, multipart=True)


@requires(Action.EDIT_CASE)
def task_new(request, case_id: int):
    case = _edit(request, case_id, "Added a task")
    officers = [(str(u.pk), u.full_name) for u in selectors.officers(user=request.user)]
    form = forms.TaskForm(_posted(request), officers=officers)
    title = "Add a task"
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        return _save(request, case, form, lambda: services.task_add(
            case=case, officer=request.user, title=data["title"], due_on=data["due_on"],
            owner_id=int(data["owner"]) if data["owner"] else None), done="Task added", title=title)
    return _form_page(request, case, form, title=title)


@requires(Action.EDIT_CASE)
def allocate(request, case_id: int):
    case = _edit(request, case_id, "Allocated a case")
    if not can(request.user, Action.ALLOCATE_CASE, case):
        raise PermissionDenied("Only a manager allocates cases; you can take an unallocated case from its page")
    officers = [(str(row["user"].pk), f"{row['user'].full_name} ({row['user'].role_label})", _workload_hint(row))
                for row in selectors.team_workload(user=request.user)]
    form = forms.AllocateForm(_posted(request), officers=officers,
                              initial={"officer": str(case.allocated_to_id or "none"), "version": case.version})
    title = "Allocate the case"
    if form.is_bound and form.is_valid():
        chosen = form.cleaned_data["officer"]
        return _save(request, case, form, lambda: services.case_allocate(
            case=case, by=request.user, officer_id=None if chosen == "none" else int(chosen),
            version=form.cleaned_data["version"]), done="Allocation saved", title=title)
    return _form_page(request, case, form, title=title)


def _workload_hint(row: dict[str, Any]) -> str:
    """"27 open cases, 2 at high risk, 1 overdue task": what a manager weighs before allocating."""
    return ", ".join([counted(row["cases"], "open case"), f"{row['high_risk']:,} at high risk",
                      counted(row["overdue"], "overdue task")])


@requires(Action.EDIT_CASE)
@require_POST
def take(request, case_id: int):
    case = _edit(request, case_id, "Took a case")
    try:
        services.case_allocate(case=case, by=request.user, officer_id=request.user.pk,
                               version=int(request.POST.get("version") or case.version))
    except StaleEdit as stale:
        messages.error(request, stale_message(stale.current, "this case"))
    except (ValidationError, PermissionDenied) as problem:
        messages.error(request, _message(problem))
    else:
        messages.success(request, "The case is now yours")
    return redirect("cases:detail", case_id=case.pk)


@requires(Action.CLOSE_CASE)
def close(request, case_id: int):
    case = _edit(request, case_id, "Closed a case", Action.CLOSE_CASE)
    if not case.is_open:
        raise PermissionDenied("The case is already closed")
    form = forms.CloseForm(_posted(request), initial={"version": case.version})
    title = "Close the case"
    facts = selectors.case_facts(case)
    refusals = {outcome: case_lifecycle.close_refusal(facts, outcome, "evidence") for outcome in Outcome}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        return _save(request, case, form, lambda: services.case_close(
            case=case, officer=request.user, outcome=Outcome(data["outcome"]), evidence=data["evidence"],
            version=data["version"]), done="Case closed", title=title, template="cases/close.html",
            refusals=refusals)
    return _form_page(request, case, form, title=title, template="cases/close.html", refusals=refusals)


@requires(Action.EDIT_CASE)
def reopen(request, case_id: int):
    case = _view(request, case_id, "Reopened a case", Action.EDIT_CASE)
    form = forms.ReopenForm(_posted(request), initial={"version": case.version})
    title = "Reopen the case"
    if form.is_bound and form.is_valid():
        return _save(request, case, form, lambda: services.case_reopen(
            case=case, officer=request.user, reason=form.cleaned_data["reason"], version=form.cleaned_data["version"]),
            done="Case reopened", title=title)
    return _form_page(request, case, form, title=title)


# -- triage and returns: decisions that open or change a case ---------------------------------

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
            reopen_case_id=int(match.split(":")[1]) if match.startswith("reopen:") else None,
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


@requires(Action.EDIT_CASE)
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
    messages.success(request, "The child is on a school roll: the case now monitors their attendance"
                     if answer == "yes" else "Recorded: not the same child. The case stays open.")
    return redirect("cases:detail", case_id=record.matched_case_id)

