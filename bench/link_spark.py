"""Benchmark `cme link` on Splink's Spark backend (local mode) against the default DuckDB backend.

    .venv/bin/python bench/link_spark.py [--sizes 200000] [--threads 2] [--keep DIR]

Needs the optional extra: `uv sync --extra spark` (`make test-spark` installs it).

For each size N it makes the same synthetic pair as bench/link_batch.py (cme.synth,
seed 20260901, half the left-hand children in the right-hand file), then runs
`cme.matching.batch.link_files` once per backend, each in a fresh process, with the
same defaults (model estimated from the two files without labels, threshold 0.9). It
records wall time, and the CPU time and peak memory of the whole process tree
(Spark's JVM is a child process, which the step's own figures would miss: a thread
samples the tree every 0.2 s), and scores both outputs against the truth file.
It also counts the pairs the two backends disagree on.

Results go to bench/results/link_spark.json and link_spark.md. Data generation is not
timed. The machine may be shared: the load average is recorded before and after.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import link_batch  # the sibling benchmark: its data, scoring and machine facts

RESULTS = link_batch.RESULTS
BACKENDS = ("duckdb", "spark")


class ProcessTree:
    """Peak resident memory of this process and its descendants, and the descendants' CPU time, sampled in a thread.

    The JVM is stopped but not always waited for by the time a run ends, so the kernel's
    count of children's CPU time would miss it: each child's CPU time is read while it runs.
    """

    def __init__(self, interval: float = 0.2):
        import psutil

        self._process, self._interval = psutil.Process(), interval
        self.peak_bytes = 0
        self._child_cpu: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self) -> None:
        import psutil

        total = self._process.memory_info().rss
        for child in self._process.children(recursive=True):
            try:
                total += child.memory_info().rss
                times = child.cpu_times()
                self._child_cpu[child.pid] = times.user + times.system
            except psutil.Error:
                continue  # a child that ended between listing and reading
        self.peak_bytes = max(self.peak_bytes, total)

    def _run(self) -> None:
        while not self._stop.is_set():
            self._sample()
            self._stop.wait(self._interval)

    @property
    def child_cpu_seconds(self) -> float:
        return sum(self._child_cpu.values())

    def __enter__(self) -> ProcessTree:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


def step_link(folder: Path, backend: str, threads: int) -> dict:
    from cme.matching.batch import link_files

    load_before, cpu_before = link_batch.load_average(), link_batch.cpu_seconds()
    started = time.perf_counter()
    with ProcessTree() as tree:
        summary = link_files(folder / "left.csv", folder / "right.csv", folder / f"{backend}.csv", threads=threads,
                             backend=backend, progress=lambda message: print(f"  {message}", file=sys.stderr,
                                                                              flush=True))
    return {"wall_seconds": round(time.perf_counter() - started, 2),
            "cpu_seconds": round(link_batch.cpu_seconds() - cpu_before + tree.child_cpu_seconds, 1),
            "peak_tree_mb": round(tree.peak_bytes / 1024**2), "load_before": load_before,
            "load_after": link_batch.load_average(), **summary.as_dict()}


def run_step(*args: str) -> dict:
    result = subprocess.run([sys.executable, __file__, *args], stdout=subprocess.PIPE, text=True, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def read_scored(path: Path) -> dict[tuple[str, str], float]:
    import csv

    with open(path, newline="", encoding="utf-8") as handle:
        return {(row["left_id"], row["right_id"]): float(row["match_probability"]) for row in csv.DictReader(handle)}


def measure(n: int, workdir: Path, threads: int) -> dict:
    folder = workdir / f"n{n}"
    folder.mkdir(parents=True, exist_ok=True)
    print(f"n={n:,}: generating", file=sys.stderr, flush=True)
    link_batch.run_step("_generate", str(folder), str(n))
    truth = link_batch.read_pairs(folder / "truth.csv")
    result: dict = {"n": n, "seed": link_batch.SEED, "overlap": link_batch.OVERLAP, "true_pairs": len(truth),
                    "threads": threads}
    outputs = {}
    for backend in BACKENDS:
        print(f"n={n:,}: linking on {backend}", file=sys.stderr, flush=True)
        run = run_step("_link", str(folder), backend, str(threads))
        outputs[backend] = read_scored(folder / f"{backend}.csv")
        result[backend] = {**link_batch.scores(set(outputs[backend]), truth), **run}
    duck, spark = outputs["duckdb"], outputs["spark"]
    result["agreement"] = {
        "pairs_only_duckdb": len(duck.keys() - spark.keys()),
        "pairs_only_spark": len(spark.keys() - duck.keys()),
        "pairs_both": len(duck.keys() & spark.keys()),
        "largest_probability_difference": round(max((abs(duck[pair] - spark[pair]) for pair in duck.keys() & spark.keys()),
                                                    default=0.0), 6),
    }
    return result


def markdown(report: dict) -> str:
    facts = report["machine"]
    lines = [
        "# Batch linkage on Spark (local mode) against DuckDB",
        "",
        f"{facts['date']}; {facts['cores']} cores ({facts['cpu']}), {facts['ram_gib']} GiB RAM; Python {facts['python']}, "
        f"DuckDB {facts['duckdb']}, Splink {facts['splink']}, pyspark {report['pyspark']}. Made by `bench/link_spark.py`.",
        "",
        "The same `cme link` run (model estimated from the two files without labels, threshold 0.9) on each backend, "
        "each in a fresh process, on the synthetic pairs of `bench/link_batch.py`. Spark runs in local mode on the "
        "same cores. Peak memory is the whole process tree's (Spark's JVM included); CPU seconds include the JVM.",
        "",
        "| N × N | Backend | Seconds | CPU seconds | Peak memory (MB) | Precision | Recall | F1 | Candidate pairs | "
        "Pairs written | Load average |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for row in report["runs"]:
        for backend in BACKENDS:
            run = row[backend]
            lines.append(f"| {row['n']:,} | {backend} | {run['wall_seconds']} | {run['cpu_seconds']} | "
                         f"{run['peak_tree_mb']:,} | {run['precision']:.4f} | {run['recall']:.4f} | {run['f1']:.4f} | "
                         f"{run['candidate_pairs']:,} | {run['pairs_written']:,} | "
                         f"{run['load_before']}–{run['load_after']} |")
    lines += ["", "## Seconds by stage", ""]
    for row in report["runs"]:
        for backend in BACKENDS:
            stages = ", ".join(f"{stage} {seconds}" for stage, seconds in row[backend]["stage_seconds"].items())
            lines.append(f"- {row['n']:,}, {backend}: {stages}")
    lines += ["", "## Do the two backends agree?", ""]
    for row in report["runs"]:
        agreement = row["agreement"]
        ratio = row["spark"]["wall_seconds"] / row["duckdb"]["wall_seconds"]
        lines.append(f"- {row['n']:,} × {row['n']:,}: {agreement['pairs_both']:,} pairs written by both, "
                     f"{agreement['pairs_only_duckdb']:,} only by DuckDB, {agreement['pairs_only_spark']:,} only by "
                     f"Spark; the largest difference in match probability on a shared pair is "
                     f"{agreement['largest_probability_difference']}. Spark took {ratio:.1f} times as long. The models are "
                     "estimated separately on each backend, whose random samples differ (docs/linkage-at-scale.md).")
    lines += ["", "Spark in local mode pays a fixed cost per query that DuckDB does not; it is here to show the path "
              "to a cluster works and gives the same answers, not to be fast on one machine."]
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    if argv and argv[0] == "_link":
        print(json.dumps(step_link(Path(argv[1]), argv[2], int(argv[3]))))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="200000", help="sizes N, comma-separated")
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--keep", help="keep the generated files in this folder")
    parser.add_argument("--out", default=str(RESULTS))
    args = parser.parse_args(argv)
    import pyspark

    workdir = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="cme-bench-spark-"))
    try:
        runs = [measure(int(size), workdir, args.threads) for size in args.sizes.split(",") if size]
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    report = {"machine": link_batch.machine(), "pyspark": pyspark.__version__, "runs": runs}
    link_batch.write_report(Path(args.out), "link_spark", report, markdown(report))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
