"""Reading casework. A case shows a child's data, so every read of a case or a list of
cases is written to the access log here, refused attempts included."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Case as Choose
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.http import Http404
from django.urls import reverse

from cme.accounts.models import User
from cme.accounts.policy import Action, decide, require
from cme.accounts.roles import Role
from cme.audit.services import access_record, access_record_list, shown
from cme.core import clock
from cme.core.fixed import FixedQuery
from cme.rules import case_lifecycle, school_age
from cme.rules.case_lifecycle import CaseFacts, EnquiryKind, State

from .models import (
    ARRANGING_STATUSES,
    OPEN_STATES,
    Case,
    CaseAction,
    CaseDocument,
    CaseEscalationAnswer,
    CaseIndicator,
    CaseState,
    EheRecord,
    Enquiry,
    EnquiryStatus,
    Escalation,
    LaNotification,
    Placement,
    PlacementKind,
    PlacementStatus,
    Subject,
    Task,
    TaskStatus,
    TimelineEntry,
    TimelineKind,
)

CONTACT_METHODS = ("phone", "email", "letter", "in-person", "secure-message")


def case_for_view(*, user: Any, case_id: int, purpose: str, request: Any = None,
                  action: Action = Action.VIEW_CASE, case_page: bool = False) -> Case:
    """One case, for someone allowed to see (or, with `action`, change) it; any other case is
    not found, whether it exists or not. For the case page (`case_page`) it says too whether the
    case has any referrals to the police or social care, escalation answers, risk indicators and
    documents (`case.has_escalations`...), so the page reads only those it has."""
    found = (_CASE_FOR_PAGE if case_page else _CASE)(case_id)
    case = found[0] if found else None
    if case is None:
        raise Http404("No case with that reference")
    decision = decide(user, action, case)
    if case.local_authority_id == getattr(user, "local_authority_id", None):
        access_record(user=user, local_authority_id=case.local_authority_id, record_type="case", record_id=case.pk,
                      record_label=f"{case.reference} {case.child.full_name}" if decision else case.reference,
                      purpose=purpose, request=request, granted=decision.allowed, child_ids=[case.child_id])
    if not decision:
        raise Http404("No case with that reference")
    return case


_CASE_PAGE_PARTS = {"escalations": Escalation, "escalation_answers": CaseEscalationAnswer,
                    "indicators": CaseIndicator, "documents": CaseDocument}


def _case(case_id: int, case_page: bool = False) -> QuerySet[Case]:
    cases = Case.objects.select_related("child", "allocated_to", "local_authority", "closed_by")
    if case_page:
        cases = cases.annotate(**{f"has_{name}": Exists(model.objects.filter(case_id=OuterRef("pk")))
                                  for name, model in _CASE_PAGE_PARTS.items()})
    return cases.filter(pk=case_id)[:1]


# Compiled to SQL once per database connection (cme.core.fixed): every page about a case asks one.
_CASE = FixedQuery(_case, 918273646)
_CASE_FOR_PAGE = FixedQuery(lambda case_id: _case(case_id, case_page=True), 918273647)


# -- lists ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class CaseFilters:
    status: str = "open"  # open, closed, all, or one state
    officer: str = ""  # "" everyone, "me", "none" (unallocated), or a user id
    risk: tuple[str, ...] = ()
    whereabouts: str = ""  # "", "known", "unknown"
    search: str = ""
    sort: str = "start"  # start, risk, reference, name, officer

    @property
    def describes(self) -> str:
        return ", ".join(part for part in (self.status, self.officer, ",".join(self.risk), self.whereabouts,
                                           self.search, self.sort) if part)


SORTS = {
    "start": ("start_date", "id"),
    "-start": ("-start_date", "-id"),
    "name": ("child__last_name", "child__first_name", "id"),
    "reference": ("id",),
    "risk": ("risk_order", "start_date", "id"),
}


def cases_list(*, user: Any, filters: CaseFilters, request: Any = None) -> QuerySet[Case]:
    """The council's cases as the filters choose; reading the list is logged."""
    require(user, Action.VIEW_CASE, user.local_authority)
    cases = Case.objects.filter(local_authority_id=user.local_authority_id)
    if filters.status == "open":
        cases = cases.filter(state__in=OPEN_STATES)
    elif filters.status == "closed":
        cases = cases.filter(state=CaseState.CLOSED)
    elif filters.status in CaseState.values:
        cases = cases.filter(state=filters.status)
    if filters.officer == "me":
        cases = cases.filter(allocated_to=user)
    elif filters.officer == "none":
        cases = cases.filter(allocated_to__isnull=True)
    elif filters.officer.isdigit():
        cases = cases.filter(allocated_to_id=int(filters.officer))
    if filters.risk:
        cases = cases.filter(risk_level__in=filters.risk)
    if filters.whereabouts in ("known", "unknown"):
        cases = cases.filter(whereabouts_known=filters.whereabouts == "known")
    for word in filters.search.split()[:5]:
        reference = word.upper().removeprefix("CME")
        cases = cases.filter(Q(child__first_name__icontains=word) | Q(child__last_name__icontains=word)
                             | (Q(pk=int(reference)) if reference.isdigit() and len(reference) < 10 else Q(pk__in=[])))
    cases = cases.annotate(risk_order=Choose(When(risk_level="high", then=Value(0)),
                                             When(risk_level="medium", then=Value(1)),
                                             When(risk_level="low", then=Value(2)), default=Value(3),
                                             output_field=IntegerField()))
    return cases.order_by(*SORTS.get(filters.sort, SORTS["start"]))


