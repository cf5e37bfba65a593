"""The figures, computed in the database from the casework: one pass per question over the
council's CME episodes (cases_caseperiod), filtered by officer, school and area. No access
logging here: the selectors that call these log the read.

An episode counts on a day as `cme.rules.statistics.open_on` says: started on or before the
day and not ended by it. Cases that are open now are described as they are now (state, risk,
officer, whereabouts); everything dated (new, closed, open at a month's end) is counted from
the episodes' own dates, so a past month's figures do not drift as today's work goes on.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import connection

from cme.cases.models import CaseSource, CaseState, RiskLevel, TaskKind
from cme.core.rules_config import duration_policy
from cme.rules import statistics
from cme.rules.case_lifecycle import Outcome

VULNERABLE_GROUPS = (
    # label, SQL over the child (ch)
    ("In care (looked after)", "ch.looked_after"),
    ("Subject of a child protection plan", "ch.child_protection_plan"),
    ("Has a social worker", "ch.has_social_worker"),
    ("SEN support", "ch.sen_status = 'sen-support'"),
    ("Education, health and care plan", "ch.sen_status = 'ehcp'"),
    ("Gypsy, Roma or Traveller family", "ch.gypsy_roma_traveller"),
    ("Armed Forces family", "ch.service_family"),
    ("New to the country", "ch.new_arrival"),
    ("In temporary accommodation", "ch.temporary_accommodation"),
)

SOURCE_LABELS = dict(CaseSource.choices)
STATE_LABELS = dict(CaseState.choices)
RISK_LABELS = dict(RiskLevel.choices)
# Short names for a dashboard; the case pages and exports use the full wording.
OUTCOME_LABELS = {
    Outcome.ON_ROLL_ATTENDING.value: "On a school roll and attending",
    Outcome.SUITABLE_EHE.value: "Suitable home education",
    Outcome.ALTERNATIVE_PROVISION.value: "Alternative provision",
    Outcome.MOVED_TO_ANOTHER_LA.value: "Moved to another council",
    Outcome.MOVED_ABROAD.value: "Moved abroad",
    Outcome.CEASED_COMPULSORY_SCHOOL_AGE.value: "No longer of school age",
    Outcome.DIED.value: "Died",
    Outcome.WHEREABOUTS_UNKNOWN.value: "Not found after all enquiries",
}
CHECK_KINDS = (TaskKind.MONITORING.value, TaskKind.NEXT_CHECK.value, TaskKind.CHECK_PROVISION.value)


@dataclass(frozen=True)
class ReportFilters:
    """Which cases the figures are about. Dates bound the flows (new, closed); the rest
    narrows the cases counted."""

    date_from: dt.date
    date_to: dt.date
    officer: str = ""  # "", "none" (not allocated) or a user id
    school: str = ""  # the child's last school, as recorded
    area: str = ""  # a postcode district of the child's current address, e.g. "DM1"

    @property
    def describes(self) -> str:
        parts = [f"{self.date_from:%d/%m/%Y} to {self.date_to:%d/%m/%Y}"]
        parts += [f"{name} {value}" for name, value in (("officer", self.officer), ("school", self.school),
                                                          ("area", self.area)) if value]
        return ", ".join(parts)

    @property
    def narrowed(self) -> bool:
        return bool(self.officer or self.school or self.area)


def scope(local_authority_id: int, filters: ReportFilters | None) -> tuple[str, list]:
    """The WHERE clause (over the case c and child ch) choosing the cases counted."""
    where, params = ["c.local_authority_id = %s"], [local_authority_id]
    if filters is not None:
        if filters.officer == "none":
            where.append("c.allocated_to_id IS NULL")
        elif filters.officer.isdigit():
            where.append("c.allocated_to_id = %s")
            params.append(int(filters.officer))
        if filters.school:
            where.append("ch.last_school = %s")
            params.append(filters.school)
        if filters.area:
            where.append("EXISTS (SELECT 1 FROM children_childaddress a WHERE a.child_id = ch.id "
                         "AND a.moved_out IS NULL AND split_part(upper(a.postcode), ' ', 1) = %s)")
            params.append(filters.area.upper())
    return " AND ".join(where), params


# Every case has a child, so a LEFT JOIN to it gives the same rows as an inner one; written so,
# PostgreSQL leaves the child table out altogether when no filter or figure reads it.
EPISODES = ("FROM cases_caseperiod p JOIN cases_case c ON c.id = p.case_id "
            "LEFT JOIN children_child ch ON ch.id = c.child_id WHERE {where}")
CASES_WITH_OFFICER = ("FROM cases_case c LEFT JOIN children_child ch ON ch.id = c.child_id "
                      "LEFT JOIN accounts_user u ON u.id = c.allocated_to_id WHERE {where}")
OVERDUE_TASKS = ("FROM cases_task t JOIN cases_case c ON c.id = t.case_id "
                 "LEFT JOIN children_child ch ON ch.id = c.child_id "
                 "WHERE t.status = 'open' AND t.due_on < %s AND {where}")


def _rows(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _one(sql: str, params: list) -> tuple:
    return _rows(sql, params)[0]


# Only episodes that overlap the period can count in it: started by its end and not ended
# before it began. The indexes on the episode dates find them without reading the whole history.
OVERLAPS = "p.started_on <= %s AND (p.ended_on IS NULL OR p.ended_on >= %s)"


# -- flows over a period, and the stock at its end -----------------------------------------------

@dataclass
class PeriodFigures:
    first: dt.date
    last: dt.date
    open_at_end: int = 0
    started: int = 0
    ended: int = 0
    median_days: float | None = None
    p90_days: float | None = None
    whereabouts_unknown_at_end: int = 0
    by_source: dict[str, int] = field(default_factory=dict)
    by_outcome: dict[str, int] = field(default_factory=dict)
    by_reason: dict[str, int] = field(default_factory=dict)
    groups_at_end: dict[str, int] = field(default_factory=dict)


def period_figures(local_authority_id: int, first: dt.date, last: dt.date,
                   filters: ReportFilters | None = None) -> PeriodFigures:
    where, params = scope(local_authority_id, filters)
    at_end = "p.started_on <= %s AND (p.ended_on IS NULL OR p.ended_on > %s)"
    groups = ", ".join(f"count(*) FILTER (WHERE {at_end} AND {sql})" for _, sql in VULNERABLE_GROUPS)
    row = _one(
        f"SELECT count(*) FILTER (WHERE {at_end}),"
        " count(*) FILTER (WHERE p.started_on BETWEEN %s AND %s),"
        " count(*) FILTER (WHERE p.ended_on BETWEEN %s AND %s),"
        " percentile_cont(0.5) WITHIN GROUP (ORDER BY p.ended_on - p.started_on)"
        "   FILTER (WHERE p.ended_on BETWEEN %s AND %s),"
        " percentile_cont(0.9) WITHIN GROUP (ORDER BY p.ended_on - p.started_on)"
        "   FILTER (WHERE p.ended_on BETWEEN %s AND %s),"
        f" {groups} " + EPISODES.format(where=where) + " AND " + OVERLAPS,
        [last, last, first, last, first, last, first, last, first, last]
        + [value for _ in VULNERABLE_GROUPS for value in (last, last)] + params + [last, first])
    figures = PeriodFigures(first=first, last=last, open_at_end=row[0], started=row[1], ended=row[2],
                            median_days=row[3], p90_days=row[4])
    figures.groups_at_end = {label: count for (label, _), count in zip(VULNERABLE_GROUPS, row[5:], strict=True)}
    # Sources and reasons of the episodes started, outcomes of those ended: one scan, three groupings.
    sources, reasons, outcomes = {}, {}, {}
    for is_source, is_reason, value, started, ended in _rows(
            "SELECT GROUPING(c.source), GROUPING(c.primary_reason), coalesce(c.source, c.primary_reason::text, c.outcome),"
            " count(*) FILTER (WHERE p.started_on BETWEEN %s AND %s),"
            " count(*) FILTER (WHERE p.ended_on BETWEEN %s AND %s) " + EPISODES.format(where=where)
            + " AND (p.started_on BETWEEN %s AND %s OR p.ended_on BETWEEN %s AND %s)"
            " GROUP BY GROUPING SETS ((c.source), (c.primary_reason), (c.outcome))",
            [first, last, first, last, *params, first, last, first, last]):
        if is_source == 0:
            sources[value] = started
        elif is_reason == 0:
            if value is not None:  # no reason recorded yet
                reasons[int(value)] = started
        else:
            outcomes[value] = ended
    figures.by_source = {label: sources.get(value, 0) for value, label in CaseSource.choices}
    figures.by_reason = {reason.label: reasons.get(reason.code, 0) for reason in statistics.PRIMARY_REASONS}
    figures.by_outcome = {label: outcomes.get(value, 0) for value, label in OUTCOME_LABELS.items()}
    if reopened := outcomes.get("", 0):  # ended then, reopened since: the case has no outcome now
        figures.by_outcome["Reopened since"] = reopened
    return figures


# -- now ----------------------------------------------------------------------------------------

@dataclass
class NowFigures:
    open: int = 0
    whereabouts_unknown: int = 0
    unallocated: int = 0
    by_state: dict[str, int] = field(default_factory=dict)
    by_risk: dict[str, int] = field(default_factory=dict)
    by_officer: dict[str, int] = field(default_factory=dict)
    duration_bands: dict[str, int] = field(default_factory=dict)
    overdue_tasks: int = 0
    overdue_checks: int = 0


def now_figures(local_authority_id: int, today: dt.date, filters: ReportFilters | None = None) -> NowFigures:
    where, params = scope(local_authority_id, filters)
    where += " AND c.state <> 'closed'"
    figures = NowFigures()
    # State, risk and officer in one scan of the open cases, with the whereabouts not known.
    states, risks, officers = {}, {}, []
    for is_state, is_risk, value, count, unknown in _rows(
            "SELECT GROUPING(c.state), GROUPING(c.risk_level), coalesce(c.state, c.risk_level, u.full_name, ''),"
            " count(*), count(*) FILTER (WHERE NOT c.whereabouts_known) " + CASES_WITH_OFFICER.format(where=where)
            + " GROUP BY GROUPING SETS ((c.state), (c.risk_level), (u.full_name))", params):
        if is_state == 0:
            states[value] = count
            figures.whereabouts_unknown += unknown
        elif is_risk == 0:
            risks[value] = count
        else:
            officers.append((value, count))
    figures.by_state = {label: states.get(value, 0) for value, label in CaseState.choices if value != "closed"}
    figures.open = sum(states.values())
    figures.by_risk = {label: risks.get(value, 0) for value, label in RiskLevel.choices}
    officers.sort(key=lambda officer: (-officer[1], officer[0]))
    figures.by_officer = {name or "Not allocated": count for name, count in officers}
    figures.unallocated = dict(officers).get("", 0)
    policy = duration_policy()
    bands: dict[str, int] = {band.value: 0 for band in statistics.DURATION_BANDS}
    for started, count in _rows("SELECT p.started_on, count(*) " + EPISODES.format(where=where)
                                + " AND p.ended_on IS NULL GROUP BY 1", params):
        bands[statistics.duration_band(started, today, policy).value] += count
    figures.duration_bands = bands
    overdue = _one("SELECT count(*), count(*) FILTER (WHERE t.kind = ANY(%s)) " + OVERDUE_TASKS.format(where=where),
                   [list(CHECK_KINDS), today, *params])
    figures.overdue_tasks, figures.overdue_checks = overdue
    return figures


# -- trends ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Month:
    starts: dt.date
    open_at_end: int
    started: int
    ended: int

    @property
    def label(self) -> str:
        return f"{self.starts:%b %Y}"


MONTHS_OF_OVERLAPPING = ("SELECT GROUPING(started), coalesce(started, ended), count(*) FROM overlapping"
                         " GROUP BY GROUPING SETS ((started), (ended))")


def monthly_trend(local_authority_id: int, last: dt.date, months: int = 24,
                  filters: ReportFilters | None = None) -> list[Month]:
    """Open at each month's end, and episodes started and ended in it, for `months` months
    ending with `last`'s. Read in one grouped scan of the episodes that overlap the months: those
    started earlier and still open when the first month began, then each month's starts and ends."""
    where, params = scope(local_authority_id, filters)
    firsts = statistics.months_ending(last, months)
    started_by: dict[dt.date, int] = defaultdict(int)
    ended_by: dict[dt.date, int] = defaultdict(int)
    open_before = 0
    for by_start, month, count in _rows(
            "WITH overlapping AS (SELECT CASE WHEN p.started_on >= %s THEN date_trunc('month', p.started_on)::date"
            " END AS started, date_trunc('month', p.ended_on)::date AS ended " + EPISODES.format(where=where)
            + " AND " + OVERLAPS + ") " + MONTHS_OF_OVERLAPPING,
            [firsts[0], *params, statistics.month_end(last), firsts[0]]):
        if by_start == 0:
            if month is None:  # started before the first month, open when it began
                open_before = count
            else:
                started_by[month] = count
        elif month is not None:  # None: not ended
            ended_by[month] = count
    started_before, ended_before = open_before, 0
    trend = []
    for first in firsts:
        started_before += started_by.get(first, 0)
        ended_before += ended_by.get(first, 0)
        trend.append(Month(starts=first, open_at_end=started_before - ended_before,
                           started=started_by.get(first, 0), ended=ended_by.get(first, 0)))
    return trend


