"""Interactive matching: given a child someone has just told us about, which children
do we already know who might be the same child, and why do we think so?

Used by every intake (referrals, school returns, CTF imports, search-before-create).
Candidates come from PostgreSQL in one query that uses an index for each way a real
match can show itself: the same UPN; the same date of birth, or the same with day and
month swapped; the same double-metaphone codes for both names (transliterations,
misspellings that sound alike); trigram-similar names (typos); a nickname of the first
name with a sound-alike surname. Each candidate is then compared field by field and
scored Fellegi-Sunter style: every comparison level has a match weight, log2 of how
much likelier that level is for the same child than for two different children,
learnt from synthetic pairs with known truth (`cme linkage train`, model in
trained/interactive.json). The levels double as the explanation an officer reads.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from importlib import resources

import jellyfish

from cme.rules import identity, names
from cme.rules.identity import Person

MODEL_FILE = "trained/interactive.json"
CANDIDATE_LIMIT = 60
# An incoming child is taken to be an index record without an officer's look only at
# or above this (school returns, CTF and roll imports); below it a person decides.
AUTO_LINK_PROBABILITY = 0.95


class Verdict(StrEnum):
    AGREE = "agree"
    CLOSE = "close"
    DISAGREE = "disagree"
    MISSING = "missing"


# Each field's comparison levels, best first, with their verdict and the words shown.
LEVELS: dict[str, dict[str, tuple[Verdict, str]]] = {
    "first_name": {
        "exact": (Verdict.AGREE, "the same"),
        "variant": (Verdict.AGREE, "forms of the same name (a short form or another spelling)"),
        "swapped": (Verdict.CLOSE, "first and last names swapped"),
        "other_name": (Verdict.CLOSE, "one of the other names recorded"),
        "jw90": (Verdict.CLOSE, "a very similar spelling"),
        "jw80": (Verdict.CLOSE, "a similar spelling"),
        "else": (Verdict.DISAGREE, "different"),
        "missing": (Verdict.MISSING, "not known on both records"),
    },
    "last_name": {
        "exact": (Verdict.AGREE, "the same"),
        "variant": (Verdict.AGREE, "another spelling of the same name"),
        "swapped": (Verdict.CLOSE, "first and last names swapped"),
        "part": (Verdict.CLOSE, "share part of a double-barrelled or hyphenated name"),
        "jw90": (Verdict.CLOSE, "a very similar spelling"),
        "jw80": (Verdict.CLOSE, "a similar spelling"),
        "else": (Verdict.DISAGREE, "different"),
        "missing": (Verdict.MISSING, "not known on both records"),
    },
    "dob": {
        "exact": (Verdict.AGREE, "the same"),
        "swapped": (Verdict.CLOSE, "the same if day and month were swapped"),
        "year": (Verdict.CLOSE, "the same day and month, one year apart"),
        "near": (Verdict.CLOSE, "one digit or one day apart"),
        "same_year": (Verdict.DISAGREE, "different, same year"),
        "else": (Verdict.DISAGREE, "different"),
        "missing": (Verdict.MISSING, "not known on both records"),
    },
    "sex": {
        "exact": (Verdict.AGREE, "the same"),
        "else": (Verdict.DISAGREE, "different"),
        "missing": (Verdict.MISSING, "not known on both records"),
    },
    "postcode": {
        "exact": (Verdict.AGREE, "the same"),
        "sector": (Verdict.CLOSE, "the same postcode sector"),
        "district": (Verdict.CLOSE, "the same postcode district"),
        "else": (Verdict.DISAGREE, "different (the family may have moved)"),
        "missing": (Verdict.MISSING, "not known on both records"),
    },
    "upn": {
        "exact": (Verdict.AGREE, "the same"),
        "else": (Verdict.DISAGREE, "different"),
        "missing": (Verdict.MISSING, "not known on both records"),
    },
}
LABELS = {"first_name": "First name", "last_name": "Last name", "dob": "Date of birth", "sex": "Sex",
          "postcode": "Postcode", "upn": "UPN"}

# Used when no trained model is shipped: judgement, of the right order of magnitude.
DEFAULT_MODEL = {
    "prior_log2_odds": -8.0,
    "weights": {
        "first_name": {"exact": 4.0, "variant": 3.5, "swapped": 3.0, "other_name": 2.5, "jw90": 2.5, "jw80": 1.0,
                       "else": -3.0, "missing": 0.0},
        "last_name": {"exact": 5.0, "variant": 4.0, "swapped": 3.0, "part": 3.0, "jw90": 3.0, "jw80": 1.0,
                      "else": -3.0, "missing": 0.0},
        "dob": {"exact": 7.0, "swapped": 4.5, "year": 3.0, "near": 3.0, "same_year": -2.0, "else": -6.0, "missing": 0.0},
        "sex": {"exact": 0.8, "else": -3.0, "missing": 0.0},
        "postcode": {"exact": 5.0, "sector": 2.0, "district": 1.0, "else": -1.0, "missing": 0.0},
        "upn": {"exact": 10.0, "else": -5.0, "missing": 0.0},
    },
}


@cache
def model() -> dict:
    try:
        return json.loads(resources.files("cme.matching").joinpath(MODEL_FILE).read_text())
    except FileNotFoundError:
        return DEFAULT_MODEL


@dataclass(frozen=True)
class FieldComparison:
    field: str
    level: str
    ours: str
    theirs: str
    weight: float

    @property
    def label(self) -> str:
        return LABELS[self.field]

    @property
    def verdict(self) -> Verdict:
        return LEVELS[self.field][self.level][0]

    @property
    def words(self) -> str:
        return LEVELS[self.field][self.level][1]


@dataclass
class Candidate:
    kind: str  # "child" or "referral"
    record_id: int
    label: str
    url: str
    comparisons: list[FieldComparison] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def weight(self) -> float:
        return model()["prior_log2_odds"] + sum(c.weight for c in self.comparisons)

    @property
    def probability(self) -> float:
        return 1 / (1 + math.pow(2, -self.weight))

    @property
    def agreeing(self) -> list[FieldComparison]:
        return [c for c in self.comparisons if c.verdict in (Verdict.AGREE, Verdict.CLOSE)]

    @property
    def disagreeing(self) -> list[FieldComparison]:
        return [c for c in self.comparisons if c.verdict is Verdict.DISAGREE]


# -- field comparisons: each returns a level --------------------------------------------

def first_name_level(a: str, b: str, a_other_names: str = "", b_other_names: str = "") -> str:
    """Levels of two folded first names; other names are middle names and aliases, folded."""
    if not a or not b:
        return "missing"
    if a == b:
        return "exact"
    if names.are_given_name_variants(a, b):
        return "variant"
    similarity = jellyfish.jaro_winkler_similarity(a, b)
    spelling = "jw90" if similarity >= 0.9 else "jw80" if similarity >= 0.8 else "else"
    if a in b_other_names.split() or b in a_other_names.split():
        # Knowing more names never counts against a match: the stronger of the two levels.
        weights = model()["weights"]["first_name"]
        return max(("other_name", spelling), key=lambda level: weights[level])
    return spelling


def last_name_level(a: str, b: str) -> str:
    if not a or not b:
        return "missing"
    if a == b:
        return "exact"
    if names.are_surname_variants(a, b):
        return "variant"
    if set(a.split()) & set(b.split()):
        return "part"
    similarity = jellyfish.jaro_winkler_similarity(a, b)
    return "jw90" if similarity >= 0.9 else "jw80" if similarity >= 0.8 else "else"


def swapped(day: dt.date) -> dt.date | None:
    if day.day > 12 or day.day == day.month:
        return None
    try:
        return dt.date(day.year, day.day, day.month)
    except ValueError:
        return None


def digits(day: dt.date) -> str:
    return f"{day.year:04d}{day.month:02d}{day.day:02d}"


def years_apart(day: dt.date) -> set[dt.date]:
    """The same birthday a year earlier and later (28 February for a 29 February birthday
    in a year without one): a year of birth keyed wrongly is a common slip."""
    found = set()
    for year in (day.year - 1, day.year + 1):
        try:
            found.add(day.replace(year=year))
        except ValueError:
            found.add(dt.date(year, 2, 28))
    return found


def dob_level(a: dt.date | None, b: dt.date | None) -> str:
    if a is None or b is None:
        return "missing"
    if a == b:
        return "exact"
    if swapped(a) == b:
        return "swapped"
    if b in years_apart(a):
        return "year"
    digits_a, digits_b = digits(a), digits(b)
    if sum(x != y for x, y in zip(digits_a, digits_b, strict=True)) == 1 or abs((a - b).days) == 1:
        return "near"
    return "same_year" if a.year == b.year else "else"


def sex_level(a: str, b: str) -> str:
    if a not in ("F", "M") or b not in ("F", "M"):
        return "missing"
    return "exact" if a == b else "else"


def postcode_level(a: str, b: str) -> str:
    if not a or not b:
        return "missing"
    if a == b:
        return "exact"
    if len(a) > 3 and len(b) > 3 and a[:-2] == b[:-2]:
        return "sector"
    if len(a) > 3 and len(b) > 3 and a[:-3] == b[:-3]:
        return "district"
    return "else"


def upn_level(a: str, b: str) -> str:
    if not a or not b:
        return "missing"
    return "exact" if a.upper() == b.upper() else "else"


def _same_name(first: str, other_first: str, last: str, other_last: str) -> bool:
    return (first_name_level(first, other_first) in ("exact", "variant")
            and last_name_level(last, other_last) in ("exact", "variant"))


def levels(incoming: Person, *, first_name: str, last_name: str, other_names: str, dob: dt.date | None,
           sex: str, postcode: str, upn: str) -> dict[str, str]:
    """The comparison level of each field. Names are compared folded (names.normalise)."""
    a_first, b_first = names.normalise(incoming.first_name), names.normalise(first_name)
    a_last, b_last = names.normalise(incoming.last_name), names.normalise(last_name)
    result = {
        "first_name": first_name_level(a_first, b_first, names.normalise(incoming.also_known_as),
                                       names.normalise(other_names)),
        "last_name": last_name_level(a_last, b_last),
        "dob": dob_level(incoming.date_of_birth, dob),
        "sex": sex_level(incoming.sex, sex),
        "postcode": postcode_level(identity.compact(incoming.postcode), identity.compact(postcode)),
        "upn": upn_level(incoming.upn, upn),
    }
    # A first and last name written the other way round is a common data-entry slip.
    if result["first_name"] == "else" and result["last_name"] == "else" and a_first and a_last and (
            _same_name(a_first, b_last, a_last, b_first) or _same_name(b_first, a_last, b_last, a_first)):
        result["first_name"] = result["last_name"] = "swapped"
    return result


def compare(incoming: Person, *, first_name: str, last_name: str, other_names: str, dob: dt.date | None,
            sex: str, postcode: str, upn: str) -> list[FieldComparison]:
    weights = model()["weights"]
    theirs = {"first_name": first_name, "last_name": last_name, "dob": dob, "sex": sex, "postcode": postcode,
              "upn": upn}
    ours = {"first_name": incoming.first_name, "last_name": incoming.last_name, "dob": incoming.date_of_birth,
            "sex": incoming.sex, "postcode": incoming.postcode, "upn": incoming.upn}

    def shown(value) -> str:
        if isinstance(value, dt.date):
            return f"{value.day} {value:%B %Y}"
        return value or ""

    found = levels(incoming, first_name=first_name, last_name=last_name, other_names=other_names, dob=dob, sex=sex,
                   postcode=postcode, upn=upn)
    return [FieldComparison(name, level, shown(ours[name]), shown(theirs[name]), weights[name][level])
            for name, level in found.items()]


def near_dates(day: dt.date) -> list[dt.date]:
    """Dates a mistyped date of birth could have been: a day or a year out, or one digit
    of the day, month or year different (the "year" and "near" levels of `dob_level`)."""
    found = {day - dt.timedelta(days=1), day + dt.timedelta(days=1), *years_apart(day)}
    written = digits(day)
    for position in range(8):
        for digit in "0123456789":
            if digit != written[position]:
                text = written[:position] + digit + written[position + 1:]
                try:
                    found.add(dt.date(int(text[:4]), int(text[4:6]), int(text[6:])))
                except ValueError:
                    continue
    return sorted(other for other in found if other != day and other.year >= 1900)


def weight_for(probability: float) -> float:
    """The summed field weight at which a candidate reaches `probability`."""
    return math.log2(probability / (1 - probability)) - model()["prior_log2_odds"]


def score_rows(incoming: Person, rows: list[tuple]) -> list[tuple[float, tuple, list[FieldComparison]]]:
    scored = []
    for row in rows:
        _, first, middle, last, other, dob, sex, upn, postcode = row
        comparisons = compare(incoming, first_name=first, last_name=last, other_names=" ".join((middle, other)),
                              dob=dob, sex=sex, postcode=postcode or "", upn=upn)
        scored.append((sum(c.weight for c in comparisons), row, comparisons))
    scored.sort(key=lambda item: item[0], reverse=True)
    return scored


# -- searching the index by what someone typed ------------------------------------------------

@dataclass
class SearchMatch:
    """Why a child was found by a search, and how well: the weights of the levels that matched."""

    weight: float
    reasons: list[str]


_FOUND = (Verdict.AGREE, Verdict.CLOSE)


def _name_levels(words: list[str], first: str, last: str, others: str) -> tuple[float, list[tuple[str, str]]] | None:
    """The best reading of the searched name words against one of the child's names: (weight, [(field, level)])."""
    weights = model()["weights"]
    readings: list[list[tuple[str, str]]] = []
    if len(words) == 1:
        readings = [[("last_name", last_name_level(words[0], last))],
                    [("first_name", first_name_level(words[0], first, "", others))]]
    else:
        for given, family in ((words[0], words[-1]), (words[-1], words[0])):
            readings.append([("first_name", first_name_level(given, first, " ".join(words[1:-1]), others)),
                             ("last_name", last_name_level(family, last))])
    best = None
    for reading in readings:
        if all(LEVELS[field][level][0] in _FOUND for field, level in reading):
            weight = sum(weights[field][level] for field, level in reading)
            if best is None or weight > best[0]:
                best = (weight, reading)
    return best