class CasesByPage(Sequence):
    """The list's cases a page at a time, for the paginator: the page's cases are chosen from the
    cases alone (joining the child only to sort or search by name), then read with each one's child
    and officer in one query, only the columns the list shows. Joining every matching case to its
    child first, to keep 50, costs a council with 10,000 open cases 10,000 lookups a page."""

    def __init__(self, cases: QuerySet[Case]):
        self.cases = cases

    def count(self) -> int:
        return self.cases.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index:index + 1][0]
        ids = list(self.cases.values_list("pk", flat=True)[index])
        found = (Case.objects.filter(pk__in=ids).select_related("child", "allocated_to").only(*LIST_COLUMNS)
                 .order_by())
        by_id = {case.pk: case for case in found}
        return [by_id[pk] for pk in ids if pk in by_id]


LIST_COLUMNS = ("id", "local_authority_id", "child_id", "state", "whereabouts_known", "risk_level", "allocated_to_id",
                "start_date", "closed_on", "primary_reason", "version",
                "child__id", "child__local_authority_id", "child__first_name", "child__middle_names",
                "child__last_name", "child__child_protection_plan", "child__looked_after", "child__has_social_worker",
                "allocated_to__id", "allocated_to__full_name")


def cases_shown(*, user: Any, filters: CaseFilters, page: Page, request: Any = None) -> None:
    """Log reading a page of the cases list, naming every child on it (so the read is found by child)."""
    cases = list(page.object_list)
    access_record_list(user=user, record_type="case-list", child_ids=[case.child_id for case in cases],
                       label=shown(len(cases), "case", "cases"), purpose=f"Listed cases ({filters.describes})",
                       request=request)


def page_of(items: QuerySet | Sequence, number: Any, per_page: int = 50) -> Page:
    return Paginator(items, per_page).get_page(number)


def officers(*, user: Any) -> list[User]:
    """The council's CME officers and managers, for allocation and filters."""
    return list(_officers(user))


def officer_names(*, user: Any) -> list[tuple[int, str]]:
    """The same people as (id, name), all the case list's filter shows: no person's whole record made."""
    return [tuple(row) for row in _OFFICER_NAMES(user.local_authority_id)]


def _officers(user: Any) -> QuerySet[User]:
    return _council_officers(user.local_authority_id)


def _council_officers(la_id: int) -> QuerySet[User]:
    return User.objects.filter(local_authority_id=la_id, is_active=True,
                               role__in=[Role.CME_OFFICER, Role.CME_MANAGER]).order_by("full_name")


# The case list's officer filter, compiled to SQL once per database connection (cme.core.fixed).
_OFFICER_NAMES = FixedQuery(lambda la_id: _council_officers(la_id).values_list("pk", "full_name"), 918273657)


# -- one case: what the rules need, and what the page shows ----------------------------------------

