"""Reads for the council's administrator: its user accounts and what a school or agency user may
belong to. Accounts hold no child's data, so these reads are not in the access log; every change
to an account is in its change history (pghistory on User)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from cme.accounts.models import Agency, User
from cme.accounts.policy import Action, require
from cme.accounts.roles import Role
from cme.core.words import counted
from cme.schools.models import School


def council_users(*, user: Any) -> QuerySet[User]:
    """The administrator's council's accounts, active first, by name."""
    require(user, Action.MANAGE_USERS, user.local_authority)
    return (User.objects.filter(local_authority_id=user.local_authority_id).select_related("school", "agency")
            .order_by("-is_active", "full_name"))


def council_user(*, user: Any, user_id: int) -> User:
    """One of the council's accounts; another council's is "not found", as one that does not exist."""
    found = council_users(user=user).filter(pk=user_id).first()
    if found is None:
        raise Http404("No user account with that number in this council")
    return found


def account_history(*, user: Any, account: User) -> list[dict]:
    """The changes to one of the council's accounts (name, role, organisation, switched off or on, sign-in
    resets), newest first, with who made each."""
    from pghistory.models import Events

    from cme.children.selectors import event_rows

    require(user, Action.MANAGE_USERS, user.local_authority)
    return event_rows(Events.objects.tracks(account), limit=50)


def schools(*, user: Any) -> list[tuple[int, str]]:
    require(user, Action.MANAGE_USERS, user.local_authority)
    return list(School.objects.filter(local_authority_id=user.local_authority_id).order_by("name")
                .values_list("pk", "name"))


def agencies(*, user: Any) -> list[tuple[int, str]]:
    require(user, Action.MANAGE_USERS, user.local_authority)
    return list(Agency.objects.filter(local_authority_id=user.local_authority_id).order_by("name")
                .values_list("pk", "name"))
def council_schools(*, user: Any) -> QuerySet[School]:
    require(user, Action.MANAGE_ORGANISATIONS, user.local_authority)
    return School.objects.filter(local_authority_id=user.local_authority_id).order_by("-is_open", "name")


def council_agencies(*, user: Any) -> QuerySet[Agency]:
    require(user, Action.MANAGE_ORGANISATIONS, user.local_authority)
    return Agency.objects.filter(local_authority_id=user.local_authority_id).order_by("name")


def council_school(*, user: Any, school_id: int) -> School:
    found = council_schools(user=user).filter(pk=school_id).first()
    if found is None:
        raise Http404("No school with that number in this council")
    return found


def council_agency(*, user: Any, agency_id: int) -> Agency:
    found = council_agencies(user=user).filter(pk=agency_id).first()
    if found is None:
        raise Http404("No agency with that number in this council")
    return found



@dataclass(frozen=True)
class SetUpStep:
    text: str
    url_name: str
    done: bool
    hint: str


def council_setup_steps(*, user: Any) -> list[SetUpStep]:
    """What a council's administrator does first, and whether each step is done, from what the council
    has: its schools, partner agencies, CME team and the staff of its schools and agencies. None once
    every step is done: the home page then stops showing them."""
    require(user, Action.MANAGE_USERS, user.local_authority)
    council = user.local_authority_id
    roles = set(User.objects.filter(local_authority_id=council, is_active=True).values_list("role", flat=True))
    schools = School.objects.filter(local_authority_id=council).count()
    agencies = Agency.objects.filter(local_authority_id=council).count()
    steps = [
        SetUpStep("Load the council's schools", "administration:schools-gias", schools > 0,
                  counted(schools, "school") if schools else "From Get Information about Schools"),
        SetUpStep("Add the partner agencies the CME team sends checks to", "administration:organisations",
                  agencies > 0, counted(agencies, "agency", "agencies") if agencies else
                  "Police, children's social care, health, housing and others"),
        SetUpStep("Add the CME team", "administration:users", bool(roles & {Role.CME_OFFICER, Role.CME_MANAGER}),
                  "Its officers and the named officer (the CME manager)"),
        SetUpStep("Add the staff of schools and agencies", "administration:users-upload",
                  bool(roles & {Role.SCHOOL_USER, Role.AGENCY_USER}), "Many at once, from a list"),
    ]
    return [] if all(step.done for step in steps) else steps
