"""The Spark backend (`cme link --backend spark`) against the DuckDB one: the same pairs, the same scores within
a stated tolerance, and malformed input handled the same way.

Opt-in: marked `spark` and skipped unless pyspark (the optional extra `spark`) and Java
are there. `make test-spark` installs the extra and runs this module. Each Spark run
starts a local session (local[2]) and takes about a minute on a shared 2-core machine,
most of it Spark's fixed cost per query, not the data.
"""

import csv
import json
import subprocess
from pathlib import Path

import pytest

from cme.matching import batch, model
from cme.matching import spark as spark_backend
from cme.synth.errors import make_pair, write_records
from tests.conftest import CME


def _why_spark_cannot_run() -> str | None:
    try:
        spark_backend.require()
    except batch.BackendUnavailableError as error:
        return str(error)
    return None


pytestmark = [pytest.mark.spark,
              pytest.mark.skipif(_why_spark_cannot_run() is not None, reason=_why_spark_cannot_run() or "")]

THREADS, MEMORY = 2, "2GB"

# Match probabilities are written rounded to 6 decimals, and both backends compute in
# doubles, so an agreeing pair agrees to the last written digit. The one known source
# of difference is Jaro-Winkler: Spark uses the Scala jar shipped with Splink, which
# counts transpositions as a fraction where DuckDB rounds them down (see
# cme.linkage.model), so a pair whose similarity sits right at a level's threshold can
# land one level apart. At most this share of candidate pairs may differ by more than
# PROBABILITY_TOLERANCE (measured: none of this pair's candidates, the two outputs
# identical byte for byte).
PROBABILITY_TOLERANCE = 1e-6
LEVEL_DIFFERENCES_ALLOWED = 0.001


def read_pairs(path) -> dict[tuple[str, str], tuple[float, float]]:
    with open(path, newline="", encoding="utf-8") as handle:
        return {(row["left_id"], row["right_id"]): (float(row["match_probability"]), float(row["match_weight"]))
                for row in csv.DictReader(handle)}


def f1(found: set, truth: set) -> float:
    hits = len(found & truth)
    return 2 * hits / (len(found) + len(truth)) if hits else 0.0


@pytest.fixture(scope="module")
def pair_files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("spark-pair")
    made = make_pair(2000, 0.5, seed=20260901)
    write_records(folder / "left.csv", made.left)
    write_records(folder / "right.csv", made.right)
    return folder, set(made.truth)


def link_both(folder: Path, name: str, **options) -> dict[str, tuple[batch.LinkSummary, Path]]:
    results = {}
    for backend in batch.BACKENDS:
        out = folder / f"{name}-{backend}.csv"
        summary = batch.link_files(folder / "left.csv", folder / "right.csv", out, backend=backend,
                                   threads=THREADS, memory_limit=MEMORY, **options)
        results[backend] = (summary, out)
    return results


def test_spark_scores_every_candidate_pair_as_duckdb_does_with_the_shipped_model(pair_files):
    folder, truth = pair_files
    results = link_both(folder, "shipped", model_path=model.DEFAULT_MODEL_PATH, threshold=0.0)
    (duck, duck_out), (spark, spark_out) = results["duckdb"], results["spark"]
    assert spark.backend == "spark" and duck.backend == "duckdb"
    assert spark.candidate_pairs == duck.candidate_pairs == spark.pairs_written
    assert spark.prior == pytest.approx(duck.prior, rel=1e-9)
    by_duckdb, by_spark = read_pairs(duck_out), read_pairs(spark_out)
    assert by_spark.keys() == by_duckdb.keys()
    differing = [key for key in by_duckdb if abs(by_duckdb[key][0] - by_spark[key][0]) > PROBABILITY_TOLERANCE]
    assert len(differing) <= LEVEL_DIFFERENCES_ALLOWED * len(by_duckdb), differing[:10]
    linked = {backend: {key for key, (probability, _) in pairs.items() if probability >= batch.DEFAULT_THRESHOLD}
              for backend, pairs in (("duckdb", by_duckdb), ("spark", by_spark))}
    assert len(linked["duckdb"] ^ linked["spark"]) <= LEVEL_DIFFERENCES_ALLOWED * len(linked["duckdb"])
    assert f1(linked["spark"], truth) >= 0.98


def test_spark_estimates_a_model_as_good_as_duckdbs_and_saves_it_for_either_backend(pair_files, tmp_path):
    """Training samples pairs by hashing ids, and the backends hash differently, so the estimated weights
    differ a little: the two F1 scores must agree closely, not the pairs exactly."""
    folder, truth = pair_files
    results = link_both(folder, "estimated", save_model=tmp_path / "model.json")
    scores = {}
    for backend, (summary, out) in results.items():
        assert summary.model == "estimated" and summary.backend == backend
        scores[backend] = f1(set(read_pairs(out)), truth)
    assert scores["spark"] >= 0.98 and abs(scores["spark"] - scores["duckdb"]) <= 0.005, scores
    # The last save was Spark's: a canonical model, with DuckDB's SQL, that DuckDB loads and uses.
    saved = model.load(tmp_path / "model.json")
    assert saved["comparisons"][0]["comparison_levels"][2]["sql_condition"].startswith("list_contains(")
    reused = batch.link_files(folder / "left.csv", folder / "right.csv", tmp_path / "reused.csv",
                              model_path=tmp_path / "model.json")
    assert f1(set(read_pairs(tmp_path / "reused.csv")), truth) == pytest.approx(scores["spark"], abs=0.002)
    assert reused.backend == "duckdb"


