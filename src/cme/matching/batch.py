"""Batch linkage of person files: which records in one are the same child as records in the other.

Councils match school, health and housing extracts against their own records by
exact match in spreadsheets, which misses every child whose name is spelt, shortened
or recorded differently. This module links two files probabilistically with Splink
on an in-process DuckDB, so it needs no database server and runs from a management
command or a background task alike. The model (comparisons, blocking, training) is
described in `cme.matching.model`; the feature columns in `cme.matching.features`.

It adapts to the files it is given. Both are profiled first (`cme.matching.profile`:
which columns exist, how full and how distinct each is, which form dates and
postcodes take) and the comparisons, blocking rules and training rules are chosen
from what is there (`cme.matching.adapt`); the summary carries the profile, notes on
what was left out or read differently, the rules used, the number of candidate pairs
and an estimate of the blocking's recall (`estimate_blocking_recall`).

The same run goes on Spark with `backend="spark"` (`cme.matching.spark`, an optional
extra): one code path for settings, training, safeguards, term frequencies,
prediction and writing, with an engine object (`DuckDBEngine`, `spark.SparkEngine`)
for the little that differs. docs/linkage-at-scale.md says when to use which.

Entry points:

* `link_files(left_path, right_path, out_path, ...)` reads two CSV files and writes
  the pairs at or above the threshold as CSV
  (left_id,right_id,match_probability,match_weight). Returns a `LinkSummary`. With
  `dedupe=True` (or no right file) it also finds the same person twice within a file
  (Splink's link_and_dedupe, or dedupe_only), writes
  source_l,id_l,source_r,id_r,match_probability,match_weight, and clusters the
  pairs into one group per person (Splink's connected components), written as
  source,id,cluster_id for every record to `clusters_path`.
* `link_frames(left_rows, right_rows, ...)` does the same for rows held in memory
  (mappings of column name to value) and returns the pairs with the summary.

Without a model file the model is estimated from the two files themselves, without
labels; the work grows with the files (u from U_PAIRS_PER_RECORD random pairs per
record, up to U_SAMPLE_PAIRS). Files too small to estimate from (fewer than
MIN_RECORDS_TO_ESTIMATE records on either side) use the shipped default model, and
`summary.model` says which was used.

Files larger than memory: features of a file of more than features.KEEP_ROWS rows go
to Parquet, not memory, and prediction runs in chunks (Splink's chunked prediction)
when the estimated candidate pairs exceed one per CHUNK_BYTES_PER_PAIR bytes of the
memory limit (about 11 million at the default half of a 23 GB machine), or when
`chunks` says how many. Each chunk's pairs at or above the threshold are kept; its
candidates are not.

DEFAULT_THRESHOLD is 0.9: a pair is written when the model puts it at nine chances
in ten or better of being the same child. Output goes to a CME officer to act on,
usually by merging or cross-referencing records, so a false link (two children made
one, one of them disappearing from view) costs more than a missed one, which the
next data match can still find. On the synthetic benchmark true and false pairs
are far apart in weight, so F1 barely moves between thresholds of 0.5 and 0.99
(bench/results/link_batch.md); 0.9 sits on the cautious side of that plateau.
"""

from __future__ import annotations

import contextlib
import math
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from . import adapt, features, model, spark
from .engines import (
    BackendUnavailableError,
    DuckDBEngine,
    LinkageOutOfMemoryError,
    available_memory_bytes,
    connect,
)
from .features import LinkageInputError, PersonFile

DEFAULT_THRESHOLD = 0.9
MIN_RECORDS_TO_ESTIMATE = 1000
U_SAMPLE_PAIRS = 2e6  # at most this many random pairs for the u probabilities
U_PAIRS_PER_RECORD = 20  # and otherwise this many per record: enough for u, and training time grows with the files
MIN_U_PAIRS = 1e5
EM_MAX_PAIRS = 1.5e6  # blocked pairs per expectation-maximisation session
MIN_EM_PAIRS = 50  # a training rule that yields fewer pairs is passed over
SEED = 20260901  # sampling seed, so the same files give the same model
# Chunked prediction: candidate pairs per chunk are kept to the memory limit divided by this.
CHUNK_BYTES_PER_PAIR = 1024
# Blocking recall is estimated on at most this many candidate pairs (see estimate_blocking_recall).
PROBE_PAIRS = 200_000

Progress = Callable[[str], None]

BACKENDS = ("duckdb", "spark")

__all__ = ["BACKENDS", "DEFAULT_THRESHOLD", "BackendUnavailableError", "LinkSummary", "LinkageInputError",
           "LinkageOutOfMemoryError", "LinkedPair", "ScoredPair", "link_files", "link_frames", "link_person_files",
           "score_records"]


@dataclass(frozen=True)
class LinkedPair:
    left_id: str
    right_id: str
    match_probability: float
    match_weight: float
    left_source: str = "left"
    right_source: str = "right"


@dataclass
class LinkSummary:
    """What a linkage run read, found and wrote; `as_dict` is the one-line JSON of `cme link`."""

    left_records: int = 0
    right_records: int = 0
    malformed: dict[str, dict[str, int]] = field(default_factory=dict)
    candidate_pairs: int = 0
    pairs_written: int = 0
    threshold: float = DEFAULT_THRESHOLD
    model: str = ""
    backend: str = "duckdb"
    prior: float | None = None
    seconds: float = 0.0
    stage_seconds: dict[str, float] = field(default_factory=dict)
    link_type: str = "link_only"
    profile: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    comparisons: list[str] = field(default_factory=list)
    blocking_rules: list[str] = field(default_factory=list)
    training_rules: list[str] = field(default_factory=list)
    estimated_blocking_recall: float | None = None
    chunks: int = 1
    clusters: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"left_records": self.left_records, "right_records": self.right_records, "malformed": self.malformed,
                "candidate_pairs": self.candidate_pairs,
                "estimated_blocking_recall": (round(self.estimated_blocking_recall, 4)
                                              if self.estimated_blocking_recall is not None else None),
                "pairs_written": self.pairs_written, "clusters": self.clusters,
                "threshold": self.threshold, "model": self.model, "backend": self.backend, "link_type": self.link_type,
                "prior": float(f"{self.prior:.4g}") if self.prior is not None else None,
                "comparisons": self.comparisons, "blocking_rules": self.blocking_rules,
                "training_rules": self.training_rules, "chunks": self.chunks, "notes": self.notes,
                "profile": self.profile, "seconds": round(self.seconds, 2),
                "stage_seconds": {stage: round(value, 2) for stage, value in self.stage_seconds.items()}}


