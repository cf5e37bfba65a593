import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cme.rules.school_calendar import CalendarRangeError, SchoolCalendar, Term, bank_holidays

D = dt.date
# Autumn 2025 in two half terms, with an INSET day, around the England and Wales holidays.
CALENDAR = SchoolCalendar.build(
    [(D(2025, 9, 1), D(2025, 10, 24)), (D(2025, 11, 3), D(2025, 12, 19)), (D(2026, 1, 5), D(2026, 2, 13)),
     (D(2026, 2, 23), D(2026, 4, 2)), (D(2026, 4, 20), D(2026, 5, 22)), (D(2026, 6, 1), D(2026, 7, 21))],
    closures=[D(2025, 9, 1)],
)


def test_bank_holidays_are_shipped_with_the_code():
    holidays = bank_holidays()
    assert D(2025, 12, 25) in holidays and D(2026, 4, 3) in holidays  # Christmas, Good Friday 2026
    assert D(2023, 5, 8) in holidays  # the coronation
    assert D(2022, 9, 19) in holidays  # the State Funeral
    assert D(2026, 5, 4) in holidays and D(2026, 5, 25) in holidays and D(2026, 8, 31) in holidays


@pytest.mark.parametrize(("day", "expected"), [
    (D(2025, 9, 1), False),  # INSET day
    (D(2025, 9, 2), True),
    (D(2025, 9, 6), False),  # Saturday
    (D(2025, 10, 27), False),  # half term
    (D(2026, 5, 4), False),  # Early May bank holiday, in term
    (D(2026, 5, 5), True),
])
def test_is_school_day(day, expected):
    assert CALENDAR.is_school_day(day) is expected


@pytest.mark.parametrize(("start", "end", "count"), [
    (D(2025, 9, 2), D(2025, 9, 2), 0),
    (D(2025, 9, 1), D(2025, 9, 5), 4),  # Tue-Fri; the Monday is INSET
    (D(2025, 10, 24), D(2025, 11, 3), 1),  # across half term
    (D(2026, 5, 1), D(2026, 5, 8), 4),  # across the bank holiday
    (D(2025, 9, 5), D(2025, 9, 1), -4),
])
def test_school_days_between(start, end, count):
    assert CALENDAR.school_days_between(start, end) == count


@pytest.mark.parametrize(("start", "days", "expected"), [
    (D(2025, 9, 1), 1, D(2025, 9, 2)),
    (D(2025, 10, 22), 5, D(2025, 11, 5)),
    (D(2026, 5, 1), 1, D(2026, 5, 5)),
    (D(2025, 9, 6), 0, D(2025, 9, 8)),  # Saturday: the next school day
    (D(2025, 11, 5), -5, D(2025, 10, 22)),
])
def test_add_school_days(start, days, expected):
    assert CALENDAR.add_school_days(start, days) == expected


def test_twenty_school_days_from_a_first_absence():
    # The 9(1)(i) clock: 20 consecutive school days.
    assert CALENDAR.add_school_days(D(2026, 4, 20), 19) == D(2026, 5, 18)


def test_dates_outside_the_term_dates_are_refused_not_guessed():
    with pytest.raises(CalendarRangeError, match="outside the term dates"):
        CALENDAR.school_days_between(D(2025, 9, 2), D(2026, 9, 10))
    with pytest.raises(CalendarRangeError, match="falls outside"):
        CALENDAR.add_school_days(D(2026, 7, 20), 10)


def test_overlapping_terms_are_refused():
    with pytest.raises(ValueError, match="overlap"):
        SchoolCalendar.build([(D(2025, 9, 1), D(2025, 10, 24)), (D(2025, 10, 20), D(2025, 12, 19))])


def test_a_term_cannot_end_before_it_starts():
    with pytest.raises(ValueError, match="ends"):
        Term(D(2025, 9, 10), D(2025, 9, 1))


term_days = st.dates(min_value=D(2025, 9, 1), max_value=D(2026, 7, 21))


@given(term_days, term_days, term_days)
def test_counting_adds_up_across_a_middle_date(a, b, c):
    assert CALENDAR.school_days_between(a, c) == (CALENDAR.school_days_between(a, b)
                                                  + CALENDAR.school_days_between(b, c))


@given(term_days, st.integers(min_value=1, max_value=60))
def test_adding_then_counting_gives_back_the_number(start, days):
    try:
        end = CALENDAR.add_school_days(start, days)
    except CalendarRangeError:
        return
    assert CALENDAR.school_days_between(start, end) == days
    assert CALENDAR.is_school_day(end)
