"""Reading person files and turning each row into the columns the linkage model compares.

Splink compares columns with SQL, so everything that needs Python knowledge of
names (the nickname and transliteration tables in cme.rules.names, UPN check
letters, what a UK postcode looks like) is worked out here, once per record, and
handed to DuckDB as plain columns: normalised names, every known form of the given
name, a canonical surname spelling, phonetic keys, date-of-birth parts, postcode
parts and the words of the address. Name work is cached per distinct name, which is
what keeps this fast: a council's files have far fewer distinct names than rows.

Each file is read the way its profile says it is written (`Reading`, from
`cme.matching.model.plan_for`): its dates of birth in the form most of them take
(YYYY-MM-DD, DD/MM/YYYY, MM/DD/YYYY, YYYYMMDD), its postcodes as UK postcodes or as
another country's, compared as text; columns no alias names that both files hold as
identifiers (a social security or national insurance number) are kept as `x_<name>`.

Malformed values (an impossible date, a UPN whose check letter is wrong, a value in a
UK postcode column that is not one) are counted per column; dates and UPNs are then
dropped to missing, a postcode is still compared as text: a typo in one field must
not cost the child the evidence in the others.

A file is read twice, in batches of BATCH_ROWS: once to profile it and check its ids
(`scan_file`), once to make its features (`load_features`). Files of up to KEEP_ROWS
rows are held in memory between the two; larger ones are read again, and their
features go to a Parquet file in the run's temporary directory rather than memory,
so a file larger than memory can be linked (see `cme.matching.batch`, chunked prediction).
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import jellyfish
import pyarrow as pa
import pyarrow.parquet as pq

from cme.rules import identity, names
from cme.rules import upn as upn_rules

from .profile import FileProfile, Profiler

# The columns a person file may have, by the names linkage gives them (cme.rules.identity's
# fields: middle and other names are compared together, the first address line is `address`).
RECOGNISED = ("id", "first_name", "last_name", "other_names", "dob", "sex", "postcode", "address", "house_number",
              "address_line_2", "town", "upn")
COLUMN_OF_FIELD = {"middle_names": "other_names", "date_of_birth": "dob", "address_line_1": "address"}
# The columns that together make the address compared (in this order).
ADDRESS_PARTS = ("house_number", "address", "address_line_2", "town")
# Columns of a person file that are never compared as identifiers, though no alias names them.
NOT_IDENTIFIERS = frozenset({"full_name"})
IDENTIFIER_PREFIX = "x_"

BATCH_ROWS = 100_000
KEEP_ROWS = 1_000_000

# A UPN keeps the LA number of whoever allocated it, and records come from other
# councils and from test data with the fictional 999: for linkage the check letter is
# what tells a real UPN from a mistyped one, so any three-digit LA number is accepted.
ANY_LA_CODE = frozenset(f"{code:03d}" for code in range(1000))

_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
_NOT_ALNUM_UPPER = re.compile(r"[^A-Z0-9]+")
# Name particles that are not a surname on their own, so never a surname "part".
_PARTICLES = frozenset({"al", "el", "ul", "ud", "bin", "ibn", "binti", "bint", "o", "mc", "mac", "de", "da", "di",
                        "van", "von", "der", "den", "la", "le", "du", "st"})


class LinkageInputError(ValueError):
    """A person file that cannot be linked at all (no id column, duplicate ids); the message says why."""


@dataclass(frozen=True)
class Reading:
    """How one file's values are read into features: the form of its dates of birth, whether its
    postcodes are UK postcodes (a value that is not one is then counted as malformed), and which
    of its other columns are compared as identifiers."""

    dob_format: str = "day_first"
    uk_postcodes: bool = True
    identifiers: tuple[str, ...] = ()
    town_apart: bool = False  # the town is compared on its own, so not among the address's words


@dataclass
class PersonFile:
    """A person file: what its profile found and, once loaded, its feature columns.

    `table` holds the features in memory, or `parquet` names the file holding them (a
    file of more than KEEP_ROWS rows). `raw` keeps the text columns between scanning and
    loading for files small enough to hold.
    """

    path: str
    rows: int = 0
    columns: tuple[str, ...] = ()
    malformed: Counter[str] = field(default_factory=Counter)
    table: pa.Table | None = None
    parquet: str | None = None
    profile: FileProfile = field(default_factory=FileProfile)
    raw: dict[str, list[str]] | None = None
    reading: Reading = field(default_factory=Reading)


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
    ("postcode", pa.string()),  # a UK postcode in standard form, or any other as text (upper case, no spaces)
    ("postcode_sector", pa.string()),  # UK postcodes only
    ("postcode_district", pa.string()),
    ("address", pa.string()),  # house number, address lines and town, lower case, letters and digits
    ("address_words", pa.int64()),  # its words as a set of bits (address_words), for comparing addresses as sets of words
    ("town", pa.string()),  # the town column, normalised, when compared on its own
    ("upn", pa.string()),
])


def schema(identifiers: tuple[str, ...] = ()) -> pa.Schema:
    """The feature columns, with one `x_<name>` column for each identifier compared."""
    extra = [pa.field(identifier_column(name), pa.string()) for name in identifiers]
    return pa.schema([*SCHEMA, *extra])


def identifier_column(name: str) -> str:
    return f"{IDENTIFIER_PREFIX}{name}"


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
def parse_dob(value: str, form: str = "day_first") -> dt.date | None:
    """A date of birth written in `form` (cme.rules.identity.DATE_FORMATS; ISO and YYYYMMDD are
    always read); None for anything that is not a real date."""
    return identity.parse_date_of_birth(value, form)


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


def postcode_text(value: str) -> str | None:
    """A postcode that is not a UK one, as text to compare: upper case, letters and digits only. None
    for text with no digit in it ("nowhere", "not known"), which is no country's postcode."""
    text = _NOT_ALNUM_UPPER.sub("", value.upper())
    return text if any(character.isdigit() for character in text) else None


