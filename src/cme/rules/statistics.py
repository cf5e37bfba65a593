"""The statistics councils report: which children count on a census date, the DfE termly
return's breakdowns (domain.md §10), and the calendar arithmetic of monthly and quarterly
reports. Pure: the reports app feeds it facts read from the database.

Derived rules, stated once here:
- A CME episode counts on a day D if it started on or before D and had not ended by D: an
  episode that ended on D does not count (the child was back in education, or had left,
  that day).
- A child counts on a census date only if of compulsory school age that day; an open
  episode for a child outside it is a record to fix, listed before the return is produced.
- Duration runs from the start of the current episode (a reopened case starts a new one).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from . import school_age
from .dfe_return import (
    DEFAULT_DURATION_POLICY,
    DURATION_BANDS,
    PRIMARY_REASONS,
    REASONS_BY_CODE,
    DurationPolicy,
    duration_band,
)

# -- the calendar -----------------------------------------------------------------------------


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def month_end(day: dt.date) -> dt.date:
    return add_months(month_start(day), 1) - dt.timedelta(days=1)


def add_months(day: dt.date, months: int) -> dt.date:
    """The first of the month `months` after (or before) `day`'s month."""
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def months_ending(last: dt.date, count: int) -> list[dt.date]:
    """The first days of the `count` months ending with `last`'s month, oldest first."""
    return [add_months(last, offset) for offset in range(1 - count, 1)]


def parse_month(text: str) -> dt.date:
    """"2026-10" -> 1 October 2026; ValueError with a sentence otherwise."""
    try:
        year, month = (int(part) for part in text.strip().split("-"))
        return dt.date(year, month, 1)
    except (ValueError, TypeError):
        raise ValueError(f"'{text}' is not a month: give it as YYYY-MM, for example 2026-10") from None


@dataclass(frozen=True, order=True)
class Quarter:
    """A calendar quarter, e.g. Quarter(2026, 3) is July to September 2026."""

    year: int
    number: int

    @classmethod
    def of(cls, day: dt.date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)

    @classmethod
    def parse(cls, text: str) -> Quarter:
        """"2026-Q3" (or "2026q3")."""
        try:
            year, number = text.strip().upper().replace("-Q", "Q").split("Q")
            quarter = cls(int(year), int(number))
        except (ValueError, TypeError):
            raise ValueError(f"'{text}' is not a quarter: give it as YYYY-Qn, for example 2026-Q3") from None
        if not 1 <= quarter.number <= 4:
            raise ValueError(f"'{text}' is not a quarter: the quarter is 1, 2, 3 or 4")
        return quarter

    @property
    def starts(self) -> dt.date:
        return dt.date(self.year, 3 * self.number - 2, 1)

    @property
    def ends(self) -> dt.date:
        return month_end(dt.date(self.year, 3 * self.number, 1))

    @property
    def previous(self) -> Quarter:
        return Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year, self.number - 1)

    @property
    def next(self) -> Quarter:
        return Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)

    @property
    def a_year_earlier(self) -> Quarter:
        return Quarter(self.year - 1, self.number)

    @property
    def slug(self) -> str:
        return f"{self.year}-Q{self.number}"

    @property
    def label(self) -> str:
        return f"{self.starts:%B} to {self.ends:%B %Y}"


# -- counting on a day ------------------------------------------------------------------------


def open_on(started: dt.date, ended: dt.date | None, day: dt.date) -> bool:
    """Whether an episode from `started` to `ended` (None: still open) counts on `day`."""
    return started <= day and (ended is None or ended > day)


def overlaps(started: dt.date, ended: dt.date | None, first: dt.date, last: dt.date) -> bool:
    """Whether an episode counts on any day from `first` to `last` inclusive."""
    return started <= last and (ended is None or ended > first)


# -- the DfE return ---------------------------------------------------------------------------

