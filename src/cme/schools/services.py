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
from django.db import IntegrityError, transaction
from django.utils import timezone

from cme.accounts.policy import Action, require
from cme.children import candidates
from cme.children.models import Child, ChildAddress, Contact
from cme.core import clock, events
from cme.rules import deletion_grounds
from cme.rules.deletion_grounds import DeletionFacts
from cme.rules.identity import Person

from .calendars import first_day_of_school_year
from .events import DeletionReturnReceived, NewPupilReturnReceived
from .models import DeletionReturn, MatchStatus, NewPupilReturn, Registration, RegistrationSource, ReturnSource, School


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
                           source: ReturnSource = ReturnSource.FORM, idempotency_key: str = "") -> DeletionReturn:
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
            child, _ = child_for_pupil(local_authority_id=school.local_authority_id, pupil=pupil)
            record = DeletionReturn.objects.create(
                local_authority_id=school.local_authority_id, school=school, child=child,
                **_pupil_fields(pupil), ground_code=ground.code, deletion_date=details.deletion_date,
                new_address=details.new_address, new_address_from=details.new_address_from,
                new_la_code=details.new_la_code, destination_school=destination,
                destination_school_name=destination.name if destination else details.destination_school_name,
                destination_start_date=details.destination_start_date, joint_enquiries=list(details.joint_enquiries),
                route_step=route.step.value, route_reason=route.reason, route_warnings=list(route.warnings),
                due_by=details.deletion_date, is_late=timezone.localdate() > details.deletion_date,
                source=source, idempotency_key=idempotency_key, sent_by=user)
            Registration.objects.filter(child=child, school=school, leaving_date__isnull=True).update(
                leaving_date=details.deletion_date, leaving_reason=ground.code)
            events.publish(DeletionReturnReceived(record=record, route=route, by=user))
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
                            source: ReturnSource = ReturnSource.FORM, idempotency_key: str = "") -> NewPupilReturn:
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
            child, _ = child_for_pupil(local_authority_id=school.local_authority_id, pupil=pupil)
            record = NewPupilReturn.objects.create(
                local_authority_id=school.local_authority_id, school=school, child=child, **_pupil_fields(pupil),
                entered_on=entry.entered_on, starting_day=entry.starting_day, year_group=entry.year_group,
                previous_school=entry.previous_school, exempt=exempt, due_by=due_by,
                is_late=timezone.localdate() > due_by, source=source, idempotency_key=idempotency_key, sent_by=user)
            Registration.objects.get_or_create(child=child, school_laestab=school.laestab, entry_date=entry.starting_day,
                                               defaults={"school": school, "school_name": school.name,
                                                         "source": RegistrationSource.NEW_PUPIL_RETURN})
            events.publish(NewPupilReturnReceived(record=record, by=user))
    except IntegrityError:
        existing = _existing(NewPupilReturn, school, idempotency_key)
        if existing:
            return existing
        raise
    return record




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
