"""The service's one clock. Every date the service reasons about (a start date, a due
date, "today" on a page) is a date in Europe/London, whatever the server's own time
zone; every moment it stores is an aware datetime. Tests travel in time with
time-machine, which moves this clock with everything else.

Pure rules (`cme.rules`) never read the clock: they are given the date.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")


def now() -> dt.datetime:
    """This moment, aware, in Europe/London."""
    return dt.datetime.now(LONDON)


def today() -> dt.date:
    """Today's date in Europe/London (not the server's, which is often UTC)."""
    return now().date()


def local_date(moment: dt.datetime) -> dt.date:
    """The Europe/London date of an aware moment (a submission time, say)."""
    return moment.astimezone(LONDON).date()
