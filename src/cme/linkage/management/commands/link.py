"""`cme link LEFT.csv RIGHT.csv --out OUT.csv`: find the same children in two person files.

    cme link LEFT.csv [RIGHT.csv] --out OUT.csv [--dedupe] [--clusters CLUSTERS.csv] [--threshold P]
             [--model MODEL.json] [--save-model PATH] [--threads N] [--memory-limit 8GB] [--chunks N]
             [--backend duckdb|spark]

Inputs are UTF-8 CSV files with a header. Recognised columns (by the headings in
cme.rules.identity): id (required), first_name, last_name, other_names (or
middle_names), dob (YYYY-MM-DD, DD/MM/YYYY, MM/DD/YYYY or YYYYMMDD: the form most
values take), sex, postcode (UK, or any other country's, compared as text), address
lines, house number and town (compared together as words), upn; another column both
files hold with nearly every value different is compared as an identifier; any but
id may be missing. The summary profiles each file and notes what was left out.
Malformed values are counted. The output CSV has left_id,right_id,match_probability,
match_weight for every pair at or above the threshold.

--dedupe also finds the same person twice within each file (with one file, it is
always on) and writes source_l,id_l,source_r,id_r,match_probability,match_weight, and
one row per record, source,id,cluster_id, to CLUSTERS.csv (default OUT.clusters.csv):
one cluster per person. --chunks N predicts in N chunks; without it, chunking starts
when the candidate pairs would need more than the memory limit (see
cme.matching.batch.CHUNK_BYTES_PER_PAIR).

Progress goes to stderr and a one-line JSON summary to stdout. A file that
cannot be linked at all (no id column, an empty or repeated id), a missing file or an
unusable model exits with status 2 and one line saying why.

--backend spark runs the same linkage on Spark (local mode on this machine unless
CME_SPARK_MASTER names a cluster; docs/linkage-at-scale.md). It needs the optional
extra: without pyspark the command exits with status 2 and says how to install it.
"""

from __future__ import annotations

import json
import re

import duckdb
from django.core.management.base import BaseCommand, CommandError

from cme.matching import batch
from cme.matching.model import IncompatibleModelError

_MEMORY = re.compile(r"^\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KIB|MIB|GIB|TIB)$", re.IGNORECASE)


def _memory(value: str) -> str:
    if not _MEMORY.match(value.strip()):
        raise ValueError(value)
    return value.strip()


def _probability(value: str) -> float:
    number = float(value)
    if not 0.0 <= number <= 1.0:
        raise ValueError(value)
    return number


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise ValueError(value)
    return number


class Command(BaseCommand):
    help = "Link two CSV person files probabilistically and write the matching pairs"
    requires_system_checks: list = []
    requires_migrations_checks = False

    def add_arguments(self, parser):
        parser.add_argument("left", metavar="LEFT.csv")
        parser.add_argument("right", metavar="RIGHT.csv", nargs="?",
                            help="the file to link with; without it LEFT.csv is deduplicated")
        parser.add_argument("--out", required=True, metavar="OUT.csv", help="pairs at or above the threshold")
        parser.add_argument("--threshold", type=_probability, default=batch.DEFAULT_THRESHOLD,
                            help=f"lowest match probability written (default {batch.DEFAULT_THRESHOLD})")
        parser.add_argument("--model", metavar="MODEL.json",
                            help="a model saved with --save-model; without it the model is estimated from the files")
        parser.add_argument("--save-model", metavar="PATH", help="save the model used, to reuse with --model")
        parser.add_argument("--threads", type=int, help="DuckDB threads, or Spark's local cores (default: every core)")
        parser.add_argument("--memory-limit", type=_memory,
                            help="DuckDB memory limit, or Spark's local driver memory, e.g. 8GB "
                                 "(default: half the machine's memory)")
        parser.add_argument("--dedupe", action="store_true",
                            help="also find the same person twice within each file, and cluster records into people")
        parser.add_argument("--clusters", metavar="CLUSTERS.csv",
                            help="with --dedupe, where each record's cluster_id goes (default OUT.clusters.csv)")
        parser.add_argument("--chunks", type=_positive,
                            help="predict in this many chunks, for files larger than memory (default: as memory needs)")
        parser.add_argument("--backend", choices=batch.BACKENDS, default="duckdb",
                            help="where Splink runs: in-process DuckDB (default) or Spark (optional extra `spark`)")

    def _progress(self, message: str) -> None:
        self.stderr.write(message, style_func=lambda text: text)

    def handle(self, *args, **options):
        try:
            summary = batch.link_files(options["left"], options["right"], options["out"],
                                       threshold=options["threshold"], model_path=options["model"],
                                       save_model=options["save_model"], progress=self._progress,
                                       threads=options["threads"], memory_limit=options["memory_limit"],
                                       backend=options["backend"], dedupe=options["dedupe"],
                                       clusters_path=options["clusters"], chunks=options["chunks"])
        except (batch.LinkageInputError, IncompatibleModelError, batch.BackendUnavailableError) as error:
            raise CommandError(str(error), returncode=2) from None
        except UnicodeDecodeError as error:
            raise CommandError(f"A file is not UTF-8 text ({error.reason} at byte {error.start})", returncode=2) from None
        except OSError as error:
            raise CommandError(f"Cannot read or write {error.filename}: {error.strerror}", returncode=2) from None
        except json.JSONDecodeError as error:
            raise CommandError(f"The model is not JSON: {error}", returncode=2) from None
        except duckdb.OutOfMemoryException:
            raise CommandError("DuckDB ran out of memory: give it more with --memory-limit", returncode=1) from None
        except batch.LinkageOutOfMemoryError as error:
            raise CommandError(str(error), returncode=1) from None
        self.stdout.write(json.dumps(summary.as_dict()))
