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


def naive_dashboard(local_authority_id: int, first: dt.date, last: dt.date, months: int = 24) -> dict:
    """Everything the dashboard shows, the naive way: one pass over the council's cases, each
    case's episodes and officer read with their own queries, counted in Python."""
    firsts = statistics.months_ending(last, months)
    trend = {month: [0, 0, 0] for month in firsts}
    period = {"started": 0, "ended": 0, "open_at_end": 0}
    now: Counter = Counter()
    for case in Case.objects.filter(local_authority_id=local_authority_id):
        if case.state != CaseState.CLOSED:
            now[case.get_state_display()] += 1
            now[case.allocated_to.full_name if case.allocated_to_id else "Not allocated"] += 1
            now[case.get_risk_level_display()] += 1
        for period_ in case.periods.all():
            started, ended = period_.started_on, period_.ended_on
            period["started"] += first <= started <= last
            period["ended"] += bool(ended) and first <= ended <= last
            period["open_at_end"] += statistics.open_on(started, ended, last)
            for month, counts in trend.items():
                counts[0] += statistics.open_on(started, ended, statistics.month_end(month))
                counts[1] += statistics.month_start(started) == month
                counts[2] += bool(ended) and statistics.month_start(ended) == month
    return {"period": period, "now": dict(now), "trend": [tuple(trend[month]) for month in firsts]}


