import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cme.rules import school_age
from cme.rules.school_age import LeavingRule, LeavingRuleMode

D = dt.date
LITERAL = LeavingRule(LeavingRuleMode.STATUTE_LITERAL)

# domain.md §6.3 worked examples: DOB, CSA starts, CSA ends.
WORKED_EXAMPLES = [
    (D(2019, 2, 10), D(2024, 3, 31), D(2035, 6, 29)),
    (D(2018, 12, 31), D(2023, 12, 31), D(2035, 6, 29)),
    (D(2018, 9, 1), D(2023, 12, 31), D(2035, 6, 29)),
    (D(2019, 6, 15), D(2024, 8, 31), D(2035, 6, 29)),
    (D(2007, 9, 23), D(2012, 12, 31), D(2024, 6, 28)),
    (D(2010, 8, 15), D(2015, 8, 31), D(2026, 6, 26)),
    (D(2010, 6, 26), D(2015, 8, 31), D(2026, 6, 26)),
    (D(2010, 3, 1), D(2015, 3, 31), D(2026, 6, 26)),
]


@pytest.mark.parametrize(("dob", "starts", "ends"), WORKED_EXAMPLES)
def test_worked_examples(dob, starts, ends):
    result = school_age.school_age(dob)
    assert (result.starts, result.ends) == (starts, ends)


@pytest.mark.parametrize(("year", "leaving_date"), [
    (2024, D(2024, 6, 28)), (2025, D(2025, 6, 27)), (2026, D(2026, 6, 26)), (2027, D(2027, 6, 25)),
    (2028, D(2028, 6, 30)), (2029, D(2029, 6, 29)), (2030, D(2030, 6, 28)), (2031, D(2031, 6, 27)),
    (2032, D(2032, 6, 25)), (2033, D(2033, 6, 24)),
])
def test_school_leaving_date_is_last_friday_in_june(year, leaving_date):
    assert school_age.school_leaving_date(year) == leaving_date


@pytest.mark.parametrize(("fifth_birthday_month_day", "start_month_day"), [
    ((1, 1), (3, 31)), ((3, 30), (3, 31)), ((3, 31), (3, 31)), ((4, 1), (8, 31)), ((8, 31), (8, 31)),
    ((9, 1), (12, 31)), ((12, 30), (12, 31)), ((12, 31), (12, 31)),
])
def test_start_is_first_prescribed_day_on_or_after_fifth_birthday(fifth_birthday_month_day, start_month_day):
    dob = D(2016, *fifth_birthday_month_day)
    assert school_age.csa_start(dob) == D(2021, *start_month_day)


def test_leap_day_birthday_starts_on_31_march():
    assert school_age.csa_start(D(2016, 2, 29)) == D(2021, 3, 31)


def test_statute_literal_rule_ends_a_year_earlier_for_birthday_before_autumn_term():
    # Born 2 September 2018: 16 on 2 September 2034, before a term starting 4 September.
    rule = LeavingRule(LeavingRuleMode.STATUTE_LITERAL, autumn_term_start=lambda year: D(year, 9, 4))
    assert school_age.csa_end(D(2018, 9, 2), rule) == D(2034, 6, 30)
    assert school_age.csa_end(D(2018, 9, 2)) == D(2035, 6, 29)  # the September-cohort default


def test_statute_literal_agrees_once_the_term_has_started():
    rule = LeavingRule(LeavingRuleMode.STATUTE_LITERAL, autumn_term_start=lambda year: D(year, 9, 4))
    assert school_age.csa_end(D(2018, 9, 4), rule) == D(2035, 6, 29)


@pytest.mark.parametrize(("dob", "on", "expected"), [
    (D(2019, 6, 15), D(2024, 8, 30), False),
    (D(2019, 6, 15), D(2024, 8, 31), True),
    (D(2010, 3, 1), D(2026, 6, 26), True),
    (D(2010, 3, 1), D(2026, 6, 27), False),
])
def test_of_compulsory_school_age_boundaries_are_inclusive(dob, on, expected):
    assert school_age.is_of_compulsory_school_age(dob, on) is expected


@pytest.mark.parametrize(("dob", "on", "year_group"), [
    (D(2018, 9, 1), D(2023, 9, 10), "Reception"),
    (D(2019, 8, 31), D(2023, 9, 10), "Reception"),
    (D(2019, 9, 1), D(2023, 9, 10), "Nursery"),
    (D(2015, 6, 15), D(2026, 11, 22), "Year 7"),
    (D(2010, 9, 1), D(2026, 6, 1), "Year 10"),
    (D(2010, 9, 1), D(2026, 9, 1), "Year 11"),
    (D(2010, 8, 31), D(2026, 9, 1), "Year 12"),
    (D(2024, 1, 1), D(2026, 11, 22), None),
])
def test_year_group_by_age_on_31_august(dob, on, year_group):
    assert school_age.year_group(dob, on) == year_group


dobs = st.dates(min_value=D(1995, 1, 1), max_value=D(2030, 12, 31))


@given(dobs)
def test_csa_lasts_about_eleven_years_and_starts_at_five(dob):
    result = school_age.school_age(dob)
    assert school_age.age_on(dob, result.starts) == 5
    assert 10 * 365 < (result.ends - result.starts).days < 12 * 365
    assert result.ends.weekday() == 4 and result.ends.month == 6 and result.ends.day > 23


@given(dobs)
def test_child_leaves_at_fifteen_or_sixteen(dob):
    ends = school_age.csa_end(dob)
    assert school_age.age_on(dob, ends) in (15, 16)


@given(dobs)
def test_literal_rule_never_ends_later_than_the_cohort_rule(dob):
    assert school_age.csa_end(dob, LITERAL) <= school_age.csa_end(dob)


@given(dobs, st.integers(min_value=-400, max_value=400))
def test_school_age_is_one_continuous_period(dob, offset):
    result = school_age.school_age(dob)
    day = result.starts + dt.timedelta(days=offset)
    assert school_age.is_of_compulsory_school_age(dob, day) == (result.starts <= day <= result.ends)


@given(dobs)
def test_children_born_in_one_school_year_leave_together(dob):
    cohort_start = D(dob.year if dob.month >= 9 else dob.year - 1, 9, 1)
    assert school_age.csa_end(dob) == school_age.csa_end(cohort_start)
