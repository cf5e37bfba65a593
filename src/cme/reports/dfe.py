"""The DfE termly "Elective home education and children missing education" return, computed
from the casework (domain.md §10). The database finds the episodes open on the census date;
`cme.rules.statistics` decides who counts and in which breakdown."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import connection

from cme.accounts.models import Council as CouncilEntry
from cme.accounts.models import LocalAuthority
from cme.core.rules_config import duration_policy, leaving_rule
from cme.rules import school_age, statistics
from cme.rules.statistics import ChildOnCensus, Council


def council_of(la: LocalAuthority) -> Council:
    """The council as the return names it; its region from the directory of councils (blank for a
    council the directory does not know, such as the fictional demonstration ones)."""
    entry = CouncilEntry.objects.filter(code=la.code).only("region").first()
    region = entry.region if entry else ""
    return Council(old_la_code=la.code, new_la_code=la.ons_code, la_name=la.name,
                   region_code=statistics.REGION_CODES.get(region, ""), region_name=region)


def children_on(local_authority_id: int, census_date: dt.date) -> list[ChildOnCensus]:
    """Every child with a CME episode open on the census date, with what the return needs."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.id, c.child_id, ch.sex, ch.date_of_birth, c.primary_reason, p.started_on "
            "FROM cases_caseperiod p JOIN cases_case c ON c.id = p.case_id JOIN children_child ch ON ch.id = c.child_id "
            "WHERE c.local_authority_id = %s AND ch.merged_into_id IS NULL "
            "AND p.started_on <= %s AND (p.ended_on IS NULL OR p.ended_on > %s) ORDER BY c.id",
            [local_authority_id, census_date, census_date])
        return [ChildOnCensus(*row) for row in cursor.fetchall()]


def any_time_count(local_authority_id: int, first: dt.date, last: dt.date) -> int:
    """Children missing education at any point from `first` to `last`: an episode in those
    days while the child was of compulsory school age."""
    rule = leaving_rule()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.child_id, ch.date_of_birth, p.started_on, p.ended_on "
            "FROM cases_caseperiod p JOIN cases_case c ON c.id = p.case_id JOIN children_child ch ON ch.id = c.child_id "
            "WHERE c.local_authority_id = %s AND ch.merged_into_id IS NULL "
            "AND p.started_on <= %s AND (p.ended_on IS NULL OR p.ended_on > %s)",
            [local_authority_id, last, first])
        children = set()
        for child_id, dob, started, ended in cursor.fetchall():
            if dob is None:
                children.add(child_id)
                continue
            age = school_age.school_age(dob, rule)
            from_day = max(started, first, age.starts)
            # The episode's last counted day is the day before it ended.
            to_day = min(ended - dt.timedelta(days=1) if ended else last, last, age.ends)
            if from_day <= to_day:
                children.add(child_id)
        return len(children)


@dataclass
class EheFigures:
    on_census_date: int
    started_in_term: int
    term_from: dt.date


def ehe_figures(local_authority_id: int, census_date: dt.date) -> EheFigures:
    """Children the service holds an EHE record for, of compulsory school age on the census date."""
    rule = leaving_rule()
    term_from = statistics.term_start(census_date)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT e.child_id, min(e.notified_on), ch.date_of_birth FROM cases_eherecord e "
            "JOIN children_child ch ON ch.id = e.child_id "
            "WHERE e.local_authority_id = %s AND e.notified_on <= %s AND ch.merged_into_id IS NULL "
            "GROUP BY e.child_id, ch.date_of_birth", [local_authority_id, census_date])
        rows = [row for row in cursor.fetchall()
                if row[2] is None or school_age.is_of_compulsory_school_age(row[2], census_date, rule)]
    return EheFigures(on_census_date=len(rows), started_in_term=sum(1 for row in rows if row[1] >= term_from),
                      term_from=term_from)


@dataclass(frozen=True)
class Fix:
    case_id: int
    child_id: int
    problems: tuple[str, ...]


@dataclass
class DfeReturn:
    council: Council
    census_date: dt.date
    term: statistics.CensusTerm
    figures: dict[str, dict[str, int]]
    rows: list[dict[str, str]]
    fixes: list[Fix]
    excluded: int  # open on the day but not of compulsory school age
    any_time: tuple[dt.date, dt.date, int] | None  # autumn: the previous academic year
    ehe: EheFigures
    unreconciled: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.figures["Total"]["Total"]


def dfe_return(la: LocalAuthority, census_date: dt.date) -> DfeReturn:
    rule, policy = leaving_rule(), duration_policy()
    on_day = children_on(la.pk, census_date)
    counted = statistics.counted(on_day, census_date, rule)
    figures = statistics.breakdowns(counted, census_date, policy)
    council = council_of(la)
    fixes = [Fix(child.case_id, child.child_id, tuple(problems)) for child in on_day
             if (problems := statistics.problems_of(child, census_date, rule))]
    term = statistics.CensusTerm.of(census_date)
    any_time = None
    if term.is_autumn:
        first, last = statistics.previous_academic_year(census_date)
        any_time = (first, last, any_time_count(la.pk, first, last))
    return DfeReturn(council=council, census_date=census_date, term=term, figures=figures,
                     rows=statistics.return_rows(council, census_date, figures), fixes=fixes,
                     excluded=len({c.child_id for c in on_day}) - len(counted), any_time=any_time,
                     ehe=ehe_figures(la.pk, census_date), unreconciled=statistics.topic_totals_reconcile(figures))
