"""Pupils and returns for the school-returns tests."""

from __future__ import annotations

import csv
import datetime as dt
import io

from cme.core import clock
from cme.schools import imports, services

PUPIL = services.Pupil(first_name="Tomasz", last_name="Returnson", date_of_birth=dt.date(2013, 5, 17), sex="M",
                       address_line_1="4 Fiction Lane", town="Demoford", postcode="TE1 2AB",
                       parents=({"name": "Ewa Returnson", "relationship": "Mother", "phone": "07700 900111"},))

PUPIL_FORM = {"first_name": "Tomasz", "last_name": "Returnson", "date_of_birth-day": "17", "date_of_birth-month": "5",
              "date_of_birth-year": "2013", "sex": "M", "address_line_1": "4 Fiction Lane", "town": "Demoford",
              "postcode": "TE1 2AB", "parent_1_name": "Ewa Returnson", "parent_1_relationship": "Mother",
              "parent_1_phone": "07700 900111"}


def deletion(ground: str, on: dt.date | None = None, **details) -> services.DeletionDetails:
    return services.DeletionDetails(ground_code=ground, deletion_date=on or clock.today(), **details)


def new_pupil_row(**cells: str) -> dict[str, str]:
    """A valid row of the new-pupils CSV (by column key), with `cells` changed."""
    today = clock.today().strftime("%d/%m/%Y")
    return {"first_name": "Nia", "last_name": "Newby", "date_of_birth": "14/03/2021", "sex": "F",
            "address_line_1": "1 Imaginary Road", "town": "Demoford", "postcode": "TE1 1AA", "parent_1_name": "Pat Newby",
            "parent_1_relationship": "Mother", "parent_1_phone": "07700 900123", "entered_on": today,
            "starting_day": today, "year_group": "Reception", "most_junior_class": "no", **cells}


def new_pupils_csv(*rows: dict[str, str], headings: tuple[str, ...] = imports.NEW_PUPIL_COLUMNS) -> str:
    """The rows under the template's headings (or others), as a school's spreadsheet would save them."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headings)
    keys = [column.key for column in imports.NEW_PUPILS.columns]
    for row in rows:
        writer.writerow([row.get(key, "") for key in keys])
    return buffer.getvalue()
