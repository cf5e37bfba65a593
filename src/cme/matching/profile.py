"""What is in a person file, looked at before anything is compared.

A council's lists (GP registrations, council tax, housing, early years, another
council's CME list) rarely hold every column the linker can use, often write a column
in their own way (dates as 19151111 or 03/07/2015 in the American order, postcodes
from another country), and sometimes hold a column that is nearly empty. The linker
profiles both files first and builds its model from what it finds
(`cme.matching.model.plan_for`): a comparison whose column is empty on either side is
left out, with a note saying so, rather than trained on nothing.

For each column: how many rows have a value (`filled`), how many different values
there are among them (`distinct`, counted over the first PROFILE_ROWS rows), and for
the columns that have forms (dates of birth, postcodes) how many values each form
reads. The profile is part of the run's summary (`LinkSummary.profile`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from cme.rules import identity

# Distinct values and formats are counted over this many rows; filled over all of them.
PROFILE_ROWS = 100_000
# A column with values in fewer than this share of a file's rows is treated as empty:
# a handful of values cannot train a comparison, and their absence elsewhere would
# count against nearly every pair.
MIN_FILLED_SHARE = 0.01
# A column not otherwise recognised is compared as an identifier (exactly, or one
# character out) when it is filled in at least half of each file and its values are
# as distinct as people are: at least this share of them different from each other,
# or at least as distinct as the dates of birth (or, without them, the names) of the
# same file, since a file with duplicates repeats its people's identifiers as it
# repeats their birthdays: a national insurance or NHS number, a social security
# number, a telephone number, another system's person reference.
IDENTIFIER_DISTINCT_SHARE = 0.9
IDENTIFIER_FILLED_SHARE = 0.5
# Postcodes: a file where at least this share of values are UK postcodes is a UK file,
# and a value in it that is not a UK postcode is counted as malformed (it is still
# compared, as text). Below it, postcodes are another country's and compared as text.
UK_POSTCODE_SHARE = 0.5


@dataclass
class ColumnProfile:
    filled: int = 0
    distinct: int = 0
    sampled: int = 0  # filled values among the first PROFILE_ROWS rows
    formats: dict[str, int] = field(default_factory=dict)
    format: str | None = None

    def as_dict(self, rows: int) -> dict[str, Any]:
        found: dict[str, Any] = {"filled": round(self.filled / rows, 4) if rows else 0.0,
                                 "distinct": round(self.distinct / self.sampled, 4) if self.sampled else 0.0}
        if self.format is not None:
            found["format"] = self.format
        if self.formats:
            found["formats"] = dict(self.formats)
        return found


@dataclass
class FileProfile:
    """The columns of one person file (by the names `features` gives them) and what is in each."""

    rows: int = 0
    columns: dict[str, ColumnProfile] = field(default_factory=dict)

    def filled_share(self, column: str) -> float:
        found = self.columns.get(column)
        return found.filled / self.rows if found and self.rows else 0.0

    def distinct_share(self, column: str) -> float:
        found = self.columns.get(column)
        return found.distinct / found.sampled if found and found.sampled else 0.0

    def looks_like_identifier(self, column: str) -> bool:
        """Whether a column is filled and distinct enough to be compared as an identifier (IDENTIFIER_*)."""
        people = [self.distinct_share(name) for name in ("dob",) if self.has(name)] or [
            self.distinct_share(name) for name in ("last_name", "first_name") if self.has(name)]
        bar = min(IDENTIFIER_DISTINCT_SHARE, max(people)) if people else IDENTIFIER_DISTINCT_SHARE
        return self.filled_share(column) >= IDENTIFIER_FILLED_SHARE and self.distinct_share(column) >= bar

    def has(self, column: str) -> bool:
        """Whether the column holds enough values to compare on (MIN_FILLED_SHARE)."""
        return self.rows > 0 and self.filled_share(column) >= MIN_FILLED_SHARE

    def format_of(self, column: str) -> str | None:
        found = self.columns.get(column)
        return found.format if found else None

    def as_dict(self) -> dict[str, Any]:
        return {"rows": self.rows, "columns": {name: column.as_dict(self.rows) for name, column in self.columns.items()}}


class Profiler:
    """Builds a FileProfile from a file's columns, given in one batch or several (a large file is read in parts)."""

    def __init__(self, columns: Iterable[str]):
        self.profile = FileProfile(columns={name: ColumnProfile() for name in columns if name != "id"})
        self._seen: dict[str, set[str]] = {name: set() for name in self.profile.columns}
        self._dates: list[str] = []
        self._postcodes: Counter[str] = Counter()

    def add(self, columns: dict[str, list[str]], rows: int) -> None:
        sample = max(0, min(rows, PROFILE_ROWS - self.profile.rows))
        for name, found in self.profile.columns.items():
            values = columns.get(name)
            if values is None:
                continue
            stripped = [value.strip() for value in values]
            found.filled += sum(1 for value in stripped if value)
            head = [value for value in stripped[:sample] if value]
            found.sampled += len(head)
            self._seen[name].update(head)
            if name == "dob":
                self._dates.extend(head)
            elif name == "postcode":
                self._postcodes.update("uk" if identity.is_uk_postcode(value) else "other" for value in head
                                       if any(character.isdigit() for character in value))
        self.profile.rows += rows

    def finish(self) -> FileProfile:
        for name, found in self.profile.columns.items():
            found.distinct = len(self._seen[name])
        if "dob" in self.profile.columns:
            form, counts = identity.date_format_of(self._dates)
            self.profile.columns["dob"].format, self.profile.columns["dob"].formats = form, counts
        if "postcode" in self.profile.columns and self._postcodes:
            postcode = self.profile.columns["postcode"]
            postcode.formats = dict(self._postcodes)
            uk = self._postcodes["uk"] / sum(self._postcodes.values())
            postcode.format = "uk" if uk >= UK_POSTCODE_SHARE else "text"
        self._seen.clear()
        return self.profile


def profile_columns(columns: dict[str, list[str]]) -> FileProfile:
    """The profile of a file held whole in memory (column name to its values as text)."""
    profiler = Profiler(columns)
    profiler.add(columns, len(columns.get("id", [])))
    return profiler.finish()