TOPICS = ("Total", "Sex", "Year group", "Duration", "Reason")
SEX_BREAKDOWNS = {"F": "Female", "M": "Male"}  # anything else is "Unknown"
YEAR_GROUPS = ("Reception", *(f"Year {n}" for n in range(1, 12)), "Unknown")
# ONS codes of England's nine regions, as DfE's files give them beside the region's name.
REGION_CODES = {
    "North East": "E12000001", "North West": "E12000002", "Yorkshire and The Humber": "E12000003",
    "East Midlands": "E12000004", "West Midlands": "E12000005", "East of England": "E12000006",
    "London": "E12000007", "South East": "E12000008", "South West": "E12000009",
}

COLUMNS = ("time_period", "time_identifier", "geographic_level", "country_code", "country_name", "region_code",
           "region_name", "old_la_code", "new_la_code", "la_name", "breakdown_topic", "breakdown", "child_count",
           "child_percent")


@dataclass(frozen=True)
class CensusTerm:
    time_period: str  # "202526"
    time_identifier: str  # "Autumn term"

    @classmethod
    def of(cls, census_date: dt.date) -> CensusTerm:
        starts = school_age.academic_year_start(census_date)
        term = "Autumn" if census_date.month >= 9 else "Spring" if census_date.month <= 4 else "Summer"
        return cls(f"{starts}{(starts + 1) % 100:02d}", f"{term} term")

    @property
    def is_autumn(self) -> bool:
        return self.time_identifier == "Autumn term"


@dataclass(frozen=True)
class Council:
    """How the return names a council."""

    old_la_code: str
    new_la_code: str
    la_name: str
    region_code: str = ""
    region_name: str = ""


@dataclass(frozen=True)
class ChildOnCensus:
    """One child whose episode was open on the census date, as the database recorded it."""

    case_id: int
    child_id: int
    sex: str  # F, M, or anything else for unknown
    date_of_birth: dt.date | None
    reason: int | None  # DfE primary reason code
    episode_start: dt.date | None


class Problem:
    NO_REASON = "No primary reason"
    NO_START = "No start date"
    SEX_UNKNOWN = "Sex not known"
    NO_DOB = "No date of birth"
    NOT_OF_SCHOOL_AGE = "Not of compulsory school age on the census date"


def problems_of(child: ChildOnCensus, census_date: dt.date,
                rule: school_age.LeavingRule = school_age.DEFAULT_LEAVING_RULE) -> list[str]:
    """What about this child's record would make the return wrong. Only NOT_OF_SCHOOL_AGE
    keeps the child out of the return; the others are counted as Unknown (or Not recorded)."""
    problems = []
    if child.reason is None or child.reason not in REASONS_BY_CODE:
        problems.append(Problem.NO_REASON)
    if child.episode_start is None or child.episode_start > census_date:
        problems.append(Problem.NO_START)
    if child.sex not in SEX_BREAKDOWNS:
        problems.append(Problem.SEX_UNKNOWN)
    if child.date_of_birth is None:
        problems.append(Problem.NO_DOB)
    elif not school_age.is_of_compulsory_school_age(child.date_of_birth, census_date, rule):
        problems.append(Problem.NOT_OF_SCHOOL_AGE)
    return problems


def counted(children: Iterable[ChildOnCensus], census_date: dt.date,
            rule: school_age.LeavingRule = school_age.DEFAULT_LEAVING_RULE) -> list[ChildOnCensus]:
    """The children the return counts: one per child, of compulsory school age (or of unknown
    age: a missing date of birth is a problem to fix, not a reason to leave a child out)."""
    seen: dict[int, ChildOnCensus] = {}
    for child in children:
        if child.child_id in seen:
            continue
        if child.date_of_birth is not None and not school_age.is_of_compulsory_school_age(
                child.date_of_birth, census_date, rule):
            continue
        seen[child.child_id] = child
    return list(seen.values())


def year_group_breakdown(date_of_birth: dt.date | None, census_date: dt.date) -> str:
    if date_of_birth is None:
        return "Unknown"
    label = school_age.year_group(date_of_birth, census_date)
    return label if label in YEAR_GROUPS else "Unknown"


def reason_breakdown(code: int | None) -> str:
    reason = REASONS_BY_CODE.get(code) if code is not None else None
    return reason.label if reason else REASONS_BY_CODE[19].label  # "Not recorded"


