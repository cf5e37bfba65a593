"""Reading partners' work, each read in the access log: an agency's queue holds only the checks
sent to that agency, a council sees only the enquiries it sent or received."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from cme.accounts.models import Agency
from cme.accounts.policy import Action, Scope, can, decide
from cme.audit.services import access_record, access_record_list, shown
from cme.cases.models import Case
from cme.children.models import Child
from cme.children.selectors import children_matching
from cme.core import clock
from cme.rules.identity import Person
from cme.schools.models import Registration

from .models import FINAL_STATUSES, NOT_KNOWN_HERE, AgencyCheck, CheckStatus, CouncilEnquiry, EnquiryStatus


def check_state(check: AgencyCheck, today=None) -> str:
    """"overdue", "due", "waiting", "answered" or "withdrawn", for tags."""
    today = today or clock.today()
    if check.status != CheckStatus.SENT:
        return check.status
    if check.due_on < today:
        return "overdue"
    return "due" if check.due_on == today else "waiting"


def _sent_to_agency(user: Any) -> QuerySet[AgencyCheck] | None:
    """The checks sent to the user's agency, for the queue and the home page's counts (None: the user
    answers no checks)."""
    if not can(user, Action.ANSWER_AGENCY_CHECK) or user.agency_id is None:
        return None
    return AgencyCheck.objects.filter(agency_id=user.agency_id, local_authority_id=user.local_authority_id)


def agency_queue(*, user: Any, answered: bool, request: Any = None) -> list[AgencyCheck]:
    """The checks sent to the user's agency (and only those)."""
    if (sent := _sent_to_agency(user)) is None:
        return []
    checks = (sent.select_related("case", "sent_by", "local_authority")
              .filter(status=CheckStatus.ANSWERED if answered else CheckStatus.SENT)
              .order_by("-answered_at" if answered else "due_on", "id"))[:300]
    checks = list(checks)
    access_record_list(user=user, record_type="agency-check-list", child_ids=[c.case.child_id for c in checks],
                       label=shown(len(checks), "check", "checks"),
                       purpose="Listed the checks sent to the agency", request=request)
    return checks


def agency_checks_waiting(*, user: Any) -> dict[str, int]:
    """How many checks sent to the user's agency wait for an answer, and how many of those are past the
    day they were due: counts only, for the agency user's home page (no child is read)."""
    if (sent := _sent_to_agency(user)) is None:
        return {"waiting": 0, "overdue": 0}
    return (sent.filter(status=CheckStatus.SENT).order_by()
            .aggregate(waiting=Count("id"), overdue=Count("id", filter=Q(due_on__lt=clock.today()))))


def check_for_agency(*, user: Any, check_id: int, purpose: str, request: Any = None) -> AgencyCheck:
    check = (AgencyCheck.objects.select_related("case", "agency", "sent_by", "local_authority")
             .filter(pk=check_id).first())
    if check is None:
        raise Http404("No check with that reference")
    decision = decide(user, Action.ANSWER_AGENCY_CHECK, check)
    if check.local_authority_id == user.local_authority_id:
        access_record(user=user, local_authority_id=check.local_authority_id, record_type="agency-check",
                      record_id=check.pk, record_label=check.reference, purpose=purpose, request=request,
                      granted=decision.allowed, child_ids=[check.case.child_id])
    if not decision:
        raise Http404("No check with that reference")
    return check


def agencies_for(case: Case) -> QuerySet[Agency]:
    return Agency.objects.filter(local_authority_id=case.local_authority_id).order_by("name")


def case_checks(case: Case) -> list[AgencyCheck]:
    return list(case.agency_checks.select_related("agency", "sent_by").prefetch_related("documents")
                .order_by("-sent_at", "-id"))


def case_enquiries(case: Case) -> list[CouncilEnquiry]:
    return list(CouncilEnquiry.objects.select_related("to_council", "receiving_case", "from_la")
                .filter(from_case=case).order_by("-sent_at", "-id"))


def case_enquiries_in(case: Case) -> list[CouncilEnquiry]:
    return list(CouncilEnquiry.objects.select_related("from_la", "from_case").filter(receiving_case=case))


