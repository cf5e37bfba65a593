"""Where the batch linker's SQL runs: an in-process DuckDB by default, and what every
backend shares (its errors, the machine's cores and memory). `spark.SparkEngine` is the
other backend; `batch.open_engine` chooses between them."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pyarrow as pa


class BackendUnavailableError(RuntimeError):
    """The backend asked for cannot run here (Spark without pyspark or Java); the message says what to do."""


class LinkageOutOfMemoryError(MemoryError):
    """The backend ran out of memory; the message says which setting gives it more."""


def available_memory_bytes() -> int:
    """The machine's memory, or the container's limit if that is lower (cgroup v2, then v1)."""
    try:
        memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        memory = 4 * 1024**3
    for limit_file in ("/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"):
        try:
            text = Path(limit_file).read_text().strip()
        except OSError:
            continue
        if text.isdigit():
            memory = min(memory, int(text))
    return memory


def core_count() -> int:
    """Cores this process may use (process_cpu_count respects CPU affinity; Python 3.13+)."""
    return (getattr(os, "process_cpu_count", None) or os.cpu_count)() or 1


@contextlib.contextmanager
def connect(threads: int | None = None, memory_limit: str | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    """An in-memory DuckDB on every core with at most half the memory, spilling to a private temporary directory.

    Half, because the web application and its PostgreSQL share the machine when this
    runs as a background task. No extension is ever downloaded or loaded: everything
    used (string distances, list functions) is built in.
    """
    threads = threads or core_count()
    memory_limit = memory_limit or f"{max(256, available_memory_bytes() // 2 // 1024**2)}MB"
    spill = tempfile.mkdtemp(prefix="cme-linkage-")
    con = duckdb.connect(":memory:", config={
        "threads": threads, "memory_limit": memory_limit, "preserve_insertion_order": False,
        "temp_directory": spill, "autoinstall_known_extensions": False, "autoload_known_extensions": False,
    })
    try:
        yield con
    finally:
        con.close()
        shutil.rmtree(spill, ignore_errors=True)


def scalar(con: duckdb.DuckDBPyConnection, sql: str):
    """The single value of a query, fetched fully (DuckDB keeps a connection busy until a result is drained)."""
    return con.sql(sql).fetchall()[0][0]


def _duckdb_api():
    """Splink's DuckDB API, imported late: Splink is slow to import and most commands never link."""
    from splink import DuckDBAPI

    return DuckDBAPI


class DuckDBEngine:
    """Where Splink runs by default: an in-process DuckDB connection.

    The engine interface batch needs from a backend (`spark.SparkEngine` is the other):
    `name`, `db_api`, `errors` (what an EM session that cannot run raises),
    `prepare`, `create_table`, `drop`, `count`, `fetch`, `pairs` and `local`.
    """

    name = "duckdb"
    errors: tuple[type[BaseException], ...] = (duckdb.Error,)

    def __init__(self, con: duckdb.DuckDBPyConnection, db_api=None):
        self.con = con
        self.db_api = db_api if db_api is not None else _duckdb_api()(connection=con)

    def prepare(self, table: pa.Table | str, name: str = "cme_features") -> pa.Table | str:
        """A feature table in the form this backend registers best: DuckDB reads Arrow as it is, and a
        Parquet file (a file too large for memory) through a view, which Splink registers by name."""
        if isinstance(table, str):
            path = table.replace("'", "''")
            self.con.execute(f"CREATE OR REPLACE VIEW {name} AS SELECT * FROM read_parquet('{path}')")  # noqa: S608 - our file
            return name
        return table

    def create_table(self, name: str, select_sql: str) -> None:
        self.con.execute(f"CREATE OR REPLACE TABLE {name} AS {select_sql}")

    def drop(self, name: str) -> None:
        self.con.execute(f"DROP TABLE IF EXISTS {name}")

    def count(self, table: str) -> int:
        return scalar(self.con, f"SELECT count(*) FROM {table}")  # noqa: S608 - a table name Splink made

    def fetch(self, sql: str) -> tuple:
        """The first row of a query (the same SQL runs on every backend)."""
        return self.con.sql(sql).fetchall()[0]

    @contextlib.contextmanager
    def local(self, sql: str) -> Iterator[tuple[duckdb.DuckDBPyConnection, str]]:
        """A DuckDB connection and a table expression holding the rows of `sql`, for writing them out."""
        yield self.con, f"({sql})"


