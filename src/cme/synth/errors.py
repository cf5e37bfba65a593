"""A second, independently recorded view of synthetic children, with known errors.

Linkage is only as good as the evidence that it finds the same child twice and keeps
different children apart. Real council data has no ground truth, so the benchmark and
the tests need data that does: `make_pair` builds two datasets from one population
and says which records are the same child.

The second view is what another system (a school census return, a health record, a
housing list) would hold for the same child: recorded by someone else, at another
time, from what a parent said. `ErrorRates` holds one rate per kind of error. A rate
is the chance that a record gets that error *when the error can happen to it*: a
nickname only where the name has a known short form, a day/month swap only where the
day is 12 or less, a hyphenation change only for double-barrelled surnames. Kinds are
drawn independently, so one record can carry several errors, as real records do.
`ErrorMaker.eligible` and `ErrorMaker.applied` count both sides of each rate, so a
caller can check what was generated against what was asked for.

Everything is reproducible from a seed: the same seed gives the same files.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

from cme.rules import names

from . import pools
from .population import DEMOSHIRE, Area, PopulationGenerator, SyntheticChild

# Communities whose names reach English records through transliteration from another
# script (Arabic, Somali in older spellings, Urdu, Bengali, Punjabi): another form of
# the given name from names.NICKNAME_GROUPS is a different spelling, not a nickname.
TRANSLITERATING_COMMUNITIES = frozenset({pools.SOUTH_ASIAN.key, pools.SOMALI.key, pools.ARABIC.key})

SURNAME_PARTICLES = frozenset({"al", "el", "bin", "ibn", "van", "von", "de", "da", "di", "du", "la", "le"})
CSV_COLUMNS = ("id", "first_name", "middle_names", "last_name", "dob", "sex", "upn", "address", "postcode")
LETTERS = "abcdefghijklmnopqrstuvwxyz"


@dataclass(frozen=True)
class ErrorRates:
    """How often the second record of a child differs from the first, by kind.

    The defaults are a judgement of what council extracts look like, not a
    measurement: most records agree, a typo in a name is the commonest error, and
    UPNs go missing. They are never mistyped here because a mistyped UPN fails its
    check letter and the linker treats it as missing, which is the same case; but a
    child can be given a second valid UPN (a school that did not receive the CTF
    issues a new one, or a temporary one), so the same child with two different UPNs
    does happen. Each
    rate applies only where the error is possible (see the module docstring); set a
    rate to match a council's own data when it is known.
    """

    typo: float = 0.08  # one edit (substitution, insertion, deletion, transposition) in the first or last name
    nickname: float = 0.06  # given name recorded as another form (William/Bill), if it has one
    known_by_middle_name: float = 0.04  # the child goes by a middle name, recorded as the given name, if they have one
    transliteration: float = 0.15  # another Latin spelling (Mohammed/Muhammad, Chowdhury/Choudhury), if known
    diacritics: float = 0.5  # accents and special letters dropped (Łukasz/Lukasz), if the name has any
    surname_change: float = 0.02  # the child now uses a step-parent's surname
    hyphenation: float = 0.25  # double-barrelled surname shortened to one part or its hyphen swapped for a space
    name_swap: float = 0.01  # first and last names recorded in each other's place
    dob_swap: float = 0.03  # day and month swapped (12/03 for 03/12), if the day is 12 or less
    dob_day: float = 0.01  # date of birth one day out
    dob_year: float = 0.01  # date of birth one year out
    missing_dob: float = 0.02
    missing_first_name: float = 0.01
    missing_middle_names: float = 0.4  # many systems do not record middle names at all
    missing_sex: float = 0.03
    missing_postcode: float = 0.04
    missing_address: float = 0.05
    missing_upn: float = 0.1  # on top of the population's own missing UPNs
    upn_reissued: float = 0.02  # another valid UPN (a new school issued one, or a temporary one), if it had one
    address_move: float = 0.12  # the family moved: a new address and postcode
    formatting: float = 0.1  # names in capitals, postcode without its space: harmless but common

    def as_dict(self) -> dict[str, float]:
        return asdict(self)

    @classmethod
    def none(cls) -> ErrorRates:
        """No errors at all: a clean copy, for testing the pipeline itself."""
        return cls(**{item.name: 0.0 for item in fields(cls)})


ERROR_KINDS = tuple(item.name for item in fields(ErrorRates))


@dataclass
class PersonRecord:
    """One row of a person file, as `cme link` reads it: strings, empty when missing."""

    id: str
    first_name: str
    middle_names: str
    last_name: str
    dob: str
    sex: str
    upn: str
    address: str
    postcode: str

    @classmethod
    def from_child(cls, child: SyntheticChild, record_id: str | None = None) -> PersonRecord:
        return cls(id=record_id or child.id, first_name=child.first_name, middle_names=child.middle_names,
                   last_name=child.last_name, dob=child.dob.isoformat(), sex=child.sex, upn=child.upn,
                   address=f"{child.address_line_1}, {child.town}", postcode=child.postcode)

    def as_row(self) -> dict[str, str]:
        return asdict(self)


def write_records(path: str | Path, records: Iterable[PersonRecord]) -> int:
    """Write a UTF-8 CSV with a header; returns the number of rows."""
    count = 0
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=CSV_COLUMNS)
        writer.writeheader()
        for record in records:
            writer.writerow(record.as_row())
            count += 1
    return count


def _title(value: str) -> str:
    """Capitalise each word of a name held in lower case in the tables (abdul rahman -> Abdul Rahman)."""
    return " ".join(part[:1].upper() + part[1:] for part in value.split(" "))


def strip_diacritics(value: str) -> str:
    """The name as an English keyboard would type it, keeping capitals (Łukasz -> Lukasz)."""
    special = {"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "ß": "ss", "đ": "d", "Đ": "D", "ı": "i", "æ": "ae"}
    text = unicodedata.normalize("NFKD", "".join(special.get(ch, ch) for ch in value))
    return "".join(ch for ch in text if not unicodedata.combining(ch))


class ErrorMaker:
    """Makes second records of children, counting what it did.

    `eligible[kind]` counts records the error could have happened to and
    `applied[kind]` those it did happen to, so applied / eligible estimates the rate.
    """

    def __init__(self, rates: ErrorRates | None = None, seed: int = 0, area: Area = DEMOSHIRE,
                 on: dt.date = dt.date(2026, 9, 1)):
        self.rates = rates or ErrorRates()
        self.rng = random.Random(f"errors-{seed}")
        # A generator of its own for new addresses and step-parents' surnames, so the
        # errors never disturb the population's random stream.
        self._places = PopulationGenerator(seed + 7919, area=area, on=on)
        self.eligible: Counter[str] = Counter()
        self.applied: Counter[str] = Counter()
        self._current: list[str] = []

    def _roll(self, kind: str, possible: bool = True) -> bool:
        if not possible:
            return False
        self.eligible[kind] += 1
        if self.rng.random() < getattr(self.rates, kind):
            self.applied[kind] += 1
            self._current.append(kind)
            return True
        return False

    # -- names ---------------------------------------------------------------------
    def _typo(self, value: str) -> str:
        """One keying slip in a letter of the name, keeping each position's capitalisation."""
        letters = [index for index, ch in enumerate(value) if ch.isalpha()]
        if not letters:
            return value
        index = self.rng.choice(letters)
        operation = self.rng.choice(("substitute", "insert", "delete", "transpose"))
        chars = list(value)
        if operation == "delete" and len(letters) > 2:
            del chars[index]
        elif operation == "insert":
            chars.insert(index + 1, self.rng.choice(LETTERS))
        elif (operation == "transpose" and index + 1 < len(chars) and chars[index + 1].isalpha()
              and chars[index + 1].lower() != chars[index].lower()):
            first, second = chars[index], chars[index + 1]
            chars[index] = second.upper() if first.isupper() else second.lower()
            chars[index + 1] = first.upper() if second.isupper() else first.lower()
        else:
            new = self.rng.choice(LETTERS.replace(chars[index].lower(), ""))
            chars[index] = new.upper() if chars[index].isupper() else new
        return "".join(chars)

    @staticmethod
    def _other_forms(name: str) -> list[str]:
        key = names.normalise(name)
        return sorted(names.given_name_variants(key) - {key}) if key else []

    @staticmethod
    def _other_surname_spellings(name: str) -> list[str]:
        key = names.normalise(name)
        return sorted(names.surname_variants(key) - {key}) if key else []

    def _given_variant(self, record: PersonRecord, community: str) -> None:
        forms = self._other_forms(record.first_name)
        transliterated = community in TRANSLITERATING_COMMUNITIES
        if self._roll("nickname", bool(forms) and not transliterated):
            record.first_name = _title(self.rng.choice(forms))
        surname_spellings = self._other_surname_spellings(record.last_name)
        given_spellings = forms if transliterated else []
        if self._roll("transliteration", bool(given_spellings) or bool(surname_spellings)):
            use_given = bool(given_spellings) and (not surname_spellings or self.rng.random() < 0.5)
            if use_given:
                record.first_name = _title(self.rng.choice(given_spellings))
            else:
                record.last_name = _title(self.rng.choice(surname_spellings))

    def _surname(self, record: PersonRecord) -> None:
        if self._roll("surname_change"):
            surname = record.last_name
            while names.normalise(surname) == names.normalise(record.last_name):
                surname = self._places._surname(None)
            record.last_name = surname
        double = "-" in record.last_name or " " in record.last_name.strip()
        if self._roll("hyphenation", double):
            parts = [part for part in record.last_name.replace("-", " ").split(" ") if part]
            # A particle (Al-Hassan) is dropped or kept, never left on its own.
            keepable = [part for part in parts if part.lower() not in SURNAME_PARTICLES]
            if len(parts) > 1 and keepable and self.rng.random() < 0.6:
                record.last_name = keepable[0] if len(keepable) == 1 or self.rng.random() < 0.7 else keepable[-1]
            elif "-" in record.last_name:
                record.last_name = record.last_name.replace("-", " ")
            else:
                record.last_name = "-".join(parts)

    # -- dates ---------------------------------------------------------------------
    def _dob(self, record: PersonRecord, dob: dt.date) -> None:
        if self._roll("dob_swap", dob.day <= 12 and dob.day != dob.month):
            dob = dob.replace(month=dob.day, day=dob.month)
        if self._roll("dob_day"):
            dob += dt.timedelta(days=self.rng.choice((-1, 1)))
        if self._roll("dob_year"):
            year = dob.year + self.rng.choice((-1, 1))
            dob = dob.replace(year=year, day=28) if (dob.month, dob.day) == (2, 29) else dob.replace(year=year)
        record.dob = dob.isoformat()

    # -- the record ------------------------------------------------------------------
    def record(self, child: SyntheticChild, record_id: str) -> PersonRecord:
        """A second record of `child` under a new id, with errors drawn at the configured rates."""
        return self.record_with_errors(child, record_id)[0]

    def record_with_errors(self, child: SyntheticChild, record_id: str) -> tuple[PersonRecord, tuple[str, ...]]:
        """The second record and the kinds of error it carries, in the order they were made."""
        self._current = []
        record = PersonRecord.from_child(child, record_id)
        if self._roll("address_move"):
            line_1, town, postcode = self._places._address()
            record.address, record.postcode = f"{line_1}, {town}", postcode
        self._surname(record)
        self._given_variant(record, child.community)
        if self._roll("known_by_middle_name", bool(record.middle_names.strip())):
            middle = record.middle_names.split()
            record.first_name, record.middle_names = middle[0], " ".join(middle[1:])
        if self._roll("diacritics", any(not ch.isascii() for ch in record.first_name + record.middle_names
                                        + record.last_name)):
            record.first_name, record.middle_names, record.last_name = (
                strip_diacritics(record.first_name), strip_diacritics(record.middle_names),
                strip_diacritics(record.last_name))
        if self._roll("typo"):
            if self.rng.random() < 0.5:
                record.first_name = self._typo(record.first_name)
            else:
                record.last_name = self._typo(record.last_name)
        if self._roll("name_swap"):
            record.first_name, record.last_name = record.last_name, record.first_name
        self._dob(record, child.dob)
        if self._roll("formatting"):
            record.first_name, record.last_name = record.first_name.upper(), record.last_name.upper()
            record.postcode = record.postcode.replace(" ", "").lower()
        for kind, attribute in (("missing_dob", "dob"), ("missing_first_name", "first_name"), ("missing_sex", "sex"),
                                ("missing_postcode", "postcode"), ("missing_address", "address")):
            if self._roll(kind):
                setattr(record, attribute, "")
        if self._roll("missing_middle_names", bool(record.middle_names)):
            record.middle_names = ""
        if self._roll("missing_upn", bool(record.upn)):
            record.upn = ""
        if self._roll("upn_reissued", bool(record.upn)):
            record.upn = ""
            while not record.upn or record.upn == child.upn:
                record.upn = self._places._upn(child.dob)
        return record, tuple(self._current)