def normalise_address(value: str) -> str | None:
    """Lower case, letters and digits only, accents folded; most addresses are ASCII, which skips the folding."""
    text = value.lower() if value.isascii() else names.fold_ascii(value)
    text = _NOT_ALNUM.sub(" ", text).strip()
    return text or None


# Each word of an address sets one of this many bits (by CRC-32), so SQL can compare two
# addresses as sets of words with integer operations: the share of words in common is
# bit_count(a & b) / bit_count(a | b). DuckDB's list functions did the same sixty times
# slower. Two different words share a bit by chance now and then, which makes unrelated
# addresses look a little more alike (about 8 random pairs in 10,000 share half their
# bits, against 2 in 10,000 sharing half their words); the u probabilities absorb it.
ADDRESS_BITS = 63


def address_words(words: Iterable[str]) -> int | None:
    """The set of words as bits (see ADDRESS_BITS), or None for no words."""
    bits = 0
    for word in words:
        bits |= 1 << (zlib.crc32(word.encode("utf-8")) % ADDRESS_BITS)
    return bits or None


@lru_cache(maxsize=200_000)
def address_features(*parts: str) -> tuple[str | None, int | None]:
    """(normalised address, its words as bits) from the address columns, or Nones."""
    text = normalise_address(" ".join(part for part in parts if part))
    if text is None:
        return None, None
    return text, address_words(set(text.split(" ")))


def normalise_identifier(value: str) -> str | None:
    """An identifier as compared: upper case, letters and digits only ("AB 12 34 56 C" -> "AB123456C")."""
    return _NOT_ALNUM_UPPER.sub("", value.upper()) or None


def parse_sex(value: str) -> tuple[str | None, bool]:
    """(M, F or None, whether the value was understood): linkage compares only a known sex."""
    sex = identity.parse_sex(value)
    return (sex if sex in (identity.FEMALE, identity.MALE) else None), sex is not None


