"""Reading reports. Figures describe children, so every report, snapshot download, return and
export is written to the access log here: who, when, what and with which filters."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from cme.accounts.models import LocalAuthority
from cme.accounts.policy import Action, can, require
from cme.audit.models import AccessEvent, Channel
from cme.audit.services import access_record
from cme.cases.models import Case, CaseState
from cme.core import clock
from cme.core.rules_config import duration_policy
from cme.rules import school_age, statistics
from cme.rules.dfe_return import REASONS_BY_CODE

from . import dfe, figures
from .figures import ReportFilters
from .models import Snapshot


def _log(user: Any, *, record_type: str, purpose: str, request: Any = None, record_id: int | None = None,
         label: str = "", channel: Channel = Channel.PAGE, child_ids: list[int] | None = None) -> None:
    access_record(user=user, local_authority_id=user.local_authority_id, record_type=record_type,
                  record_id=record_id, record_label=label, purpose=purpose, request=request, channel=channel,
                  child_ids=child_ids or [])


# -- the dashboard and the quarterly report --------------------------------------------------------

@dataclass
class Dashboard:
    filters: ReportFilters
    today: dt.date
    now: figures.NowFigures
    period: figures.PeriodFigures
    trend: list[figures.Month]
    choices: dict[str, list]


def dashboard(*, user: Any, filters: ReportFilters, request: Any = None,
              channel: Channel = Channel.PAGE) -> Dashboard:
    require(user, Action.VIEW_REPORTS, user.local_authority)
    la_id, today = user.local_authority_id, clock.today()
    result = Dashboard(
        filters=filters, today=today, now=figures.now_figures(la_id, today, filters),
        period=figures.period_figures(la_id, filters.date_from, filters.date_to, filters),
        trend=figures.monthly_trend(la_id, filters.date_to, 24, filters), choices=figures.filter_choices(la_id))
    _log(user, record_type="statistics", purpose=f"Viewed CME statistics ({filters.describes})", request=request,
         channel=channel)
    return result


@dataclass
class QuarterlyReport:
    quarter: statistics.Quarter
    this: figures.PeriodFigures
    previous: figures.PeriodFigures
    year_earlier: figures.PeriodFigures
    trend: list[figures.Month]
    local_authority: LocalAuthority
    produced_on: dt.date

    @property
    def complete(self) -> bool:
        return self.quarter.ends < self.produced_on


def quarterly(*, user: Any, quarter: statistics.Quarter, request: Any = None,
              channel: Channel = Channel.PAGE) -> QuarterlyReport:
    require(user, Action.VIEW_REPORTS, user.local_authority)
    la_id = user.local_authority_id

    def of(q: statistics.Quarter) -> figures.PeriodFigures:
        return figures.period_figures(la_id, q.starts, q.ends)

    report = QuarterlyReport(quarter=quarter, this=of(quarter), previous=of(quarter.previous),
                             year_earlier=of(quarter.a_year_earlier),
                             trend=figures.monthly_trend(la_id, quarter.ends, 24), local_authority=user.local_authority,
                             produced_on=clock.today())
    _log(user, record_type="statistics", purpose=f"Viewed the quarterly report for {quarter.label}", request=request,
         channel=channel)
    return report


# -- the monthly frozen record ------------------------------------------------------------------------

def snapshots_list(*, user: Any) -> QuerySet[Snapshot]:
    require(user, Action.VIEW_REPORTS, user.local_authority)
    return (Snapshot.objects.filter(local_authority_id=user.local_authority_id)
            .defer("rows").select_related("taken_by", "supersedes").order_by("-month", "-version"))


def snapshot_for_view(*, user: Any, snapshot_id: int) -> Snapshot:
    snapshot = snapshots_list(user=user).filter(pk=snapshot_id).first()
    if snapshot is None:
        raise Http404("No frozen record with that number")
    return snapshot


def snapshot_for_download(*, user: Any, snapshot_id: int, file_format: str, request: Any = None) -> Snapshot:
    """A frozen record's rows, for someone allowed to export them; the download is logged
    (and is how the page lists who downloaded it)."""
    require_record_export(user)
    snapshot = Snapshot.objects.filter(local_authority_id=user.local_authority_id, pk=snapshot_id).first()
    if snapshot is None:
        raise Http404("No frozen record with that number")
    case_ids = [int(row[0].removeprefix("CME")) for row in snapshot.rows]
    _log(user, record_type="snapshot", record_id=snapshot.pk, label=snapshot.title,
         purpose=f"Downloaded the {snapshot.title.lower()} ({file_format.upper()}, {snapshot.row_count} cases)",
         request=request, channel=Channel.EXPORT,
         child_ids=list(Case.objects.filter(pk__in=case_ids).values_list("child_id", flat=True)))
    return snapshot


def can_export_records(user: Any) -> bool:
    """Frozen records name children: exporting them needs both the export and the child's record."""
    return can(user, Action.EXPORT_DATA, user.local_authority) and can(user, Action.VIEW_CHILD, user.local_authority)


