"""Reading a population extract (CSV) through a column mapping.

Every council system exports its own columns ("Forename", "CHILD_FIRST_NAME",
"Date of Birth", "DOB"), so the officer says which column is which; `guess_mapping`
proposes a mapping from the header. `read_rows` then reads every row and reports
every problem with its line number, without stopping at the first.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from dataclasses import dataclass, field

from cme.core import clock
from cme.core.rules_config import validate_upn
from cme.core.uploads import UploadLimit
from cme.rules import identity
from cme.rules.dates import DateError, parse_uk_date


class DatasetError(Exception):
    """The file cannot be read at all (not CSV text, no header, a repeated column)."""


# The fields a population list can give, with what an officer is shown for each. Which
# headings name which field is cme.rules.identity's (one table for every intake).
FIELDS: dict[str, str] = {
    "source_id": "Record id in the source system",
    "first_name": "First name",
    "middle_names": "Middle names",
    "last_name": "Last name",
    "full_name": "Full name (if first and last names are not separate)",
    "date_of_birth": "Date of birth",
    "sex": "Sex",
    "address_line_1": "Address line 1",
    "address_line_2": "Address line 2",
    "town": "Town or city",
    "postcode": "Postcode",
    "upn": "UPN",
}
# The identity field each of ours reads (only the record id is named differently here).
IDENTITY_FIELD = {name: name for name in FIELDS} | {"source_id": "id"}


def decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DatasetError("The file is not UTF-8 text: save it from your spreadsheet as “CSV UTF-8”") from None


HEADER_BYTES = 64 * 1024  # the header line must fit in the file's first 64 KB


def _unreadable(line: int, problem: csv.Error) -> DatasetError:
    if "field larger than field limit" in str(problem):
        return DatasetError(f"Line {line} has a value longer than {csv.field_size_limit():,} characters. Check that "
                            "every value with a comma, a quote mark or a line break in it is inside double quotes (\"), "
                            "then save the file as CSV UTF-8 again")
    return DatasetError(f"Line {line} cannot be read as CSV ({problem}). Save the file from its system or "
                        "spreadsheet as CSV UTF-8 again")


def check_file(data: bytes, limit: UploadLimit) -> list[str]:
    """The header of a file that can be read to its end within the row limit (DatasetError
    says why not): checked as it is uploaded, so no later page meets an unreadable file."""
    header = read_header(data[:HEADER_BYTES])
    reader = csv.reader(io.StringIO(decode(data)))
    rows = 0
    try:
        next(reader, None)
        for cells in reader:
            rows += any(cell.strip() for cell in cells)
    except csv.Error as problem:
        raise _unreadable(reader.line_num, problem) from None
    if problem := limit.count_error(rows):
        raise DatasetError(problem)
    return header


def read_header(data: bytes) -> list[str]:
    """The column names, from the start of the file (its first HEADER_BYTES are enough)."""
    end = data.find(b"\n")
    if end < 0 and len(data) >= HEADER_BYTES:
        raise DatasetError("The first line is longer than 64 KB: it must name the columns, one name for each")
    text = decode(data[:end + 1] if end >= 0 else data)
    if "\x00" in text:
        raise DatasetError("The selected file is not a CSV file. Save it as “CSV UTF-8” and upload that file")
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader, None)
    except csv.Error as problem:
        raise _unreadable(reader.line_num, problem) from None
    if not header or not any(cell.strip() for cell in header):
        raise DatasetError("The file is empty: its first line must name the columns")
    names = [cell.strip() for cell in header]
    repeated = sorted({name for name in names if name and names.count(name) > 1})
    if repeated:
        raise DatasetError("Each column needs its own name; repeated: " + ", ".join(repeated))
    return names


def guess_mapping(header: list[str]) -> dict[str, str]:
    """Our field -> the file's column, for the columns whose names say what they are."""
    mapping = {}
    for name in FIELDS:
        for alias in identity.HEADER_ALIASES[IDENTITY_FIELD[name]]:
            column = next((heading for heading in header if heading and identity.header_key(heading) == alias), None)
            if column is not None and column not in mapping.values():
                mapping[name] = column
                break
    return mapping


def check_mapping(mapping: dict[str, str], header: list[str]) -> dict[str, str]:
    """Problems with a mapping, by our field name."""
    problems = {}
    for name, column in mapping.items():
        if name not in FIELDS:
            problems[name] = f"{name} is not a field this service reads"
        elif column and column not in header:
            problems[name] = f"The file has no column “{column}”"
    used = [column for column in mapping.values() if column]
    for name, column in mapping.items():
        if column and used.count(column) > 1:
            problems[name] = f"The column “{column}” is chosen for more than one field"
    if not mapping.get("date_of_birth"):
        problems["date_of_birth"] = "Select the column with the date of birth: without it no one's age is known"
    if not (mapping.get("last_name") or mapping.get("full_name")):
        problems["last_name"] = "Select the column with the last name, or one with the full name"
    return problems


