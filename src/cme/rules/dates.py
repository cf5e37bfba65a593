"""Parsing dates typed by people and written by other systems."""

from __future__ import annotations

import datetime as dt
import re

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_UK = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})$")


class DateError(ValueError):
    pass


def parse_iso_date(value: str) -> dt.date:
    """A strict YYYY-MM-DD date; the error names the value and what is wrong with it."""
    match = _ISO.match((value or "").strip())
    if not match:
        raise DateError(f"'{value}' is not a date in the form YYYY-MM-DD")
    year, month, day = (int(part) for part in match.groups())
    return _build(value, year, month, day)


def parse_uk_date(value: str, *, century_pivot: int = 50) -> dt.date:
    """A day-first date as written in England (31/12/2015, 31.12.15) or an ISO date."""
    text = (value or "").strip()
    if _ISO.match(text):
        return parse_iso_date(text)
    match = _UK.match(text)
    if not match:
        raise DateError(f"'{value}' is not a date in the form DD/MM/YYYY")
    day, month, year = (int(part) for part in match.groups())
    if len(match.group(3)) == 2:
        year += 2000 if year < century_pivot else 1900
    return _build(value, year, month, day)


def _build(value: str, year: int, month: int, day: int) -> dt.date:
    if not 1 <= month <= 12:
        raise DateError(f"'{value}' is not a real date: there is no month {month}")
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise DateError(f"'{value}' is not a real date: month {month} of {year} has no day {day}") from None
