"""Reading and writing Common Transfer Files (CTF), the XML in which schools and local
authorities pass pupil records to each other (domain.md §8).

For a CME team a CTF is the richest source of who a child is: former names and UPNs,
contacts with parental responsibility, addresses and the schools attended. Files come
from many management information systems, so the reader is tolerant: it matches
elements on their local names (namespaces are ignored), skips elements it does not
know, keeps code values (LeavingReason, Relationship, TelephoneType) as written
because the official code tables are not to hand, and reports every problem with a
pupil rather than stopping at the first. Only problems that make the whole file
unreadable (bad XML, no Header, a version it does not know) raise.

The reader streams with `lxml.etree.iterparse`, clearing each pupil once read, so a
file of tens of thousands of pupils is read quickly and in bounded memory. The writer
produces one pupil element at a time for the same reason. Nothing here imports Django:
the `import-ctf` command and the tests use it as a plain library.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import BinaryIO, Literal

from lxml import etree

from cme.rules import upn as upn_rules
from cme.rules.dates import DateError, parse_iso_date

SUPPORTED_VERSIONS: tuple[str, ...] = ("24.0", "25.0", "26.0")
DOCUMENT_NAME = "Common Transfer File"

# Special destinations (domain.md §8.2).
LOST_LEA, LOST_ESTAB = "XXX", "XXXX"
ABROAD_LEA, ABROAD_ESTAB = "MMM", "MMMM"
LA_ESTAB = "LLLL"

MAX_ADDRESS_LINES = 5

DestinationKind = Literal["school", "lost", "outside-maintained-or-abroad", "local-authority", "none"]


# -- errors ----------------------------------------------------------------------------


class CtfError(ValueError):
    """The file as a whole cannot be read as a CTF; no pupil in it has been read."""


class CtfSyntaxError(CtfError):
    """The file is not well-formed XML."""


class CtfVersionError(CtfError):
    """The Header names no CTF version, or one this reader was not built for."""


class CtfStructureError(CtfError):
    """The XML is well formed but is not laid out as a CTF (wrong root, no Header)."""


@dataclass(frozen=True, slots=True)
class PupilError:
    """One problem with one pupil. `pupil` is the 1-based position of the pupil in the
    file, because a pupil with a broken or missing UPN has nothing else to point at."""

    pupil: int
    upn: str
    field: str
    message: str

    def as_dict(self) -> dict[str, object]:
        return {"pupil": self.pupil, "upn": self.upn, "field": self.field, "message": self.message}


# -- the records -----------------------------------------------------------------------


@dataclass(slots=True)
class CtfAddress:
    """An address in either CTF form: BS7666 parts (saon..uprn) or up to five free
    `lines`. The two forms are alternatives in a CTF; the reader keeps whatever it finds."""

    saon: str = ""
    paon: str = ""
    street: str = ""
    locality: str = ""
    town: str = ""
    administrative_area: str = ""
    post_town: str = ""
    uprn: str = ""
    lines: list[str] = field(default_factory=list)
    county: str = ""
    postcode: str = ""
    country: str = ""
    zip: str = ""
    easting: str = ""
    northing: str = ""

    @property
    def is_bs7666(self) -> bool:
        return any((self.saon, self.paon, self.street, self.locality, self.town, self.administrative_area,
                    self.post_town, self.uprn))

    def lines_for_display(self) -> list[str]:
        """The address as a person would write it on an envelope: a house number joins
        its street, a house name has a line of its own, repeated towns appear once and
        a UK country is left off."""
        if self.lines:
            candidates = list(self.lines)
        else:
            candidates = [self.saon]
            if self.paon and self.street and _is_house_number(self.paon):
                candidates.append(f"{self.paon} {self.street}")
            else:
                candidates += [self.paon, self.street]
            candidates += [self.locality, self.town, self.post_town, self.administrative_area]
        candidates += [self.county, self.postcode]
        if self.country.strip().upper() not in _UK_COUNTRIES:
            candidates.append(self.country)
        shown: list[str] = []
        seen: set[str] = set()
        for line in candidates:
            line = line.strip()
            if line and line.casefold() not in seen:
                seen.add(line.casefold())
                shown.append(line)
        return shown

    def one_line(self) -> str:
        return ", ".join(self.lines_for_display())


_UK_COUNTRIES = frozenset({"", "GB", "GBR", "UK", "UNITED KINGDOM", "ENGLAND", "ENG"})
_HOUSE_NUMBER = re.compile(r"^\d+[A-Za-z]?(\s*[-–/]\s*\d+[A-Za-z]?)?$")


def _is_house_number(paon: str) -> bool:
    return bool(_HOUSE_NUMBER.match(paon.strip()))


@dataclass(slots=True)
class CtfPhone:
    type: str = ""
    number: str = ""


@dataclass(slots=True)
class CtfContact:
    """A person the school holds for the pupil. `parental_responsibility` is the CTF
    Responsibility flag; None means the file did not say, which is not the same as no."""

    order: int | None = None
    title: str = ""
    surname: str = ""
    forename: str = ""
    middle_names: str = ""
    gender: str = ""
    relationship: str = ""
    parental_responsibility: bool | None = None
    address_as_pupil: bool = False
    address: CtfAddress | None = None
    phones: list[CtfPhone] = field(default_factory=list)
    email: str = ""


@dataclass(slots=True)
class CtfSchool:
    """One entry in the pupil's SchoolHistory. A date the file gave but that is not a
    real date is None here and reported as a PupilError."""

    lea: str = ""
    estab: str = ""
    name: str = ""
    entry_date: dt.date | None = None
    leaving_date: dt.date | None = None
    leaving_reason: str = ""
    last_school: bool | None = None

    @property
    def laestab(self) -> str:
        """The 7-digit DfE number (LA + establishment), the key schools are known by."""
        return f"{self.lea}{self.estab}" if self.lea and self.estab else ""


@dataclass(slots=True)
class CtfPupil:
    """One pupil as the file describes them. `position` is where the pupil sits in the
    file (1-based); it takes no part in equality because it says where a record was
    found, not who the child is, so a pupil written and read back compares equal."""

    position: int = field(default=0, compare=False)
    upn: str = ""
    former_upns: list[str] = field(default_factory=list)
    uln: str = ""
    uci: str = ""
    surname: str = ""
    forename: str = ""
    middle_names: str = ""
    preferred_surname: str = ""
    preferred_forename: str = ""
    former_surnames: list[str] = field(default_factory=list)
    former_forenames: list[str] = field(default_factory=list)
    dob: dt.date | None = None
    sex: str = ""
    nc_year_actual: str = ""
    ethnicity: str = ""
    first_language: str = ""
    enrol_status: str = ""
    in_care: bool | None = None
    care_authority: str = ""
    addresses: list[CtfAddress] = field(default_factory=list)
    phones: list[CtfPhone] = field(default_factory=list)
    email: str = ""
    contacts: list[CtfContact] = field(default_factory=list)
    school_history: list[CtfSchool] = field(default_factory=list)


@dataclass(slots=True)
class CtfHeader:
    version: str = ""
    generated_at: dt.datetime | None = None
    document_qualifier: str = ""
    source_lea: str = ""
    source_estab: str = ""
    source_urn: str = ""
    source_school_name: str = ""
    academic_year: int | None = None
    dest_lea: str = ""
    dest_estab: str = ""
    dest_urn: str = ""
    supplier_id: str = ""
    data_qualifier: str = ""
    data_descriptor: str = ""

    @property
    def destination_kind(self) -> DestinationKind:
        """Where the file is going, as a CME officer needs to know it: a lost-pupil file
        (XXX/XXXX) or one for a child gone abroad or out of the maintained sector
        (MMM/MMMM) starts a different piece of work from a transfer between schools."""
        lea, estab = self.dest_lea.upper(), self.dest_estab.upper()
        if not lea and not estab:
            return "none"
        if lea == LOST_LEA or estab == LOST_ESTAB:
            return "lost"
        if lea == ABROAD_LEA or estab == ABROAD_ESTAB:
            return "outside-maintained-or-abroad"
        if estab == LA_ESTAB:
            return "local-authority"
        return "school"

    @property
    def source_laestab(self) -> str:
        return f"{self.source_lea}{self.source_estab}" if self.source_lea and self.source_estab else ""


@dataclass(slots=True)
class CtfFile:
    header: CtfHeader
    pupils: list[CtfPupil] = field(default_factory=list)
    errors: list[PupilError] = field(default_factory=list)

    @property
    def version(self) -> str:
        return self.header.version


# -- reading ---------------------------------------------------------------------------


Source = str | os.PathLike | bytes | BinaryIO
UpnValidator = Callable[[str], upn_rules.UpnResult]


class _LocalNames(dict):
    """Raw tag -> local name. Tags repeat endlessly in a CTF, so each is split once and
    then found by one dictionary look-up; comments and entities (not str) map to ""."""

    def __missing__(self, tag: object) -> str:
        # Interned, so comparing it with a literal is an identity check.
        name = sys.intern(tag.rpartition("}")[2]) if isinstance(tag, str) else ""
        if len(self) < 4096:  # a hostile file with endless distinct tags must not grow this without bound
            self[tag] = name
        return name


_LOCAL = _LocalNames()


def _text(element: etree._Element) -> str:
    text = element.text
    return text.strip() if text else ""


_BOOLEANS = {"true": True, "1": True, "yes": True, "y": True, "t": True,
             "false": False, "0": False, "no": False, "n": False, "f": False}


def _bool(element: etree._Element) -> bool | None:
    return _BOOLEANS.get(_text(element).lower())


def _version(text: str) -> str:
    """"25" and "25.0" are the same version; files from some suppliers drop the ".0"."""
    text = text.strip()
    return f"{text}.0" if text.isdigit() else text


def _date(text: str) -> dt.date:
    """A CTF date (yyyy-mm-dd); raises DateError saying what is wrong with it."""
    if len(text) == 10 and text[4] == "-" and text[7] == "-":
        try:  # the usual case, at C speed; parse_iso_date below explains any failure
            return dt.date.fromisoformat(text)
        except ValueError:
            pass
    # A few systems write an xs:dateTime where the schema has xs:date; the date part is what they mean.
    if len(text) > 10 and text[10] == "T":
        return _date(text[:10])
    return parse_iso_date(text)


def _open_source(source: Source) -> tuple[BinaryIO | str, bool]:
    """What iterparse should read and whether this function opened it (and must close it).
    A str is a path unless it starts with "<", which no file name does and every XML document may."""
    if isinstance(source, bytes | bytearray | memoryview):
        return io.BytesIO(bytes(source)), True
    if isinstance(source, str):
        if source.lstrip().startswith("<"):
            return io.BytesIO(source.encode("utf-8")), True
        return open(source, "rb"), True
    if isinstance(source, os.PathLike):
        return open(os.fspath(source), "rb"), True
    return source, False


def parse_ctf(source: Source, *, validate_upn: UpnValidator = upn_rules.validate,
              supported_versions: Iterable[str] = SUPPORTED_VERSIONS) -> CtfFile:
    """Read a CTF and check every pupil in it.

    `source` is a path, XML bytes, an XML string beginning with "<", or a binary file.
    Problems with single pupils are collected in `CtfFile.errors` and the pupil is
    still returned, so an importer can take the good records and show the rest;
    problems with the file itself raise a CtfError subclass.
    """
    supported = tuple(supported_versions)
    if not supported:
        raise ValueError("supported_versions is empty: name at least one CTF version to accept")
    stream, opened = _open_source(source)
    try:
        return _parse(stream, validate_upn, supported)
    finally:
        if opened and hasattr(stream, "close"):
            stream.close()


def _parse(stream: BinaryIO | str, validate_upn: UpnValidator, supported: tuple[str, ...]) -> CtfFile:
    # remove_blank_text: indentation between elements is never data in a CTF, and dropping it saves
    # libxml2 and the loops below from stepping over it in an indented file. Entities: a file's own
    # (internal) entities are expanded, within libxml2's amplification limit; external ones are never
    # fetched, so a file cannot make the server read its disk or the network.
    events = etree.iterparse(stream, events=("end",), tag=("{*}Header", "{*}Pupil"), resolve_entities="internal",
                             load_dtd=False, no_network=True, remove_comments=True, remove_pis=True,
                             remove_blank_text=True, huge_tree=False)
    header: CtfHeader | None = None
    pupils: list[CtfPupil] = []
    errors: list[PupilError] = []
    root_checked = False
    try:
        for _event, element in events:
            if not root_checked:
                _check_root(element.getroottree().getroot())
                root_checked = True
            name = _LOCAL[element.tag]
            if name == "Header":
                parent = element.getparent()
                if header is not None or parent is None or parent.getparent() is not None:
                    continue  # only the first Header directly under the root describes the file
                header = _read_header(element, supported)
                continue
            if header is None:
                raise CtfStructureError(
                    "The file has a <Pupil> before any <Header>: a CTF must start with a Header giving its version, "
                    "so the pupils cannot be read safely")
            position = len(pupils) + 1
            pupil, problems = _read_pupil(element, position)
            pupils.append(pupil)
            _check_pupil(pupil, problems, validate_upn, errors)
            # Free the pupil just read and the ones before it: memory stays flat however long the file is.
            element.clear(keep_tail=False)
            parent = element.getparent()
            if parent is not None:
                while element.getprevious() is not None:
                    del parent[0]
    except etree.XMLSyntaxError as error:
        raise _syntax_error(error) from None
    root = events.root
    if root is None:
        raise CtfStructureError("The file holds no XML elements, so it is not a Common Transfer File")
    _check_root(root)
    if header is None:
        raise CtfStructureError("The file has no <Header> under <CTfile>, so its CTF version and source school are unknown")
    return CtfFile(header=header, pupils=pupils, errors=errors)


def _check_root(root: etree._Element) -> None:
    name = _LOCAL[root.tag]
    if name.lower() != "ctfile":
        raise CtfStructureError(f"The root element is <{name}>, not <CTfile>, so this is not a Common Transfer File")


def _syntax_error(error: etree.XMLSyntaxError) -> CtfSyntaxError:
    message = (error.msg or str(error)).strip()
    line = error.lineno or 0
    if line <= 0:
        return CtfSyntaxError(f"The file is empty or is not XML: {message}")
    # lxml repeats the position at the end of its message; it is already in ours.
    message = re.sub(r",\s*line \d+, column \d+$", "", message)
    return CtfSyntaxError(f"Malformed XML at line {line}: {message}")


def _read_header(element: etree._Element, supported: tuple[str, ...]) -> CtfHeader:
    header = CtfHeader()
    version_seen = False
    for child in element:
        name = _LOCAL[child.tag]
        if name == "CTFversion":
            version_seen = True
            header.version = _version(_text(child))
        elif name == "DateTime":
            header.generated_at = _datetime(_text(child))
        elif name == "DocumentQualifier":
            header.document_qualifier = _text(child).lower()
        elif name == "SupplierID":
            header.supplier_id = _text(child)
        elif name == "DataQualifier":
            header.data_qualifier = _text(child)
        elif name == "DataDescriptor":
            header.data_descriptor = _text(child)
        elif name == "SourceSchool":
            for part in child:
                part_name = _LOCAL[part.tag]
                if part_name == "LEA":
                    header.source_lea = _text(part)
                elif part_name == "Estab":
                    header.source_estab = _text(part)
                elif part_name == "URN":
                    header.source_urn = _text(part)
                elif part_name == "SchoolName":
                    header.source_school_name = _text(part)
                elif part_name == "AcademicYear":
                    year = _text(part)
                    header.academic_year = int(year) if year.isdigit() else None
        elif name == "DestSchool":
            for part in child:
                part_name = _LOCAL[part.tag]
                if part_name == "LEA":
                    header.dest_lea = _text(part)
                elif part_name == "Estab":
                    header.dest_estab = _text(part)
                elif part_name == "URN":
                    header.dest_urn = _text(part)
    listed = ", ".join(supported[:-1]) + (f" and {supported[-1]}" if len(supported) > 1 else supported[0])
    if not version_seen or not header.version:
        raise CtfVersionError(f"The Header has no CTFversion, so the file cannot be read safely; "
                              f"this reader supports CTF versions {listed}")
    if header.version not in supported:
        raise CtfVersionError(f"CTF version {header.version} is not supported; this reader supports CTF versions {listed}")
    return header


def _datetime(text: str) -> dt.datetime | None:
    """The Header DateTime is informative only, so a value that is not a date-time is dropped, not fatal."""
    if not text:
        return None
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError:
        return None


# Plain-text elements of a pupil, found directly under Pupil or in BasicDetails (some
# systems put BasicDetails items straight under Pupil, so both places are read alike),
# each with its slot in the list of values `_read_pupil` fills. The first non-empty
# value wins, so a pupil-level element beats a stray repeat.
_PUPIL_SLOTS = {
    "UPN": 0, "UniqueLearnerNumber": 1, "UCI": 2, "Surname": 3, "Forename": 4, "MiddleNames": 5,
    "PreferredSurname": 6, "PreferredForename": 7, "NCyearActual": 8, "Ethnicity": 9, "EnrolStatus": 10,
    "Email": 11, "DOB": 12, "Sex": 13, "Gender": 14,
}
_SEX = {"M": "M", "F": "F", "MALE": "M", "FEMALE": "F"}
_ADDRESS_SLOTS = {
    "SAON": 0, "PAON": 1, "Street": 2, "Locality": 3, "Town": 4, "AdministrativeArea": 5, "PostTown": 6,
    "UniquePropertyReferenceNumber": 7, "County": 8, "PostCode": 9, "Country": 10, "Zip": 11, "Easting": 12,
    "Northing": 13,
}
_CONTACT_SLOTS = {"Title": 0, "Surname": 1, "Forename": 2, "MiddleNames": 3, "Gender": 4, "Relationship": 5, "Email": 6}


def _read_pupil(element: etree._Element, position: int) -> tuple[CtfPupil, list[tuple[str, str]]]:
    """Read one <Pupil>. Written as flat loops over local variables rather than small
    helpers because this is the inner loop of a 50,000-pupil import: every call and
    attribute look-up saved here is saved some three million times."""
    local = _LOCAL
    slots = _PUPIL_SLOTS
    values = [""] * 15
    problems: list[tuple[str, str]] = []
    former_upns: list[str] = []
    former_surnames: list[str] = []
    former_forenames: list[str] = []
    first_language = care_authority = ""
    in_care: bool | None = None
    addresses: list[CtfAddress] = []
    phones: list[CtfPhone] = []
    contacts: list[CtfContact] = []
    history: list[CtfSchool] = []
    containers = [element]
    for container in containers:  # BasicDetails is appended and read after the pupil-level elements
        for child in container:
            name = local[child.tag]
            slot = slots.get(name)
            if slot is not None:
                text = child.text
                if text and (text := text.strip()) and not values[slot]:
                    values[slot] = text
            elif name == "BasicDetails":
                containers.append(child)
            elif name == "Contacts":
                for contact in child:
                    if local[contact.tag] == "Contact":
                        contacts.append(_read_contact(contact))
            elif name == "SchoolHistory":
                for school in child:
                    if local[school.tag] == "School":
                        history.append(_read_school(school, len(history) + 1, problems))
            elif name == "Address":
                addresses.append(_read_address(child))
            elif name == "Phones":
                _read_phones(child, phones)
            elif name == "Languages":
                first_language = first_language or _first_language(child)
            elif name == "LookedAfter":
                for part in child:
                    part_name = local[part.tag]
                    if part_name == "InCare":
                        in_care = _bool(part)
                    elif part_name == "CareAuthority":
                        care_authority = _text(part)
            elif name == "FormerUPN":
                if text := _text(child):
                    former_upns.append(upn_rules.normalise(text))
            elif name == "FormerSurname":
                if text := _text(child):
                    former_surnames.append(text)
            elif name == "FormerForename" and (text := _text(child)):
                former_forenames.append(text)
    dob_text = values[12]
    dob = None
    if dob_text:
        try:
            dob = _date(dob_text)
        except DateError as error:
            problems.append(("DOB", str(error)))
    sex = ""
    if sex_text := values[13] or values[14]:  # <Gender> in files from before the change to <Sex>
        sex = _SEX.get(sex_text.upper(), "")
        if not sex:
            element_name = "Sex" if values[13] else "Gender"
            problems.append((element_name, f"'{sex_text}' is not a sex a CTF records (M or F), so it has been left blank"))
    upn = values[0]
    pupil = CtfPupil(
        position=position, upn=upn_rules.normalise(upn) if upn else "", former_upns=former_upns, uln=values[1],
        uci=values[2], surname=values[3], forename=values[4], middle_names=values[5], preferred_surname=values[6],
        preferred_forename=values[7], former_surnames=former_surnames, former_forenames=former_forenames, dob=dob,
        sex=sex, nc_year_actual=values[8], ethnicity=values[9], first_language=first_language, enrol_status=values[10],
        in_care=in_care, care_authority=care_authority, addresses=addresses, phones=phones, email=values[11],
        contacts=contacts, school_history=history)
    return pupil, problems


def _first_language(languages: etree._Element) -> str:
    """The language of the Type marked F (first language); failing that, the only language given."""
    found: list[tuple[str, str]] = []
    for entry in languages:
        if _LOCAL[entry.tag] != "Type":
            continue
        kind = code = ""
        for part in entry:
            part_name = _LOCAL[part.tag]
            if part_name == "LanguageType":
                kind = _text(part).upper()
            elif part_name == "Language":
                code = _text(part)
        if code:
            found.append((kind, code))
    for kind, code in found:
        if kind == "F":
            return code
    return found[0][1] if len(found) == 1 and not found[0][0] else ""


def _read_address(element: etree._Element) -> CtfAddress:
    """Either address form, with the parts that follow it, from an <Address> (or, for a
    contact, from what follows its AddressAsPupil)."""
    local = _LOCAL
    slots = _ADDRESS_SLOTS
    values = [""] * 14
    lines: list[str] = []
    containers = [element]
    for container in containers:
        for child in container:
            name = local[child.tag]
            slot = slots.get(name)
            if slot is not None:
                text = child.text
                if text and (text := text.strip()):
                    values[slot] = text
            elif name == "BS7666Address" or name == "AddressLines":
                containers.append(child)
            elif name.startswith("AddressLine") and (text := _text(child)):
                lines.append(text)
    return CtfAddress(values[0], values[1], values[2], values[3], values[4], values[5], values[6], values[7], lines,
                      values[8], values[9], values[10], values[11], values[12], values[13])


def _read_phones(element: etree._Element, phones: list[CtfPhone]) -> None:
    local = _LOCAL
    for phone in element:
        if local[phone.tag] != "Phone":
            continue
        kind = number = ""
        for part in phone:
            text = part.text
            if text:
                part_name = local[part.tag]
                if part_name == "PhoneNo":
                    number = text.strip()
                elif part_name == "TelephoneType":
                    kind = text.strip()
        phones.append(CtfPhone(kind, number))


def _read_contact(element: etree._Element) -> CtfContact:
    local = _LOCAL
    slots = _CONTACT_SLOTS
    values = [""] * 7
    order: int | None = None
    responsibility: bool | None = None
    as_pupil = False
    address: CtfAddress | None = None
    phones: list[CtfPhone] = []
    for child in element:
        name = local[child.tag]
        slot = slots.get(name)
        if slot is not None:
            text = child.text
            if text and (text := text.strip()) and not values[slot]:
                values[slot] = text
        elif name == "Phones":
            _read_phones(child, phones)
        elif name == "Address":
            own_address = False
            for part in child:
                if local[part.tag] == "AddressAsPupil":
                    as_pupil = bool(_bool(part))
                else:
                    own_address = True
            if own_address:
                candidate = _read_address(child)
                address = candidate if candidate != CtfAddress() else None
        elif name == "Order":
            text = _text(child)
            order = int(text) if text.isdigit() else None
        elif name == "Responsibility":
            responsibility = _bool(child)
    return CtfContact(order, values[0], values[1], values[2], values[3], values[4], values[5], responsibility, as_pupil,
                      address, phones, values[6])


def _read_school(element: etree._Element, index: int, problems: list[tuple[str, str]]) -> CtfSchool:
    lea = estab = name_text = entry_text = leaving_text = reason = ""
    last_school: bool | None = None
    for child in element:
        text = child.text
        if not text or not (text := text.strip()):
            continue
        name = _LOCAL[child.tag]
        if name == "EntryDate":
            entry_text = text
        elif name == "LeavingDate":
            leaving_text = text
        elif name == "LEA":
            lea = text
        elif name == "Estab":
            estab = text
        elif name == "SchoolName":
            name_text = text
        elif name == "LeavingReason":
            reason = text
        elif name == "LastSchool":
            last_school = _BOOLEANS.get(text.lower())
    entry = leaving = None
    if entry_text:
        try:
            entry = _date(entry_text)
        except DateError as error:
            problems.append((f"SchoolHistory/School[{index}]/EntryDate", str(error)))
    if leaving_text:
        try:
            leaving = _date(leaving_text)
        except DateError as error:
            problems.append((f"SchoolHistory/School[{index}]/LeavingDate", str(error)))
    if entry and leaving and leaving < entry:
        problems.append((f"SchoolHistory/School[{index}]/LeavingDate",
                         f"The LeavingDate {leaving.isoformat()} is before the EntryDate {entry.isoformat()}"))
    return CtfSchool(lea, estab, name_text, entry, leaving, reason, last_school)


def _check_pupil(pupil: CtfPupil, problems: list[tuple[str, str]], validate_upn: UpnValidator,
                 errors: list[PupilError]) -> None:
    """Turn what was noticed while reading, and the checks that need the whole pupil, into
    PupilErrors in the order the elements come in a CTF."""
    found: list[tuple[str, str]] = []
    if pupil.upn:
        result = validate_upn(pupil.upn)
        if not result.valid:
            found.append(("UPN", result.error or "The UPN is not valid"))
    if not pupil.surname:
        found.append(("Surname", "Surname is missing: every pupil in a CTF must have one"))
    if not pupil.forename:
        found.append(("Forename", "Forename is missing: every pupil in a CTF must have one"))
    dob_problem = next((message for name, message in problems if name == "DOB"), None) if problems else None
    if dob_problem:
        found.append(("DOB", dob_problem))
    elif pupil.dob is None:
        found.append(("DOB", "DOB is missing: every pupil in a CTF must have a date of birth"))
    if problems:
        found.extend((name, message) for name, message in problems if name in ("Sex", "Gender"))
    several = len(pupil.former_upns) > 1
    for index, former in enumerate(pupil.former_upns, start=1):
        result = validate_upn(former)
        if not result.valid:
            name = f"BasicDetails/FormerUPN[{index}]" if several else "BasicDetails/FormerUPN"
            found.append((name, f"FormerUPN '{former}' is not valid: {result.error}"))
    if problems:
        found.extend((name, message) for name, message in problems if name.startswith("SchoolHistory/"))
    if found:
        errors.extend(PupilError(pupil=pupil.position, upn=pupil.upn, field=name, message=message)
                      for name, message in found)


# -- writing ---------------------------------------------------------------------------


def lost_pupil_destination() -> tuple[str, str]:
    """DestSchool LEA and Estab for a pupil whose destination is unknown (the Lost Pupil Database)."""
    return LOST_LEA, LOST_ESTAB


def abroad_destination() -> tuple[str, str]:
    """DestSchool LEA and Estab for a pupil gone abroad or out of the maintained sector."""
    return ABROAD_LEA, ABROAD_ESTAB


def _sub(parent: etree._Element, tag: str, text: str | None) -> None:
    if text:
        etree.SubElement(parent, tag).text = text


def _sub_bool(parent: etree._Element, tag: str, value: bool | None) -> None:
    if value is not None:
        etree.SubElement(parent, tag).text = "true" if value else "false"


def _address_element(parent: etree._Element, address: CtfAddress, where: str) -> None:
    if address.lines and address.is_bs7666:
        raise ValueError(f"{where} has both BS7666 parts and AddressLines; a CTF address holds one form or the other")
    if len(address.lines) > MAX_ADDRESS_LINES:
        raise ValueError(f"{where} has {len(address.lines)} AddressLines; a CTF address has at most {MAX_ADDRESS_LINES}")
    if address.is_bs7666:
        bs7666 = etree.SubElement(parent, "BS7666Address")
        for tag, value in (("SAON", address.saon), ("PAON", address.paon), ("Street", address.street),
                           ("Locality", address.locality), ("Town", address.town),
                           ("AdministrativeArea", address.administrative_area), ("PostTown", address.post_town),
                           ("UniquePropertyReferenceNumber", address.uprn)):
            _sub(bs7666, tag, value)
    elif address.lines:
        lines = etree.SubElement(parent, "AddressLines")
        for number, line in enumerate((line for line in address.lines if line), start=1):
            _sub(lines, f"AddressLine{number}", line)
    for tag, value in (("County", address.county), ("PostCode", address.postcode), ("Zip", address.zip),
                       ("Country", address.country), ("Easting", address.easting), ("Northing", address.northing)):
        _sub(parent, tag, value)


def _phones_element(parent: etree._Element, phones: list[CtfPhone]) -> None:
    if not phones:
        return
    container = etree.SubElement(parent, "Phones")
    for phone in phones:
        entry = etree.SubElement(container, "Phone")
        _sub(entry, "TelephoneType", phone.type)
        _sub(entry, "PhoneNo", phone.number)


def pupil_element(pupil: CtfPupil) -> etree._Element:
    """One <Pupil> element, elements in CTF order and empty optional elements left out.
    Public so that callers (the synthetic generator) can adjust a pupil before writing it."""
    who = f"Pupil {pupil.upn or pupil.position or ''}".strip()
    root = etree.Element("Pupil")
    _sub(root, "UPN", pupil.upn)
    _sub(root, "UniqueLearnerNumber", pupil.uln)
    _sub(root, "UCI", pupil.uci)
    _sub(root, "Surname", pupil.surname)
    _sub(root, "Forename", pupil.forename)
    _sub(root, "DOB", pupil.dob.isoformat() if pupil.dob else "")
    _sub(root, "Sex", pupil.sex)

    basic = etree.SubElement(root, "BasicDetails")
    for former in pupil.former_upns:
        _sub(basic, "FormerUPN", former)
    _sub(basic, "PreferredSurname", pupil.preferred_surname)
    _sub(basic, "PreferredForename", pupil.preferred_forename)
    for former in pupil.former_surnames:
        _sub(basic, "FormerSurname", former)
    for former in pupil.former_forenames:
        _sub(basic, "FormerForename", former)
    _sub(basic, "MiddleNames", pupil.middle_names)
    _sub(basic, "NCyearActual", pupil.nc_year_actual)
    _sub(basic, "Ethnicity", pupil.ethnicity)
    if pupil.first_language:
        language = etree.SubElement(etree.SubElement(basic, "Languages"), "Type")
        _sub(language, "LanguageType", "F")
        _sub(language, "Language", pupil.first_language)
    _sub(basic, "EnrolStatus", pupil.enrol_status)
    if len(basic) == 0:
        root.remove(basic)

    if pupil.in_care is not None or pupil.care_authority:
        looked_after = etree.SubElement(root, "LookedAfter")
        _sub_bool(looked_after, "InCare", pupil.in_care)
        _sub(looked_after, "CareAuthority", pupil.care_authority)

    for index, address in enumerate(pupil.addresses, start=1):
        _address_element(etree.SubElement(root, "Address"), address, f"{who}, address {index},")
    _phones_element(root, pupil.phones)
    _sub(root, "Email", pupil.email)

    if pupil.contacts:
        contacts = etree.SubElement(root, "Contacts")
        for index, contact in enumerate(pupil.contacts, start=1):
            entry = etree.SubElement(contacts, "Contact")
            _sub(entry, "Order", str(contact.order) if contact.order is not None else "")
            _sub(entry, "Title", contact.title)
            _sub(entry, "Surname", contact.surname)
            _sub(entry, "Forename", contact.forename)
            _sub(entry, "MiddleNames", contact.middle_names)
            _sub(entry, "Gender", contact.gender)
            _sub(entry, "Relationship", contact.relationship)
            _sub_bool(entry, "Responsibility", contact.parental_responsibility)
            if contact.address_as_pupil and contact.address is not None:
                raise ValueError(f"{who}, contact {index}, is marked AddressAsPupil and also has an address of its own; "
                                 "give one or the other")
            if contact.address_as_pupil:
                _sub(etree.SubElement(entry, "Address"), "AddressAsPupil", "true")
            elif contact.address is not None:
                _address_element(etree.SubElement(entry, "Address"), contact.address, f"{who}, contact {index},")
            _phones_element(entry, contact.phones)
            _sub(entry, "Email", contact.email)

    if pupil.school_history:
        history = etree.SubElement(root, "SchoolHistory")
        for school in pupil.school_history:
            entry = etree.SubElement(history, "School")
            _sub(entry, "LEA", school.lea)
            _sub(entry, "Estab", school.estab)
            _sub(entry, "SchoolName", school.name)
            _sub(entry, "EntryDate", school.entry_date.isoformat() if school.entry_date else "")
            _sub(entry, "LeavingDate", school.leaving_date.isoformat() if school.leaving_date else "")
            _sub(entry, "LeavingReason", school.leaving_reason)
            _sub_bool(entry, "LastSchool", school.last_school)
    return root


_LEA = re.compile(r"^\d{3}$")
_ESTAB = re.compile(r"^\d{4}$")


def _check_header_values(version: str, source_lea: str, source_estab: str, dest_lea: str, dest_estab: str,
                         document_qualifier: str) -> None:
    """Refuse to write a header the receiving system would reject, naming the value at fault."""
    if version not in SUPPORTED_VERSIONS:
        raise ValueError(f"CTF version {version!r} cannot be written; use one of {', '.join(SUPPORTED_VERSIONS)}")
    if document_qualifier not in ("full", "partial"):
        raise ValueError(f"document_qualifier must be 'full' or 'partial', not {document_qualifier!r}")
    if not _LEA.match(source_lea):
        raise ValueError(f"source_lea must be a 3-digit DfE local authority number, not {source_lea!r}")
    if not (_ESTAB.match(source_estab) or source_estab == LA_ESTAB):
        raise ValueError(f"source_estab must be a 4-digit establishment number or {LA_ESTAB} "
                         f"(a CTF sent by a local authority), not {source_estab!r}")
    special = {LOST_LEA: LOST_ESTAB, ABROAD_LEA: ABROAD_ESTAB}
    if dest_lea in special or dest_estab in special.values():
        if special.get(dest_lea) != dest_estab:
            raise ValueError(f"A special destination is {LOST_LEA}/{LOST_ESTAB} (lost pupil) or {ABROAD_LEA}/{ABROAD_ESTAB} "
                             f"(abroad or outside the maintained sector), not {dest_lea}/{dest_estab}")
        return
    if not _LEA.match(dest_lea):
        raise ValueError(f"dest_lea must be a 3-digit DfE local authority number, {LOST_LEA} or {ABROAD_LEA}, "
                         f"not {dest_lea!r}")
    if not (_ESTAB.match(dest_estab) or dest_estab == LA_ESTAB):
        raise ValueError(f"dest_estab must be a 4-digit establishment number, {LA_ESTAB}, {LOST_ESTAB} or "
                         f"{ABROAD_ESTAB}, not {dest_estab!r}")


def _academic_year(on: dt.datetime) -> int:
    """CTF AcademicYear turns over on 1 August (Capita One notes, domain.md §8.3)."""
    return on.year if on.month >= 8 else on.year - 1


class CtfWriter:
    """Writes a CTF to a binary stream one pupil at a time, so a file of any size needs
    only one pupil in memory. Use as a context manager: the closing tags are written on
    a clean exit only, so a failed write leaves a file no reader will mistake for whole."""

    def __init__(self, stream: BinaryIO, *, version: str, source_lea: str, source_estab: str, dest_lea: str,
                 dest_estab: str, source_school_name: str = "", source_urn: str = "", academic_year: int | None = None,
                 generated_at: dt.datetime, document_qualifier: str = "partial",
                 supplier_id: str = "CME Tracker") -> None:
        _check_header_values(version, source_lea, source_estab, dest_lea, dest_estab, document_qualifier)
        self.stream = stream
        self.count = 0
        when = generated_at.replace(microsecond=0)  # the caller's clock: pure formats never read one
        header = etree.Element("Header")
        _sub(header, "DocumentName", DOCUMENT_NAME)
        _sub(header, "CTFversion", version)
        _sub(header, "DateTime", when.strftime("%Y-%m-%dT%H:%M:%S"))
        _sub(header, "DocumentQualifier", document_qualifier)
        _sub(header, "SupplierID", supplier_id)
        source = etree.SubElement(header, "SourceSchool")
        _sub(source, "LEA", source_lea)
        _sub(source, "Estab", source_estab)
        _sub(source, "URN", source_urn)
        _sub(source, "SchoolName", source_school_name)
        _sub(source, "AcademicYear", str(academic_year if academic_year is not None else _academic_year(when)))
        dest = etree.SubElement(header, "DestSchool")
        _sub(dest, "LEA", dest_lea)
        _sub(dest, "Estab", dest_estab)
        etree.indent(header, space="  ", level=1)
        self._header = header

    def __enter__(self) -> CtfWriter:
        self.stream.write(b'<?xml version="1.0" encoding="UTF-8"?>\n<CTfile>\n  ')
        self.stream.write(etree.tostring(self._header, encoding="utf-8", xml_declaration=False))
        self.stream.write(b"\n  <CTFpupilData>\n")
        return self

    def write(self, pupil: CtfPupil) -> None:
        self.write_element(pupil_element(pupil))

    def write_element(self, element: etree._Element) -> None:
        etree.indent(element, space="  ", level=2)
        self.stream.write(b"    ")
        self.stream.write(etree.tostring(element, encoding="utf-8", xml_declaration=False))
        self.stream.write(b"\n")
        self.count += 1

    def __exit__(self, exc_type: object, exc: object, traceback: object) -> None:
        if exc_type is None:
            self.stream.write(b"  </CTFpupilData>\n</CTfile>\n")


def write_ctf_to(target: str | os.PathLike | BinaryIO, *, pupils: Iterable[CtfPupil], **header: object) -> int:
    """Stream a CTF to a path or binary file; returns the number of pupils written.
    Takes the same header arguments as `write_ctf`."""
    if isinstance(target, str | os.PathLike):
        with open(os.fspath(target), "wb") as stream:
            return write_ctf_to(stream, pupils=pupils, **header)
    with CtfWriter(target, **header) as writer:
        for pupil in pupils:
            writer.write(pupil)
    return writer.count


def write_ctf(*, version: str, source_lea: str, source_estab: str, dest_lea: str, dest_estab: str,
              pupils: Iterable[CtfPupil], source_school_name: str = "", source_urn: str = "",
              generated_at: dt.datetime, academic_year: int | None = None,
              document_qualifier: str = "partial", supplier_id: str = "CME Tracker") -> bytes:
    """A whole CTF as UTF-8 bytes. Raises ValueError, naming the value, for a header or
    pupil that would make a file other systems reject."""
    buffer = io.BytesIO()
    write_ctf_to(buffer, pupils=pupils, version=version, source_lea=source_lea, source_estab=source_estab,
                 dest_lea=dest_lea, dest_estab=dest_estab, source_school_name=source_school_name, source_urn=source_urn,
                 academic_year=academic_year, generated_at=generated_at, document_qualifier=document_qualifier,
                 supplier_id=supplier_id)
    return buffer.getvalue()
