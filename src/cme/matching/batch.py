"""Batch linkage of two person files: which records in one are the same child as records in the other.

Councils match school, health and housing extracts against their own records by
exact match in spreadsheets, which misses every child whose name is spelt, shortened
or recorded differently. This module links two files probabilistically with Splink
on an in-process DuckDB, so it needs no database server and runs from a management
command or a background task alike. The model (comparisons, blocking, training) is
described in `cme.matching.model`; the feature columns in `cme.matching.features`.

The same run goes on Spark with `backend="spark"` (`cme.matching.spark`, an optional
extra): one code path for settings, training, safeguards, term frequencies,
prediction and writing, with an engine object (`DuckDBEngine`, `spark.SparkEngine`)
for the little that differs. docs/linkage-at-scale.md says when to use which.

Entry points:

* `link_files(left_path, right_path, out_path, ...)` reads two CSV files and writes
  the pairs at or above the threshold as CSV
  (left_id,right_id,match_probability,match_weight). Returns a `LinkSummary`.
* `link_frames(left_rows, right_rows, ...)` does the same for rows held in memory
  (mappings of column name to value) and returns the pairs with the summary.

Without a model file the model is estimated from the two files themselves, without
labels. Files too small to estimate from (fewer than MIN_RECORDS_TO_ESTIMATE
records on either side) use the shipped default model, and `summary.model` says
which was used.

DEFAULT_THRESHOLD is 0.9: a pair is written when the model puts it at nine chances
in ten or better of being the same child. Output goes to a CME officer to act on,
usually by merging or cross-referencing records, so a false link (two children made
one, one of them disappearing from view) costs more than a missed one, which the
next data match can still find. On the synthetic benchmark true and false pairs
are far apart in weight, so F1 barely moves between thresholds of 0.5 and 0.99
(0.9965 to 0.998) while precision climbs from 0.9946 to 0.9991
(bench/results/link_batch.md); 0.9 sits on the cautious side of that plateau.
"""

from __future__ import annotations

import contextlib
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from . import features, model, spark
from .engines import (
    BackendUnavailableError,
    DuckDBEngine,
    LinkageOutOfMemoryError,
    connect,
    scalar,
)
from .features import LinkageInputError, PersonFile

