"""Casework's side of what the intakes and the child index tell it (docs/adr/0005-layers.md).

A school's return, a lost-pupil transfer file and a merge of two child records are
recorded by the app they belong to; what casework must then do (open an enquiry,
raise a task, record a home-education notice or a notice to another council, note
it on a case) happens here, in the same transaction. The handlers are registered
when the app is ready (`CasesConfig.ready`).
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from cme.accounts.models import LocalAuthority
from cme.children import candidates
from cme.children.events import CaseSummary, ChildCasesWanted, ChildrenMerged
from cme.children.models import Child
from cme.core import clock, events
from cme.core.notify import queue_email
from cme.rules import deletion_grounds, dfe_return
from cme.rules.deletion_grounds import NextStep
from cme.rules.identity import Person
from cme.schools import services as schools
from cme.schools.calendars import add_school_days_or_calendar_days
from cme.schools.events import DeletionReturnReceived, NewPupilReturnReceived, PupilsReportedMissing
from cme.schools.models import DeletionReturn, MatchStatus, NewPupilReturn

from .models import Case, CaseSource, EheRecord, LaNotification, Subject, TaskKind, TimelineKind
from .services import enquiry_for, task_raise, tasks_complete, timeline_add

# A new pupil this likely to be a child with an open case is worth an officer's look,
# though not enough to link without one.
FOUND_ON_ROLL_PROBABILITY = 0.6


# -- deletion returns: the ground's next step ---------------------------------------------

@events.handles(DeletionReturnReceived)
def act_on_deletion(event: DeletionReturnReceived) -> None:
    record, route, user = event.record, event.route, event.by
    child = record.child
    la_id = record.local_authority_id
    ground = deletion_grounds.ground(record.ground_code)
    if route.step is NextStep.CME_ENQUIRY:
        reason = dfe_return.BELIEVED_MOVED_TO_ANOTHER_LA if record.new_la_code else dfe_return.UNKNOWN
        case, _ = enquiry_for(child=child, primary_reason=reason, start_date=record.deletion_date,
                              opened_because=f"a deletion return: {route.reason}", source=CaseSource.SCHOOL_RETURN)
        timeline_add(case=case, kind=TimelineKind.SCHOOL_RETURN, by=user, subject=record,
                     text=f"Deletion return from {record.school.name}: {ground.label}")
        schools.deletion_return_link_case(record=record, case_id=case.pk)
        if ground.joint_enquiries_required and not record.joint_enquiries:
            task_raise(local_authority_id=la_id, kind=TaskKind.JOINT_ENQUIRIES, child=child, case=case,
                       deletion_return=record, due_on=clock.today(),
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
        task_raise(local_authority_id=la_id, kind=TaskKind.AWAIT_NEW_PUPIL_RETURN, child=child,
                   deletion_return=record, due_on=due,
                   title=f"Check {child.full_name} has started at {record.destination_school_name or 'the new school'}",
                   detail=f"Waiting for the new-pupil return; due {days} school days after {start:%-d %B %Y}"
                          + ("" if covered else " (term dates not set that far ahead: weekdays counted)"))
    elif route.step is NextStep.LA_TO_LA_NOTIFICATION:
        _notify_other_la(record)
    elif route.step is NextStep.CHECK_PROVISION_BY_SIXTH_DAY:
        due, _ = add_school_days_or_calendar_days(la_id, record.deletion_date, 5, record.school)
        task_raise(local_authority_id=la_id, kind=TaskKind.CHECK_PROVISION, child=child, deletion_return=record,
                   due_on=due, title=f"Check full-time provision for {child.full_name} from the sixth school day")
    elif route.step is NextStep.CONSIDER_SECTION_19_PROVISION:
        task_raise(local_authority_id=la_id, kind=TaskKind.SECTION_19, child=child, deletion_return=record,
                   due_on=clock.today(), title=f"Consider section 19 provision for {child.full_name}")


def _notify_other_la(record: DeletionReturn) -> LaNotification:
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


# -- new-pupil returns: a wait is over, or a child with an open case is on a roll ------------

@events.handles(NewPupilReturnReceived)
def act_on_new_pupil(event: NewPupilReturnReceived) -> None:
    record = event.record
    tasks_complete(child=record.child, kind=TaskKind.AWAIT_NEW_PUPIL_RETURN,
                   note=f"New-pupil return from {record.school.name} received")
    _flag_found_on_roll(record)


def _open_case_for(record: NewPupilReturn) -> Case | None:
    """The open CME case this pupil may be: the linked child's own, or a likely match's."""
    case = Case.objects.open_for(record.child)
    if case is not None:
        return case
    incoming = Person(first_name=record.first_name, last_name=record.last_name, other_names=record.other_names,
                             date_of_birth=record.date_of_birth, sex=record.sex, postcode=record.postcode, upn=record.upn)
    for candidate in candidates.find_candidates(incoming, local_authority_id=record.local_authority_id, limit=5,
                                                minimum_probability=FOUND_ON_ROLL_PROBABILITY, include_referrals=False):
        if candidate.record_id != record.child_id and (case := Case.objects.open_for(candidate.record_id)):
            return case
    return None


def _flag_found_on_roll(record: NewPupilReturn) -> None:
    """A child with an open CME case may have been entered on a school roll: the officer confirms."""
    case = _open_case_for(record)
    if case is None:
        return
    schools.new_pupil_return_set_match(record=record, status=MatchStatus.FOUND_ON_ROLL, case_id=case.pk)
    timeline_add(case=case, kind=TimelineKind.FOUND_ON_ROLL, subject=record,
                 text=f"Found on roll: {record.school.name} entered {record.pupil_name} on its register from "
                      f"{record.starting_day:%-d %B %Y}. Confirm it is the same child.")
    task_raise(local_authority_id=case.local_authority_id, kind=TaskKind.FOUND_ON_ROLL, child=record.child,
               case=case, new_pupil_return=record, due_on=clock.today(),
               title=f"Confirm {record.child.full_name} is on the roll of {record.school.name}")


# -- lost-pupil and abroad transfer files ----------------------------------------------------

@events.handles(PupilsReportedMissing)
def open_enquiries(event: PupilsReportedMissing) -> int:
    opened = 0
    for child in Child.objects.filter(pk__in=event.child_ids):
        case, created = enquiry_for(child=child, primary_reason=event.primary_reason, start_date=event.start_date,
                                    opened_because=event.what, source=CaseSource.TRANSFER_FILE)
        opened += created
        if not created:
            timeline_add(case=case, kind=TimelineKind.NOTE, text=f"Received {event.what}")
    return opened


# -- the child index: its questions, and merges -------------------------------------------

@events.handles(ChildCasesWanted)
def cases_of(question: ChildCasesWanted) -> list[CaseSummary]:
    return [CaseSummary(child_id=case.child_id, case_id=case.pk, reference=case.reference, is_open=case.is_open,
                        state=case.get_state_display(), start_date=case.start_date, closed_on=case.closed_on,
                        url=reverse("cases:detail", args=[case.pk]))
            for case in Case.objects.filter(child_id__in=question.child_ids).order_by("pk")]


@events.handles(ChildrenMerged)
def note_merge(event: ChildrenMerged) -> None:
    """A note on the timeline of every case of the records concerned."""
    children = [event.kept_id] if not event.undone else [event.kept_id, event.merged_id]
    link_to = event.merged_id if event.undone else event.kept_id
    for case in Case.objects.filter(child_id__in=children).order_by("pk"):
        timeline_add(case=case, kind=TimelineKind.NOTE, text=event.text, by=event.by, subject=Child(pk=link_to),
                     subject_type=Subject.CHILD)
