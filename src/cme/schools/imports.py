"""Loading pupil records into the child index: Common Transfer Files and school rolls as
CSV. Both are all-or-nothing: a file with any invalid pupil imports nothing and every
problem is reported, with the pupil's position (CTF) or line number (CSV).

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
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from cme.children import candidates
from cme.children.models import Child, ChildAddress, ChildName, Contact, NameKind, SenStatus
from cme.core import clock, events
from cme.core.bulk import copy_rows, reserve_ids
from cme.core.rules_config import validate_upn
from cme.formats import ctf
from cme.matching import scoring
from cme.rules import dfe_return, identity, names
from cme.rules.dates import DateError, parse_uk_date
from cme.rules.identity import Person

from .events import PupilsReportedMissing
from .models import Registration, RegistrationSource, School

Progress = Callable[[int, int], None]
BATCH = 2000


class ImportFailed(Exception):
    """The file could not be read at all (bad XML, unknown version, not a CSV)."""


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
                  progress: Progress | None = None) -> tuple[ImportOutcome, dict[int, int]]:
    """Write pupils to the child index. Returns the counts and each pupil's child id by position."""
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
    for pupil in pupils:
        match = by_upn.get(pupil.upn) if pupil.upn else None
        match = match or next((by_upn[u] for u in pupil.former_upns if u in by_upn), None)
        match = match or by_name.get(_name_key(pupil.forename, pupil.surname, pupil.dob))
        match = match or likely.get(pupil.position)
        if match is None:
            new_pupils.append(pupil)
            continue
        child_id, print_ = match
        child_ids[pupil.position] = child_id
        if print_ == prints[pupil.position]:
            outcome.unchanged += 1
        else:
            changed.append((child_id, pupil))
    done = outcome.unchanged

    with transaction.atomic():
        now = timezone.now()
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
               dry_run: bool = False, progress: Progress | None = None) -> ImportOutcome:
    try:
        with collector_paused():
            parsed = ctf.parse_ctf(source, validate_upn=validate_upn)
    except ctf.CtfError as problem:
        raise ImportFailed(str(problem)) from None
    name = file_name or (Path(source).name if isinstance(source, str | Path) else "upload.xml")
    if parsed.errors or dry_run:
        return ImportOutcome(file=name, ctf_version=parsed.version, pupils=len(parsed.pupils),
                             errors=[error.as_dict() for error in parsed.errors])
    with transaction.atomic(), collector_paused():
        outcome, child_ids = upsert_pupils(parsed.pupils, local_authority_id=local_authority_id,
                                           source=RegistrationSource.CTF, progress=progress)
        outcome.enquiries_opened = _route_special_destination(parsed, child_ids, local_authority_id)
    outcome.file, outcome.ctf_version = name, parsed.version
    return outcome


def _route_special_destination(parsed: ctf.CtfFile, child_ids: dict[int, int], local_authority_id: int) -> int:
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
    source = parsed.header.source_school_name or parsed.header.source_laestab or "a school"
    return sum(events.publish(PupilsReportedMissing(child_ids=tuple(child_ids.values()), primary_reason=reason,
                                                     start_date=clock.today(), what=f"{what} sent by {source}")))


# -- school roll as CSV -----------------------------------------------------------------------

ROLL_COLUMNS = ("upn", "surname", "forename", "middle_names", "preferred_surname", "preferred_forename", "dob", "sex",
                "entry_date", "leaving_date", "address_line_1", "address_line_2", "town", "postcode", "parent_name",
                "parent_relationship", "parent_phone", "parent_responsibility", "in_care")
REQUIRED_ROLL_COLUMNS = {"surname", "forename", "dob"}


def roll_template() -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(ROLL_COLUMNS)
    writer.writerow(["B801200005001", "Example", "Fictional", "", "", "", "14/03/2015", "F", "01/09/2019", "",
                     "1 Imaginary Road", "", "Demoford", "DM1 1AA", "Pat Example", "Mother", "07700 900123", "yes", "no"])
    return buffer.getvalue()


