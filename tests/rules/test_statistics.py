"""The statistics' own rules: who counts on a census date, the DfE return's breakdowns, and
the calendar of monthly and quarterly reports."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cme.rules import statistics
from cme.rules.dfe_return import PRIMARY_REASONS
from cme.rules.statistics import ChildOnCensus, Problem, Quarter

CENSUS = dt.date(2025, 10, 2)


@pytest.mark.parametrize(("started", "ended", "day", "counts"), [
    (dt.date(2025, 9, 1), None, CENSUS, True),               # open across the census date
    (CENSUS, None, CENSUS, True),                             # started that day
    (dt.date(2025, 10, 3), None, CENSUS, False),              # started the day after
    (dt.date(2025, 9, 1), CENSUS, CENSUS, False),             # ended that day: back in education
    (dt.date(2025, 9, 1), dt.date(2025, 10, 3), CENSUS, True),  # ended the day after
    (dt.date(2025, 9, 1), dt.date(2025, 9, 30), CENSUS, False),
])
def test_an_episode_counts_on_a_day_from_its_start_until_the_day_before_it_ends(started, ended, day, counts):
    assert statistics.open_on(started, ended, day) is counts


@pytest.mark.parametrize(("day", "period", "term"), [
    (dt.date(2025, 10, 2), "202526", "Autumn term"),
    (dt.date(2026, 1, 15), "202526", "Spring term"),
    (dt.date(2026, 5, 21), "202526", "Summer term"),
    (dt.date(2026, 8, 31), "202526", "Summer term"),
    (dt.date(2026, 9, 1), "202627", "Autumn term"),
    (dt.date(2099, 10, 1), "209900", "Autumn term"),
])
def test_the_census_term_is_named_as_dfe_names_it(day, period, term):
    assert statistics.CensusTerm.of(day) == statistics.CensusTerm(period, term)


def test_the_usual_census_dates_are_the_ones_dfe_set_in_2022_23():
    assert statistics.usual_census_dates(2022) == (dt.date(2022, 10, 6), dt.date(2023, 1, 19), dt.date(2023, 5, 18))
    assert statistics.latest_census_date(dt.date(2026, 11, 30)) == dt.date(2026, 10, 1)
    assert statistics.latest_census_date(dt.date(2026, 9, 30)) == dt.date(2026, 5, 21)


@pytest.mark.parametrize(("text", "quarter"), [("2026-Q3", Quarter(2026, 3)), ("2026q1", Quarter(2026, 1))])
def test_quarters_read_as_written(text, quarter):
    assert Quarter.parse(text) == quarter


@pytest.mark.parametrize("text", ["2026-Q5", "2026-Q0", "Q3", "", "2026-3", "twenty"])
def test_a_quarter_that_is_not_one_is_refused_with_the_form_to_use(text):
    with pytest.raises(ValueError, match=r"YYYY-Qn|1, 2, 3 or 4"):
        Quarter.parse(text)


def test_quarters_know_their_neighbours_and_their_days():
    q = Quarter(2026, 1)
    assert (q.starts, q.ends) == (dt.date(2026, 1, 1), dt.date(2026, 3, 31))
    assert q.previous == Quarter(2025, 4) and q.next == Quarter(2026, 2) and q.a_year_earlier == Quarter(2025, 1)
    assert q.label == "January to March 2026"
    assert Quarter(2024, 1).ends == dt.date(2024, 3, 31) and Quarter(2026, 4).ends == dt.date(2026, 12, 31)


@given(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 12, 31)), st.integers(-40, 40))
def test_month_arithmetic_lands_on_the_first_and_round_trips(day, months):
    moved = statistics.add_months(day, months)
    assert moved.day == 1
    assert statistics.add_months(moved, -months) == statistics.month_start(day)
    assert statistics.month_end(day) + dt.timedelta(days=1) == statistics.add_months(day, 1)
    assert Quarter.of(day).starts <= day <= Quarter.of(day).ends


@pytest.mark.parametrize("text", ["2026-13", "2026", "October", "", "2026-10-01"])
def test_a_month_that_is_not_one_is_refused(text):
    with pytest.raises(ValueError, match="YYYY-MM"):
        statistics.parse_month(text)


@pytest.mark.parametrize(("count", "total", "percent"), [
    (0, 0, 0), (0, 10, 0), (1, 3, 33), (2, 3, 67), (1, 8, 13), (1, 200, 1), (1, 201, 0), (10, 10, 100)])
def test_percentages_are_whole_numbers_with_halves_rounded_up(count, total, percent):
    assert statistics.percent(count, total) == percent


def child(child_id=1, sex="F", dob=dt.date(2014, 3, 1), reason=3, start=dt.date(2025, 9, 10)):
    return ChildOnCensus(case_id=child_id, child_id=child_id, sex=sex, date_of_birth=dob, reason=reason,
                         episode_start=start)


@pytest.mark.parametrize(("record", "problems"), [
    (child(), []),
    (child(reason=None), [Problem.NO_REASON]),
    (child(reason=99), [Problem.NO_REASON]),
    (child(start=None), [Problem.NO_START]),
    (child(start=dt.date(2025, 11, 1)), [Problem.NO_START]),
    (child(sex="U"), [Problem.SEX_UNKNOWN]),
    (child(dob=None), [Problem.NO_DOB]),
    (child(dob=dt.date(2009, 5, 1)), [Problem.NOT_OF_SCHOOL_AGE]),   # left in June 2025
    (child(dob=dt.date(2021, 3, 1)), [Problem.NOT_OF_SCHOOL_AGE]),   # four years old
])
def test_each_problem_that_would_make_the_return_wrong_is_named(record, problems):
    assert statistics.problems_of(record, CENSUS) == problems


def test_a_child_not_of_school_age_is_left_out_and_a_child_counts_once():
    records = [child(1), child(1), child(2, dob=dt.date(2009, 5, 1)), child(3, dob=None)]
    assert [c.child_id for c in statistics.counted(records, CENSUS)] == [1, 3]


def test_breakdowns_use_dfe_labels_in_dfe_order():
    figures = statistics.breakdowns([child(1), child(2, sex="M", reason=None, start=None, dob=None)], CENSUS)
    assert figures["Total"] == {"Total": 2}
    assert figures["Sex"] == {"Female": 1, "Male": 1, "Unknown": 0}
    assert list(figures["Year group"])[:2] == ["Reception", "Year 1"] and figures["Year group"]["Unknown"] == 1
    assert figures["Year group"]["Year 7"] == 1  # born 1 March 2014: Year 7 in 2025/26
    assert figures["Reason"]["School application awaiting outcome"] == 1 and figures["Reason"]["Not recorded"] == 1
    assert figures["Duration"]["2 to 4 weeks"] == 1 and figures["Duration"]["Unknown"] == 1
    assert list(figures["Reason"]) == [reason.label for reason in PRIMARY_REASONS]
    assert list(figures["Duration"])[-2:] == ["Over 52 weeks", "Unknown"]


records = st.builds(
    ChildOnCensus, case_id=st.integers(1, 10**6), child_id=st.integers(1, 10**6),
    sex=st.sampled_from(["F", "M", "U", ""]),
    date_of_birth=st.one_of(st.none(), st.dates(dt.date(2005, 1, 1), dt.date(2022, 12, 31))),
    reason=st.one_of(st.none(), st.integers(0, 25)),
    episode_start=st.one_of(st.none(), st.dates(dt.date(2020, 1, 1), dt.date(2026, 12, 31))))


@given(st.lists(records, max_size=60), st.dates(dt.date(2023, 9, 1), dt.date(2027, 8, 31)))
def test_every_topic_adds_up_to_the_total_whatever_the_records(children, census):
    counted = statistics.counted(children, census)
    figures = statistics.breakdowns(counted, census)
    assert statistics.topic_totals_reconcile(figures) == []
    assert figures["Total"]["Total"] == len({c.child_id for c in counted})
    council = statistics.Council("999", "E10999999", "Demoshire")
    rows = statistics.return_rows(council, census, figures)
    assert all(list(row) == list(statistics.COLUMNS) for row in rows)
    assert sum(1 for row in rows if row["breakdown_topic"] == "Total") == 1
    assert len(rows) == 1 + 3 + 13 + 8 + 20
