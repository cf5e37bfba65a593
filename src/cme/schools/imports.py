"""Loading pupil records into the child index: Common Transfer Files and school rolls as
CSV, and schools' new-pupil returns as CSV. All are all-or-nothing: a file with any invalid
pupil imports nothing and every problem is reported, with the pupil's position (CTF) or
line number and column heading (CSV). A pupil listed twice in one file is a problem too.
Each kind of file has a size and a row limit (`cme.core.uploads`), checked before any row.

Importing the same file twice changes nothing the second time: each child keeps a
fingerprint of what the last import said, and an unchanged pupil is left alone. Rows
are written in bulk so a 50,000-pupil file takes seconds, not minutes.
"""

from __future__ import annotations

import csv
import datetime as dt
import gc
import hashlib
import io
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Protocol

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from cme.children import candidates
from cme.children.models import Child, ChildAddress, ChildName, Contact, NameKind, SenStatus
from cme.core import clock, events, uploads
from cme.core.bulk import copy_rows, reserve_ids
from cme.core.forms import yes_no
from cme.core.rules_config import validate_upn
from cme.core.uploads import Upload, UploadLimit
from cme.formats import ctf
from cme.matching import scoring
from cme.rules import dfe_return, identity, names
from cme.rules.dates import DateError, parse_uk_date
from cme.rules.identity import Person

from .events import PupilsReportedMissing
from .models import Registration, RegistrationSource, ReturnSource, School


class Progress(Protocol):
    """Told how far a long import has gone: `done` of `total`, and what it is doing."""

    def __call__(self, done: int, total: int, *, stage: str = "Importing") -> None: ...


BATCH = 2000


class ImportFailed(Exception):
    """The file could not be read at all (bad XML, unknown version, not a CSV, too large),
    or its pupils cannot all be written; the message says what to do."""


@dataclass
class ImportOutcome:
    file: str
    ctf_version: str | None
    pupils: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[dict] = field(default_factory=list)
    enquiries_opened: int = 0
    left_roll: int = 0
    already_sent: list[dict] = field(default_factory=list)  # rows whose return the school had sent before

    def as_dict(self) -> dict:
        return {"file": self.file, "ctf_version": self.ctf_version, "pupils": self.pupils, "created": self.created,
                "updated": self.updated, "unchanged": self.unchanged, "errors": self.errors}


