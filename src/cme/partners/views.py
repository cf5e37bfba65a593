"""Pages for working with partners: sending a check from a case and an agency answering it
(in its queue, or through a secure link without an account), enquiries and transfers between
councils (sending, the receiving council's queue and answer), and the directory of councils.
Views read through the selectors and write through the services."""

from __future__ import annotations

from types import SimpleNamespace

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from cme.accounts.access import public_page, requires
from cme.accounts.councils import council_choices
from cme.accounts.models import Agency, Council
from cme.accounts.policy import Action, can
from cme.audit.selectors import stale_message
from cme.audit.services import access_record
from cme.cases import selectors as case_selectors
from cme.cases.models import Case
from cme.core import clock, throttle
from cme.core.history import StaleEdit
from cme.core.http import client_ip

from . import forms, selectors, services
from .links import LinkRefused, link_open
from .models import ANSWERS_ALLOWED, NOT_KNOWN_HERE, CheckStatus, EnquiryStatus, LinkPurpose, MessageStatus

CHECK_TAGS = {"overdue": "govuk-tag--red", "due": "govuk-tag--orange", "waiting": "govuk-tag--blue",
              "answered": "govuk-tag--green", "withdrawn": "govuk-tag--grey"}
ENQUIRY_TAGS = {"sent": "govuk-tag--blue", "acknowledged": "govuk-tag--light-blue", "found": "govuk-tag--turquoise",
                "not-known": "govuk-tag--grey", "accepted": "govuk-tag--green", "rejected": "govuk-tag--red",
                "withdrawn": "govuk-tag--grey"}


def _posted(request):
    return request.POST if request.method == "POST" else None


def _files(request):
    return request.FILES if request.method == "POST" else None


def _problem(error: Exception) -> str:
    return error.messages[0] if isinstance(error, ValidationError) else str(error)


# -- a case's partner work ---------------------------------------------------------------------

@requires(Action.VIEW_CASE)
def case_partners(request, case_id: int):
    case = case_selectors.case_for_view(user=request.user, case_id=case_id, request=request,
                                        purpose="Viewed the case's checks and enquiries to partners")
    today = clock.today()
    return render(request, "partners/case.html", {
        "title": f"Partners and other councils: case {case.reference}", "case": case,
        "checks": [(check, selectors.check_state(check, today)) for check in selectors.case_checks(case)],
        "enquiries": selectors.case_enquiries(case), "enquiries_in": selectors.case_enquiries_in(case),
        "messages_sent": list(case.messages.all()[:50]), "ctf_events": list(case.ctf_events.select_related("by")),
        "check_tags": CHECK_TAGS, "enquiry_tags": ENQUIRY_TAGS,
        "can_edit": can(request.user, Action.EDIT_CASE, case) and case.is_open})


@requires(Action.EDIT_CASE)
def check_new(request, case_id: int):
    case = case_selectors.case_for_view(user=request.user, case_id=case_id, request=request,
                                        purpose="Sent a check to a partner agency", action=Action.EDIT_CASE)
    agencies = list(selectors.agencies_for(case))
    choices = [(str(a.pk), a.name + ("" if services.agency_has_accounts(a) else " (no accounts: by email)"))
               for a in agencies]
    form = forms.CheckForm(_posted(request), agencies=choices)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        agency = Agency.objects.get(pk=data["agency"], local_authority_id=case.local_authority_id)
        try:
            check = services.check_send(case=case, officer=request.user, agency=agency, team=data["team"],
                                        question=data["question"], fields=data["fields"],
                                        school_days=data["school_days"], email=data["email"])
        except (ValidationError, PermissionDenied) as problem:
            form.add_error(None, _problem(problem))
        else:
            message = getattr(check, "sent_message", None)
            if message is None:
                messages.success(request, f"Check {check.reference} sent to {agency.name}: it is in their queue in "
                                          f"CME Tracker, due {check.due_on:%-d %B %Y}")
            elif message.status == MessageStatus.SENT:
                messages.success(request, f"Check {check.reference} emailed to {message.to} with a secure link, "
                                          f"due {check.due_on:%-d %B %Y}")
            else:
                messages.warning(request, f"Check {check.reference} recorded, but the email to {message.to} was NOT "
                                          f"sent ({message.problem}). Contact {agency.name} another way.")
            return redirect("partners:case", case_id=case.pk)
    return render(request, "cases/form.html", {
        "title": "Send a check to a partner agency", "case": case, "form": form, "button": "Send the check",
        "back": reverse("cases:detail", args=[case.pk])}, status=400 if form.is_bound and form.errors else 200)


