import datetime as dt

import pytest

from cme.rules.classification import (
    Check,
    CheckStatus,
    ChildFacts,
    EheStatus,
    Outcome,
    Redirect,
    classify,
)

ON = dt.date(2026, 11, 22)
SCHOOL_AGE = dt.date(2015, 5, 1)
KNOWN_CME = {"on": ON, "dob": SCHOOL_AGE, "resident_in_la": True, "on_school_roll": False, "ehe": EheStatus.NONE,
                 "alternative_provision": False}


def test_a_child_meeting_every_test_is_cme():
    result = classify(ChildFacts(**KNOWN_CME))
    assert result.outcome is Outcome.CME and result.is_cme
    assert all(t.status is CheckStatus.MET for t in result.tests)


@pytest.mark.parametrize(("changes", "failing", "redirect"), [
    ({"dob": dt.date(2023, 1, 1)}, Check.COMPULSORY_SCHOOL_AGE, Redirect.EARLY_YEARS),
    ({"dob": dt.date(2008, 1, 1)}, Check.COMPULSORY_SCHOOL_AGE, Redirect.POST_16),
    ({"resident_in_la": False}, Check.RESIDENT, Redirect.OTHER_LA),
    ({"on_school_roll": True}, Check.NOT_ON_ROLL, Redirect.ATTENDANCE_SERVICE),
    ({"ehe": EheStatus.NOT_ASSESSED}, Check.NO_EDUCATION_OTHERWISE, Redirect.EHE_TEAM),
    ({"ehe": EheStatus.SUITABLE}, Check.NO_EDUCATION_OTHERWISE, Redirect.EHE_TEAM),
    ({"alternative_provision": True}, Check.NO_EDUCATION_OTHERWISE, Redirect.ALTERNATIVE_PROVISION),
])
def test_each_failing_test_is_named_with_where_the_child_goes(changes, failing, redirect):
    result = classify(ChildFacts(**{**KNOWN_CME, **changes}))
    assert result.outcome is Outcome.NOT_CME
    assert result.failing_test is failing
    assert result.redirect is redirect
    assert result.reason.startswith("Not missing education")


def test_unsuitable_home_education_is_cme():
    assert classify(ChildFacts(**{**KNOWN_CME, "ehe": EheStatus.UNSUITABLE})).is_cme


def test_the_first_failing_test_in_order_is_the_one_named():
    result = classify(ChildFacts(**{**KNOWN_CME, "resident_in_la": False, "on_school_roll": True}))
    assert result.failing_test is Check.RESIDENT


@pytest.mark.parametrize(("missing", "check"), [
    ("dob", "date of birth"), ("resident_in_la", "where the child lives"), ("on_school_roll", "school rolls"),
    ("ehe", "EHE team"),
])
def test_unknown_facts_leave_the_answer_open_and_say_what_to_check(missing, check):
    result = classify(ChildFacts(**{**KNOWN_CME, missing: None}))
    assert result.outcome is Outcome.UNDETERMINED
    assert any(check in item for item in result.to_check)


def test_a_known_failure_wins_over_unknown_facts():
    result = classify(ChildFacts(on=ON, dob=SCHOOL_AGE, on_school_roll=True))
    assert result.outcome is Outcome.NOT_CME and result.failing_test is Check.NOT_ON_ROLL


def test_every_test_is_reported_in_order():
    result = classify(ChildFacts(on=ON))
    assert [t.name for t in result.tests] == [Check.COMPULSORY_SCHOOL_AGE, Check.RESIDENT,
                                              Check.NOT_ON_ROLL, Check.NO_EDUCATION_OTHERWISE]