def run(*, cases: int, seed: int, repeats: int, progress) -> tuple[dict, str]:
    """Build a council with `cases` historic cases over five years, then time the dashboard and
    the return against the naive computations, checking that both give the same figures."""
    from django.db import connection

    from cme.accounts.models import LocalAuthority
    from cme.accounts.roles import Role
    from cme.cases import services
    from cme.core import clock

    from . import demo_history

    today = clock.today()
    la, _ = LocalAuthority.objects.get_or_create(code="997", defaults={"name": "Benchshire (fictional)",
                                                                       "ons_code": "E10999997", "is_fictional": True})
    from cme.accounts.models import User

    officers = [User.objects.get_or_create(email=f"bench-officer-{n}@example.invalid", defaults={
        "full_name": f"Bench Officer {n}", "role": Role.CME_OFFICER, "local_authority": la, "is_fictional": True})[0].pk
        for n in range(8)]
    from cme.cases.models import Case

    started = time.perf_counter()
    already = Case.objects.filter(local_authority=la).count()
    if already >= cases:  # a database kept from an earlier run (CME_PGDATA without CME_PG_THROWAWAY)
        progress(f"using the {already:,} cases built by an earlier run in this database")
        return _measure(la, officers, already, None, repeats=repeats, progress=progress)
    children = demo_history.make_children(la.pk, int(cases * 1.15), seed=seed, on=today - dt.timedelta(days=2 * 365),
                                          schools=[f"Bench School {n}" for n in range(40)])
    months = 60
    planned = demo_history.plan(children, officers=officers, today=today, months=months,
                                per_month=-(-cases // months), seed=seed)[:cases]
    services.earlier_cases_record(local_authority_id=la.pk, cases=planned, note="Benchmark history")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    built = time.perf_counter() - started
    progress(f"built {len(planned):,} cases over {months} months in {built:.0f} s")
    return _measure(la, officers, len(planned), built, repeats=repeats, progress=progress)


def _measure(la, officers: list[int], case_count: int, built: float | None, *, repeats: int, progress) -> tuple[dict, str]:
    import os

    from cme.core import clock
    from cme.reports import charts, dfe, figures
    from cme.reports.figures import ReportFilters

    today = clock.today()
    load_before = os.getloadavg()[0]

    def dashboard(filters: ReportFilters) -> None:
        now = figures.now_figures(la.pk, today, filters)
        period = figures.period_figures(la.pk, filters.date_from, filters.date_to, filters)
        trend = figures.monthly_trend(la.pk, filters.date_to, 24, filters)
        figures.filter_choices(la.pk)
        charts.lines([m.label for m in trend], {"open": [m.open_at_end for m in trend]})
        for counts in (now.by_state, now.by_risk, now.by_officer, now.duration_bands, period.by_source,
                       period.by_outcome, period.groups_at_end):
            charts.bars(counts, series="Cases")

    month_first = statistics.month_start(today)
    variants = [ReportFilters(month_first, today), ReportFilters(statistics.add_months(today, -12), today),
                ReportFilters(month_first, today, officer=str(officers[0])),
                ReportFilters(dt.date(today.year - 1, 1, 1), dt.date(today.year - 1, 12, 31), school="Bench School 3"),
                ReportFilters(month_first, today, area="DM1")]
    times = []
    for _ in range(repeats):
        for variant in variants:
            started = time.perf_counter()
            dashboard(variant)
            times.append(time.perf_counter() - started)
    progress(f"dashboard: {len(times)} runs, p95 {percentile(times, 0.95) * 1000:.0f} ms")
    naive_times, naive = timed(naive_dashboard, la.pk, month_first, today)
    progress(f"naive dashboard: {naive_times[0]:.1f} s")
    sql_period = figures.period_figures(la.pk, month_first, today)
    sql_trend = [(m.open_at_end, m.started, m.ended) for m in figures.monthly_trend(la.pk, today, 24)]
    agrees = (naive["period"] == {"started": sql_period.started, "ended": sql_period.ended,
                                  "open_at_end": sql_period.open_at_end} and naive["trend"] == sql_trend)

    census = statistics.latest_census_date(today)
    return_times, ours = timed(dfe.dfe_return, la, census, repeat=max(3, repeats))
    naive_return_times, naive_figures = timed(naive_return, la.pk, census)
    progress(f"return: {min(return_times):.2f} s; naive {naive_return_times[0]:.1f} s")
    data = {
        "benchmark": "reports", "cases": case_count, "episodes_over_months": 60,
        "build_seconds": None if built is None else round(built), "load_average_before": round(load_before, 2),
        "load_average_after": round(os.getloadavg()[0], 2),
        "dashboard": {"runs": len(times), "p50_ms": round(percentile(times, 0.5) * 1000),
                      "p95_ms": round(percentile(times, 0.95) * 1000), "target_p95_ms": 500,
                      "meets_target": percentile(times, 0.95) <= 0.5,
                      "naive_seconds": round(naive_times[0], 1),
                      "speedup_p50": round(naive_times[0] / percentile(times, 0.5)),
                      "same_figures_as_naive": agrees},
        "dfe_return": {"census_date": census.isoformat(), "children_counted": ours.total,
                       "seconds_median": round(stats.median(return_times), 3), "target_seconds": 5,
                       "meets_target": max(return_times) <= 5, "naive_seconds": round(naive_return_times[0], 1),
                       "speedup": round(naive_return_times[0] / stats.median(return_times)),
                       "same_figures_as_naive": ours.figures == naive_figures},
    }
    dash, ret = data["dashboard"], data["dfe_return"]
    table = (
        f"# Reports over {case_count:,} historic cases\n\n"
        "The dashboard (its figures for now, the period and 24 months of trend, and its eight charts) and the DfE "
        "return, against the naive computation: every case loaded and its episodes read one case at a time, counted "
        "in Python. Both give the same figures (checked in the run).\n\n"
        "| | CME Tracker | Naive, one case at a time | Speed-up | Target |\n|---|---:|---:|---:|---|\n"
        f"| Dashboard ({dash['runs']} runs, 5 filter sets) | p50 {dash['p50_ms']} ms, p95 {dash['p95_ms']} ms | "
        f"{dash['naive_seconds']} s | {dash['speedup_p50']}x | p95 <= 500 ms: "
        f"{'met' if dash['meets_target'] else 'not met'} |\n"
        f"| DfE return ({ret['children_counted']:,} children on {census:%-d %B %Y}) | {ret['seconds_median']} s | "
        f"{ret['naive_seconds']} s | {ret['speedup']}x | <= 5 s: {'met' if ret['meets_target'] else 'not met'} |\n\n"
        f"Same figures as the naive computation: dashboard {'yes' if agrees else 'NO'}, return "
        f"{'yes' if ret['same_figures_as_naive'] else 'NO'}. "
        + (f"Building the history took {data['build_seconds']} s. " if built is not None else
           "The history was built by an earlier run into the same database. ")
        + f"Load average (2 cores) before and after: {data['load_average_before']}, {data['load_average_after']}.\n")
    return data, table