# -- the choices for the filters --------------------------------------------------------------------

def filter_choices(local_authority_id: int) -> dict[str, list]:
    """The schools and postcode districts of the council's CME children, for the filters. Kept
    for five minutes: a list of choices need not be to the second, and it reads every case."""
    return cache.get_or_set(f"report-filter-choices:{local_authority_id}",
                            lambda: _filter_choices(local_authority_id), CHOICES_KEPT_SECONDS)


CHOICES_KEPT_SECONDS = 300


def _filter_choices(local_authority_id: int) -> dict[str, list]:
    schools = [name for (name,) in _rows(
        "SELECT ch.last_school FROM children_child ch WHERE ch.last_school <> '' AND ch.id IN ("
        "SELECT c.child_id FROM cases_case c WHERE c.local_authority_id = %s) GROUP BY 1 ORDER BY 1 LIMIT 500",
        [local_authority_id])]
    areas = [area for (area,) in _rows(
        "SELECT split_part(upper(a.postcode), ' ', 1) FROM children_childaddress a "
        "WHERE a.moved_out IS NULL AND a.postcode <> '' AND a.child_id IN ("
        "SELECT c.child_id FROM cases_case c WHERE c.local_authority_id = %s) GROUP BY 1 ORDER BY 1 LIMIT 500",
        [local_authority_id])]
    return {"schools": schools, "areas": areas}