def _quiet(_: str) -> None:
    """The default progress reporter: say nothing."""


def check_backend(backend: str) -> None:
    """Fail before any work if `backend` cannot run here: an unknown name, or Spark without pyspark or Java."""
    if backend not in BACKENDS:
        raise ValueError(f"unknown backend {backend!r}; choose one of {', '.join(BACKENDS)}")
    if backend == "spark":
        spark.require()


@contextlib.contextmanager
def open_engine(backend: str = "duckdb", threads: int | None = None, memory_limit: str | None = None) -> Iterator[Any]:
    """The engine for `backend`, closed (DuckDB connection, or a Spark session this run started) afterwards."""
    check_backend(backend)
    if backend == "spark":
        with spark.engine(threads=threads, memory_limit=memory_limit) as engine:
            yield engine
    else:
        with connect(threads, memory_limit) as con:
            yield DuckDBEngine(con)


class _Stages:
    """Times each stage and reports it as it starts."""

    def __init__(self, progress: Progress):
        self.progress = progress
        self.seconds: dict[str, float] = {}
        self.started = time.perf_counter()
        self._current: tuple[str, float] | None = None

    def start(self, name: str, message: str) -> None:
        self.stop()
        self.progress(message)
        self._current = (name, time.perf_counter())

    def stop(self) -> None:
        if self._current:
            name, began = self._current
            self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - began
            self._current = None

    def total(self) -> float:
        self.stop()
        return time.perf_counter() - self.started


def _splink():
    """Splink, imported late: it is slow to import and most commands never link. (Splink
    warns about every level its training did not see; the safeguards in
    model.apply_safeguards deal with those, so LOGGING shows only its errors.)"""
    from splink import DuckDBAPI, Linker

    return DuckDBAPI, Linker


def _linker(sdfs: list, settings: dict[str, Any]):
    """A Splink linker over registered tables, with the model's SQL in their backend's dialect."""
    from splink import Linker

    dialect = sdfs[0].db_api.sql_dialect.sql_dialect_str
    return Linker(sdfs, model.for_dialect(settings, dialect), log_level=None)


def _possible_pairs(rows: list[int], link_type: str) -> int:
    if link_type == "link_only":
        return rows[0] * rows[1]
    total = sum(rows)
    pairs = total * (total - 1) // 2
    return max(1, pairs)


def estimate_prior(sdfs: list, settings: dict[str, Any], rows: list[int], rules: list[str] | None = None) -> float:
    """The probability that two records (one from each file, or any two when deduplicating) are the same person.

    It belongs to the files, not to the model (how much two files overlap says
    nothing about how names are misspelt), so it is estimated on every run, a loaded
    model included: pairs found by near-certain rules, divided by the share of true
    pairs the rules are assumed to find. Rules that find nothing suggest almost no
    overlap, so the prior expects about one pair; rules that find more than the
    assumed recall allows (tiny files) give way to assuming half the smaller file is
    in the other.
    """
    link_type = settings.get("link_type", "link_only")
    possible = _possible_pairs(rows, link_type)
    half_the_smaller = min(0.5, min(rows) / 2 / possible)
    rules = model.DETERMINISTIC_RULES if rules is None else rules
    if not rules:
        return half_the_smaller
    linker = _linker(sdfs, {**settings, "probability_two_random_records_match": half_the_smaller})
    try:
        linker.training.estimate_probability_two_random_records_match(rules, recall=model.RECALL_OF_DETERMINISTIC_RULES)
    except ValueError:
        return half_the_smaller
    prior = linker.misc.save_model_to_json()["probability_two_random_records_match"]
    if prior <= 0:
        return min(half_the_smaller, 1 / possible)
    return min(prior, 0.5)


def u_pairs(rows: list[int]) -> float:
    """Random pairs for the u probabilities: U_PAIRS_PER_RECORD per record, between MIN_U_PAIRS and U_SAMPLE_PAIRS."""
    return float(min(U_SAMPLE_PAIRS, max(MIN_U_PAIRS, U_PAIRS_PER_RECORD * sum(rows))))


def estimate_model(sdfs: list, settings: dict[str, Any], progress: Progress,
                   errors: tuple[type[BaseException], ...] = DuckDBEngine.errors, *,
                   training_rules: list[str] | None = None, rows: list[int] | None = None) -> dict[str, Any]:
    """Train m and u on the registered files without labels; returns the trained settings (canonical SQL).

    u: random sampling, in proportion to the files (`u_pairs`). m: expectation
    maximisation on blocked sets of pairs (`model.training_rules`: for example names,
    then date of birth and postcode sector). A session that cannot run is skipped, and
    the levels it would have trained keep the values `settings` came with. `errors`
    are the backend's own exceptions for such a session.
    """
    from splink.internals.exceptions import EMTrainingException, SplinkException

    linker = _linker(sdfs, settings)
    pairs = u_pairs(rows) if rows else U_SAMPLE_PAIRS
    progress(f"estimating u probabilities from {pairs:,.0f} random pairs")
    linker.training.estimate_u_using_random_sampling(max_pairs=pairs, seed=SEED, num_chunks=1)
    for rule in model.TRAINING_RULES if training_rules is None else training_rules:
        progress(f"estimating m probabilities on pairs where {rule}")
        try:
            linker.training.estimate_parameters_using_expectation_maximisation(
                rule, max_pairs=EM_MAX_PAIRS, estimate_without_term_frequencies=True)
        except (EMTrainingException, SplinkException, ValueError, ZeroDivisionError, *errors) as error:
            progress(f"  skipped ({type(error).__name__}: {error})")
    return model.for_dialect(linker.misc.save_model_to_json(), model.CANONICAL_DIALECT)


