"""Synthetic Common Transfer Files, for demonstrations, tests and benchmarks of CTF import.

Pupils come from `PopulationGenerator`, so names, dates of birth and addresses have
the same mix as the rest of the synthetic data, and are dressed with what a real CTF
carries: one or two parents with parental responsibility, phones, former and
preferred names, the national curriculum year and a history of one to three schools.
Everything is made up. Phone numbers are from the ranges Ofcom keeps for drama
(01632 960xxx, 07700 900xxx), e-mail addresses are at example.com, postcodes are in
the unused "DM" area, and schools are invented. Code values (Relationship,
TelephoneType, LeavingReason, language) are illustrative: the official CTF code
tables were not to hand (domain.md §8.4), and the reader keeps any text.

Known problems can be planted at chosen positions, so an importer's error report can
be tested against exactly the errors put in.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import random
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import BinaryIO

from lxml import etree

from cme.formats.ctf import (
    SUPPORTED_VERSIONS,
    CtfAddress,
    CtfContact,
    CtfPhone,
    CtfPupil,
    CtfSchool,
    CtfWriter,
    pupil_element,
)
from cme.rules import names, upn
from cme.rules.school_age import academic_year_start, first_weekday_of_september, year_group_number

from . import pools
from .population import DEMOSHIRE, INWARD_LETTERS, Area, PopulationGenerator, SyntheticChild

ERROR_KINDS: tuple[str, ...] = ("bad_upn_check_letter", "impossible_dob", "missing_surname", "missing_forename")

SOURCE_SCHOOL_NAME = "Demoford Community School"

# DfE ethnicity main codes by community (the generator's descriptions are for people to read).
_ETHNICITY = {
    "english": ("WBRI",), "south-asian": ("APKN", "AIND", "ABAN"), "somali": ("BAFR",), "polish": ("WOTH",),
    "romanian": ("WOTH", "WROM"), "arabic": ("OOTH",), "irish": ("WIRI",), "west-african": ("BAFR",),
}
# Three-letter language codes in the style of the DfE list; English is common in every community.
_LANGUAGES = {
    "english": ("ENG",), "south-asian": ("URD", "PAN", "BEN", "GUJ", "ENG"), "somali": ("SOM", "ENG"),
    "polish": ("POL",), "romanian": ("RUM",), "arabic": ("ARA", "ENG"), "irish": ("ENG",),
    "west-african": ("YOR", "IBO", "TWI", "ENG"),
}
_SCHOOL_KINDS_PRIMARY = ("Primary School", "Community Primary School", "Infant School", "Junior School",
                         "Church of England Primary School", "Primary Academy")
_SCHOOL_KINDS_SECONDARY = ("Academy", "High School", "School", "Community College")
_LEAVING_REASONS = ("Moved house", "Transferred to another school", "Parental choice")
_END_OF_PRIMARY = "End of primary phase"
_TITLES = {"F": ("Mrs", "Ms", "Miss"), "M": ("Mr",)}


def _short_forms() -> dict[str, tuple[str, ...]]:
    """Formal given name -> its everyday forms, for preferred forenames ("Alexander" known as "Alex")."""
    forms: dict[str, tuple[str, ...]] = {}
    for group in names.NICKNAME_GROUPS:
        formal, *short = group
        forms.setdefault(formal, tuple(name.title() for name in short))
    return forms


_SHORT_FORMS = _short_forms()


def _nc_year(dob: dt.date, on: dt.date) -> str:
    """NCyearActual by age: N2 for the year before Reception, R, then 1 to 14."""
    number = year_group_number(dob, on)
    if number <= -1:
        return "N2" if number == -1 else "N1"
    return "R" if number == 0 else str(number)


def _email(forename: str, surname: str, number: int) -> str:
    local = f"{names.normalise(forename)}.{names.normalise(surname)}".replace(" ", "")
    return f"{local}{number}@example.com"


class _PupilMaker:
    """Dresses each SyntheticChild as a CTF pupil. Everything added is drawn from a random
    stream of its own, so the children themselves (names, dates of birth, addresses, UPNs)
    are the ones `PopulationGenerator` gives for the same seed elsewhere in the synthetic data."""

    def __init__(self, *, seed: int, source_lea: str, source_estab: str, on: dt.date) -> None:
        self.source_lea = source_lea
        self.source_estab = source_estab
        self.on = on
        area = Area(la_code=source_lea, postcode_districts=DEMOSHIRE.postcode_districts, towns=DEMOSHIRE.towns)
        self.population = PopulationGenerator(seed, area=area, on=on)
        self.rng = random.Random(f"ctf-{seed}")
        self.communities = {community.key: community for community in pools.COMMUNITIES}
        self.leaving_date_latest = on - dt.timedelta(days=3)
        self.made_upns: set[str] = set()

    def pupils(self, n: int) -> Iterator[CtfPupil]:
        for position, child in enumerate(self.population.children(n), start=1):
            yield self.pupil(child, position)

    # -- identity ---------------------------------------------------------------------
    def _upn(self, child: SyntheticChild) -> str:
        """The child's own UPN, or one made here when the population left it blank (a pupil
        on a school's roll has one). Made UPNs are kept out of the population's set, which
        would otherwise change the children it makes next; a later child whose UPN happens
        to match one made here gets a new one instead, so UPNs in a file never repeat."""
        if child.upn and child.upn not in self.made_upns:
            return child.upn
        while True:
            value = upn.make_upn(self.source_lea, self.source_estab, child.dob.year + 5, self.rng.randint(0, 999))
            if value not in self.population.used_upns and value not in self.made_upns:
                self.made_upns.add(value)
                return value

    def _temporary_upn(self, child: SyntheticChild) -> str:
        letter = self.rng.choice(upn.CHECK_LETTERS)
        serial = f"{self.rng.randint(0, 99):02d}{letter}"
        return upn.make_upn(self.source_lea, f"{self.rng.randint(2000, 4999):04d}", child.dob.year + 4, serial)

    # Names and places are drawn here with this class's own random stream, from the same
    # lists the population uses, so that dressing a child never shifts the children after it.
    def _surname(self, child: SyntheticChild) -> str:
        community = self.communities.get(child.community)
        if community is not None:
            return self.rng.choice(community.surnames)
        pool, weights = self.population.lists["surnames"]
        return self.rng.choices(pool, weights)[0]

    def _other_surname(self, child: SyntheticChild) -> str:
        while True:
            surname = self._surname(child)
            if surname != child.last_name:
                return surname

    def _given(self, child: SyntheticChild, sex: str) -> str:
        community = self.communities.get(child.community)
        if community is not None:
            return self.rng.choice(community.girls if sex == "F" else community.boys)
        pool, weights = self.population.lists["girls" if sex == "F" else "boys"]
        return self.rng.choices(pool, weights)[0]

    # -- contact details ---------------------------------------------------------------
    def _landline(self) -> str:
        return f"01632 960{self.rng.randint(0, 999):03d}"

    def _mobile(self) -> str:
        return f"07700 900{self.rng.randint(0, 999):03d}"

    def _address(self, line_1: str, town: str, postcode: str) -> CtfAddress:
        number, _, street = line_1.partition(" ")
        if self.rng.random() < 0.65:
            saon = f"Flat {self.rng.randint(1, 12)}" if self.rng.random() < 0.1 else ""
            return CtfAddress(saon=saon, paon=number, street=street, town=town, post_town=town, county="Demoshire",
                              postcode=postcode)
        return CtfAddress(lines=[line_1, town], county="Demoshire", postcode=postcode)

    def _elsewhere(self) -> CtfAddress:
        """Where a parent who does not live with the pupil lives: another made-up address in the area."""
        rng = self.rng
        street = rng.choice(self.population.lists["streets"])
        postcode = (f"{rng.choice(DEMOSHIRE.postcode_districts)} {rng.randint(0, 9)}"
                    f"{rng.choice(INWARD_LETTERS)}{rng.choice(INWARD_LETTERS)}")
        return self._address(f"{rng.randint(1, 220)} {street}", rng.choice(DEMOSHIRE.towns), postcode)

    def _contacts(self, child: SyntheticChild, home_phone: str) -> list[CtfContact]:
        contacts: list[CtfContact] = []
        count = 2 if self.rng.random() < 0.6 else 1
        first_sex = "F" if self.rng.random() < 0.8 else "M"
        for order, sex in enumerate((first_sex, "M" if first_sex == "F" else "F")[:count], start=1):
            surname = child.last_name if self.rng.random() < 0.75 else self._other_surname(child)
            forename = self._given(child, sex)
            lives_with_pupil = order == 1 or self.rng.random() < 0.75
            phones = [CtfPhone("M", self._mobile())]
            if lives_with_pupil and home_phone:
                phones.append(CtfPhone("H", home_phone))
            if self.rng.random() < 0.3:
                phones.append(CtfPhone("W", self._landline()))
            contacts.append(CtfContact(
                order=order, title=self.rng.choice(_TITLES[sex]), surname=surname, forename=forename, gender=sex,
                relationship="PAM" if sex == "F" else "PAF", parental_responsibility=True,
                address_as_pupil=lives_with_pupil, address=None if lives_with_pupil else self._elsewhere(),
                phones=phones, email=_email(forename, surname, self.rng.randint(1, 99)) if self.rng.random() < 0.7 else ""))
        return contacts

    # -- schools -------------------------------------------------------------------------
    def _school_name(self, secondary: bool) -> str:
        town = self.rng.choice(DEMOSHIRE.towns)
        kinds = _SCHOOL_KINDS_SECONDARY if secondary else _SCHOOL_KINDS_PRIMARY
        return f"{town} {self.rng.choice(kinds)}"

    def _school_history(self, dob: dt.date, nc_number: int) -> list[CtfSchool]:
        """One to three schools ending at the sending school, which the pupil is leaving now.
        The first starts in the September of Reception; a secondary pupil changed school for Year 7."""
        leaving = self.leaving_date_latest - dt.timedelta(days=self.rng.randint(0, 45))
        reception_year = academic_year_start(self.on) - nc_number
        start = first_weekday_of_september(reception_year)
        if start >= leaving - dt.timedelta(days=20):
            start = leaving - dt.timedelta(days=self.rng.randint(40, 300))
        year_7 = first_weekday_of_september(reception_year + 7)
        cuts: set[dt.date] = set()
        if nc_number >= 7:
            cuts.add(year_7)
        wanted = self.rng.choices((1, 2, 3), (0.45, 0.4, 0.15))[0]
        span = (leaving - start).days
        while len(cuts) + 1 < wanted and span > 120:
            cut = start + dt.timedelta(days=self.rng.randint(60, span - 60))
            if all(abs((cut - other).days) > 60 for other in cuts):
                cuts.add(cut)
            else:
                break
        boundaries = [start, *sorted(cuts)]
        history: list[CtfSchool] = []
        for index, entry in enumerate(boundaries):
            last = index == len(boundaries) - 1
            if last:
                left = leaving
            else:
                left = boundaries[index + 1] - dt.timedelta(days=self.rng.choice((1, 1, 3, 10, 40)))
                left = max(left, entry)
            secondary = entry >= year_7
            reason = _END_OF_PRIMARY if not last and boundaries[index + 1] == year_7 else self.rng.choice(_LEAVING_REASONS)
            if last:
                lea, estab, name = self.source_lea, self.source_estab, SOURCE_SCHOOL_NAME
            else:
                lea, estab = self.source_lea, f"{self.rng.randint(2000, 4999):04d}"
                name = self._school_name(secondary)
            history.append(CtfSchool(lea=lea, estab=estab, name=name, entry_date=entry, leaving_date=left,
                                     leaving_reason=reason, last_school=last))
        return history

    # -- the pupil -------------------------------------------------------------------------
    def pupil(self, child: SyntheticChild, position: int) -> CtfPupil:
        rng = self.rng
        community = child.community
        preferred_forename = ""
        if rng.random() < 0.08:
            short = _SHORT_FORMS.get(child.first_name.lower())
            preferred_forename = rng.choice(short) if short else (child.middle_names.split(" ")[0] if child.middle_names
                                                                  else "")
        home_phone = self._landline() if rng.random() < 0.5 else ""
        in_care = rng.random() < 0.02
        return CtfPupil(
            position=position,
            upn=self._upn(child),
            former_upns=[self._temporary_upn(child)] if rng.random() < 0.03 else [],
            surname=child.last_name,
            forename=child.first_name,
            middle_names=child.middle_names,
            preferred_surname=self._other_surname(child) if rng.random() < 0.03 else "",
            preferred_forename=preferred_forename,
            former_surnames=[self._other_surname(child)] if rng.random() < 0.1 else [],
            former_forenames=[self._given(child, child.sex)] if rng.random() < 0.01 else [],
            dob=child.dob,
            sex=child.sex,
            nc_year_actual=_nc_year(child.dob, self.on),
            ethnicity=rng.choice(_ETHNICITY.get(community, ("NOBT",))),
            first_language=rng.choice(_LANGUAGES.get(community, ("ENG",))),
            enrol_status="C",
            in_care=in_care,
            care_authority=self.source_lea if in_care else "",
            addresses=[self._address(child.address_line_1, child.town, child.postcode)],
            phones=[CtfPhone("H", home_phone)] if home_phone else [],
            contacts=self._contacts(child, home_phone),
            school_history=self._school_history(child.dob, year_group_number(child.dob, self.on)),
        )


def synth_on(version: str) -> dt.date:
    """The day the synthetic pupils leave: a Monday in the autumn term of the academic
    year the CTF version is valid for (CTF NN is valid from September 20NN, domain.md §8.3)."""
    major = int(float(version))
    day = dt.date(2000 + major, 11, 10)
    return day - dt.timedelta(days=day.weekday())


def _check_errors(errors: Mapping[str, Sequence[int]] | None, n: int) -> dict[int, set[str]]:
    by_position: dict[int, set[str]] = {}
    for kind, positions in (errors or {}).items():
        if kind not in ERROR_KINDS:
            raise ValueError(f"Unknown error kind {kind!r}; the kinds are {', '.join(ERROR_KINDS)}")
        for position in positions:
            if not 1 <= position <= n:
                raise ValueError(f"{kind} at position {position} is outside the file, which has pupils 1 to {n}")
            by_position.setdefault(position, set()).add(kind)
    return by_position


def _plant(element: etree._Element, kinds: set[str], rng: random.Random) -> None:
    """Spoil a written pupil in the ways asked for. Done on the XML because a `CtfPupil`
    cannot hold an impossible date, which is exactly what these files must contain."""
    if "bad_upn_check_letter" in kinds:
        node = element.find("UPN")
        value = node.text
        node.text = rng.choice([letter for letter in upn.CHECK_LETTERS if letter != value[0]]) + value[1:]
    if "impossible_dob" in kinds:
        node = element.find("DOB")
        node.text = f"{node.text[:4]}-02-30"
    for kind, tag in (("missing_surname", "Surname"), ("missing_forename", "Forename")):
        if kind in kinds:
            element.remove(element.find(tag))


def _write_synth(stream: BinaryIO, n: int, *, seed: int, version: str, source_lea: str, source_estab: str,
                 dest: tuple[str, str], errors: Mapping[str, Sequence[int]] | None) -> int:
    if n < 0:
        raise ValueError(f"The number of pupils cannot be negative ({n})")
    if version not in SUPPORTED_VERSIONS:
        raise ValueError(f"CTF version {version!r} cannot be generated; use one of {', '.join(SUPPORTED_VERSIONS)}")
    planted = _check_errors(errors, n)
    on = synth_on(version)
    maker = _PupilMaker(seed=seed, source_lea=source_lea, source_estab=source_estab, on=on)
    spoiler = random.Random(f"ctf-errors-{seed}")
    dest_lea, dest_estab = dest
    with CtfWriter(stream, version=version, source_lea=source_lea, source_estab=source_estab, dest_lea=dest_lea,
                   dest_estab=dest_estab, source_school_name=SOURCE_SCHOOL_NAME,
                   generated_at=dt.datetime.combine(on, dt.time(9, 30)), document_qualifier="partial") as writer:
        for pupil in maker.pupils(n):
            element = pupil_element(pupil)
            if pupil.position in planted:
                _plant(element, planted[pupil.position], spoiler)
            writer.write_element(element)
    return writer.count


def synth_ctf(n: int, *, seed: int = 1, version: str = "25.0", source_lea: str = "999", source_estab: str = "4001",
              dest: tuple[str, str] = ("999", "4002"), errors: dict[str, list[int]] | None = None) -> bytes:
    """A CTF of `n` synthetic pupils as bytes, the same for the same arguments.

    `errors` plants problems at 1-based pupil positions, e.g.
    {"bad_upn_check_letter": [3], "impossible_dob": [5, 9]}; kinds are ERROR_KINDS.
    UPNs use `source_lea`, so with the default fictional LA 999 read the file with a
    UPN validator that accepts 999.
    """
    buffer = io.BytesIO()
    _write_synth(buffer, n, seed=seed, version=version, source_lea=source_lea, source_estab=source_estab, dest=dest,
                 errors=errors)
    return buffer.getvalue()


def write_synth_ctf_file(path: str | os.PathLike, n: int, *, seed: int = 1, version: str = "25.0",
                         source_lea: str = "999", source_estab: str = "4001", dest: tuple[str, str] = ("999", "4002"),
                         errors: dict[str, list[int]] | None = None) -> Path:
    """Write the same file as `synth_ctf` straight to disk, one pupil at a time, so that
    files of 50,000 pupils and more need no more memory than one of ten."""
    target = Path(path)
    try:
        with target.open("wb") as stream:
            _write_synth(stream, n, seed=seed, version=version, source_lea=source_lea, source_estab=source_estab,
                         dest=dest, errors=errors)
    except BaseException:
        target.unlink(missing_ok=True)  # half a file would read as a malformed CTF and confuse whoever finds it
        raise
    return target
