"""Reading returns, rolls and imports."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404

from cme.accounts.policy import Action, decide, require
from cme.audit.services import access_record, access_record_list, shown
from cme.core import clock
from cme.rules.deletion_grounds import NextStep

from .models import DeletionReturn, ImportJob, NewPupilReturn, Registration, RegistrationSource, School


def returns_for_school(*, user: Any, school: School) -> tuple[QuerySet[DeletionReturn], QuerySet[NewPupilReturn]]:
    require(user, Action.VIEW_SCHOOL_RETURN, school)
    return (DeletionReturn.objects.filter(school=school).order_by("-created_at"),
            NewPupilReturn.objects.filter(school=school).order_by("-created_at"))


RETURNS_PAGE_SIZE = 25


@dataclass
class SchoolReturns:
    """A school's own returns, searched and a page of each kind at a time."""

    query: str
    deletions: Page
    new_pupils: Page


def _search(returns: QuerySet, query: str, prefix: str) -> QuerySet:
    """Every word must match a name, the UPN or the return's reference ("DR-000042" or "42")."""
    for word in query.split():
        match = Q(first_name__icontains=word) | Q(middle_names__icontains=word) | Q(last_name__icontains=word) \
            | Q(upn__iexact=word)
        number = word.upper().removeprefix(f"{prefix}-").lstrip("0")
        if number.isdigit():
            match |= Q(pk=int(number))
        returns = returns.filter(match)
    return returns


def school_returns(*, user: Any, school: School, query: str = "", deletions_page: Any = 1,
                   new_pupils_page: Any = 1) -> SchoolReturns:
    deletions, new_pupils = returns_for_school(user=user, school=school)
    query = " ".join(query.split())[:100]
    deletions = _search(deletions.select_related("case"), query, DeletionReturn.REFERENCE_PREFIX)
    new_pupils = _search(new_pupils, query, NewPupilReturn.REFERENCE_PREFIX)
    return SchoolReturns(query=query,
                         deletions=Paginator(deletions, RETURNS_PAGE_SIZE).get_page(deletions_page),
                         new_pupils=Paginator(new_pupils, RETURNS_PAGE_SIZE).get_page(new_pupils_page))


def school_imports(*, user: Any, school: School) -> QuerySet[ImportJob]:
    """The files a school has sent (CSV, CTF, roll), newest first, to open again."""
    require(user, Action.SUBMIT_SCHOOL_RETURN, school)
    return ImportJob.objects.filter(school=school, created_by__school=school).order_by("-created_at")


@dataclass(frozen=True)
class Outcome:
    """What became of a return, as the school may be told it: no casework detail, no
    internal child or case numbers (docs/data-protection.md)."""

    status: str
    colour: str
    detail: str


def school_outcome(record: DeletionReturn | NewPupilReturn, next_step: dict) -> Outcome:
    if record.is_withdrawn:
        return Outcome("Withdrawn", "govuk-tag--grey",
                       f"You withdrew this return on {record.withdrawn_at.astimezone(clock.LONDON):%-d %B %Y}: "
                       f"{record.withdrawal_reason}")
    if isinstance(record, NewPupilReturn):
        return Outcome("Received", "govuk-tag--green", "The council has recorded that the pupil joined your school. "
                                                         "Nothing more is needed from you.")
    if record.case_id and record.case is not None:
        if record.case.is_open:
            return Outcome("Enquiries under way", "govuk-tag--blue",
                           "The council's children missing education team is making enquiries to find the pupil. "
                           "They will contact you if they need anything.")
        return Outcome("Enquiries finished", "govuk-tag--green",
                       "The council's children missing education team has finished its enquiries. "
                       "Nothing more is needed from you.")
    return Outcome("Received", "govuk-tag--green", next_step.get(NextStep(record.route_step), ""))


def returns_for_la(*, user: Any) -> tuple[QuerySet[DeletionReturn], QuerySet[NewPupilReturn]]:
    require(user, Action.VIEW_SCHOOL_RETURN, user.local_authority)
    la = user.local_authority_id
    return (DeletionReturn.objects.filter(local_authority_id=la).select_related("school").order_by("-created_at"),
            NewPupilReturn.objects.filter(local_authority_id=la).select_related("school").order_by("-created_at"))


