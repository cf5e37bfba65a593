"""The 20 vulnerabilities, warning signs and risk indicators of Leicestershire's CME
referral checklist (seed 003, Appendix A), each answered Yes/No and Current/Historic.

The summary is a triage aid, not a decision: it counts current and historic indicators
and lifts the level for the indicators that on their own point to significant harm
(design derived from the checklist; the weights live in `RiskPolicy` so a council can
set its own).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Answer(StrEnum):
    YES = "yes"
    NO = "no"


class Timing(StrEnum):
    CURRENT = "current"
    HISTORIC = "historic"


class RiskLevel(StrEnum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"
    NONE = "none"


@dataclass(frozen=True)
class Indicator:
    number: int
    text: str
    short: str


INDICATORS: tuple[Indicator, ...] = (
    Indicator(1, "History of Local Authority Care (LAC)", "History of local authority care"),
    Indicator(2, "Goes Missing from Home/Care", "Goes missing from home or care"),
    Indicator(3, "Exclusion and/or unexplained absences from school (or not engaged in education, employment or "
                 "training)", "Exclusion or unexplained absences"),
    Indicator(4, "Social and/or Learning difficulties", "Social or learning difficulties"),
    Indicator(5, "Low self-esteem / Self-harm requiring medical treatment / Eating Disorders / Emotional Health "
                 "Issues (Including anxiety related issues, suicidal thoughts)", "Self-harm or emotional health issues"),
    Indicator(6, "History of Being Bullied or Being a Bully", "Bullied or bullying"),
    Indicator(7, "Drug and/or Alcohol Misuse (or a history of)", "Drug or alcohol misuse"),
    Indicator(8, "Involvement in Criminal Activities (Possible offending patterns in the family)",
              "Involvement in criminal activities"),
    Indicator(9, "At Risk of Child Sexual Exploitation (CSE) (known or suspected)", "At risk of sexual exploitation"),
    Indicator(10, "Whereabouts Unknown (or unclear) - whether day or night", "Whereabouts unknown"),
    Indicator(11, "Displaying Inappropriate Sexualised Behaviours", "Inappropriate sexualised behaviours"),
    Indicator(12, "Aggressive Behaviour Towards Others (sometimes leading to fixed term exclusions)",
              "Aggressive behaviour towards others"),
    Indicator(13, "Breakdown of Living and/or Family Relationships (sometimes leading to staying out overnight)",
              "Breakdown of living or family relationships"),
    Indicator(14, "Gang Member or Association", "Gang membership or association"),
    Indicator(15, "History of abuse/neglect", "History of abuse or neglect"),
    Indicator(16, "History of domestic abuse/violence", "History of domestic abuse"),
    Indicator(17, "History of mental health difficulties", "History of mental health difficulties"),
    Indicator(18, "History of sexual, physical and/or emotional abuse", "History of sexual, physical or emotional abuse"),
    Indicator(19, "Isolated from peers/social networks (not mixing with their usual friends)", "Isolated from peers"),
    Indicator(20, "Evidence of Poverty and/or Deprivation", "Poverty or deprivation"),
)
BY_NUMBER = {indicator.number: indicator for indicator in INDICATORS}


@dataclass(frozen=True)
class IndicatorAnswer:
    number: int
    answer: Answer
    timing: Timing | None = None

    def __post_init__(self):
        if self.number not in BY_NUMBER:
            raise ValueError(f"There is no indicator {self.number}: the checklist numbers them 1 to 20")
        if self.answer is Answer.YES and self.timing is None:
            raise ValueError(f"Indicator {self.number} is answered Yes: say whether it is current or historic")

    @property
    def indicator(self) -> Indicator:
        return BY_NUMBER[self.number]

    @property
    def is_current(self) -> bool:
        return self.answer is Answer.YES and self.timing is Timing.CURRENT

    @property
    def is_historic(self) -> bool:
        return self.answer is Answer.YES and self.timing is Timing.HISTORIC


@dataclass(frozen=True)
class RiskPolicy:
    # Indicators that, when current, point to significant harm on their own.
    serious: frozenset[int] = frozenset({2, 9, 10, 14, 15, 18})
    high_when_current_at_least: int = 4
    medium_when_current_at_least: int = 1
    medium_when_historic_at_least: int = 3


DEFAULT_RISK_POLICY = RiskPolicy()


@dataclass(frozen=True)
class RiskSummary:
    level: RiskLevel
    current: tuple[Indicator, ...]
    historic: tuple[Indicator, ...]
    reasons: tuple[str, ...]
    unanswered: tuple[int, ...] = field(default=())

    @property
    def score(self) -> int:
        """Sort key for queues: current indicators count double."""
        return 2 * len(self.current) + len(self.historic)


def summarise(answers: list[IndicatorAnswer] | tuple[IndicatorAnswer, ...],
              policy: RiskPolicy = DEFAULT_RISK_POLICY) -> RiskSummary:
    by_number: dict[int, IndicatorAnswer] = {}
    for answer in answers:
        if answer.number in by_number:
            raise ValueError(f"Indicator {answer.number} is answered twice")
        by_number[answer.number] = answer
    current = tuple(a.indicator for a in sorted(by_number.values(), key=lambda a: a.number) if a.is_current)
    historic = tuple(a.indicator for a in sorted(by_number.values(), key=lambda a: a.number) if a.is_historic)
    unanswered = tuple(n for n in BY_NUMBER if n not in by_number)
    serious_now = [i for i in current if i.number in policy.serious]
    reasons: list[str] = []
    if serious_now:
        level = RiskLevel.HIGH
        reasons += [f"Current: {i.short.lower()} (indicator {i.number})" for i in serious_now]
    elif len(current) >= policy.high_when_current_at_least:
        level = RiskLevel.HIGH
        reasons.append(f"{len(current)} current indicators")
    elif len(current) >= policy.medium_when_current_at_least:
        level = RiskLevel.MEDIUM
        reasons.append(f"{len(current)} current indicator{'s' if len(current) != 1 else ''}")
    elif len(historic) >= policy.medium_when_historic_at_least:
        level = RiskLevel.MEDIUM
        reasons.append(f"{len(historic)} historic indicators")
    elif historic:
        level = RiskLevel.LOW
        reasons.append(f"{len(historic)} historic indicator{'s' if len(historic) != 1 else ''}")
    else:
        level = RiskLevel.NONE
        reasons.append("No indicators answered Yes")
    if unanswered:
        reasons.append(f"{len(unanswered)} indicator{'s' if len(unanswered) != 1 else ''} not answered")
    return RiskSummary(level, current, historic, tuple(reasons), unanswered)
