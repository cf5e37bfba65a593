"""Splink on Spark: `cme link --backend spark`, the documented path past one machine.

The linkage itself is `cme.matching.batch.link_person_files`, unchanged: the same
comparisons (rewritten in Spark SQL by `model.for_dialect`), blocking rules, training,
safeguards, term frequencies, threshold and output. This module only starts Spark and
gives batch the few things that differ between backends (see `engines.DuckDBEngine`):
making a table, counting its rows and bringing the pairs back to be written.

Where Spark runs, in this order:

* an already active SparkSession (a notebook, or a job that calls
  `batch.link_files(..., backend="spark")`): that session, as it was configured, left
  running afterwards;
* `CME_SPARK_MASTER` set (`spark://host:7077`, `yarn`, `k8s://...`): a new session on
  that cluster. Executor memory, cores and queues come from Spark's own configuration
  (`$SPARK_CONF_DIR/spark-defaults.conf`, or `PYSPARK_SUBMIT_ARGS`);
* under spark-submit: a new session on whatever spark-submit was given;
* otherwise local mode, `local[N]` on --threads cores (every core by default), the
  driver given --memory-limit (half the machine by default), scratch files and
  checkpoints in a private temporary directory removed afterwards.

Off local mode, Splink's checkpoints go to `CME_SPARK_CHECKPOINT_DIR` (or the session's
`spark.checkpoint.dir`), which must be storage every executor can reach (hdfs://,
s3a://); with neither, Splink persists its intermediate tables instead.

Nothing is downloaded: Splink's similarity functions (jaro_winkler,
damerau_levenshtein) come from the Scala jar in the splink wheel, passed as
`spark.jars`. pyspark is an optional extra: without it `require` says how to install it.

Run under spark-submit in client mode (the driver runs here and reads the files here;
PYSPARK_DRIVER_PYTHON is the project's Python):

    JAR=$(.venv/bin/python -c 'from splink.backends.spark import similarity_jar_location as j; print(j())')
    PYSPARK_DRIVER_PYTHON=.venv/bin/python spark-submit --master yarn --jars "$JAR" \\
        src/cme/cli.py link LEFT.csv RIGHT.csv --out OUT.csv --backend spark
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Iterator
from typing import Any

from . import engines

MASTER_ENV = "CME_SPARK_MASTER"
CHECKPOINT_ENV = "CME_SPARK_CHECKPOINT_DIR"
INSTALL_HINT = "pyspark is not installed: run `uv sync --extra spark` (or `make test-spark`) to use --backend spark"
# Splink's functions that this model's Spark SQL uses; the jar registers them.
JAR_FUNCTIONS = ("jaro_winkler", "damerau_levenshtein")
# Shuffle partitions per local core: enough for Spark to balance work between cores
# without paying for hundreds of tiny tasks, as the default of 200 would on a laptop.
PARTITIONS_PER_CORE = 4

_UNITS = {"b": 1, "kb": 1000, "mb": 1000**2, "gb": 1000**3, "tb": 1000**4,
          "kib": 1024, "mib": 1024**2, "gib": 1024**3, "tib": 1024**4}

logger = logging.getLogger(__name__)


def available() -> bool:
    """Whether pyspark can be imported here."""
    try:
        importlib.import_module("pyspark")
    except ImportError:
        return False
    return True


def require() -> None:
    """Fail early, in one line, if Spark cannot run here: no pyspark, or no Java to run it on."""
    if not available():
        raise engines.BackendUnavailableError(INSTALL_HINT)
    java_home = os.environ.get("JAVA_HOME")
    if not (java_home and os.path.exists(os.path.join(java_home, "bin", "java"))) and not shutil.which("java"):
        raise engines.BackendUnavailableError("Spark needs Java 17 or newer and none was found: install it "
                                            "(Debian: apt-get install openjdk-17-jre-headless) or set JAVA_HOME")


def jvm_memory(limit: str) -> str:
    """A memory size as `cme link --memory-limit` takes it (8GB, 512MiB) in the JVM's form, whole mebibytes."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]+)\s*", limit)
    if not match or match.group(2).lower() not in _UNITS:
        raise ValueError(f"not a memory size: {limit!r}")
    mebibytes = float(match.group(1)) * _UNITS[match.group(2).lower()] / 1024**2
    return f"{max(1, int(mebibytes))}m"