DEFAULT_THRESHOLD = 0.9
MIN_RECORDS_TO_ESTIMATE = 1000
U_SAMPLE_PAIRS = 2e6  # random pairs for the u probabilities; more changes the weights by hundredths
EM_MAX_PAIRS = 1.5e6  # blocked pairs per expectation-maximisation session
SEED = 20260901  # sampling seed, so the same files give the same model

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

    def as_dict(self) -> dict[str, Any]:
        return {"left_records": self.left_records, "right_records": self.right_records, "malformed": self.malformed,
                "candidate_pairs": self.candidate_pairs, "pairs_written": self.pairs_written,
                "threshold": self.threshold, "model": self.model, "backend": self.backend,
                "prior": float(f"{self.prior:.4g}") if self.prior is not None else None,
                "seconds": round(self.seconds, 2),
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


def estimate_prior(left_sdf, right_sdf, settings: dict[str, Any], left_rows: int, right_rows: int) -> float:
    """The probability that two records, one from each file, are the same child.

    It belongs to the pair of files, not to the model (how much two files overlap
    says nothing about how names are misspelt), so it is estimated on every run, a
    loaded model included: pairs found by near-certain rules, divided by the share of
    true pairs the rules are assumed to find. Rules that find nothing suggest almost
    no overlap, so the prior expects about one pair; rules that find more than the
    assumed recall allows (tiny files) give way to assuming half the smaller file is
    in the other.
    """
    possible = left_rows * right_rows
    half_the_smaller = min(left_rows, right_rows) / 2 / possible
    linker = _linker([left_sdf, right_sdf], {**settings, "probability_two_random_records_match": half_the_smaller})
    try:
        linker.training.estimate_probability_two_random_records_match(model.DETERMINISTIC_RULES,
                                                                      recall=model.RECALL_OF_DETERMINISTIC_RULES)
    except ValueError:
        return half_the_smaller
    prior = linker.misc.save_model_to_json()["probability_two_random_records_match"]
    if prior <= 0:
        return min(half_the_smaller, 1 / possible)
    return min(prior, 0.5)


def estimate_model(left_sdf, right_sdf, settings: dict[str, Any], progress: Progress,
                   errors: tuple[type[BaseException], ...] = DuckDBEngine.errors) -> dict[str, Any]:
    """Train m and u on the two registered files without labels; returns the trained settings (canonical SQL).

    u: random sampling. m: expectation maximisation on two blocked sets of pairs
    (names; date of birth and postcode sector). A session that cannot run (a column
    missing from both files leaves it no pairs) is skipped, and the levels it would
    have trained keep the values `settings` came with. `errors` are the backend's
    own exceptions for such a session.
    """
    from splink.internals.exceptions import EMTrainingException, SplinkException

    linker = _linker([left_sdf, right_sdf], settings)
    progress("estimating u probabilities from random pairs")
    linker.training.estimate_u_using_random_sampling(max_pairs=U_SAMPLE_PAIRS, seed=SEED)
    for rule in model.TRAINING_RULES:
        progress(f"estimating m probabilities on pairs where {rule}")
        try:
            linker.training.estimate_parameters_using_expectation_maximisation(
                rule, max_pairs=EM_MAX_PAIRS, estimate_without_term_frequencies=True)
        except (EMTrainingException, SplinkException, ValueError, ZeroDivisionError, *errors) as error:
            progress(f"  skipped ({type(error).__name__}: {error})")
    return model.for_dialect(linker.misc.save_model_to_json(), model.CANONICAL_DIALECT)


def register_term_frequencies(linker, db_api, con: duckdb.DuckDBPyConnection, settings: dict[str, Any]) -> None:
    """Term frequencies over both files in DuckDB, registered with Splink (see `_register_term_frequencies`)."""
    _register_term_frequencies(linker, DuckDBEngine(con, db_api), settings)


def _register_term_frequencies(linker, engine, settings: dict[str, Any]) -> None:
    """Term frequencies over both files, shrunk towards the model's average (see model.TF_PSEUDO_RECORDS).

    Registered with Splink as lookups, so prediction uses them instead of raw counts.
    The SQL is the same on every backend; the numbers are cast to DOUBLE because Spark
    reads a literal such as 0.0123 as a decimal, which would round small frequencies.
    """
    pseudo = model.TF_PSEUDO_RECORDS
    for column, base in model.term_frequency_columns(settings):
        table = f"cme_tf_{column}"
        engine.create_table(table, f"""
            WITH both_files AS (
                SELECT {column} FROM {LEFT_TABLE} UNION ALL SELECT {column} FROM {RIGHT_TABLE}
            ), counts AS (
                SELECT {column}, count(*) AS n FROM both_files WHERE {column} IS NOT NULL GROUP BY {column}
            )
            SELECT {column},
                   (n + CAST({pseudo} AS DOUBLE) * CAST({base!r} AS DOUBLE))
                   / ((SELECT sum(n) FROM counts) + CAST({pseudo} AS DOUBLE)) AS tf_{column}
            FROM counts
        """)  # noqa: S608 - column names from the model's own levels, numbers from this code
        linker.table_management.register_term_frequency_lookup(engine.db_api.register(table, table_name=table), column)


LEFT_TABLE, RIGHT_TABLE = "cme_left_records", "cme_right_records"


def _register(db_api, left: pa.Table, right: pa.Table):
    return (db_api.register(left, dataset_display_name="left", table_name=LEFT_TABLE),
            db_api.register(right, dataset_display_name="right", table_name=RIGHT_TABLE))


def link_person_files(left: PersonFile, right: PersonFile, *, threshold: float = DEFAULT_THRESHOLD,
                      model_path: str | Path | None = None, save_model: str | Path | None = None,
                      progress: Progress = _quiet, threads: int | None = None, memory_limit: str | None = None,
                      out_path: str | Path | None = None,
                      backend: str = "duckdb") -> tuple[list[LinkedPair] | None, LinkSummary]:
    """Link two person files already read into feature tables, on DuckDB or Spark (`backend`).

    Writes CSV to `out_path` if given (and returns no pairs, which may be millions),
    otherwise returns the pairs. The summary's timings include only this call.
    `threads` and `memory_limit` are DuckDB's, or Spark's in local mode (cores and
    driver memory).
    """
    if not 0.0 <= threshold <= 1.0:
        raise ValueError("the threshold is a probability, between 0 and 1")
    check_backend(backend)
    stages = _Stages(progress)
    summary = LinkSummary(left_records=left.rows, right_records=right.rows, threshold=threshold, backend=backend,
                          malformed={"left": dict(left.malformed), "right": dict(right.malformed)})
    if model_path is not None:
        settings, summary.model = model.load(model_path), str(model_path)
    elif min(left.rows, right.rows) < MIN_RECORDS_TO_ESTIMATE:
        settings, summary.model = model.load(model.DEFAULT_MODEL_PATH), "default"
    else:
        settings, summary.model = model.settings_dict(), "estimated"
        # Unreadable only while the default model is being remade for new comparisons
        # (see cme.matching.model): then training starts from Splink's own defaults.
        with contextlib.suppress(OSError, ValueError):
            settings = model.seed_parameters(settings, model.load(model.DEFAULT_MODEL_PATH))

    if left.rows == 0 or right.rows == 0:
        pairs: list[LinkedPair] = []
        if out_path is not None:
            _write_empty(out_path)
        if save_model:
            model.save(settings, save_model)
        summary.seconds = stages.total()
        return (None if out_path is not None else pairs), summary

    _splink()  # imported, and its logging quietened, before the clock starts on a stage
    if backend != "duckdb":
        stages.start("start", f"starting {backend}")
    with open_engine(backend, threads, memory_limit) as engine:
        stages.start("register", f"registering {left.rows:,} + {right.rows:,} records")
        left_sdf, right_sdf = _register(engine.db_api, engine.prepare(left.table), engine.prepare(right.table))
        stages.start("prior", "estimating the share of pairs that match")
        summary.prior = estimate_prior(left_sdf, right_sdf, settings, left.rows, right.rows)
        settings = {**settings, "probability_two_random_records_match": summary.prior}
        if summary.model == "estimated":
            stages.start("train", "estimating the model from the two files (no labels)")
            settings = model.apply_safeguards(estimate_model(left_sdf, right_sdf, settings, progress, engine.errors))
        linker = _linker([left_sdf, right_sdf], settings)
        _register_term_frequencies(linker, engine, settings)
        if save_model:
            model.save(settings, save_model)
        stages.start("block", "finding candidate pairs")
        blocked = linker.inference.compute_blocked_pairs_for_predict()
        summary.candidate_pairs = engine.count(blocked.physical_name)
        stages.start("score", f"scoring {summary.candidate_pairs:,} candidate pairs")
        predictions = linker.inference.predict(threshold_match_probability=threshold, warning_mode="never")
        stages.start("write", "writing pairs")
        with engine.pairs(predictions, threshold) as (con, table):
            summary.pairs_written, result = _write_pairs(con, table, threshold, out_path)
    summary.seconds = stages.total()
    summary.stage_seconds = stages.seconds
    return result, summary


def _write_pairs(con: duckdb.DuckDBPyConnection, table: str, threshold: float,
                 out_path: str | Path | None) -> tuple[int, list[LinkedPair] | None]:
    """Write the pairs at or above the threshold from Splink's predictions (on either backend) to CSV, or return them.

    Always through DuckDB, so that both backends write the same columns, rounding,
    number formatting and order. Returns how many pairs there were.
    """
    query = f"""
        SELECT
            CASE WHEN source_dataset_l = 'left' THEN unique_id_l ELSE unique_id_r END AS left_id,
            CASE WHEN source_dataset_l = 'left' THEN unique_id_r ELSE unique_id_l END AS right_id,
            round(match_probability, 6) AS match_probability,
            round(match_weight, 4) AS match_weight
        FROM {table}
        WHERE match_probability >= {float(threshold)!r}
        ORDER BY left_id, right_id
    """  # noqa: S608 - a table name Splink or this module made and a float
    written = scalar(con, f"SELECT count(*) FROM ({query})")  # noqa: S608 - the query above
    if out_path is None:
        return written, [LinkedPair(*row) for row in con.sql(query).fetchall()]
    target = str(out_path).replace("'", "''")
    con.sql(f"COPY ({query}) TO '{target}' (FORMAT csv, HEADER true, DELIMITER ',')")
    return written, None


def _write_empty(out_path: str | Path) -> None:
    Path(out_path).write_text("left_id,right_id,match_probability,match_weight\n", encoding="utf-8")


def link_files(left_path: str | Path, right_path: str | Path, out_path: str | Path, *,
               threshold: float = DEFAULT_THRESHOLD, model_path: str | Path | None = None,
               save_model: str | Path | None = None, progress: Progress = _quiet, threads: int | None = None,
               memory_limit: str | None = None, backend: str = "duckdb") -> LinkSummary:
    """Link two CSV person files and write the pairs at or above `threshold` to `out_path` as CSV.

    Raises LinkageInputError for a file that cannot be linked at all (no id column,
    empty or repeated ids); malformed values are counted in the summary instead.
    OSError if a file cannot be read or the output cannot be written: the output is
    opened first, so that a long run cannot fail at its last step. For the same
    reason BackendUnavailableError (Spark asked for but not installed) comes before
    the files are read.
    """
    started = time.perf_counter()
    check_backend(backend)
    _write_empty(out_path)
    progress(f"reading {left_path}")
    left = features.read_person_file(left_path)
    progress(f"reading {right_path}")
    right = features.read_person_file(right_path)
    read_seconds = time.perf_counter() - started
    _, summary = link_person_files(left, right, threshold=threshold, model_path=model_path, save_model=save_model,
                                   progress=progress, threads=threads, memory_limit=memory_limit, out_path=out_path,
                                   backend=backend)
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


def _person_file(rows: Iterable[Mapping[str, Any]], name: str) -> PersonFile:
    columns = _columns_from_rows(rows, name)
    features.check_ids(columns["id"], name)
    malformed: Counter[str] = Counter()
    table = features.build_table(columns, malformed)
    return PersonFile(path=name, rows=table.num_rows, columns=features.RECOGNISED, malformed=malformed, table=table)


def score_records(left_rows: Iterable[Mapping[str, Any]], right_rows: Iterable[Mapping[str, Any]], *,
                  model_path: str | Path | None = None, prior: float | None = None) -> list[ScoredPair]:
    """Score every left record against every right record, without blocking, and say why.

    For explaining a decision or checking a handful of records, not for files: the
    work grows with the product of the two sizes. The prior is the model's own unless
    given; term frequencies come from the records given.
    """
    left, right = _person_file(left_rows, "left"), _person_file(right_rows, "right")
    if left.rows * right.rows == 0:
        return []
    settings = model.load(model_path or model.DEFAULT_MODEL_PATH)
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


def _columns_from_rows(rows: Iterable[Mapping[str, Any]], where: str) -> dict[str, list[str]]:
    columns: dict[str, list[str]] = {column: [] for column in features.RECOGNISED}
    for row in rows:
        canonical = {features.canonical_header(str(key)): value for key, value in row.items()}
        if "id" not in canonical:
            raise LinkageInputError(f"{where}: a record has no 'id'")
        for column, values in columns.items():
            value = canonical.get(column)
            values.append("" if value is None else str(value))
    return columns


def link_frames(left_rows: Iterable[Mapping[str, Any]], right_rows: Iterable[Mapping[str, Any]], *,
                threshold: float = DEFAULT_THRESHOLD, model_path: str | Path | None = None,
                save_model: str | Path | None = None, progress: Progress = _quiet, threads: int | None = None,
                memory_limit: str | None = None, backend: str = "duckdb") -> tuple[list[LinkedPair], LinkSummary]:
    """Link two collections of records held in memory (mappings with the columns `link_files` reads).

    Values may be strings, dates or None; a date is read as its ISO form. For the web
    application's background tasks, which hold records rather than files.
    """
    pairs, summary = link_person_files(_person_file(left_rows, "left"), _person_file(right_rows, "right"),
                                       threshold=threshold, model_path=model_path, save_model=save_model,
                                       progress=progress, threads=threads, memory_limit=memory_limit,
                                       backend=backend)
    return pairs or [], summary