@dataclass
class SyntheticPair:
    """Two person files and the truth about them.

    `truth` holds (left_id, right_id) for each child in both, and `right_errors` the
    kinds of error in each right-hand record (so a benchmark can report recall by
    kind). `siblings` and `twins` count right-hand records of children who are not in
    the left file but whose brother, sister or twin is: the pairs a linker must not join.
    """

    left: list[PersonRecord]
    right: list[PersonRecord]
    truth: list[tuple[str, str]]
    right_errors: dict[str, tuple[str, ...]] = field(default_factory=dict)
    applied: Counter[str] = field(default_factory=Counter)
    eligible: Counter[str] = field(default_factory=Counter)
    siblings: int = 0
    twins: int = 0

    def summary(self) -> dict:
        return {"left": len(self.left), "right": len(self.right), "true_pairs": len(self.truth),
                "right_siblings_of_left": self.siblings, "right_twins_of_left": self.twins,
                "errors": {kind: self.applied.get(kind, 0) for kind in ERROR_KINDS},
                "eligible": {kind: self.eligible.get(kind, 0) for kind in ERROR_KINDS}}


def _tidy_households(children: list[SyntheticChild], generator: PopulationGenerator) -> list[SyntheticChild]:
    """Undo two artefacts of the population generator that would distort a linkage benchmark.

    1. Younger children of large households whose birthday would fall after the
       youngest school-age birthday are all given exactly that date, so about one
       child in twenty shares one date of birth. They get a date in the three years
       before it instead, never a sibling's (only twins share a birthday).
    2. Siblings can be given the same first name (communities' pools are short).
       Families do not do that, and a linker cannot tell such siblings apart any
       better than a council can; the later sibling gets another name.
    """
    cap = generator.on - dt.timedelta(days=int(4 * 365.25))
    communities = {community.key: community for community in pools.COMMUNITIES}
    households: dict[int, list[SyntheticChild]] = {}
    for child in children:
        households.setdefault(child.household, []).append(child)
    for members in households.values():
        for index, child in enumerate(members):
            older = members[:index]
            if child.dob == cap and not child.twin and index > 0:
                taken = {sibling.dob for sibling in members if sibling is not child}
                while child.dob in taken or child.dob == cap:
                    child.dob = cap - dt.timedelta(days=generator.rng.randint(1, 3 * 365))
            names_taken = {sibling.first_name for sibling in older}
            while child.first_name in names_taken:
                child.first_name = generator._given(communities.get(child.community), child.sex)
    return children