def case_facts(case: Case, *, enquiries: list | None = None, placements: list | None = None) -> CaseFacts:
    """What the rules need to know about a case, in three queries: its enquiries and its provision
    (or the lists the case page has read already) and one for everything else."""
    if enquiries is None:
        enquiries = list(case.enquiries.only("id", "case_id", "kind", "status", "result"))
    if placements is None:
        placements = list(case.placements.only("id", "case_id", "kind", "status", "start_date"))
    done = frozenset(EnquiryKind(e.kind) for e in enquiries if e.status != EnquiryStatus.TO_DO)
    outstanding = frozenset(EnquiryKind(e.kind) for e in enquiries if e.status == EnquiryStatus.TO_DO)
    started = [p for p in placements if p.status == PlacementStatus.STARTED]
    # The latest started provision (PostgreSQL puts a missing start date first when ordering newest first).
    started_placement = max(started, key=lambda p: (p.start_date is None, p.start_date or dt.date.min), default=None)
    found = (_FACTS_WITH_CHECKS(case.pk, case.child_id, started_placement.pk) if started_placement
             else _FACTS(case.pk, case.child_id))
    if len(found) != 1:
        raise Case.DoesNotExist(f"No case {case.pk}")
    found = found[0]
    child = case.child
    missing = []
    if child.date_of_birth is None:
        missing.append("date of birth")
    if child.sex not in ("F", "M"):
        missing.append("sex")
    if not found["fact_has_address"]:
        missing.append("an address")
    ends = school_age.school_age(child.date_of_birth).ends if child.date_of_birth else None
    lost_ctf = found["fact_lost_ctf_opened"] or any(e.kind == EnquiryKind.LOST_PUPIL_DATABASE
                                               and e.status == EnquiryStatus.DONE for e in enquiries)
    return CaseFacts(
        state=State(case.state), whereabouts_known=case.whereabouts_known,
        placement_arranging=any(p.status in ARRANGING_STATUSES for p in placements),
        placement_started=bool(started),
        alternative_provision_started=any(p.kind in (PlacementKind.ALTERNATIVE_PROVISION, PlacementKind.SECTION_19)
                                          for p in started),
        attendance_checks=found["fact_checks"], attendance_checks_needed=settings.CME_MONITORING_CHECKS,
        enquiries_done=done, enquiries_outstanding=outstanding, home_visit_recorded=found["fact_visited"],
        needs_recorded=found["fact_needs"],
        details_missing=tuple(missing),
        contact_attempts=found["fact_contacts"],
        other_la_accepted=any(e.kind == EnquiryKind.OTHER_LA and e.status == EnquiryStatus.DONE
                              and "accept" in (e.result or "").lower() for e in enquiries),
        lost_pupil_ctf_recorded=lost_ctf, compulsory_school_age_ends=ends, today=clock.today())


def _facts(case_id: int, child_id: int, placement_id: int | None = None) -> QuerySet[Case]:
    """case_facts' one query for everything but the enquiries and the provision."""
    from cme.children.models import ChildAddress

    from .models import AttendanceCheck, CaseNeeds, HomeVisit

    mine = {"case_id": case_id}
    return Case.objects.filter(pk=case_id).values(
        fact_has_address=Exists(ChildAddress.objects.filter(child_id=child_id)),
        fact_visited=Exists(HomeVisit.objects.filter(**mine)),
        fact_needs=Exists(CaseNeeds.objects.filter(**mine)),
        fact_lost_ctf_opened=Exists(TimelineEntry.objects.filter(**mine, kind=TimelineKind.OPENED,
                                                            text__icontains="lost-pupil CTF")),
        fact_contacts=_count(CaseAction.objects.filter(**mine, method__in=CONTACT_METHODS)),
        fact_checks=_count(AttendanceCheck.objects.filter(**mine, placement_id=placement_id))
        if placement_id is not None else Value(0))


# Compiled to SQL once per database connection (cme.core.fixed): every case page asks one.
_FACTS = FixedQuery(_facts, 918273648, 918273649)
_FACTS_WITH_CHECKS = FixedQuery(_facts, 918273648, 918273649, 918273650)


def _count(rows: QuerySet) -> Coalesce:
    """How many rows, as a subquery of one number."""
    return Coalesce(Subquery(rows.order_by().values("case_id").annotate(n=Count("id")).values("n")[:1]), 0)