def require_record_export(user: Any) -> None:
    require(user, Action.EXPORT_DATA, user.local_authority)
    require(user, Action.VIEW_CHILD, user.local_authority)


def snapshot_downloads(snapshot: Snapshot) -> QuerySet[AccessEvent]:
    return AccessEvent.objects.filter(record_type="snapshot", record_id=snapshot.pk, granted=True).order_by(
        "-occurred_at")


# -- the DfE return -----------------------------------------------------------------------------------

def dfe_return(*, user: Any, census_date: dt.date, request: Any = None,
               channel: Channel = Channel.PAGE) -> dfe.DfeReturn:
    """The return, and the cases that would make it wrong (which name children: logged)."""
    require(user, Action.EXPORT_DATA, user.local_authority)
    result = dfe.dfe_return(user.local_authority, census_date)
    _log(user, record_type="dfe-return", purpose=f"Produced the DfE return for the census on {census_date:%d/%m/%Y}"
         + (f" ({len(result.fixes)} cases to check shown)" if result.fixes else ""), request=request, channel=channel,
         child_ids=[fix.child_id for fix in result.fixes] if can(user, Action.VIEW_CHILD) else [])
    return result


def cases_to_fix(*, user: Any, fixes: list[dfe.Fix]) -> list[tuple[Case, tuple[str, ...]]]:
    """The cases behind the return's problems, for the validation page (the page read is
    logged with the return)."""
    cases = Case.objects.filter(local_authority_id=user.local_authority_id,
                                pk__in=[fix.case_id for fix in fixes]).select_related("child").in_bulk()
    return [(cases[fix.case_id], fix.problems) for fix in fixes if fix.case_id in cases]


# -- exports --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ExportField:
    heading: str
    needs: Action  # a field is in the file only for someone allowed this
    value: Callable[[Case, dt.date], object]


def _year_group(case: Case, today: dt.date) -> str:
    dob = case.child.date_of_birth
    return (school_age.year_group(dob, today) or "Outside school ages") if dob else "Not known"


def _postcode(case: Case, today: dt.date) -> str:
    current = [a for a in case.child.addresses.all() if a.moved_out is None]
    return current[0].postcode if current else ""