def incoming_enquiries(*, user: Any, request: Any = None) -> list[CouncilEnquiry]:
    """Enquiries other councils sent to the user's council: waiting ones first."""
    if not can(user, Action.TRIAGE_REFERRAL) or user.local_authority_id is None:
        return []
    enquiries = list(CouncilEnquiry.objects.select_related("from_la", "from_case", "receiving_case")
                     .filter(to_la_id=user.local_authority_id).order_by("-sent_at", "-id")[:300])
    access_record_list(user=user, record_type="council-enquiry-list",
                       child_ids=[e.receiving_case.child_id for e in enquiries if e.receiving_case_id],
                       label=shown(len(enquiries), "enquiry", "enquiries"),
                       purpose="Listed enquiries from other councils", request=request)
    return enquiries


# Still waiting for the receiving council's answer: every status that is not final.
WAITING_STATUSES = tuple(status for status in EnquiryStatus if status not in FINAL_STATUSES)


def _waiting_for_council(user: Any) -> QuerySet[CouncilEnquiry] | None:
    """Enquiries from other councils still waiting for the user's council's answer (None: the user does
    not triage)."""
    if not can(user, Action.TRIAGE_REFERRAL) or user.local_authority_id is None:
        return None
    return CouncilEnquiry.objects.filter(to_la_id=user.local_authority_id, status__in=WAITING_STATUSES)


def enquiries_waiting_count(*, user: Any) -> int:
    """How many enquiries from other councils wait for the user's council's answer (the officer's home
    page: a count, no child read)."""
    waiting = _waiting_for_council(user)
    return 0 if waiting is None else waiting.count()


def waiting_for_triage(*, user: Any, search: str = "", request: Any = None) -> list[CouncilEnquiry]:
    """Enquiries from other councils waiting for the user's council, oldest first, for the triage
    queue: each names the sending council, the details it shared and its questions. `search`
    keeps those whose child's name or reference has every word. The list is in the access log."""
    if (waiting := _waiting_for_council(user)) is None:
        return []
    enquiries = list(waiting.select_related("from_la", "receiving_case").order_by("sent_at", "id")[:300])
    words = search.lower().split()
    if words:
        enquiries = [e for e in enquiries
                     if all(word in e.child_name.lower() or word == e.reference.lower() for word in words)]
    access_record_list(user=user, record_type="council-enquiry-list",
                       child_ids=[e.receiving_case.child_id for e in enquiries if e.receiving_case_id],
                       label=shown(len(enquiries), "enquiry", "enquiries"),
                       purpose="Listed enquiries from other councils waiting in the triage queue"
                               + (f" matching “{search[:100]}”" if words else ""), request=request)
    return enquiries


def enquiry_for_view(*, user: Any, enquiry_id: int, purpose: str, request: Any = None) -> tuple[CouncilEnquiry, str]:
    """An enquiry for the council that sent it ("sender") or received it ("receiver")."""
    enquiry = (CouncilEnquiry.objects.select_related("from_la", "from_case", "to_council", "to_la", "receiving_case")
               .filter(pk=enquiry_id).first())
    if enquiry is None:
        raise Http404("No enquiry with that reference")
    side = ""
    if enquiry.from_case_id and can(user, Action.VIEW_CASE, enquiry.from_case):
        side = "sender"
    elif enquiry.to_la_id and can(user, Action.TRIAGE_REFERRAL, Scope(enquiry.to_la_id)):
        side = "receiver"
    elif not enquiry.from_case_id and can(user, Action.TRIAGE_REFERRAL, Scope(enquiry.from_la_id)):
        side = "sender"
    if user.local_authority_id in (enquiry.from_la_id, enquiry.to_la_id):
        children = [enquiry.from_case.child_id] if side == "sender" and enquiry.from_case_id else \
            [enquiry.receiving_case.child_id] if enquiry.receiving_case_id else []
        access_record(user=user, local_authority_id=user.local_authority_id, record_type="council-enquiry",
                      record_id=enquiry.pk, record_label=enquiry.reference, purpose=purpose, request=request,
                      granted=bool(side), child_ids=children)
    if not side:
        raise Http404("No enquiry with that reference")
    return enquiry, side


