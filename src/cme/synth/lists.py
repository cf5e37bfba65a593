"""Population lists as councils' systems export them, for the demo and the tests of the
"children without a school place" check. Every person in them is made up.

Each style has its own column names and formats, as real extracts do: a GP-style
list with separate names and day-first dates, a council-tax-style list with one
"SURNAME, Forename" column and ISO dates.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable

from .errors import PersonRecord

STYLES = {
    "health": ("Patient Ref", "Forename", "Middle Names", "Surname", "Date of Birth", "Gender", "Address Line 1",
               "Postcode"),
    "council-tax": ("Account", "Child Name", "DOB", "Property Address", "Post Code"),
}


def _row(style: str, record: PersonRecord, number: int) -> list[str]:
    dob = dt.date.fromisoformat(record.dob) if record.dob else None
    if style == "health":
        return [f"FICT{number:06d}", record.first_name, record.middle_names, record.last_name,
                f"{dob:%d/%m/%Y}" if dob else "", {"F": "Female", "M": "Male"}.get(record.sex, "Unknown"),
                record.address, record.postcode]
    return [f"CT-{number:05d}", f"{record.last_name.upper()}, {record.first_name}".strip(", "),
            dob.isoformat() if dob else "", record.address, record.postcode]


def population_list_csv(records: Iterable[PersonRecord], style: str = "health") -> bytes:
    """A UTF-8 CSV in the given style; line 2 is the first record."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(STYLES[style])
    for number, record in enumerate(records, start=1):
        writer.writerow(_row(style, record, number))
    return buffer.getvalue().encode("utf-8")
