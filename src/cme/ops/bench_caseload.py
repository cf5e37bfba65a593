"""`cme bench caseload`: a council with N open cases (each with its enquiries, tasks and a
chronology) among M children, worked by U officers at once. The officer's home page, the case
list (filtered and sorted) and a case page, each officer signed in with a session of their
own, on the web server as `cme serve` runs it; then the same pages with the naive query
shape (cme.ops.bench_naive) on a second server, in the same run, over the same data."""

from __future__ import annotations

import datetime as dt
import os
import random
import time

from django.db import connection, transaction

from . import bench_load

PAGES = {"home_page": "The officer's home page", "case_list": "Case list (filtered and sorted)",
         "case_page": "A case page"}
TARGET_P95_MS = 300
# Filters and orders an officer uses on the case list.
LIST_QUERIES = ("?officer=me&sort=risk", "?officer=me&whereabouts=unknown&sort=-start", "?risk=high&sort=name",
                "?status=making-enquiries&sort=start", "?officer=none&sort=-start")
TIMELINE_PER_CASE = 12
NOTES = """
The server's processor time, not the database, sets these figures: every query of these pages runs in
under 5 ms in PostgreSQL at this size (EXPLAIN ANALYZE), and the 20 officers share the 8 request threads
of 2 processes on the machine's 2 cores. The load average counts the benchmark's own work too (its
clients, the web server, the database), so a run raises it by itself, and the figure before a run taken
straight after another includes that one. Runs taken one straight after the other are comparable with
each other; the processor time per request moves much less with the machine's other work than the
latencies do.
"""
LA_CODE = "996"


def build(*, cases: int, children: int, users: int, seed: int, progress) -> tuple[int, list]:
    """The council, its officers, children and open cases; returns the council's id and the officers.
    A council already built at this size (an earlier run on the same database) is used again."""
    from cme.accounts.models import LocalAuthority, User
    from cme.accounts.roles import Role
    from cme.cases.models import OPEN_STATES, Case
    from cme.children.models import Child

    la, _ = LocalAuthority.objects.get_or_create(code=LA_CODE, defaults={
        "name": "Caseloadshire (fictional)", "ons_code": "E10999996", "is_fictional": True})
    officers = [User.objects.get_or_create(email=f"caseload-officer-{n}@example.invalid", defaults={
        "full_name": f"Caseload Officer {n}", "role": Role.CME_OFFICER, "local_authority": la,
        "is_fictional": True})[0] for n in range(users)]
    have_children = Child.objects.filter(local_authority=la).count()
    have_cases = Case.objects.filter(local_authority=la, state__in=OPEN_STATES).count()
    if have_children == children and have_cases == cases:
        progress(f"using the {children:,} children and {cases:,} open cases already loaded")
        return la.pk, officers
    if have_children or have_cases:
        raise SystemExit(f"The bench council already has {have_children:,} children and {have_cases:,} open cases: "
                         "run on a fresh database (make bench uses a throwaway one)")
    started = time.perf_counter()
    child_ids = _children(la.pk, children, seed)
    progress(f"loaded {children:,} children in {time.perf_counter() - started:.0f} s")
    started = time.perf_counter()
    made = _cases(la.pk, child_ids, cases, [officer.pk for officer in officers], seed)
    progress(f"opened {made:,} cases with their enquiries, tasks and chronology in {time.perf_counter() - started:.0f} s")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return la.pk, officers


def _children(la_id: int, count: int, seed: int) -> list[tuple[int, dt.date | None]]:
    from cme.core import clock
    from cme.synth.errors import PersonRecord
    from cme.synth.population import DEMOSHIRE, PopulationGenerator

    from .index import load_people, parse_date

    people = [PersonRecord.from_child(child)
              for child in PopulationGenerator(seed, DEMOSHIRE, on=clock.today()).children(count)]
    ids = load_people(people, local_authority_id=la_id)
    return [(ids[person.id], parse_date(person.dob)) for person in people]


