"""The officers' triage queue and triage page, and importing an emailed Word form."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from cme.accounts.access import requires
from cme.accounts.councils import council_choices, others_on_deployment
from cme.accounts.models import Council, User
from cme.accounts.policy import Action, require
from cme.accounts.roles import Role
from cme.audit.selectors import stale_message
from cme.audit.services import access_record_list, shown
from cme.children.events import ChildCasesWanted
from cme.children.selectors import known_elsewhere
from cme.core import clock, events, uploads
from cme.core.history import StaleEdit
from cme.core.templating import govuk_date
from cme.core.uploads import Upload
from cme.rules import school_age

from . import presentation, selectors, services, triage
from .events import OTHER_COUNCIL, CouncilEnquiriesWanted
from .models import RedirectKind, Referral, Source, Status


def _heading(referral: Referral) -> str:
    """The triage page's h1: who the referral is about."""
    age = _age(referral)
    return referral.child_name + (f", {age}" if age is not None else "")


def _waiting(referral: Referral) -> str:
    return _waited(referral.submitted_at) if referral.submitted_at else ""


def _age(referral: Referral) -> int | None:
    if not referral.child_dob:
        approximate = (referral.answers.get("age") or {}).get("approximate_age")
        return int(approximate) if approximate else None
    return school_age.age_on(referral.child_dob, clock.today())


