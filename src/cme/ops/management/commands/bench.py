"""`cme bench ...`: performance benchmarks, each against the baseline a user would
otherwise have, measured in the same run. Results go to bench/results/ as JSON and a
short Markdown table, and the JSON is printed.

    cme bench ctf [--pupils 50000]     CTF import throughput
    cme bench match [--children 1000000] [--queries 1000]
                                       interactive matching latency and recall, against Splink
    cme bench reports [--cases 100000] the dashboard and the DfE return, against a naive count
    cme bench pages [--requests 800]   an officer's pages on the real web server at 1, 5 and 20 clients
    cme bench caseload [--cases 10000] [--children 1000000] [--users 20]
                                       an officer's home page, case list and case page under load,
                                       against the naive query shape
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import resource
import subprocess
import tempfile
import time
from pathlib import Path

import django
from django.core.management.base import BaseCommand
from django.db import connection, transaction

from cme.core import clock

RESULTS = Path(__file__).resolve().parents[5] / "bench" / "results"


def machine() -> dict:
    version = connection.cursor().connection.info.server_version  # e.g. 180006
    return {"cores": os.cpu_count(), "python": platform.python_version(), "django": django.get_version(),
            "postgresql": f"{version // 10000}.{version % 100}", "date": clock.today().isoformat(),
            "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30)}


def _commit() -> str:
    """The commit measured, with "+" when the working tree has changes."""
    root = RESULTS.parents[1]
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=root, capture_output=True, text=True,
                                check=True).stdout.strip()
        changed = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no", "--", "src"], cwd=root,
                                 capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return commit + ("+" if changed else "")


def write_results(name: str, data: dict, table: str) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{name}.json").write_text(json.dumps(data, indent=2) + "\n")
    (RESULTS / f"{name}.md").write_text(table)


class Command(BaseCommand):
    help = "Run a benchmark and write its results to bench/results/"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="benchmark", required=True)
        ctf = sub.add_parser("ctf", help="CTF import throughput")
        ctf.add_argument("--pupils", type=int, default=50_000)
        ctf.add_argument("--baseline-pupils", type=int, default=2_000)
        match = sub.add_parser("match", help="interactive matching latency and recall, against Splink predict_between")
        match.add_argument("--children", type=int, default=1_000_000)
        match.add_argument("--queries", type=int, default=1_000)
        match.add_argument("--splink-queries", type=int, default=None,
                           help="how many of the queries also go to Splink (default all; each takes about a second "
                                "there at a million children)")
        match.add_argument("--seed", type=int, default=20261122)
        reports = sub.add_parser("reports", help="the dashboard and the DfE return over historic cases, against a "
                                                 "naive count one case at a time")
        reports.add_argument("--cases", type=int, default=100_000)
        reports.add_argument("--repeats", type=int, default=6, help="runs of each of the five filter sets")
        reports.add_argument("--seed", type=int, default=2026)

        pages = sub.add_parser("pages", help="the triage queue, children list, a child's page and the cases list on "
                                             "the web server as cme serve runs it, at 1, 5 and 20 signed-in clients")
        pages.add_argument("--clients", type=int, nargs="+", default=[1, 5, 20])
        pages.add_argument("--requests", type=int, default=800, help="requests at each number of clients")
        pages.add_argument("--workers", type=int, default=2, help="web server processes (cme serve's default)")
        pages.add_argument("--label", default="", help="a name for this run: results go to pages_LABEL.*")
        pages.add_argument("--new-connections", action="store_true",
                           help="a new connection for each request (as behind a proxy), not one kept by each client")
        caseload = sub.add_parser("caseload", help="the home page, case list and case page with many open cases "
                                                   "under concurrent officers, against the naive query shape")
        caseload.add_argument("--cases", type=int, default=10_000, help="open cases")
        caseload.add_argument("--children", type=int, default=1_000_000)
        caseload.add_argument("--users", type=int, default=20, help="officers signed in at once")
        caseload.add_argument("--requests", type=int, default=900, help="requests to each server")
        caseload.add_argument("--workers", type=int, default=2, help="web server processes (cme serve's default)")
        caseload.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, benchmark, **options):
        from django.core.management import call_command

        call_command("migrate", verbosity=0)  # benchmarks usually run on a fresh throwaway database
        call_command("createcachetable", verbosity=0)
        getattr(self, f"_{benchmark}")(options)

    def _ctf(self, options):
        from cme.accounts.models import LocalAuthority
        from cme.schools import imports
        from cme.synth.ctf import write_synth_ctf_file

        pupils, baseline_pupils = options["pupils"], options["baseline_pupils"]
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "bench.xml"
            started = time.perf_counter()
            write_synth_ctf_file(path, pupils, seed=2026)
            generated = time.perf_counter() - started
            la, _ = LocalAuthority.objects.get_or_create(code="999", defaults={"name": "Bench (fictional)",
                                                                               "is_fictional": True})
            self.stderr.write(f"Importing {pupils} pupils ({path.stat().st_size / 1e6:.0f} MB)...")
            started = time.perf_counter()
            outcome = imports.import_ctf(path, local_authority_id=la.pk)
            first = time.perf_counter() - started
            started = time.perf_counter()
            again = imports.import_ctf(path, local_authority_id=la.pk)
            second = time.perf_counter() - started
            baseline = self._naive_import(path, baseline_pupils)
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        data = {
            "benchmark": "ctf-import", "machine": machine(), "pupils": pupils, "file_generation_seconds": round(generated, 1),
            "import": {"seconds": round(first, 2), "pupils_per_second": round(pupils / first), "created": outcome.created,
                       "errors": len(outcome.errors)},
            "reimport_unchanged": {"seconds": round(second, 2), "pupils_per_second": round(pupils / second),
                                   "unchanged": again.unchanged, "created": again.created},
            "baseline_naive_orm": baseline,
            "speedup_over_baseline": round((pupils / first) / baseline["pupils_per_second"], 1),
            "target_pupils_per_second": 2000, "meets_target": pupils / first >= 2000, "peak_memory_mb": round(peak_mb),
        }
        table = (
            f"# CTF import ({data['machine']['date']}, {data['machine']['cores']} cores, PostgreSQL "
            f"{data['machine']['postgresql']})\n\n"
            "| Method | Pupils | Seconds | Pupils per second |\n|---|---:|---:|---:|\n"
            f"| CME Tracker import (COPY, bulk matching) | {pupils} | {first:.1f} | {pupils / first:.0f} |\n"
            f"| Same file again (all unchanged) | {pupils} | {second:.1f} | {pupils / second:.0f} |\n"
            f"| Baseline: one pupil at a time through the ORM | {baseline['pupils']} | {baseline['seconds']} | "
            f"{baseline['pupils_per_second']} |\n\n"
            f"Speed-up over the baseline: {data['speedup_over_baseline']}x. Target: 2,000 pupils per second "
            f"({'met' if data['meets_target'] else 'not met'}). Peak memory {data['peak_memory_mb']} MB.\n")
        write_results("ctf_import", data, table)
        self.stdout.write(json.dumps(data))

    def _match(self, options):
        from cme.accounts.models import LocalAuthority
        from cme.ops import bench_match

        children, queries = options["children"], options["queries"]

        def progress(message: str) -> None:
            self.stderr.write(message)

        started = time.perf_counter()
        work = bench_match.make_workload(children, queries, options["seed"])
        progress(f"made {children:,} children and {len(work.queries):,} queries in {time.perf_counter() - started:.0f} s")
        la, _ = LocalAuthority.objects.get_or_create(code="999", defaults={"name": "Bench (fictional)",
                                                                           "is_fictional": True})
        ours = bench_match.run_postgres(work, local_authority_id=la.pk, progress=progress)
        asked = min(options["splink_queries"] or len(work.queries), len(work.queries))
        splink = bench_match.run_splink(work, queries=asked, progress=progress)
        lean = bench_match.run_splink(work, queries=asked, progress=progress, blocking=bench_match.LEAN_BLOCKING)
        data = {
            "benchmark": "interactive-match", "machine": machine(), "children": children,
            "queries": ours["queries"], "queries_about_known_children": len(work.truth),
            "p50_ms": ours["p50_ms"], "p95_ms": ours["p95_ms"], "recall_at_10": ours["recall_at_10"],
            "splink_queries": splink["queries"], "splink_p50_ms": splink["p50_ms"], "splink_p95_ms": splink["p95_ms"],
            "splink_recall_at_10": splink["recall_at_10"],
            "splink_lean_p50_ms": lean["p50_ms"], "splink_lean_p95_ms": lean["p95_ms"],
            "splink_lean_recall_at_10": lean["recall_at_10"], "splink_lean_blocking": bench_match.LEAN_BLOCKING,
            "detail": {"cme": ours, "splink_predict_between": splink, "splink_lean_predict_between": lean},
            "target_p95_ms": 50, "meets_latency_target": ours["p95_ms"] <= 50,
            "recall_at_least_splink": ours["recall_at_10"] >= max(splink["recall_at_10"], lean["recall_at_10"]),
            "speedup_p50": round(splink["p50_ms"] / ours["p50_ms"], 1),
            "speedup_p50_lean": round(lean["p50_ms"] / ours["p50_ms"], 1),
        }
        table = (
            f"# Interactive matching ({data['machine']['date']}, {data['machine']['cores']} cores, PostgreSQL "
            f"{data['machine']['postgresql']})\n\n"
            f"{children:,} synthetic children in the index; queries are second records with errors of children in it "
            "and records of children who are not (brothers, sisters, twins among them). Recall@10: the true child "
            "among the ten candidates returned.\n\n"
            "| Method | Queries | p50 ms | p95 ms | Recall@10 |\n|---|---:|---:|---:|---:|\n"
            f"| CME Tracker `find_candidates` (PostgreSQL) | {ours['queries']} | {ours['p50_ms']} | {ours['p95_ms']} | "
            f"{ours['recall_at_10']} |\n"
            f"| Splink `predict_between` (DuckDB, batch model and its blocking) | {splink['queries']} | {splink['p50_ms']} | "
            f"{splink['p95_ms']} | {splink['recall_at_10']} |\n"
            f"| Splink `predict_between`, lean (blocking on date of birth or surname only) | {lean['queries']} | "
            f"{lean['p50_ms']} | {lean['p95_ms']} | {lean['recall_at_10']} |\n\n"
            f"Target p95 <= 50 ms: {'met' if data['meets_latency_target'] else 'not met'}. Recall at least Splink's "
            f"(both configurations): {'yes' if data['recall_at_least_splink'] else 'no'}. p50 {data['speedup_p50']}x "
            f"faster than Splink with the batch blocking, {data['speedup_p50_lean']}x faster than the lean Splink. "
            f"Loading the index: {ours['load_seconds']} s into PostgreSQL (COPY), {splink['load_seconds']} s into "
            "DuckDB.\n")
        for miss in ours["misses"]:
            query, true_child = miss["query"], miss["true_child"]
            table += (f"\nMissed: {query['id']} ({query['first_name']} {query['last_name']}, {query['dob']}, "
                      f"{query['postcode']}) is {true_child['id']} ({true_child['first_name']} {true_child['last_name']}, "
                      f"{true_child['dob']}, {true_child['postcode']}).\n")
        write_results(f"match_{children}", data, table)
        self.stdout.write(json.dumps(data))

    def _reports(self, options):
        from cme.ops import bench_reports

        data, table = bench_reports.run(cases=options["cases"], seed=options["seed"], repeats=options["repeats"],
                                        progress=self.stderr.write)
        data["machine"] = machine()
        table = table.replace("# Reports over", f"# Reports ({data['machine']['date']}, {data['machine']['cores']} "
                              f"cores, PostgreSQL {data['machine']['postgresql']}) over", 1)
        write_results("reports", data, table)
        self.stdout.write(json.dumps(data))

    def _pages(self, options):
        from cme.ops import bench_pages

        data, table = bench_pages.run(levels=tuple(options["clients"]), requests=options["requests"],
                                      workers=options["workers"], progress=self.stderr.write, label=options["label"],
                                      keep_alive=not options["new_connections"])
        data["machine"] = machine()
        name = f"pages_{options['label']}" if options["label"] else "pages"
        heading = (f"# An officer's pages on the web server ({data['machine']['date']}, {data['machine']['cores']} "
                   f"cores, PostgreSQL {data['machine']['postgresql']}, {data['server']})\n\n"
                   f"The demonstration council ({data['children']:,} children). Each client is a signed-in officer "
                   "with a session of their own, asking for the four pages in turn; p50 / p95 in milliseconds, "
                   f"measured at the client. Connections: {data['connections']}.\n\n")
        before = RESULTS / "pages_before.json"
        if name == "pages" and before.exists():
            earlier = json.loads(before.read_text())
            table += ("\n## Before the changes in this branch\n\n"
                      + bench_pages.table(earlier) + "\n" + bench_pages.NOTES)
        write_results(name, data, heading + table)
        self.stdout.write(json.dumps(data))

    def _caseload(self, options):
        from cme.ops import bench_caseload

        data, table = bench_caseload.run(cases=options["cases"], children=options["children"], users=options["users"],
                                         requests=options["requests"], workers=options["workers"],
                                         seed=options["seed"], progress=self.stderr.write)
        data["machine"] = machine()
        heading = (f"# Caseload ({data['machine']['date']}, {data['machine']['cores']} cores, PostgreSQL "
                   f"{data['machine']['postgresql']}, {data['server']})\n\n"
                   f"{data['cases']:,} open cases (each with its enquiries, two tasks and a chronology of "
                   f"{bench_caseload.TIMELINE_PER_CASE + 1} entries) among {data['children']:,} children; "
                   f"{data['users']} officers signed in at once, each with a session of their own, asking for the "
                   "three pages in turn (the case list with five filter and order combinations, case pages of 300 "
                   "cases). The naive query shape is the same application with select_related and "
                   "prefetch_related switched off (each row's child, officer and council read by a query of its "
                   "own), on a second server in the same run.\n\n")
        runs = RESULTS / "caseload_runs.md"
        table += (f"\nThis machine ran the plain Python loop in {data['python_loop_s']} s. Every run, with earlier "
                  "sessions' on other machines, is in [caseload_runs.md](caseload_runs.md).\n")
        write_results("caseload", data, heading + table + bench_caseload.NOTES)
        # The results above are this run's; the runs file keeps every run, one line each, so a run never
        # writes over the figures of an earlier one.
        if not runs.exists():
            runs.write_text("# Every run of `cme bench caseload`\n\n" + bench_caseload.RUNS_HEADER)
        with runs.open("a") as appended:
            appended.write(bench_caseload.runs_row(data, when=clock.now().astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M"),
                                                   commit=_commit()))
        self.stdout.write(json.dumps(data))

    def _naive_import(self, path: Path, limit: int) -> dict:
        """The obvious way: each pupil saved with its own queries, inside one transaction
        that is rolled back so the benchmark leaves nothing behind."""
        from cme.accounts.models import LocalAuthority
        from cme.children.models import Child, ChildAddress, Contact
        from cme.core.rules_config import validate_upn
        from cme.formats import ctf
        from cme.schools.models import Registration

        parsed_started = time.perf_counter()
        parsed = ctf.parse_ctf(path, validate_upn=validate_upn)
        pupils = parsed.pupils[:limit]
        parse_share = (time.perf_counter() - parsed_started) * limit / len(parsed.pupils)
        la, _ = LocalAuthority.objects.get_or_create(code="998", defaults={"name": "Baseline (fictional)"})
        started = time.perf_counter()
        with transaction.atomic():
            for pupil in pupils:
                child = Child.objects.filter(local_authority=la, upn=pupil.upn).first() or Child(local_authority=la)
                child.first_name, child.last_name, child.date_of_birth = pupil.forename, pupil.surname, pupil.dob
                child.upn, child.sex = pupil.upn, pupil.sex or "U"
                child.save()
                for address in pupil.addresses:
                    ChildAddress.objects.create(child=child, line_1=(address.lines_for_display() or [""])[0][:200],
                                                postcode=address.postcode[:8])
                for contact in pupil.contacts:
                    Contact.objects.create(child=child, first_name=contact.forename[:100], last_name=contact.surname[:100])
                for school in pupil.school_history:
                    Registration.objects.get_or_create(child=child, school_laestab=school.laestab,
                                                       entry_date=school.entry_date, defaults={"source": "ctf"})
            transaction.set_rollback(True)
        seconds = time.perf_counter() - started + parse_share
        return {"pupils": len(pupils), "seconds": round(seconds, 2), "pupils_per_second": round(len(pupils) / seconds)}
