"""Compulsory school age (CSA) in England: Education Act 1996 s8.

Start (s8(2) and the Education (Start of Compulsory School Age) Order 1998): a child
becomes of CSA on the first prescribed day (31 March, 31 August, 31 December) on or
after their fifth birthday.

End (s8(3) and the Education (School Leaving Date) Order 1997): at the end of the
school leaving date (the last Friday in June) of the school year in which they turn 16.

The statute and the everyday "1 September cohort" reading disagree for children whose
16th birthday falls in September before the autumn term starts (domain.md §6.2, marked
unconfirmed). The reading is a configurable choice (`LeavingRule`), never a guess:
the result always says which rule was applied.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

PRESCRIBED_DAYS = ((3, 31), (8, 31), (12, 31))


class LeavingRuleMode(StrEnum):
    SEPTEMBER_COHORT = "september-cohort"
    STATUTE_LITERAL = "statute-literal"


def first_weekday_of_september(year: int) -> dt.date:
    """A stand-in for the start of the autumn term when no term dates are known."""
    day = dt.date(year, 9, 1)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


@dataclass(frozen=True)
class LeavingRule:
    """How to read s8(3) for a 16th birthday early in September.

    september-cohort (default): the school year boundary is 1 September, so every
    child born from 1 September to 31 August leaves in the same June, at the end of
    Year 11. statute-literal: a 16th birthday after the leaving date but before the
    autumn term begins ends CSA at that June's leaving date, a year earlier for
    children born in early September. It needs the start of the autumn term.
    """

    mode: LeavingRuleMode = LeavingRuleMode.SEPTEMBER_COHORT
    autumn_term_start: Callable[[int], dt.date] = field(default=first_weekday_of_september)


DEFAULT_LEAVING_RULE = LeavingRule()


def birthday(dob: dt.date, age: int) -> dt.date:
    """The day a person born on `dob` attains `age` (29 February counts as 1 March)."""
    try:
        return dob.replace(year=dob.year + age)
    except ValueError:  # 29 February in a common year
        return dt.date(dob.year + age, 3, 1)


def age_on(dob: dt.date, on: dt.date) -> int:
    """Age in whole years on a date."""
    years = on.year - dob.year
    if birthday(dob, years) > on:
        years -= 1
    return years


def school_leaving_date(year: int) -> dt.date:
    """The last Friday in June of `year`."""
    day = dt.date(year, 6, 30)
    return day - dt.timedelta(days=(day.weekday() - 4) % 7)


def csa_start(dob: dt.date) -> dt.date:
    fifth = birthday(dob, 5)
    for month, day in PRESCRIBED_DAYS:
        prescribed = dt.date(fifth.year, month, day)
        if prescribed >= fifth:
            return prescribed
    raise AssertionError("31 December is always on or after a date in the same year")


def csa_end(dob: dt.date, rule: LeavingRule = DEFAULT_LEAVING_RULE) -> dt.date:
    if rule.mode is LeavingRuleMode.SEPTEMBER_COHORT:
        leaving_year = dob.year + 16 if dob.month <= 8 else dob.year + 17
        return school_leaving_date(leaving_year)
    sixteenth = birthday(dob, 16)
    year = sixteenth.year
    if sixteenth <= school_leaving_date(year):
        return school_leaving_date(year)
    if sixteenth < rule.autumn_term_start(year):
        return school_leaving_date(year)
    return school_leaving_date(year + 1)


# An age in whole years that someone guessed: compulsory school age starts on the prescribed
# day after the fifth birthday and ends on the last Friday in June of the year of the
# sixteenth, so a child said to be under 5 or over 16 is almost certainly outside it.
YOUNGEST_SCHOOL_AGE, OLDEST_SCHOOL_AGE = 5, 16


def approximate_age_outside_school_age(years: int) -> str | None:
    """"below" or "above" for an approximate age outside compulsory school age, else None."""
    if years < YOUNGEST_SCHOOL_AGE:
        return "below"
    if years > OLDEST_SCHOOL_AGE:
        return "above"
    return None


def is_of_compulsory_school_age(dob: dt.date, on: dt.date, rule: LeavingRule = DEFAULT_LEAVING_RULE) -> bool:
    return csa_start(dob) <= on <= csa_end(dob, rule)


def academic_year_start(on: dt.date) -> int:
    """The calendar year in which the school year containing `on` began (1 September)."""
    return on.year if on.month >= 9 else on.year - 1


def year_group_number(dob: dt.date, on: dt.date) -> int:
    """National curriculum year by age: 0 = Reception, 1..13 = Year 1..13, -1 = Nursery."""
    return age_on(dob, dt.date(academic_year_start(on), 8, 31)) - 4


def year_group(dob: dt.date, on: dt.date) -> str | None:
    """The chronological national curriculum year group label, or None outside school ages."""
    number = year_group_number(dob, on)
    if number == -1:
        return "Nursery"
    if number == 0:
        return "Reception"
    if 1 <= number <= 13:
        return f"Year {number}"
    return None


@dataclass(frozen=True)
class SchoolAge:
    dob: dt.date
    starts: dt.date
    ends: dt.date
    rule: LeavingRuleMode

    def on(self, day: dt.date) -> bool:
        return self.starts <= day <= self.ends


def school_age(dob: dt.date, rule: LeavingRule = DEFAULT_LEAVING_RULE) -> SchoolAge:
    return SchoolAge(dob=dob, starts=csa_start(dob), ends=csa_end(dob, rule), rule=rule.mode)
