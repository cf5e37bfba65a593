"""Reading person files and turning each row into the columns the linkage model compares.

Splink compares columns with SQL, so everything that needs Python knowledge of
names (the nickname and transliteration tables in cme.rules.names, UPN check
letters, what a UK postcode looks like) is worked out here, once per record, and
handed to DuckDB as plain columns: normalised names, every known form of the given
name, a canonical surname spelling, phonetic keys, date-of-birth parts and postcode
parts. Name work is cached per distinct name, which is what keeps this fast: a
council's files have far fewer distinct names than rows.

Malformed values (an impossible date, something that is not a UK postcode, a UPN
whose check letter is wrong) are dropped to missing and counted per column: a typo
in one field must not cost the child the evidence in the others.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import jellyfish
import pyarrow as pa

from cme.rules import identity, names
from cme.rules import upn as upn_rules
from cme.rules.dates import DateError, parse_uk_date

RECOGNISED = ("id", "first_name", "last_name", "other_names", "dob", "sex", "postcode", "address", "upn")
# The person-file fields (cme.rules.identity) as the columns linkage compares: middle and
# other names are compared together, and an address is one column.
COLUMN_OF_FIELD = {"middle_names": "other_names", "date_of_birth": "dob", "address_line_1": "address"}

# A UPN keeps the LA number of whoever allocated it, and records come from other
# councils and from test data with the fictional 999: for linkage the check letter is
# what tells a real UPN from a mistyped one, so any three-digit LA number is accepted.
ANY_LA_CODE = frozenset(f"{code:03d}" for code in range(1000))

_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
# Name particles that are not a surname on their own, so never a surname "part".
_PARTICLES = frozenset({"al", "el", "ul", "ud", "bin", "ibn", "binti", "bint", "o", "mc", "mac", "de", "da", "di",
                        "van", "von", "der", "den", "la", "le", "du", "st"})


class LinkageInputError(ValueError):
    """A person file that cannot be linked at all (no id column, duplicate ids); the message says why."""


@dataclass
class PersonFile:
    """A person file read and turned into feature columns."""

    path: str
    rows: int = 0
    columns: tuple[str, ...] = ()
    malformed: Counter[str] = field(default_factory=Counter)
    table: pa.Table | None = None


SCHEMA = pa.schema([
    ("unique_id", pa.string()),
    ("first_name", pa.string()),  # normalised given name(s) as recorded
    ("first_variants", pa.list_(pa.string())),  # every known form of it (nicknames, spellings, first word alone)
    ("first_canon", pa.string()),  # one representative of its nickname group, for blocking
    ("first_key", pa.string()),  # metaphone of the canonical form, for blocking through typos
    ("last_name", pa.string()),
    ("last_parts", pa.list_(pa.string())),  # parts of a double-barrelled surname
    ("last_canon", pa.string()),  # the surname with each part in its canonical spelling
    ("last_key", pa.string()),  # metaphone of the first canonical part, for blocking
    ("other_names", pa.list_(pa.string())),
    ("dob", pa.date32()),
    ("dob_swapped", pa.date32()),  # day and month exchanged, where that is a date
    ("dob_year", pa.int32()),
    ("sex", pa.string()),
    ("postcode", pa.string()),
    ("postcode_sector", pa.string()),
    ("postcode_district", pa.string()),
    ("address", pa.string()),
    ("upn", pa.string()),
])


# -- names -------------------------------------------------------------------------
@lru_cache(maxsize=200_000)
def given_name_features(value: str) -> tuple[str | None, tuple[str, ...] | None, str | None, str | None]:
    """(normalised, known forms, canonical form, phonetic key) of a given name, or Nones."""
    norm = names.normalise(value)
    if not norm:
        return None, None, None, None
    words = norm.split(" ")
    variants = set(names.given_name_variants(norm)) | {norm}
    if len(words) > 1:
        variants |= names.given_name_variants(words[0]) | {words[0]}
    known = names.given_name_variants(norm)
    canon = names.canonical_given_name(norm) if len(known) > 1 else names.canonical_given_name(words[0])
    key = jellyfish.metaphone(canon.replace(" ", "")) or canon
    return norm, tuple(sorted(variants)), canon, key


@lru_cache(maxsize=200_000)
def surname_features(value: str) -> tuple[str | None, tuple[str, ...] | None, str | None, str | None]:
    """(normalised, parts, canonical spelling, phonetic key) of a surname, or Nones."""
    norm = names.normalise(value)
    if not norm:
        return None, None, None, None
    whole = names.surname_variants(norm)
    canon = min(whole) if len(whole) > 1 else " ".join(min(names.surname_variants(part)) for part in norm.split(" "))
    parts = tuple(part for part in norm.split(" ") if part not in _PARTICLES) or (norm,)
    first_part = next((part for part in canon.split(" ") if part not in _PARTICLES), canon)
    key = jellyfish.metaphone(first_part) or first_part
    return norm, parts, canon, key


@lru_cache(maxsize=50_000)
def other_names_parts(value: str) -> tuple[str, ...] | None:
    parts = tuple(names.name_parts(value))
    return parts or None


# -- dates, postcodes, UPNs, sex ------------------------------------------------------
@lru_cache(maxsize=100_000)
def parse_dob(value: str) -> dt.date | None:
    """A date of birth as YYYY-MM-DD or DD/MM/YYYY; None for anything that is not a real date."""
    try:
        return parse_uk_date(value)
    except DateError:
        return None


def swapped(dob: dt.date) -> dt.date | None:
    """The date with day and month exchanged, when that is a different real date."""
    if dob.day > 12 or dob.day == dob.month:
        return None
    return dob.replace(month=dob.day, day=dob.month)


def parse_postcode(value: str) -> tuple[str, str, str] | None:
    """(postcode, sector, district) in standard form ("DM1 2AB", "DM1 2", "DM1"), or None if not a UK postcode."""
    parsed = identity.parse_postcode(value)
    return (str(parsed), parsed.sector, parsed.district) if parsed else None


def parse_upn(value: str) -> str | None:
    """The UPN in standard form if its check letter is right, else None.

    Non-ASCII text is rejected first: upn.validate takes a superscript digit for a
    digit in the last position and then fails to convert it.
    """
    if not value.isascii():
        return None
    result = upn_rules.validate(value, ANY_LA_CODE)
    return result.upn if result.valid else None


def normalise_address(value: str) -> str | None:
    """Lower case, letters and digits only, accents folded; most addresses are ASCII, which skips the folding."""
    text = value.lower() if value.isascii() else names.fold_ascii(value)
    text = _NOT_ALNUM.sub(" ", text).strip()
    return text or None


def parse_sex(value: str) -> tuple[str | None, bool]:
    """(M, F or None, whether the value was understood): linkage compares only a known sex."""
    sex = identity.parse_sex(value)
    return (sex if sex in (identity.FEMALE, identity.MALE) else None), sex is not None


# -- rows and files ---------------------------------------------------------------------
def _column(columns: dict[str, list[str]], name: str, count: int) -> list[str]:
    values = columns.get(name)
    return [value.strip() for value in values] if values is not None else [""] * count


def build_table(columns: dict[str, list[str]], malformed: Counter[str]) -> pa.Table:
    """Feature columns (SCHEMA) from raw string columns of equal length; absent columns are all missing.

    Works column by column so each distinct name, date and postcode is analysed once.
    Malformed values become missing and are counted in `malformed` by column.
    """
    count = len(columns["id"])
    ids = _column(columns, "id", count)
    given = [given_name_features(value) for value in _column(columns, "first_name", count)]
    surname = [surname_features(value) for value in _column(columns, "last_name", count)]
    others = [other_names_parts(value) for value in _column(columns, "other_names", count)]

    dobs: list[dt.date | None] = []
    for raw in _column(columns, "dob", count):
        dob = parse_dob(raw) if raw else None
        if raw and dob is None:
            malformed["dob"] += 1
        dobs.append(dob)
    postcodes: list[tuple[str, str, str] | None] = []
    for raw in _column(columns, "postcode", count):
        parsed = parse_postcode(raw) if raw else None
        if raw and parsed is None:
            malformed["postcode"] += 1
        postcodes.append(parsed)
    upns: list[str | None] = []
    for raw in _column(columns, "upn", count):
        value = parse_upn(raw) if raw else None
        if raw and value is None:
            malformed["upn"] += 1
        upns.append(value)
    sexes: list[str | None] = []
    for raw in _column(columns, "sex", count):
        sex, understood = parse_sex(raw) if raw else (None, True)
        if not understood:
            malformed["sex"] += 1
        sexes.append(sex)

    def part(rows: list[tuple], index: int, as_list: bool = False) -> list:
        if as_list:
            return [list(row[index]) if row[index] else None for row in rows]
        return [row[index] for row in rows]

    arrays = {
        "unique_id": ids,
        "first_name": part(given, 0), "first_variants": part(given, 1, as_list=True),
        "first_canon": part(given, 2), "first_key": part(given, 3),
        "last_name": part(surname, 0), "last_parts": part(surname, 1, as_list=True),
        "last_canon": part(surname, 2), "last_key": part(surname, 3),
        "other_names": [list(value) if value else None for value in others],
        "dob": dobs, "dob_swapped": [swapped(dob) if dob else None for dob in dobs],
        "dob_year": [dob.year if dob else None for dob in dobs],
        "sex": sexes,
        "postcode": [value[0] if value else None for value in postcodes],
        "postcode_sector": [value[1] if value else None for value in postcodes],
        "postcode_district": [value[2] if value else None for value in postcodes],
        "address": [normalise_address(value) for value in _column(columns, "address", count)],
        "upn": upns,
    }
    return pa.table([pa.array(arrays[item.name], type=item.type) for item in SCHEMA], schema=SCHEMA)


def canonical_header(name: str) -> str:
    """The column a heading names (cme.rules.identity's aliases), or the heading itself."""
    field_name = identity.field_for_heading(name)
    if field_name is None:
        return identity.header_key(name)
    return COLUMN_OF_FIELD.get(field_name, field_name)


def read_columns(path: str | Path) -> tuple[tuple[str, ...], dict[str, list[str]], list[int]]:
    """The recognised columns of a CSV person file, their values, and each row's line number.

    An empty file (not even a header) is an empty dataset. A file with a header but no
    id column cannot be linked, since the output names pairs by id. Blank rows are skipped.
    """
    with open(path, newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle)
        header = next(reader, None)
        if header is None:
            return (), {"id": []}, []
        headers = [canonical_header(name) for name in header]
        if "id" not in headers:
            raise LinkageInputError(f"{path} has no 'id' column; its header is: {', '.join(header) or '(empty)'}")
        positions = {column: headers.index(column) for column in RECOGNISED if column in headers}
        recognised = tuple(positions)
        columns: dict[str, list[str]] = {column: [] for column in positions}
        targets = [(columns[column], index) for column, index in positions.items()]
        width = max(positions.values()) + 1
        lines: list[int] = []
        for values in reader:
            if not any(values) or not "".join(values).strip():
                continue
            if len(values) < width:
                values = values + [""] * (width - len(values))
            for target, index in targets:
                target.append(values[index])
            lines.append(reader.line_num)
    return recognised, columns, lines


def check_ids(ids: list[str], where: str, lines: list[int] | None = None) -> None:
    """Every record needs an id of its own: the output names pairs by id."""
    seen: set[str] = set()
    for index, identifier in enumerate(ids):
        place = f"{where}, line {lines[index]}" if lines else f"{where}, record {index + 1}"
        if not identifier.strip():
            raise LinkageInputError(f"{place}: the id is empty")
        if identifier.strip() in seen:
            raise LinkageInputError(f"{place}: the id {identifier.strip()!r} appears more than once")
        seen.add(identifier.strip())


def read_person_file(path: str | Path) -> PersonFile:
    """Read a CSV person file into feature columns, counting malformed values by column."""
    recognised, columns, lines = read_columns(path)
    check_ids(columns["id"], str(path), lines)
    result = PersonFile(path=str(path), columns=recognised, rows=len(lines))
    result.table = build_table(columns, result.malformed)
    return result