def breakdowns(children: list[ChildOnCensus], census_date: dt.date,
               policy: DurationPolicy = DEFAULT_DURATION_POLICY) -> dict[str, dict[str, int]]:
    """Topic -> breakdown -> count, every breakdown listed (zeros included) in DfE's order;
    the breakdowns of each topic sum to the total."""
    sex = Counter(SEX_BREAKDOWNS.get(child.sex, "Unknown") for child in children)
    years = Counter(year_group_breakdown(child.date_of_birth, census_date) for child in children)
    durations = Counter(duration_band(child.episode_start, census_date, policy).value for child in children)
    reasons = Counter(reason_breakdown(child.reason) for child in children)
    return {
        "Total": {"Total": len(children)},
        "Sex": {label: sex[label] for label in ("Female", "Male", "Unknown")},
        "Year group": {label: years[label] for label in YEAR_GROUPS},
        "Duration": {band.value: durations[band.value] for band in DURATION_BANDS},
        "Reason": {reason.label: reasons[reason.label] for reason in PRIMARY_REASONS},
    }


def percent(count: int, total: int) -> int:
    """A whole-number percentage, halves rounded up (as DfE's published files show them)."""
    if total == 0:
        return 0
    return (200 * count + total) // (2 * total)


def return_rows(council: Council, census_date: dt.date, figures: dict[str, dict[str, int]]) -> list[dict[str, str]]:
    """The rows of one council's return in DfE's 2025/26 layout."""
    term = CensusTerm.of(census_date)
    total = figures["Total"]["Total"]
    rows = []
    for topic in TOPICS:
        for breakdown, count in figures[topic].items():
            rows.append({
                "time_period": term.time_period, "time_identifier": term.time_identifier,
                "geographic_level": "Local authority", "country_code": "E92000001", "country_name": "England",
                "region_code": council.region_code, "region_name": council.region_name,
                "old_la_code": council.old_la_code, "new_la_code": council.new_la_code, "la_name": council.la_name,
                "breakdown_topic": topic, "breakdown": breakdown, "child_count": str(count),
                "child_percent": str(percent(count, total)),
            })
    return rows


def topic_totals_reconcile(figures: dict[str, dict[str, int]]) -> list[str]:
    """Each topic whose breakdowns do not sum to the total (empty when all reconcile)."""
    total = figures["Total"]["Total"]
    return [topic for topic in TOPICS[1:] if sum(figures[topic].values()) != total]


def previous_academic_year(census_date: dt.date) -> tuple[dt.date, dt.date]:
    """1 September to 31 August of the school year before the census date's."""
    starts = school_age.academic_year_start(census_date) - 1
    return dt.date(starts, 9, 1), dt.date(starts + 1, 8, 31)


def term_start(census_date: dt.date) -> dt.date:
    """Where "this term" begins when counting starts in the term: 1 September for the autumn
    census, 1 January for spring and 1 April for summer (the summer term's own first day
    varies with Easter; the page names the day used)."""
    term = CensusTerm.of(census_date).time_identifier
    year = census_date.year
    return {"Autumn term": dt.date(year, 9, 1), "Spring term": dt.date(year, 1, 1)}.get(term, dt.date(year, 4, 1))


def _nth_thursday(year: int, month: int, n: int) -> dt.date:
    first = dt.date(year, month, 1)
    return first + dt.timedelta(days=(3 - first.weekday()) % 7 + 7 * (n - 1))


def usual_census_dates(academic_year_starting: int) -> tuple[dt.date, dt.date, dt.date]:
    """The census dates DfE usually sets (domain.md §10.1, derived, to be confirmed each year):
    the first Thursday of October, the third Thursday of January and the third Thursday of May.
    Only a suggestion: the census date is always typed or confirmed by the person producing it."""
    year = academic_year_starting
    return _nth_thursday(year, 10, 1), _nth_thursday(year + 1, 1, 3), _nth_thursday(year + 1, 5, 3)


def latest_census_date(today: dt.date) -> dt.date:
    """The most recent usual census date on or before `today`."""
    start = school_age.academic_year_start(today)
    candidates = [*usual_census_dates(start - 1), *usual_census_dates(start)]
    return max(day for day in candidates if day <= today)
