import pytest
from hypothesis import given
from hypothesis import strategies as st

from cme.rules import escalation, risk_indicators
from cme.rules.escalation import Agency, Strength
from cme.rules.risk_indicators import Answer, IndicatorAnswer, RiskLevel, Timing

YES_NOW = (Answer.YES, Timing.CURRENT)
YES_BEFORE = (Answer.YES, Timing.HISTORIC)


def answers(**numbered):
    return [IndicatorAnswer(int(key[1:]), *value) for key, value in numbered.items()]


def test_there_are_twenty_indicators_numbered_as_on_the_form():
    assert [i.number for i in risk_indicators.INDICATORS] == list(range(1, 21))
    assert risk_indicators.BY_NUMBER[9].text.startswith("At Risk of Child Sexual Exploitation")


@pytest.mark.parametrize("serious", [2, 9, 10, 14, 15, 18])
def test_one_current_serious_indicator_is_high_risk(serious):
    summary = risk_indicators.summarise([IndicatorAnswer(serious, *YES_NOW)])
    assert summary.level is RiskLevel.HIGH
    assert f"indicator {serious}" in summary.reasons[0]


def test_the_same_indicator_historic_is_not_high():
    assert risk_indicators.summarise([IndicatorAnswer(9, *YES_BEFORE)]).level is RiskLevel.LOW


def test_four_current_indicators_are_high():
    summary = risk_indicators.summarise(answers(n3=YES_NOW, n4=YES_NOW, n6=YES_NOW, n20=YES_NOW))
    assert summary.level is RiskLevel.HIGH and summary.reasons[0] == "4 current indicators"


def test_one_current_indicator_is_medium_three_historic_are_medium():
    assert risk_indicators.summarise(answers(n4=YES_NOW)).level is RiskLevel.MEDIUM
    assert risk_indicators.summarise(answers(n4=YES_BEFORE, n6=YES_BEFORE, n20=YES_BEFORE)).level is RiskLevel.MEDIUM


def test_all_no_is_no_risk_and_unanswered_are_counted():
    summary = risk_indicators.summarise([IndicatorAnswer(n, Answer.NO) for n in range(1, 11)])
    assert summary.level is RiskLevel.NONE
    assert summary.unanswered == tuple(range(11, 21))
    assert "10 indicators not answered" in summary.reasons


def test_yes_needs_current_or_historic():
    with pytest.raises(ValueError, match="current or historic"):
        IndicatorAnswer(5, Answer.YES)


def test_unknown_indicator_and_duplicate_answers_are_refused():
    with pytest.raises(ValueError, match="no indicator 21"):
        IndicatorAnswer(21, Answer.NO)
    with pytest.raises(ValueError, match="answered twice"):
        risk_indicators.summarise([IndicatorAnswer(3, Answer.NO), IndicatorAnswer(3, *YES_NOW)])


def test_score_orders_current_above_historic():
    now = risk_indicators.summarise(answers(n4=YES_NOW))
    before = risk_indicators.summarise(answers(n4=YES_BEFORE))
    assert now.score > before.score


@pytest.mark.parametrize("key", [q.key for q in escalation.QUESTIONS if not q.prompt_only])
def test_any_yes_to_a_main_question_means_refer(key):
    question = escalation.BY_KEY[key]
    recommendations = escalation.recommend({key: True})
    assert [(r.agency, r.strength) for r in recommendations] == [(question.agency, Strength.REFER)]
    assert question.text in recommendations[0].reasons[0]


def test_all_no_means_no_recommendation():
    assert escalation.recommend({q.key: False for q in escalation.QUESTIONS}) == []


def test_police_prompts_only_suggest_considering():
    recommendations = escalation.recommend({"police-sudden": True})
    assert [(r.agency, r.strength) for r in recommendations] == [(Agency.POLICE, Strength.CONSIDER)]
    assert recommendations[0].text == "Consider a referral to the police"