@requires(Action.EDIT_CASE)
@require_POST
def check_withdraw(request, check_id: int):
    from .models import AgencyCheck

    check = AgencyCheck.objects.select_related("case").filter(pk=check_id).first()
    if check is None or not can(request.user, Action.EDIT_CASE, check.case):
        raise Http404("No check with that reference")
    try:
        services.check_withdraw(check=check, officer=request.user, reason=request.POST.get("reason", "") or
                                "withdrawn by the officer")
    except (ValidationError, PermissionDenied) as problem:
        messages.error(request, _problem(problem))
    else:
        messages.success(request, f"Check {check.reference} withdrawn")
    return redirect("partners:case", case_id=check.case_id)


# -- an agency's queue -------------------------------------------------------------------------

@requires(Action.ANSWER_AGENCY_CHECK)
def agency_queue(request):
    answered = request.GET.get("show") == "answered"
    today = clock.today()
    checks = selectors.agency_queue(user=request.user, answered=answered, request=request)
    return render(request, "partners/agency_queue.html", {
        "title": "Checks sent to your agency", "answered": answered, "check_tags": CHECK_TAGS,
        "checks": [(check, selectors.check_state(check, today)) for check in checks]})


def _check_page(request, check, form, *, link=None, name_form=None, status=200):
    return render(request, "partners/check_answer.html", {
        "title": f"Check {check.reference}", "check": check, "form": form, "name_form": name_form, "link": link,
        "state": selectors.check_state(check), "check_tags": CHECK_TAGS}, status=status)


@requires(Action.ANSWER_AGENCY_CHECK)
def check_answer(request, check_id: int):
    check = selectors.check_for_agency(user=request.user, check_id=check_id, request=request,
                                       purpose="Answered a check" if request.method == "POST" else "Viewed a check")
    form = forms.CheckAnswerForm(_posted(request), _files(request), initial={"version": check.version})
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            services.check_answer(check=check, user=request.user, known=data["known"] == "yes",
                                  last_contact=data["last_contact"], address_held=data["address_held"],
                                  worker_name=data["worker_name"], answer=data["answer"], version=data["version"],
                                  documents=data["documents"])
        except StaleEdit as stale:
            form.add_error(None, stale_message(stale.current, "this check"))
            return _check_page(request, check, form, status=409)
        except (ValidationError, PermissionDenied) as problem:
            form.add_error(None, _problem(problem))
        else:
            messages.success(request, f"Answer sent for check {check.reference}. The CME team can see it now.")
            return redirect("partners:agency-queue")
    return _check_page(request, check, form, status=400 if form.is_bound and form.errors else 200)


# -- the secure link: one page, nothing else -------------------------------------------------

def _link_reader(link) -> SimpleNamespace:
    return SimpleNamespace(email=f"secure link sent to {link.sent_to}"[:254], role="", is_authenticated=False)


@public_page
def answer_link(request, token: str):
    if not throttle.allow("secure-link", client_ip(request), request_rate()):
        return render(request, "partners/link_refused.html", {
            "title": "Too many tries", "problem": "There have been too many tries from your network. Wait an hour "
                                                 "and try again."}, status=429)
    try:
        link = link_open(token)
    except LinkRefused as refused:
        return render(request, "partners/link_refused.html", {"title": "This link cannot be used",
                                                              "problem": str(refused)}, status=404)
    if link.purpose == LinkPurpose.AGENCY_CHECK:
        return _link_check(request, link)
    return _link_enquiry(request, link)


def request_rate() -> str:
    from django.conf import settings

    return settings.CME_SECURE_LINK_RATE


def _link_submit(request, form, write, *, reference: str, council: str, status: str = "", case_closed: bool = False):
    """Run an answer sent through a secure link: the thank-you page, the refusal page if the link
    was used meanwhile, or None with the problem on the form."""
    try:
        write()
    except LinkRefused as refused:
        return render(request, "partners/link_refused.html", {"title": "This link cannot be used",
                                                              "problem": str(refused)}, status=404)
    except (ValidationError, PermissionDenied) as problem:
        form.add_error(None, _problem(problem))
        return None
    return render(request, "partners/link_done.html", {"title": "Answer sent", "reference": reference,
                                                       "council": council, "status": status,
                                                       "case_closed": case_closed,
                                                       "used": services.answer_uses_link(status)})