def return_for_view(*, user: Any, model, pk: int, request: Any = None):
    record = model.objects.select_related("school", "child").filter(pk=pk).first()
    if record is None:
        raise Http404("No such return")
    decision = decide(user, Action.VIEW_SCHOOL_RETURN, record)
    if record.local_authority_id == getattr(user, "local_authority_id", None):
        access_record(user=user, local_authority_id=record.local_authority_id, record_type=model._meta.model_name,
                      record_id=record.pk, record_label=str(record)[:200] if decision else model._meta.verbose_name,
                      purpose=f"Viewed a {model._meta.verbose_name}", request=request, granted=decision.allowed,
                      child_ids=[record.child_id])
    if not decision:
        raise Http404("No such return")
    return record


@dataclass
class SchoolReporting:
    school: School
    new_pupil_returns: int
    new_pupil_late: int
    deletion_returns: int
    deletion_late: int
    deletions_without_return: int

    @property
    def reports(self) -> bool:
        return bool(self.new_pupil_returns or self.deletion_returns)


def reporting_by_school(*, user: Any, since: dt.date) -> list[SchoolReporting]:
    """Per school: returns received and late since a date, and pupils the roll data show
    as gone with no deletion return (the schools that do not report)."""
    require(user, Action.VIEW_SCHOOL_RETURN, user.local_authority)
    schools = School.objects.filter(local_authority_id=user.local_authority_id).order_by("name")
    new = {row["school"]: row for row in NewPupilReturn.objects.filter(
        local_authority_id=user.local_authority_id, created_at__date__gte=since).values("school").annotate(
        total=Count("id"), late=Count("id", filter=Q(is_late=True)))}
    deleted = {row["school"]: row for row in DeletionReturn.objects.filter(
        local_authority_id=user.local_authority_id, created_at__date__gte=since).values("school").annotate(
        total=Count("id"), late=Count("id", filter=Q(is_late=True)))}
    has_return = DeletionReturn.objects.filter(school=OuterRef("school"), child=OuterRef("child"))
    unreported = {row["school"]: row["total"] for row in Registration.objects.filter(
        school__local_authority_id=user.local_authority_id, leaving_date__gte=since,
        source__in=[RegistrationSource.ROLL_CSV, RegistrationSource.CTF]).annotate(
        reported=Exists(has_return)).filter(reported=False).values("school").annotate(total=Count("id"))}
    return [SchoolReporting(school, new.get(school.pk, {}).get("total", 0), new.get(school.pk, {}).get("late", 0),
                            deleted.get(school.pk, {}).get("total", 0), deleted.get(school.pk, {}).get("late", 0),
                            unreported.get(school.pk, 0)) for school in schools]


def school_for_view(*, user: Any, school_id: int) -> School:
    """A school whose returns the user may see; any other is not found, whether it exists or not."""
    school = School.objects.filter(pk=school_id).first()
    if school is None or not decide(user, Action.VIEW_SCHOOL_RETURN, school):
        raise Http404("No such school")
    return school


def unreported_leavers(*, user: Any, school: School, since: dt.date, request: Any = None) -> list[Registration]:
    require(user, Action.VIEW_SCHOOL_RETURN, school)
    has_return = DeletionReturn.objects.filter(school=OuterRef("school"), child=OuterRef("child"))
    leavers = list(Registration.objects.filter(school=school, leaving_date__gte=since,
                                               source__in=[RegistrationSource.ROLL_CSV, RegistrationSource.CTF])
                   .annotate(reported=Exists(has_return)).filter(reported=False).select_related("child"))
    access_record_list(user=user, record_type="leaver-list", child_ids=[r.child_id for r in leavers],
                       label=shown(len(leavers), "leaver", "leavers"),
                       purpose=f"Listed leavers with no deletion return from {school.name}", request=request)
    return leavers


def returns_listed(*, user: Any, deletions: list[DeletionReturn], new_pupils: list[NewPupilReturn],
                   request: Any = None) -> None:
    """Log a list of returns: every child named in it."""
    access_record_list(user=user, record_type="return-list",
                       child_ids=[r.child_id for r in (*deletions, *new_pupils)],
                       label=f"{shown(len(deletions), 'deletion return', 'deletion returns')}, "
                             f"{shown(len(new_pupils), 'new-pupil return', 'new-pupil returns')}",
                       purpose="Listed school returns", request=request)


def import_job_for_view(*, user: Any, pk: int) -> ImportJob:
    job = ImportJob.objects.select_related("created_by").filter(pk=pk).first()
    school_id = getattr(user, "school_id", None)
    # A school's staff see the files their school sent (not what the council imported for it).
    own_school = job is not None and school_id is not None and job.school_id == school_id \
        and job.created_by.school_id == school_id
    if job is None or not (job.created_by_id == user.pk or own_school):
        raise Http404("No such import")
    return job