def test_current_cse_indicator_suggests_both_agencies():
    recommendations = escalation.recommend({}, answers(n9=YES_NOW))
    assert {(r.agency, r.strength) for r in recommendations} == {(Agency.POLICE, Strength.CONSIDER),
                                                                 (Agency.SOCIAL_CARE, Strength.CONSIDER)}


def test_indicators_add_reasons_to_a_referral():
    recommendations = escalation.recommend({"social-care-cp-plan": True}, answers(n15=YES_NOW))
    assert len(recommendations) == 1
    assert recommendations[0].text == "Refer to children's social care"
    assert any("indicator 15" in reason for reason in recommendations[0].reasons)


def test_unknown_question_is_refused():
    with pytest.raises(escalation.UnknownQuestionError):
        escalation.recommend({"police-nonsense": True})


def test_unanswered_lists_main_questions_only():
    assert {q.key for q in escalation.unanswered({}, Agency.SOCIAL_CARE)} == {
        "social-care-cp-plan", "social-care-looked-after", "social-care-involved"}
    assert len(escalation.unanswered({})) == 7


# -- the child's safeguarding flags and the case's risk level ---------------------------------------

LEVELS = escalation.LEVEL_ORDER


@pytest.mark.parametrize(("flags", "expected"), [
    ((), RiskLevel.NONE),
    (("has_social_worker",), RiskLevel.MEDIUM),
    (("looked_after",), RiskLevel.HIGH),
    (("child_protection_plan",), RiskLevel.HIGH),
    (("has_social_worker", "child_protection_plan"), RiskLevel.HIGH),
])
def test_a_childs_safeguarding_flags_raise_the_case_risk_by_default(flags, expected):
    risk = escalation.case_risk(flags=flags)
    assert risk.level is expected
    assert [escalation.FLAG_REASONS[flag] for flag in flags if escalation.FLAG_REASONS[flag] in risk.reasons] == [
        escalation.FLAG_REASONS[flag] for flag in flags]


def test_the_reasons_that_set_the_level_come_first():
    risk = escalation.case_risk(answers(i3=YES_NOW), flags=("has_social_worker", "child_protection_plan"))
    assert risk.level is RiskLevel.HIGH
    assert risk.reasons[0] == "Subject of a child protection plan"
    assert "Has a social worker" in risk.reasons and "1 current indicator" in risk.reasons


def test_a_council_can_say_a_flag_raises_nothing():
    policy = {"child_protection_plan": RiskLevel.NONE, "looked_after": RiskLevel.LOW}
    assert escalation.case_risk(flags=("child_protection_plan",), flag_risk=policy).level is RiskLevel.NONE
    assert escalation.case_risk(flags=("looked_after",), flag_risk=policy).level is RiskLevel.LOW
    # A flag the policy does not name raises nothing either.
    assert escalation.case_risk(flags=("has_social_worker",), flag_risk=policy).level is RiskLevel.NONE


def test_flags_never_lower_a_level_set_by_a_yes_to_a_police_question():
    question = next(q for q in escalation.QUESTIONS if q.agency is Agency.POLICE and not q.prompt_only)
    risk = escalation.case_risk(answers={question.key: True}, flags=("has_social_worker",))
    assert risk.level is RiskLevel.HIGH and risk.reasons[0] == f"Yes: {question.text}"


@given(flags=st.lists(st.sampled_from(sorted(escalation.FLAG_REASONS)), unique=True),
       policy=st.dictionaries(st.sampled_from(sorted(escalation.FLAG_REASONS)), st.sampled_from(LEVELS)),
       current=st.lists(st.integers(1, 20), unique=True, max_size=6))
def test_the_level_is_the_highest_of_the_indicators_and_each_flag(flags, policy, current):
    indicators = [IndicatorAnswer(n, Answer.YES, Timing.CURRENT) for n in current]
    risk = escalation.case_risk(indicators, flags=tuple(flags), flag_risk=policy)
    from_flags = [policy.get(flag, RiskLevel.NONE) for flag in flags]
    assert risk.level is max([risk_indicators.summarise(indicators).level, *from_flags], key=LEVELS.index)
    assert len(risk.reasons) == len(set(risk.reasons))  # each reason once
