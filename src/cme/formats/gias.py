"""Get Information about Schools (GIAS): the DfE's establishment extract (`edubasealldata*.csv`,
from get-information-schools.service.gov.uk/Downloads, "Establishment fields CSV"), read for one
council's schools. Pure: no Django, no database.

The extract is Windows-1252 text with a header row (read with spreadsheets.decode_text, which also
takes a file a spreadsheet saved again as UTF-8). Only the columns below are read. An
establishment whose type CME Tracker does not record (further education, higher education,
Welsh establishments, secure units...) is left out and counted; every other row must have a
7-digit LAESTAB (the council's number and the establishment number), a name and, if given, a
6-digit URN, or the whole file is refused with each bad row's line number."""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass, field

COLUMNS = ("URN", "LA (code)", "EstablishmentNumber", "EstablishmentName", "TypeOfEstablishment (name)",
           "EstablishmentStatus (name)", "PhaseOfEducation (name)", "Postcode")

# GIAS's establishment types, as CME Tracker records them ("type", and the phase to use when GIAS says
# "Not applicable"). A type not here is left out of the import.
TYPES: dict[str, tuple[str, str]] = {
    "Community school": ("community", ""),
    "Local authority nursery school": ("community", "nursery"),
    "Foundation school": ("foundation", ""),
    "Voluntary aided school": ("voluntary-aided", ""),
    "Voluntary controlled school": ("voluntary-controlled", ""),
    "Academy converter": ("academy", ""),
    "Academy sponsor led": ("academy", ""),
    "Academy 16-19 converter": ("academy", "16-plus"),
    "Academy 16 to 19 sponsor led": ("academy", "16-plus"),
    "City technology college": ("academy", ""),
    "University technical college": ("academy", ""),
    "Studio schools": ("academy", ""),
    "Free schools": ("free-school", ""),
    "Free schools 16 to 19": ("free-school", "16-plus"),
    "Community special school": ("special", "special"),
    "Foundation special school": ("special", "special"),
    "Academy special converter": ("special", "special"),
    "Academy special sponsor led": ("special", "special"),
    "Free schools special": ("special", "special"),
    "Non-maintained special school": ("non-maintained-special", "special"),
    "Pupil referral unit": ("pupil-referral-unit", "alternative-provision"),
    "Academy alternative provision converter": ("academy", "alternative-provision"),
    "Academy alternative provision sponsor led": ("academy", "alternative-provision"),
    "Free schools alternative provision": ("free-school", "alternative-provision"),
    "Other independent school": ("independent", ""),
    "Other independent special school": ("independent", "special"),
}
PHASES = {"Nursery": "nursery", "Primary": "primary", "Middle deemed primary": "middle",
          "Middle deemed secondary": "middle", "Secondary": "secondary", "All-through": "all-through",
          "16 plus": "16-plus"}
CLOSED = "Closed"


@dataclass(frozen=True)
class GiasSchool:
    laestab: str
    urn: str
    name: str
    establishment_type: str
    phase: str
    postcode: str
    is_open: bool


@dataclass
class GiasRead:
    schools: list[GiasSchool] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)  # (line, what is wrong)
    left_out: Counter = field(default_factory=Counter)  # establishment types not recorded, and how many
    other_councils: int = 0
    phase_not_given: int = 0  # GIAS said "Not applicable": recorded as all-through, and counted




def read_gias(text: str, *, la_code: str) -> GiasRead:
    result = GiasRead()
    seen: dict[str, int] = {}  # LAESTAB or URN -> the line it was first on
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        _read_rows(reader, la_code, result, seen)
    except csv.Error as problem:  # a broken quote, say: the whole file is refused at that line
        result.errors.append((max(1, reader.line_num), f"the file cannot be read as CSV here ({problem})"))
    return result


def _read_rows(reader: csv.DictReader, la_code: str, result: GiasRead, seen: dict[str, int]) -> None:
    missing = [column for column in COLUMNS if column not in (reader.fieldnames or [])]
    if missing:
        result.errors.append((1, "This is not a GIAS establishment extract: it has no column "
                                 + ", ".join(f"“{column}”" for column in missing)))
        return
    for row in reader:
        line = reader.line_num
        if (row["LA (code)"] or "").strip() != la_code:
            result.other_councils += 1
            continue
        kind = (row["TypeOfEstablishment (name)"] or "").strip()
        if kind not in TYPES:
            result.left_out[kind or "no type"] += 1
            continue
        establishment_type, phase_if_none = TYPES[kind]
        number = (row["EstablishmentNumber"] or "").strip()
        urn = (row["URN"] or "").strip()
        name = (row["EstablishmentName"] or "").strip()
        problems = []
        if not (number.isdigit() and len(number) == 4):
            problems.append(f"the establishment number “{number}” is not 4 digits")
        if urn and not (urn.isdigit() and len(urn) == 6):
            problems.append(f"the URN “{urn}” is not 6 digits")
        if not name:
            problems.append("the establishment has no name")
        for label, value in (("LAESTAB", la_code + number), ("URN", urn)):
            if value and f"{label}{value}" in seen:
                problems.append(f"the {label} {value} is also on line {seen[f'{label}{value}']}")
            elif value:
                seen[f"{label}{value}"] = line
        phase = PHASES.get((row["PhaseOfEducation (name)"] or "").strip(), phase_if_none)
        if phase_if_none in ("special", "alternative-provision"):
            phase = phase_if_none
        if not phase:
            phase = "all-through"
            result.phase_not_given += 1
        if problems:
            result.errors.append((line, "; ".join(problems)))
            continue
        result.schools.append(GiasSchool(
            laestab=la_code + number, urn=urn, name=name[:200], establishment_type=establishment_type, phase=phase,
            postcode=(row["Postcode"] or "").strip().upper()[:8],
            is_open=(row["EstablishmentStatus (name)"] or "").strip() != CLOSED))