@dataclass
class TimelineItem:
    entry: TimelineEntry
    link: str = ""
    link_text: str = ""


def timeline_for(case: Case, kind: str = "") -> list[TimelineItem]:
    """The case's chronology, newest first, with each entry's subject as a link worked out now."""
    entries = (list(case.timeline.select_related("by").filter(kind=kind)) if kind
               else _TIMELINE(case.pk, known={"case": case}))
    links = _subject_links([(e.subject_type, e.subject_id) for e in entries if e.subject_type and e.subject_id])
    return [TimelineItem(e, *links.get((e.subject_type, e.subject_id), ("", ""))) for e in entries]


def _subject_links(subjects: list[tuple[str, int]]) -> dict[tuple[str, int], tuple[str, str]]:
    from cme.referrals.models import Referral

    wanted: dict[str, set[int]] = {}
    for subject_type, subject_id in subjects:
        wanted.setdefault(subject_type, set()).add(subject_id)
    links: dict[tuple[str, int], tuple[str, str]] = {}
    # No query (nor building one) for a chronology that names no referral.
    referrals = (Referral.objects.filter(pk__in=wanted[Subject.REFERRAL]).values_list("pk", "reference")
                 if Subject.REFERRAL in wanted else ())
    for pk, reference in referrals:
        links[(Subject.REFERRAL, pk)] = (reverse("referrals:triage", args=[reference]), f"Referral {reference}")
    for pk in wanted.get(Subject.DELETION_RETURN, ()):
        links[(Subject.DELETION_RETURN, pk)] = (reverse("schools:deletion-return", args=[pk]), "Deletion return")
    for pk in wanted.get(Subject.NEW_PUPIL_RETURN, ()):
        links[(Subject.NEW_PUPIL_RETURN, pk)] = (reverse("schools:new-pupil-return", args=[pk]), "New-pupil return")
    for pk in wanted.get(Subject.CHILD, ()):
        links[(Subject.CHILD, pk)] = (reverse("children:detail", args=[pk]), f"C{pk:06d}")
    for pk in wanted.get(Subject.DOCUMENT, ()):
        links[(Subject.DOCUMENT, pk)] = (reverse("cases:document", args=[pk]), "Open the document")
    return links


TIMELINE_FILTERS = [("", "Everything"), (TimelineKind.ENQUIRY, "Enquiries"), (TimelineKind.VISIT, "Home visits"),
                    (TimelineKind.NOTE, "Notes"), (TimelineKind.PLACEMENT, "Provision"),
                    (TimelineKind.ATTENDANCE, "Attendance"), (TimelineKind.ESCALATION, "Escalation"),
                    (TimelineKind.DOCUMENT, "Documents"), (TimelineKind.STATE, "Progress"),
                    (TimelineKind.REFERRAL, "Referrals"), (TimelineKind.SCHOOL_RETURN, "School returns")]


# The case page's lists, each compiled to SQL once per database connection (cme.core.fixed), as
# case.timeline, case.enquiries... read them.
_TIMELINE = FixedQuery(lambda case_id: TimelineEntry.objects.filter(case_id=case_id).select_related("by"), 918273651)
_ENQUIRIES = FixedQuery(lambda case_id: Enquiry.objects.filter(case_id=case_id).select_related("done_by"), 918273652)
_PLACEMENTS = FixedQuery(lambda case_id: Placement.objects.filter(case_id=case_id).select_related("school"),
                         918273653)
_OPEN_TASKS = FixedQuery(lambda case_id: Task.objects.filter(case_id=case_id, status=TaskStatus.OPEN)
                         .select_related("owner").order_by("due_on", "id"), 918273654)


def enquiries_of(case: Case) -> list[Enquiry]:
    """The case's enquiries with who did each (case.enquiries.select_related("done_by"))."""
    return _ENQUIRIES(case.pk, known={"case": case})


def placements_of(case: Case) -> list[Placement]:
    """The case's provision with each school (case.placements.select_related("school"))."""
    return _PLACEMENTS(case.pk, known={"case": case})


def open_tasks_of(case: Case) -> list[Task]:
    """The case's tasks to do, soonest first, with each one's owner."""
    return _OPEN_TASKS(case.pk, known={"case": case})


def actions_of(case: Case) -> QuerySet[CaseAction]:
    return case.actions.select_related("by", "enquiry")


