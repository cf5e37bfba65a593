"""Statutory returns from schools, and what the LA does with each.

A deletion return is routed by its ground (`cme.rules.deletion_grounds.route_deletion`):
an unknown destination opens a CME enquiry (a case), an EHE notice creates a record for
the EHE team, a move to a known school waits for that school's new-pupil return, a move
to another LA notifies that LA, and a permanent exclusion raises a check that provision
starts by the sixth day. A new-pupil return that matches a child with an open CME case
is flagged on the case as "found on roll" for an officer to confirm.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.urls import reverse

from cme.accounts.policy import Action, require
from cme.children import candidates
from cme.children.models import Child, ChildAddress, Contact
from cme.core import clock, events, jobs
from cme.core.history import save_if_current
from cme.core.notify import queue_email
from cme.core.uploads import FileRefused
from cme.rules import deletion_grounds
from cme.rules.deletion_grounds import DeletionFacts
from cme.rules.identity import Person

from .calendars import first_day_of_school_year
from .events import DeletionReturnReceived, NewPupilReturnReceived
from .models import (
    DeletionReturn,
    ImportJob,
    ImportStatus,
    MatchStatus,
    NewPupilReturn,
    Registration,
    RegistrationSource,
    ReturnSource,
    School,
)


@dataclass(frozen=True)
class Pupil:
    """The pupil details both returns carry."""

    first_name: str
    last_name: str
    date_of_birth: dt.date
    middle_names: str = ""
    other_names: str = ""
    sex: str = ""
    upn: str = ""
    address_line_1: str = ""
    address_line_2: str = ""
    town: str = ""
    postcode: str = ""
    parents: tuple[dict, ...] = ()


def _require_school_user(user: Any, school: School) -> None:
    require(user, Action.SUBMIT_SCHOOL_RETURN, school)


def child_for_pupil(*, local_authority_id: int, pupil: Pupil) -> tuple[Child, bool]:
    """The index record for a returned pupil (matched on UPN, or a very likely match),
    or a new one. Returns the child and whether it was created."""
    if pupil.upn:
        found = Child.objects.filter(local_authority_id=local_authority_id, upn=pupil.upn,
                                     merged_into__isnull=True).first()
        if found:
            return found, False
    incoming = Person(first_name=pupil.first_name, last_name=pupil.last_name, other_names=pupil.other_names,
                             date_of_birth=pupil.date_of_birth, sex=pupil.sex, postcode=pupil.postcode, upn=pupil.upn)
    if (known := candidates.known_child(incoming, local_authority_id=local_authority_id)) is not None:
        return Child.objects.get(pk=known), False
    child = Child.objects.create(local_authority_id=local_authority_id, first_name=pupil.first_name,
                                 middle_names=pupil.middle_names, last_name=pupil.last_name,
                                 other_names=pupil.other_names, date_of_birth=pupil.date_of_birth,
                                 sex=pupil.sex or "U", upn=pupil.upn)
    if pupil.address_line_1:
        ChildAddress.objects.create(child=child, line_1=pupil.address_line_1, line_2=pupil.address_line_2,
                                    town=pupil.town, postcode=pupil.postcode)
    for order, parent in enumerate(pupil.parents, start=1):
        first, _, last = (parent.get("name") or "").rpartition(" ")
        Contact.objects.create(child=child, order=order, first_name=first or last, last_name=last if first else "",
                               relationship=parent.get("relationship", ""),
                               phones=[parent["phone"]] if parent.get("phone") else [],
                               address=parent.get("address", ""))
    return child, True


def _existing(model, school: School, idempotency_key: str):
    if not idempotency_key:
        return None
    return model.objects.filter(school=school, idempotency_key=idempotency_key).first()


class DuplicateReturn(ValidationError):
    """The school has already sent this return: the same pupil, the same school, the same date
    (the day the name was entered in the register, or the day it is deleted)."""

    def __init__(self, existing: NewPupilReturn | DeletionReturn):
        self.existing = existing
        sent = existing.created_at.astimezone(clock.LONDON)
        if isinstance(existing, NewPupilReturn):
            what = (f"a new-pupil return for {existing.pupil_name}, entered in the admission register on "
                    f"{existing.entered_on:%-d %B %Y}")
        else:
            what = f"a deletion return for {existing.pupil_name}, deleted on {existing.deletion_date:%-d %B %Y}"
        super().__init__(f"You have already sent {what} (on {sent:%-d %B %Y}). You do not need to send it again",
                         code="duplicate")


def _one_return_at_a_time(school: School) -> None:
    """Returns from one school are written one after another (inside the caller's
    transaction), so two sent at the same moment cannot both miss each other."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [4201, school.pk])


