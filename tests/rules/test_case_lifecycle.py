"""A case's lifecycle rules, table by table: every move between states, every closure
outcome and what it needs, the enquiries a case makes, and the key processes."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cme.rules import dfe_return
from cme.rules.case_lifecycle import (
    MOVES,
    OPEN_STATES,
    CaseFacts,
    Circumstances,
    EnquiryKind,
    Outcome,
    Progress,
    State,
    close_refusal,
    enquiries_for,
    key_processes,
    move_refusal,
    reopen_refusal,
)

LOCATED_FACTS = {"whereabouts_known": True, "placement_started": True}
ALLOWED = {(a, b) for a, targets in MOVES.items() for b in targets if b is not State.CLOSED}


@pytest.mark.parametrize(("origin", "target"), list(itertools.product(State, State)))
def test_every_move_between_states_is_allowed_or_refused_with_a_reason(origin, target):
    refusal = move_refusal(CaseFacts(state=origin, **LOCATED_FACTS), target)
    if (origin, target) in ALLOWED:
        assert refusal is None
    else:
        assert refusal and refusal[0].isupper() and "None" not in refusal


@pytest.mark.parametrize(("origin", "target", "words"), [
    (State.MAKING_ENQUIRIES, State.MAKING_ENQUIRIES, "already making enquiries"),
    (State.CLOSED, State.MAKING_ENQUIRIES, "reopen it, with the reason"),
    (State.MAKING_ENQUIRIES, State.CLOSED, "Close the case with an outcome"),
    (State.MAKING_ENQUIRIES, State.MONITORING, "cannot become placed and monitoring"),
    (State.RECEIVED, State.ARRANGING_PLACEMENT, "cannot become placement being arranged"),
])
def test_refusals_say_what_to_do(origin, target, words):
    assert words in move_refusal(CaseFacts(state=origin, **LOCATED_FACTS), target)


def test_a_child_is_located_only_when_their_whereabouts_are_known():
    facts = CaseFacts(state=State.MAKING_ENQUIRIES, whereabouts_known=False)
    assert "whereabouts are known" in move_refusal(facts, State.LOCATED)
    assert move_refusal(CaseFacts(state=State.MAKING_ENQUIRIES, whereabouts_known=True), State.LOCATED) is None


def test_monitoring_starts_only_once_the_child_has_started_somewhere():
    facts = CaseFacts(state=State.ARRANGING_PLACEMENT, whereabouts_known=True, placement_started=False)
    assert "the day the child started" in move_refusal(facts, State.MONITORING)


COMPLETE = CaseFacts(state=State.MONITORING, whereabouts_known=True, placement_started=True, attendance_checks=4,
                     alternative_provision_started=True, other_la_accepted=True, lost_pupil_ctf_recorded=True,
                     enquiries_done=frozenset(EnquiryKind), compulsory_school_age_ends=dt.date(2026, 6, 26),
                     today=dt.date(2026, 11, 30))


@pytest.mark.parametrize("outcome", [outcome for outcome in Outcome if outcome is not Outcome.WHEREABOUTS_UNKNOWN])
def test_every_outcome_closes_a_case_that_has_what_it_needs(outcome):
    assert close_refusal(COMPLETE, outcome, "Confirmed by phone with the school on 30 November") is None


@pytest.mark.parametrize("outcome", list(Outcome))
def test_every_outcome_needs_its_evidence(outcome):
    assert "Give the evidence" in close_refusal(COMPLETE, outcome, "   ")


@pytest.mark.parametrize(("outcome", "facts", "words"), [
    (Outcome.ON_ROLL_ATTENDING, {"placement_started": False}, "Record the school place"),
    (Outcome.ON_ROLL_ATTENDING, {"attendance_checks": 2}, "record 4 attendance check-ins with the school after the "
                                                          "child started (2 so far)"),
    (Outcome.ALTERNATIVE_PROVISION, {"alternative_provision_started": False}, "Record the alternative provision"),
    (Outcome.MOVED_TO_ANOTHER_LA, {"other_la_accepted": False}, "only when that council accepts the child"),
    (Outcome.MOVED_TO_ANOTHER_LA, {"enquiries_done": frozenset()}, "the CME officer of the council"),
    (Outcome.MOVED_ABROAD, {"enquiries_done": frozenset({EnquiryKind.SCHOOL_RECORDS})},
     "Border Force or the Home Office"),
    (Outcome.CEASED_COMPULSORY_SCHOOL_AGE, {"compulsory_school_age_ends": dt.date(2027, 6, 25)},
     "of compulsory school age until 25 June 2027"),
    (Outcome.CEASED_COMPULSORY_SCHOOL_AGE, {"compulsory_school_age_ends": None}, "date of birth is not known"),
    (Outcome.WHEREABOUTS_UNKNOWN, {"whereabouts_known": True}, "whereabouts are known"),
])
def test_a_case_cannot_close_while_what_the_outcome_needs_is_missing(outcome, facts, words):
    from dataclasses import replace

    assert words in close_refusal(replace(COMPLETE, **facts), outcome, "Evidence")


def test_lost_needs_every_enquiry_and_the_lost_pupil_ctf():
    from dataclasses import replace

    lost = replace(COMPLETE, whereabouts_known=False, placement_started=False, enquiries_outstanding=frozenset(
        {EnquiryKind.HOME_VISIT, EnquiryKind.POLICE}))
    refusal = close_refusal(lost, Outcome.WHEREABOUTS_UNKNOWN, "All enquiries made")
    assert "Still to do: home visit to the last known address; Police" in refusal
    no_ctf = replace(lost, enquiries_outstanding=frozenset(), lost_pupil_ctf_recorded=False)
    assert "lost-pupil CTF" in close_refusal(no_ctf, Outcome.WHEREABOUTS_UNKNOWN, "All enquiries made")
    assert close_refusal(replace(no_ctf, lost_pupil_ctf_recorded=True), Outcome.WHEREABOUTS_UNKNOWN, "x") is None


def test_a_closed_case_is_reopened_only_with_a_reason():
    assert reopen_refusal(CaseFacts(state=State.CLOSED), "") == "Give the reason for reopening the case"
    assert reopen_refusal(CaseFacts(state=State.CLOSED), "Seen in the town again") is None
    assert reopen_refusal(CaseFacts(state=State.LOCATED), "x") == "Only a closed case can be reopened"
    assert close_refusal(CaseFacts(state=State.CLOSED), Outcome.DIED, "x") == "The case is already closed"


@pytest.mark.parametrize(("reason", "added", "absent"), [
    (dfe_return.BELIEVED_MOVED_TO_ANOTHER_COUNTRY, EnquiryKind.BORDER_FORCE, EnquiryKind.OTHER_LA),
    (dfe_return.BELIEVED_MOVED_TO_ANOTHER_LA, EnquiryKind.OTHER_LA, EnquiryKind.BORDER_FORCE),
    (dfe_return.UNKNOWN, EnquiryKind.LOST_PUPIL_DATABASE, EnquiryKind.BORDER_FORCE),
])
def test_enquiries_follow_the_circumstances(reason, added, absent):
    kinds = [item.kind for item in enquiries_for(Circumstances(primary_reason=reason))]
    assert added in kinds and absent not in kinds
    assert kinds[0] is EnquiryKind.SCHOOL_RECORDS and kinds[-1] is EnquiryKind.LOST_PUPIL_DATABASE


def test_each_contact_number_is_an_enquiry_of_its_own():
    items = enquiries_for(Circumstances(primary_reason=dfe_return.UNKNOWN,
                                        contact_numbers=("Mother: 07700 900123", "Aunt: 01632 960001"),
                                        siblings_known=True, youth_justice_involved=True))
    labels = [item.label for item in items]
    assert "Contact and emergency number: Mother: 07700 900123" in labels
    assert "Contact and emergency number: Aunt: 01632 960001" in labels
    assert {EnquiryKind.SIBLINGS, EnquiryKind.YOUTH_JUSTICE} <= {item.kind for item in items}


@given(st.sampled_from(list(OPEN_STATES)), st.booleans(), st.booleans(), st.integers(0, 6),
       st.frozensets(st.sampled_from(list(EnquiryKind))))
def test_the_key_processes_are_always_nine_and_a_closed_case_has_nothing_in_progress(state, known, started, checks,
                                                                                    done):
    facts = CaseFacts(state=state, whereabouts_known=known, placement_started=started, attendance_checks=checks,
                      enquiries_done=done)
    steps = key_processes(facts)
    assert [step.key for step in steps] == ["receive", "check-place", "log", "locate", "visit", "needs", "provision",
                                            "monitor", "track"]
    assert steps[0].progress is Progress.COMPLETED and steps[-1].progress is Progress.IN_PROGRESS
    closed = key_processes(CaseFacts(state=State.CLOSED, whereabouts_known=known, placement_started=started,
                                     attendance_checks=checks, enquiries_done=done))
    assert Progress.IN_PROGRESS not in {step.progress for step in closed}


def test_key_processes_follow_the_work_done():
    steps = {step.key: step for step in key_processes(CaseFacts(
        state=State.LOCATED, whereabouts_known=True, enquiries_done=frozenset({EnquiryKind.SCHOOL_RECORDS}),
        details_missing=("date of birth",), placement_arranging=True))}
    assert steps["check-place"].progress is Progress.IN_PROGRESS
    assert steps["log"].progress is Progress.IN_PROGRESS and "date of birth" in steps["log"].hint
    assert steps["locate"].progress is Progress.COMPLETED
    assert steps["provision"].progress is Progress.IN_PROGRESS
    assert steps["monitor"].progress is Progress.CANNOT_START