def _read_csv(data: bytes | str) -> tuple[list[str], Iterable[tuple[int, dict]]]:
    text = data.decode("utf-8-sig", errors="strict") if isinstance(data, bytes) else data
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames:
        raise ImportFailed("The file is empty: the first line must name the columns")
    header = [name.strip().lower() for name in reader.fieldnames]
    reader.fieldnames = header

    def rows():
        for row in reader:
            yield reader.line_num, {k: (v or "").strip() for k, v in row.items() if k}

    return header, rows()


def _date_cell(value: str, column: str, line: int, errors: list[dict], required: bool = False) -> dt.date | None:
    if not value:
        if required:
            errors.append({"line": line, "field": column, "message": f"{column} is empty"})
        return None
    try:
        return parse_uk_date(value)
    except DateError as problem:
        errors.append({"line": line, "field": column, "message": str(problem)})
        return None


def import_roll_csv(data: bytes | str, *, school: School, file_name: str = "roll.csv", dry_run: bool = False,
                    progress: Progress | None = None) -> ImportOutcome:
    try:
        header, rows = _read_csv(data)
    except UnicodeDecodeError:
        raise ImportFailed("The file is not UTF-8 text: save it from your spreadsheet as CSV UTF-8") from None
    missing = REQUIRED_ROLL_COLUMNS - set(header)
    if missing:
        raise ImportFailed("The first line must name the columns; missing: " + ", ".join(sorted(missing)))
    pupils, errors = [], []
    for position, (line, row) in enumerate(rows, start=1):
        row_errors: list[dict] = []
        upn = row.get("upn", "")
        if upn:
            check = validate_upn(upn)
            if not check.valid:
                row_errors.append({"line": line, "field": "upn", "message": check.error})
            upn = check.upn
        for column in ("surname", "forename"):
            if not row.get(column):
                row_errors.append({"line": line, "field": column, "message": f"{column} is empty"})
        dob = _date_cell(row.get("dob", ""), "dob", line, row_errors, required=True)
        entry = _date_cell(row.get("entry_date", ""), "entry_date", line, row_errors)
        leaving = _date_cell(row.get("leaving_date", ""), "leaving_date", line, row_errors)
        postcode = row.get("postcode", "")
        if postcode and not identity.is_uk_postcode(postcode):
            row_errors.append({"line": line, "field": "postcode", "message": f"'{postcode}' is not a UK postcode"})
        sex = row.get("sex", "").upper()[:1]
        if sex and sex not in "FM":
            row_errors.append({"line": line, "field": "sex", "message": f"'{row['sex']}' is not F or M"})
        errors += row_errors
        if row_errors:
            continue
        address = ctf.CtfAddress(lines=[x for x in (row.get("address_line_1"), row.get("address_line_2"),
                                                    row.get("town")) if x], postcode=postcode)
        contacts = []
        if row.get("parent_name"):
            first, _, last = row["parent_name"].rpartition(" ")
            contacts.append(ctf.CtfContact(order=1, forename=first or last, surname=last if first else "",
                                           relationship=row.get("parent_relationship", ""),
                                           parental_responsibility={"yes": True, "no": False}.get(
                                               row.get("parent_responsibility", "").lower()),
                                           address_as_pupil=True,
                                           phones=[ctf.CtfPhone(number=row["parent_phone"])] if row.get("parent_phone") else []))
        pupils.append(ctf.CtfPupil(
            position=position, upn=upn, surname=row["surname"], forename=row["forename"],
            middle_names=row.get("middle_names", ""), preferred_surname=row.get("preferred_surname", ""),
            preferred_forename=row.get("preferred_forename", ""), dob=dob, sex=sex,
            in_care={"yes": True, "no": False}.get(row.get("in_care", "").lower()),
            addresses=[address] if address.lines else [], contacts=contacts,
            school_history=[ctf.CtfSchool(lea=school.laestab[:3], estab=school.laestab[3:], name=school.name,
                                          entry_date=entry, leaving_date=leaving)]))
    outcome = ImportOutcome(file=file_name, ctf_version=None, pupils=len(pupils) + len({e["line"] for e in errors}),
                            errors=errors)
    if errors or dry_run:
        return outcome
    with transaction.atomic():
        written, child_ids = upsert_pupils(pupils, local_authority_id=school.local_authority_id,
                                           source=RegistrationSource.ROLL_CSV, progress=progress)
        written.left_roll = _end_registrations_not_in_roll(school, set(child_ids.values()))
    written.file = file_name
    return written