def panels_for(user: Any) -> QuerySet:
    from .models import Panel

    if not can(user, Action.EDIT_CASE):
        return Panel.objects.none()
    return Panel.objects.filter(local_authority_id=user.local_authority_id).select_related("chair")[:200]


def panel_for(*, user: Any, panel_id: int):
    from .models import Panel

    panel = Panel.objects.select_related("chair").filter(pk=panel_id).first()
    if panel is None or not can(user, Action.EDIT_CASE, panel):
        raise Http404("No panel with that reference")
    return panel


def panel_shown(*, user: Any, panel: Any, items: list, request: Any = None, minutes: bool = False) -> None:
    access_record_list(user=user, record_type="panel", child_ids=[item.case.child_id for item in items],
                       label=f"{panel} ({shown(len(items), 'case', 'cases')})",
                       purpose="Printed panel minutes" if minutes else "Viewed a panel meeting", request=request)


# -- answering an enquiry from what this council's own records hold ----------------------------

POSTCODE = re.compile(r"\b([A-Z]{1,2}\d[A-Z\d]?) ?(\d[A-Z]{2})\b", re.IGNORECASE)


def enquiry_person(enquiry: CouncilEnquiry) -> Person:
    """The child as the sending council described them, for the child index's matcher."""
    details = enquiry.child or {}
    names = details.get("Name", "").split()
    address = details.get("Last known address") or details.get("Address given") or ""
    postcode = POSTCODE.search(address)
    return Person(first_name=names[0] if names else "", middle_names=" ".join(names[1:-1]),
                  last_name=names[-1] if len(names) > 1 else "", other_names=details.get("Also known as", ""),
                  date_of_birth=enquiry.child_date_of_birth, upn=details.get("Unique pupil number", "").upper(),
                  postcode=f"{postcode.group(1)} {postcode.group(2)}".upper() if postcode else "")


@dataclass
class OwnRecord:
    """A child of the receiving council's index who may be the child asked about, and what its
    records say to the sender's usual questions: known here? on a roll? which address?"""

    child: Any
    probability: float
    agreeing: list[str]
    on_roll: Any = None  # the current registration
    last_school: Any = None  # the latest one that ended
    address: Any = None  # the current address
    open_case: Any = None
    strong: bool = False  # the same UPN, or the same names and date of birth: the answer is drafted from it


def enquiry_own_records(*, user: Any, enquiry: CouncilEnquiry, request: Any = None,
                        person: Person | None = None) -> list[OwnRecord]:
    """The receiving council's children who may be the child an enquiry asks about, best first,
    with their current school, address and open case; each read in the access log."""
    if enquiry.to_la_id != user.local_authority_id or not can(user, Action.TRIAGE_REFERRAL, Scope(enquiry.to_la_id)) \
            or not can(user, Action.VIEW_CHILD, Scope(enquiry.to_la_id)):
        return []
    person = person or enquiry_person(enquiry)
    candidates = [c for c in children_matching(user=user, person=person, request=request,
                                               purpose=f"Looked for the child of enquiry {enquiry.reference} from "
                                                       f"{enquiry.from_la.name} to answer it")
                  if c.kind == "child"]
    ids = [c.record_id for c in candidates]
    # Read together, not one child at a time: their registrations with the school, their
    # addresses and any open case.
    children = Child.objects.filter(pk__in=ids, local_authority_id=user.local_authority_id).prefetch_related(
        "addresses", Prefetch("registrations", Registration.objects.select_related("school"))).in_bulk()
    open_cases = {case.child_id: case for case in Case.objects.open().filter(child_id__in=ids)}
    today = clock.today()
    records = []
    for candidate in candidates:
        child = children.get(candidate.record_id)
        if child is None:
            continue
        registrations = child.registrations.all()
        current = [r for r in registrations if (r.leaving_date is None or r.leaving_date > today)
                   and (r.entry_date is None or r.entry_date <= today)]
        ended = sorted((r for r in registrations if r.leaving_date and r.leaving_date <= today),
                       key=lambda r: r.leaving_date, reverse=True)
        records.append(OwnRecord(child=child, probability=candidate.probability,
                                 agreeing=[c.label for c in candidate.agreeing],
                                 on_roll=current[0] if current else None, last_school=ended[0] if ended else None,
                                 address=child.current_address(today), open_case=open_cases.get(child.pk),
                                 strong=_same_child(person, child)))
    return records