def _local_config(threads: int, memory_limit: str | None, scratch: str) -> dict[str, str]:
    """Settings for local mode on this machine: a shared machine, so no web UI and no network beyond loopback."""
    memory = jvm_memory(memory_limit) if memory_limit else f"{max(512, engines.available_memory_bytes() // 2 // 1024**2)}m"
    partitions = str(max(8, PARTITIONS_PER_CORE * threads))
    log_config = os.path.join(scratch, "log4j2.properties")
    with open(log_config, "w", encoding="utf-8") as handle:
        # Spark's own chatter (a warning per missing native library, a progress bar)
        # would bury the command's progress lines; errors still show. PySpark counts as
        # a shell, so its gateway's logger is set too, or Spark announces a default level.
        handle.write("rootLogger.level = error\nrootLogger.appenderRef.stderr.ref = console\n"
                     "logger.repl.name = org.apache.spark.api.python.PythonGatewayServer\nlogger.repl.level = error\n"
                     "appender.console.type = Console\nappender.console.name = console\n"
                     "appender.console.target = SYSTEM_ERR\nappender.console.layout.type = PatternLayout\n"
                     "appender.console.layout.pattern = spark: %p %c{1}: %m%n\n")
    return {
        "spark.master": f"local[{threads}]",
        "spark.driver.memory": memory,
        "spark.driver.extraJavaOptions": f"-Dlog4j2.configurationFile=file:{log_config}",
        "spark.driver.host": "127.0.0.1",
        "spark.driver.bindAddress": "127.0.0.1",
        # The pairs come back to the driver to be written (see SparkEngine.pairs): in local
        # mode the driver's heap is the only limit on them.
        "spark.driver.maxResultSize": "0",
        "spark.ui.enabled": "false",
        "spark.ui.showConsoleProgress": "false",
        "spark.sql.shuffle.partitions": partitions,
        "spark.default.parallelism": partitions,
        "spark.local.dir": os.path.join(scratch, "local"),
        "spark.sql.session.timeZone": "UTC",
        "spark.pyspark.python": sys.executable,
        "spark.pyspark.driver.python": sys.executable,
    }


def _start(threads: int | None, memory_limit: str | None, scratch: str) -> tuple[Any, bool]:
    """A new SparkSession with Splink's jar, and whether it is in local mode (this module's settings).

    On CME_SPARK_MASTER if set; under spark-submit, on what spark-submit was given;
    else in local mode.
    """
    from pyspark.errors import PySparkException
    from pyspark.sql import SparkSession
    from splink.backends.spark import similarity_jar_location

    builder = SparkSession.builder.appName("cme-link").config("spark.jars", similarity_jar_location())
    master = os.environ.get(MASTER_ENV, "").strip()
    local = not master and "PYSPARK_GATEWAY_PORT" not in os.environ  # spark-submit sets the gateway port
    if master:
        builder = builder.master(master)
    elif local:
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        for key, value in _local_config(threads or engines.core_count(), memory_limit, scratch).items():
            builder = builder.config(key, value)
    try:
        return builder.getOrCreate(), local
    except PySparkException as error:
        raise engines.BackendUnavailableError(f"Spark could not start (Spark 4 needs Java 17 or newer): {error}") from None


