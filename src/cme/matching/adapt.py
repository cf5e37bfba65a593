"""Choosing what to compare from what two files hold (their profiles, `cme.matching.profile`).

The model in `cme.matching.model` can compare given name, surname, date of birth,
postcode and address, sex and UPN, and any identifier both files hold. `plan_for`
keeps the comparisons whose columns have values on both sides, reads each file's
dates and postcodes in the form its profile found, and says in notes what it left
out or read differently and why: a comparison trained on a column that one file
leaves empty would learn nothing and cost every pair.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cme.rules import identity

from .features import ADDRESS_PARTS, NOT_IDENTIFIERS, RECOGNISED, Reading
from .model import STANDARD_COMPARISONS, Plan
from .profile import FileProfile

LABELS = {"first_name": "given name", "last_name": "surname", "dob": "date of birth", "sex": "sex", "upn": "UPN",
          "postcode": "postcode", "address": "address"}
# Headings identity knows (so they are not another system's identifier) that linkage does not compare.
_KNOWN_FIELDS = frozenset(identity.HEADER_ALIASES) | frozenset(RECOGNISED) | NOT_IDENTIFIERS


@dataclass
class Adaptation:
    plan: Plan
    readings: list[Reading]
    notes: list[str] = field(default_factory=list)


def _sides(count: int) -> list[str]:
    return ["the file"] if count == 1 else ["the left file", "the right file"]


def plan_for(profiles: list[FileProfile], link_type: str = "link_only") -> Adaptation:
    """The plan for linking (or deduplicating) files with these profiles, how to read each, and notes."""
    sides = _sides(len(profiles))
    notes: list[str] = []

    def present(column: str) -> bool:
        return all(profile.has(column) for profile in profiles)

    def explain_absent(column: str, what: str) -> None:
        empty = [side for side, profile in zip(sides, profiles, strict=True) if not profile.has(column)]
        holders = [side for side, profile in zip(sides, profiles, strict=True) if column in profile.columns]
        if holders and empty:
            notes.append(f"{what}: not compared, empty in {' and '.join(empty)}")

    compared: list[str] = []
    for name in ("first_name", "last_name", "dob", "sex", "upn"):
        usable = present(name)
        if usable and name == "dob":
            unreadable = [side for side, profile in zip(sides, profiles, strict=True) if profile.format_of("dob") is None]
            if unreadable:
                notes.append(f"date of birth: not compared, no value in {' and '.join(unreadable)} is a date")
                usable = False
        if usable:
            compared.append(name)
        else:
            explain_absent(name, LABELS[name])
    postcodes = present("postcode")
    if not postcodes:
        explain_absent("postcode", "postcode")
    addresses = all(any(profile.has(part) for part in ADDRESS_PARTS) for profile in profiles)
    if not addresses and any(any(part in profile.columns for part in ADDRESS_PARTS) for profile in profiles):
        empty = [side for side, profile in zip(sides, profiles, strict=True)
                 if not any(profile.has(part) for part in ADDRESS_PARTS)]
        notes.append(f"address: not compared, empty in {' and '.join(empty)}")
    if postcodes or addresses:
        compared.append("location")
    town_apart = present("town")
    if town_apart:
        compared.append("town")
    uk = postcodes and all(profile.format_of("postcode") == "uk" for profile in profiles)
    if postcodes and not uk:
        text = [side for side, profile in zip(sides, profiles, strict=True) if profile.format_of("postcode") != "uk"]
        notes.append(f"postcode: most values in {' and '.join(text)} are not UK postcodes, so postcodes are compared "
                     "as text (the same or not), without sectors or districts")
    if addresses:
        notes.append("address: compared as words (" + ", ".join(
            part for part in ADDRESS_PARTS if any(profile.has(part) for profile in profiles)
            and not (town_apart and part == "town")) + ")" + ("; the town on its own" if town_apart else ""))

    identifiers = []
    shared = set.intersection(*(set(profile.columns) for profile in profiles))
    for column in sorted(shared - _KNOWN_FIELDS):
        if all(profile.looks_like_identifier(column) for profile in profiles):
            identifiers.append(column)
            notes.append(f"{column}: compared as an identifier (the same, or one character out)")
        else:
            notes.append(f"{column}: not compared (not a column the linker knows, and not an identifier: "
                         "too few values, or too many alike)")
    for profile, side in zip(profiles, sides, strict=True):
        form = profile.format_of("dob")
        if "dob" in compared and form and form not in ("day_first", "iso"):
            notes.append(f"date of birth: read as {identity.DATE_FORMATS[form]} in {side}")
    plan = Plan(compared=tuple(name for name in STANDARD_COMPARISONS if name in compared), postcodes=postcodes,
                addresses=addresses, uk_postcodes=uk, identifiers=tuple(identifiers), link_type=link_type)
    return Adaptation(plan=plan, readings=[reading_for(profile, plan) for profile in profiles], notes=notes)


def reading_for(profile: FileProfile, plan: Plan) -> Reading:
    """How to read a file with this profile for a plan: its date form, whether its postcodes are UK ones,
    the identifiers, and whether the town is compared apart from the address."""
    return Reading(dob_format=profile.format_of("dob") or "day_first",
                   uk_postcodes=profile.format_of("postcode") in ("uk", None), identifiers=plan.identifiers,
                   town_apart="town" in plan.compared)