def _already_sent(model, *, school: School, pupil: Pupil, on: dict):
    """An earlier return from this school for this pupil on this date: the same UPN, or the
    same names and date of birth (and no other UPN). The pupil as the school wrote it, not
    as the matcher links it, so that a twin's return is never taken for their sibling's."""
    same = Q(first_name__iexact=pupil.first_name.strip(), last_name__iexact=pupil.last_name.strip(),
             date_of_birth=pupil.date_of_birth)
    if pupil.upn:
        same = (same & Q(upn__in=["", pupil.upn])) | Q(upn=pupil.upn)
    return model.objects.filter(same, school=school, withdrawn_at__isnull=True, **on).order_by("created_at").first()


def _child_for_new_return(model, *, school: School, pupil: Pupil, on: dict) -> Child:
    """The pupil's child record, inside the return's transaction; DuplicateReturn if the
    school has sent this return before."""
    _one_return_at_a_time(school)
    if (earlier := _already_sent(model, school=school, pupil=pupil, on=on)) is not None:
        raise DuplicateReturn(earlier)
    child, _ = child_for_pupil(local_authority_id=school.local_authority_id, pupil=pupil)
    return child


# -- deletion returns -------------------------------------------------------------------

@dataclass(frozen=True)
class DeletionDetails:
    ground_code: str
    deletion_date: dt.date
    new_address: str = ""
    new_address_from: dt.date | None = None
    new_la_code: str = ""
    destination_school_id: int | None = None
    destination_school_name: str = ""
    destination_start_date: dt.date | None = None
    joint_enquiries: tuple[dict, ...] = ()


def deletion_return_submit(*, school: School, user: Any, pupil: Pupil, details: DeletionDetails,
                           source: ReturnSource = ReturnSource.FORM, idempotency_key: str = "",
                           request_digest: str = "") -> DeletionReturn:
    """Record a deletion return and act on its ground. A retry with the same idempotency key
    returns the return already made; the same pupil and deletion date sent again raises
    DuplicateReturn."""
    _require_school_user(user, school)
    existing = _existing(DeletionReturn, school, idempotency_key)
    if existing:
        return existing
    # Checked here, where the return is saved, whichever way it came (step 1's form, an
    # address typed by hand, the API).
    try:
        ground = deletion_grounds.ground(details.ground_code)
        in_force = deletion_grounds.regulations_in_force(details.deletion_date)
    except (KeyError, deletion_grounds.NoGroundsError) as problem:
        raise ValidationError(str(problem).strip("'\"")) from None
    if deletion_grounds.too_far_ahead(details.deletion_date, clock.today()):
        raise ValidationError(deletion_grounds.TOO_FAR_AHEAD)
    if ground.regulations is not in_force:
        raise ValidationError(f"{ground.reference} does not apply to a deletion on {details.deletion_date:%-d %B %Y}: "
                              f"choose a ground from the {in_force.value} regulations")
    destination = School.objects.filter(pk=details.destination_school_id).first() if details.destination_school_id else None
    facts = DeletionFacts(destination_school_known=bool(destination or details.destination_school_name),
                          new_la_code=details.new_la_code or None, home_la_code=school.local_authority.code,
                          joint_enquiries_recorded=bool(details.joint_enquiries))
    route = deletion_grounds.route_deletion(ground, facts)
    try:
        with transaction.atomic():
            child = _child_for_new_return(DeletionReturn, school=school, pupil=pupil,
                                          on={"deletion_date": details.deletion_date})
            record = DeletionReturn.objects.create(
                local_authority_id=school.local_authority_id, school=school, child=child,
                **_pupil_fields(pupil), ground_code=ground.code, deletion_date=details.deletion_date,
                new_address=details.new_address, new_address_from=details.new_address_from,
                new_la_code=details.new_la_code, destination_school=destination,
                destination_school_name=destination.name if destination else details.destination_school_name,
                destination_start_date=details.destination_start_date, joint_enquiries=list(details.joint_enquiries),
                route_step=route.step.value, route_reason=route.reason, route_warnings=list(route.warnings),
                due_by=details.deletion_date, is_late=clock.today() > details.deletion_date,
                source=source, idempotency_key=idempotency_key, request_digest=request_digest, sent_by=user)
            Registration.objects.filter(child=child, school=school, leaving_date__isnull=True).update(
                leaving_date=details.deletion_date, leaving_reason=ground.code)
            events.publish(DeletionReturnReceived(record=record, route=route, by=user))
    except DuplicateReturn as duplicate:
        if idempotency_key and duplicate.existing.idempotency_key == idempotency_key:
            return duplicate.existing  # a retry that waited for the first attempt
        raise
    except IntegrityError:
        existing = _existing(DeletionReturn, school, idempotency_key)
        if existing:
            return existing
        raise
    return record


