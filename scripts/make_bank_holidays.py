"""Regenerate src/cme/rules/data/bank_holidays_england_wales.json.

The file is shipped so that school-day arithmetic never needs the network.
Dates from 2012 to 2028 were checked against the gov.uk feed
(https://www.gov.uk/bank-holidays.json, Open Government Licence); later years are
projected from the statutory pattern and must be re-checked when gov.uk
publishes them (one-off royal or state holidays cannot be projected).

Usage: python scripts/make_bank_holidays.py [FIRST_YEAR LAST_YEAR]
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "src/cme/rules/data/bank_holidays_england_wales.json"
PUBLISHED_UNTIL = 2028

# Proclaimed one-off changes: (year) -> (removed dates, added {date: title}).
SPECIAL = {
    1995: ({dt.date(1995, 5, 1)}, {dt.date(1995, 5, 8): "Early May bank holiday (VE day)"}),
    1999: (set(), {dt.date(1999, 12, 31): "Millennium celebrations"}),
    2002: ({dt.date(2002, 5, 27)}, {dt.date(2002, 6, 3): "Spring bank holiday",
                                     dt.date(2002, 6, 4): "Queen's Golden Jubilee"}),
    2011: (set(), {dt.date(2011, 4, 29): "Royal wedding"}),
    2012: ({dt.date(2012, 5, 28)}, {dt.date(2012, 6, 4): "Spring bank holiday",
                                     dt.date(2012, 6, 5): "Queen's Diamond Jubilee"}),
    2020: ({dt.date(2020, 5, 4)}, {dt.date(2020, 5, 8): "Early May bank holiday (VE day)"}),
    2022: ({dt.date(2022, 5, 30)}, {dt.date(2022, 6, 2): "Spring bank holiday",
                                     dt.date(2022, 6, 3): "Platinum Jubilee bank holiday",
                                     dt.date(2022, 9, 19): "Bank Holiday for the State Funeral of Queen Elizabeth II"}),
    2023: (set(), {dt.date(2023, 5, 8): "Bank holiday for the coronation of King Charles III"}),
}


def easter_sunday(year: int) -> dt.date:
    """Anonymous Gregorian algorithm (Meeus/Jones/Butcher)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    el = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * el) // 451
    month, day = divmod(h + el - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def first_monday(year: int, month: int) -> dt.date:
    day = dt.date(year, month, 1)
    return day + dt.timedelta(days=(7 - day.weekday()) % 7)


def last_monday(year: int, month: int) -> dt.date:
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    day = nxt - dt.timedelta(days=1)
    return day - dt.timedelta(days=day.weekday())


def holidays(year: int) -> dict[dt.date, str]:
    out: dict[dt.date, str] = {}
    new_year = dt.date(year, 1, 1)
    if new_year.weekday() >= 5:
        new_year += dt.timedelta(days=7 - new_year.weekday())
    out[new_year] = "New Year's Day"
    easter = easter_sunday(year)
    out[easter - dt.timedelta(days=2)] = "Good Friday"
    out[easter + dt.timedelta(days=1)] = "Easter Monday"
    out[first_monday(year, 5)] = "Early May bank holiday"
    out[last_monday(year, 5)] = "Spring bank holiday"
    out[last_monday(year, 8)] = "Summer bank holiday"
    christmas, boxing = dt.date(year, 12, 25), dt.date(year, 12, 26)
    if christmas.weekday() == 5:  # Saturday: Monday and Tuesday
        christmas, boxing = dt.date(year, 12, 27), dt.date(year, 12, 28)
    elif christmas.weekday() == 6:  # Sunday: Boxing Day Monday, Christmas Tuesday
        christmas = dt.date(year, 12, 27)
    elif boxing.weekday() == 5:  # Friday Christmas, Saturday Boxing Day
        boxing = dt.date(year, 12, 28)
    out[christmas] = "Christmas Day"
    out[boxing] = "Boxing Day"
    removed, added = SPECIAL.get(year, (set(), {}))
    for day in removed:
        out.pop(day)
    out.update(added)
    return out


def main(first: int = 2000, last: int = 2040) -> None:
    events = []
    for year in range(first, last + 1):
        for day, title in sorted(holidays(year).items()):
            events.append({"date": day.isoformat(), "title": title,
                           "source": "published" if year <= PUBLISHED_UNTIL else "projected"})
    OUT.write_text(json.dumps({"division": "england-and-wales", "published_until": PUBLISHED_UNTIL,
                               "events": events}, indent=1) + "\n")
    print(f"wrote {len(events)} dates to {OUT}")


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]))