def _link_check(request, link):
    check = link.agency_check
    access_record(user=_link_reader(link), local_authority_id=check.local_authority_id, record_type="agency-check",
                  record_id=check.pk, record_label=check.reference, request=request, child_ids=[check.case.child_id],
                  purpose="Answered a check by secure link" if request.method == "POST" else "Viewed a check by secure link")
    if check.status != CheckStatus.SENT:
        return render(request, "partners/link_refused.html", {
            "title": "This check is closed", "problem": "This check has already been answered or withdrawn."},
            status=404)
    form = forms.CheckAnswerForm(_posted(request), _files(request))
    name_form = forms.LinkNameForm(_posted(request))
    if form.is_bound and form.is_valid() and name_form.is_valid():
        data = form.cleaned_data
        done = _link_submit(request, form, lambda: services.check_answer(
            check=check, link=link, known=data["known"] == "yes", last_contact=data["last_contact"],
            address_held=data["address_held"], worker_name=data["worker_name"], answer=data["answer"],
            answered_by_name=name_form.cleaned_data["answered_by_name"], documents=data["documents"]),
            reference=check.reference, council=check.local_authority.name)
        if done is not None:
            return done
    return _check_page(request, check, form, link=link, name_form=name_form,
                       status=400 if form.is_bound and (form.errors or name_form.errors) else 200)


def _link_enquiry(request, link):
    enquiry = link.council_enquiry
    access_record(user=_link_reader(link), local_authority_id=enquiry.from_la_id, record_type="council-enquiry",
                  record_id=enquiry.pk, record_label=enquiry.reference, request=request,
                  child_ids=[enquiry.from_case.child_id] if enquiry.from_case_id else [],
                  purpose="Answered an enquiry by secure link" if request.method == "POST"
                  else "Viewed an enquiry by secure link")
    if enquiry.is_final:
        return render(request, "partners/link_refused.html", {
            "title": "This enquiry is closed", "problem": f"This enquiry is {enquiry.get_status_display().lower()}."},
            status=404)
    form = forms.EnquiryAnswerForm(_posted(request))
    name_form = forms.LinkNameForm(_posted(request))
    if form.is_bound and form.is_valid() and name_form.is_valid():
        done = _link_submit(request, form, lambda: services.enquiry_respond(
            enquiry=enquiry, link=link, status=EnquiryStatus(form.cleaned_data["status"]),
            answer=form.cleaned_data["answer"], answered_by_name=name_form.cleaned_data["answered_by_name"]),
            reference=enquiry.reference, council=enquiry.from_la.name, status=form.cleaned_data["status"],
            case_closed=bool(enquiry.from_case_id))
        if done is not None:
            return done
    return render(request, "partners/enquiry.html", {
        "title": f"Enquiry {enquiry.reference} from {enquiry.from_la.name}", "enquiry": enquiry, "side": "link",
        "form": form, "name_form": name_form, "link": link, "enquiry_tags": ENQUIRY_TAGS},
        status=400 if form.is_bound and (form.errors or name_form.errors) else 200)


# -- enquiries and transfers between councils ---------------------------------------------------

@requires(Action.EDIT_CASE)
def enquiry_new(request, case_id: int):
    case = case_selectors.case_for_view(user=request.user, case_id=case_id, request=request,
                                        purpose="Sent an enquiry to another council", action=Action.EDIT_CASE)
    form = forms.EnquiryForm(_posted(request), councils=council_choices(exclude_la_id=case.local_authority_id))
    if form.is_bound and form.is_valid():
        council = Council.objects.get(code=form.cleaned_data["council"])
        try:
            enquiry, sent, how = services.enquiry_send(case=case, officer=request.user, council=council,
                                                       questions=form.cleaned_data["questions"])
        except (ValidationError, PermissionDenied) as problem:
            form.add_error(None, _problem(problem))
        else:
            if sent:
                messages.success(request, f"Enquiry {enquiry.reference} sent to {council.name}. {how}.")
            else:
                messages.warning(request, f"Enquiry {enquiry.reference} to {council.name} was NOT sent. {how}.")
            return redirect("partners:case", case_id=case.pk)
    return render(request, "cases/form.html", {
        "title": "Ask another council: believed moved there", "case": case, "form": form,
        "button": "Send the enquiry", "back": reverse("cases:detail", args=[case.pk]),
        "intro": "The other council's CME team is told who the child is (name, date of birth, last known address, "
                 "UPN and carers' names, where known), following the DfE's advice on sharing information to trace "
                 "children. If they accept the child, this case closes as moved to another local authority."},
        status=400 if form.is_bound and form.errors else 200)


