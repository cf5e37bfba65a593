"""School returns (for school users), the LA's view of them, roll and CTF imports."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from cme.accounts.access import requires
from cme.accounts.councils import council_choices
from cme.accounts.policy import Action, can, require
from cme.core import clock, uploads
from cme.core.history import StaleEdit
from cme.core.templating import govuk_date
from cme.core.uploads import Upload
from cme.rules import deletion_grounds
from cme.rules.deletion_grounds import NEXT_STEP_TEXT, NextStep

from . import answers, imports, selectors, services
from .forms import CorrectionForm, DeletionDetailsForm, DeletionGroundForm, NewPupilForm, WithdrawalForm
from .models import DeletionReturn, ImportJob, ImportKind, NewPupilReturn, School
from .tasks import run_import

# What the school is told will happen, in its words.
SCHOOL_NEXT_STEP = {
    NextStep.CME_ENQUIRY: "The council's children missing education team has opened an enquiry to find the pupil.",
    NextStep.EHE_RECORD: "The council's elective home education team has been told.",
    NextStep.AWAIT_NEW_PUPIL_RETURN: "The council will check that the pupil starts at their new school.",
    NextStep.LA_TO_LA_NOTIFICATION: "The council has told the children missing education team of the area the pupil "
                                    "has moved to.",
    NextStep.CHECK_PROVISION_BY_SIXTH_DAY: "The council will check that full-time education starts by the sixth "
                                           "school day of the exclusion.",
    NextStep.CONSIDER_SECTION_19_PROVISION: "The council will consider arranging education for the pupil.",
    NextStep.RECORD_ONLY: "The council has recorded the deletion. Nothing more is needed from you.",
}


def _school_of(user) -> School:
    if user.school is None:
        raise PermissionDenied("Only school staff send returns")
    require(user, Action.SUBMIT_SCHOOL_RETURN, user.school)
    return user.school


def _schools_and_authorities(school: School) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    schools = [(str(s.pk), s.name) for s in School.objects.filter(is_open=True).exclude(pk=school.pk).order_by("name")]
    authorities = council_choices()  # the directory of councils, by DfE number
    return schools, authorities


@requires(Action.VIEW_SCHOOL_RETURN)
def returns_home(request):
    user = request.user
    if user.school_id:
        found = selectors.school_returns(user=user, school=user.school, query=request.GET.get("q", ""),
                                         deletions_page=request.GET.get("deletions_page", 1),
                                         new_pupils_page=request.GET.get("new_pupils_page", 1))
        deletions, new_pupils = list(found.deletions.object_list), list(found.new_pupils.object_list)
        selectors.returns_listed(user=user, deletions=deletions, new_pupils=new_pupils, request=request)
        return render(request, "schools/returns_school.html", {
            "title": "Returns to the council", "found": found, "deletions": deletions, "new_pupils": new_pupils,
            "outcomes": {(type(r).__name__, r.pk): selectors.school_outcome(r, SCHOOL_NEXT_STEP)
                         for r in (*deletions, *new_pupils)},
            "imports": list(selectors.school_imports(user=user, school=user.school)[:10])})
    deletions, new_pupils = selectors.returns_for_la(user=user)
    deletions, new_pupils = list(deletions[:200]), list(new_pupils[:200])
    selectors.returns_listed(user=user, deletions=deletions, new_pupils=new_pupils, request=request)
    return render(request, "schools/returns_la.html", {
        "title": "School returns", "deletions": deletions, "new_pupils": new_pupils,
        "next_step_text": {step.value: text for step, text in NEXT_STEP_TEXT.items()}})


@requires(Action.SUBMIT_SCHOOL_RETURN)
def deletion_start(request):
    _school_of(request.user)
    form = DeletionGroundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        return redirect(f"{reverse('schools:deletion-details')}?ground={form.cleaned_data['ground']}"
                        f"&date={form.cleaned_data['deletion_date'].isoformat()}")
    return render(request, "schools/deletion_start.html", {
        "title": "Tell the council about a deletion from your admission register", "form": form,
        "grounds_2024": deletion_grounds.GROUNDS_2024, "grounds_2006": deletion_grounds.GROUNDS_2006},
        status=400 if form.errors else 200)


@requires(Action.SUBMIT_SCHOOL_RETURN)
def deletion_details(request):
    school = _school_of(request.user)
    # The ground and date come from step 1 through the address: checked again, as step 1 would.
    step_one = DeletionGroundForm({"ground": request.GET.get("ground", ""), "deletion_date": request.GET.get("date", "")})
    if not step_one.is_valid():
        if not request.GET.get("ground") and not request.GET.get("date"):
            return redirect("schools:deletion-start")
        return render(request, "schools/deletion_start.html", {
            "title": "Tell the council about a deletion from your admission register", "form": step_one,
            "grounds_2024": deletion_grounds.GROUNDS_2024, "grounds_2006": deletion_grounds.GROUNDS_2006}, status=400)
    ground = deletion_grounds.ground(step_one.cleaned_data["ground"])
    deletion_date = step_one.cleaned_data["deletion_date"]
    schools, authorities = _schools_and_authorities(school)
    step = f"ground={ground.code}&date={deletion_date.isoformat()}"
    kept = _kept_answers(request, "deletion", step)
    data = request.POST if request.method == "POST" else kept
    form = DeletionDetailsForm(data or None, ground=ground, schools=schools, authorities=authorities)
    if request.method == "POST" and form.is_valid():
        _keep_answers(request, "deletion", step, request.POST)
        return redirect(f"{reverse('schools:deletion-check')}?{step}")
    return render(request, "schools/deletion_details.html", {
        "title": ground.label, "form": form, "ground": ground, "deletion_date": deletion_date,
        "sections": form.section_fields()}, status=400 if form.errors and request.method == "POST" else 200)


# -- check answers before sending: what was typed is kept in the session until it is sent ---------

RETURN_ANSWERS_KEY = "cme_school_return_answers"


def _keep_answers(request, kind: str, step: str, data) -> None:
    request.session[RETURN_ANSWERS_KEY] = {"kind": kind, "step": step, "data": {
        key: data.getlist(key) if len(data.getlist(key)) > 1 else data.get(key)
        for key in data if key != "csrfmiddlewaretoken"}}


def _kept_answers(request, kind: str, step: str = "") -> dict | None:
    kept = request.session.get(RETURN_ANSWERS_KEY) or {}
    return kept.get("data") if kept.get("kind") == kind and kept.get("step") == step else None


def _pupil_from(form) -> services.Pupil:
    data = form.cleaned_data
    return services.Pupil(
        first_name=data["first_name"], middle_names=data["middle_names"], last_name=data["last_name"],
        other_names=data["other_names"], date_of_birth=data["date_of_birth"], sex=data["sex"], upn=data["upn"],
        address_line_1=data["address_line_1"], address_line_2=data["address_line_2"], town=data["town"],
        postcode=data["postcode"], parents=form.parents())


@requires(Action.SUBMIT_SCHOOL_RETURN)
def deletion_check(request):
    school = _school_of(request.user)
    step_one = DeletionGroundForm({"ground": request.GET.get("ground", ""), "deletion_date": request.GET.get("date", "")})
    if not step_one.is_valid():
        return redirect("schools:deletion-start")
    ground = deletion_grounds.ground(step_one.cleaned_data["ground"])
    deletion_date = step_one.cleaned_data["deletion_date"]
    step = f"ground={ground.code}&date={deletion_date.isoformat()}"
    kept = _kept_answers(request, "deletion", step)
    schools, authorities = _schools_and_authorities(school)
    form = DeletionDetailsForm(kept, ground=ground, schools=schools, authorities=authorities) if kept else None
    if form is None or not form.is_valid():
        return redirect(f"{reverse('schools:deletion-details')}?{step}")
    error = None
    if request.method == "POST":
        data = form.cleaned_data
        details = services.DeletionDetails(
            ground_code=ground.code, deletion_date=deletion_date, new_address=data.get("new_address", ""),
            new_address_from=data.get("new_address_from"), new_la_code=data.get("new_la_code", ""),
            destination_school_id=int(data["destination_school"]) if data.get("destination_school") else None,
            destination_school_name=data.get("destination_school_name", ""),
            destination_start_date=data.get("destination_start_date"), joint_enquiries=form.joint_enquiries())
        try:
            record = services.deletion_return_submit(school=school, user=request.user, pupil=_pupil_from(form),
                                                     details=details)
        except ValidationError as problem:
            error = problem.messages[0]
        else:
            request.session.pop(RETURN_ANSWERS_KEY, None)
            return redirect("schools:deletion-sent", pk=record.pk)
    change = f"{reverse('schools:deletion-details')}?{step}"
    ground_rows = [
        {"key": {"text": "Date the pupil's name is deleted"}, "value": {"text": govuk_date(deletion_date)},
         "actions": {"items": [{"href": reverse("schools:deletion-start"), "text": "Change",
                                "visuallyHiddenText": "date the pupil's name is deleted"}]}},
        {"key": {"text": "Ground for deletion"}, "value": {"text": ground.label},
         "actions": {"items": [{"href": reverse("schools:deletion-start"), "text": "Change",
                                "visuallyHiddenText": "ground for deletion"}]}}]
    return render(request, "schools/check_return.html", {
        "title": "Check your answers before sending the deletion return", "caption": "Deletion return",
        "rows": ground_rows + answers.check_rows(form, change), "error": error, "button": "Send deletion return",
        "back_url": change}, status=400 if error else 200)


@requires(Action.SUBMIT_SCHOOL_RETURN)
def deletion_sent(request, pk: int):
    record = selectors.return_for_view(user=request.user, model=DeletionReturn, pk=pk, request=request)
    return render(request, "schools/deletion_sent.html", {
        "title": "Deletion return sent", "record": record, "ground": deletion_grounds.ground(record.ground_code),
        "next_step": SCHOOL_NEXT_STEP[NextStep(record.route_step)]})


@requires(Action.SUBMIT_SCHOOL_RETURN)
def new_pupil(request):
    _school_of(request.user)
    data = request.POST if request.method == "POST" else _kept_answers(request, "new-pupil")
    form = NewPupilForm(data or None)
    if request.method == "POST" and form.is_valid():
        _keep_answers(request, "new-pupil", "", request.POST)
        return redirect("schools:new-pupil-check")
    return render(request, "schools/new_pupil.html", {"title": "Tell the council about a new pupil", "form": form},
                  status=400 if form.errors and request.method == "POST" else 200)


@requires(Action.SUBMIT_SCHOOL_RETURN)
def new_pupil_check(request):
    school = _school_of(request.user)
    kept = _kept_answers(request, "new-pupil")
    form = NewPupilForm(kept) if kept else None
    if form is None or not form.is_valid():
        return redirect("schools:new-pupil")
    error = None
    if request.method == "POST":
        data = form.cleaned_data
        entry = services.EntryDetails(entered_on=data["entered_on"], starting_day=data["starting_day"],
                                      year_group=data["year_group"], previous_school=data["previous_school"],
                                      most_junior_class=data["most_junior_class"])
        try:
            record = services.new_pupil_return_submit(school=school, user=request.user, pupil=_pupil_from(form),
                                                      entry=entry)
        except ValidationError as problem:
            error = problem.messages[0]
        else:
            request.session.pop(RETURN_ANSWERS_KEY, None)
            return redirect("schools:new-pupil-sent", pk=record.pk)
    return render(request, "schools/check_return.html", {
        "title": "Check your answers before sending the new-pupil return", "caption": "New-pupil return",
        "rows": answers.check_rows(form, reverse("schools:new-pupil")), "error": error,
        "button": "Send new-pupil return", "back_url": reverse("schools:new-pupil")}, status=400 if error else 200)


@requires(Action.SUBMIT_SCHOOL_RETURN)
def new_pupil_sent(request, pk: int):
    record = selectors.return_for_view(user=request.user, model=NewPupilReturn, pk=pk, request=request)
    return render(request, "schools/new_pupil_sent.html", {"title": "New-pupil return sent", "record": record})


# What each upload must be called, by the kind of file it is.
EXTENSIONS = {ImportKind.NEW_PUPILS_CSV: (".csv", "a CSV file"), ImportKind.ROLL_CSV: (".csv", "a CSV file"),
              ImportKind.CTF: (".xml", "a CTF (an XML file)")}


def _upload_problem(upload, *, kind: ImportKind, limit: Upload) -> str | None:
    """Why an upload cannot be imported, said at once: the wrong kind of file, too large,
    or a CSV that cannot be read or has too many rows. The rows are checked in the background."""
    if upload is None:
        return None
    extension, noun = EXTENSIONS[kind]
    if not upload.name.lower().endswith(extension):
        return f"The selected file must be {noun}"
    if problem := uploads.limit(limit).size_error(upload.size):
        return problem
    if kind in (ImportKind.NEW_PUPILS_CSV, ImportKind.ROLL_CSV):
        upload.seek(0)
        try:
            imports.check_csv(limit, upload.read())
        except imports.ImportFailed as failed:
            return str(failed)
        finally:
            upload.seek(0)
    return None


def _start_import(request, *, kind: ImportKind, school: School | None, upload) -> ImportJob:
    job = ImportJob(local_authority=request.user.local_authority, school=school, kind=kind,
                    original_name=upload.name[:200], created_by=request.user)
    job.file.save(upload.name, upload, save=False)
    job.save()
    run_import.enqueue(job.pk)
    return job


@requires(Action.SUBMIT_SCHOOL_RETURN)
def new_pupils_upload(request):
    school = _school_of(request.user)
    error = None
    if request.method == "POST":
        upload = request.FILES.get("file")
        error = "Select the CSV file of new pupils" if upload is None else _upload_problem(
            upload, kind=ImportKind.NEW_PUPILS_CSV, limit=Upload.NEW_PUPILS_CSV)
        if error is None:
            job = _start_import(request, kind=ImportKind.NEW_PUPILS_CSV, school=school, upload=upload)
            return redirect("schools:import-status", pk=job.pk)
    return render(request, "schools/new_pupils_upload.html", {
        "title": "Send new-pupil returns in a batch", "error": error, "error_field": "file",
        "limit": uploads.limit(Upload.NEW_PUPILS_CSV).describe()}, status=400 if error else 200)


SCHOOL_FILE_KINDS = {ImportKind.CTF: Upload.SCHOOL_CTF, ImportKind.ROLL_CSV: Upload.ROLL_CSV}
OFFICER_FILE_KINDS = {ImportKind.CTF: Upload.CTF, ImportKind.ROLL_CSV: Upload.ROLL_CSV}


def _summary(errors: dict[str, str]) -> list[dict]:
    """The error summary's items for errors by field (kind, school, file): each links to its field."""
    return [{"text": message, "href": f"#{field}"} for field, message in errors.items()]


