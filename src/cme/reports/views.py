"""The reports pages: the dashboard, the quarterly report (page and PDF), the monthly frozen
records, the DfE termly return with its checks, and case exports. Views read through the
selectors (which log every read) and write through the services."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from cme.accounts.access import requires
from cme.accounts.policy import Action, can
from cme.cases.selectors import officers
from cme.core import clock
from cme.formats.spreadsheets import csv_bytes, xlsx_bytes
from cme.rules import statistics

from . import charts, figures, forms, pdf, selectors, services

CONTENT_TYPES = {"csv": "text/csv; charset=utf-8",
                 "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                 "pdf": "application/pdf"}


def _download(content: bytes, filename: str, file_format: str) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPES[file_format])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{file_format}"'
    response["Cache-Control"] = "no-store"
    return response


def _narrowing(request) -> dict:
    choices = figures.filter_choices(request.user.local_authority_id)
    return {"officers": officers(user=request.user), "schools": choices["schools"], "areas": choices["areas"]}


# -- the dashboard ----------------------------------------------------------------------------------

@requires(Action.VIEW_REPORTS)
def dashboard(request):
    form = forms.DashboardForm(request.GET or None, **_narrowing(request))
    filters = form.filters()
    if not form.is_bound:  # show the dates the figures are for
        form = forms.DashboardForm(initial={"date_from": filters.date_from, "date_to": filters.date_to},
                                   **_narrowing(request))
    board = selectors.dashboard(user=request.user, filters=filters, request=request)
    trend = board.trend
    return render(request, "reports/dashboard.html", {
        "title": "CME statistics", "form": form if form.is_bound else None, "unbound_form": form, "board": board,
        "filters": filters, "trend": trend,
        "charts": {
            "trend": charts.lines([m.label for m in trend], {
                "Open at the month's end": [m.open_at_end for m in trend],
                "New": [m.started for m in trend], "Closed": [m.ended for m in trend]}),
            "state": charts.bars(board.now.by_state, series="Open cases"),
            "risk": charts.bars(board.now.by_risk, series="Open cases"),
            "officer": charts.bars(board.now.by_officer, series="Open cases") if board.now.by_officer else "",
            "duration": charts.bars(board.now.duration_bands, series="Open cases"),
            "groups": charts.bars(board.period.groups_at_end, series="Open at the end of the period"),
            "sources": charts.bars(board.period.by_source, series="New in the period"),
            "outcomes": charts.bars(board.period.by_outcome, series="Closed in the period"),
        },
        "can_export": can(request.user, Action.EXPORT_DATA),
        "query": request.GET.urlencode(),
    })


# -- the quarterly report -----------------------------------------------------------------------------

def _quarter(request) -> statistics.Quarter:
    text = request.GET.get("quarter", "")
    if text:
        try:
            return statistics.Quarter.parse(text)
        except ValueError:
            pass
    return statistics.Quarter.of(clock.today()).previous


def _quarters(today: dt.date, count: int = 12) -> list[statistics.Quarter]:
    quarter, quarters = statistics.Quarter.of(today), []
    for _ in range(count):
        quarters.append(quarter)
        quarter = quarter.previous
    return quarters


@requires(Action.VIEW_REPORTS)
def quarterly(request):
    quarter = _quarter(request)
    report = selectors.quarterly(user=request.user, quarter=quarter, request=request)
    return render(request, "reports/quarterly.html", {
        "title": f"Quarterly report: {quarter.label}", "report": report, "quarters": _quarters(clock.today()),
        "chart": charts.lines([m.label for m in report.trend], {
            "Open at the month's end": [m.open_at_end for m in report.trend],
            "New": [m.started for m in report.trend], "Closed": [m.ended for m in report.trend]}),
        "rows": pdf.comparison_rows(report), "can_export": can(request.user, Action.EXPORT_DATA)})


@requires(Action.VIEW_REPORTS)
def quarterly_pdf(request, slug: str):
    try:
        quarter = statistics.Quarter.parse(slug)
    except ValueError:
        raise Http404("No such quarter") from None
    report = selectors.quarterly(user=request.user, quarter=quarter, request=request)
    return _download(pdf.quarterly_pdf(report), f"cme-quarterly-report-{quarter.slug}", "pdf")


# -- the monthly frozen record ----------------------------------------------------------------------------

def _complete_months(today: dt.date, count: int = 24) -> list[dt.date]:
    last = statistics.add_months(today, -1)
    return list(reversed(statistics.months_ending(last, count)))


@requires(Action.VIEW_REPORTS)
def snapshots(request):
    form = forms.SnapshotForm(request.POST or None, months=_complete_months(clock.today()))
    if request.method == "POST":
        if not selectors.can_export_records(request.user):
            raise PermissionDenied("Only a CME manager can freeze the central record")
        if form.is_valid():
            try:
                outcome = services.snapshot_take(local_authority=request.user.local_authority,
                                                 month=form.month_chosen(), by=request.user, how="page",
                                                 correction_reason=form.cleaned_data["correction_reason"])
            except ValidationError as error:
                form.add_error("month", error.messages[0])
            else:
                if outcome.outcome == services.Taken.DIFFERS:
                    form.add_error("correction_reason", outcome.message)
                else:
                    messages.success(request, outcome.message)
                    return redirect("reports:snapshot", outcome.snapshot.pk)
    return render(request, "reports/snapshots.html", {
        "title": "Monthly central record", "form": form, "snapshots": selectors.snapshots_list(user=request.user),
        "can_export": can(request.user, Action.EXPORT_DATA), "can_freeze": selectors.can_export_records(request.user)})


@requires(Action.VIEW_REPORTS)
def snapshot(request, snapshot_id: int):
    frozen = selectors.snapshot_for_view(user=request.user, snapshot_id=snapshot_id)
    return render(request, "reports/snapshot.html", {
        "title": frozen.title, "snapshot": frozen, "downloads": selectors.snapshot_downloads(frozen)[:100],
        "later": selectors.snapshots_list(user=request.user).filter(supersedes=frozen).first(),
        "can_download": selectors.can_export_records(request.user)})


@requires(Action.EXPORT_DATA)
def snapshot_download(request, snapshot_id: int, file_format: str):
    if file_format not in ("csv", "xlsx"):
        raise Http404("Frozen records download as csv or xlsx")
    frozen = selectors.snapshot_for_download(user=request.user, snapshot_id=snapshot_id, file_format=file_format,
                                             request=request)
    notes = [frozen.title, f"Open cases at the end of {frozen.as_at:%-d %B %Y}: {frozen.row_count}",
             f"Frozen {clock.local_date(frozen.taken_at):%-d %B %Y} ({frozen.taken_how}); SHA-256 of the rows: "
             f"{frozen.checksum}",
             "This file contains personal data about children. Keep it only as long as you need it, "
             "and only where your council's data protection policy allows."]
    if frozen.supersedes_id:
        notes.append(f"Corrects version {frozen.version - 1}: {frozen.correction_reason}")
    if file_format == "csv":
        content = csv_bytes(frozen.columns, frozen.rows)
    else:
        content = xlsx_bytes(frozen.columns, frozen.rows, sheet=f"{frozen.month:%B %Y}", notes=notes)
    return _download(content, frozen.file_stem, file_format)


# -- the DfE return -------------------------------------------------------------------------------------

@requires(Action.EXPORT_DATA)
def dfe_return(request):
    today = clock.today()
    data = request.GET if "census_date-day" in request.GET or "census_date" in request.GET else None
    form = forms.CensusForm(data, initial={"census_date": statistics.latest_census_date(today)})
    result, fixes = None, []
    if form.is_bound and form.is_valid():
        result = selectors.dfe_return(user=request.user, census_date=form.cleaned_data["census_date"], request=request)
        fixes = selectors.cases_to_fix(user=request.user, fixes=result.fixes)
        if request.GET.get("download") == "csv":
            return _download(csv_bytes(statistics.COLUMNS, [list(row.values()) for row in result.rows], bom=False),
                             f"cme-census-{result.council.old_la_code}-{result.census_date:%Y-%m-%d}", "csv")
    return render(request, "reports/dfe_return.html", {
        "title": "DfE termly return: children missing education", "form": form if form.is_bound else None,
        "unbound_form": form, "result": result, "fixes": fixes,
        "can_see_children": can(request.user, Action.VIEW_CHILD),
        "download": f"{reverse('reports:dfe-return')}?{request.GET.urlencode()}&download=csv" if result else ""})


# -- exports -----------------------------------------------------------------------------------------------

@requires(Action.EXPORT_DATA)
def export(request):
    form = forms.ExportForm(request.GET or None, **_narrowing(request))
    if form.is_bound and form.is_valid():
        file_format = form.cleaned_data["file_format"]
        headings, rows = selectors.export_cases(user=request.user, filters=form.filters(), file_format=file_format,
                                                request=request)
        stem = f"cme-cases-{clock.today():%Y-%m-%d}"
        if file_format == "csv":
            return _download(csv_bytes(headings, rows), stem, "csv")
        return _download(xlsx_bytes(headings, rows, sheet="Cases", notes=[
            f"CME cases exported {clock.now():%-d %B %Y at %H:%M} by {request.user.full_name}",
            f"Filters: {form.filters().describes}",
            "This file contains personal data about children. Keep it only as long as you need it."]), stem, "xlsx")
    return render(request, "reports/export.html", {
        "title": "Export cases", "form": form, "fields": selectors.export_fields_for(request.user),
        "all_fields": selectors.EXPORT_FIELDS})