@requires(Action.TRIAGE_REFERRAL)
def incoming(request):
    enquiries = selectors.incoming_enquiries(user=request.user, request=request)
    return render(request, "partners/incoming.html", {
        "title": "Enquiries from other councils", "enquiries": enquiries, "enquiry_tags": ENQUIRY_TAGS})


@requires(Action.TRIAGE_REFERRAL, Action.VIEW_CASE)
def enquiry_detail(request, enquiry_id: int):
    enquiry, side = selectors.enquiry_for_view(user=request.user, enquiry_id=enquiry_id, request=request,
                                               purpose="Answered an enquiry from another council"
                                               if request.method == "POST" else "Viewed an enquiry")
    form, records, chosen, searched = None, [], None, ""
    if side == "receiver" and not enquiry.is_final:
        form = forms.EnquiryAnswerForm(_posted(request))
        if form.is_bound and form.is_valid():
            status = EnquiryStatus(form.cleaned_data["status"])
            try:
                services.enquiry_respond(enquiry=enquiry, user=request.user, status=status,
                                         answer=form.cleaned_data["answer"], version=form.cleaned_data["version"],
                                         record=form.cleaned_data["record"])
            except StaleEdit as stale:
                form.add_error(None, stale_message(stale.current, "this enquiry"))
            except (ValidationError, PermissionDenied) as problem:
                form.add_error(None, _problem(problem))
            else:
                if status == EnquiryStatus.ACCEPTED and enquiry.receiving_case_id:
                    messages.success(request, f"Accepted. Case {enquiry.receiving_case.reference} is open in your "
                                              f"council; {enquiry.from_la.name} has been told.")
                    return redirect("cases:detail", case_id=enquiry.receiving_case_id)
                messages.success(request, f"Answer sent to {enquiry.from_la.name}: {ANSWERS_ALLOWED[status]}")
                return redirect("partners:incoming")
        # Only to show the page: an answer that is sent carries the chosen record in the form.
        draft = selectors.enquiry_answer_draft(user=request.user, enquiry=enquiry,
                                               picked=request.GET.get("record", ""), request=request)
        records, chosen, searched = draft.records, draft.chosen, draft.searched
        if not form.is_bound:
            initial = {"version": enquiry.version}
            if draft.status is not None:
                initial |= {"status": draft.status.value, "answer": draft.answer, "drafted_for": draft.status.value,
                            "drafted": forms.draft_digest(draft.answer),
                            "record": chosen.child.pk if chosen is not None else NOT_KNOWN_HERE}
            form = forms.EnquiryAnswerForm(initial=initial)
    elif request.method == "POST":
        raise PermissionDenied("This enquiry is not waiting for your answer")
    return render(request, "partners/enquiry.html", {
        "title": f"Enquiry {enquiry.reference}", "enquiry": enquiry, "side": side, "form": form,
        "records": records, "chosen": chosen, "searched": searched,
        "enquiry_tags": ENQUIRY_TAGS, "withdraw_form": forms.ReasonForm() if side == "sender" and not enquiry.is_final
        and enquiry.from_case_id else None}, status=400 if form is not None and form.is_bound and form.errors else 200)


@requires(Action.EDIT_CASE)
@require_POST
def enquiry_withdraw(request, enquiry_id: int):
    enquiry, side = selectors.enquiry_for_view(user=request.user, enquiry_id=enquiry_id, request=request,
                                               purpose="Withdrew an enquiry")
    if side != "sender":
        raise Http404("No enquiry with that reference")
    try:
        services.enquiry_withdraw(enquiry=enquiry, officer=request.user, reason=request.POST.get("reason", ""))
    except (ValidationError, PermissionDenied) as problem:
        messages.error(request, _problem(problem))
        return redirect("partners:enquiry", enquiry_id=enquiry.pk)
    messages.success(request, f"Enquiry {enquiry.reference} withdrawn")
    return redirect("partners:case", case_id=enquiry.from_case_id)


# -- the directory of councils ---------------------------------------------------------------