def _waited(since) -> str:
    minutes = int((clock.now() - since).total_seconds() // 60)
    if minutes < 60:
        return f"{minutes} minute{'s' if minutes != 1 else ''}"
    hours = minutes // 60
    if hours < 48:
        return f"{hours} hour{'s' if hours != 1 else ''}"
    return f"{hours // 24} days"


def _council_enquiries(request, filters: selectors.QueueFilters, wanted: bool) -> list:
    """Enquiries from other councils waiting for an answer: their own source in the queue."""
    if not wanted:
        return []
    return [{"enquiry": e, "waiting": _waited(e.sent_at),
             "waiting_minutes": int((clock.now() - e.sent_at).total_seconds() // 60)}
            for answers in events.ask(CouncilEnquiriesWanted(user_id=request.user.pk, search=filters.search,
                                                             request=request))
            for e in answers or []]


@requires(Action.TRIAGE_REFERRAL)
def queue(request):
    chosen = request.GET.getlist("source")
    filters = selectors.QueueFilters(
        status=request.GET.get("status", Status.SUBMITTED) if request.GET.get("status") in Status.values
        else Status.SUBMITTED,
        sources=tuple(s for s in chosen if s in Source.values),
        risks=tuple(r for r in request.GET.getlist("risk") if r in ("high", "medium", "low", "none")),
        search=request.GET.get("q", "")[:100])
    only_councils = OTHER_COUNCIL in chosen and not filters.sources
    referrals = [] if only_councils else list(selectors.triage_queue(user=request.user, filters=filters)[:500])
    access_record_list(user=request.user, record_type="referral-list", child_ids=[r.child_id for r in referrals],
                       label=shown(len(referrals), "referral", "referrals"),
                       purpose=f"Listed referrals to triage{f' matching “{filters.search}”' if filters.search else ''}",
                       request=request)
    rows = [{"referral": r, "age": _age(r), "waiting": _waiting(r),
             "waiting_minutes": int((clock.now() - r.submitted_at).total_seconds() // 60) if r.submitted_at else 0}
            for r in referrals]
    shared = others_on_deployment(request.user.local_authority_id)
    # Enquiries wait for an answer, have no risk level and are their own source.
    enquiries = _council_enquiries(request, filters, wanted=shared and filters.status == Status.SUBMITTED
                                   and (not chosen or OTHER_COUNCIL in chosen)
                                   and (not filters.risks or "none" in filters.risks))
    sources = [*Source.choices, (OTHER_COUNCIL, "Another council (an enquiry)")] if shared else Source.choices
    return render(request, "referrals/triage_queue.html", {
        "title": "Referrals to triage", "rows": rows, "filters": filters, "statuses": Status.choices[1:],
        "sources": sources, "chosen_sources": tuple(s for s in chosen if s in dict(sources)),
        "imports": selectors.email_imports_waiting(user=request.user),
        "shared_deployment": shared, "enquiries": enquiries, "only_councils": only_councils})


def officer_choices(referral: Referral) -> list[tuple[str, str]]:
    return [(str(u.pk), u.full_name) for u in User.objects.filter(
        local_authority_id=referral.local_authority_id, role__in=[Role.CME_OFFICER, Role.CME_MANAGER], is_active=True)]


def _authorities(referral: Referral) -> list[tuple[str, str]]:
    """Other councils from the directory, by DfE number: current ones first."""
    return council_choices(exclude_la_id=referral.local_authority_id)


def match_choice_items(found: list) -> list[tuple[str, str]]:
    """Who the referral is about: a new child, or one of the likely children; a child whose case
    was closed may have it reopened instead of a new one."""
    children = [c for c in found if c.kind == "child"]
    cases: dict[int, list] = {}
    for answer in events.ask(ChildCasesWanted(child_ids=tuple(c.record_id for c in children))):
        for case in answer:
            cases.setdefault(case.child_id, []).append(case)
    items = [("new", "A child not known to the team: add them and open a case")]
    for c in children:
        likely = f"{c.label} – {round(c.probability * 100)}% likely" + (f" ({'; '.join(c.notes)})" if c.notes else "")
        own = sorted(cases.get(c.record_id, []), key=lambda case: case.start_date, reverse=True)
        items.append((f"child:{c.record_id}", likely))
        if own and not any(case.is_open for case in own):
            latest = own[0]
            items.append((f"reopen:{latest.case_id}", f"{c.label}: reopen their case {latest.reference}, closed on "
                                                        f"{govuk_date(latest.closed_on)}"))
    return items


def triage_context(request, referral: Referral, found: list | None = None, **forms) -> dict:
    view = triage.triage_view(referral, found)
    matches = [c.record_id for c in view.candidates if c.kind == "child"]
    if matches:
        access_record_list(user=request.user, record_type="child-candidates", child_ids=matches,
                           label=shown(len(matches), "possible match", "possible matches"),
                           purpose=f"Searched for the child of referral {referral.reference} in triage", request=request)
    elsewhere = known_elsewhere(user=request.user, first_name=referral.child_first_name,
                                last_name=referral.child_last_name, date_of_birth=referral.child_dob,
                                upn=referral.child_upn, about=f"referral {referral.reference}")
    officers, authorities, match_choices = officer_choices(referral), _authorities(referral), match_choice_items(view.candidates)
    checks = referral.triage_checks or {}
    context = {
        "referral": referral, "heading": _heading(referral), "title": f"{_heading(referral)}: referral {referral.reference}",
        "view": view,
        "summary": presentation.check_answers(referral), "warnings": presentation.warnings(referral),
        "attachments": referral.attachments.all(),
        "checks_form": forms.get("checks_form") or triage.ChecksForm(initial={**checks, "version": referral.version}),
        "escalation_form": forms.get("escalation_form") or triage.EscalationForm(initial={
            key: {True: "yes", False: "no"}.get(value, "") for key, value in services.escalation_answers(referral).items()}),
        "accept_form": forms.get("accept_form") or triage.AcceptForm(match_choices=match_choices, officers=officers,
                                                                    initial={"allocate_to": str(request.user.pk)}),
        "redirect_form": forms.get("redirect_form") or triage.RedirectForm(authorities=authorities),
        "reject_form": forms.get("reject_form") or triage.RejectForm(),
        "elsewhere": elsewhere,
        "waiting": _waiting(referral), "age": _age(referral), "postcode_in_area": triage.postcode_in_area(referral),
    }
    return context


@requires(Action.TRIAGE_REFERRAL)
def triage_page(request, reference: str):
    referral = selectors.referral_for_view(user=request.user, reference=reference,
                                           purpose="Viewed referral for triage", request=request,
                                           action=Action.TRIAGE_REFERRAL)
    if referral.status == Status.DRAFT:
        return redirect("referrals:check", reference=referral.reference)
    return render(request, "referrals/triage.html", triage_context(request, referral))


def referral_for_decision(request, reference: str, purpose: str = "Decided on referral in triage") -> Referral:
    return selectors.referral_for_view(user=request.user, reference=reference, purpose=purpose,
                                       request=request, action=Action.TRIAGE_REFERRAL)


@requires(Action.TRIAGE_REFERRAL)
@require_POST
def save_checks(request, reference: str):
    referral = referral_for_decision(request, reference, "Recorded triage checks on referral")
    checks_form = triage.ChecksForm(request.POST)
    escalation_form = triage.EscalationForm(request.POST)
    if checks_form.is_valid() and escalation_form.is_valid():
        checks = {key: value for key, value in checks_form.cleaned_data.items() if key != "version"}
        answers = {key: {"yes": True, "no": False}.get(value) for key, value in escalation_form.cleaned_data.items()}
        try:
            services.referral_save_checks(referral=referral, officer=request.user, checks=checks, escalation=answers,
                                          version=checks_form.cleaned_data.get("version"))
        except StaleEdit as stale:
            checks_form.add_error(None, stale_message(stale.current, "these checks"))
            return render(request, "referrals/triage.html", triage_context(
                request, stale.current, checks_form=checks_form, escalation_form=escalation_form), status=409)
        messages.success(request, "Checks saved")
    return redirect(reverse("referrals:triage", args=[referral.reference]) + "#classification")


@requires(Action.TRIAGE_REFERRAL)
@require_POST
def redirect_referral(request, reference: str):
    referral = referral_for_decision(request, reference, "Redirected referral")
    form = triage.RedirectForm(request.POST, authorities=_authorities(referral))
    if form.is_valid():
        kind = RedirectKind(form.cleaned_data["kind"])
        council = Council.objects.filter(code=form.cleaned_data["other_la"]).first() \
            if kind == RedirectKind.OTHER_LA and form.cleaned_data.get("other_la") else None
        try:
            services.referral_redirect(referral=referral, officer=request.user, kind=kind, council=council,
                                       other_la_name=form.cleaned_data.get("other_la_name", ""),
                                       note=form.cleaned_data.get("note", ""))
        except ValidationError as problem:
            form.add_error(None, problem.messages[0])
        else:
            passed_on = getattr(referral, "passed_on", None)
            told = " The referrer has been told." if referral.referrer_email else ""
            if passed_on is not None and not passed_on.sent:
                messages.warning(request, f"Referral {referral.reference} redirected. {passed_on.text}.{told}")
            elif passed_on is not None:
                messages.success(request, f"Referral {referral.reference} redirected. {passed_on.text}.{told}")
            else:
                messages.success(request, f"Referral {referral.reference} redirected.{told}")
            return redirect("referrals:queue")
    return render(request, "referrals/triage.html", triage_context(request, referral, redirect_form=form), status=400)


@requires(Action.TRIAGE_REFERRAL)
@require_POST
def reject(request, reference: str):
    referral = referral_for_decision(request, reference, "Decided not to accept referral")
    form = triage.RejectForm(request.POST)
    if form.is_valid():
        try:
            services.referral_reject(referral=referral, officer=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as problem:
            form.add_error(None, problem.messages[0])
        else:
            messages.success(request, f"Referral {referral.reference} not accepted. The referrer has been told.")
            return redirect("referrals:queue")
    return render(request, "referrals/triage.html", triage_context(request, referral, reject_form=form), status=400)


@requires(Action.TRIAGE_REFERRAL)
def import_docx(request):
    require(request.user, Action.TRIAGE_REFERRAL, request.user.local_authority)
    error = None
    if request.method == "POST":
        from .docx_checklist import ChecklistError, read_checklist

        upload = request.FILES.get("file")
        password = request.POST.get("password") or None
        if upload is None:
            error = "Select the Word document to import"
        elif problem := uploads.limit(Upload.REFERRAL_DOCX).size_error(upload.size):
            error = problem
        else:
            try:
                reading = read_checklist(upload.read(), password=password).as_dict()
            except ChecklistError as problem:
                error = str(problem)
            else:
                referral = services.referral_from_checklist(local_authority=request.user.local_authority,
                                                            reading=reading, user=request.user)
                messages.success(request, f"Imported the Word form as draft referral {referral.reference}. "
                                          "Check it, complete what is missing, then add it to the queue.")
                return redirect("referrals:check", reference=referral.reference)
    return render(request, "referrals/import_docx.html", {"title": "Import a referral sent as a Word form",
                                                          "error": error,
                                                          "limit": uploads.limit(Upload.REFERRAL_DOCX).describe()},
                  status=400 if error else 200)
