"""Pages for finding children without a school place: datasets, runs, candidates."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from cme.accounts.access import requires
from cme.accounts.policy import Action, can
from cme.core import clock
from cme.core.words import counted
from cme.rules import dfe_return

from . import datasets, selectors, services
from .forms import ColumnMappingForm, DatasetUploadForm, DismissForm, OpenEnquiryForm, RunForm
from .models import CandidateStatus, DatasetStatus, RunStatus, SourceKind

PROBLEMS_SHOWN = 200


def _problems(count: int) -> str:
    return f"{count:,} problem was" if count == 1 else f"{count:,} problems were"


@requires(Action.IMPORT_DATA)
def home(request):
    dataset_list = selectors.datasets_for(user=request.user)
    imported = dataset_list.filter(status=DatasetStatus.IMPORTED)
    form = RunForm(queryset=imported, initial={"on": clock.today(), "datasets": list(imported)})
    return render(request, "linkage/home.html", {
        "title": "Children without a school place", "datasets": dataset_list, "runs": selectors.runs_for(user=request.user),
        "form": form})


@requires(Action.IMPORT_DATA)
def run_start(request):
    imported = selectors.datasets_for(user=request.user).filter(status=DatasetStatus.IMPORTED)
    form = RunForm(request.POST or None, queryset=imported)
    if request.method == "POST" and form.is_valid():
        try:
            run = services.run_start(user=request.user, dataset_ids=[d.pk for d in form.cleaned_data["datasets"]],
                                     on=form.cleaned_data["on"])
        except ValidationError as problem:
            form.add_error(None, problem.messages[0])
        else:
            return redirect("linkage:run", run_id=run.pk)
    return render(request, "linkage/run_start.html", {"title": "Check the lists for children without a school place",
                                                      "form": form}, status=400 if form.errors else 200)


@requires(Action.IMPORT_DATA)
def dataset_upload(request):
    selectors.datasets_for(user=request.user)  # permission
    form = DatasetUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            dataset = services.dataset_upload(user=request.user, name=data["name"], kind=data["kind"],
                                              extract_date=data["extract_date"], upload=data["file"])
        except datasets.DatasetError as problem:
            form.add_error("file", str(problem))
        except ValidationError as problem:
            form.add_error(None, problem.messages[0])
        else:
            return redirect("linkage:dataset-columns", dataset_id=dataset.pk)
    return render(request, "linkage/dataset_upload.html", {"title": "Add a list of children living in the area",
                                                           "form": form, "kinds": SourceKind},
                  status=400 if form.errors else 200)


@requires(Action.IMPORT_DATA)
def dataset_columns(request, dataset_id: int):
    dataset = selectors.dataset_for(user=request.user, dataset_id=dataset_id)
    if dataset.status != DatasetStatus.UPLOADED:
        return redirect("linkage:dataset", dataset_id=dataset.pk)
    form = ColumnMappingForm(request.POST or None, dataset=dataset)
    result = None
    if request.method == "POST" and form.is_valid():
        mapping = form.mapping()
        try:
            problems, result = services.dataset_check(dataset, mapping)
        except datasets.DatasetError as problem:  # a file kept from before uploads were read to the end
            services.dataset_delete(user=request.user, dataset=dataset)
            messages.error(request, f"{dataset.original_name} cannot be read, so it was not imported and has been "
                                    f"deleted. {problem}, then add it again")
            return redirect("linkage:dataset-upload")
        for name, message in problems.items():
            form.add_error(name if name in form.fields else None, message)
        if not problems and request.POST.get("action") == "import":
            if result.problems and not form.cleaned_data["leave_out_problem_rows"]:
                form.add_error("leave_out_problem_rows", f"{_problems(len(result.problems))} found: correct the file "
                               "and add it again, or choose to leave those rows out")
            else:
                services.dataset_import(user=request.user, dataset=dataset, mapping=mapping,
                                        leave_out_problem_rows=form.cleaned_data["leave_out_problem_rows"])
                messages.success(request, f"{dataset.name}: {counted(len(result.rows), 'row')} imported"
                                 + (f", {counted(len(result.problems), 'row')} left out" if result.problems else ""))
                return redirect("linkage:home")
    return render(request, "linkage/dataset_columns.html", {
        "title": f"Match the columns of {dataset.original_name}", "dataset": dataset, "form": form, "result": result,
        "problems": result.problems[:PROBLEMS_SHOWN] if result else [], "preview": result.rows[:5] if result else []},
        status=400 if form.errors else 200)


@requires(Action.IMPORT_DATA)
def dataset_detail(request, dataset_id: int):
    dataset = selectors.dataset_for(user=request.user, dataset_id=dataset_id)
    return render(request, "linkage/dataset.html", {"title": dataset.name, "dataset": dataset})


@requires(Action.IMPORT_DATA)
@require_POST
def dataset_delete(request, dataset_id: int):
    dataset = selectors.dataset_for(user=request.user, dataset_id=dataset_id)
    if request.POST.get("confirm") != "yes":
        messages.error(request, "Tick the box to confirm that the list and its records should be deleted")
        return redirect("linkage:dataset", dataset_id=dataset.pk)
    name = dataset.name
    services.dataset_delete(user=request.user, dataset=dataset)
    messages.success(request, f"{name} and its records were deleted")
    return redirect("linkage:home")


@requires(Action.IMPORT_DATA)
def run_detail(request, run_id: int):
    run = selectors.run_for(user=request.user, run_id=run_id)
    if request.GET.get("format") == "json":
        return JsonResponse({"status": run.status, "status_text": run.get_status_display(), "done": run.done,
                             "total": run.total, "percent": run.percent,
                             "progress_text": f"{run.get_status_display()}: {run.stage} (step {min(run.done + 1, run.total)} "
                                              f"of {run.total})"})
    status = request.GET.get("status", CandidateStatus.TO_REVIEW)
    candidates = (selectors.run_candidates(user=request.user, run=run, status=status, request=request)
                  if run.status == RunStatus.DONE else None)
    return render(request, "linkage/run.html", {
        "title": f"Children without a school place, as at {run.on:%-d %B %Y}", "run": run, "candidates": candidates,
        "status": status, "statuses": CandidateStatus, "counts": {
            value: run.candidates.filter(status=value).count() for value in CandidateStatus.values}})


@requires(Action.IMPORT_DATA)
def candidate_detail(request, run_id: int, candidate_id: int):
    run = selectors.run_for(user=request.user, run_id=run_id)
    candidate = selectors.candidate_for_view(user=request.user, run=run, candidate_id=candidate_id, request=request)
    dismiss_form = DismissForm(request.POST if request.POST.get("decision") == "dismiss" else None)
    enquiry_form = OpenEnquiryForm(request.POST if request.POST.get("decision") == "enquiry" else None,
                                   initial={"primary_reason": dfe_return.UNKNOWN})
    if request.method == "POST":
        try:
            if request.POST.get("decision") == "dismiss" and dismiss_form.is_valid():
                services.candidate_dismiss(user=request.user, candidate=candidate,
                                           reason=dismiss_form.cleaned_data["reason"], note=dismiss_form.cleaned_data["note"])
                messages.success(request, f"{candidate.name}: dismissed")
                return redirect(f"{run_url(run)}#candidates")
            if request.POST.get("decision") == "enquiry" and enquiry_form.is_valid():
                decided = services.candidate_open_enquiry(user=request.user, candidate=candidate,
                                                          primary_reason=enquiry_form.cleaned_data["primary_reason"],
                                                          note=enquiry_form.cleaned_data["enquiry_note"])
                messages.success(request, f"CME case {decided.case.reference} opened for {candidate.name}")
                return redirect("cases:detail", case_id=decided.case.pk)
        except ValidationError as problem:
            (dismiss_form if request.POST.get("decision") == "dismiss" else enquiry_form).add_error(None,
                                                                                                  problem.messages[0])
    errors = dismiss_form.errors or enquiry_form.errors
    return render(request, "linkage/candidate.html", {
        "title": candidate.name, "run": run, "candidate": candidate, "evidence": selectors.candidate_evidence(candidate),
        "dismiss_form": dismiss_form, "enquiry_form": enquiry_form,
        "can_decide": can(request.user, Action.EDIT_CASE, candidate) and candidate.status == CandidateStatus.TO_REVIEW},
        status=400 if errors else 200)


def run_url(run) -> str:
    from django.urls import reverse

    return reverse("linkage:run", kwargs={"run_id": run.pk})