def register_term_frequencies(linker, db_api, con: duckdb.DuckDBPyConnection, settings: dict[str, Any],
                              tables: list[str] | None = None) -> None:
    """Term frequencies over both files in DuckDB, registered with Splink (see `_register_term_frequencies`)."""
    _register_term_frequencies(linker, DuckDBEngine(con, db_api), settings, tables or [LEFT_TABLE, RIGHT_TABLE])


def _tf_table(column: str) -> str:
    return f"cme_tf_{column}"


def _make_term_frequencies(engine, settings: dict[str, Any], tables: list[str]) -> list[str]:
    """Term frequencies over the files, shrunk towards the model's average (see model.TF_PSEUDO_RECORDS).

    The SQL is the same on every backend; the numbers are cast to DOUBLE because Spark
    reads a literal such as 0.0123 as a decimal, which would round small frequencies.
    Returns the columns made.
    """
    pseudo = model.TF_PSEUDO_RECORDS
    made = []
    for column, base in model.term_frequency_columns(settings):
        union = " UNION ALL ".join(f"SELECT {column} FROM {table}" for table in tables)  # noqa: S608 - names made here
        engine.create_table(_tf_table(column), f"""
            WITH both_files AS ({union}), counts AS (
                SELECT {column}, count(*) AS n FROM both_files WHERE {column} IS NOT NULL GROUP BY {column}
            )
            SELECT {column},
                   (n + CAST({pseudo} AS DOUBLE) * CAST({base!r} AS DOUBLE))
                   / ((SELECT sum(n) FROM counts) + CAST({pseudo} AS DOUBLE)) AS tf_{column}
            FROM counts
        """)  # noqa: S608 - column names from the model's own levels, numbers from this code
        made.append(column)
    return made


def _use_term_frequencies(linker, db_api, columns: list[str], tag: str = "") -> None:
    """Register term-frequency tables already made with a linker, so prediction uses them instead of raw counts."""
    for column in columns:
        table = _tf_table(column)
        linker.table_management.register_term_frequency_lookup(db_api.register(table, table_name=f"{table}{tag}"),
                                                               column)


def _register_term_frequencies(linker, engine, settings: dict[str, Any], tables: list[str]) -> None:
    _use_term_frequencies(linker, engine.db_api, _make_term_frequencies(engine, settings, tables))


LEFT_TABLE, RIGHT_TABLE = "cme_left_records", "cme_right_records"


def _register(db_api, left: pa.Table | str, right: pa.Table | str | None = None):
    """Register the feature tables with Splink (a string names a table or view already in the database)."""
    left_sdf = db_api.register(left, dataset_display_name="left", table_name=LEFT_TABLE)
    if right is None:
        return (left_sdf,)
    return left_sdf, db_api.register(right, dataset_display_name="right", table_name=RIGHT_TABLE)


# -- counting pairs, blocking recall -------------------------------------------------------------

def count_rule_pairs(engine, rule: model.Rule, tables: list[str], link_type: str) -> int:
    """How many pairs a blocking rule makes, from the counts of its keys (no pairs are made).

    Linking counts pairs across the two files; deduplicating counts pairs within the
    records (and across them too, for link-and-dedupe), treating the rule as symmetric.
    """
    lefts = ", ".join(f"{left} AS k{index}" for index, (left, _) in enumerate(rule))
    rights = ", ".join(f"{right} AS k{index}" for index, (_, right) in enumerate(rule))
    keys = ", ".join(f"k{index}" for index in range(len(rule)))
    not_null_left = " AND ".join(f"{left} IS NOT NULL" for left, _ in rule)
    not_null_right = " AND ".join(f"{right} IS NOT NULL" for _, right in rule)
    join = " AND ".join(f"a.k{index} = b.k{index}" for index in range(len(rule)))

    def grouped(table: str, columns: str, not_null: str) -> str:
        return f"SELECT {columns}, count(*) AS n FROM {table} WHERE {not_null} GROUP BY {keys}"  # noqa: S608

    # Table and column names below are this module's and the model's own, never a file's.
    if link_type == "link_only":
        sql = (f"SELECT sum(CAST(a.n AS DOUBLE) * b.n) FROM ({grouped(tables[0], lefts, not_null_left)}) a "  # noqa: S608
               f"JOIN ({grouped(tables[1], rights, not_null_right)}) b ON {join}")
    else:
        union = " UNION ALL ".join(f"SELECT * FROM {table}" for table in tables)  # noqa: S608
        records = f"({union}) AS records"
        if all(left == right for left, right in rule):
            sql = f"SELECT sum(CAST(n AS DOUBLE) * (n - 1) / 2) FROM ({grouped(records, lefts, not_null_left)}) a"  # noqa: S608
        else:
            sql = (f"SELECT sum(CAST(a.n AS DOUBLE) * b.n) FROM ({grouped(records, lefts, not_null_left)}) a "  # noqa: S608
                   f"JOIN ({grouped(records, rights, not_null_right)}) b ON {join}")
    value = engine.fetch(sql)[0]
    return int(value or 0)