# -- rows and files ---------------------------------------------------------------------
def _column(columns: dict[str, list[str]], name: str, count: int) -> list[str]:
    values = columns.get(name)
    return [value.strip() for value in values] if values is not None else [""] * count


def build_table(columns: dict[str, list[str]], malformed: Counter[str], reading: Reading | None = None) -> pa.Table:
    """Feature columns (`schema(reading.identifiers)`) from raw string columns of equal length; absent columns are all missing.

    Works column by column so each distinct name, date and postcode is analysed once.
    Malformed values are counted in `malformed` by column (see the module docstring).
    """
    reading = reading or Reading()
    count = len(columns["id"])
    ids = _column(columns, "id", count)
    given = [given_name_features(value) for value in _column(columns, "first_name", count)]
    surname = [surname_features(value) for value in _column(columns, "last_name", count)]
    others = [other_names_parts(value) for value in _column(columns, "other_names", count)]

    dobs: list[dt.date | None] = []
    for raw in _column(columns, "dob", count):
        dob = parse_dob(raw, reading.dob_format) if raw else None
        if raw and dob is None:
            malformed["dob"] += 1
        dobs.append(dob)
    postcodes: list[tuple[str | None, str | None, str | None] | None] = []
    for raw in _column(columns, "postcode", count):
        parsed = parse_postcode(raw) if raw else None
        if raw and parsed is None:
            text = postcode_text(raw)
            if reading.uk_postcodes or text is None:
                malformed["postcode"] += 1
            parsed = (text, None, None) if text else None
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
    parts = [part for part in ADDRESS_PARTS if not (reading.town_apart and part == "town")]
    addresses = [address_features(*values) for values in zip(*(_column(columns, part, count) for part in parts), strict=True)]
    towns = [normalise_address(value) if value else None for value in _column(columns, "town", count)]

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
        "address": part(addresses, 0), "address_words": part(addresses, 1),
        "town": towns if reading.town_apart else [None] * count,
        "upn": upns,
    }
    for name in reading.identifiers:
        arrays[identifier_column(name)] = [normalise_identifier(value) if value else None
                                           for value in _column(columns, name, count)]
    target = schema(reading.identifiers)
    return pa.table([pa.array(arrays[item.name], type=item.type) for item in target], schema=target)


def canonical_header(name: str) -> str:
    """The column a heading names (cme.rules.identity's aliases), or the heading itself."""
    field_name = identity.field_for_heading(name)
    if field_name is None:
        return identity.header_key(name)
    return COLUMN_OF_FIELD.get(field_name, field_name)


def column_name(heading: str) -> str:
    """What linkage calls a column: the recognised column a heading names, or the heading as a key."""
    return canonical_header(heading)


def _header(header: list[str], path: str | Path) -> dict[str, int]:
    """Each column's position, by linkage's name for it; the first of two headings that name one column wins."""
    headers = [column_name(name) for name in header]
    if "id" not in headers:
        raise LinkageInputError(f"{path} has no 'id' column; its header is: {', '.join(header) or '(empty)'}")
    positions: dict[str, int] = {}
    for index, name in enumerate(headers):
        if name and name not in positions:
            positions[name] = index
    return positions


def iter_batches(path: str | Path, size: int = BATCH_ROWS) -> Iterator[tuple[dict[str, list[str]], list[int]]]:
    """The columns of a CSV person file (every column, by `column_name`), `size` rows at a time, with each row's line.

    An empty file (not even a header) has no batches. A file with a header but no id
    column cannot be linked, since the output names pairs by id. Blank rows are skipped.
    """
    with open(path, newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle)
        header = next(reader, None)
        if header is None:
            return
        positions = _header(header, path)
        width = max(positions.values()) + 1
        columns: dict[str, list[str]] = {column: [] for column in positions}
        targets = [(columns[column], index) for column, index in positions.items()]
        lines: list[int] = []
        for values in reader:
            if not any(values) or not "".join(values).strip():
                continue
            if len(values) < width:
                values = values + [""] * (width - len(values))
            for target, index in targets:
                target.append(values[index])
            lines.append(reader.line_num)
            if len(lines) >= size:
                yield columns, lines
                columns = {column: [] for column in positions}
                targets = [(columns[column], index) for column, index in positions.items()]
                lines = []
        if lines or not columns["id"]:
            yield columns, lines