EXPORT_FIELDS: tuple[ExportField, ...] = (
    ExportField("Case reference", Action.EXPORT_DATA, lambda c, t: c.reference),
    ExportField("Last name", Action.VIEW_CHILD, lambda c, t: c.child.last_name),
    ExportField("First name", Action.VIEW_CHILD, lambda c, t: c.child.first_name),
    ExportField("Date of birth", Action.VIEW_CHILD, lambda c, t: c.child.date_of_birth),
    ExportField("UPN", Action.VIEW_CHILD, lambda c, t: c.child.upn),
    ExportField("Postcode", Action.VIEW_CHILD, _postcode),
    ExportField("Last school", Action.VIEW_CHILD, lambda c, t: c.child.last_school),
    ExportField("Sex", Action.EXPORT_DATA, lambda c, t: c.child.get_sex_display()),
    ExportField("Year group today", Action.EXPORT_DATA, _year_group),
    ExportField("State", Action.EXPORT_DATA, lambda c, t: c.get_state_display()),
    ExportField("Whereabouts known", Action.EXPORT_DATA, lambda c, t: c.whereabouts_known),
    ExportField("DfE primary reason", Action.EXPORT_DATA, lambda c, t: c.get_primary_reason_display()),
    ExportField("Start date", Action.EXPORT_DATA, lambda c, t: c.start_date),
    ExportField("Closed on", Action.EXPORT_DATA, lambda c, t: c.closed_on),
    ExportField("Outcome", Action.EXPORT_DATA, lambda c, t: c.get_outcome_display()),
    ExportField("Days missing", Action.EXPORT_DATA, lambda c, t: ((c.closed_on or t) - c.start_date).days),
    ExportField("Duration band", Action.EXPORT_DATA,
                lambda c, t: statistics.duration_band(c.start_date, c.closed_on or t, duration_policy()).value),
    ExportField("Risk", Action.EXPORT_DATA, lambda c, t: c.get_risk_level_display()),
    ExportField("Officer", Action.VIEW_CASE, lambda c, t: c.allocated_to.full_name if c.allocated_to else ""),
    ExportField("Source", Action.EXPORT_DATA, lambda c, t: c.get_source_display()),
    ExportField("In care", Action.EXPORT_DATA, lambda c, t: c.child.looked_after),
    ExportField("Child protection plan", Action.EXPORT_DATA, lambda c, t: c.child.child_protection_plan),
    ExportField("SEN", Action.EXPORT_DATA, lambda c, t: c.child.get_sen_status_display()),
    ExportField("Gypsy, Roma or Traveller family", Action.EXPORT_DATA, lambda c, t: c.child.gypsy_roma_traveller),
    ExportField("Armed Forces family", Action.EXPORT_DATA, lambda c, t: c.child.service_family),
    ExportField("New to the country", Action.EXPORT_DATA, lambda c, t: c.child.new_arrival),
    ExportField("In temporary accommodation", Action.EXPORT_DATA, lambda c, t: c.child.temporary_accommodation),
)

EXPORT_LIMIT = 100_000


def export_fields_for(user: Any) -> list[ExportField]:
    return [field for field in EXPORT_FIELDS if can(user, field.needs, user.local_authority)]


@dataclass(frozen=True)
class ExportFilters:
    status: str = "open"  # open, closed, all
    started_from: dt.date | None = None
    started_to: dt.date | None = None
    officer: str = ""
    school: str = ""
    area: str = ""

    @property
    def describes(self) -> str:
        parts = [self.status]
        if self.started_from or self.started_to:
            parts.append(f"started {self.started_from or '…'} to {self.started_to or '…'}")
        parts += [f"{name} {value}" for name, value in (("officer", self.officer), ("school", self.school),
                                                          ("area", self.area)) if value]
        return ", ".join(parts)


def export_cases(*, user: Any, filters: ExportFilters, file_format: str,
                 request: Any = None) -> tuple[list[str], list[list[object]]]:
    """The headings and rows of a case export: only the fields this user may see, every case
    the filters choose. Logged with the number of cases and the fields included."""
    require(user, Action.EXPORT_DATA, user.local_authority)
    cases = Case.objects.filter(local_authority_id=user.local_authority_id)
    if filters.status == "open":
        cases = cases.exclude(state=CaseState.CLOSED)
    elif filters.status == "closed":
        cases = cases.filter(state=CaseState.CLOSED)
    if filters.started_from:
        cases = cases.filter(start_date__gte=filters.started_from)
    if filters.started_to:
        cases = cases.filter(start_date__lte=filters.started_to)
    if filters.officer == "none":
        cases = cases.filter(allocated_to__isnull=True)
    elif filters.officer.isdigit():
        cases = cases.filter(allocated_to_id=int(filters.officer))
    if filters.school:
        cases = cases.filter(child__last_school=filters.school)
    if filters.area:
        cases = cases.filter(child__addresses__moved_out__isnull=True,
                             child__addresses__postcode__istartswith=filters.area.upper() + " ").distinct()
    fields = export_fields_for(user)
    today = clock.today()
    chosen = (cases.select_related("child", "allocated_to").prefetch_related("child__addresses")
              .order_by("start_date", "id")[:EXPORT_LIMIT])
    chosen = list(chosen)
    rows = [[field.value(case, today) for field in fields] for case in chosen]
    _log(user, record_type="case-export", channel=Channel.EXPORT, request=request,
         child_ids=[case.child_id for case in chosen],
         purpose=f"Exported {len(rows)} cases as {file_format.upper()} ({filters.describes}; "
                 f"{len(fields)} of {len(EXPORT_FIELDS)} fields)")
    return [field.heading for field in fields], rows


def reason_label(code: int | None) -> str:
    return REASONS_BY_CODE[code].label if code in REASONS_BY_CODE else "Not recorded"