def _cases(la_id: int, children: list[tuple[int, dt.date | None]], count: int, officers: list[int],
           seed: int) -> int:
    from cme.cases import services
    from cme.cases.models import CaseState, Task, TaskKind, TaskStatus, TimelineEntry, TimelineKind
    from cme.cases.services import EarlierCase
    from cme.core import clock
    from cme.core.bulk import copy_rows
    from cme.rules import school_age

    from .demo_history import OPEN_STATE_WEIGHTS, REASON_WEIGHTS, RISK_WEIGHTS, SOURCE_WEIGHTS, _pick

    rng = random.Random(seed)
    today = clock.today()
    of_school_age = [child for child in children
                     if child[1] and school_age.is_of_compulsory_school_age(child[1], today)]
    chosen = rng.sample(of_school_age, count)
    planned = [EarlierCase(
        child_id=child_id, primary_reason=_pick(rng, REASON_WEIGHTS),
        episodes=((today - dt.timedelta(days=rng.randint(0, 400)), None),), source=_pick(rng, SOURCE_WEIGHTS),
        allocated_to_id=rng.choice(officers) if rng.random() < 0.9 else None, state=_pick(rng, OPEN_STATE_WEIGHTS),
        whereabouts_known=rng.random() < 0.6, risk_level=_pick(rng, RISK_WEIGHTS)) for child_id, _ in chosen]
    with transaction.atomic():
        services.earlier_cases_record(local_authority_id=la_id, cases=planned, note="Benchmark caseload")
        from cme.cases.models import Case

        made = list(Case.objects.filter(local_authority_id=la_id, state__in=[s for s in CaseState.values
                                                                           if s != CaseState.CLOSED])
                    .values_list("pk", "child_id", "allocated_to_id", "start_date"))
        now = clock.now()
        task_kinds = [TaskKind.NEXT_CHECK, TaskKind.HOME_VISIT, TaskKind.REVIEW, TaskKind.MONITORING]
        copy_rows(Task, ("local_authority_id", "created_at", "updated_at", "version", "kind", "title", "detail",
                         "due_on", "status", "owner_id", "child_id", "case_id", "done_note"),
                  ((la_id, now, now, 1, kind, kind.label, "", today + dt.timedelta(days=rng.randint(-10, 25)),
                    TaskStatus.OPEN, owner if rng.random() < 0.8 else None, child_id, case_id, "")
                   for case_id, child_id, owner, _ in made for kind in rng.sample(task_kinds, 2)))
        kinds = [TimelineKind.NOTE, TimelineKind.ENQUIRY, TimelineKind.STATE, TimelineKind.TASK, TimelineKind.RISK,
                 TimelineKind.WHEREABOUTS]
        copy_rows(TimelineEntry, ("case_id", "occurred_at", "kind", "text", "by_id", "subject_type"),
                  ((case_id, now - dt.timedelta(hours=rng.randint(1, 24 * 300)), kind,
                    f"{kind.label} recorded for the benchmark (fictional)", owner, "")
                   for case_id, _, owner, _ in made
                   for kind in (rng.choice(kinds) for _ in range(TIMELINE_PER_CASE))))
    return len(made)