@requires(Action.VIEW_ORGANISATION)
def councils(request):
    query = request.GET.get("q", "").strip()[:100]
    found = Council.objects.select_related("local_authority").order_by("-current", "name")
    if query:
        found = found.filter(name__icontains=query) | found.filter(code=query)
    return render(request, "partners/councils.html", {
        "title": "Directory of councils", "councils": list(found[:500]), "q": query,
        "can_manage": can(request.user, Action.MANAGE_COUNCILS)})


@requires(Action.MANAGE_COUNCILS)
def council_edit(request, code: str):
    council = Council.objects.filter(code=code).first()
    if council is None:
        raise Http404("No council with that number")
    form = forms.ContactForm(_posted(request), initial={
        "email": council.cme_team_email, "phone": council.cme_team_phone, "address": council.cme_team_address})
    if form.is_bound and form.is_valid():
        services.council_contact_save(council=council, user=request.user, email=form.cleaned_data["email"],
                                      phone=form.cleaned_data["phone"], address=form.cleaned_data["address"])
        messages.success(request, f"CME contact for {council.name} saved")
        return redirect("partners:councils")
    return render(request, "partners/council_edit.html", {"title": f"CME contact: {council.name}", "council": council,
                                                          "form": form},
                  status=400 if form.is_bound and form.errors else 200)


# -- multi-agency panels ------------------------------------------------------------------------

def _staff(user) -> list[tuple[str, str]]:
    from cme.accounts.models import User
    from cme.accounts.roles import Role

    return [(str(u.pk), u.full_name) for u in User.objects.filter(
        local_authority_id=user.local_authority_id, role__in=[Role.CME_OFFICER, Role.CME_MANAGER],
        is_active=True).order_by("full_name")]


def _attendees(text: str, local_authority_id: int) -> list[dict]:
    agencies = {a.name.lower(): a.pk for a in Agency.objects.filter(local_authority_id=local_authority_id)}
    found = []
    for line in text.splitlines():
        if not line.strip():
            continue
        name, _, role = line.partition(",")
        found.append({"name": name.strip(), "role": role.strip(), "agency_id": agencies.get(role.strip().lower())})
    return found


@requires(Action.EDIT_CASE)
def panels(request):
    return render(request, "partners/panels.html", {
        "title": "Multi-agency panels", "panels": list(selectors.panels_for(request.user))})


@requires(Action.EDIT_CASE)
def panel_new(request):
    form = forms.PanelForm(_posted(request), staff=_staff(request.user))
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            panel = services.panel_create(officer=request.user, meets_on=data["meets_on"], title=data["title"],
                                          chair_id=int(data["chair"]),
                                          attendees=_attendees(data["attendees"], request.user.local_authority_id))
        except (ValidationError, PermissionDenied) as problem:
            form.add_error(None, _problem(problem))
        else:
            messages.success(request, "Panel meeting added. Now add the cases to discuss.")
            return redirect("partners:panel", panel_id=panel.pk)
    return render(request, "partners/panel_new.html", {"title": "Add a panel meeting", "form": form},
                  status=400 if form.is_bound and form.errors else 200)


def _panel_page(request, panel, *, case_form=None, decision_forms=None, status=200, minutes=False):
    items = list(panel.items.select_related("case", "case__child").prefetch_related(
        "actions", "actions__owner", "actions__agency"))
    selectors.panel_shown(user=request.user, panel=panel, items=items, request=request, minutes=minutes)
    officers = _staff(request.user)
    agencies = [(str(a.pk), a.name) for a in Agency.objects.filter(local_authority_id=panel.local_authority_id)]
    decision_forms = decision_forms or {}
    rows = [(item, decision_forms.get(item.pk) or forms.PanelDecisionForm(
        prefix=f"item{item.pk}", officers=officers, agencies=agencies, initial={"decision": item.decision}))
        for item in items]
    return render(request, "partners/panel_minutes.html" if minutes else "partners/panel.html", {
        "title": f"{'Minutes: ' if minutes else ''}{panel.title}, {panel.meets_on:%-d %B %Y}", "panel": panel,
        "rows": rows,
        "attendees": list(panel.attendees.select_related("agency")),
        "case_form": case_form or forms.PanelCaseForm()}, status=status)


