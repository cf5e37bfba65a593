"""`cme synth` and `cme link` end to end, as a council analyst or a script would run them: in
this process for speed, and once through the real `cme` executable (the Spark test)."""

import csv
import json
import os
import subprocess
from pathlib import Path

import pytest

from tests.conftest import CME, cme_in_process

PERSON_HEADER = ["id", "first_name", "middle_names", "last_name", "dob", "sex", "upn", "address", "postcode"]
PAIRS_HEADER = ["left_id", "right_id", "match_probability", "match_weight"]


def run(*args: str) -> subprocess.CompletedProcess:
    return cme_in_process(*args)


def header(path: Path) -> list[str]:
    with open(path, newline="", encoding="utf-8") as handle:
        return next(csv.reader(handle))


def body(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def pair_files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pair")
    paths = {name: folder / f"{name}.csv" for name in ("left", "right", "truth")}
    result = run("synth", "pair", "--n", "1500", "--overlap", "0.4", "--seed", "5", "--left", str(paths["left"]),
                 "--right", str(paths["right"]), "--truth", str(paths["truth"]))
    assert result.returncode == 0, result.stderr
    return paths, json.loads(result.stdout)


def test_synth_pair_writes_three_files_and_a_one_line_summary(pair_files):
    paths, summary = pair_files
    assert summary["left"] == 1500 and summary["right"] == 1500 and summary["true_pairs"] == 600
    assert summary["errors"]["typo"] > 0 and summary["right_siblings_of_left"] > 0
    assert header(paths["left"]) == header(paths["right"]) == PERSON_HEADER
    assert header(paths["truth"]) == ["left_id", "right_id"] and len(body(paths["truth"])) == 600


def test_synth_children(tmp_path):
    out = tmp_path / "children.csv"
    result = run("synth", "children", "--n", "250", "--seed", "9", "--out", str(out))
    assert result.returncode == 0 and json.loads(result.stdout)["children"] == 250
    assert header(out) == PERSON_HEADER and len(body(out)) == 250
    again = tmp_path / "again.csv"
    run("synth", "children", "--n", "250", "--seed", "9", "--out", str(again))
    assert out.read_text() == again.read_text()


def test_link_writes_pairs_and_a_json_summary_with_progress_on_stderr(pair_files, tmp_path):
    paths, _ = pair_files
    out, saved = tmp_path / "pairs.csv", tmp_path / "model.json"
    result = run("link", str(paths["left"]), str(paths["right"]), "--out", str(out), "--save-model", str(saved))
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.strip().splitlines()) == 1
    summary = json.loads(result.stdout)
    assert {"left_records", "right_records", "malformed", "candidate_pairs", "pairs_written", "seconds"} <= summary.keys()
    assert summary["left_records"] == summary["right_records"] == 1500 and summary["model"] == "estimated"
    assert "scoring" in result.stderr
    assert header(out) == PAIRS_HEADER
    found = {(row["left_id"], row["right_id"]) for row in body(out)}
    truth = {(row["left_id"], row["right_id"]) for row in body(paths["truth"])}
    assert len(found) == summary["pairs_written"]
    assert len(found & truth) / len(truth) > 0.95 and len(found & truth) / len(found) > 0.95

    reused = run("link", str(paths["left"]), str(paths["right"]), "--out", str(tmp_path / "again.csv"),
                 "--model", str(saved), "--threshold", "0.99")
    assert reused.returncode == 0, reused.stderr
    summary = json.loads(reused.stdout)
    assert summary["model"] == str(saved) and summary["threshold"] == 0.99
    assert all(float(row["match_probability"]) >= 0.99 for row in body(tmp_path / "again.csv"))


def test_link_counts_malformed_values(tmp_path):
    left, right = tmp_path / "left.csv", tmp_path / "right.csv"
    left.write_text("id,first_name,last_name,dob,postcode\n1,Amelia,Hart,2015-13-01,DM1 2AB\n", encoding="utf-8")
    right.write_text("id,first_name,last_name,dob,postcode\n9,Amelia,Hart,2015-01-13,nowhere\n", encoding="utf-8")
    result = run("link", str(left), str(right), "--out", str(tmp_path / "out.csv"))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["malformed"] == {"left": {"dob": 1}, "right": {"postcode": 1}}