def _end_registrations_not_in_roll(school: School, on_roll: set[int]) -> int:
    """Pupils on the school's last roll who are missing from this one have left: their
    registration ends today. Without a deletion return these show on the reporting page."""
    ended = (Registration.objects.filter(school=school, leaving_date__isnull=True,
                                         source__in=[RegistrationSource.ROLL_CSV, RegistrationSource.CTF])
             .exclude(child_id__in=on_roll))
    return ended.update(leaving_date=timezone.localdate(), leaving_reason="Not on the school roll imported today")


# -- new-pupil returns as CSV (September intakes) ------------------------------------------

NEW_PUPIL_COLUMNS = ("upn", "first_name", "middle_names", "last_name", "date_of_birth", "sex", "address_line_1",
                     "address_line_2", "town", "postcode", "parent_1_name", "parent_1_relationship", "parent_1_phone",
                     "entered_on", "starting_day", "year_group", "previous_school", "most_junior_class")
DATE_COLUMNS = ("date_of_birth", "entered_on", "starting_day")


def new_pupils_template() -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(NEW_PUPIL_COLUMNS)
    writer.writerow(["", "Fictional", "", "Example", "14/03/2021", "F", "1 Imaginary Road", "", "Demoford", "DM1 1AA",
                     "Pat Example", "Mother", "07700 900123", "03/09/2026", "03/09/2026", "Reception", "", "yes"])
    return buffer.getvalue()


def import_new_pupils_csv(data: bytes | str, *, school: School, user: Any, file_name: str = "new-pupils.csv",
                          progress: Progress | None = None) -> ImportOutcome:
    """Every row checked by the same form the web page uses; all rows or none."""
    from .forms import NewPupilForm
    from .services import EntryDetails, Pupil, new_pupil_return_submit

    try:
        header, rows = _read_csv(data)
    except UnicodeDecodeError:
        raise ImportFailed("The file is not UTF-8 text: save it from your spreadsheet as CSV UTF-8") from None
    missing = {"first_name", "last_name", "date_of_birth", "entered_on", "starting_day"} - set(header)
    if missing:
        raise ImportFailed("The first line must name the columns; missing: " + ", ".join(sorted(missing)))
    valid, errors = [], []
    for line, row in rows:
        form_data = dict(row)
        for column in DATE_COLUMNS:
            if row.get(column):
                try:
                    form_data[column] = parse_uk_date(row[column]).isoformat()
                except DateError as problem:
                    errors.append({"line": line, "field": column, "message": str(problem)})
                    form_data[column] = "invalid"
        form_data["most_junior_class"] = "on" if row.get("most_junior_class", "").lower() in ("yes", "y", "true") else ""
        form = NewPupilForm(form_data)
        if not form.is_valid():
            errors += [{"line": line, "field": field, "message": " ".join(messages)}
                       for field, messages in form.errors.items()
                       if not (field in DATE_COLUMNS and any(e["line"] == line and e["field"] == field for e in errors))]
            continue
        valid.append(form)
    outcome = ImportOutcome(file=file_name, ctf_version=None, pupils=len(valid) + len({e["line"] for e in errors}),
                            errors=errors)
    if errors:
        return outcome
    with transaction.atomic():
        for index, form in enumerate(valid, start=1):
            data = form.cleaned_data
            pupil = Pupil(first_name=data["first_name"], middle_names=data["middle_names"], last_name=data["last_name"],
                          other_names=data["other_names"], date_of_birth=data["date_of_birth"], sex=data["sex"],
                          upn=data["upn"], address_line_1=data["address_line_1"], address_line_2=data["address_line_2"],
                          town=data["town"], postcode=data["postcode"], parents=form.parents())
            new_pupil_return_submit(school=school, user=user, pupil=pupil, entry=EntryDetails(
                entered_on=data["entered_on"], starting_day=data["starting_day"], year_group=data["year_group"],
                previous_school=data["previous_school"], most_junior_class=data["most_junior_class"]),
                source="csv")
            outcome.created += 1
            if progress and index % 50 == 0:
                progress(index, len(valid))
    return outcome