@contextmanager
def collector_paused() -> Iterator[None]:
    """Reading a large file makes millions of short-lived objects and no cycles; the
    cycle collector would spend a tenth of the import looking for garbage."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def fingerprint(pupil: ctf.CtfPupil) -> str:
    """A digest of everything the file says about the pupil (not where in the file)."""
    return hashlib.sha256(repr(replace(pupil, position=0)).encode()).hexdigest()


def _name_key(first: str, last: str, dob: dt.date | None) -> tuple[str, str, dt.date | None]:
    return names.normalise(first), names.normalise(last), dob


CHILD_COLUMNS = ("id", "local_authority_id", "first_name", "middle_names", "last_name", "other_names", "date_of_birth",
                 "sex", "upn", "former_upns", "ethnicity", "sen_status", "looked_after", "is_fictional",
                 "import_fingerprint", "created_at", "updated_at")
ADDRESS_COLUMNS = ("child_id", "kind", "line_1", "line_2", "town", "postcode", "uprn")
CONTACT_COLUMNS = ("child_id", "order", "title", "first_name", "last_name", "relationship", "parental_responsibility",
                   "lives_with_child", "phones", "email", "address")
NAME_COLUMNS = ("child_id", "kind", "first_name", "last_name")
REGISTRATION_COLUMNS = ("child_id", "school_id", "school_laestab", "school_name", "entry_date", "leaving_date",
                        "leaving_reason", "source")

# The row builders make plain tuples in the column orders above: new children's rows go
# straight to COPY; matched children's rows become model instances only when needed.


def _address_rows(child_id: int, pupil: ctf.CtfPupil) -> list[tuple]:
    rows = []
    for address in pupil.addresses:
        display = [line for line in address.lines_for_display() if line != address.postcode.strip()]
        if not display:
            continue
        postcode = identity.normalise_postcode(address.postcode) if identity.is_uk_postcode(address.postcode) else ""
        rows.append((child_id, "home", display[0][:200], ", ".join(display[1:-1])[:200],
                     (display[-1] if len(display) > 1 else address.town)[:100], postcode, address.uprn[:12]))
    return rows


def _contact_rows(child_id: int, pupil: ctf.CtfPupil) -> list[tuple]:
    rows = []
    for index, contact in enumerate(pupil.contacts, start=1):
        address = "" if contact.address_as_pupil or contact.address is None else contact.address.one_line()[:300]
        rows.append((child_id, contact.order or index, contact.title[:20], contact.forename[:100], contact.surname[:100],
                     contact.relationship[:60], contact.parental_responsibility,
                     True if contact.address_as_pupil else None, [p.number[:40] for p in contact.phones if p.number],
                     contact.email[:254], address))
    return rows


def _name_rows(child_id: int, pupil: ctf.CtfPupil) -> list[tuple]:
    rows: dict[tuple, tuple] = {}
    if pupil.preferred_forename or pupil.preferred_surname:
        first, last = pupil.preferred_forename or pupil.forename, pupil.preferred_surname or pupil.surname
        if (first, last) != (pupil.forename, pupil.surname):
            rows[(NameKind.PREFERRED, first, last)] = (child_id, NameKind.PREFERRED.value, first[:100], last[:100])
    for surname in pupil.former_surnames:
        rows[(NameKind.FORMER, "", surname)] = (child_id, NameKind.FORMER.value, "", surname[:100])
    for forename in pupil.former_forenames:
        rows[(NameKind.FORMER, forename, "")] = (child_id, NameKind.FORMER.value, forename[:100], "")
    return list(rows.values())


def _registration_rows(child_id: int, pupil: ctf.CtfPupil, schools: dict[str, School],
                       source: RegistrationSource) -> list[tuple]:
    rows = {}
    for history in pupil.school_history:
        if not history.laestab:
            continue
        school = schools.get(history.laestab)
        rows[(history.laestab, history.entry_date)] = (
            child_id, school.pk if school else None, history.laestab,
            (history.name or (school.name if school else ""))[:200], history.entry_date, history.leaving_date,
            history.leaving_reason[:60], str(source))
    return list(rows.values())


def _instances(model, columns: tuple[str, ...], rows: list[tuple]) -> list:
    return [model(**dict(zip(columns, row, strict=True))) for row in rows]


def _child_fields(pupil: ctf.CtfPupil) -> dict[str, Any]:
    other_names = ", ".join(dict.fromkeys(
        [f"{pupil.preferred_forename} {pupil.preferred_surname}".strip(), *pupil.former_surnames]))
    return {"first_name": pupil.forename[:100], "middle_names": pupil.middle_names[:150], "last_name": pupil.surname[:100],
            "other_names": other_names.strip(", ")[:250], "date_of_birth": pupil.dob, "sex": pupil.sex or "U",
            "upn": pupil.upn, "former_upns": list(dict.fromkeys(pupil.former_upns)), "ethnicity": pupil.ethnicity[:80],
            "looked_after": bool(pupil.in_care)}


def _known_without_upn(pupils: list[ctf.CtfPupil], by_upn: dict, by_name: dict, local_authority_id: int
                       ) -> dict[int, tuple[int, str]]:
    """Pupils the index already knows under another spelling and no UPN (a child first
    met through a referral or a return), found by the interactive matcher and linked
    only when it is nearly certain. Only pupils born on a day such a child was born (or
    with day and month swapped) are asked about, so a large import of children the
    index has never seen costs one query."""
    unnumbered = set(Child.objects.filter(local_authority_id=local_authority_id, upn="", merged_into__isnull=True,
                                          date_of_birth__isnull=False).values_list("date_of_birth", flat=True))
    found: dict[int, tuple[int, str]] = {}
    for pupil in pupils:
        if (pupil.dob is None or not {pupil.dob, scoring.swapped(pupil.dob)} & unnumbered
                or (pupil.upn and pupil.upn in by_upn) or _name_key(pupil.forename, pupil.surname, pupil.dob) in by_name):
            continue
        incoming = Person(first_name=pupil.forename, last_name=pupil.surname,
                                          other_names=pupil.middle_names, date_of_birth=pupil.dob, sex=pupil.sex or "",
                                          postcode=next((a.postcode for a in pupil.addresses if a.postcode), ""),
                                          upn=pupil.upn)
        if (known := candidates.known_child(incoming, local_authority_id=local_authority_id)) is not None:
            upn, print_ = Child.objects.filter(pk=known).values_list("upn", "import_fingerprint").get()
            if not upn:
                found[pupil.position] = (known, print_)
    return found


def upsert_pupils(pupils: list[ctf.CtfPupil], *, local_authority_id: int, source: RegistrationSource,
                  progress: Progress | None = None, noun: str = "Pupil") -> tuple[ImportOutcome, dict[int, int]]:
    """Write pupils to the child index. Returns the counts and each pupil's child id by position.
    Two pupils of the file that are one child of the index are refused (ImportFailed): the
    file would say two things about one child. `noun` names a position in that message."""
    outcome = ImportOutcome(file="", ctf_version=None, pupils=len(pupils))
    if not pupils:
        return outcome, {}
    prints = {p.position: fingerprint(p) for p in pupils}
    upns = {p.upn for p in pupils if p.upn} | {u for p in pupils for u in p.former_upns}
    by_upn: dict[str, tuple[int, str]] = {}
    # A pupil's UPN may be one the index holds as former (a temporary UPN replaced), and
    # the other way round.
    for child_id, upn, former, print_ in Child.objects.filter(
            Q(upn__in=upns) | Q(former_upns__overlap=list(upns)), local_authority_id=local_authority_id,
            merged_into__isnull=True).values_list("id", "upn", "former_upns", "import_fingerprint"):
        for value in (upn, *former):
            by_upn.setdefault(value, (child_id, print_))
    dobs = {p.dob for p in pupils}
    by_name: dict[tuple, tuple[int, str]] = {}
    for child_id, first, last, dob, print_ in Child.objects.filter(
            local_authority_id=local_authority_id, merged_into__isnull=True, date_of_birth__in=dobs).values_list(
            "id", "first_name", "last_name", "date_of_birth", "import_fingerprint"):
        by_name.setdefault(_name_key(first, last, dob), (child_id, print_))
    schools = {s.laestab: s for s in School.objects.filter(
        laestab__in={h.laestab for p in pupils for h in p.school_history if h.laestab})}

    likely = _known_without_upn(pupils, by_upn, by_name, local_authority_id)
    new_pupils: list[ctf.CtfPupil] = []
    changed: list[tuple[int, ctf.CtfPupil]] = []
    child_ids: dict[int, int] = {}
    matched: dict[int, int] = {}  # child id -> the position that matched it
    for pupil in pupils:
        match = by_upn.get(pupil.upn) if pupil.upn else None
        match = match or next((by_upn[u] for u in pupil.former_upns if u in by_upn), None)
        match = match or by_name.get(_name_key(pupil.forename, pupil.surname, pupil.dob))
        match = match or likely.get(pupil.position)
        if match is None:
            new_pupils.append(pupil)
            continue
        child_id, print_ = match
        if (other := matched.get(child_id)) is not None:
            raise ImportFailed(f"{noun} {other} and {noun.lower()} {pupil.position} are the same child in the council's "
                               "records (the same UPN, a former UPN, or the same name and date of birth): list each "
                               "pupil once")
        matched[child_id] = pupil.position
        child_ids[pupil.position] = child_id
        if print_ == prints[pupil.position]:
            outcome.unchanged += 1
        else:
            changed.append((child_id, pupil))
    done = outcome.unchanged

    with transaction.atomic():
        now = clock.now()
        for start in range(0, len(new_pupils), BATCH):
            batch = new_pupils[start:start + BATCH]
            ids = reserve_ids(Child, len(batch))
            child_rows = []
            related_addresses, related_contacts, related_names, related_registrations = [], [], [], []
            for pk, pupil in zip(ids, batch, strict=True):
                fields = _child_fields(pupil)
                child_rows.append((pk, local_authority_id, fields["first_name"], fields["middle_names"],
                                   fields["last_name"], fields["other_names"], fields["date_of_birth"], fields["sex"],
                                   fields["upn"], fields["former_upns"], fields["ethnicity"], SenStatus.UNKNOWN.value,
                                   fields["looked_after"], False, prints[pupil.position], now, now))
                child_ids[pupil.position] = pk
                related_addresses += _address_rows(pk, pupil)
                related_contacts += _contact_rows(pk, pupil)
                related_names += _name_rows(pk, pupil)
                related_registrations += _registration_rows(pk, pupil, schools, source)
            copy_rows(Child, CHILD_COLUMNS, child_rows)
            # New children cannot clash with existing rows, and each pupil's rows are
            # de-duplicated above, so COPY needs no conflict handling.
            copy_rows(ChildAddress, ADDRESS_COLUMNS, related_addresses)
            copy_rows(Contact, CONTACT_COLUMNS, related_contacts)
            copy_rows(ChildName, NAME_COLUMNS, related_names)
            copy_rows(Registration, REGISTRATION_COLUMNS, related_registrations)
            outcome.created += len(batch)
            done += len(batch)
            if progress:
                progress(done, len(pupils))
        if changed:
            _apply_changes(changed, prints, schools, source)
            outcome.updated = len(changed)
            if progress:
                progress(len(pupils), len(pupils))
    return outcome, child_ids


def _apply_changes(changed: list[tuple[int, ctf.CtfPupil]], prints: dict[int, str], schools: dict[str, School],
                   source: RegistrationSource) -> None:
    """Bring matched children up to date, adding what is new and keeping what other
    sources (referrals, returns) recorded."""
    ids = [child_id for child_id, _ in changed]
    children = Child.objects.in_bulk(ids)
    known_addresses = {(a.child_id, a.line_1.lower(), a.postcode) for a in ChildAddress.objects.filter(child_id__in=ids)}
    known_contacts = {(c.child_id, c.first_name.lower(), c.last_name.lower()) for c in Contact.objects.filter(child_id__in=ids)}
    updates, addresses, contacts, child_names, registrations = [], [], [], [], []
    for child_id, pupil in changed:
        child = children[child_id]
        before = (child.first_name, child.last_name)
        if names.normalise(" ".join(before)) != names.normalise(f"{pupil.forename} {pupil.surname}"):
            # The name the index knew (from a referral, say) stays findable.
            child_names.append(ChildName(child_id=child_id, kind=NameKind.ALIAS, first_name=before[0][:100],
                                         last_name=before[1][:100]))
        for key, value in _child_fields(pupil).items():
            setattr(child, key, value)
        child.import_fingerprint = prints[pupil.position]
        updates.append(child)
        addresses += [a for a in _instances(ChildAddress, ADDRESS_COLUMNS, _address_rows(child_id, pupil))
                      if (child_id, a.line_1.lower(), a.postcode) not in known_addresses]
        contacts += [c for c in _instances(Contact, CONTACT_COLUMNS, _contact_rows(child_id, pupil))
                     if (child_id, c.first_name.lower(), c.last_name.lower()) not in known_contacts]
        child_names += _instances(ChildName, NAME_COLUMNS, _name_rows(child_id, pupil))
        registrations += _instances(Registration, REGISTRATION_COLUMNS,
                                    _registration_rows(child_id, pupil, schools, source))
    Child.objects.bulk_update(updates, ["first_name", "middle_names", "last_name", "other_names", "date_of_birth",
                                        "sex", "upn", "former_upns", "ethnicity", "looked_after", "import_fingerprint"],
                              batch_size=BATCH)
    ChildAddress.objects.bulk_create(addresses, batch_size=BATCH)
    Contact.objects.bulk_create(contacts, batch_size=BATCH)
    ChildName.objects.bulk_create(child_names, batch_size=BATCH, ignore_conflicts=True)
    Registration.objects.bulk_create(registrations, batch_size=BATCH, update_conflicts=True,
                                     unique_fields=["child", "school_laestab", "entry_date"],
                                     update_fields=["leaving_date", "leaving_reason", "school_name"])


# -- CTF ----------------------------------------------------------------------------------

def import_ctf(source: str | Path | bytes, *, local_authority_id: int | None, file_name: str = "",
               dry_run: bool = False, progress: Progress | None = None, school: School | None = None,
               limit: UploadLimit | None = None) -> ImportOutcome:
    """A CTF into the child index, all or nothing. With `school`, the file must be that
    school's own (its header names the school as the source). With `limit`, a file with
    more pupils than it allows is refused before anything is checked or written."""
    try:
        with collector_paused():
            parsed = ctf.parse_ctf(source, validate_upn=validate_upn)
    except ctf.CtfError as problem:
        raise ImportFailed(str(problem)) from None
    name = file_name or (Path(source).name if isinstance(source, str | Path) else "upload.xml")
    if limit is not None and (too_many := limit.count_error(len(parsed.pupils))):
        raise ImportFailed(too_many)
    if school is not None and parsed.header.source_laestab != school.laestab:
        sender = parsed.header.source_laestab or "no school"
        raise ImportFailed(f"This CTF was made by {sender}, not by {school.name} ({school.laestab}). "
                           "Send only files your school's management information system made")
    errors = [error.as_dict() for error in parsed.errors]
    listed = _Listed(noun="pupil")
    for pupil in parsed.pupils:
        if repeated := listed.repeat(pupil.position, pupil.upn, pupil.forename, pupil.surname, pupil.dob):
            errors.append({"pupil": pupil.position, "upn": pupil.upn, "field": "UPN" if repeated[0] == "upn" else "",
                           "message": repeated[1]})
    if errors or dry_run:
        return ImportOutcome(file=name, ctf_version=parsed.version, pupils=len(parsed.pupils),
                             errors=sorted(errors, key=lambda error: error["pupil"]))
    with transaction.atomic(), collector_paused():
        outcome, child_ids = upsert_pupils(parsed.pupils, local_authority_id=local_authority_id,
                                           source=RegistrationSource.CTF, progress=progress)
        outcome.enquiries_opened = _route_special_destination(parsed, child_ids, local_authority_id, name)
    outcome.file, outcome.ctf_version = name, parsed.version
    return outcome


def _route_special_destination(parsed: ctf.CtfFile, child_ids: dict[int, int], local_authority_id: int,
                               file_name: str) -> int:
    """A lost-pupil file (XXX) is an unknown destination; MMM is a move abroad or out of
    the maintained sector. Both start a CME enquiry, like the matching deletion grounds."""
    kind = parsed.header.destination_kind
    if kind not in ("lost", "outside-maintained-or-abroad"):
        return 0
    if kind == "lost":
        reason = dfe_return.UNKNOWN
        what = f"a lost-pupil CTF (destination {ctf.LOST_LEA}: unknown)"
    else:
        reason = dfe_return.BELIEVED_MOVED_TO_ANOTHER_COUNTRY
        what = f"a CTF to {ctf.ABROAD_LEA} (moved abroad or out of the maintained sector)"
    header = parsed.header
    source = header.source_school_name or header.source_laestab or "a school"
    made = header.generated_at and (header.generated_at.date() if header.generated_at.tzinfo is None
                                    else clock.local_date(header.generated_at))
    return sum(events.publish(PupilsReportedMissing(
        child_ids=tuple(child_ids.values()), primary_reason=reason, start_date=clock.today(),
        what=f"{what} sent by {source}", destination=kind, file_name=file_name,
        sender=" ".join(part for part in (header.source_laestab, header.source_school_name) if part),
        made_on=made if made and made <= clock.today() else None)))


# -- CSV files: their columns, headings and limits ------------------------------------------

NOT_CSV = "The selected file is not a CSV file. Save it from your spreadsheet as “CSV UTF-8” and upload that file"
NOT_UTF8 = "The file is not saved as UTF-8 text. In your spreadsheet choose Save as, then “CSV UTF-8”, and upload that file"


@dataclass(frozen=True)
class CsvColumn:
    key: str
    heading: str  # as the template heads it, and as errors name it
    person: str = ""  # the identity field it gives: the headings systems use for that name it too


class CsvLayout:
    """The columns of a CSV file this service reads. A column is found by its heading in the
    template, by its key (the headings of earlier templates), or, for a person's fields, by
    any heading `cme.rules.identity` knows for it ("Forename", "Surname", "DOB")."""

    def __init__(self, columns: tuple[CsvColumn, ...], *, required: tuple[str, ...], example: tuple[str, ...]):
        self.columns = columns
        self.required = required
        self.example = example
        self._by_key = {column.key: column for column in columns}
        self._keys: dict[str, str] = {}
        for column in columns:
            for alias in (column.key, identity.header_key(column.heading),
                          *identity.HEADER_ALIASES.get(column.person, ())):
                self._keys.setdefault(alias, column.key)

    @property
    def headings(self) -> tuple[str, ...]:
        return tuple(column.heading for column in self.columns)

    def heading(self, key: str) -> str:
        column = self._by_key.get(key)
        return column.heading if column else ""

    def template(self) -> str:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(self.headings)
        writer.writerow(self.example)
        return buffer.getvalue()

    def _positions(self, header: list[str]) -> dict[str, int]:
        found: dict[str, int] = {}
        for index, heading in enumerate(header):
            key = self._keys.get(identity.header_key(heading))
            if key is None:
                continue
            if key in found:
                raise ImportFailed(f"The columns “{header[found[key]].strip()}” and “{heading.strip()}” both give the "
                                   f"{self.heading(key).lower()}: keep one of them")
            found[key] = index
        missing = [self.heading(key) for key in self.required if key not in found]
        if missing:
            raise ImportFailed("The first line must name the columns, as the template does. Missing: " + ", ".join(missing))
        return found

    def read(self, data: bytes | str, *, limit: UploadLimit) -> list[tuple[int, dict[str, str]]]:
        """Each non-blank row as (its line number, its cells by column key). One pass, and
        the limit is checked before any row is."""
        text = _decode_csv(data)
        reader = csv.reader(io.StringIO(text))
        rows: list[tuple[int, dict[str, str]]] = []
        count = 0
        try:
            header = next(reader, None)
            if not header or not any(cell.strip() for cell in header):
                raise ImportFailed("The file is empty: its first line must name the columns, as the template does")
            positions = self._positions(header)
            for cells in reader:
                if not any(cell.strip() for cell in cells):
                    continue  # spreadsheets leave blank lines at the end
                count += 1
                if limit.count is None or count <= limit.count:
                    rows.append((reader.line_num, {key: cells[index].strip() for key, index in positions.items()
                                                   if index < len(cells)}))
        except csv.Error as problem:
            raise ImportFailed(_csv_problem(reader.line_num, problem)) from None
        if too_many := limit.count_error(count):
            raise ImportFailed(too_many)
        return rows


def _decode_csv(data: bytes | str) -> str:
    if isinstance(data, str):
        return data
    if b"\x00" in data[:65536]:
        raise ImportFailed(NOT_CSV)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFailed(NOT_UTF8) from None


def _csv_problem(line: int, problem: csv.Error) -> str:
    if "field larger than field limit" in str(problem):
        return (f"Line {line} has a value longer than {csv.field_size_limit():,} characters. Check that every value "
                "with a comma, a quote mark or a line break in it is inside double quotes (\"), then save the file "
                "as CSV UTF-8 again")
    return f"Line {line} cannot be read as CSV ({problem}). Save the file from your spreadsheet as CSV UTF-8 again"


def check_csv(kind: Upload, data: bytes) -> None:
    """Whether an upload can be read at all (ImportFailed says why not): run before it is
    queued, so that the page can say so at once."""
    layout = ROLL if kind == Upload.ROLL_CSV else NEW_PUPILS
    layout.read(data, limit=uploads.limit(kind))


def _error(line: int, heading: str, message: str) -> dict:
    return {"line": line, "field": heading, "message": message}


def _short(value: str) -> str:
    return value if len(value) <= 40 else value[:37] + "..."


def _date_message(heading: str, value: str, problem: DateError) -> str:
    reason = str(problem)
    if ": " in reason:  # "'31/02/2021' is not a real date: month 2 of 2021 has no day 31"
        return f"{heading} must be a real date: {reason.split(': ', 1)[1]}"
    return f"{heading} must be a date like 14/03/2015, not “{_short(value)}”"


def _date_cell(row: dict[str, str], key: str, layout: CsvLayout, line: int, errors: list[dict],
               required: bool = False) -> dt.date | None:
    value = row.get(key, "")
    heading = layout.heading(key)
    if not value:
        if required:
            errors.append(_error(line, heading, f"Enter the {heading.lower()}"))
        return None
    try:
        return parse_uk_date(value)
    except DateError as problem:
        errors.append(_error(line, heading, _date_message(heading, value, problem)))
        return None


def _yes_no_cell(row: dict[str, str], key: str, layout: CsvLayout, line: int, errors: list[dict]) -> bool | None:
    value = row.get(key, "")
    if not value:
        return None
    answer = yes_no(value)
    if answer not in ("yes", "no"):
        errors.append(_error(line, layout.heading(key), f"{layout.heading(key)} must be yes or no, not “{_short(value)}”"))
        return None
    return answer == "yes"


class _Listed:
    """The pupils a file has listed so far. The same UPN, or the same names and date of birth
    (and no other UPN), is the same pupil listed twice; twins have different names."""

    def __init__(self, noun: str = "line"):
        self.noun = noun
        self.by_upn: dict[str, int] = {}
        self.by_name: dict[tuple, tuple[int, str]] = {}

    def repeat(self, where: int, upn: str, first: str, last: str, dob: dt.date | None) -> tuple[str, str] | None:
        """("upn" or "name", a message) if this pupil was listed before, else None (and it is now)."""
        name = _name_key(first, last, dob)
        if upn and upn in self.by_upn:
            return "upn", f"This pupil has the same UPN as {self.noun} {self.by_upn[upn]}: list each pupil once"
        earlier = self.by_name.get(name)
        if earlier is not None and (not upn or not earlier[1]):
            return "name", (f"This pupil has the same name and date of birth as {self.noun} {earlier[0]}: "
                            "list each pupil once")
        if upn:
            self.by_upn[upn] = where
        self.by_name.setdefault(name, (where, upn))
        return None


# -- school roll as CSV -----------------------------------------------------------------------

ROLL = CsvLayout((
    CsvColumn("upn", "UPN", "upn"), CsvColumn("surname", "Surname", "last_name"),
    CsvColumn("forename", "Forename", "first_name"), CsvColumn("middle_names", "Middle names", "middle_names"),
    CsvColumn("preferred_surname", "Preferred surname"), CsvColumn("preferred_forename", "Preferred forename"),
    CsvColumn("dob", "Date of birth", "date_of_birth"), CsvColumn("sex", "Sex", "sex"),
    CsvColumn("entry_date", "Entry date"), CsvColumn("leaving_date", "Leaving date"),
    CsvColumn("address_line_1", "Address line 1", "address_line_1"),
    CsvColumn("address_line_2", "Address line 2", "address_line_2"), CsvColumn("town", "Town or city", "town"),
    CsvColumn("postcode", "Postcode", "postcode"), CsvColumn("parent_name", "Parent name"),
    CsvColumn("parent_relationship", "Parent relationship"), CsvColumn("parent_phone", "Parent phone"),
    CsvColumn("parent_responsibility", "Parent has parental responsibility"), CsvColumn("in_care", "In care"),
), required=("surname", "forename", "dob"), example=(
    "B801200005001", "Example", "Fictional", "", "", "", "14/03/2015", "F", "01/09/2019", "", "1 Imaginary Road", "",
    "Demoford", "DM1 1AA", "Pat Example", "Mother", "07700 900123", "yes", "no"))
ROLL_COLUMNS = ROLL.headings


def roll_template() -> str:
    return ROLL.template()


def _roll_pupil(line: int, row: dict[str, str], school: School, errors: list[dict]) -> ctf.CtfPupil | None:
    """The pupil a roll row describes, or None with its problems added to `errors`."""
    found: list[dict] = []
    upn = row.get("upn", "")
    if upn:
        check = validate_upn(upn)
        if not check.valid:
            found.append(_error(line, ROLL.heading("upn"), f"Enter a valid UPN: {_lower_first(check.error)}"))
        upn = check.upn
    for key, noun in (("surname", "surname"), ("forename", "forename")):
        if not row.get(key):
            found.append(_error(line, ROLL.heading(key), f"Enter the pupil's {noun}"))
    dob = _date_cell(row, "dob", ROLL, line, found, required=True)
    entry = _date_cell(row, "entry_date", ROLL, line, found)
    leaving = _date_cell(row, "leaving_date", ROLL, line, found)
    postcode = row.get("postcode", "")
    if postcode and not identity.is_uk_postcode(postcode):
        found.append(_error(line, ROLL.heading("postcode"), f"Enter a real postcode, like DM1 4AB, not “{_short(postcode)}”"))
    sex = identity.parse_sex(row.get("sex", ""))
    if sex is None:
        found.append(_error(line, ROLL.heading("sex"), "Sex must be F (female), M (male) or U (not known), "
                                                       f"not “{_short(row['sex'])}”"))
    in_care = _yes_no_cell(row, "in_care", ROLL, line, found)
    responsibility = _yes_no_cell(row, "parent_responsibility", ROLL, line, found)
    errors += found
    if found:
        return None
    address = ctf.CtfAddress(lines=[x for x in (row.get("address_line_1"), row.get("address_line_2"), row.get("town"))
                                    if x], postcode=postcode)
    contacts = []
    if row.get("parent_name"):
        first, _, last = row["parent_name"].rpartition(" ")
        contacts.append(ctf.CtfContact(order=1, forename=first or last, surname=last if first else "",
                                       relationship=row.get("parent_relationship", ""),
                                       parental_responsibility=responsibility, address_as_pupil=True,
                                       phones=[ctf.CtfPhone(number=row["parent_phone"])] if row.get("parent_phone") else []))
    return ctf.CtfPupil(
        position=line, upn=upn, surname=row["surname"], forename=row["forename"], middle_names=row.get("middle_names", ""),
        preferred_surname=row.get("preferred_surname", ""), preferred_forename=row.get("preferred_forename", ""), dob=dob,
        sex=sex or "", in_care=in_care, addresses=[address] if address.lines else [], contacts=contacts,
        school_history=[ctf.CtfSchool(lea=school.laestab[:3], estab=school.laestab[3:], name=school.name,
                                      entry_date=entry, leaving_date=leaving)])


def _lower_first(text: str | None) -> str:
    return f"{text[:1].lower()}{text[1:]}" if text else ""


def import_roll_csv(data: bytes | str, *, school: School, file_name: str = "roll.csv", dry_run: bool = False,
                    progress: Progress | None = None) -> ImportOutcome:
    rows = ROLL.read(data, limit=uploads.limit(Upload.ROLL_CSV))
    pupils, errors = [], []
    listed = _Listed()
    for line, row in rows:
        pupil = _roll_pupil(line, row, school, errors)
        if pupil is None:
            continue
        if repeated := listed.repeat(line, pupil.upn, pupil.forename, pupil.surname, pupil.dob):
            errors.append(_error(line, ROLL.heading("upn") if repeated[0] == "upn" else "", repeated[1]))
            continue
        pupils.append(pupil)
    outcome = ImportOutcome(file=file_name, ctf_version=None, pupils=len(rows), errors=errors)
    if errors or dry_run:
        return outcome
    with transaction.atomic():
        written, child_ids = upsert_pupils(pupils, local_authority_id=school.local_authority_id,
                                           source=RegistrationSource.ROLL_CSV, progress=progress, noun="Line")
        written.left_roll = _end_registrations_not_in_roll(school, set(child_ids.values()))
    written.file = file_name
    return written


def _end_registrations_not_in_roll(school: School, on_roll: set[int]) -> int:
    """Pupils on the school's last roll who are missing from this one have left: their
    registration ends today. Without a deletion return these show on the reporting page."""
    ended = (Registration.objects.filter(school=school, leaving_date__isnull=True,
                                         source__in=[RegistrationSource.ROLL_CSV, RegistrationSource.CTF])
             .exclude(child_id__in=on_roll))
    return ended.update(leaving_date=clock.today(), leaving_reason="Not on the school roll imported today")


# -- new-pupil returns as CSV (September intakes) ------------------------------------------

NEW_PUPILS = CsvLayout((
    CsvColumn("upn", "UPN", "upn"), CsvColumn("first_name", "First name", "first_name"),
    CsvColumn("middle_names", "Middle names", "middle_names"), CsvColumn("last_name", "Last name", "last_name"),
    CsvColumn("other_names", "Other names", "other_names"), CsvColumn("date_of_birth", "Date of birth", "date_of_birth"),
    CsvColumn("sex", "Sex", "sex"), CsvColumn("address_line_1", "Address line 1", "address_line_1"),
    CsvColumn("address_line_2", "Address line 2", "address_line_2"), CsvColumn("town", "Town or city", "town"),
    CsvColumn("postcode", "Postcode", "postcode"),
    CsvColumn("parent_1_name", "Parent 1 name"), CsvColumn("parent_1_relationship", "Parent 1 relationship"),
    CsvColumn("parent_1_phone", "Parent 1 phone"),
    CsvColumn("parent_2_name", "Parent 2 name"), CsvColumn("parent_2_relationship", "Parent 2 relationship"),
    CsvColumn("parent_2_phone", "Parent 2 phone"),
    CsvColumn("entered_on", "Date entered in admission register"), CsvColumn("starting_day", "Starting day"),
    CsvColumn("year_group", "Year group"), CsvColumn("previous_school", "Previous school"),
    CsvColumn("most_junior_class", "Joined most junior class"),
), required=("first_name", "last_name", "date_of_birth", "sex", "address_line_1", "postcode", "parent_1_name",
             "parent_1_phone", "entered_on", "starting_day", "most_junior_class"), example=(
    "", "Fictional", "", "Example", "", "14/03/2021", "F", "1 Imaginary Road", "", "Demoford", "DM1 1AA",
    "Pat Example", "Mother", "07700 900123", "", "", "", "03/09/2026", "03/09/2026", "Reception", "", "yes"))
NEW_PUPIL_COLUMNS = NEW_PUPILS.headings
DATE_COLUMNS = ("date_of_birth", "entered_on", "starting_day")
# A CSV cell is typed, not chosen: its messages say what to write.
CSV_MESSAGES = {
    ("sex", "required"): "Enter the pupil's sex: F (female) or M (male)",
    ("most_junior_class", "required"): "Enter yes or no: did the pupil join the school's most junior class?",
    ("most_junior_class", "invalid_choice"): "Joined most junior class must be yes or no",
}


def new_pupils_template() -> str:
    return NEW_PUPILS.template()


def _new_pupil_form(line: int, row: dict[str, str], errors: list[dict]):
    """The web form's check of one row; the form if the row is valid, else None with its
    problems added to `errors` (one for each column, named as the template heads it)."""
    from .forms import NewPupilForm

    data = dict(row)
    reported: set[str] = set()
    for key in DATE_COLUMNS:
        value = row.get(key, "")
        if value:
            try:
                data[key] = parse_uk_date(value).isoformat()
            except DateError as problem:
                errors.append(_error(line, NEW_PUPILS.heading(key), _date_message(NEW_PUPILS.heading(key), value, problem)))
                reported.add(key)
                data[key] = ""
    sex = identity.parse_sex(row.get("sex", ""))
    if sex in (identity.FEMALE, identity.MALE):
        data["sex"] = sex
    data["most_junior_class"] = yes_no(row.get("most_junior_class", ""))
    form = NewPupilForm(data)
    if form.is_valid() and not reported:
        return form
    for name, problems in form.errors.as_data().items():
        if name not in reported:
            problem = problems[0]
            message = CSV_MESSAGES.get((name, problem.code)) or problem.messages[0]
            errors.append(_error(line, NEW_PUPILS.heading(name), message))
    return None


def import_new_pupils_csv(data: bytes | str, *, school: School, user: Any, file_name: str = "new-pupils.csv",
                          progress: Progress | None = None) -> ImportOutcome:
    """Every row checked by the same form the web page uses, in one pass; all rows or none.
    A pupil the school has already sent a return for (the same pupil, entered on the same
    day) is not sent again: importing the same file twice changes nothing."""
    from .services import DuplicateReturn, EntryDetails, Pupil, new_pupil_return_submit

    rows = NEW_PUPILS.read(data, limit=uploads.limit(Upload.NEW_PUPILS_CSV))
    valid, errors = [], []
    listed = _Listed()
    for index, (line, row) in enumerate(rows, start=1):
        form = _new_pupil_form(line, row, errors)
        if form is not None:
            cleaned = form.cleaned_data
            if repeated := listed.repeat(line, cleaned["upn"], cleaned["first_name"], cleaned["last_name"],
                                         cleaned["date_of_birth"]):
                errors.append(_error(line, NEW_PUPILS.heading("upn") if repeated[0] == "upn" else "", repeated[1]))
            else:
                valid.append((line, form))
        if progress and index % 200 == 0:
            progress(index, len(rows), stage="Checking")
    outcome = ImportOutcome(file=file_name, ctf_version=None, pupils=len(rows), errors=errors)
    if errors:
        return outcome
    with transaction.atomic():
        for index, (line, form) in enumerate(valid, start=1):
            cleaned = form.cleaned_data
            pupil = Pupil(first_name=cleaned["first_name"], middle_names=cleaned["middle_names"],
                          last_name=cleaned["last_name"], other_names=cleaned["other_names"],
                          date_of_birth=cleaned["date_of_birth"], sex=cleaned["sex"], upn=cleaned["upn"],
                          address_line_1=cleaned["address_line_1"], address_line_2=cleaned["address_line_2"],
                          town=cleaned["town"], postcode=cleaned["postcode"], parents=form.parents())
            entry = EntryDetails(entered_on=cleaned["entered_on"], starting_day=cleaned["starting_day"],
                                 year_group=cleaned["year_group"], previous_school=cleaned["previous_school"],
                                 most_junior_class=cleaned["most_junior_class"])
            try:
                new_pupil_return_submit(school=school, user=user, pupil=pupil, entry=entry, source=ReturnSource.CSV)
            except DuplicateReturn as duplicate:
                earlier = duplicate.existing
                outcome.already_sent.append({"line": line, "pupil": earlier.pupil_name,
                                             "sent_on": f"{clock.local_date(earlier.created_at):%-d %B %Y}"})
            except ValidationError as problem:
                errors.append(_error(line, "", problem.messages[0]))
            else:
                outcome.created += 1
            if progress and index % 50 == 0:
                progress(index, len(valid), stage="Sending")
        if errors:
            outcome.created = 0
            outcome.already_sent = []
            transaction.set_rollback(True)
    return outcome
