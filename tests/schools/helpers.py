"""Pupils and returns for the school-returns tests."""

from __future__ import annotations

import datetime as dt

from cme.schools import services

PUPIL = services.Pupil(first_name="Tomasz", last_name="Returnson", date_of_birth=dt.date(2013, 5, 17), sex="M",
                       address_line_1="4 Fiction Lane", town="Demoford", postcode="TE1 2AB",
                       parents=({"name": "Ewa Returnson", "relationship": "Mother", "phone": "07700 900111"},))

PUPIL_FORM = {"first_name": "Tomasz", "last_name": "Returnson", "date_of_birth-day": "17", "date_of_birth-month": "5",
              "date_of_birth-year": "2013", "sex": "M", "address_line_1": "4 Fiction Lane", "town": "Demoford",
              "postcode": "TE1 2AB", "parent_1_name": "Ewa Returnson", "parent_1_relationship": "Mother",
              "parent_1_phone": "07700 900111"}


def deletion(ground: str, on: dt.date | None = None, **details) -> services.DeletionDetails:
    return services.DeletionDetails(ground_code=ground, deletion_date=on or dt.date.today(), **details)
