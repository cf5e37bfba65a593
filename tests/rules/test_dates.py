import datetime as dt

import pytest

from cme.rules.dates import DateError, parse_iso_date, parse_uk_date


@pytest.mark.parametrize(("text", "expected"), [
    ("2015-06-01", dt.date(2015, 6, 1)), ("01/06/2015", dt.date(2015, 6, 1)), ("1/6/2015", dt.date(2015, 6, 1)),
    ("01.06.15", dt.date(2015, 6, 1)), ("31-12-2015", dt.date(2015, 12, 31)),
])
def test_uk_dates_are_day_first(text, expected):
    assert parse_uk_date(text) == expected


@pytest.mark.parametrize(("text", "message"), [
    ("2015-02-30", "month 2 of 2015 has no day 30"), ("2015-13-01", "no month 13"), ("tomorrow", "not a date"),
    ("", "not a date"),
])
def test_bad_dates_name_the_value_and_the_problem(text, message):
    with pytest.raises(DateError, match=message):
        parse_iso_date(text)
    with pytest.raises(DateError):
        parse_uk_date(text)
