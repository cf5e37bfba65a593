"""The permission policy: the one place that answers "may this user do this to this record?".

Every record belongs to one local authority, and some to one school or agency too. A
role is granted an action within a reach:

- LA: any record of the user's own local authority;
- ORGANISATION: records of the user's own school or agency (for LA staff, their LA).

Anything not granted here is refused, with a reason that can be shown or logged.
Views, API handlers and selectors call `require` or `decide`; nothing else decides
access. tests/accounts/test_policy.py checks the full matrix.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.core.exceptions import PermissionDenied

from .roles import Role


class Action(StrEnum):
    VIEW_CHILD = "view-child"
    CREATE_CHILD = "create-child"
    EDIT_CHILD = "edit-child"
    MERGE_CHILDREN = "merge-children"
    VIEW_CASE = "view-case"
    EDIT_CASE = "edit-case"
    ALLOCATE_CASE = "allocate-case"
    CLOSE_CASE = "close-case"
    SUBMIT_REFERRAL = "submit-referral"
    VIEW_REFERRAL = "view-referral"
    TRIAGE_REFERRAL = "triage-referral"
    SUBMIT_SCHOOL_RETURN = "submit-school-return"
    VIEW_SCHOOL_RETURN = "view-school-return"
    IMPORT_DATA = "import-data"
    VIEW_REPORTS = "view-reports"
    EXPORT_DATA = "export-data"
    VIEW_ACCESS_LOG = "view-access-log"
    VIEW_CHANGE_HISTORY = "view-change-history"
    VIEW_ORGANISATION = "view-organisation"
    MANAGE_USERS = "manage-users"
    MANAGE_ORGANISATIONS = "manage-organisations"
    ANSWER_AGENCY_CHECK = "answer-agency-check"
    MANAGE_COUNCILS = "manage-councils"


ACTION_DESCRIPTIONS = {
    Action.VIEW_CHILD: "see a child's record",
    Action.CREATE_CHILD: "add a child",
    Action.EDIT_CHILD: "change a child's record",
    Action.MERGE_CHILDREN: "merge two records of the same child",
    Action.VIEW_CASE: "see a CME case",
    Action.EDIT_CASE: "work on a CME case",
    Action.ALLOCATE_CASE: "allocate cases to officers",
    Action.CLOSE_CASE: "close a CME case",
    Action.SUBMIT_REFERRAL: "refer a child",
    Action.VIEW_REFERRAL: "see referrals and what became of them",
    Action.TRIAGE_REFERRAL: "triage referrals",
    Action.SUBMIT_SCHOOL_RETURN: "send new-pupil and deletion returns",
    Action.VIEW_SCHOOL_RETURN: "see school returns",
    Action.IMPORT_DATA: "import school rolls and other data",
    Action.VIEW_REPORTS: "see statistics and reports",
    Action.EXPORT_DATA: "export data",
    Action.VIEW_ACCESS_LOG: "see who has looked at children's records",
    Action.VIEW_CHANGE_HISTORY: "see the history of changes",
    Action.VIEW_ORGANISATION: "see organisations and contacts",
    Action.MANAGE_USERS: "add and change user accounts",
    Action.MANAGE_ORGANISATIONS: "add and change schools and agencies",
    Action.ANSWER_AGENCY_CHECK: "see and answer checks sent to their agency",
    Action.MANAGE_COUNCILS: "change the directory of councils and their CME contacts",
}


class Reach(StrEnum):
    LA = "la"
    ORGANISATION = "organisation"


OFF, MGR, SCH, AGY, AUD, ADM = (Role.CME_OFFICER, Role.CME_MANAGER, Role.SCHOOL_USER, Role.AGENCY_USER, Role.AUDITOR,
                      Role.ADMINISTRATOR)
LA, ORG = Reach.LA, Reach.ORGANISATION

GRANTS: dict[Action, dict[Role, Reach]] = {
    Action.VIEW_CHILD: {OFF: LA, MGR: LA},
    Action.CREATE_CHILD: {OFF: LA, MGR: LA},
    Action.EDIT_CHILD: {OFF: LA, MGR: LA},
    Action.MERGE_CHILDREN: {MGR: LA},
    Action.VIEW_CASE: {OFF: LA, MGR: LA},
    Action.EDIT_CASE: {OFF: LA, MGR: LA},
    Action.ALLOCATE_CASE: {MGR: LA},
    Action.CLOSE_CASE: {OFF: LA, MGR: LA},
    Action.SUBMIT_REFERRAL: {OFF: LA, MGR: LA, SCH: ORG, AGY: ORG},
    Action.VIEW_REFERRAL: {OFF: LA, MGR: LA, SCH: ORG, AGY: ORG},
    Action.TRIAGE_REFERRAL: {OFF: LA, MGR: LA},
    Action.SUBMIT_SCHOOL_RETURN: {SCH: ORG},
    Action.VIEW_SCHOOL_RETURN: {OFF: LA, MGR: LA, SCH: ORG},
    Action.IMPORT_DATA: {OFF: LA, MGR: LA},
    Action.VIEW_REPORTS: {OFF: LA, MGR: LA, AUD: LA},
    Action.EXPORT_DATA: {MGR: LA, AUD: LA},  # an auditor's exports leave out what identifies a child
    Action.VIEW_ACCESS_LOG: {AUD: LA},
    Action.VIEW_CHANGE_HISTORY: {MGR: LA, AUD: LA},
    Action.VIEW_ORGANISATION: {OFF: LA, MGR: LA, SCH: LA, AGY: LA, AUD: LA, ADM: LA},
    Action.MANAGE_USERS: {ADM: LA},
    Action.MANAGE_ORGANISATIONS: {ADM: LA},
    Action.ANSWER_AGENCY_CHECK: {AGY: ORG},
    Action.MANAGE_COUNCILS: {ADM: LA},
}


@dataclass(frozen=True)
class Scope:
    """Where a record sits: its local authority and, for some, its school or agency."""

    local_authority_id: int | None
    school_id: int | None = None
    agency_id: int | None = None


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str

    def __bool__(self) -> bool:
        return self.allowed


def scope_of(record: Any) -> Scope:
    """Every record says where it sits through `policy_scope()` (organisations included); a
    record without one is placed by its own local_authority, school and agency ids."""
    if isinstance(record, Scope):
        return record
    if hasattr(record, "policy_scope"):
        return record.policy_scope()
    return Scope(getattr(record, "local_authority_id", None), school_id=getattr(record, "school_id", None),
                 agency_id=getattr(record, "agency_id", None))


def _within(user: Any, reach: Reach, scope: Scope) -> bool:
    if scope.local_authority_id is None or scope.local_authority_id != user.local_authority_id:
        return False
    if reach is Reach.LA:
        return True
    role = Role(user.role)
    if role is Role.SCHOOL_USER:
        return scope.school_id is not None and scope.school_id == user.school_id
    if role is Role.AGENCY_USER:
        return scope.agency_id is not None and scope.agency_id == user.agency_id
    return True


def _article(noun: str) -> str:
    return "An" if noun[:1].lower() in "aeiou" else "A"


def decide(user: Any, action: Action, record: Any = None) -> Decision:
    """May `user` do `action` to `record`? Without a record: may they do it to anything at all?"""
    if user is None or not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return Decision(False, "You need to sign in")
    if not user.role:
        return Decision(False, "Your account has no role in CME Tracker")
    role = Role(user.role)
    reach = GRANTS[action].get(role)
    if reach is None:
        return Decision(False, f"{_article(role.label)} {role.label.lower()} cannot {ACTION_DESCRIPTIONS[action]}")
    if record is None:
        return Decision(True, f"{_article(role.label)} {role.label.lower()} can {ACTION_DESCRIPTIONS[action]}")
    if not _within(user, reach, scope_of(record)):
        where = {Reach.LA: "your local authority", Reach.ORGANISATION: "your organisation"}[reach]
        return Decision(False, f"This record is outside {where}")
    return Decision(True, f"{_article(role.label)} {role.label.lower()} can {ACTION_DESCRIPTIONS[action]} "
                          f"in {reach.value} scope")


def can(user: Any, action: Action, record: Any = None) -> bool:
    return decide(user, action, record).allowed


def require(user: Any, action: Action, record: Any = None) -> None:
    decision = decide(user, action, record)
    if not decision.allowed:
        raise PermissionDenied(decision.reason)


def actions_for(user: Any) -> list[Action]:
    """What the user may do at all, for their home page."""
    return [action for action in Action if can(user, action)]
