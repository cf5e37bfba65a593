"""Unique Pupil Number validation (DfE Common Basic Data Set item P1; GovTalk UPN v2.0).

A UPN has 13 characters: a check letter, the allocating LA's 3-digit DfE number, the
4-digit establishment number, 2 digits of the academic year, then 3 digits (permanent)
or 2 digits and a letter (temporary). Letters I, O and S are never used. The check
letter is the sum of each of characters 2-13 times its position (2..13), modulo 23,
mapped to A-Z without I, O and S; a letter in position 13 counts as its value in that
same table.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

CHECK_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"  # index = remainder modulo 23
NEVER_USED = frozenset("IOS")


def _ranges(*spans: tuple[int, int] | int) -> frozenset[str]:
    codes: set[str] = set()
    for span in spans:
        low, high = (span, span) if isinstance(span, int) else span
        codes.update(f"{code:03d}" for code in range(low, high + 1))
    return frozenset(codes)


# DfE census validation rule 1530 as listed in domain.md §7.1: post-April-1999 LA
# codes and pseudo-LA codes, historic codes included (a UPN keeps its allocating LA).
CENSUS_LA_CODES = _ranges(
    (1, 5), (201, 213), (301, 320), (330, 336), (340, 344), (350, 359), (370, 373), (380, 384),
    (390, 394), 420, (660, 681), (701, 708), (800, 803), (805, 808), (810, 813), 815, 816,
    (820, 823), 825, 826, 830, 831, (835, 837), 840, 841, 845, 846, (850, 852), (855, 857), 860,
    861, (865, 896), 908, 909, 916, 919, 921, 925, 926, 928, 929, 931, 933, (935, 938),
)
# Codes created by the 2019-2023 reorganisations (Dorset, BCP, the Northamptonshires,
# Cumberland, Westmorland and Furness). Unconfirmed against GIAS (domain.md §14.6), so
# kept apart: a deployment can drop them with UpnRules(la_codes=CENSUS_LA_CODES).
POST_2019_LA_CODES = frozenset({"838", "839", "940", "941", "942", "943"})
DEFAULT_LA_CODES = CENSUS_LA_CODES | POST_2019_LA_CODES


class UpnKind(StrEnum):
    PERMANENT = "permanent"
    TEMPORARY = "temporary"


@dataclass(frozen=True)
class UpnResult:
    upn: str
    valid: bool
    kind: UpnKind | None
    error: str | None

    @property
    def la_code(self) -> str | None:
        return self.upn[1:4] if self.valid else None

    def as_dict(self) -> dict:
        return {"upn": self.upn, "valid": self.valid,
                "kind": self.kind.value if self.kind else None, "error": self.error}


def normalise(value: str) -> str:
    return "".join(value.split()).upper()


def check_letter(body: str) -> str:
    """The check letter for characters 2-13 of a UPN (12 characters)."""
    if len(body) != 12:
        raise ValueError("a UPN body has 12 characters")
    total = 0
    for position, char in enumerate(body, start=2):
        value = int(char) if char.isdigit() else CHECK_LETTERS.index(char)
        total += value * position
    return CHECK_LETTERS[total % 23]


def _well_formed_body(body: str) -> bool:
    """Whether 12 characters could follow a check letter: 11 digits, then a digit or a letter
    other than I, O and S."""
    return (len(body) == 12 and body[:11].isascii() and body[:11].isdigit()
            and ((body[11].isascii() and body[11].isdigit()) or ("A" <= body[11] <= "Z" and body[11] not in NEVER_USED)))


def validate(value: str, la_codes: frozenset[str] = DEFAULT_LA_CODES) -> UpnResult:
    """Check a UPN. When only the check letter is wrong or missing, the error says which
    letter the rest of the UPN needs."""
    upn = normalise(value or "")

    def fail(reason: str, kind: UpnKind | None = None) -> UpnResult:
        return UpnResult(upn=upn, valid=False, kind=kind, error=reason)

    def with_letter(reason: str, body: str) -> UpnResult:
        if _well_formed_body(body) and body[:3] in la_codes:
            letter = check_letter(body)
            reason += f". If the rest is right, the check letter is {letter}: {letter}{body}"
        return fail(reason)

    if not upn:
        return fail("The UPN is empty")
    if len(upn) == 12 and _well_formed_body(upn):
        return with_letter("A UPN has 13 characters; this has 12 and no check letter", upn)
    if len(upn) != 13:
        return fail(f"A UPN has 13 characters; this has {len(upn)}")
    first, middle, last = upn[0], upn[1:12], upn[12]
    if not ("A" <= first <= "Z"):
        return with_letter("The first character must be the check letter, a letter from A to Z", upn[1:])
    if first in NEVER_USED:
        return with_letter(f"The check letter cannot be {first}: I, O and S are never used in UPNs", upn[1:])
    if not middle.isdigit() or not middle.isascii():
        return fail("Characters 2 to 12 must all be digits")
    if last.isascii() and last.isdigit():  # not "²", which isdigit() also accepts
        kind = UpnKind.PERMANENT
    elif "A" <= last <= "Z":
        kind = UpnKind.TEMPORARY
        if last in NEVER_USED:
            return fail(f"The last character of a temporary UPN cannot be {last}: I, O and S are never used", kind)
    else:
        return fail("The last character must be a digit (permanent UPN) or a letter (temporary UPN)")
    la_code = upn[1:4]
    if la_code not in la_codes:
        return fail(f"Characters 2 to 4 ({la_code}) are not a DfE local authority number", kind)
    expected = check_letter(upn[1:])
    if first != expected:
        return fail(f"The check letter is wrong: a UPN ending {upn[1:]} starts with {expected}, not {first} "
                    f"({expected}{upn[1:]})", kind)
    return UpnResult(upn=upn, valid=True, kind=kind, error=None)


def make_upn(la_code: str, establishment: str, year: int, serial: int | str) -> str:
    """Build a permanent (numeric serial) or temporary (2 digits + letter) UPN with its check letter."""
    tail = f"{serial:03d}" if isinstance(serial, int) else serial
    body = f"{la_code}{establishment}{year % 100:02d}{tail}"
    return check_letter(body) + body