def _pupil_fields(pupil: Pupil) -> dict:
    return {"first_name": pupil.first_name, "middle_names": pupil.middle_names, "last_name": pupil.last_name,
            "other_names": pupil.other_names, "date_of_birth": pupil.date_of_birth, "sex": pupil.sex, "upn": pupil.upn,
            "address_line_1": pupil.address_line_1, "address_line_2": pupil.address_line_2, "town": pupil.town,
            "postcode": pupil.postcode, "parents": list(pupil.parents)}


# -- new-pupil returns --------------------------------------------------------------------

@dataclass(frozen=True)
class EntryDetails:
    entered_on: dt.date
    starting_day: dt.date
    year_group: str = ""
    previous_school: str = ""
    most_junior_class: bool = False


def new_pupil_return_submit(*, school: School, user: Any, pupil: Pupil, entry: EntryDetails,
                            source: ReturnSource = ReturnSource.FORM, idempotency_key: str = "",
                            request_digest: str = "") -> NewPupilReturn:
    """Record a new-pupil return. A retry with the same idempotency key returns the return
    already made; the same pupil entered on the same day sent again raises DuplicateReturn."""
    _require_school_user(user, school)
    existing = _existing(NewPupilReturn, school, idempotency_key)
    if existing:
        return existing
    if entry.starting_day < entry.entered_on - dt.timedelta(days=366):
        raise ValidationError("The starting day is more than a year before the name was entered in the register")
    due_by = entry.entered_on + dt.timedelta(days=settings.CME_NEW_PUPIL_RETURN_DAYS)
    exempt = entry.most_junior_class and first_day_of_school_year(school, entry.starting_day)
    try:
        with transaction.atomic():
            child = _child_for_new_return(NewPupilReturn, school=school, pupil=pupil,
                                          on={"entered_on": entry.entered_on})
            record = NewPupilReturn.objects.create(
                local_authority_id=school.local_authority_id, school=school, child=child, **_pupil_fields(pupil),
                entered_on=entry.entered_on, starting_day=entry.starting_day, year_group=entry.year_group,
                previous_school=entry.previous_school, exempt=exempt, due_by=due_by,
                is_late=clock.today() > due_by, source=source, idempotency_key=idempotency_key,
                request_digest=request_digest, sent_by=user)
            Registration.objects.get_or_create(child=child, school_laestab=school.laestab, entry_date=entry.starting_day,
                                               defaults={"school": school, "school_name": school.name,
                                                         "source": RegistrationSource.NEW_PUPIL_RETURN})
            events.publish(NewPupilReturnReceived(record=record, by=user))
    except DuplicateReturn as duplicate:
        if idempotency_key and duplicate.existing.idempotency_key == idempotency_key:
            return duplicate.existing  # a retry that waited for the first attempt
        raise
    except IntegrityError:
        existing = _existing(NewPupilReturn, school, idempotency_key)
        if existing:
            return existing
        raise
    return record




# -- correcting and withdrawing a return --------------------------------------------------------

PUPIL_FIELDS = ["first_name", "middle_names", "last_name", "other_names", "date_of_birth", "sex", "upn",
                "address_line_1", "address_line_2", "town", "postcode", "parents"]