# Single columns whose agreement a true pair usually shows: the probe for blocking recall.
PROBE_COLUMNS = ("dob", "last_key", "first_key", "postcode", "upn")


def estimate_blocking_recall(engine, settings: dict[str, Any], plan: model.Plan, sdfs: list, tables: list[str],
                             rows: list[int], threshold: float, tf_columns: list[str]) -> float | None:
    """The share of probable true pairs that the blocking rules make candidates of, estimated without labels.

    A wider net is cast over a sample of left-hand records: every pair that agrees on
    any one of date of birth, surname key, given-name key, postcode, UPN or an
    identifier. Those pairs are scored with the model; the ones at or above the
    threshold are taken as true pairs, and the estimate is the share of them that the
    blocking rules would also have made. A true pair that agrees on none of those
    columns escapes both, so this is an upper bound on the real recall, and close to
    it when true pairs rarely disagree on everything at once. The sample is sized so
    that at most PROBE_PAIRS pairs are scored. None when the sample holds no probable pair.
    """
    probes = [((column, column),) for column in PROBE_COLUMNS if plan.uses(column)]
    probes += [((model._identifier(name), model._identifier(name)),) for name in plan.identifiers]
    if not probes:
        return None
    other = tables[-1]
    itself = "l.unique_id <> r.unique_id" if len(tables) == 1 else "true"  # deduplicating one file: not a record with itself
    per_record = sum(count_rule_pairs(engine, rule, [tables[0], other], "link_only") for rule in probes) / max(rows[0], 1)
    share = min(1.0, PROBE_PAIRS / max(per_record * rows[0], 1.0))
    every = max(1, math.ceil(1 / share))
    sample = "cme_probe_sample"
    engine.create_table(sample, f"SELECT * FROM {tables[0]} WHERE abs(hash(unique_id)) % {every} = 0")  # noqa: S608
    try:
        db_api = sdfs[0].db_api
        sample_sdf = db_api.register(sample, dataset_display_name="left", table_name=f"{sample}_sdf")
        other_sdf = db_api.register(other, dataset_display_name="right", table_name=f"{sample}_other")
        probe = {**settings, "link_type": "link_only", "blocking_rules_to_generate_predictions":
                 [model.rule_sql(rule) for rule in probes]}
        linker = _linker([sample_sdf, other_sdf], probe)
        _use_term_frequencies(linker, db_api, tf_columns, tag="_probe")
        predictions = linker.inference.predict(threshold_match_probability=threshold, warning_mode="never")
        blocked = " OR ".join(f"({rule})" for rule in settings["blocking_rules_to_generate_predictions"]) or "false"
        probable, found = engine.fetch(f"""
            SELECT count(*), sum(CASE WHEN {blocked} THEN 1 ELSE 0 END)
            FROM {predictions.physical_name} p
            JOIN {sample} l ON l.unique_id = CASE WHEN p.source_dataset_l = 'left' THEN p.unique_id_l ELSE p.unique_id_r END
            JOIN {other} r ON r.unique_id = CASE WHEN p.source_dataset_l = 'left' THEN p.unique_id_r ELSE p.unique_id_l END
            WHERE {itself}
        """)  # noqa: S608 - table names this module or Splink made, rules from the model
        predictions.drop_table_from_database_and_remove_from_cache()
    finally:
        engine.drop(sample)
    return found / probable if probable else None


# Twins: the model's twins safeguard (model.apply_safeguards) caps what a different given
# name weighs, which also refuses a true pair whose given name was replaced. It stays
# unless the files show no sign of twins. Twin-like pairs are pairs within a file that
# share surname, date of birth and postcode or address with an unrelated given name.
# With a UPN or another identifier to tell, twins are shown by at least one such pair
# per TWIN_EVIDENCE_RECORDS records (and at least two) whose identifiers differ, and
# by those being at least as many as the ones whose identifiers agree (which are one
# person recorded twice: in FEBRL's files nearly nine in ten agree, in synthetic
# children's none do). Without an identifier, the count of twin-like pairs alone
# decides when linking (about 37 in 5,000 children are twins to another; chance
# agreement on all three is far rarer), and the safeguard stays when deduplicating,
# where such a pair may be the duplicate being sought.
TWIN_EVIDENCE_RECORDS = 5000


@dataclass(frozen=True)
class TwinEvidence:
    pairs: int  # twin-like pairs within the files
    differ: int  # of which both records have an identifier and none agree
    agree: int  # of which an identifier agrees (for one other than the UPN, or is one character out)
    identifiers: bool

    def shows_twins(self, records: int, link_type: str) -> bool:
        enough = max(2, records / TWIN_EVIDENCE_RECORDS)
        if self.identifiers:
            return self.differ >= enough and self.differ >= self.agree
        return link_type != "link_only" or self.pairs >= enough


def twin_evidence(engine, tables: list[str], plan: model.Plan) -> TwinEvidence | None:
    """What the files say about twins (see TWIN_EVIDENCE_RECORDS); None if the columns to tell are missing."""
    if not all(plan.uses(column) for column in ("first_name", "last_name", "dob")) or "location" not in plan.compared:
        return None
    identifiers = (["upn"] if "upn" in plan.compared else []) + [model._identifier(name) for name in plan.identifiers]
    place = " OR ".join(condition for condition, used in (("a.postcode = b.postcode", plan.postcodes),
                                                        ("a.address = b.address", plan.addresses)) if used)
    agree = " OR ".join(f"coalesce(a.{column} = b.{column}, false)" if column == "upn"
                        else f"coalesce(damerau_levenshtein(a.{column}, b.{column}) <= 1, false)"
                        for column in identifiers) or "false"
    known = " OR ".join(f"(a.{column} IS NOT NULL AND b.{column} IS NOT NULL)" for column in identifiers) or "false"
    found = [0, 0, 0]
    for table in tables:
        row = engine.fetch(f"""
            SELECT count(*), sum(CASE WHEN NOT ({agree}) AND ({known}) THEN 1 ELSE 0 END),
                   sum(CASE WHEN {agree} THEN 1 ELSE 0 END)
            FROM {table} a JOIN {table} b
              ON a.last_name = b.last_name AND a.dob = b.dob AND a.unique_id < b.unique_id
            WHERE ({place}) AND a.first_canon <> b.first_canon AND a.first_key <> b.first_key
        """)  # noqa: S608 - table and column names this module made
        found = [total + int(value or 0) for total, value in zip(found, row, strict=True)]
    return TwinEvidence(found[0], found[1], found[2], bool(identifiers))