def searched_on_details(person: Person) -> str:
    """In words, the details of the child the sending council gave that a search could use."""
    details = ["name"] + [label for label, given in (("date of birth", person.date_of_birth), ("UPN", person.upn),
                                                     ("postcode", person.postcode)) if given]
    return details[0] if len(details) == 1 else f"{', '.join(details[:-1])} and {details[-1]}"


@dataclass
class AnswerDraft:
    """What the answer page shows the receiving council's officer: the records that may be the
    child, the one the answer is drafted from, the drafted answer (None while the officer has
    still to choose a record) and in words what the search used."""

    records: list[OwnRecord]
    chosen: OwnRecord | None
    status: EnquiryStatus | None
    answer: str
    searched: str


def enquiry_answer_draft(*, user: Any, enquiry: CouncilEnquiry, picked: str, request: Any = None) -> AnswerDraft:
    """The answer drafted from the record the officer picked (a child's id, or NOT_KNOWN_HERE),
    else from the first record if it is surely the child, else from none when none may be."""
    person = enquiry_person(enquiry)
    records = enquiry_own_records(user=user, enquiry=enquiry, request=request, person=person)
    chosen = None if picked == NOT_KNOWN_HERE else next(
        (record for record in records if str(record.child.pk) == picked),
        records[0] if records and records[0].strong and not picked else None)
    status, answer = None, ""
    if chosen is not None or not records or picked == NOT_KNOWN_HERE:
        status, answer = draft_answer(chosen, searched_on=clock.today(), person=person)
    return AnswerDraft(records, chosen, status, answer, searched_on_details(person))


def _same_child(person: Person, child: Any) -> bool:
    if person.upn and child.upn:
        return person.upn == child.upn.upper()
    return bool(person.date_of_birth and person.date_of_birth == child.date_of_birth
                and person.first_name.lower() == child.first_name.lower()
                and person.last_name.lower() == child.last_name.lower())


def _school(registration: Any) -> str:
    name = registration.school.name if registration.school_id else registration.school_name
    laestab = registration.school.laestab if registration.school_id else registration.school_laestab
    return f"{name or 'a school'}" + (f" ({laestab})" if laestab else "")


def draft_answer(record: OwnRecord | None, *, searched_on: dt.date, person: Person) -> tuple[EnquiryStatus, str]:
    """The answer this council's records suggest, for the officer to confirm or change: found
    (on a roll here), acknowledged (known here but not on a roll) or not known; and in words
    what the records say to the usual questions. Never this council's own references."""
    when = f"{searched_on:%-d %B %Y}"
    if record is None:
        return EnquiryStatus.NOT_KNOWN, (f"We searched our children's records on {when} by "
                                         f"{searched_on_details(person)} and hold no record of this child.")
    lines = [f"The child is known to us (our records checked on {when})."]
    if record.on_roll is not None:
        since = f" since {record.on_roll.entry_date:%-d %B %Y}" if record.on_roll.entry_date else ""
        lines.append(f"On roll at {_school(record.on_roll)}{since}.")
    elif record.last_school is not None:
        lines.append(f"Not on a school roll here: the last school we hold is {_school(record.last_school)}, "
                     f"left on {record.last_school.leaving_date:%-d %B %Y}.")
    else:
        lines.append("We hold no school registration for the child.")
    if record.address is not None:
        since = f" (since {record.address.moved_in:%-d %B %Y})" if record.address.moved_in else ""
        lines.append(f"Address we hold: {record.address}{since}.")
    else:
        lines.append("We hold no current address.")
    if record.open_case is not None:
        lines.append("We already have an open children missing education case for the child.")
    return (EnquiryStatus.FOUND if record.on_roll is not None else EnquiryStatus.ACKNOWLEDGED), " ".join(lines)
