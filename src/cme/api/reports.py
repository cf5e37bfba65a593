"""GET /api/v1/reports/figures and /api/v1/reports/dfe-return: the council's statistics, read
only, for its own dashboards and data warehouse. Figures, never children: the token's user
needs the same permission as the pages (statistics: see reports; the return: export data),
and every call is in the access log."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from ninja.responses import Status
from pydantic import Field

from cme.audit.models import Channel
from cme.core import clock
from cme.reports import selectors
from cme.reports.figures import ReportFilters
from cme.rules import statistics
from cme.rules.dates import DateError, parse_iso_date

from .referrals import Errors

router = Router(tags=["reports"])


class FiguresQuery(Schema):
    date_from: str | None = Field(None, description="YYYY-MM-DD; default the first of the month of date_to")
    date_to: str | None = Field(None, description="YYYY-MM-DD; default today")
    officer: str = Field("", description="a user id, 'none' for cases nobody has, or empty for all")


class MonthOut(Schema):
    month: str
    open_at_end: int
    started: int
    ended: int


class FiguresOut(Schema):
    date_from: str
    date_to: str
    now: dict
    period: dict
    trend: list[MonthOut]


class ReturnOut(Schema):
    census_date: str
    time_period: str
    time_identifier: str
    total: int
    topics_reconcile: bool
    cases_to_fix: int
    rows: list[dict[str, str]]


def _date(value: str | None, name: str) -> dt.date | None:
    if not value:
        return None
    try:
        return parse_iso_date(value)
    except DateError as error:
        raise HttpError(422, f"{name}: {error}") from None


@router.get("/figures", response={200: FiguresOut, 400: Errors, 401: Errors, 403: Errors, 422: Errors, 429: Errors},
            summary="The dashboard's figures")
def figures(request, query: Query[FiguresQuery]):
    last = _date(query.date_to, "date_to") or clock.today()
    first = _date(query.date_from, "date_from") or statistics.month_start(last)
    if first > last:
        raise HttpError(422, "date_from must be on or before date_to")
    officer = query.officer if query.officer == "none" or query.officer.isdigit() else ""
    try:
        board = selectors.dashboard(user=request.user, filters=ReportFilters(first, last, officer=officer),
                                    request=request, channel=Channel.API)
    except PermissionDenied as error:
        raise HttpError(403, str(error) or "You may not see reports") from None
    period = board.period
    return Status(200, {
        "date_from": first.isoformat(), "date_to": last.isoformat(),
        "now": {"open": board.now.open, "whereabouts_unknown": board.now.whereabouts_unknown,
                "unallocated": board.now.unallocated, "overdue_tasks": board.now.overdue_tasks,
                "by_state": board.now.by_state, "by_risk": board.now.by_risk, "by_officer": board.now.by_officer,
                "duration_bands": board.now.duration_bands},
        "period": {"new": period.started, "closed": period.ended, "open_at_end": period.open_at_end,
                   "median_days_to_close": period.median_days, "by_source": period.by_source,
                   "by_outcome": period.by_outcome, "by_reason": period.by_reason,
                   "vulnerable_groups_at_end": period.groups_at_end},
        "trend": [{"month": m.starts.strftime("%Y-%m"), "open_at_end": m.open_at_end, "started": m.started,
                   "ended": m.ended} for m in board.trend],
    })


@router.get("/dfe-return", response={200: ReturnOut, 400: Errors, 401: Errors, 403: Errors, 422: Errors, 429: Errors},
            summary="The DfE termly CME return for a census date")
def dfe_return(request, census_date: str = Query(..., description="YYYY-MM-DD")):
    day = _date(census_date, "census_date")
    try:
        result = selectors.dfe_return(user=request.user, census_date=day, request=request, channel=Channel.API)
    except PermissionDenied as error:
        raise HttpError(403, str(error) or "You may not produce the return") from None
    return Status(200, {"census_date": day.isoformat(), "time_period": result.term.time_period,
                 "time_identifier": result.term.time_identifier, "total": result.total,
                 "topics_reconcile": not result.unreconciled, "cases_to_fix": len(result.fixes), "rows": result.rows})