# -- linking ----------------------------------------------------------------------------------

def link_type_for(two_files: bool, dedupe: bool) -> str:
    """Splink's link type: one file is deduplicated; two are linked, and deduplicated too if asked."""
    if not two_files:
        return "dedupe_only"
    return "link_and_dedupe" if dedupe else "link_only"


def _chunk_count(estimated_pairs: int, memory_limit: str | None, chunks: int | None) -> int:
    """How many chunks to predict in: as asked, or enough that each holds what the memory limit allows."""
    if chunks:
        return max(1, chunks)
    memory = _memory_bytes(memory_limit) if memory_limit else available_memory_bytes() // 2
    per_chunk = max(1_000_000, memory // CHUNK_BYTES_PER_PAIR)
    return max(1, math.ceil(estimated_pairs / per_chunk))


def _memory_bytes(limit: str) -> int:
    try:
        return int(float(spark.jvm_memory(limit).rstrip("m")) * 1024**2)
    except ValueError:
        return available_memory_bytes() // 2


def _choose_settings(files: list[PersonFile], link_type: str, model_path: str | Path | None,
                     summary: LinkSummary) -> tuple[dict[str, Any], adapt.Adaptation]:
    """The starting settings and plan: a saved model, the shipped default model, or a plan for these files."""
    adaptation = adapt.plan_for([person.profile for person in files], link_type)
    if model_path is not None:
        settings, summary.model = model.load(model_path, link_type), str(model_path)
        plan = model.plan_of(settings, link_type)
    elif min(person.rows for person in files) < MIN_RECORDS_TO_ESTIMATE:
        settings, summary.model = model.load(model.DEFAULT_MODEL_PATH, link_type), "default"
        plan = model.plan_of(settings, link_type)
    else:
        plan = adaptation.plan
        settings, summary.model = model.settings_dict(plan=plan), "estimated"
        # Unreadable only while the default model is being remade for new comparisons
        # (see cme.matching.model): then training starts from Splink's own defaults.
        with contextlib.suppress(OSError, ValueError):
            settings = model.seed_parameters(settings, model.load(model.DEFAULT_MODEL_PATH))
    if summary.model != "estimated":
        # A given model compares what it compares; its blocking keeps to columns these files hold.
        usable = model.Plan(compared=tuple(name for name in plan.compared if name in adaptation.plan.compared),
                            postcodes=plan.postcodes and adaptation.plan.postcodes,
                            addresses=plan.addresses and adaptation.plan.addresses,
                            uk_postcodes=plan.uk_postcodes and adaptation.plan.uk_postcodes,
                            identifiers=tuple(name for name in plan.identifiers if name in adaptation.plan.identifiers),
                            link_type=link_type)
        settings["blocking_rules_to_generate_predictions"] = model.blocking_rules(usable)
        adaptation = adapt.Adaptation(plan=usable, readings=[adapt.reading_for(person.profile, plan)
                                                             for person in files], notes=adaptation.notes)
    return settings, adaptation


def link_person_files(left: PersonFile, right: PersonFile | None = None, *, threshold: float = DEFAULT_THRESHOLD,
                      model_path: str | Path | None = None, save_model: str | Path | None = None,
                      progress: Progress = _quiet, threads: int | None = None, memory_limit: str | None = None,
                      out_path: str | Path | None = None, backend: str = "duckdb", dedupe: bool = False,
                      clusters_path: str | Path | None = None, chunks: int | None = None,
                      ) -> tuple[list[LinkedPair] | None, LinkSummary]:
    """Link person files already scanned (`features.scan_file`), on DuckDB or Spark (`backend`).

    With no right file the left is deduplicated; with `dedupe` both are linked and
    deduplicated, and the pairs are clustered (written to `clusters_path`). Writes
    CSV to `out_path` if given (and returns no pairs, which may be millions),
    otherwise returns the pairs. The summary's timings include only this call.
    `threads` and `memory_limit` are DuckDB's, or Spark's in local mode (cores and
    driver memory); `chunks` forces chunked prediction in that many chunks.
    """
    if not 0.0 <= threshold <= 1.0:
        raise ValueError("the threshold is a probability, between 0 and 1")
    check_backend(backend)
    link_type = link_type_for(right is not None, dedupe)
    files = [left] if right is None else [left, right]
    stages = _Stages(progress)
    summary = LinkSummary(left_records=left.rows, right_records=right.rows if right else 0, threshold=threshold,
                          backend=backend, link_type=link_type)
    summary.profile = {side: person.profile.as_dict() for side, person in zip(("left", "right"), files, strict=False)}
    settings, adaptation = _choose_settings(files, link_type, model_path, summary)
    summary.notes = adaptation.notes
    summary.comparisons = [item["output_column_name"] for item in settings["comparisons"]]

    scratch = tempfile.mkdtemp(prefix="cme-link-")
    try:
        stages.start("features", "making the features compared")
        for person, reading in zip(files, adaptation.readings, strict=True):
            features.load_features(person, reading, scratch)
        summary.malformed = {side: dict(person.malformed) for side, person in zip(("left", "right"), files, strict=False)}
        if any(person.rows == 0 for person in files) or (link_type == "dedupe_only" and left.rows < 2):
            if out_path is not None:
                _write_empty(out_path, link_type)
            if clusters_path is not None:
                _write_clusters_without_pairs(files, clusters_path, summary)
            if save_model:
                model.save(settings, save_model)
            summary.blocking_rules = settings["blocking_rules_to_generate_predictions"]
            summary.seconds = stages.total()
            summary.stage_seconds = stages.seconds
            return (None if out_path is not None else []), summary
        result = _link(files, settings, adaptation.plan, summary, stages, backend=backend, threads=threads,
                       memory_limit=memory_limit, save_model=save_model, out_path=out_path,
                       clusters_path=clusters_path, chunks=chunks)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    summary.seconds = stages.total()
    summary.stage_seconds = stages.seconds
    return result, summary


def _link(files: list[PersonFile], settings: dict[str, Any], plan: model.Plan, summary: LinkSummary, stages: _Stages,
          *, backend: str, threads: int | None, memory_limit: str | None, save_model: str | Path | None,
          out_path: str | Path | None, clusters_path: str | Path | None, chunks: int | None) -> list[LinkedPair] | None:
    link_type, rows, threshold = plan.link_type, [person.rows for person in files], summary.threshold
    rules = list(settings["blocking_rules_to_generate_predictions"])
    _splink()  # imported, and its logging quietened, before the clock starts on a stage
    if backend != "duckdb":
        stages.start("start", f"starting {backend}")
    with open_engine(backend, threads, memory_limit) as engine:
        stages.start("register", "registering " + " + ".join(f"{count:,}" for count in rows) + " records")
        prepared = [engine.prepare(person.parquet or person.table, name=f"cme_features_{index}")
                    for index, person in enumerate(files)]
        sdfs = list(_register(engine.db_api, *prepared))
        tables = [sdf.physical_name for sdf in sdfs]

        stages.start("prior", "estimating the share of pairs that match")
        summary.prior = estimate_prior(sdfs, settings, rows, model.deterministic_rules(plan))
        settings = {**settings, "probability_two_random_records_match": summary.prior}
        if summary.model == "estimated":
            stages.start("train", "estimating the model from the files (no labels)")
            counts: dict[model.Rule, int] = {}

            def pairs_of(rule: model.Rule) -> int:
                if rule not in counts:
                    counts[rule] = count_rule_pairs(engine, rule, tables, link_type)
                return counts[rule]

            summary.training_rules = model.training_rules(plan, pairs_of, MIN_EM_PAIRS)
            evidence = twin_evidence(engine, tables, plan)
            twins = evidence is None or evidence.shows_twins(sum(rows), link_type)
            if not twins:
                summary.notes.append(
                    f"twins: no sign of twins ({evidence.pairs} pairs within a file share surname, date of birth and "
                    f"address with a different given name, {evidence.agree} of them with an identifier in common, "
                    f"{evidence.differ} with different ones), so a different given name weighs what training found")
            settings = model.apply_safeguards(estimate_model(sdfs, settings, stages.progress, engine.errors,
                                                             training_rules=summary.training_rules, rows=rows),
                                              twins=twins)
        settings["blocking_rules_to_generate_predictions"] = summary.blocking_rules = rules
        linker = _linker(sdfs, settings)
        tf_columns = _make_term_frequencies(engine, settings, tables)
        _use_term_frequencies(linker, engine.db_api, tf_columns)
        if save_model:
            model.save(settings, save_model)

        stages.start("block", "counting candidate pairs")
        estimated = sum(count_rule_pairs(engine, rule, tables, link_type) for rule in
                        model.blocking_keys(model.plan_of(settings, link_type)) if model.rule_sql(rule) in rules)
        summary.chunks = _chunk_count(estimated, memory_limit, chunks)
        stages.start("score", f"scoring candidate pairs (about {estimated:,}"
                     + (f", in {summary.chunks} chunks)" if summary.chunks > 1 else ")"))
        predictions, summary.candidate_pairs = _predict(linker, engine, threshold, summary.chunks, stages.progress)

        stages.start("recall", "estimating the recall of blocking")
        summary.estimated_blocking_recall = estimate_blocking_recall(engine, settings, plan, sdfs, tables, rows,
                                                                     threshold, tf_columns)
        stages.start("write", "writing pairs")
        with engine.local(_pairs_sql(predictions.physical_name, threshold, link_type)) as (con, table):
            summary.pairs_written, result = _write_pairs(con, table, link_type, out_path)
        if link_type != "link_only":
            stages.start("cluster", "clustering the pairs into people")
            clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
                predictions, threshold_match_probability=threshold)
            with engine.local(_clusters_sql(clusters.physical_name, link_type)) as (con, table):
                summary.clusters = _write_clusters(con, table, clusters_path)
    return result