def _database_backends() -> list[int]:
    """The database server processes serving other connections to this database (the web server's)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                       "AND pid <> pg_backend_pid() AND backend_type = 'client backend'")
        return [pid for (pid,) in cursor.fetchall()]


def paths(la_id: int, seed: int) -> dict[str, list[str]]:
    from cme.cases.models import OPEN_STATES, Case

    open_cases = list(Case.objects.filter(local_authority_id=la_id, state__in=OPEN_STATES).values_list("pk", flat=True))
    sample = random.Random(seed).sample(open_cases, min(300, len(open_cases)))
    return {"home_page": ["/home/"], "case_list": [f"/cases/{query}" for query in LIST_QUERIES],
            "case_page": [f"/cases/{pk}/" for pk in sample]}


def python_loop_seconds() -> float:
    """How fast this machine runs plain Python (the sum of the squares of the first 10 million numbers,
    the better of two tries): machines of the same size differ by two times and more, so a run's figures
    are read beside it."""
    timings = []
    for _ in range(2):
        started = time.perf_counter()
        sum(number * number for number in range(10_000_000))
        timings.append(time.perf_counter() - started)
    return round(min(timings), 2)


def run(*, cases: int, children: int, users: int, requests: int, workers: int, seed: int, progress) -> tuple[dict, str]:
    la_id, officers = build(cases=cases, children=children, users=users, seed=seed, progress=progress)
    python_loop_s = python_loop_seconds()
    cookies = [bench_load.signed_in_cookie(officer) for officer in officers]
    wanted = paths(la_id, seed)
    measured = {}
    load_before = os.getloadavg()[0]
    cpu = {}
    for shape, app in (("ours", None), ("naive", "cme.ops.bench_naive:application")):
        with bench_load.running_server_process(workers=workers, app=app) as (port, server):
            # Warm up as a server in use is: every officer's connection, so both workers and every thread
            # have read their templates and opened their database connection before the measured run.
            bench_load.run_load(port, cookies=cookies, paths=wanted, clients=users, requests=max(40, 10 * users))
            # The processor time the web server's workers and their database connections use, per request:
            # what the machine's load (other work on the same cores) does not change much.
            # A connection opened during the run (a thread's first request) counts from nothing.
            web, database = bench_load.children_of(server.pid), set(_database_backends())
            before = (bench_load.cpu_seconds(web), bench_load.cpu_seconds(list(database)),
                      bench_load.cpu_seconds([os.getpid()]))
            load = bench_load.run_load(port, cookies=cookies, paths=wanted, clients=users, requests=requests)
            after = (bench_load.cpu_seconds(web), bench_load.cpu_seconds(list(database | set(_database_backends()))),
                     bench_load.cpu_seconds([os.getpid()]))
            cpu[shape] = [round((end - start) * 1000 / requests, 1) if start is not None and end is not None else None
                          for start, end in zip(before, after, strict=True)]
        if load.errors:
            raise RuntimeError(f"{len(load.errors)} requests failed ({shape}), e.g. {load.errors[0]}")
        measured[shape] = load.summary()
        progress(f"{shape}: {measured[shape]['requests_per_second']} requests/s, "
                 + ", ".join(f"{page} p95 {figures['p95_ms']} ms" for page, figures in measured[shape]["pages"].items()))
    ours, naive = measured["ours"], measured["naive"]
    data = {"benchmark": "caseload", "cases": cases, "children": children, "users": users,
            "server": f"gunicorn, {workers} workers x 4 threads (as cme serve)"}
    for page in PAGES:
        data[page] = {"p50_ms": ours["pages"][page]["p50_ms"], "p95_ms": ours["pages"][page]["p95_ms"],
                      "baseline_p50_ms": naive["pages"][page]["p50_ms"],
                      "baseline_p95_ms": naive["pages"][page]["p95_ms"], "requests": ours["pages"][page]["requests"]}
    data.update({"requests_per_second": ours["requests_per_second"],
                 "baseline_requests_per_second": naive["requests_per_second"], "target_p95_ms": TARGET_P95_MS,
                 "meets_target": all(data[page]["p95_ms"] <= TARGET_P95_MS for page in PAGES),
                 "paths": {page: wanted[page][:5] for page in PAGES},
                 "server_cpu_ms_per_request": cpu["ours"][0], "database_cpu_ms_per_request": cpu["ours"][1],
                 "baseline_server_cpu_ms_per_request": cpu["naive"][0],
                 "baseline_database_cpu_ms_per_request": cpu["naive"][1],
                 # The benchmark's own clients (this process), on the same cores.
                 "client_cpu_ms_per_request": cpu["ours"][2],
                 "load_average_before": round(load_before, 2), "load_average_after": round(os.getloadavg()[0], 2),
                 "python_loop_s": python_loop_s})
    return data, table(data)


RUNS_HEADER = (
    "| When (UTC) | Commit | Python loop s | p50 / p95 ms: home, list, case | Requests/s "
    "| Naive p95 ms: home, list, case; requests/s | Processor ms a request (workers, database) | Load before | Target |\n"
    "|---|---|---:|---|---:|---|---|---:|---|\n")


def runs_row(data: dict, *, when: str, commit: str) -> str:
    """One line of bench/results/caseload_runs.md, which every run appends to."""
    pages = ", ".join(f"{data[page]['p50_ms']} / {data[page]['p95_ms']}" for page in PAGES)
    naive = ", ".join(str(data[page]["baseline_p95_ms"]) for page in PAGES)
    return (f"| {when} | {commit} | {data.get('python_loop_s', '')} | {pages} | {data['requests_per_second']} | "
            f"{naive}; {data['baseline_requests_per_second']} | {data.get('server_cpu_ms_per_request')}, "
            f"{data.get('database_cpu_ms_per_request')} | {data.get('load_average_before', '')} | "
            f"{'met' if data['meets_target'] else 'not met'} |\n")


def table(data: dict) -> str:
    lines = ["| Page | p50 ms | p95 ms | Naive query shape: p50 ms | Naive: p95 ms |", "|---|---:|---:|---:|---:|"]
    for page, label in PAGES.items():
        figures = data[page]
        lines.append(f"| {label} | {figures['p50_ms']} | {figures['p95_ms']} | {figures['baseline_p50_ms']} | "
                     f"{figures['baseline_p95_ms']} |")
    return "\n".join(lines) + (
        f"\n\nRequests per second: {data['requests_per_second']} (naive: {data['baseline_requests_per_second']}). "
        f"Target p95 <= {TARGET_P95_MS} ms for every page: {'met' if data['meets_target'] else 'not met'}."
        + (f" Load average (the machine's 2 cores, shared) before and after: {data['load_average_before']}, "
           f"{data['load_average_after']}." if "load_average_before" in data else "")
        + (f" Processor time per request: the web server's workers {data['server_cpu_ms_per_request']} ms, "
           f"their database connections {data['database_cpu_ms_per_request']} ms (naive: "
           f"{data['baseline_server_cpu_ms_per_request']} ms and {data['baseline_database_cpu_ms_per_request']} ms)."
           if data.get("server_cpu_ms_per_request") is not None else "")
        + (f" The benchmark's own clients: {data['client_cpu_ms_per_request']} ms."
           if data.get("client_cpu_ms_per_request") is not None else "") + "\n")