# -- tasks and workload --------------------------------------------------------------------

def task_state(task: Task, today: dt.date) -> str:
    """"overdue", "due-soon" (within 2 days) or "" for a task to do."""
    if task.status != TaskStatus.OPEN or task.due_on is None:
        return ""
    if task.due_on < today:
        return "overdue"
    return "due-soon" if (task.due_on - today).days <= 2 else ""


def mine_q(user: Any) -> Q:
    """A person's tasks: theirs, and nobody's that are about their cases, unallocated cases or no
    case at all (work for the whole team until someone takes it)."""
    return Q(owner=user) | Q(owner__isnull=True) & (Q(case__isnull=True) | Q(case__allocated_to__isnull=True)
                                                    | Q(case__allocated_to=user))


def tasks_list(*, user: Any, mine: bool = True, done: bool = False, request: Any = None) -> QuerySet[Task]:
    require(user, Action.EDIT_CASE, user.local_authority)
    tasks = Task.objects.filter(local_authority_id=user.local_authority_id,
                                status=TaskStatus.DONE if done else TaskStatus.OPEN)
    if mine:
        tasks = tasks.filter(mine_q(user))
    return (tasks.select_related("child", "case", "owner", "done_by")
            .order_by("-done_at" if done else "due_on", "id"))


def tasks_shown(*, user: Any, tasks: list[Task], ehe: list[EheRecord], notifications: list[LaNotification],
                done: bool = False, request: Any = None) -> None:
    """Log reading the tasks page, naming every child on it: tasks, EHE notices, notices to other councils."""
    access_record_list(user=user, record_type="task-list",
                       child_ids=[row.child_id for row in (*tasks, *ehe, *notifications)],
                       label=f"{shown(len(tasks), 'task', 'tasks')}, {len(ehe)} EHE, {len(notifications)} notices",
                       purpose=("Listed done tasks" if done else "Listed tasks")
                       + ", EHE records and notices to other councils", request=request)


def task_for_edit(*, user: Any, task_id: int) -> Task:
    task = Task.objects.filter(pk=task_id, local_authority_id=user.local_authority_id).select_related("case").first()
    if task is None:
        raise Http404("No such task")
    require(user, Action.EDIT_CASE, task)
    return task


@dataclass
class Workload:
    by_state: list[tuple[str, str, int]] = field(default_factory=list)  # (state, label, count)
    overdue: int = 0
    due_soon: int = 0
    tasks: list[Task] = field(default_factory=list)
    unallocated: int = 0
    high_risk: int = 0
    officers: list[dict] = field(default_factory=list)  # the manager's view of each officer


def _my_case_counts(la_id: int, user_id: int) -> QuerySet:
    return (Case.objects.filter(local_authority_id=la_id, state__in=OPEN_STATES)
            .filter(Q(allocated_to=user_id) | Q(allocated_to__isnull=True)).order_by()
            .values("allocated_to_id", "state")
            .annotate(n=Count("id"), high=Count("id", filter=Q(risk_level="high"))))


def _my_tasks_due(la_id: int, user_id: int, soon: dt.date) -> QuerySet[Task]:
    return (Task.objects.filter(local_authority_id=la_id, status=TaskStatus.OPEN).filter(mine_q(user_id))
            .filter(due_on__lte=soon).order_by("due_on", "id")[:10])


# The home page's, compiled to SQL once per database connection (cme.core.fixed).
_MY_CASE_COUNTS = FixedQuery(_my_case_counts, 918273655, 918273656)
_MY_TASKS_DUE = FixedQuery(_my_tasks_due, 918273655, 918273656, dt.date(1901, 2, 3))