@dataclass
class PersonRow:
    line: int
    source_id: str = ""
    first_name: str = ""
    middle_names: str = ""
    last_name: str = ""
    date_of_birth: dt.date | None = None
    sex: str = ""
    address: str = ""
    postcode: str = ""
    upn: str = ""


@dataclass
class RowProblem:
    line: int
    field: str
    message: str
    text: str = ""  # the row as it was in the file, so a row left out is never lost

    def as_dict(self) -> dict:
        return {"line": self.line, "field": self.field, "message": self.message, "text": self.text}


@dataclass
class ReadResult:
    rows: list[PersonRow] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)

    @property
    def lines_with_problems(self) -> set[int]:
        return {problem.line for problem in self.problems}


def split_full_name(value: str) -> tuple[str, str, str]:
    """"SMITH, John Paul" or "John Paul Smith" -> (first, middle, last)."""
    if "," in value:
        last, _, given = value.partition(",")
        parts = given.split()
        last = last.strip()
        if last.isupper() and not given.isupper():  # the "SURNAME, Forename" convention
            last = last.title()
        return (parts[0] if parts else ""), " ".join(parts[1:]), last
    parts = value.split()
    if len(parts) == 1:
        return "", "", parts[0]
    return parts[0], " ".join(parts[1:-1]), parts[-1] if parts else ""


def _rows_with_lines(text: str) -> Iterator[tuple[int, list[str], str]]:
    """(first line of the row, its cells, its text) for every row after the header."""
    lines = text.splitlines(keepends=True)
    reader = csv.reader(io.StringIO(text))
    try:
        next(reader, None)
        start = reader.line_num + 1
        for cells in reader:
            end = reader.line_num
            yield start, cells, "".join(lines[start - 1:end]).rstrip("\r\n")
            start = end + 1
    except csv.Error as problem:
        raise _unreadable(reader.line_num, problem) from None


def read_rows(data: bytes, mapping: dict[str, str], *, today: dt.date | None = None) -> ReadResult:
    text = decode(data)
    header = read_header(data)
    position = {name: header.index(column) for name, column in mapping.items() if column}
    today = today or clock.today()
    result = ReadResult()
    for line, cells, raw in _rows_with_lines(text):
        if not any(cell.strip() for cell in cells):
            continue  # blank lines (spreadsheets leave them at the end)

        def cell(name: str, cells: list[str] = cells) -> str:
            index = position.get(name)
            return cells[index].strip() if index is not None and index < len(cells) else ""

        problems: list[RowProblem] = []

        def problem(name: str, message: str, line: int = line, raw: str = raw, problems: list = problems) -> None:
            problems.append(RowProblem(line, FIELDS[name], message, raw))

        if len(cells) != len(header):
            problem("source_id", f"has {len(cells)} cells but the header names {len(header)} columns")
        row = PersonRow(line=line, source_id=cell("source_id")[:100], first_name=cell("first_name"),
                        middle_names=cell("middle_names"), last_name=cell("last_name"), upn=cell("upn").upper())
        if not (row.first_name or row.last_name) and cell("full_name"):
            row.first_name, row.middle_names, row.last_name = split_full_name(cell("full_name"))
        if not (row.first_name or row.last_name):
            problem("last_name", "has no name")
        for name, limit in (("first_name", 100), ("middle_names", 150), ("last_name", 100)):
            if len(getattr(row, name)) > limit:
                problem(name, f"is longer than {limit} characters")
        dob_text = cell("date_of_birth")
        if dob_text:
            try:
                row.date_of_birth = parse_uk_date(dob_text.split(" ")[0].split("T")[0])
            except DateError as error:
                problem("date_of_birth", str(error))
            else:
                if row.date_of_birth > today:
                    problem("date_of_birth", f"'{dob_text}' is in the future")
                elif row.date_of_birth.year < 1900:
                    problem("date_of_birth", f"'{dob_text}' is not a plausible date of birth")
        sex = identity.parse_sex(cell("sex"))
        if sex is not None:
            row.sex = "" if sex == identity.NOT_KNOWN else sex
        else:
            problem("sex", f"'{cell('sex')}' is not a sex this service reads (F, M, female, male or unknown)")
        postcode = cell("postcode")
        if postcode:
            if identity.is_uk_postcode(postcode):
                row.postcode = identity.normalise_postcode(postcode)
            else:
                problem("postcode", f"'{postcode}' is not a UK postcode")
        row.address = ", ".join(part for part in (cell("address_line_1"), cell("address_line_2"), cell("town"))
                                if part)[:300]
        if row.upn:
            check = validate_upn(row.upn)
            if check.valid:
                row.upn = check.upn
            else:
                problem("upn", f"'{row.upn}': {check.error}")
        if problems:
            result.problems += problems
        else:
            result.rows.append(row)
    return result
