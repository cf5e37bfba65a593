"""Is this child missing education? Education Act 1996 s436A (domain.md §1.3).

A child is CME on a date only if all four tests are met, in this order:
1. of compulsory school age on the date;
2. resident in the local authority's area;
3. not a registered pupil at any school;
4. not receiving suitable education otherwise (EHE not yet assessed or judged suitable,
   or alternative provision arranged by the LA, both count as education otherwise).

The first test that is not met names why the child is not CME and where the case goes
instead. A test whose facts are not known yet leaves the answer undetermined and says
what to check; the child is treated as possibly missing education meanwhile.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

from . import school_age


class EheStatus(StrEnum):
    NONE = "none"
    NOT_ASSESSED = "not-assessed"
    SUITABLE = "suitable"
    UNSUITABLE = "unsuitable"


class CheckStatus(StrEnum):
    MET = "met"
    NOT_MET = "not-met"
    UNKNOWN = "unknown"


class Outcome(StrEnum):
    CME = "cme"
    NOT_CME = "not-cme"
    UNDETERMINED = "undetermined"


class Check(StrEnum):
    COMPULSORY_SCHOOL_AGE = "compulsory-school-age"
    RESIDENT = "resident-in-la"
    NOT_ON_ROLL = "not-on-roll"
    NO_EDUCATION_OTHERWISE = "no-suitable-education-otherwise"


class Redirect(StrEnum):
    """Where a child who is not CME goes instead."""

    EARLY_YEARS = "early-years"  # below compulsory school age
    POST_16 = "post-16"  # above it: participation / NEET duties
    OTHER_LA = "other-la"
    ATTENDANCE_SERVICE = "attendance-service"  # on a roll but not attending
    EHE_TEAM = "ehe-team"
    ALTERNATIVE_PROVISION = "alternative-provision"


TEST_QUESTIONS = {
    Check.COMPULSORY_SCHOOL_AGE: "Of compulsory school age?",
    Check.RESIDENT: "Resident in this local authority?",
    Check.NOT_ON_ROLL: "On no school roll?",
    Check.NO_EDUCATION_OTHERWISE: "Not receiving suitable education otherwise?",
}


@dataclass(frozen=True)
class ChildFacts:
    on: dt.date
    dob: dt.date | None = None
    resident_in_la: bool | None = None
    on_school_roll: bool | None = None
    ehe: EheStatus | None = None  # None: not known
    alternative_provision: bool | None = None
    other_la_name: str | None = None  # where the child lives, when not resident here


@dataclass(frozen=True)
class CheckResult:
    name: Check
    status: CheckStatus
    detail: str

    @property
    def question(self) -> str:
        return TEST_QUESTIONS[self.name]


@dataclass(frozen=True)
class Classification:
    outcome: Outcome
    reason: str
    tests: tuple[CheckResult, ...]
    failing_test: Check | None = None
    redirect: Redirect | None = None
    to_check: tuple[str, ...] = field(default=())

    @property
    def is_cme(self) -> bool:
        return self.outcome is Outcome.CME


def _age_test(facts: ChildFacts, rule: school_age.LeavingRule) -> tuple[CheckResult, Redirect | None]:
    if facts.dob is None:
        return CheckResult(Check.COMPULSORY_SCHOOL_AGE, CheckStatus.UNKNOWN, "Date of birth not known"), None
    age = school_age.school_age(facts.dob, rule)
    if facts.on < age.starts:
        return CheckResult(Check.COMPULSORY_SCHOOL_AGE, CheckStatus.NOT_MET,
                          f"Below compulsory school age until {age.starts:%-d %B %Y}"), Redirect.EARLY_YEARS
    if facts.on > age.ends:
        return CheckResult(Check.COMPULSORY_SCHOOL_AGE, CheckStatus.NOT_MET,
                          f"Above compulsory school age since {age.ends:%-d %B %Y}"), Redirect.POST_16
    return CheckResult(Check.COMPULSORY_SCHOOL_AGE, CheckStatus.MET,
                      f"Of compulsory school age until {age.ends:%-d %B %Y}"), None


def _residence_test(facts: ChildFacts) -> tuple[CheckResult, Redirect | None]:
    if facts.resident_in_la is None:
        return CheckResult(Check.RESIDENT, CheckStatus.UNKNOWN, "Current address not confirmed"), None
    if not facts.resident_in_la:
        where = f" (lives in {facts.other_la_name})" if facts.other_la_name else ""
        return CheckResult(Check.RESIDENT, CheckStatus.NOT_MET,
                          f"Lives outside this local authority{where}"), Redirect.OTHER_LA
    return CheckResult(Check.RESIDENT, CheckStatus.MET, "Lives in this local authority"), None


def _roll_test(facts: ChildFacts) -> tuple[CheckResult, Redirect | None]:
    if facts.on_school_roll is None:
        return CheckResult(Check.NOT_ON_ROLL, CheckStatus.UNKNOWN, "Not yet checked against school rolls"), None
    if facts.on_school_roll:
        return CheckResult(Check.NOT_ON_ROLL, CheckStatus.NOT_MET,
                          "On a school roll: poor attendance is for the school and the attendance service"), \
            Redirect.ATTENDANCE_SERVICE
    return CheckResult(Check.NOT_ON_ROLL, CheckStatus.MET, "On no school roll"), None


def _otherwise_test(facts: ChildFacts) -> tuple[CheckResult, Redirect | None]:
    name = Check.NO_EDUCATION_OTHERWISE
    if facts.alternative_provision:
        return CheckResult(name, CheckStatus.NOT_MET, "In alternative provision arranged by the LA"), \
            Redirect.ALTERNATIVE_PROVISION
    if facts.ehe in (EheStatus.NOT_ASSESSED, EheStatus.SUITABLE):
        detail = ("Electively home educated; suitability not yet assessed" if facts.ehe is EheStatus.NOT_ASSESSED
                  else "Electively home educated and the education is suitable")
        return CheckResult(name, CheckStatus.NOT_MET, detail), Redirect.EHE_TEAM
    if facts.ehe is EheStatus.UNSUITABLE:
        return CheckResult(name, CheckStatus.MET, "Home education assessed as unsuitable"), None
    if facts.ehe is None or facts.alternative_provision is None:
        return CheckResult(name, CheckStatus.UNKNOWN, "Not yet checked for elective home education or "
                                                   "alternative provision"), None
    return CheckResult(name, CheckStatus.MET, "No elective home education or alternative provision known"), None


CHECKS = {
    Check.COMPULSORY_SCHOOL_AGE: "Find out the child's date of birth",
    Check.RESIDENT: "Confirm where the child lives now",
    Check.NOT_ON_ROLL: "Check school rolls and the destination school",
    Check.NO_EDUCATION_OTHERWISE: "Check with the EHE team and alternative provision",
}


def classify(facts: ChildFacts, rule: school_age.LeavingRule = school_age.DEFAULT_LEAVING_RULE) -> Classification:
    results = [_age_test(facts, rule), _residence_test(facts), _roll_test(facts), _otherwise_test(facts)]
    tests = tuple(result for result, _ in results)
    for result, redirect in results:
        if result.status is CheckStatus.NOT_MET:
            return Classification(Outcome.NOT_CME, f"Not missing education: {result.detail[0].lower()}{result.detail[1:]}",
                                  tests, failing_test=result.name, redirect=redirect)
    unknown = [result for result in tests if result.status is CheckStatus.UNKNOWN]
    if unknown:
        return Classification(Outcome.UNDETERMINED,
                              "Possibly missing education: " + "; ".join(r.detail.lower() for r in unknown),
                              tests, to_check=tuple(CHECKS[r.name] for r in unknown))
    return Classification(Outcome.CME, "Missing education: of compulsory school age, living here, on no school "
                                       "roll and not educated otherwise", tests)
