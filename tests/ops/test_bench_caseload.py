"""The caseload benchmark's processor-time figures: read from /proc for the web server's workers
and their database connections, and printed with the results."""

import os
import subprocess
import sys
import time

import pytest

from cme.ops import bench_caseload, bench_load

linux = pytest.mark.skipif(not os.path.exists("/proc/self/stat"), reason="reads Linux's /proc")


@linux
def test_processor_time_is_read_for_running_processes_and_nothing_for_ended_ones():
    started = time.process_time()
    while time.process_time() - started < 0.05:  # use some processor time
        pass
    mine = bench_load.cpu_seconds([os.getpid()])
    assert mine is not None and mine >= 0.05
    assert bench_load.cpu_seconds([os.getpid(), 2 ** 22 + 12345]) == pytest.approx(mine, abs=0.05)
    assert bench_load.cpu_seconds([]) == 0.0


@linux
def test_a_servers_workers_are_its_children():
    parent = subprocess.Popen([sys.executable, "-c", "import subprocess, sys, time; "
                               "child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(30)']); "
                               "print(child.pid, flush=True); time.sleep(30)"], stdout=subprocess.PIPE, text=True)
    try:
        child = int(parent.stdout.readline())
        assert bench_load.children_of(parent.pid) == [child]
    finally:
        for pid in bench_load.children_of(parent.pid):
            os.kill(pid, 9)
        parent.kill()
        parent.wait()
    assert bench_load.children_of(parent.pid) == []


def test_the_results_table_gives_the_processor_time_per_request_when_it_was_measured():
    page = {"p50_ms": 150, "p95_ms": 220, "baseline_p50_ms": 300, "baseline_p95_ms": 600}
    data = dict.fromkeys(bench_caseload.PAGES, page) | {
        "requests_per_second": 120.0, "baseline_requests_per_second": 60.0, "meets_target": True,
        "load_average_before": 1.5, "load_average_after": 5.5, "server_cpu_ms_per_request": 11.5,
        "database_cpu_ms_per_request": 3.9, "baseline_server_cpu_ms_per_request": 23.4,
        "baseline_database_cpu_ms_per_request": 6.7}
    assert ("Processor time per request: the web server's workers 11.5 ms, their database connections 3.9 ms "
            "(naive: 23.4 ms and 6.7 ms).") in bench_caseload.table(data)
    earlier = {key: value for key, value in data.items() if "cpu" not in key}  # a run from before they were measured
    assert "Processor time" not in bench_caseload.table(earlier) and "met" in bench_caseload.table(earlier)


def test_each_run_adds_a_line_to_the_runs_table_with_the_machines_speed():
    page = {"p50_ms": 110, "p95_ms": 190, "baseline_p50_ms": 300, "baseline_p95_ms": 600}
    data = dict.fromkeys(bench_caseload.PAGES, page) | {
        "requests_per_second": 170.0, "baseline_requests_per_second": 70.0, "meets_target": True,
        "load_average_before": 0.9, "server_cpu_ms_per_request": 7.0, "database_cpu_ms_per_request": 3.4,
        "python_loop_s": 0.45}
    row = bench_caseload.runs_row(data, when="2026-11-30 17:11", commit="c4576b4")
    header = bench_caseload.RUNS_HEADER.splitlines()[0]
    assert row.count("|") == header.count("|")  # one cell under each heading
    assert row == ("| 2026-11-30 17:11 | c4576b4 | 0.45 | 110 / 190, 110 / 190, 110 / 190 | 170.0 | "
                   "600, 600, 600; 70.0 | 7.0, 3.4 | 0.9 | met |\n")
    slower = data | {"meets_target": False}
    assert bench_caseload.runs_row(slower, when="x", commit="y").endswith("| not met |\n")
