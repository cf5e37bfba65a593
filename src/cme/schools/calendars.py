"""An LA's (or a school's) school calendar from the term dates and closure days held in
the database, for the statutory clocks in `cme.rules.school_calendar`."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet

from cme.rules.school_calendar import CalendarRangeError, SchoolCalendar

from .models import ClosureDay, School, Term


def terms_for(local_authority_id: int, school: School | None = None) -> QuerySet[Term]:
    """The school's own terms where it has them, otherwise the LA's; never another school's."""
    terms = Term.objects.filter(local_authority_id=local_authority_id, school=school)
    if school is not None and not terms.exists():
        terms = Term.objects.filter(local_authority_id=local_authority_id, school__isnull=True)
    return terms


def first_day_of_school_year(school: School, day: dt.date) -> bool:
    """Whether `day` is the first day of the school year at this school (its first term starting in
    August or September of that year)."""
    first = terms_for(school.local_authority_id, school).filter(starts__month__in=[8, 9], starts__year=day.year).first()
    return first is not None and first.starts == day


def calendar_for(local_authority_id: int, school: School | None = None) -> SchoolCalendar:
    """The school's own terms where it has them, otherwise the LA's."""
    terms = terms_for(local_authority_id, school)
    closures = ClosureDay.objects.filter(local_authority_id=local_authority_id).filter(
        Q(school__isnull=True) | Q(school=school) if school is not None else Q(school__isnull=True))
    return SchoolCalendar.build([(t.starts, t.ends) for t in terms], closures=[c.date for c in closures])


def add_school_days_or_calendar_days(local_authority_id: int, start: dt.date, days: int,
                                     school: School | None = None) -> tuple[dt.date, bool]:
    """A due date `days` school days after `start`, and whether the term dates covered it.
    Where the LA has not entered term dates far enough ahead, weekdays are counted
    instead and the caller says so (a due date is still needed; it is never silent)."""
    try:
        return calendar_for(local_authority_id, school).add_school_days(start, days), True
    except CalendarRangeError:
        day, counted = start, 0
        while counted < days:
            day += dt.timedelta(days=1)
            if day.weekday() < 5:
                counted += 1
        return day, False