def write_csv(path: Path, header: list[str], body: list[list[str]]) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(body)
    return path


def test_malformed_values_are_counted_and_linked_the_same_on_spark(tmp_path):
    header = ["id", "first_name", "last_name", "dob", "sex", "postcode", "upn", "notes"]
    left = write_csv(tmp_path / "left.csv", header, [
        ["1", "Amelia", "Hart", "2015-02-30", "F", "DM1 2AB", "A999123456789", "anything"],
        ["2", "Oscar", "Lane", "31/12/2013", "Q", "not a postcode", "", ""],
        ["3", "Isla", "Reed", "2012-04-01", "female", "DM7 1XY", "", ""],
    ])
    right = write_csv(tmp_path / "right.csv", header, [
        ["x", "Amelia", "Hart", "2015-03-02", "F", "DM1 2AB", "", ""],
        ["y", "Oscar", "Lane", "2013-12-31", "M", "ZZ99 9ZZZ", "", ""],
        ["z", "Isla", "Reed", "2012-04-01", "F", "dm71xy", "", ""],
    ])
    summaries = {backend: batch.link_files(left, right, tmp_path / f"{backend}.csv", backend=backend, threshold=0.0,
                                           threads=THREADS, memory_limit=MEMORY)
                 for backend in batch.BACKENDS}
    assert summaries["spark"].malformed == summaries["duckdb"].malformed == {
        "left": {"dob": 1, "sex": 1, "postcode": 1, "upn": 1}, "right": {"postcode": 1}}
    assert (tmp_path / "spark.csv").read_bytes() == (tmp_path / "duckdb.csv").read_bytes()
    assert {("2", "y"), ("3", "z")} <= {key for key, (p, _) in read_pairs(tmp_path / "spark.csv").items() if p >= 0.9}


@pytest.mark.parametrize(("left_text", "error"), [
    ("first_name,last_name\nAmelia,Hart\n", "no 'id' column"),
    ("id,first_name\n1,Amelia\n1,Oscar\n", "appears more than once"),
])
def test_files_that_cannot_be_linked_fail_the_same_on_spark(tmp_path, left_text, error):
    (tmp_path / "left.csv").write_text(left_text, encoding="utf-8")
    (tmp_path / "right.csv").write_text("id,first_name\n9,Amelia\n", encoding="utf-8")
    with pytest.raises(batch.LinkageInputError, match=error):
        batch.link_files(tmp_path / "left.csv", tmp_path / "right.csv", tmp_path / "out.csv", backend="spark")


def test_an_empty_file_links_to_nothing_on_spark(tmp_path):
    (tmp_path / "left.csv").write_text("id,first_name,last_name\n", encoding="utf-8")
    (tmp_path / "right.csv").write_text("id,first_name\n9,Amelia\n", encoding="utf-8")
    summary = batch.link_files(tmp_path / "left.csv", tmp_path / "right.csv", tmp_path / "out.csv", backend="spark")
    assert summary.pairs_written == 0 and summary.backend == "spark"
    assert (tmp_path / "out.csv").read_text() == "left_id,right_id,match_probability,match_weight\n"


def test_the_command_on_spark_writes_what_it_writes_on_duckdb(tmp_path):
    """End to end, in a fresh process: Spark in local mode started and stopped by the command itself."""
    made = make_pair(300, 0.5, seed=35)
    write_records(tmp_path / "left.csv", made.left)
    write_records(tmp_path / "right.csv", made.right)
    outputs = {}
    for backend in batch.BACKENDS:
        out = tmp_path / f"{backend}.csv"
        result = subprocess.run([CME, "link", str(tmp_path / "left.csv"), str(tmp_path / "right.csv"), "--out", str(out),
                                 "--backend", backend, "--threads", str(THREADS), "--memory-limit", MEMORY],
                                capture_output=True, text=True, timeout=600, check=False)
        assert result.returncode == 0, result.stderr
        assert len(result.stdout.strip().splitlines()) == 1 and "Traceback" not in result.stderr
        summary = json.loads(result.stdout)
        assert summary["backend"] == backend and summary["model"] == "default"
        outputs[backend] = (summary, out.read_bytes())
    assert outputs["spark"][1] == outputs["duckdb"][1]
    assert outputs["spark"][0]["pairs_written"] == outputs["duckdb"][0]["pairs_written"] > 100
    assert "starting spark" in result.stderr and "spark: " not in result.stderr  # progress, and no Spark log noise


def test_memory_sizes_are_given_to_the_jvm_in_whole_mebibytes():
    assert spark_backend.jvm_memory("8GB") == "7629m"
    assert spark_backend.jvm_memory("2GiB") == "2048m"
    assert spark_backend.jvm_memory("512 MB") == "488m"
    with pytest.raises(ValueError, match="not a memory size"):
        spark_backend.jvm_memory("lots")
