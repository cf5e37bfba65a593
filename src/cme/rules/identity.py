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
from dataclasses import dataclass
from functools import lru_cache

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
    "address_line_2": ("address_line_2", "address2", "addr2", "address_2", "locality"),
    "town": ("town", "city", "town_city", "post_town"),
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
