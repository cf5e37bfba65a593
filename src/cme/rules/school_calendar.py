"""School days: counting and adding them with an LA's term dates.

A school day is a weekday inside a term that is neither a bank holiday (England and
Wales, shipped in data/bank_holidays_england_wales.json) nor an INSET or other closure
day. Statutory clocks (5-day new-pupil returns, 10 and 20 school-day grounds, 15 school
days for a CTF) are counted here. Outside the term dates an LA has given, the answer is
unknown, and the functions say so rather than guess.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

ONE_DAY = dt.timedelta(days=1)


class CalendarRangeError(ValueError):
    """A date falls outside the term dates the calendar knows."""


@dataclass(frozen=True, order=True)
class Term:
    starts: dt.date
    ends: dt.date
    name: str = ""

    def __post_init__(self):
        if self.ends < self.starts:
            raise ValueError(f"Term {self.name or ''} ends ({self.ends}) before it starts ({self.starts})".replace("  ", " "))


@cache
def bank_holidays(division: str = "england-and-wales") -> frozenset[dt.date]:
    if division != "england-and-wales":
        raise ValueError(f"No bank holiday data for {division!r}")
    data = json.loads(resources.files("cme.rules").joinpath("data/bank_holidays_england_wales.json").read_text())
    return frozenset(dt.date.fromisoformat(event["date"]) for event in data["events"])


@cache
def bank_holiday_names() -> dict[dt.date, str]:
    data = json.loads(resources.files("cme.rules").joinpath("data/bank_holidays_england_wales.json").read_text())
    return {dt.date.fromisoformat(event["date"]): event["title"] for event in data["events"]}


@dataclass(frozen=True)
class SchoolCalendar:
    terms: tuple[Term, ...]
    closures: frozenset[dt.date] = field(default_factory=frozenset)  # INSET and other closure days
    holidays: frozenset[dt.date] = field(default_factory=bank_holidays)

    def __post_init__(self):
        ordered = tuple(sorted(self.terms))
        for earlier, later in itertools.pairwise(ordered):
            if later.starts <= earlier.ends:
                raise ValueError(f"Terms overlap: {earlier.starts}–{earlier.ends} and {later.starts}–{later.ends}")
        object.__setattr__(self, "terms", ordered)
        object.__setattr__(self, "_days", tuple(self._school_days()))

    @classmethod
    def build(cls, terms: Iterable[tuple[dt.date, dt.date]] | Iterable[Term],
              closures: Iterable[dt.date] = (), holidays: Iterable[dt.date] | None = None) -> SchoolCalendar:
        built = tuple(t if isinstance(t, Term) else Term(*t) for t in terms)
        return cls(terms=built, closures=frozenset(closures),
                   holidays=bank_holidays() if holidays is None else frozenset(holidays))

    def _school_days(self) -> Iterable[dt.date]:
        for term in self.terms:
            day = term.starts
            while day <= term.ends:
                if day.weekday() < 5 and day not in self.holidays and day not in self.closures:
                    yield day
                day += ONE_DAY

    @property
    def first_day(self) -> dt.date:
        if not self.terms:
            raise CalendarRangeError("No term dates have been set")
        return self.terms[0].starts

    @property
    def last_day(self) -> dt.date:
        if not self.terms:
            raise CalendarRangeError("No term dates have been set")
        return self.terms[-1].ends

    def _check(self, day: dt.date) -> None:
        if not self.terms or not (self.first_day <= day <= self.last_day):
            known = f"{self.first_day} to {self.last_day}" if self.terms else "none"
            raise CalendarRangeError(f"{day} is outside the term dates known for this calendar (known: {known})")

    def is_school_day(self, day: dt.date) -> bool:
        self._check(day)
        index = bisect.bisect_left(self._days, day)
        return index < len(self._days) and self._days[index] == day

    def school_days_between(self, start: dt.date, end: dt.date) -> int:
        """School days after `start` up to and including `end` (negative if end is earlier)."""
        if end < start:
            return -self.school_days_between(end, start)
        self._check(start)
        self._check(end)
        return bisect.bisect_right(self._days, end) - bisect.bisect_right(self._days, start)

    def add_school_days(self, start: dt.date, count: int) -> dt.date:
        """The date `count` school days after `start` (before it when count is negative).

        Zero returns `start` itself when it is a school day, else the next school day.
        """
        self._check(start)
        if count >= 0:
            index = bisect.bisect_right(self._days, start) + count - 1
            if count == 0:
                index = bisect.bisect_left(self._days, start)
        else:
            index = bisect.bisect_left(self._days, start) + count
        if not 0 <= index < len(self._days):
            direction = "after" if count >= 0 else "before"
            raise CalendarRangeError(
                f"{abs(count)} school days {direction} {start} falls outside the term dates known "
                f"({self.first_day} to {self.last_day})")
        return self._days[index]

    def school_days(self, start: dt.date, end: dt.date) -> list[dt.date]:
        """The school days from start to end inclusive."""
        self._check(start)
        self._check(end)
        return list(self._days[bisect.bisect_left(self._days, start):bisect.bisect_right(self._days, end)])


def add_calendar_days(start: dt.date, days: int) -> dt.date:
    return start + dt.timedelta(days=days)