def workload(*, user: Any, request: Any = None) -> Workload:
    """An officer's home page: their cases by state, their tasks due and overdue; a manager's adds
    every officer's caseload and overdue work."""
    require(user, Action.EDIT_CASE, user.local_authority)
    today = clock.today()
    soon = today + dt.timedelta(days=2)
    # The person's open cases by state, their high-risk ones and the unallocated, in one query grouped by
    # officer and state. Only theirs and the unallocated are read (by the council-officer-state index), not
    # every open case of the council: a council with 10,000 took milliseconds a page.
    counts = {"unallocated": 0, "high_risk": 0}
    mine: dict[str, int] = {}
    for row in _MY_CASE_COUNTS(user.local_authority_id, user.pk):
        if row["allocated_to_id"] is None:
            counts["unallocated"] += row["n"]
        else:
            mine[row["state"]] = row["n"]
            counts["high_risk"] += row["high"]
    result = Workload(by_state=[(state.value, state.label, mine.get(state.value, 0))
                                for state in case_lifecycle.OPEN_STATES])
    my_tasks = Task.objects.filter(local_authority_id=user.local_authority_id, status=TaskStatus.OPEN).filter(
        mine_q(user))
    due = my_tasks.filter(due_on__lte=soon).aggregate(overdue=Count("id", filter=Q(due_on__lt=today)),
                                                     due_soon=Count("id", filter=Q(due_on__gte=today)))
    result.overdue, result.due_soon = due["overdue"], due["due_soon"]
    # The home page links each task to its case by id and names neither the case nor the child: no join.
    result.tasks = _MY_TASKS_DUE(user.local_authority_id, user.pk, soon)
    result.unallocated, result.high_risk = counts["unallocated"], counts["high_risk"]
    if decide(user, Action.ALLOCATE_CASE).allowed:
        result.officers = team_workload(user=user)
    access_record(user=user, local_authority_id=user.local_authority_id, record_type="case-list", record_id=None,
                  purpose="Viewed own workload", request=request, child_ids=[task.child_id for task in result.tasks])
    return result


def team_workload(*, user: Any) -> list[dict[str, Any]]:
    """Each of the council's officers and managers with their open cases, those at high risk and their
    overdue tasks: the manager's home page, and the choice of whom to allocate a case to."""
    require(user, Action.ALLOCATE_CASE, user.local_authority)
    la_cases = Case.objects.filter(local_authority_id=user.local_authority_id, state__in=OPEN_STATES)
    caseload = {row["allocated_to"]: row for row in la_cases.order_by().values("allocated_to").annotate(
        n=Count("id"), high=Count("id", filter=Q(risk_level="high")))}
    overdue = Task.objects.filter(local_authority_id=user.local_authority_id, status=TaskStatus.OPEN,
                                  due_on__lt=clock.today())
    late = dict(overdue.order_by().values_list("owner").annotate(n=Count("id")).values_list("owner", "n"))
    none = {"n": 0, "high": 0}
    return [{"user": officer, "cases": caseload.get(officer.pk, none)["n"], "overdue": late.get(officer.pk, 0),
             "high_risk": caseload.get(officer.pk, none)["high"]} for officer in officers(user=user)]


def open_work_of(*, user_id: int) -> tuple[int, int]:
    """A person's open cases and open tasks (counts): what must be handed on before their account is
    switched off or stops being an officer's."""
    return (Case.objects.filter(allocated_to_id=user_id, state__in=OPEN_STATES).count(),
            Task.objects.filter(owner_id=user_id, status=TaskStatus.OPEN).count())


def referrals_waiting(user: Any) -> int:
    from cme.referrals.models import Referral, Status

    if not decide(user, Action.TRIAGE_REFERRAL).allowed:
        return 0
    return Referral.objects.filter(local_authority_id=user.local_authority_id, status=Status.SUBMITTED).count()


def returns_needing_a_decision(user: Any) -> int:
    from cme.schools.models import MatchStatus, NewPupilReturn

    if not decide(user, Action.EDIT_CASE).allowed:
        return 0
    return NewPupilReturn.objects.filter(local_authority_id=user.local_authority_id,
                                         match_status=MatchStatus.FOUND_ON_ROLL).count()


# -- notices ------------------------------------------------------------------------------

def ehe_records(*, user: Any) -> QuerySet[EheRecord]:
    require(user, Action.VIEW_CHILD, user.local_authority)
    return EheRecord.objects.filter(local_authority_id=user.local_authority_id).select_related("child")


def la_notifications(*, user: Any) -> QuerySet[LaNotification]:
    """Notifications this LA sent, and those other LAs on the service sent to it."""
    require(user, Action.VIEW_CHILD, user.local_authority)
    return (LaNotification.objects.filter(Q(from_la_id=user.local_authority_id) | Q(to_la_id=user.local_authority_id))
            .select_related("from_la", "to_la", "child"))
