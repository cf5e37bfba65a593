"""`cme bench reports`: the dashboard and the DfE return over a council with 100,000 historic
cases, against the naive computation a developer (or a spreadsheet macro) would write first:
every case loaded, its episodes and child read one by one, and counted in Python. The naive
versions are also the tests' independent check that the SQL counts what the rules say."""

from __future__ import annotations

import datetime as dt
import statistics as stats
import time
from collections import Counter

from cme.cases.models import Case, CaseState
from cme.core.rules_config import duration_policy, leaving_rule
from cme.rules import school_age, statistics
from cme.rules.statistics import ChildOnCensus


def naive_period(local_authority_id: int, first: dt.date, last: dt.date) -> dict:
    """New, closed and open at the end of [first, last], and the median days to close, one case at a time."""
    started = ended = open_at_end = 0
    days = []
    sources: Counter = Counter()
    for case in Case.objects.filter(local_authority_id=local_authority_id):
        for period in case.periods.all():  # one query per case: the naive way
            if first <= period.started_on <= last:
                started += 1
                sources[case.get_source_display()] += 1
            if period.ended_on and first <= period.ended_on <= last:
                ended += 1
                days.append((period.ended_on - period.started_on).days)
            if statistics.open_on(period.started_on, period.ended_on, last):
                open_at_end += 1
    return {"started": started, "ended": ended, "open_at_end": open_at_end,
            "median_days": stats.median(days) if days else None, "by_source": dict(sources)}


def naive_now(local_authority_id: int) -> dict:
    by_state: Counter = Counter()
    by_officer: Counter = Counter()
    unknown = 0
    for case in Case.objects.filter(local_authority_id=local_authority_id).exclude(state=CaseState.CLOSED):
        by_state[case.get_state_display()] += 1
        by_officer[case.allocated_to.full_name if case.allocated_to else "Not allocated"] += 1
        unknown += not case.whereabouts_known
    return {"open": sum(by_state.values()), "by_state": dict(by_state), "by_officer": dict(by_officer),
            "whereabouts_unknown": unknown}


def naive_trend(local_authority_id: int, last: dt.date, months: int = 24) -> list[tuple[int, int, int]]:
    """(open at the month's end, started, ended) for each month: every case read for every month."""
    trend = []
    for first in statistics.months_ending(last, months):
        month_last = statistics.month_end(first)
        figures = naive_period(local_authority_id, first, month_last)
        trend.append((figures["open_at_end"], figures["started"], figures["ended"]))
    return trend


def naive_return(local_authority_id: int, census_date: dt.date) -> dict[str, dict[str, int]]:
    children = []
    for case in Case.objects.filter(local_authority_id=local_authority_id):
        child = case.child  # one query per case
        for period in case.periods.all():
            if statistics.open_on(period.started_on, period.ended_on, census_date):
                children.append(ChildOnCensus(case.pk, child.pk, child.sex, child.date_of_birth, case.primary_reason,
                                              period.started_on))
    counted = [c for c in children if c.date_of_birth is None
               or school_age.is_of_compulsory_school_age(c.date_of_birth, census_date, leaving_rule())]
    return statistics.breakdowns(counted, census_date, duration_policy())


def timed(function, *args, repeat: int = 1) -> tuple[list[float], object]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function(*args)
        times.append(time.perf_counter() - started)
    return times, result


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]
