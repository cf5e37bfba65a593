"""Reading partners' work, each read in the access log: an agency's queue holds only the checks
sent to that agency, a council sees only the enquiries it sent or received."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from cme.accounts.models import Agency
from cme.accounts.policy import Action, Scope, can, decide
from cme.audit.services import access_record, access_record_list, shown
from cme.cases.models import Case
from cme.core import clock

from .models import AgencyCheck, CheckStatus, CouncilEnquiry, EnquiryStatus


def check_state(check: AgencyCheck, today=None) -> str:
    """"overdue", "due", "waiting", "answered" or "withdrawn", for tags."""
    today = today or clock.today()
    if check.status != CheckStatus.SENT:
        return check.status
    if check.due_on < today:
        return "overdue"
    return "due" if check.due_on == today else "waiting"


def agency_queue(*, user: Any, answered: bool, request: Any = None) -> list[AgencyCheck]:
    """The checks sent to the user's agency (and only those)."""
    if not can(user, Action.ANSWER_AGENCY_CHECK) or user.agency_id is None:
        return []
    checks = (AgencyCheck.objects.select_related("case", "sent_by", "local_authority")
              .filter(agency_id=user.agency_id, local_authority_id=user.local_authority_id)
              .filter(status=CheckStatus.ANSWERED if answered else CheckStatus.SENT)
              .order_by("-answered_at" if answered else "due_on", "id"))[:300]
    checks = list(checks)
    access_record_list(user=user, record_type="agency-check-list", child_ids=[c.case.child_id for c in checks],
                       label=shown(len(checks), "check", "checks"),
                       purpose="Listed the checks sent to the agency", request=request)
    return checks


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


def waiting_incoming_count(user: Any) -> int:
    if user.local_authority_id is None:
        return 0
    return CouncilEnquiry.objects.filter(to_la_id=user.local_authority_id,
                                         status__in=[EnquiryStatus.SENT, EnquiryStatus.ACKNOWLEDGED,
                                                     EnquiryStatus.FOUND]).count()


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
