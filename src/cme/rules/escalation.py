"""When to involve the police and children's social care (seed 003, sections 5 and 6).

Section 5: "If the answer to any of the following questions is YES then a referral to
the Police should be made." Section 6: "If the answer to any of the following questions
is YES then liaison and/or a further referral to Children's Social Care (Access Team)
should be made." The section 5 prompts ("is this very sudden and unexpected behaviour?"
and so on) help the officer answer its fourth question; they are recorded, and a Yes
to any of them is shown as a reason to consider that question again.

Indicators from the referral checklist add recommendations of their own (for example a
current risk of sexual exploitation); those are advice to consider, never automatic.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from .risk_indicators import IndicatorAnswer, RiskLevel, summarise


class Agency(StrEnum):
    POLICE = "police"
    SOCIAL_CARE = "social-care"


class Strength(StrEnum):
    REFER = "refer"  # the policy says a referral should be made
    CONSIDER = "consider"  # the officer should consider it


@dataclass(frozen=True)
class Question:
    key: str
    agency: Agency
    text: str
    prompt_only: bool = False  # an "for example" prompt under a police question


QUESTIONS: tuple[Question, ...] = (
    Question("police-past-suspicions", Agency.POLICE,
             "Have there been suspicions in the past concerning this child and family which, together with the "
             "sudden disappearance, are worrying?"),
    Question("police-older-associates", Agency.POLICE,
             "Have there been any past concerns about the child associating with significantly older young "
             "people or adults?"),
    Question("police-significant-incident", Agency.POLICE,
             "Was there a significant incident before the child's unexplained absence?"),
    Question("police-victim-of-crime", Agency.POLICE,
             "Is there good reason to believe that the child's absence may be the result of being the victim "
             "of a crime?"),
    Question("police-sudden", Agency.POLICE, "Is this very sudden and unexpected behaviour?", prompt_only=True),
    Question("police-with-family", Agency.POLICE, "Has the child gone missing with their family?", prompt_only=True),
    Question("police-without-family", Agency.POLICE, "Has the child gone missing without their family?",
             prompt_only=True),
    Question("police-cultural-risk", Agency.POLICE,
             "Is there any health, religious or cultural reason to believe that the child is at risk of harm?",
             prompt_only=True),
    Question("social-care-cp-plan", Agency.SOCIAL_CARE,
             "Is the child the subject of a child protection plan?"),
    Question("social-care-looked-after", Agency.SOCIAL_CARE, "Is the child in the care of the local authority?"),
    Question("social-care-involved", Agency.SOCIAL_CARE, "Is there social care involvement?"),
)
BY_KEY = {question.key: question for question in QUESTIONS}

# Checklist indicators that, when current, call for considering a referral.
INDICATOR_ESCALATIONS: dict[int, tuple[Agency, ...]] = {
    2: (Agency.POLICE, Agency.SOCIAL_CARE),  # goes missing from home or care
    9: (Agency.POLICE, Agency.SOCIAL_CARE),  # child sexual exploitation
    10: (Agency.POLICE,),  # whereabouts unknown
    14: (Agency.POLICE, Agency.SOCIAL_CARE),  # gang association
    15: (Agency.SOCIAL_CARE,),  # abuse or neglect
    16: (Agency.SOCIAL_CARE,),  # domestic abuse
    18: (Agency.SOCIAL_CARE,),  # sexual, physical or emotional abuse
}

AGENCY_NAMES = {Agency.POLICE: "the police", Agency.SOCIAL_CARE: "children's social care"}


@dataclass(frozen=True)
class Recommendation:
    agency: Agency
    strength: Strength
    reasons: tuple[str, ...]

    @property
    def text(self) -> str:
        verb = "Refer to" if self.strength is Strength.REFER else "Consider a referral to"
        return f"{verb} {AGENCY_NAMES[self.agency]}"


class UnknownQuestionError(KeyError):
    pass


def recommend(answers: dict[str, bool | None], indicators: list[IndicatorAnswer] | tuple = ()) -> list[Recommendation]:
    """Recommendations from the escalation questions (key -> True/False/None) and current indicators."""
    for key in answers:
        if key not in BY_KEY:
            raise UnknownQuestionError(f"Unknown escalation question {key!r}")
    result: list[Recommendation] = []
    for agency in (Agency.POLICE, Agency.SOCIAL_CARE):
        refer = [BY_KEY[k].text for k, v in answers.items()
                 if v and BY_KEY[k].agency is agency and not BY_KEY[k].prompt_only]
        consider = [f"Prompt answered Yes: {BY_KEY[k].text}" for k, v in answers.items()
                    if v and BY_KEY[k].agency is agency and BY_KEY[k].prompt_only]
        consider += [f"Current indicator {a.number}: {a.indicator.short.lower()}" for a in indicators
                     if a.is_current and agency in INDICATOR_ESCALATIONS.get(a.number, ())]
        if refer:
            result.append(Recommendation(agency, Strength.REFER, tuple(f"Yes: {text}" for text in refer) + tuple(consider)))
        elif consider:
            result.append(Recommendation(agency, Strength.CONSIDER, tuple(consider)))
    return result


def unanswered(answers: dict[str, bool | None], agency: Agency | None = None) -> list[Question]:
    return [q for q in QUESTIONS if not q.prompt_only and answers.get(q.key) is None
            and (agency is None or q.agency is agency)]


@dataclass(frozen=True)
class CaseRisk:
    level: RiskLevel
    reasons: tuple[str, ...]


# The child's safeguarding flags, as the reasons shown for a risk level.
FLAG_REASONS = {"child_protection_plan": "Subject of a child protection plan", "looked_after": "In care",
                "has_social_worker": "Has a social worker"}
# What each flag raises a case's risk to unless the deployment says otherwise (CME_RISK_FROM_FLAGS): no
# statute sets it, so it is a council's choice (domain.md marks local risk policy as theirs).
DEFAULT_FLAG_RISK = {"child_protection_plan": RiskLevel.HIGH, "looked_after": RiskLevel.HIGH,
                     "has_social_worker": RiskLevel.MEDIUM}
LEVEL_ORDER = (RiskLevel.NONE, RiskLevel.LOW, RiskLevel.MEDIUM, RiskLevel.HIGH)


def case_risk(indicators: list[IndicatorAnswer] | tuple = (), answers: dict[str, bool | None] | None = None,
              referrals_made: tuple[Agency, ...] = (), flags: tuple[str, ...] = (),
              flag_risk: dict[str, RiskLevel] | None = None) -> CaseRisk:
    """A case's risk level and why: the checklist indicators' level, raised to high by a Yes to a
    police or social care question (the policy says a referral should be made) or by a referral
    actually made to either, and raised to what `flag_risk` says by the child's safeguarding flags
    (a child protection plan, in care, a social worker). The reasons that set the level come first."""
    flag_risk = DEFAULT_FLAG_RISK if flag_risk is None else flag_risk
    summary = summarise(indicators)
    yes = [BY_KEY[key] for key, value in (answers or {}).items() if value and key in BY_KEY and not BY_KEY[key].prompt_only]
    escalated = [f"Yes: {question.text}" for question in yes]
    escalated += [f"Referred to {AGENCY_NAMES[agency]}" for agency in dict.fromkeys(referrals_made)]
    flagged = [(flag_risk[flag], FLAG_REASONS[flag]) for flag in dict.fromkeys(flags)
               if flag in flag_risk and flag_risk[flag] is not RiskLevel.NONE]
    candidates = [(RiskLevel.HIGH, escalated)] if escalated else []
    candidates += [(level, [reason]) for level, reason in flagged]
    candidates.append((summary.level, list(summary.reasons)))
    level = max((level for level, _ in candidates), key=LEVEL_ORDER.index)
    # The reasons at the level reached, then the rest, each once, in the order above.
    ordered = [reason for at, reasons in candidates if at is level for reason in reasons]
    ordered += [reason for at, reasons in candidates if at is not level for reason in reasons]
    return CaseRisk(level, tuple(dict.fromkeys(ordered)))