def _chosen_file(request, *, kinds: dict[ImportKind, Upload], verb: str) -> tuple[str | None, object, dict[str, str]]:
    """The kind of file chosen and the upload, and what is wrong with either, by field."""
    kind, upload = request.POST.get("kind"), request.FILES.get("file")
    errors: dict[str, str] = {}
    if kind not in kinds:
        errors["kind"] = "Select what kind of file it is"
    if upload is None:
        errors["file"] = f"Select the file to {verb}"
    elif kind in kinds and (problem := _upload_problem(upload, kind=ImportKind(kind), limit=kinds[kind])):
        errors["file"] = problem
    return kind, upload, errors


@requires(Action.SUBMIT_SCHOOL_RETURN)
def school_file_upload(request):
    """A school sends a file its management information system made: a Common Transfer
    File (pupils leaving, or lost pupils), or its roll. Checked as `cme import-ctf` checks:
    any invalid pupil and nothing is imported."""
    school = _school_of(request.user)
    errors: dict[str, str] = {}
    if request.method == "POST":
        kind, upload, errors = _chosen_file(request, kinds=SCHOOL_FILE_KINDS, verb="send")
        if not errors:
            job = _start_import(request, kind=ImportKind(kind), school=school, upload=upload)
            return redirect("schools:import-status", pk=job.pk)
    return render(request, "schools/school_file_upload.html", {
        "title": "Send a file from your management information system", "field_errors": errors,
        "errors": _summary(errors), "posted": request.POST,
        "ctf_limit": uploads.limit(Upload.SCHOOL_CTF).describe(), "roll_limit": uploads.limit(Upload.ROLL_CSV).describe()},
        status=400 if errors else 200)


