"""`cme bench pages`: the pages an officer uses most (the triage queue, the children list, a
child's page and the cases list) served by the real web server, as `cme serve` runs it, to
1, 5 and 20 signed-in clients at once over the demonstration council: p50 and p95 of each
page at each level, and requests per second."""

from __future__ import annotations

import os

from django.core.management import call_command

from . import bench_load

PAGES = ("triage queue", "children list", "child page", "cases list")
TARGET_P95_MS = 300
TARGET_PER_SECOND = 80


def paths(local_authority_id: int) -> dict[str, list[str]]:
    from cme.cases.models import Case

    children = list(Case.objects.filter(local_authority_id=local_authority_id).order_by("-id")
                    .values_list("child_id", flat=True).distinct()[:40])
    return {"triage queue": ["/referrals/triage/"], "children list": ["/children/"],
            "child page": [f"/children/{child}/" for child in children], "cases list": ["/cases/"]}


def run(*, levels: tuple[int, ...], requests: int, workers: int, progress, label: str = "",
        keep_alive: bool = True) -> tuple[dict, str]:
    from cme.accounts.models import LocalAuthority, User
    from cme.accounts.roles import Role
    from cme.children.models import Child
    from cme.ops.demo_accounts import DEMO_LA_CODE

    if not LocalAuthority.objects.filter(code=DEMO_LA_CODE).exists():
        progress("loading the demonstration council...")
        call_command("demo", verbosity=0)
    la = LocalAuthority.objects.get(code=DEMO_LA_CODE)
    officers = list(User.objects.filter(local_authority=la, role=Role.CME_OFFICER, is_active=True,
                                        authenticator__isnull=False).distinct().order_by("pk"))
    cookies = [bench_load.signed_in_cookie(officers[n % len(officers)]) for n in range(max(levels))]
    wanted = paths(la.pk)
    results = []
    load_before = os.getloadavg()[0]
    with bench_load.running_server(workers=workers) as port:
        # Warm up: each worker's first requests load templates and compile regular expressions.
        bench_load.run_load(port, cookies=cookies, paths=wanted, clients=4, requests=40)
        for clients in levels:
            load = bench_load.run_load(port, cookies=cookies, paths=wanted, clients=clients, requests=requests,
                                       keep_alive=keep_alive)
            summary = load.summary()
            if load.errors:
                raise RuntimeError(f"{len(load.errors)} requests failed, e.g. {load.errors[0]}")
            progress(f"{clients} clients: {summary['requests_per_second']} requests/s, "
                     + ", ".join(f"{page} p95 {figures['p95_ms']} ms" for page, figures in summary["pages"].items()))
            results.append(summary)
    top = results[-1]
    worst = max(figures["p95_ms"] for figures in top["pages"].values())
    data = {"benchmark": "pages", "label": label, "server": f"gunicorn, {workers} workers x 4 threads (as cme serve)",
            "connections": "kept alive by each client" if keep_alive else "a new one for each request",
            "children": Child.objects.filter(local_authority=la).count(),
            "levels": results, "target_p95_ms": TARGET_P95_MS, "target_requests_per_second": TARGET_PER_SECOND,
            "worst_p95_ms_at_most_clients": worst, "requests_per_second_at_most_clients": top["requests_per_second"],
            "meets_latency_target": worst <= TARGET_P95_MS,
            "meets_throughput_target": top["requests_per_second"] >= TARGET_PER_SECOND,
            "load_average_before": round(load_before, 2), "load_average_after": round(os.getloadavg()[0], 2)}
    return data, table(data)


def table(data: dict) -> str:
    lines = ["| Clients | Requests/s | " + " | ".join(f"{page} p50 / p95 ms" for page in PAGES) + " |",
             "|---:|---:|" + "---:|" * len(PAGES)]
    for level in data["levels"]:
        cells = [f"{level['pages'][page]['p50_ms']} / {level['pages'][page]['p95_ms']}" if page in level["pages"]
                 else "-" for page in PAGES]
        lines.append(f"| {level['clients']} | {level['requests_per_second']} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + (
        f"\n\nTarget at {data['levels'][-1]['clients']} clients: p95 <= {TARGET_P95_MS} ms "
        f"({'met' if data['meets_latency_target'] else 'not met'}: worst page {data['worst_p95_ms_at_most_clients']} ms), "
        f">= {TARGET_PER_SECOND} requests/s ({'met' if data['meets_throughput_target'] else 'not met'}: "
        f"{data['requests_per_second_at_most_clients']})."
        + (f" Load average (the machine's 2 cores, shared) before and after: {data['load_average_before']}, "
           f"{data['load_average_after']}." if "load_average_before" in data else "") + "\n")
NOTES = """
What changed between the two runs (found by profiling each page with cProfile and counting its
queries with Django's CaptureQueriesContext):

- The session was written on every request (SESSION_SAVE_EVERY_REQUEST): an UPDATE and a
  commit each time. Now its expiry is moved on at most once a minute
  (cme.accounts.middleware.SessionActivityMiddleware); the idle timeout stays 30 minutes and an
  idle session never lasts longer than that.
- The signed-in user and their council were two queries on every page; the authentication
  backends now load both in one (cme.accounts.backends).
- The page header (council, menu, sign out) took two GOV.UK macros and about 7 ms on every page;
  it is now rendered once per process for each council, menu and current page, with the CSRF
  token put in each time. URL shapes are worked out once per process (cme.core.templating.url,
  used by every row's link and the menu).
- Table rows write GOV.UK tags directly instead of calling the govukTag macro per row.
- Case page: 25 queries down to 16 (its facts for the rules in three queries instead of eleven,
  reusing the lists the page reads); home page: 11 down to 8 (its counts in two aggregates); the
  case list chooses the page's 50 cases from the cases table alone, then reads those with their
  child and officer joined, only the columns it shows (before, every matching case was joined to
  its child to keep 50: 10,000 lookups at a council with 10,000 open cases).

Every page still checks MFA and permissions and logs the children it shows; tests in
tests/*/test_page_queries.py fail if a page's queries grow with its rows or pass its budget.
The machine is shared with other work, so each run records the load average, and runs are
compared in pairs taken one straight after the other. Two earlier pairs under heavier load
(load average 6 to 7.6 on the 2 cores) gave, at 20 clients: before 35.5 and 52.4 requests/s with
the worst page's p95 at 1,440 and 726 ms; after 57.2 and 84.2 requests/s, p95 786 and 623 ms.
"""