def _require_own_open_return(user: Any, record: NewPupilReturn | DeletionReturn, doing: str) -> None:
    require(user, Action.SUBMIT_SCHOOL_RETURN, record)
    if record.is_withdrawn:
        raise ValidationError(f"This return was withdrawn on {record.withdrawn_at.astimezone(clock.LONDON):%-d %B %Y}: "
                              f"it cannot be {doing}")


def return_correct(*, record: NewPupilReturn | DeletionReturn, user: Any, pupil: Pupil, reason: str,
                   version: int | None) -> NewPupilReturn | DeletionReturn:
    """The school corrects the pupil's details on a return it sent, with its reason (in the
    change history with the old and new values). An edit begun before someone else's is refused (StaleEdit)."""
    _require_own_open_return(user, record, "corrected")
    if not reason.strip():
        raise ValidationError("Enter why you are correcting the return")
    for name, value in _pupil_fields(pupil).items():
        setattr(record, name, value)
    record.corrected_at = clock.now()
    record.correction_reason = reason.strip()
    save_if_current(record, version=version, fields=[*PUPIL_FIELDS, "corrected_at", "correction_reason"])
    _tell_the_council(record, "corrected")
    return record


def return_withdraw(*, record: NewPupilReturn | DeletionReturn, user: Any, reason: str,
                    version: int | None) -> NewPupilReturn | DeletionReturn:
    """The school withdraws a return it sent in error, with its reason. What the return changed
    on the register is undone (a deletion's leaving date, a new pupil's registration); a CME
    enquiry it opened stays for an officer to close, and the team is told."""
    _require_own_open_return(user, record, "withdrawn again")
    if not reason.strip():
        raise ValidationError("Enter why you are withdrawing the return")
    with transaction.atomic():
        record.withdrawn_at = clock.now()
        record.withdrawal_reason = reason.strip()
        save_if_current(record, version=version, fields=["withdrawn_at", "withdrawal_reason"])
        if isinstance(record, DeletionReturn):
            Registration.objects.filter(child_id=record.child_id, school=record.school,
                                        leaving_date=record.deletion_date,
                                        leaving_reason=record.ground_code).update(leaving_date=None, leaving_reason="")
        else:
            Registration.objects.filter(child_id=record.child_id, school=record.school, entry_date=record.starting_day,
                                        source=RegistrationSource.NEW_PUPIL_RETURN).delete()
    _tell_the_council(record, "withdrawn")
    return record


def _tell_the_council(record: NewPupilReturn | DeletionReturn, what: str) -> None:
    """An email to the CME team naming the return (no pupil's details: they open it in the service)."""
    la = record.local_authority
    if not la.cme_contact_email:
        return
    kind = "deletion return" if isinstance(record, DeletionReturn) else "new-pupil return"
    path = reverse("schools:deletion-return" if isinstance(record, DeletionReturn) else "schools:new-pupil-return",
                   args=[record.pk])
    queue_email(to=la.cme_contact_email, subject=f"A school has {what} {kind} {record.reference}",
                body=f"{record.school.name} has {what} {kind} {record.reference}, and said why.\n\n"
                     f"Open it in CME Tracker: {settings.CME_SERVICE_URL.rstrip('/')}{path}\n")


# -- what casework records on a return ------------------------------------------------------

def deletion_return_link_case(*, record: DeletionReturn, case_id: int) -> None:
    """The CME enquiry casework opened (or found open) for this deletion."""
    record.case_id = case_id
    record.save(update_fields=["case"])


def new_pupil_return_set_match(*, record: NewPupilReturn, status: MatchStatus, case_id: int | None = None) -> None:
    """Whether this new pupil is a child with an open CME case: found on roll (waiting for an officer), confirmed
    or dismissed."""
    record.match_status = status
    fields = ["match_status"]
    if case_id is not None:
        record.matched_case_id = case_id
        fields.append("matched_case")
    record.save(update_fields=fields)


# -- imports ------------------------------------------------------------------------------------

INTERRUPTED = "Nothing was imported: the import was stopped when the service restarted. Upload the file again"