@requires(Action.EDIT_CASE)
def panel_detail(request, panel_id: int):
    panel = selectors.panel_for(user=request.user, panel_id=panel_id)
    if request.method == "POST" and "reference" in request.POST:
        case_form = forms.PanelCaseForm(request.POST)
        if case_form.is_valid():
            reference = case_form.cleaned_data["reference"].strip().upper().removeprefix("CME")
            case = Case.objects.filter(pk=int(reference) if reference.isdigit() else 0,
                                       local_authority_id=panel.local_authority_id).first()
            if case is None:
                case_form.add_error("reference", "No case of this council has that reference")
            else:
                try:
                    services.panel_add_case(panel=panel, officer=request.user, case=case)
                except (ValidationError, PermissionDenied) as problem:
                    case_form.add_error("reference", _problem(problem))
                else:
                    messages.success(request, f"Case {case.reference} added to the panel")
                    return redirect("partners:panel", panel_id=panel.pk)
        return _panel_page(request, panel, case_form=case_form, status=400)
    if request.method == "POST":
        item = panel.items.select_related("case").filter(pk=request.POST.get("item", "0")).first()
        if item is None:
            raise Http404("No such case on this panel")
        form = forms.PanelDecisionForm(request.POST, prefix=f"item{item.pk}", officers=_staff(request.user),
                                       agencies=[(str(a.pk), a.name) for a in
                                                 Agency.objects.filter(local_authority_id=panel.local_authority_id)])
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.panel_record(item=item, officer=request.user, decision=data["decision"],
                                      action=data["action"], due_on=data["due_on"],
                                      owner_id=int(data["owner"]) if data["owner"] else None,
                                      agency_id=int(data["agency"]) if data["agency"] else None)
            except (ValidationError, PermissionDenied) as problem:
                form.add_error(None, _problem(problem))
            else:
                messages.success(request, f"Decision recorded for case {item.case.reference}")
                return redirect("partners:panel", panel_id=panel.pk)
        return _panel_page(request, panel, decision_forms={item.pk: form}, status=400)
    return _panel_page(request, panel)


@requires(Action.EDIT_CASE)
def panel_minutes(request, panel_id: int):
    panel = selectors.panel_for(user=request.user, panel_id=panel_id)
    return _panel_page(request, panel, minutes=True)


@requires(Action.EDIT_CASE)
def ctf_new(request, case_id: int):
    case = case_selectors.case_for_view(user=request.user, case_id=case_id, request=request,
                                        purpose="Recorded a step in the CTF trail", action=Action.EDIT_CASE)
    form = forms.CtfForm(_posted(request))
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            services.ctf_record(case=case, officer=request.user, kind=data["kind"], on=data["on"],
                                other_party=data["other_party"], note=data["note"])
        except (ValidationError, PermissionDenied) as problem:
            form.add_error(None, _problem(problem))
        else:
            messages.success(request, "Added to the CTF trail")
            return redirect(reverse("partners:case", args=[case.pk]) + "#ctf")
    return render(request, "cases/form.html", {
        "title": "Record a step in the CTF trail", "case": case, "form": form, "button": "Save",
        "back": reverse("partners:case", args=[case.pk]),
        "intro": "Common Transfer Files for this child: the lost-pupil CTF (XXX) a school sent, searches of the Lost "
                 "Pupil Database, and the CTF sent on when the child is found. A case cannot close as “whereabouts "
                 "unknown” until the lost-pupil CTF is recorded."},
        status=400 if form.is_bound and form.errors else 200)


@requires(Action.VIEW_CASE, Action.ANSWER_AGENCY_CHECK)
def check_document(request, document_id: int):
    from django.http import FileResponse

    from .models import CheckDocument

    document = CheckDocument.objects.select_related("check_answered__case").filter(pk=document_id).first()
    check = document.check_answered if document else None
    allowed = check is not None and (can(request.user, Action.VIEW_CASE, check.case)
                                     or can(request.user, Action.ANSWER_AGENCY_CHECK, check))
    if check is not None and check.local_authority_id == request.user.local_authority_id:
        access_record(user=request.user, local_authority_id=check.local_authority_id, record_type="check-document",
                      record_id=document.pk, record_label=f"{check.reference} {document.original_name}",
                      purpose="Downloaded a document sent with a check's answer", request=request,
                      granted=allowed, child_ids=[check.case.child_id])
    if not allowed:
        raise Http404("No such document")
    return FileResponse(document.file.open("rb"), as_attachment=True, filename=document.original_name,
                        content_type=document.content_type)
