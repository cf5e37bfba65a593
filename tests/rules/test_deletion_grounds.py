import datetime as dt

import pytest

from cme.rules import deletion_grounds as dg
from cme.rules.deletion_grounds import DeletionFacts, NextStep, Regulations

D = dt.date


def test_the_lists_change_on_19_august_2024():
    assert dg.regulations_in_force(D(2024, 8, 18)) is Regulations.R2006
    assert dg.regulations_in_force(D(2024, 8, 19)) is Regulations.R2024


def test_there_is_no_list_before_the_2006_regulations():
    with pytest.raises(dg.NoGroundsError, match="1 September 2006"):
        dg.grounds_in_force(D(2006, 8, 31))


def test_2024_list_has_fifteen_grounds_a_to_o():
    assert [g.paragraph for g in dg.GROUNDS_2024] == list("abcdefghijklmno")


def test_2006_list_has_fourteen_grounds_a_to_n():
    assert [g.paragraph for g in dg.GROUNDS_2006] == list("abcdefghijklmn")


@pytest.mark.parametrize(("code", "joint"), [
    ("2024-9(1)(h)", True), ("2024-9(1)(i)", True), ("2006-8(1)(f)", True), ("2006-8(1)(h)", True),
])
def test_joint_enquiry_grounds(code, joint):
    assert dg.ground(code).joint_enquiries_required is joint


def test_only_the_absence_grounds_need_joint_enquiries():
    joint = {g.code for g in dg.ALL_GROUNDS.values() if g.joint_enquiries_required}
    assert joint == {"2024-9(1)(h)", "2024-9(1)(i)", "2006-8(1)(f)", "2006-8(1)(h)"}


# Each 2024 ground, with no destination known, leads to its next step (issue 4 routing).
ROUTES_2024 = {
    "a": NextStep.AWAIT_NEW_PUPIL_RETURN, "b": NextStep.RECORD_ONLY, "c": NextStep.RECORD_ONLY,
    "d": NextStep.AWAIT_NEW_PUPIL_RETURN, "e": NextStep.EHE_RECORD, "f": NextStep.EHE_RECORD,
    "g": NextStep.CME_ENQUIRY, "h": NextStep.CME_ENQUIRY, "i": NextStep.CME_ENQUIRY, "j": NextStep.RECORD_ONLY,
    "k": NextStep.RECORD_ONLY, "l": NextStep.RECORD_ONLY, "m": NextStep.CME_ENQUIRY, "n": NextStep.CME_ENQUIRY,
    "o": NextStep.CHECK_PROVISION_BY_SIXTH_DAY,
}


@pytest.mark.parametrize(("paragraph", "step"), sorted(ROUTES_2024.items()))
def test_each_2024_ground_routes_to_its_next_step(paragraph, step):
    ground = dg.ground_for_date(paragraph, D(2025, 1, 10))
    assert dg.route_deletion(ground, DeletionFacts(joint_enquiries_recorded=True)).step is step


@pytest.mark.parametrize("ground", [g for g in dg.GROUNDS_2006 if g.equivalent_2024 not in (None, "d/e")],
                         ids=lambda g: g.code)
def test_each_2006_ground_routes_like_its_2024_equivalent(ground):
    equivalent = dg.ground(f"2024-9(1)({ground.equivalent_2024})")
    assert ground.next_step is equivalent.next_step
    assert ground.joint_enquiries_required is equivalent.joint_enquiries_required


def test_2006_grounds_without_one_equivalent():
    assert dg.ground("2006-8(1)(a)").next_step is NextStep.AWAIT_NEW_PUPIL_RETURN  # SAO amended or revoked
    assert dg.ground("2006-8(1)(g)").next_step is NextStep.CONSIDER_SECTION_19_PROVISION  # medically unfit


def test_moved_away_with_a_known_new_la_notifies_that_la():
    route = dg.route_deletion(dg.ground("2024-9(1)(g)"), DeletionFacts(new_la_code="330", home_la_code="999"))
    assert route.step is NextStep.LA_TO_LA_NOTIFICATION
    assert "330" in route.reason


def test_moved_within_the_la_with_no_school_is_a_cme_enquiry():
    route = dg.route_deletion(dg.ground("2024-9(1)(g)"), DeletionFacts(new_la_code="999", home_la_code="999"))
    assert route.step is NextStep.CME_ENQUIRY


def test_moved_away_with_a_known_school_waits_for_its_return():
    route = dg.route_deletion(dg.ground("2024-9(1)(g)"), DeletionFacts(destination_school_known=True))
    assert route.step is NextStep.AWAIT_NEW_PUPIL_RETURN


def test_missing_joint_enquiries_are_warned_about_not_hidden():
    route = dg.route_deletion(dg.ground("2024-9(1)(i)"), DeletionFacts())
    assert route.step is NextStep.CME_ENQUIRY
    assert route.warnings and "joint reasonable enquiries" in route.warnings[0]


def test_a_known_destination_does_not_change_an_ehe_deletion():
    route = dg.route_deletion(dg.ground("2024-9(1)(f)"), DeletionFacts(destination_school_known=True))
    assert route.step is NextStep.EHE_RECORD


def test_unknown_codes_and_paragraphs_are_named():
    with pytest.raises(KeyError, match="2024-9"):
        dg.ground("2024-9(1)(z)")
    with pytest.raises(KeyError, match=r"no ground \(o\) in the 2006"):
        dg.ground_for_date("o", D(2020, 1, 1))
