"""A synthetic population of children living in households.

Households share a surname and an address; about one household in seventy with more
than one child has twins. Most names come from Faker's en_GB lists; a share comes
from the community pools in `pools`. Fast enough for a million children: Faker is
asked once for its name lists and a pool of streets, then sampling is plain `random`.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from functools import cache

from faker import Faker

from cme.rules.upn import make_upn

from . import pools

INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"  # the letters used in the inward part of a postcode


@dataclass
class SyntheticChild:
    id: str
    first_name: str
    middle_names: str
    last_name: str
    dob: dt.date
    sex: str
    upn: str
    address_line_1: str
    town: str
    postcode: str
    household: int
    community: str
    ethnicity: str
    twin: bool = False
    extra: dict = field(default_factory=dict)

    def as_row(self) -> dict:
        row = asdict(self)
        row["dob"] = self.dob.isoformat()
        row.pop("extra")
        return row


@dataclass(frozen=True)
class Area:
    """Where the population lives: the LA number for UPNs, postcode districts, towns."""

    la_code: str = "999"
    postcode_districts: tuple[str, ...] = ()
    towns: tuple[str, ...] = ()


DEMOSHIRE = Area(
    la_code="999",
    # "DM" is not a postcode area in use, so these cannot be anybody's real address.
    postcode_districts=("DM1", "DM2", "DM3", "DM4", "DM5", "DM6", "DM7", "DM8", "DM9"),
    towns=("Demoford", "Demoford", "Demoford", "Little Demoby", "Fictonbridge", "Upper Notton"),
)

# The demo's second council. "OT" is not a postcode area in use either. Its children's UPNs
# carry 999 as though they started school in Demoshire: the UPN rules accept no other made-up
# LA number (ADR 0003), and Othershire's own, 996, would be flagged as invalid on every page.
OTHERSHIRE = Area(la_code="999", postcode_districts=("OT1", "OT2"), towns=("Otherton", "Otherton", "Pretendbury"))


@cache
def _faker_lists(seed: int) -> dict:
    fake = Faker("en_GB")
    fake.seed_instance(seed)
    provider = fake.provider("faker.providers.person")

    def weighted(names) -> tuple[tuple[str, ...], tuple[float, ...]]:
        if isinstance(names, dict):
            return tuple(names.keys()), tuple(float(w) for w in names.values())
        return tuple(names), tuple(1.0 for _ in names)

    streets = tuple(dict.fromkeys(fake.street_name() for _ in range(3000)))
    towns = tuple(dict.fromkeys(fake.city() for _ in range(300)))
    return {
        "girls": weighted(provider.first_names_female),
        "boys": weighted(provider.first_names_male),
        "surnames": weighted(provider.last_names),
        "streets": streets,
        "towns": towns,
    }


class PopulationGenerator:
    def __init__(self, seed: int, area: Area = DEMOSHIRE, on: dt.date = dt.date(2026, 9, 1),
                 upn_missing_share: float = 0.08):
        self.rng = random.Random(seed)
        self.seed = seed
        self.area = area
        self.on = on
        self.upn_missing_share = upn_missing_share
        self.lists = _faker_lists(seed % 1000)
        self.used_upns: set[str] = set()

    # -- names ---------------------------------------------------------------------
    def _community(self) -> pools.Community | None:
        roll = self.rng.random()
        for community in pools.COMMUNITIES:
            if roll < community.share:
                return community
            roll -= community.share
        return None

    def _surname(self, community: pools.Community | None) -> str:
        if community is not None:
            return self.rng.choice(community.surnames)
        names, weights = self.lists["surnames"]
        surname = self.rng.choices(names, weights)[0]
        if self.rng.random() < pools.DOUBLE_BARREL_SHARE:
            other = self.rng.choices(names, weights)[0]
            if other != surname:
                surname = f"{surname}-{other}"
        return surname

    def _given(self, community: pools.Community | None, sex: str) -> str:
        if community is not None:
            return self.rng.choice(community.girls if sex == "F" else community.boys)
        names, weights = self.lists["girls" if sex == "F" else "boys"]
        return self.rng.choices(names, weights)[0]

    # -- places and numbers -------------------------------------------------------
    def _postcode(self) -> str:
        if self.area.postcode_districts:
            district = self.rng.choice(self.area.postcode_districts)
        else:
            district = (self.rng.choice("ABDEHLMNPS") + self.rng.choice("ABCDEFGHLMNRST")
                        + str(self.rng.randint(1, 29)))
        return f"{district} {self.rng.randint(0, 9)}{self.rng.choice(INWARD_LETTERS)}{self.rng.choice(INWARD_LETTERS)}"

    def _address(self) -> tuple[str, str, str]:
        street = self.rng.choice(self.lists["streets"])
        town = self.rng.choice(self.area.towns or self.lists["towns"])
        return f"{self.rng.randint(1, 220)} {street}", town, self._postcode()

    def _upn(self, dob: dt.date) -> str:
        if self.rng.random() < self.upn_missing_share:
            return ""
        while True:
            establishment = f"{self.rng.randint(2000, 4999):04d}"
            year = dob.year + self.rng.choice((4, 5))
            value = make_upn(self.area.la_code, establishment, year, self.rng.randint(0, 999))
            if value not in self.used_upns:
                self.used_upns.add(value)
                return value

    def _dob(self, youngest_age: float, oldest_age: float) -> dt.date:
        days = self.rng.uniform(youngest_age * 365.25, oldest_age * 365.25)
        return self.on - dt.timedelta(days=int(days))

    # -- households -----------------------------------------------------------------
    def _household_size(self) -> int:
        roll = self.rng.random()
        return 1 if roll < 0.45 else 2 if roll < 0.80 else 3 if roll < 0.94 else self.rng.randint(4, 6)

    def children(self, n: int, id_prefix: str = "C") -> Iterator[SyntheticChild]:
        made = 0
        household = 0
        while made < n:
            household += 1
            community = self._community()
            surname = self._surname(community)
            line_1, town, postcode = self._address()
            size = min(self._household_size(), n - made)
            ethnicity = community.ethnicity if community else pools.ENGLISH_ETHNICITY
            eldest = self._dob(4.0 + 1.5 * (size - 1), 16.5)
            dobs = [eldest]
            twins = size >= 2 and self.rng.random() < 0.015 * size
            for index in range(1, size):
                if twins and index == 1:
                    dobs.append(eldest)
                    continue
                gap = dt.timedelta(days=self.rng.randint(330, 4 * 365))
                dobs.append(min(dobs[-1] + gap, self.on - dt.timedelta(days=int(4 * 365.25))))
            for index, dob in enumerate(dobs):
                made += 1
                sex = self.rng.choice("FM")
                first = self._given(community, sex)
                middle = self._given(community, sex) if community is None and self.rng.random() < 0.55 else ""
                if middle == first:
                    middle = ""
                yield SyntheticChild(
                    id=f"{id_prefix}{made:07d}", first_name=first, middle_names=middle, last_name=surname, dob=dob,
                    sex=sex, upn=self._upn(dob), address_line_1=line_1, town=town, postcode=postcode,
                    household=household, community=community.key if community else "english", ethnicity=ethnicity,
                    twin=twins and index in (0, 1))