def read_columns(path: str | Path) -> tuple[tuple[str, ...], dict[str, list[str]], list[int]]:
    """The columns of a CSV person file whole (recognised ones first), their values, and each row's line number."""
    columns: dict[str, list[str]] = {}
    lines: list[int] = []
    for batch, batch_lines in iter_batches(path, size=10**12):
        columns, lines = batch, batch_lines
    if not columns:
        return (), {"id": []}, []
    ordered = tuple(sorted(columns, key=lambda name: (RECOGNISED.index(name) if name in RECOGNISED else len(RECOGNISED),
                                                      list(columns).index(name))))
    return ordered, {name: columns[name] for name in ordered}, lines


class _IdChecker:
    """Every record needs an id of its own: the output names pairs by id."""

    def __init__(self, where: str):
        self.where = where
        self.seen: set[str] = set()

    def check(self, ids: list[str], lines: list[int] | None = None, first: int = 0) -> None:
        for index, identifier in enumerate(ids):
            place = f"{self.where}, line {lines[index]}" if lines else f"{self.where}, record {first + index + 1}"
            value = identifier.strip()
            if not value:
                raise LinkageInputError(f"{place}: the id is empty")
            if value in self.seen:
                raise LinkageInputError(f"{place}: the id {value!r} appears more than once")
            self.seen.add(value)


def check_ids(ids: list[str], where: str, lines: list[int] | None = None) -> None:
    """Every record needs an id of its own: the output names pairs by id."""
    _IdChecker(where).check(ids, lines)


def scan_file(path: str | Path) -> PersonFile:
    """Read a CSV person file once: check its ids, profile its columns, and keep its text if it is small enough."""
    result = PersonFile(path=str(path))
    ids = _IdChecker(str(path))
    profiler: Profiler | None = None
    kept: dict[str, list[str]] | None = {}
    for columns, lines in iter_batches(path):
        if profiler is None:
            profiler = Profiler(columns)
            result.columns = tuple(columns)
        ids.check(columns["id"], lines)
        profiler.add(columns, len(lines))
        result.rows += len(lines)
        if kept is not None:
            for name, values in columns.items():
                kept.setdefault(name, []).extend(values)
            if result.rows > KEEP_ROWS:
                kept = None
    if profiler is not None:
        result.profile = profiler.finish()
    result.raw = kept if kept else ({"id": []} if kept is not None else None)
    return result


def person_file_from_columns(columns: dict[str, list[str]], where: str) -> PersonFile:
    """A person file from text columns held in memory (column name to values), ids checked and profiled."""
    check_ids(columns["id"], where)
    profiler = Profiler(columns)
    profiler.add(columns, len(columns["id"]))
    return PersonFile(path=where, rows=len(columns["id"]), columns=tuple(columns), profile=profiler.finish(),
                      raw=columns)


def load_features(person: PersonFile, reading: Reading, folder: str | Path | None = None) -> PersonFile:
    """Make a scanned file's feature columns, read as `reading` says: in memory, or for a file too large
    to hold (its text was not kept) batch by batch into a Parquet file in `folder`."""
    person.reading = reading
    person.malformed = Counter()
    if person.raw is not None:
        columns = person.raw if person.raw.get("id") else {"id": []}
        person.table = build_table(columns, person.malformed, reading)
        person.raw = None
        return person
    if folder is None:
        raise ValueError(f"{person.path} is too large to hold in memory: give a folder for its features")
    target = Path(folder) / f"{Path(person.path).stem}-{id(person)}.parquet"
    with pq.ParquetWriter(target, schema(reading.identifiers)) as writer:
        for columns, _ in iter_batches(person.path):
            if columns["id"]:
                writer.write_table(build_table(columns, person.malformed, reading))
    person.parquet = str(target)
    return person