class SparkEngine:
    """Where Splink runs on this backend: a SparkSession with Splink's SparkAPI on it."""

    name = "spark"

    def __init__(self, session: Any, checkpoint_dir: str | None):
        from pyspark.errors import PySparkException
        from splink.backends.spark import SparkAPI

        self.spark = session
        if checkpoint_dir and session.sparkContext.getCheckpointDir() is None:
            session.sparkContext.setCheckpointDir(checkpoint_dir)
        # Splink cuts long query plans short by writing its intermediate tables as parquet
        # to the checkpoint directory, or, in a session without one, by keeping them
        # (memory first, then local disk).
        lineage = "parquet" if session.sparkContext.getCheckpointDir() is not None else "persist"
        self.db_api = SparkAPI(spark_session=session, break_lineage_method=lineage)
        missing = [name for name in JAR_FUNCTIONS if not session.catalog.functionExists(name)]
        if missing:
            raise engines.BackendUnavailableError(
                f"the Spark session lacks Splink's similarity functions ({', '.join(missing)}): start it with "
                "spark.jars (spark-submit --jars) set to splink.backends.spark.similarity_jar_location()")
        # Errors that mean an EM training session cannot run on these files (see batch.estimate_model).
        self.errors: tuple[type[BaseException], ...] = (PySparkException,)
        self._cached: list[Any] = []

    def prepare(self, table: Any, name: str = "cme_features") -> Any:
        """A feature table (Arrow, or a Parquet file's path) as a checkpointed Spark DataFrame.

        Registered as it comes (Arrow), a table is a local relation that carries its rows
        inside every query plan, and Spark's optimiser then works through them on the
        driver for every query: five times slower at 200,000 records, and the driver's
        heap fills. Checkpointing turns it into ordinary distributed data first.
        """
        frame = self.spark.read.parquet(table) if isinstance(table, str) else self.spark.createDataFrame(table)
        if self.spark.sparkContext.getCheckpointDir() is not None:
            return frame.checkpoint()
        return frame.localCheckpoint()

    def create_table(self, name: str, select_sql: str) -> None:
        """A cached temporary view: the term-frequency tables are small and read in every scoring task."""
        table = self.spark.sql(select_sql).cache()
        table.createOrReplaceTempView(name)
        self._cached.append(table)

    def drop(self, name: str) -> None:
        self.spark.catalog.dropTempView(name)

    def count(self, table: str) -> int:
        return self.spark.table(table).count()

    def fetch(self, sql: str) -> tuple:
        """The first row of a query (the same SQL runs on every backend)."""
        return tuple(self.spark.sql(sql).collect()[0])

    @contextlib.contextmanager
    def local(self, sql: str) -> Iterator[tuple[Any, str]]:
        """The rows of `sql` brought back to a DuckDB table, for writing them out (only small results: pairs, clusters)."""
        arrow = self.spark.sql(sql).toArrow()
        with engines.connect(threads=1) as con:
            con.register("cme_spark_rows", arrow)
            yield con, "cme_spark_rows"

    def close(self) -> None:
        """Drop what this run left in the session (the session may be someone else's and run again)."""
        for table in self._cached:
            table.unpersist()
        for table in self.spark.catalog.listTables():
            if table.isTemporary and (table.name.startswith("cme_") or table.name.startswith("__splink__")):
                self.spark.catalog.dropTempView(table.name)


def _out_of_memory(error: BaseException) -> bool:
    return "java.lang.OutOfMemoryError" in str(error) or "OutOfMemoryError" in type(error).__name__


@contextlib.contextmanager
def engine(threads: int | None = None, memory_limit: str | None = None) -> Iterator[SparkEngine]:
    """A SparkEngine on the active SparkSession, or on a new one that is stopped afterwards."""
    require()
    from pyspark.sql import SparkSession

    scratch = tempfile.mkdtemp(prefix="cme-linkage-spark-")
    session = SparkSession.getActiveSession()
    owned, local = session is None, False
    try:
        if owned:
            session, local = _start(threads, memory_limit, scratch)
            session.sparkContext.setLogLevel("ERROR")
        # Checkpoints go where CME_SPARK_CHECKPOINT_DIR says, or in local mode to scratch. A
        # cluster needs storage every executor can reach, so otherwise the session's own
        # setting (spark.checkpoint.dir) stands, and without one Splink persists instead.
        checkpoints = os.environ.get(CHECKPOINT_ENV) or (os.path.join(scratch, "checkpoints") if local else None)
        running = SparkEngine(session, checkpoints)
        try:
            yield running
        except Exception as error:
            if _out_of_memory(error):
                raise engines.LinkageOutOfMemoryError(
                    "Spark ran out of memory: give the driver more with --memory-limit (local mode), "
                    "or the executors more with spark.executor.memory") from None
            raise
        finally:
            running.close()
    finally:
        if owned and session is not None:
            session.stop()
        shutil.rmtree(scratch, ignore_errors=True)