def _predict(linker, engine, threshold: float, chunks: int, progress: Progress):
    """Splink's predictions at or above the threshold, in `chunks` chunks of the right-hand records, and the
    number of candidate pairs scored. Each chunk's candidates are dropped once scored."""
    if chunks <= 1:
        blocked = linker.inference.compute_blocked_pairs_for_predict()
        candidates = engine.count(blocked.physical_name)
        predictions = linker.inference.predict(threshold_match_probability=threshold, warning_mode="never")
        blocked.drop_table_from_database_and_remove_from_cache()
        return predictions, candidates
    candidates, parts = 0, []
    for number in range(1, chunks + 1):
        progress(f"  chunk {number} of {chunks}")
        blocked = linker.inference.compute_blocked_pairs_for_predict_chunk(right_chunk=(number, chunks))
        candidates += engine.count(blocked.physical_name)
        parts.append(linker.inference.predict_chunk(right_chunk=(number, chunks), threshold_match_probability=threshold,
                                                    warning_mode="never"))
        blocked.drop_table_from_database_and_remove_from_cache()
    table = "cme_predictions"
    engine.create_table(table, " UNION ALL ".join(f"SELECT * FROM {part.physical_name}" for part in parts))  # noqa: S608
    for part in parts:
        part.drop_table_from_database_and_remove_from_cache()
    return linker._db_api.register(table, table_name=f"{table}_sdf"), candidates


