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
from django.urls import reverse
from django.utils import timezone

from cme.accounts.models import LocalAuthority
from cme.accounts.policy import Action, require
from cme.cases.models import (
    Case,
    CaseState,
    EheRecord,
    LaNotification,
    Task,
    TaskKind,
    TaskStatus,
    TimelineKind,
)
from cme.cases.services import enquiry_for, timeline_add
from cme.children.models import Child, ChildAddress, Contact
from cme.core.notify import queue_email
from cme.linkage import matching
from cme.linkage.matching import IncomingChild, find_candidates
from cme.rules import deletion_grounds, dfe_return
from cme.rules.deletion_grounds import DeletionFacts, NextStep

from .calendars import add_school_days_or_calendar_days, first_day_of_school_year
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
    incoming = IncomingChild(first_name=pupil.first_name, last_name=pupil.last_name, other_names=pupil.other_names,
                             dob=pupil.date_of_birth, sex=pupil.sex, postcode=pupil.postcode, upn=pupil.upn)
    if (known := matching.known_child(incoming, local_authority_id=local_authority_id)) is not None:
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
    ground = deletion_grounds.ground(details.ground_code)
    in_force = deletion_grounds.regulations_in_force(details.deletion_date)
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
            _act_on_deletion(record, route, user)
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


def _act_on_deletion(record: DeletionReturn, route: deletion_grounds.Route, user: Any) -> None:
    child = record.child
    la_id = record.local_authority_id
    ground = deletion_grounds.ground(record.ground_code)
    link = reverse("schools:deletion-return", args=[record.pk])
    if route.step is NextStep.CME_ENQUIRY:
        reason = dfe_return.BELIEVED_MOVED_TO_ANOTHER_LA if record.new_la_code else dfe_return.UNKNOWN
        case, _ = enquiry_for(child=child, primary_reason=reason, start_date=record.deletion_date,
                              opened_because=f"a deletion return: {route.reason}")
        timeline_add(case=case, kind=TimelineKind.SCHOOL_RETURN, by=user, link_url=link,
                     text=f"Deletion return from {record.school.name}: {ground.label}")
        record.case = case
        record.save(update_fields=["case"])
        if ground.joint_enquiries_required and not record.joint_enquiries:
            Task.objects.create(local_authority_id=la_id, kind=TaskKind.JOINT_ENQUIRIES, child=child, case=case,
                                deletion_return=record, due_on=timezone.localdate(),
                                title=f"Check the joint enquiries for {child.full_name}",
                                detail=route.warnings[0] if route.warnings else "")
    elif route.step is NextStep.EHE_RECORD:
        EheRecord.objects.create(local_authority_id=la_id, child=child, notified_on=record.deletion_date,
                                 source=f"Deletion return from {record.school.name} ({ground.label})",
                                 deletion_return=record)
    elif route.step is NextStep.AWAIT_NEW_PUPIL_RETURN:
        days = settings.CME_AWAIT_NEW_PUPIL_RETURN_SCHOOL_DAYS
        start = record.destination_start_date or record.deletion_date
        due, covered = add_school_days_or_calendar_days(la_id, start, days, record.destination_school)
        Task.objects.create(
            local_authority_id=la_id, kind=TaskKind.AWAIT_NEW_PUPIL_RETURN, child=child, deletion_return=record,
            due_on=due, title=f"Check {child.full_name} has started at {record.destination_school_name or 'the new school'}",
            detail=f"Waiting for the new-pupil return; due {days} school days after {start:%-d %B %Y}"
                   + ("" if covered else " (term dates not set that far ahead: weekdays counted)"))
    elif route.step is NextStep.LA_TO_LA_NOTIFICATION:
        _notify_other_la(record, user)
    elif route.step is NextStep.CHECK_PROVISION_BY_SIXTH_DAY:
        due, _ = add_school_days_or_calendar_days(la_id, record.deletion_date, 5, record.school)
        Task.objects.create(local_authority_id=la_id, kind=TaskKind.CHECK_PROVISION, child=child,
                            deletion_return=record, due_on=due,
                            title=f"Check full-time provision for {child.full_name} from the sixth school day")
    elif route.step is NextStep.CONSIDER_SECTION_19_PROVISION:
        Task.objects.create(local_authority_id=la_id, kind=TaskKind.SECTION_19, child=child, deletion_return=record,
                            due_on=timezone.localdate(), title=f"Consider section 19 provision for {child.full_name}")


