"""The permission policy as a full matrix: every role x every action x a record in the
user's own organisation, in another organisation of the same LA, and in another LA.

The expected grants are written out here, separately from the policy module, so a
change to the policy that nobody meant shows up as a failing test."""

from dataclasses import dataclass

import pytest

from cme.accounts.policy import Action, Scope, actions_for, decide
from cme.accounts.roles import Role

OFF, MGR, SCH, AGY, AUD, ADM = (Role.CME_OFFICER, Role.CME_MANAGER, Role.SCHOOL_USER, Role.AGENCY_USER, Role.AUDITOR,
                      Role.ADMINISTRATOR)
LA, ORG = "la", "organisation"

EXPECTED = {
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
    Action.EXPORT_DATA: {MGR: LA, AUD: LA},
    Action.VIEW_ACCESS_LOG: {AUD: LA},
    Action.VIEW_CHANGE_HISTORY: {MGR: LA, AUD: LA},
    Action.VIEW_ORGANISATION: {OFF: LA, MGR: LA, SCH: LA, AGY: LA, AUD: LA, ADM: LA},
    Action.MANAGE_USERS: {ADM: LA},
    Action.MANAGE_ORGANISATIONS: {ADM: LA},
    Action.ANSWER_AGENCY_CHECK: {AGY: ORG},
    Action.MANAGE_COUNCILS: {ADM: LA},
}

MY_LA, OTHER_LA = 1, 2
MY_SCHOOL, OTHER_SCHOOL = 10, 11
MY_AGENCY, OTHER_AGENCY = 20, 21
RECORDS = {
    "own organisation": Scope(MY_LA, school_id=MY_SCHOOL, agency_id=MY_AGENCY),
    "other organisation, same LA": Scope(MY_LA, school_id=OTHER_SCHOOL, agency_id=OTHER_AGENCY),
    "other LA": Scope(OTHER_LA, school_id=MY_SCHOOL, agency_id=MY_AGENCY),
}


@dataclass
class FakeUser:
    role: str
    local_authority_id: int = MY_LA
    school_id: int | None = None
    agency_id: int | None = None
    pk: int = 1
    is_authenticated: bool = True
    is_active: bool = True


def user_for(role: Role) -> FakeUser:
    return FakeUser(role=role.value, school_id=MY_SCHOOL if role is SCH else None,
                    agency_id=MY_AGENCY if role is AGY else None)


def expected_outcome(reach: str | None, record: str) -> bool:
    if reach is None or record == "other LA":
        return False
    return reach == LA or record == "own organisation"


def test_the_expected_matrix_covers_every_action():
    assert set(EXPECTED) == set(Action)


CASES = [(role, action, record) for role in Role for action in Action for record in RECORDS]


@pytest.mark.parametrize(("role", "action", "record"), CASES,
                         ids=[f"{r.value}-{a.value}-{rec}" for r, a, rec in CASES])
def test_matrix(role, action, record):
    reach = EXPECTED[action].get(role)
    decision = decide(user_for(role), action, RECORDS[record])
    assert decision.allowed is expected_outcome(reach, record), decision.reason
    assert decision.reason  # every answer, yes or no, says why


@pytest.mark.parametrize("role", list(Role))
def test_actions_for_lists_exactly_the_granted_actions(role):
    assert set(actions_for(user_for(role))) == {a for a in Action if role in EXPECTED[a]}


def test_refusals_explain_themselves():
    assert decide(user_for(SCH), Action.VIEW_CHILD, RECORDS["own organisation"]).reason == \
        "A school user cannot see a child's record"
    assert decide(user_for(OFF), Action.VIEW_CHILD, RECORDS["other LA"]).reason == \
        "This record is outside your local authority"
    assert decide(user_for(SCH), Action.VIEW_REFERRAL, RECORDS["other organisation, same LA"]).reason == \
        "This record is outside your organisation"


def test_signed_out_inactive_and_roleless_users_are_refused_everything():
    record = RECORDS["own organisation"]
    for user in (None, FakeUser(role="cme-officer", is_authenticated=False),
                 FakeUser(role="cme-officer", is_active=False), FakeUser(role="")):
        assert not any(decide(user, action, record).allowed for action in Action)


def test_a_record_with_no_la_is_refused_even_to_la_staff():
    assert not decide(user_for(MGR), Action.VIEW_CHILD, Scope(None)).allowed