def _pairs_sql(table: str, threshold: float, link_type: str) -> str:
    """The pairs at or above the threshold from Splink's predictions, in the output's columns."""
    where = f"WHERE match_probability >= {float(threshold)!r}"
    if link_type == "link_only":
        return f"""
            SELECT
                CASE WHEN source_dataset_l = 'left' THEN unique_id_l ELSE unique_id_r END AS left_id,
                CASE WHEN source_dataset_l = 'left' THEN unique_id_r ELSE unique_id_l END AS right_id,
                round(match_probability, 6) AS match_probability,
                round(match_weight, 4) AS match_weight
            FROM {table} {where}
        """  # noqa: S608 - a table name Splink or this module made and a float
    sources = ("source_dataset_l", "source_dataset_r") if link_type == "link_and_dedupe" else ("'left'", "'left'")
    return f"""
        SELECT {sources[0]} AS source_l, unique_id_l AS id_l, {sources[1]} AS source_r, unique_id_r AS id_r,
               round(match_probability, 6) AS match_probability, round(match_weight, 4) AS match_weight
        FROM {table} {where}
    """  # noqa: S608 - a table name Splink or this module made and a float


def _clusters_sql(table: str, link_type: str) -> str:
    source = "source_dataset" if link_type == "link_and_dedupe" else "'left'"
    return f"""
        SELECT {source} AS source, unique_id AS id, dense_rank() OVER (ORDER BY cluster_id) AS cluster_id
        FROM {table}
    """  # noqa: S608 - a table name Splink made


PAIR_COLUMNS = {"link_only": ("left_id", "right_id"), "dedupe": ("source_l", "id_l", "source_r", "id_r")}


def _header(link_type: str) -> str:
    ids = PAIR_COLUMNS["link_only" if link_type == "link_only" else "dedupe"]
    return ",".join((*ids, "match_probability", "match_weight")) + "\n"


def _write_pairs(con: duckdb.DuckDBPyConnection, table: str, link_type: str,
                 out_path: str | Path | None) -> tuple[int, list[LinkedPair] | None]:
    """Write the pairs to CSV, or return them, always through DuckDB so that every backend writes the same
    columns, rounding, number formatting and order. Returns how many pairs there were."""
    ids = PAIR_COLUMNS["link_only" if link_type == "link_only" else "dedupe"]
    query = f"SELECT * FROM {table} ORDER BY {', '.join(ids)}"  # noqa: S608 - a table expression this module made
    written = con.sql(f"SELECT count(*) FROM {table}").fetchall()[0][0]  # noqa: S608
    if out_path is None:
        rows = con.sql(query).fetchall()
        if link_type == "link_only":
            return written, [LinkedPair(*row) for row in rows]
        return written, [LinkedPair(row[1], row[3], row[4], row[5], row[0], row[2]) for row in rows]
    target = str(out_path).replace("'", "''")
    con.sql(f"COPY ({query}) TO '{target}' (FORMAT csv, HEADER true, DELIMITER ',')")
    return written, None


def _write_clusters(con: duckdb.DuckDBPyConnection, table: str, clusters_path: str | Path | None) -> int:
    """One row per record with its cluster (one cluster per person); returns how many clusters."""
    count = con.sql(f"SELECT count(DISTINCT cluster_id) FROM {table}").fetchall()[0][0]  # noqa: S608
    if clusters_path is not None:
        target = str(clusters_path).replace("'", "''")
        con.sql(f"COPY (SELECT source, id, cluster_id FROM {table} ORDER BY cluster_id, source, id) "  # noqa: S608
                f"TO '{target}' (FORMAT csv, HEADER true, DELIMITER ',')")
    return count


def _write_clusters_without_pairs(files: list[PersonFile], clusters_path: str | Path, summary: LinkSummary) -> None:
    """With nothing to compare, every record is a person of its own."""
    lines, number = ["source,id,cluster_id"], 0
    for side, person in zip(("left", "right"), files, strict=False):
        if person.table is None:
            continue
        for identifier in sorted(person.table.column("unique_id").to_pylist()):
            number += 1
            lines.append(f"{side},{_csv_field(identifier)},{number}")
    Path(clusters_path).write_text("\n".join(lines) + "\n", encoding="utf-8")
    summary.clusters = number


def _csv_field(value: str) -> str:
    return f'"{value.replace(chr(34), chr(34) * 2)}"' if any(mark in value for mark in ',"\n\r') else value


def _write_empty(out_path: str | Path, link_type: str = "link_only") -> None:
    Path(out_path).write_text(_header(link_type), encoding="utf-8")


def default_clusters_path(out_path: str | Path) -> Path:
    """Where `cme link --dedupe` writes clusters when not told: beside the pairs, OUT.clusters.csv."""
    out = Path(out_path)
    return out.with_name(f"{out.stem}.clusters{out.suffix or '.csv'}")


