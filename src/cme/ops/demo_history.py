"""Two years of made-up casework history, so the statistics, the frozen monthly record and the
DfE return have something true to count: cases opened every month, with the reasons, sources,
durations, outcomes, vulnerable groups and officers a council sees, some reopened, some for
children who ceased to be of compulsory school age while missing. The shape follows DfE's
published national figures (domain.md §11) scaled down; every child comes from the synthetic
generator and is marked fictional. The benchmark uses the same plan at 100,000 cases.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from cme.cases.models import CaseSource, CaseState
from cme.cases.services import EarlierCase
from cme.children.models import AddressKind, Child, ChildAddress, SenStatus
from cme.core import rules_config
from cme.rules import escalation, school_age
from cme.rules.case_lifecycle import Outcome
from cme.rules.risk_indicators import RiskLevel
from cme.synth.population import DEMOSHIRE, PopulationGenerator

# DfE primary reason code -> weight: England, autumn 2025 (domain.md §11.1, the published file).
REASON_WEIGHTS = {1: 2900, 2: 800, 3: 4300, 4: 1200, 5: 1600, 6: 900, 7: 3200, 8: 900, 9: 50, 10: 100, 11: 50,
                  12: 50, 13: 100, 14: 100, 15: 300, 16: 2600, 17: 3400, 18: 5300, 19: 300, 20: 4500}
SOURCE_WEIGHTS = {CaseSource.SCHOOL_RETURN: 40, CaseSource.REFERRAL: 30, CaseSource.DATA_MATCHING: 10,
                  CaseSource.OTHER_LA: 12, CaseSource.TRANSFER_FILE: 3, CaseSource.OFFICER: 5}
OPEN_STATE_WEIGHTS = {CaseState.MAKING_ENQUIRIES: 40, CaseState.LOCATED: 20, CaseState.ARRANGING_PLACEMENT: 20,
                      CaseState.MONITORING: 15, CaseState.RECEIVED: 5}
OUTCOME_WEIGHTS = {Outcome.ON_ROLL_ATTENDING: 55, Outcome.MOVED_TO_ANOTHER_LA: 15, Outcome.MOVED_ABROAD: 11,
                   Outcome.SUITABLE_EHE: 8, Outcome.ALTERNATIVE_PROVISION: 4, Outcome.WHEREABOUTS_UNKNOWN: 4}
RISK_WEIGHTS = {"none": 45, "low": 30, "medium": 18, "high": 7}
# Days missing education: about half resolved within 12 weeks, a long tail past a year.
DURATION_BANDS_DAYS = ((1, 27, 30), (28, 83, 30), (84, 181, 24), (182, 420, 16))
FLAG_RATES = {"looked_after": 0.03, "child_protection_plan": 0.05, "has_social_worker": 0.12,
              "gypsy_roma_traveller": 0.04, "service_family": 0.02, "new_arrival": 0.10,
              "temporary_accommodation": 0.06}
HISTORY_NOTE = "Recorded from earlier records (demonstration)"


@dataclass(frozen=True)
class ChildFacts:
    id: int
    date_of_birth: dt.date
    safeguarding: tuple[str, ...] = ()  # the child's flags that bear on a case's risk


def _pick(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def make_children(la_id: int, count: int, *, seed: int, on: dt.date, schools: list[str]) -> list[ChildFacts]:
    """Fictional children for the history, with the flags and last schools cases carry."""
    rng = random.Random(seed)
    rows = list(PopulationGenerator(seed, DEMOSHIRE, on=on).children(count))
    sen = [SenStatus.NONE] * 16 + [SenStatus.SEN_SUPPORT] * 3 + [SenStatus.EHCP]
    made = Child.objects.bulk_create([
        Child(local_authority_id=la_id, first_name=row.first_name, middle_names=row.middle_names,
              last_name=row.last_name, date_of_birth=row.dob, sex=row.sex, upn=row.upn, ethnicity=row.ethnicity,
              sen_status=rng.choice(sen), is_fictional=True,
              last_school=rng.choice(schools) if schools and rng.random() < 0.8 else "",
              **{flag: rng.random() < rate for flag, rate in FLAG_RATES.items()})
        for row in rows], batch_size=5000)
    ChildAddress.objects.bulk_create([
        ChildAddress(child=child, kind=AddressKind.HOME, line_1=row.address_line_1, town=row.town,
                     postcode=row.postcode, moved_in=row.dob)
        for child, row in zip(made, rows, strict=True)], batch_size=5000)
    return [ChildFacts(child.pk, child.date_of_birth,
                       tuple(flag for flag in escalation.FLAG_REASONS if getattr(child, flag))) for child in made]


def _risk(rng: random.Random, child: ChildFacts) -> tuple[str, tuple[str, ...]]:
    """A made-up risk level, never below what the child's safeguarding flags raise it to (as the
    services would for a case worked here), with the flags among the reasons."""
    drawn = RiskLevel(_pick(rng, RISK_WEIGHTS))
    flagged = escalation.case_risk(flags=child.safeguarding, flag_risk=rules_config.flag_risk())
    if escalation.LEVEL_ORDER.index(flagged.level) < escalation.LEVEL_ORDER.index(drawn):
        return drawn.value, ()
    return flagged.level.value, tuple(reason for reason in flagged.reasons if reason in escalation.FLAG_REASONS.values())


def plan(children: list[ChildFacts], *, officers: list[int], today: dt.date, months: int = 24,
         per_month: int = 25, seed: int = 2026) -> list[EarlierCase]:
    """Cases starting every month for `months` months up to `today`; each child at most once."""
    rng = random.Random(seed)
    pool = list(children)
    rng.shuffle(pool)
    first_day = today - dt.timedelta(days=round(months * 30.44))
    span = (today - first_day).days
    cases = []
    for _ in range(months * per_month):
        start = first_day + dt.timedelta(days=rng.randrange(span))
        child = _child_of_school_age(rng, pool, start)
        if child is None:
            continue
        low, high, _ = rng.choices(DURATION_BANDS_DAYS, weights=[band[2] for band in DURATION_BANDS_DAYS])[0]
        end: dt.date | None = start + dt.timedelta(days=rng.randint(low, high))
        age_ends = school_age.csa_end(child.date_of_birth)
        outcome = _pick(rng, OUTCOME_WEIGHTS)
        if end > age_ends:
            end, outcome = age_ends + dt.timedelta(days=1), Outcome.CEASED_COMPULSORY_SCHOOL_AGE
        if end >= today:
            end = None
        episodes = [(start, end)]
        if end is not None and outcome != Outcome.CEASED_COMPULSORY_SCHOOL_AGE and rng.random() < 0.06:
            again = end + dt.timedelta(days=rng.randint(20, 120))  # reopened: missing again
            if again < today and again < age_ends:
                again_end = again + dt.timedelta(days=rng.randint(10, 150))
                episodes.append((again, again_end if again_end < min(today, age_ends) else None))
        is_open = episodes[-1][1] is None
        risk, reasons = _risk(rng, child)
        cases.append(EarlierCase(
            child_id=child.id, primary_reason=_pick(rng, REASON_WEIGHTS), episodes=tuple(episodes),
            source=_pick(rng, SOURCE_WEIGHTS), allocated_to_id=rng.choice(officers) if officers else None,
            state=_pick(rng, OPEN_STATE_WEIGHTS) if is_open else CaseState.CLOSED,
            whereabouts_known=(rng.random() < 0.6) if is_open else True, risk_level=risk, risk_reasons=reasons,
            outcome="" if is_open else outcome,
            outcome_evidence="" if is_open else "From earlier records (demonstration)"))
    return cases


def _child_of_school_age(rng: random.Random, pool: list[ChildFacts], day: dt.date) -> ChildFacts | None:
    for _ in range(30):
        if not pool:
            return None
        index = rng.randrange(len(pool))
        child = pool[index]
        if school_age.is_of_compulsory_school_age(child.date_of_birth, day):
            pool[index] = pool[-1]
            pool.pop()
            return child
    return None