@requires(Action.SUBMIT_SCHOOL_RETURN, Action.IMPORT_DATA)
def new_pupils_template(request):
    response = HttpResponse(imports.new_pupils_template(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="new-pupil-returns-template.csv"'
    return response


@requires(Action.SUBMIT_SCHOOL_RETURN, Action.IMPORT_DATA)
def roll_template(request):
    response = HttpResponse(imports.roll_template(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="school-roll-template.csv"'
    return response


@requires(Action.IMPORT_DATA)
def import_upload(request):
    require(request.user, Action.IMPORT_DATA, request.user.local_authority)
    schools = School.objects.filter(local_authority_id=request.user.local_authority_id).order_by("name")
    errors: dict[str, str] = {}
    if request.method == "POST":
        kind, upload, errors = _chosen_file(request, kinds=OFFICER_FILE_KINDS, verb="import")
        chosen_school = request.POST.get("school", "")
        school = schools.filter(pk=int(chosen_school)).first() if chosen_school.isdigit() else None
        if kind == ImportKind.ROLL_CSV and school is None:
            errors["school"] = "Select the school whose roll this is"
        if not errors:  # a CTF names its own schools: only a roll is for the school chosen
            job = _start_import(request, kind=ImportKind(kind), school=school if kind == ImportKind.ROLL_CSV else None,
                                upload=upload)
            return redirect("schools:import-status", pk=job.pk)
    recent = ImportJob.objects.filter(local_authority_id=request.user.local_authority_id).select_related("school")[:20]
    chosen = request.POST.get("school", "")
    return render(request, "schools/import_upload.html", {
        "title": "Import pupil records", "field_errors": errors, "errors": _summary(errors), "recent": recent,
        "posted": request.POST,
        "ctf_limit": uploads.limit(Upload.CTF).describe(), "roll_limit": uploads.limit(Upload.ROLL_CSV).describe(),
        "school_items": [{"value": str(s.pk), "text": s.name, "selected": str(s.pk) == chosen} for s in schools]},
        status=400 if errors else 200)


@requires(Action.IMPORT_DATA, Action.SUBMIT_SCHOOL_RETURN)
def import_status(request, pk: int):
    job = selectors.import_job_for_view(user=request.user, pk=pk)
    services.import_job_fail_interrupted(job=job)  # "running" with nothing running it: a restart stopped it
    if request.GET.get("format") == "json":
        return JsonResponse({"status": job.status, "status_text": job.get_status_display(), "done": job.done,
                             "total": job.total, "percent": job.percent, "progress_text": job.progress_text})
    return render(request, "schools/import_status.html", {"title": f"Import of {job.original_name}", "job": job})


def _school_view(request, record, kind: str):
    """A school's own return as the school sees it: what it sent and what became of it."""
    return render(request, "schools/return_school.html", {
        "title": f"{record.pupil_name}: {kind}", "record": record, "kind": kind,
        "outcome": selectors.school_outcome(record, SCHOOL_NEXT_STEP),
        "ground": deletion_grounds.ground(record.ground_code) if isinstance(record, DeletionReturn) else None,
        "can_change": not record.is_withdrawn and can(request.user, Action.SUBMIT_SCHOOL_RETURN, record),
        "url_prefix": "schools:deletion" if isinstance(record, DeletionReturn) else "schools:new-pupil"})


MODELS = {"deletion": DeletionReturn, "new-pupil": NewPupilReturn}


def _return_to_change(request, kind: str, pk: int):
    """The school's return to correct or withdraw (404 for a kind or return out of reach), and
    the address of its page."""
    model = MODELS.get(kind)
    if model is None:
        raise Http404("No such return")
    record = selectors.return_for_view(user=request.user, model=model, pk=pk, request=request)
    require(request.user, Action.SUBMIT_SCHOOL_RETURN, record)
    return record, reverse(f"schools:{kind}-return", args=[record.pk])


@requires(Action.SUBMIT_SCHOOL_RETURN)
def return_correct(request, kind: str, pk: int):
    record, detail = _return_to_change(request, kind, pk)
    if record.is_withdrawn:
        return redirect(detail)
    form = CorrectionForm(request.POST or None, initial=CorrectionForm.initial_from(record))
    if request.method == "POST" and form.is_valid():
        try:
            services.return_correct(record=record, user=request.user, pupil=_pupil_from(form),
                                    reason=form.cleaned_data["correction_reason"],
                                    version=form.cleaned_data.get("version"))
        except StaleEdit:
            form.add_error(None, "Someone else changed this return while you were correcting it. "
                                 "Check it again and make your correction")
        except ValidationError as problem:
            form.add_error(None, problem.messages[0])
        else:
            messages.success(request, f"Return {record.reference} corrected")
            return redirect(detail)
    return render(request, "schools/return_change.html", {
        "title": f"Correct return {record.reference}", "record": record, "form": form, "back_url": detail,
        "button": "Save correction", "intro": "Change what was wrong and say why. The council sees the old and the "
                                              "new details, and your reason."},
        status=400 if form.errors else 200)


@requires(Action.SUBMIT_SCHOOL_RETURN)
def return_withdraw(request, kind: str, pk: int):
    record, detail = _return_to_change(request, kind, pk)
    if record.is_withdrawn:
        return redirect(detail)
    form = WithdrawalForm(request.POST or None, initial={"version": record.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.return_withdraw(record=record, user=request.user, reason=form.cleaned_data["withdrawal_reason"],
                                     version=form.cleaned_data.get("version"))
        except StaleEdit:
            form.add_error(None, "Someone else changed this return while you were withdrawing it. Check it again")
        except ValidationError as problem:
            form.add_error(None, problem.messages[0])
        else:
            messages.success(request, f"Return {record.reference} withdrawn")
            return redirect(detail)
    return render(request, "schools/return_change.html", {
        "title": f"Withdraw return {record.reference}", "record": record, "form": form, "back_url": detail,
        "button": "Withdraw return", "warning": True,
        "intro": "Withdraw a return only if it was sent in error: for the wrong pupil, or a deletion that is not "
                 "happening after all. The council is told, and sees your reason."},
        status=400 if form.errors else 200)


@requires(Action.VIEW_SCHOOL_RETURN)
def deletion_return_detail(request, pk: int):
    record = selectors.return_for_view(user=request.user, model=DeletionReturn, pk=pk, request=request)
    if request.user.school_id:
        return _school_view(request, record, "deletion return")
    return render(request, "schools/deletion_return.html", {
        "title": f"{record.pupil_name}: deletion return", "record": record,
        "ground": deletion_grounds.ground(record.ground_code), "step_text": NEXT_STEP_TEXT[NextStep(record.route_step)]})


@requires(Action.VIEW_SCHOOL_RETURN)
def new_pupil_return_detail(request, pk: int):
    record = selectors.return_for_view(user=request.user, model=NewPupilReturn, pk=pk, request=request)
    if request.user.school_id:
        return _school_view(request, record, "new-pupil return")
    return render(request, "schools/new_pupil_return.html", {
        "title": f"{record.pupil_name}: new-pupil return", "record": record,
        "can_decide": record.matched_case_id and can(request.user, Action.CLOSE_CASE, record.matched_case)})


@requires(Action.VIEW_SCHOOL_RETURN)
def reporting(request):
    days = request.GET.get("days", "")
    since = clock.today() - dt.timedelta(days=min(int(days), 3660) if days.isdigit() else 365)
    rows = selectors.reporting_by_school(user=request.user, since=since)
    return render(request, "schools/reporting.html", {"title": "Which schools send their returns", "rows": rows,
                                                      "since": since})


@requires(Action.VIEW_SCHOOL_RETURN)
def unreported(request, school_id: int):
    school = selectors.school_for_view(user=request.user, school_id=school_id)
    since = clock.today() - dt.timedelta(days=365)
    leavers = selectors.unreported_leavers(user=request.user, school=school, since=since, request=request)
    return render(request, "schools/unreported.html", {"title": f"Leavers with no deletion return: {school.name}",
                                                       "school": school, "leavers": leavers})