def synthetic_children(n: int, seed: int, area: Area = DEMOSHIRE, on: dt.date = dt.date(2026, 9, 1)
                       ) -> list[SyntheticChild]:
    """`n` children in households, as `make_pair` uses them for its left-hand file."""
    generator = PopulationGenerator(seed, area=area, on=on)
    return _tidy_households(list(generator.children(n)), generator)


def make_pair(n: int, overlap: float, seed: int, rates: ErrorRates | None = None, area: Area = DEMOSHIRE,
              on: dt.date = dt.date(2026, 9, 1)) -> SyntheticPair:
    """Left: `n` children. Right: a second view of `overlap`·n of them plus (1-overlap)·n others.

    The children are drawn as one population and shared out one by one, not by
    household, so the right file holds brothers, sisters and twins of left-hand
    children: same surname, same address, for twins the same date of birth.
    Left-hand records are the population as generated (after `_tidy_households`);
    right-hand ones come from `ErrorMaker` under new ids, in shuffled order.
    """
    if n < 0 or not 0.0 <= overlap <= 1.0:
        raise ValueError("n must be at least 0 and overlap between 0 and 1")
    shared = round(overlap * n)
    others = n - shared
    generator = PopulationGenerator(seed, area=area, on=on)
    population = _tidy_households(list(generator.children(n + others)), generator)
    rng = random.Random(f"pair-{seed}")
    order = list(range(len(population)))
    rng.shuffle(order)
    both, left_only, right_only = order[:shared], order[shared:n], order[n:]
    maker = ErrorMaker(rates, seed=seed, area=area, on=on)

    left_children = sorted((population[index] for index in both + left_only), key=lambda child: child.id)
    left = [PersonRecord.from_child(child) for child in left_children]
    right_sources: list[tuple[SyntheticChild, bool]] = [(population[index], True) for index in both]
    right_sources += [(population[index], False) for index in right_only]
    rng.shuffle(right_sources)

    left_households = Counter(child.household for child in left_children)
    left_twin_households = {child.household for child in left_children if child.twin}
    right: list[PersonRecord] = []
    truth: list[tuple[str, str]] = []
    right_errors: dict[str, tuple[str, ...]] = {}
    siblings = twins = 0
    for number, (child, in_left) in enumerate(right_sources, start=1):
        record, kinds = maker.record_with_errors(child, f"R{number:07d}")
        right.append(record)
        right_errors[record.id] = kinds
        if in_left:
            truth.append((child.id, record.id))
        elif left_households[child.household]:
            siblings += 1
            twins += child.twin and child.household in left_twin_households
    return SyntheticPair(left=left, right=right, truth=truth, right_errors=right_errors, applied=maker.applied,
                         eligible=maker.eligible,
                         siblings=siblings, twins=twins)


def write_truth(path: str | Path, truth: Sequence[tuple[str, str]]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(("left_id", "right_id"))
        writer.writerows(truth)
