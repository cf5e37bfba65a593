"""A person's identifying details, read the same way everywhere.

Every intake (referral pages, school returns on the web, in CSV and through the API,
CTF and roll imports, population lists), the interactive matcher and the batch linker
describe an incoming person with `Person` and read its fields with the parsers here:
one UK postcode parser, one table of the ways systems write sex, one set of the
column headings councils' systems use for each field. Names are normalised by
`cme.rules.names.normalise`; UPNs are checked by `cme.rules.upn`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from .dates import DateError, parse_iso_date, parse_uk_date

# -- the person ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    """Someone a source has told us about, as it told us: names as written, a date of birth
    if known, sex as "F", "M", "U" (not known) or "" (not said), the postcode in standard
    form when it is a UK postcode (otherwise as given), and the UPN in capitals."""

    first_name: str = ""
    middle_names: str = ""
    last_name: str = ""
    other_names: str = ""
    date_of_birth: dt.date | None = None
    sex: str = ""
    upn: str = ""
    postcode: str = ""
    address_line_1: str = ""
    address_line_2: str = ""
    town: str = ""

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.first_name, self.middle_names, self.last_name) if part)

    @property
    def also_known_as(self) -> str:
        """Middle and other names together: what the matcher compares a first name against."""
        return " ".join(part for part in (self.middle_names, self.other_names) if part)


# -- postcodes --------------------------------------------------------------------------------

# A UK postcode: an outward code (area, district, and sometimes a sub-district letter) and
# an inward code (sector digit and unit letters), with the letters each position allows.
# GIR 0AA (Girobank) is the one postcode outside the pattern.
_POSTCODE = re.compile(
    r"^(?P<outward>[A-PR-UWYZ](?:[0-9][0-9]?|[A-HK-Y][0-9][0-9]?|[0-9][A-HJKPSTUW]|[A-HK-Y][0-9][ABEHMNPRVWXY]))"
    r"(?P<inward>[0-9][ABD-HJLNP-UW-Z]{2})$")


@dataclass(frozen=True)
class Postcode:
    outward: str
    inward: str

    def __str__(self) -> str:
        return f"{self.outward} {self.inward}"

    @property
    def sector(self) -> str:
        """"DM1 2AB" -> "DM1 2"."""
        return f"{self.outward} {self.inward[0]}"

    @property
    def district(self) -> str:
        """"DM1 2AB" -> "DM1"."""
        return self.outward


def compact(value: str) -> str:
    """Upper case, no spaces: how two postcodes (or anything postcode-like) are compared."""
    return "".join(value.split()).upper()


@lru_cache(maxsize=200_000)
def parse_postcode(value: str) -> Postcode | None:
    """The UK postcode in `value` (any case and spacing), or None if it is not one."""
    text = compact(value)
    if text == "GIR0AA":
        return Postcode("GIR", "0AA")
    match = _POSTCODE.match(text)
    return Postcode(match["outward"], match["inward"]) if match else None


def is_uk_postcode(value: str) -> bool:
    return parse_postcode(value) is not None


def normalise_postcode(value: str) -> str:
    """A UK postcode in standard form ("dm12ab" -> "DM1 2AB"); anything else compacted and upper
    case, so that a foreign postcode still compares with itself."""
    parsed = parse_postcode(value)
    return str(parsed) if parsed else compact(value)


# -- dates of birth -----------------------------------------------------------------------------

# How systems write a date of birth. A file keeps to one; `date_format_of` finds which from
# its values, and `parse_date_of_birth` reads a value in it (falling back to the forms that
# cannot be mistaken for another, ISO and YYYYMMDD, for the odd value written differently).
DATE_FORMATS: dict[str, str] = {
    "iso": "YYYY-MM-DD",
    "day_first": "DD/MM/YYYY",
    "month_first": "MM/DD/YYYY",
    "compact": "YYYYMMDD",
    "compact_day_first": "DDMMYYYY",
}
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})$")
_EIGHT_DIGITS = re.compile(r"^\d{8}$")
# A date with a time after it, as spreadsheets and database exports write one.
_WITH_TIME = re.compile(r"^(\S+?)(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\S*)?$")


def _date_part(value: str) -> str:
    text = value.strip()
    match = _WITH_TIME.match(text)
    return match.group(1) if match else text


def _parse_as(text: str, form: str) -> dt.date | None:
    try:
        if form == "iso":
            return parse_iso_date(text)
        if form == "day_first":
            return parse_uk_date(text) if _DAY_MONTH_YEAR.match(text) else None
        if form == "month_first":
            match = _DAY_MONTH_YEAR.match(text)
            if not match:
                return None
            month, day, year = match.groups()
            return parse_uk_date(f"{day}/{month}/{year}")
        if _EIGHT_DIGITS.match(text):
            if form == "compact":
                return parse_iso_date(f"{text[:4]}-{text[4:6]}-{text[6:]}")
            if form == "compact_day_first":
                return parse_iso_date(f"{text[4:]}-{text[2:4]}-{text[:2]}")
    except DateError:
        return None
    return None


@lru_cache(maxsize=200_000)
def parse_date_of_birth(value: str, form: str = "day_first") -> dt.date | None:
    """The date in `value` written in `form` (a key of DATE_FORMATS), or None if it is not a real date.

    A time after the date is ignored. A value in ISO or YYYYMMDD form is read whatever
    the file's form, since neither can be mistaken for another.
    """
    text = _date_part(value)
    if not text:
        return None
    for candidate in dict.fromkeys((form, "iso", "compact")):
        found = _parse_as(text, candidate)
        if found is not None:
            return found
    return None


def date_format_of(values: Iterable[str]) -> tuple[str | None, dict[str, int]]:
    """The form most of `values` are written in, and how many values each form reads.

    Day-first wins a tie with month-first (the English way), so a file whose days are
    all 12 or less is read as DD/MM/YYYY. None when no value is a date in any form.
    """
    counts: Counter[str] = Counter()
    for value in values:
        text = _date_part(value)
        if text:
            counts.update(form for form in DATE_FORMATS if _parse_as(text, form) is not None)
    if not counts:
        return None, {}
    best = max(DATE_FORMATS, key=lambda form: (counts[form], form == "day_first", form == "compact"))
    return best, {form: counts[form] for form in DATE_FORMATS if counts[form]}


# -- sex ------------------------------------------------------------------------------------

FEMALE, MALE, NOT_KNOWN = "F", "M", "U"

# How systems write sex: letters, words, and the ISO 5218 and DfE codes (1 male, 2 female,
# 0 and 9 not known or not specified).
SEX_CODES: dict[str, str] = {
    "f": FEMALE, "female": FEMALE, "girl": FEMALE, "2": FEMALE,
    "m": MALE, "male": MALE, "boy": MALE, "1": MALE,
    "u": NOT_KNOWN, "unknown": NOT_KNOWN, "not known": NOT_KNOWN, "x": NOT_KNOWN, "i": NOT_KNOWN,
    "indeterminate": NOT_KNOWN, "0": NOT_KNOWN, "9": NOT_KNOWN, "not specified": NOT_KNOWN,
    "not stated": NOT_KNOWN,
}


def parse_sex(value: str) -> str | None:
    """"F", "M" or "U" for a value in SEX_CODES (any case), "" for an empty value, None for
    one this service does not understand."""
    key = " ".join(value.split()).lower()
    if not key:
        return ""
    return SEX_CODES.get(key)


# -- column headings --------------------------------------------------------------------------

# Each field of a person file, and the headings councils' and schools' systems give it
# (compared after `header_key`). The first heading is this service's own.
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("id", "record_id", "person_id", "client_id", "nhs_number", "reference", "ref", "uid", "unique_id",
           "patient_ref", "account", "account_ref", "person_ref", "client_ref", "record_ref", "rec_id"),
    "first_name": ("first_name", "forename", "forenames", "given_name", "given_names", "firstname", "child_forename",
                   "child_first_name", "legal_forename"),
    "middle_names": ("middle_names", "middle_name", "middlename", "other_forenames"),
    "last_name": ("last_name", "surname", "family_name", "lastname", "child_surname", "child_last_name",
                  "legal_surname"),
    "other_names": ("other_names", "also_known_as", "aka", "preferred_name", "alias"),
    "full_name": ("full_name", "name", "child_name", "fullname"),
    "date_of_birth": ("date_of_birth", "dob", "birth_date", "dateofbirth", "child_dob", "birthdate"),
    "sex": ("sex", "gender"),
    "address_line_1": ("address_line_1", "address", "address1", "addr1", "street", "address_1", "house_and_street",
                       "property_address", "home_address"),
    "house_number": ("house_number", "street_number", "house_no", "building_number", "number_in_street", "paon"),
    "address_line_2": ("address_line_2", "address2", "addr2", "address_2", "locality"),
    "town": ("town", "city", "town_city", "post_town", "suburb"),
    "postcode": ("postcode", "post_code", "postal_code", "pcode", "zip"),
    "upn": ("upn", "unique_pupil_number", "pupil_number"),
}


def header_key(heading: str) -> str:
    """A column heading as headings are compared: lower case, words joined by "_"."""
    return re.sub(r"[^a-z0-9]+", "_", heading.strip().lower()).strip("_")


_FIELD_OF_KEY = {alias: name for name, aliases in HEADER_ALIASES.items() for alias in aliases}


def field_for_heading(heading: str) -> str | None:
    """Which field of a person a column heading names, or None."""
    return _FIELD_OF_KEY.get(header_key(heading))