def link_files(left_path: str | Path, right_path: str | Path | None, out_path: str | Path, *,
               threshold: float = DEFAULT_THRESHOLD, model_path: str | Path | None = None,
               save_model: str | Path | None = None, progress: Progress = _quiet, threads: int | None = None,
               memory_limit: str | None = None, backend: str = "duckdb", dedupe: bool = False,
               clusters_path: str | Path | None = None, chunks: int | None = None) -> LinkSummary:
    """Link two CSV person files (or deduplicate one, `right_path` None) and write the pairs at or above
    `threshold` to `out_path` as CSV; with `dedupe` (or one file) also the clusters, to `clusters_path`.

    Raises LinkageInputError for a file that cannot be linked at all (no id column,
    empty or repeated ids); malformed values are counted in the summary instead.
    OSError if a file cannot be read or the output cannot be written: the output is
    opened first, so that a long run cannot fail at its last step. For the same
    reason BackendUnavailableError (Spark asked for but not installed) comes before
    the files are read.
    """
    started = time.perf_counter()
    check_backend(backend)
    link_type = link_type_for(right_path is not None, dedupe)
    _write_empty(out_path, link_type)
    if link_type != "link_only":
        clusters_path = clusters_path or default_clusters_path(out_path)
        Path(clusters_path).write_text("source,id,cluster_id\n", encoding="utf-8")
    progress(f"reading {left_path}")
    left = features.scan_file(left_path)
    right = None
    if right_path is not None:
        progress(f"reading {right_path}")
        right = features.scan_file(right_path)
    read_seconds = time.perf_counter() - started
    _, summary = link_person_files(left, right, threshold=threshold, model_path=model_path, save_model=save_model,
                                   progress=progress, threads=threads, memory_limit=memory_limit, out_path=out_path,
                                   backend=backend, dedupe=dedupe, clusters_path=clusters_path, chunks=chunks)
    summary.stage_seconds = {"read": read_seconds, **summary.stage_seconds}
    summary.seconds += read_seconds
    return summary


@dataclass(frozen=True)
class ScoredPair:
    """A pair's score with the weight each comparison contributed (log2 Bayes factors; 0 when a side is missing)."""

    left_id: str
    right_id: str
    match_probability: float
    match_weight: float
    weights: dict[str, float]


def _columns_from_rows(rows: Iterable[Mapping[str, Any]], where: str) -> dict[str, list[str]]:
    """Text columns from records held in memory, by linkage's column names (every record gets every column)."""
    records = [{features.column_name(str(key)): value for key, value in row.items()} for row in rows]
    names = list(dict.fromkeys(["id", *(key for record in records for key in record)]))
    for record in records:
        if "id" not in record:
            raise LinkageInputError(f"{where}: a record has no 'id'")
    return {name: ["" if record.get(name) is None else str(record[name]) for record in records] for name in names}


def _person_file(rows: Iterable[Mapping[str, Any]], name: str, reading: features.Reading | None = None) -> PersonFile:
    """A person file from records in memory, profiled, with its features made (as `reading` says, or its profile)."""
    person = features.person_file_from_columns(_columns_from_rows(rows, name), name)
    return features.load_features(person, reading or adapt.reading_for(person.profile, model.FULL_PLAN))


def score_records(left_rows: Iterable[Mapping[str, Any]], right_rows: Iterable[Mapping[str, Any]], *,
                  model_path: str | Path | None = None, prior: float | None = None) -> list[ScoredPair]:
    """Score every left record against every right record, without blocking, and say why.

    For explaining a decision or checking a handful of records, not for files: the
    work grows with the product of the two sizes. The prior is the model's own unless
    given; term frequencies come from the records given.
    """
    settings = model.load(model_path or model.DEFAULT_MODEL_PATH)
    plan = model.plan_of(settings)
    left = features.person_file_from_columns(_columns_from_rows(left_rows, "left"), "left")
    right = features.person_file_from_columns(_columns_from_rows(right_rows, "right"), "right")
    for person in (left, right):
        features.load_features(person, adapt.reading_for(person.profile, plan))
    if left.rows * right.rows == 0:
        return []
    if prior is not None:
        settings["probability_two_random_records_match"] = prior
    DuckDBAPI, Linker = _splink()
    with connect(threads=1) as con:
        db_api = DuckDBAPI(connection=con)
        left_sdf, right_sdf = _register(db_api, left.table, right.table)
        linker = Linker([left_sdf, right_sdf], settings, log_level=None)
        register_term_frequencies(linker, db_api, con, settings)
        scored = linker.inference.score_pairs(left_sdf, right_sdf).as_duckdbpyrelation()
        names = [item["output_column_name"] for item in settings["comparisons"]]
        rows = scored.select(", ".join(["unique_id_l", "unique_id_r", "match_probability", "match_weight",
                                        *(f"{model.MATCH_WEIGHT_PREFIX}{name}" for name in names)])).fetchall()
    return [ScoredPair(row[0], row[1], row[2], row[3], dict(zip(names, row[4:], strict=True))) for row in rows]


def link_frames(left_rows: Iterable[Mapping[str, Any]], right_rows: Iterable[Mapping[str, Any]] | None, *,
                threshold: float = DEFAULT_THRESHOLD, model_path: str | Path | None = None,
                save_model: str | Path | None = None, progress: Progress = _quiet, threads: int | None = None,
                memory_limit: str | None = None, backend: str = "duckdb",
                dedupe: bool = False) -> tuple[list[LinkedPair], LinkSummary]:
    """Link two collections of records held in memory (mappings with the columns `link_files` reads),
    or deduplicate one (`right_rows` None).

    Values may be strings, dates or None; a date is read as its ISO form. For the web
    application's background tasks, which hold records rather than files.
    """
    left = features.person_file_from_columns(_columns_from_rows(left_rows, "left"), "left")
    right = (None if right_rows is None
             else features.person_file_from_columns(_columns_from_rows(right_rows, "right"), "right"))
    pairs, summary = link_person_files(left, right, threshold=threshold, model_path=model_path, save_model=save_model,
                                       progress=progress, threads=threads, memory_limit=memory_limit,
                                       backend=backend, dedupe=dedupe)
    return pairs or [], summary
