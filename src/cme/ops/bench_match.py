"""The interactive matching benchmark (`cme bench match`).

A council's child index holds every child it knows; each referral, school return and
CTF import asks "have we seen this child before?". The benchmark loads N synthetic
children into PostgreSQL exactly as the intakes leave them, then asks Q questions:
half are second, error-laden records of children in the index (the truth is known),
half are children who are not in it (many of them brothers, sisters or twins of
children who are). For each it times `candidates.find_candidates`, the function every
intake calls, and checks whether the true child is among the ten it returns.

The same questions go to Splink's `predict_between` over the same N children held in
DuckDB (the incremental-linkage route Splink offers), with the batch model of
`cme.matching.model`, in the same run, twice: with the batch model's blocking rules, and
with a lean configuration an analyst might choose for speed (blocking on date of birth
and on surname only, `LEAN_BLOCKING`).
"""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

from cme.children import candidates
from cme.synth.errors import ErrorMaker, PersonRecord, synthetic_children

from .index import incoming_from_record, load_people

Progress = Callable[[str], None]


@dataclass
class MatchWorkload:
    index: list[PersonRecord]
    queries: list[PersonRecord]
    truth: dict[str, str]  # query id -> index record id, for queries about a child in the index


def make_workload(children: int, queries: int, seed: int) -> MatchWorkload:
    outsiders = queries // 2
    population = synthetic_children(children + outsiders, seed)
    rng = random.Random(f"match-{seed}")
    rng.shuffle(population)
    inside, outside = population[:children], population[children:]
    maker = ErrorMaker(seed=seed)
    asked = [(child, True) for child in rng.sample(inside, min(queries - outsiders, len(inside)))]
    asked += [(child, False) for child in outside]
    rng.shuffle(asked)
    records, truth = [], {}
    for number, (child, known) in enumerate(asked, start=1):
        record = maker.record(child, f"Q{number:06d}")
        records.append(record)
        if known:
            truth[record.id] = child.id
    return MatchWorkload(index=[PersonRecord.from_child(child) for child in inside], queries=records, truth=truth)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def summarise(latencies_ms: list[float], hits: int, known: int) -> dict:
    return {"queries": len(latencies_ms), "p50_ms": round(percentile(latencies_ms, 0.5), 2),
            "p95_ms": round(percentile(latencies_ms, 0.95), 2), "max_ms": round(max(latencies_ms), 2),
            "mean_ms": round(statistics.fmean(latencies_ms), 2),
            "recall_at_10": round(hits / known, 4) if known else None}


def run_postgres(work: MatchWorkload, *, local_authority_id: int, progress: Progress) -> dict:
    started = time.perf_counter()
    child_ids = load_people(work.index, local_authority_id=local_authority_id)
    load_seconds = time.perf_counter() - started
    progress(f"loaded {len(child_ids):,} children in {load_seconds:.0f} s")
    for record in work.queries[:20]:  # warm the caches as a running service would have them
        candidates.find_candidates(incoming_from_record(record), local_authority_id=local_authority_id,
                                 include_referrals=False)
    latencies, hits, known, misses = [], 0, 0, []
    index_by_id = {record.id: record for record in work.index}
    for number, record in enumerate(work.queries, start=1):
        began = time.perf_counter()
        found = candidates.find_candidates(incoming_from_record(record), local_authority_id=local_authority_id,
                                         include_referrals=False)
        latencies.append((time.perf_counter() - began) * 1000)
        if record.id in work.truth:
            known += 1
            if child_ids[work.truth[record.id]] in {candidate.record_id for candidate in found}:
                hits += 1
            else:
                misses.append({"query": record.as_row(), "true_child": index_by_id[work.truth[record.id]].as_row()})
        if number % 500 == 0:
            progress(f"PostgreSQL: {number:,} of {len(work.queries):,} queries")
    return {**summarise(latencies, hits, known), "load_seconds": round(load_seconds, 1), "misses": misses}


# The lean Splink configuration: the same comparisons, candidates only from the same
# date of birth or the same surname.
LEAN_BLOCKING = ["l.dob = r.dob", "l.last_name = r.last_name"]


def run_splink(work: MatchWorkload, *, queries: int, progress: Progress, blocking: list[str] | None = None) -> dict:
    """Each query is registered as a one-row table and linked to the index with predict_between,
    with the batch model's blocking rules or those given."""
    from splink import DuckDBAPI, Linker

    from cme.matching import batch, model

    asked = work.queries[:queries]
    started = time.perf_counter()
    index_file = batch._person_file((record.as_row() for record in work.index), "index")
    asked_file = batch._person_file((record.as_row() for record in asked), "queries")
    with batch.connect() as con:
        db_api = DuckDBAPI(connection=con)
        index_sdf, asked_sdf = batch._register(db_api, index_file.table, asked_file.table)
        settings = model.load(model.DEFAULT_MODEL_PATH)
        settings["probability_two_random_records_match"] = 1 / max(len(work.index), 1)
        if blocking is not None:
            settings["blocking_rules_to_generate_predictions"] = list(blocking)
        linker = Linker([index_sdf, asked_sdf], settings, log_level=None)
        batch.register_term_frequencies(linker, db_api, con, settings)
        load_seconds = time.perf_counter() - started
        name = "lean" if blocking is not None else "batch blocking"
        progress(f"Splink ({name}): index of {len(work.index):,} registered in DuckDB in {load_seconds:.0f} s")
        latencies, hits, known = [], 0, 0
        for number, record in enumerate(asked):
            began = time.perf_counter()
            one = db_api.register(asked_file.table.slice(number, 1), dataset_display_name="right",
                                  table_name=f"cme_query_{number}_{len(blocking or [])}")
            predictions = linker.inference.predict_between(index_sdf, one, warning_mode="never")
            top = (predictions.as_duckdbpyrelation().order("match_weight DESC").limit(10)
                   .select("unique_id_l, unique_id_r").fetchall())
            latencies.append((time.perf_counter() - began) * 1000)
            if record.id in work.truth:
                known += 1
                truth = work.truth[record.id]
                hits += any(truth in (left, right) for left, right in top)
            if (number + 1) % 100 == 0:
                progress(f"Splink ({name}): {number + 1:,} of {len(asked):,} queries")
    return {**summarise(latencies, hits, known), "load_seconds": round(load_seconds, 1)}