def _notify_other_la(record: DeletionReturn, user: Any) -> LaNotification:
    other = LocalAuthority.objects.filter(code=record.new_la_code).first()
    summary = (f"{record.pupil_name} (born {record.date_of_birth:%-d %B %Y}) has left {record.school.name} in "
               f"{record.school.local_authority.name} and is believed to live in your area"
               + (f" at {record.new_address}" if record.new_address else "") + ".")
    notification = LaNotification.objects.create(
        from_la_id=record.local_authority_id, to_la=other, to_la_code=record.new_la_code, child=record.child,
        summary=summary, deletion_return=record, sent_to_email=other.cme_contact_email if other else "")
    if other and other.cme_contact_email:
        sender = record.school.local_authority
        contact = sender.cme_contact_email or sender.name
        queue_email(to=other.cme_contact_email, subject=f"Child moved into your area from {sender.name}",
                    body=f"{sender.name}'s children missing education team tells you that a child has moved into your "
                         f"area. Sign in to CME Tracker to see the details, or contact {contact}.\n")
    return notification


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
            _close_waiting_tasks(record)
            _flag_found_on_roll(record, child)
    except IntegrityError:
        existing = _existing(NewPupilReturn, school, idempotency_key)
        if existing:
            return existing
        raise
    return record


def _close_waiting_tasks(record: NewPupilReturn) -> None:
    """The destination school's return has arrived: the wait is over."""
    waiting = Task.objects.filter(child=record.child, kind=TaskKind.AWAIT_NEW_PUPIL_RETURN, status=TaskStatus.OPEN)
    waiting.update(status=TaskStatus.DONE, done_at=timezone.now(),
                   done_note=f"New-pupil return from {record.school.name} received")


FOUND_ON_ROLL_PROBABILITY = 0.6  # worth an officer's look, not enough to link without one


def _open_case_for(record: NewPupilReturn, child: Child) -> Case | None:
    """The open CME case this pupil may be: the linked child's own, or a likely match's."""
    case = child.cases.exclude(state=CaseState.CLOSED).first()
    if case is not None:
        return case
    incoming = IncomingChild(first_name=record.first_name, last_name=record.last_name, other_names=record.other_names,
                             dob=record.date_of_birth, sex=record.sex, postcode=record.postcode, upn=record.upn)
    for candidate in find_candidates(incoming, local_authority_id=record.local_authority_id, limit=5,
                                     minimum_probability=FOUND_ON_ROLL_PROBABILITY):
        if candidate.kind == "child" and candidate.record_id != child.pk:
            case = Case.objects.filter(child_id=candidate.record_id).exclude(state=CaseState.CLOSED).first()
            if case is not None:
                return case
    return None


def _flag_found_on_roll(record: NewPupilReturn, child: Child) -> None:
    """A child with an open CME case may have been entered on a school roll: the officer confirms."""
    case = _open_case_for(record, child)
    if case is None:
        return
    record.match_status = MatchStatus.FOUND_ON_ROLL
    record.matched_case = case
    record.save(update_fields=["match_status", "matched_case"])
    link = reverse("schools:new-pupil-return", args=[record.pk])
    timeline_add(case=case, kind=TimelineKind.FOUND_ON_ROLL, link_url=link,
                 text=f"Found on roll: {record.school.name} entered {record.pupil_name} on its register from "
                      f"{record.starting_day:%-d %B %Y}. Confirm it is the same child.")
    Task.objects.create(local_authority_id=case.local_authority_id, kind=TaskKind.FOUND_ON_ROLL, child=child,
                        case=case, new_pupil_return=record, due_on=timezone.localdate(),
                        title=f"Confirm {child.full_name} is on the roll of {record.school.name}")


@transaction.atomic
def found_on_roll_decide(*, record: NewPupilReturn, officer: Any, same_child: bool) -> NewPupilReturn:
    case = record.matched_case
    if case is None or record.match_status != MatchStatus.FOUND_ON_ROLL:
        raise ValidationError("This return is not waiting for a found-on-roll decision")
    require(officer, Action.CLOSE_CASE, case)
    Task.objects.filter(new_pupil_return=record, kind=TaskKind.FOUND_ON_ROLL, status=TaskStatus.OPEN).update(
        status=TaskStatus.DONE, done_at=timezone.now(), done_note="Confirmed" if same_child else "Not the same child")
    if same_child:
        record.match_status = MatchStatus.CONFIRMED
        case.state = CaseState.CLOSED
        case.closed_on = timezone.localdate()
        case.closure_reason = f"On roll and attending: {record.school.name} (school confirmed)"
        case.save()
        timeline_add(case=case, kind=TimelineKind.CLOSED, by=officer, text=case.closure_reason)
    else:
        record.match_status = MatchStatus.DISMISSED
        timeline_add(case=case, kind=TimelineKind.NOTE, by=officer,
                     text=f"The pupil entered on {record.school.name}'s roll is not this child")
    record.save(update_fields=["match_status"])
    return record