def import_job_fail_interrupted(*, job: ImportJob) -> bool:
    """End an import marked running that no process is running (the worker was stopped, or
    the machine restarted, part-way) as not imported, and delete its upload. Nothing of it
    was written: each import is one transaction. Returns whether it did."""
    if job.status != ImportStatus.RUNNING or jobs.is_running("import", job.pk):
        return False
    if job.file:
        job.file.delete(save=False)
    ended = ImportJob.objects.filter(pk=job.pk, status=ImportStatus.RUNNING).update(
        status=ImportStatus.FAILED, result={"message": INTERRUPTED, "errors": []}, finished_at=clock.now(),
        stage="", file="", done=0)
    if ended:
        job.refresh_from_db()
    return bool(ended)


@dataclass(frozen=True)
class SchoolsLoaded:
    created: int
    updated: int
    unchanged: int


@transaction.atomic
def schools_load_gias(*, local_authority_id: int, schools: list[Any]) -> SchoolsLoaded:
    """A council's schools from a GIAS extract (cme.formats.gias), matched by LAESTAB: new ones
    added, the others' name, URN, type, phase, postcode and open or closed brought up to date (an
    office email address set here is kept). All or nothing: a URN that another school already
    has refuses the whole file."""
    existing = {school.laestab: school for school in School.objects.filter(
        laestab__in=[s.laestab for s in schools]).select_for_update()}
    foreign = [s.laestab for s in schools if s.laestab in existing
               and existing[s.laestab].local_authority_id != local_authority_id]
    if foreign:
        raise ValidationError(f"LAESTAB {foreign[0]} is another council's school in CME Tracker")
    urns = dict(School.objects.filter(urn__in=[s.urn for s in schools if s.urn]).values_list("urn", "laestab"))
    clashes = [s for s in schools if s.urn and urns.get(s.urn, s.laestab) != s.laestab]
    if clashes:
        raise ValidationError(f"URN {clashes[0].urn} ({clashes[0].name}) is already another school's in CME Tracker")
    created = updated = unchanged = 0
    fields = ["name", "urn", "establishment_type", "phase", "postcode", "is_open"]
    for incoming in schools:
        values = {"name": incoming.name, "urn": incoming.urn or None, "establishment_type": incoming.establishment_type,
                  "phase": incoming.phase, "postcode": incoming.postcode, "is_open": incoming.is_open}
        school = existing.get(incoming.laestab)
        if school is None:
            School.objects.create(local_authority_id=local_authority_id, laestab=incoming.laestab, **values)
            created += 1
        elif any(getattr(school, name) != values[name] for name in fields):
            for name in fields:
                setattr(school, name, values[name])
            school.save(update_fields=fields)
            updated += 1
        else:
            unchanged += 1
    return SchoolsLoaded(created, updated, unchanged)


@dataclass(frozen=True)
class GiasImported:
    read: Any  # cme.formats.gias.GiasRead: how many rows were left out, and why
    loaded: SchoolsLoaded | None  # None for a dry run

    @property
    def notes(self) -> list[str]:
        """What the person loading the file should know besides the counts."""
        read, notes = self.read, []
        if read.left_out:
            notes.append("Left out, as CME Tracker does not record them: " + ", ".join(
                f"{kind} ({count})" for kind, count in sorted(read.left_out.items())) + ".")
        if read.phase_not_given:
            notes.append(f"{read.phase_not_given} had no phase in GIAS (“Not applicable”) and are recorded as "
                         "all-through: correct them on the Schools and agencies page if need be.")
        return notes


def schools_import_gias(*, local_authority: Any, data: bytes, dry_run: bool = False) -> GiasImported:
    """A GIAS extract read for the council's schools and loaded (`schools_load_gias`), from the command
    line or the administrator's page. A file with any bad row, or none of the council's schools,
    loads nothing (FileRefused)."""
    from cme.formats.gias import read_gias
    from cme.formats.spreadsheets import decode_text

    read = read_gias(decode_text(data), la_code=local_authority.code)
    if read.errors:
        count = len(read.errors)
        raise FileRefused(f"{count} bad row{'s' if count != 1 else ''}: nothing was loaded", read.errors)
    if not read.schools:
        raise FileRefused(f"The file has no schools of {local_authority.name} (LA {local_authority.code}): "
                          "nothing was loaded")
    if dry_run:
        return GiasImported(read, None)
    try:
        return GiasImported(read, schools_load_gias(local_authority_id=local_authority.pk, schools=read.schools))
    except FileRefused:
        raise
    except ValidationError as problem:
        raise FileRefused(f"{problem.messages[0]}: nothing was loaded") from None