def search_match(*, names_searched: list[str], dates: list[dt.date], upns: list[str], reference: int | None,
                 record_id: int, first_name: str, last_name: str, other_names: str, known_names: list[tuple[str, str]],
                 dob: dt.date | None, upn: str, former_upns: list[str]) -> SearchMatch | None:
    """How a child matches a search (`cme.rules.child_records.search_terms`), or None if some term does not match.

    Names are compared with the matcher's own levels (so "hosain" finds Hossain and
    "Harjit" finds Harjot, and a short form finds the full name), against the child's
    name and every other name recorded; one word may be either name, two or more are
    given name then surname, either way round. Dates must be the same or a likely
    slip (day and month swapped, a day, digit or year out).
    """
    weights = model()["weights"]
    total, reasons = 0.0, []
    if reference is not None:
        if reference != record_id:
            return None
        total += 100.0
        reasons.append("Reference: the same")
    for searched in upns:
        if searched == (upn or "").upper():
            total += weights["upn"]["exact"]
            reasons.append("UPN: the same")
        elif searched in {value.upper() for value in former_upns}:
            total += weights["upn"]["exact"]
            reasons.append("A former UPN: the same")
        else:
            return None
    for day in dates:
        level = dob_level(day, dob)
        if LEVELS["dob"][level][0] not in _FOUND:
            return None
        total += weights["dob"][level]
        reasons.append(f"Date of birth: {LEVELS['dob'][level][1]}")
    if names_searched:
        words = [folded for folded in (names.normalise(word) for word in names_searched) if folded]
        candidates = [(names.normalise(first_name), names.normalise(last_name), "")]
        candidates += [(names.normalise(first), names.normalise(last), " ".join(part for part in (first, last) if part))
                       for first, last in known_names]
        others = names.normalise(other_names)
        best = None
        for first, last, known_as in candidates:
            found = _name_levels(words, first, last, others)
            if found is not None and (best is None or found[0] > best[0]):
                best = (found[0], found[1], known_as)
        if best is None:
            return None
        total += best[0]
        for field, level in best[1]:
            label = f"{LABELS[field]} (also known as {best[2]})" if best[2] else LABELS[field]
            reasons.append(f"{label}: {LEVELS[field][level][1]}")
    return SearchMatch(total, reasons)