@pytest.mark.parametrize(("left_text", "message"), [
    ("first_name,last_name\nAmelia,Hart\n", "no 'id' column"),
    ("id,first_name\n1,Amelia\n1,Oscar\n", "appears more than once"),
])
def test_link_rejects_files_it_cannot_link_with_status_2(tmp_path, left_text, message):
    left, right = tmp_path / "left.csv", tmp_path / "right.csv"
    left.write_text(left_text, encoding="utf-8")
    right.write_text("id,first_name\n9,Amelia\n", encoding="utf-8")
    result = run("link", str(left), str(right), "--out", str(tmp_path / "out.csv"))
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr


def test_link_missing_file_bad_encoding_bad_threshold_and_unwritable_output(tmp_path):
    right = tmp_path / "right.csv"
    right.write_text("id,first_name\n9,Amelia\n", encoding="utf-8")
    missing = run("link", str(tmp_path / "nowhere.csv"), str(right), "--out", str(tmp_path / "out.csv"))
    assert missing.returncode == 2 and "nowhere.csv" in missing.stderr
    latin = tmp_path / "latin.csv"
    latin.write_bytes("id,first_name\n1,Zo\xeb\n".encode("latin-1"))
    encoding = run("link", str(latin), str(right), "--out", str(tmp_path / "out.csv"))
    assert encoding.returncode == 2 and "UTF-8" in encoding.stderr
    threshold = run("link", str(right), str(right), "--out", str(tmp_path / "out.csv"), "--threshold", "2")
    assert threshold.returncode == 2
    unwritable = run("link", str(right), str(right), "--out", str(tmp_path / "no-such-folder" / "out.csv"))
    assert unwritable.returncode == 2 and "no-such-folder" in unwritable.stderr


def test_link_an_empty_file(tmp_path):
    empty, right = tmp_path / "empty.csv", tmp_path / "right.csv"
    empty.write_text("", encoding="utf-8")
    right.write_text("id,first_name\n9,Amelia\n", encoding="utf-8")
    result = run("link", str(empty), str(right), "--out", str(tmp_path / "out.csv"))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["pairs_written"] == 0
    assert header(tmp_path / "out.csv") == PAIRS_HEADER


def test_link_on_spark_without_pyspark_says_how_to_install_it(tmp_path):
    """pyspark is an optional extra; hidden here so that the check holds whether or not it is installed."""
    shim = tmp_path / "shim" / "pyspark"
    shim.mkdir(parents=True)
    (shim / "__init__.py").write_text("raise ImportError('No module named pyspark')\n", encoding="utf-8")
    right = tmp_path / "right.csv"
    right.write_text("id,first_name\n9,Amelia\n", encoding="utf-8")
    result = subprocess.run([CME, "link", str(right), str(right), "--out", str(tmp_path / "out.csv"), "--backend", "spark"],
                            capture_output=True, text=True, timeout=300, check=False,
                            env={**os.environ, "PYTHONPATH": str(shim.parent)})
    assert result.returncode == 2, result.stderr
    assert "uv sync --extra spark" in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_link_dedupe_writes_pairs_within_and_across_files_and_a_cluster_for_every_record(tmp_path):
    left, right = tmp_path / "left.csv", tmp_path / "right.csv"
    left.write_text("id,first_name,last_name,dob\n1,Amelia,Hart,2015-02-03\n2,Amelia,Hart,03/02/2015\n"
                    "3,Oscar,Lane,2013-12-31\n", encoding="utf-8")
    right.write_text("id,first_name,last_name,dob\n9,Amelia,Hart,2015-02-03\n", encoding="utf-8")
    clusters = tmp_path / "people.csv"
    result = run("link", str(left), str(right), "--out", str(tmp_path / "out.csv"), "--dedupe", "--clusters",
                 str(clusters), "--chunks", "2")
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["link_type"] == "link_and_dedupe" and summary["clusters"] == 2 and summary["chunks"] == 2
    assert header(tmp_path / "out.csv") == ["source_l", "id_l", "source_r", "id_r", "match_probability",
                                            "match_weight"]
    people = {(row["source"], row["id"]): row["cluster_id"] for row in body(clusters)}
    assert people[("left", "1")] == people[("left", "2")] == people[("right", "9")] != people[("left", "3")]


@pytest.mark.parametrize("chunks", ["0", "-1", "many"])
def test_link_refuses_a_chunk_count_that_is_not_a_positive_number(tmp_path, chunks):
    right = tmp_path / "right.csv"
    right.write_text("id,first_name\n9,Amelia\n", encoding="utf-8")
    result = run("link", str(right), str(right), "--out", str(tmp_path / "out.csv"), "--chunks", chunks)
    assert result.returncode == 2 and "--chunks" in result.stderr and "Traceback" not in result.stderr
