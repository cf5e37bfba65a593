"""Rules for keeping one record per real child: how sure a possible match is, in words
an officer can act on, when two records may be merged, and what of the merged record's
identity the kept record must remember so the child can still be found by it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from . import identity

# Bands of the probability that a candidate is the same child, best first. The words
# say what an officer should do with the candidate, the percentage follows them.
LIKELIHOOD_BANDS: tuple[tuple[float, str], ...] = (
    (0.95, "Almost certainly the same child"),
    (0.80, "Very likely the same child"),
    (0.50, "Likely the same child"),
    (0.20, "Possibly the same child"),
    (0.0, "Unlikely, but worth checking"),
)


def likelihood_in_words(probability: float) -> str:
    """'Very likely the same child (92%)'. Never 0% or 100%: the score is an estimate."""
    words = next((words for floor, words in LIKELIHOOD_BANDS if probability >= floor), LIKELIHOOD_BANDS[-1][1])
    percent = min(99, max(1, round(probability * 100)))
    return f"{words} ({percent}%)"


REFERENCE_PATTERN = re.compile(r"^C?0*([0-9]{1,9})$")


def parse_child_reference(value: str) -> int | None:
    """The record id in a child reference: 'C000123', 'c123' and '123' all give 123."""
    compact = "".join((value or "").split()).upper()
    match = REFERENCE_PATTERN.match(compact)
    if not match or int(match.group(1)) == 0:
        return None
    return int(match.group(1))


def child_reference(record_id: int) -> str:
    return f"C{record_id:06d}"


# -- what someone typed to find a child ---------------------------------------------------

# In a search, a reference must start with C ("C000305", "c305"): a bare number is more
# likely part of a date or a UPN typed with spaces.
SEARCH_REFERENCE = re.compile(r"^C0*([0-9]{1,9})$", re.IGNORECASE)
# A UPN: a letter, eleven digits and a digit or letter (checked later; a mistyped one still searches).
SEARCH_UPN = re.compile(r"^[A-Z][0-9]{11}[0-9A-Z]$")
MONTHS = {name: number for number, names in enumerate(
    (("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
     ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
     ("december", "dec")), start=1) for name in names}
_SEARCH_SEPARATORS = re.compile(r"[\s,;]+")


@dataclass(frozen=True)
class SearchTerms:
    """What a search for a child holds: a record reference, UPNs, dates of birth and name words (as typed)."""

    reference: int | None = None
    upns: tuple[str, ...] = ()
    dates: tuple[dt.date, ...] = ()
    names: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return self.reference is None and not (self.upns or self.dates or self.names)


def _written_date(words: list[str]) -> dt.date | None:
    """'14 March 2012' (or 'Mar'): the date in three words, or None."""
    if len(words) != 3 or not words[0].isdigit() or not words[2].isdigit() or len(words[2]) != 4:
        return None
    month = MONTHS.get(words[1].lower().rstrip("."))
    if month is None:
        return None
    try:
        return dt.date(int(words[2]), month, int(words[0]))
    except ValueError:
        return None


def search_terms(query: str) -> SearchTerms:
    """Read a search: a reference ('C000305', or 305), a UPN, a date of birth (14/03/2012, 2012-03-14,
    20120314, 14 March 2012) and names, in any order. Anything else with a digit in it is ignored."""
    words = [word for word in _SEARCH_SEPARATORS.split(query or "") if word]
    reference, upns, dates, names = None, [], [], []
    index = 0
    while index < len(words):
        word = words[index]
        written = _written_date(words[index:index + 3])
        if written is not None:
            dates.append(written)
            index += 3
            continue
        index += 1
        match = SEARCH_REFERENCE.match(word)
        if match and int(match.group(1)):
            reference = int(match.group(1))
        elif SEARCH_UPN.match(word.upper()):
            upns.append(word.upper())
        elif any(character.isdigit() for character in word):
            day = identity.parse_date_of_birth(word, "day_first")
            if day is not None:
                dates.append(day)
            elif word.isdigit() and len(word) <= 9 and int(word):
                reference = int(word)  # a reference typed without its C
        else:
            names.append(word)
    return SearchTerms(reference=reference, upns=tuple(upns), dates=tuple(dates), names=tuple(names))


@dataclass(frozen=True)
class RecordFacts:
    """What the merge rules need to know about one child's record."""

    record_id: int
    local_authority_id: int
    merged_into_id: int | None = None
    open_case_references: tuple[str, ...] = ()

    @property
    def reference(self) -> str:
        return child_reference(self.record_id)


def merge_refusal(*, kept: RecordFacts, merged: RecordFacts, local_authority_id: int) -> str | None:
    """Why these two records may not be merged (kept keeps, merged joins it), or None.

    A record of another local authority is reported as not found, so that a merge
    attempt does not reveal which references exist elsewhere."""
    for record in (kept, merged):
        if record.local_authority_id != local_authority_id:
            return f"There is no child with the reference {record.reference}"
    if kept.record_id == merged.record_id:
        return "You cannot merge a record with itself: choose the other record of this child"
    for record in (kept, merged):
        if refusal := record_refusal(record):
            return refusal
    if kept.open_case_references and merged.open_case_references:
        cases = " and ".join(sorted(kept.open_case_references + merged.open_case_references))
        return (f"Both records have an open CME case ({cases}). A child can have only one open case: "
                "close one of them before merging")
    return None


def record_refusal(record: RecordFacts) -> str | None:
    """Why this record cannot be merged with any other, or None."""
    if record.merged_into_id is not None:
        into = child_reference(record.merged_into_id)
        return (f"{record.reference} has already been merged into {into}. "
                f"Merge with {into} instead, or undo that merge first")
    return None


def unmerge_refusal(*, undone: bool, kept_merged_into_id: int | None) -> str | None:
    """Why a merge may not be undone, or None."""
    if undone:
        return "This merge has already been undone"
    if kept_merged_into_id is not None:
        into = child_reference(kept_merged_into_id)
        return (f"The kept record has since been merged into {into}. "
                f"Undo that merge first, then undo this one")
    return None


@dataclass(frozen=True)
class Name:
    first_name: str
    last_name: str

    def key(self) -> tuple[str, str]:
        return (" ".join(self.first_name.split()).casefold(), " ".join(self.last_name.split()).casefold())


def names_to_add(*, kept_names: list[Name], merged_names: list[Name]) -> list[Name]:
    """The merged record's names the kept record does not already have (compared
    ignoring case and spacing), each once, in the order given."""
    known = {name.key() for name in kept_names}
    added = []
    for name in merged_names:
        if not (name.first_name.strip() or name.last_name.strip()) or name.key() in known:
            continue
        known.add(name.key())
        added.append(name)
    return added


def upns_to_add(*, kept_upn: str, kept_former: list[str], merged_upn: str, merged_former: list[str]) -> list[str]:
    """The merged record's UPNs (current and former) the kept record does not already
    have, to add to its former UPNs."""
    known = {upn.upper() for upn in (kept_upn, *kept_former) if upn}
    added = []
    for upn in (merged_upn, *merged_former):
        if upn and upn.upper() not in known:
            known.add(upn.upper())
            added.append(upn.upper())
    return added
