"""The DfE termly return against figures worked out by hand, with the edges: a case open across
the census date, a reopened case, a child who ceased compulsory school age while missing, a
child who moved in from another council, a case that closed on the census date itself."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from cme.audit.models import AccessEvent
from cme.cases import services
from cme.cases.models import CaseSource
from cme.reports import dfe
from cme.rules.case_lifecycle import Outcome
from cme.rules.statistics import COLUMNS, Problem
from tests.conftest import html, text_of
from tests.factories.models import ChildFactory, open_case

pytestmark = pytest.mark.django_db
CENSUS = dt.date(2026, 10, 1)


def at(day: dt.date):
    return time_machine.travel(dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC), tick=False)


def earlier(officer, *, sex, dob, reason, episodes, source=CaseSource.SCHOOL_RETURN, outcome="", la=None):
    child = ChildFactory(local_authority=la or officer.local_authority, sex=sex, date_of_birth=dob)
    closed = episodes[-1][1] is not None
    services.earlier_cases_record(local_authority_id=child.local_authority_id, cases=[services.EarlierCase(
        child_id=child.pk, primary_reason=reason, episodes=tuple(episodes), source=source,
        state="closed" if closed else "making-enquiries", outcome=outcome or ("on-roll-attending" if closed else ""))])
    return child


@pytest.fixture
def census_cases(officer, other_la):
    """The fixture the expected figures below were worked out from by hand."""
    with at(dt.date(2026, 11, 30)):
        kids = {
            "A": earlier(officer, sex="F", dob=dt.date(2014, 3, 1), reason=3, episodes=[(dt.date(2026, 6, 1), None)]),
            "B": earlier(officer, sex="M", dob=dt.date(2012, 10, 10), reason=16,
                         episodes=[(dt.date(2026, 1, 5), dt.date(2026, 2, 20)), (dt.date(2026, 9, 14), None)]),
            "C": earlier(officer, sex="M", dob=dt.date(2010, 7, 15), reason=20, episodes=[(dt.date(2026, 3, 1), None)]),
            "D": earlier(officer, sex="F", dob=dt.date(2016, 5, 5), reason=1, source=CaseSource.OTHER_LA,
                         episodes=[(dt.date(2026, 9, 20), None)]),
            "E": earlier(officer, sex="M", dob=dt.date(2015, 1, 1), reason=3,
                         episodes=[(dt.date(2026, 9, 1), CENSUS)]),
            "F": earlier(officer, sex="U", dob=dt.date(2013, 12, 12), reason=18,
                         episodes=[(dt.date(2025, 8, 1), dt.date(2026, 10, 2))]),
            "I": earlier(officer, sex="F", dob=dt.date(2012, 2, 2), reason=13, outcome=Outcome.SUITABLE_EHE,
                         episodes=[(dt.date(2026, 8, 20), dt.date(2026, 9, 10))]),
            "J": earlier(officer, sex="M", dob=dt.date(2011, 11, 11), reason=13, outcome=Outcome.SUITABLE_EHE,
                         episodes=[(dt.date(2026, 5, 1), dt.date(2026, 6, 1))]),
            "G": earlier(officer, sex="F", dob=dt.date(2014, 3, 1), reason=3, la=other_la,
                         episodes=[(dt.date(2026, 6, 1), None)]),
        }
    # H: opened, closed and reopened through the casework services, on those days.
    h = ChildFactory(local_authority=officer.local_authority, sex="F", date_of_birth=dt.date(2013, 6, 6))
    with at(dt.date(2026, 2, 2)):
        case = open_case(officer=officer, child=h, primary_reason=7, start_date=dt.date(2026, 2, 2))
    with at(dt.date(2026, 3, 10)):
        case = services.case_close(case=case, officer=officer, outcome=Outcome.SUITABLE_EHE, version=None,
                                   evidence="Parents' letter and the EHE team's first visit")
    with at(dt.date(2026, 9, 21)):
        services.case_reopen(case=case, officer=officer, reason="Home education stopped; no school place",
                             version=None)
    kids["H"] = h
    return kids


def test_the_return_counts_the_children_missing_education_on_the_census_day(la, census_cases):
    result = dfe.dfe_return(la, CENSUS)
    assert result.total == 5  # A, B, D, F, H: not C (past school age), E (back that day), I, J (closed), G (elsewhere)
    assert result.figures["Sex"] == {"Female": 3, "Male": 1, "Unknown": 1}
    years = {label: count for label, count in result.figures["Year group"].items() if count}
    assert years == {"Year 6": 1, "Year 8": 2, "Year 9": 2}
    durations = {label: count for label, count in result.figures["Duration"].items() if count}
    # D 11 days and H 10 days (H's reopened episode, not its first); B 17 days from its second
    # episode; A 122 days; F 426 days.
    assert durations == {"Less than 2 weeks": 2, "2 to 4 weeks": 1, "12 to 26 weeks": 1, "Over 52 weeks": 1}
    reasons = {label: count for label, count in result.figures["Reason"].items() if count}
    assert reasons == {"Moved in from another local authority": 1, "School application awaiting outcome": 1,
                       "Unsuitable elective home education": 1, "Believed to have moved to another local authority": 1,
                       "Unknown": 1}
    assert result.unreconciled == []
    assert result.excluded == 1


def test_the_return_names_the_councils_region_from_the_directory(la):
    la.code, la.ons_code, la.name = "301", "E09000002", "Barking and Dagenham"
    council = dfe.council_of(la)
    assert (council.region_code, council.region_name) == ("E12000007", "London")


def test_a_council_the_directory_does_not_know_has_no_region(la):
    assert la.code not in {"301"} and (dfe.council_of(la).region_code, dfe.council_of(la).region_name) == ("", "")


def test_the_checks_list_what_would_make_the_return_wrong(la, census_cases):
    fixes = {fix.child_id: fix.problems for fix in dfe.dfe_return(la, CENSUS).fixes}
    assert fixes == {census_cases["C"].pk: (Problem.NOT_OF_SCHOOL_AGE,), census_cases["F"].pk: (Problem.SEX_UNKNOWN,)}


def test_the_autumn_return_counts_every_child_missing_at_any_point_in_the_previous_year(la, census_cases):
    first, last, count = dfe.dfe_return(la, CENSUS).any_time
    assert (first, last) == (dt.date(2025, 9, 1), dt.date(2026, 8, 31))
    assert count == 7  # A, B, C (until June, while of school age), F, H, I (from 20 August), J


def test_the_spring_return_does_not_ask_for_the_any_time_count(la, census_cases):
    assert dfe.dfe_return(la, dt.date(2026, 1, 15)).any_time is None


def test_home_education_the_service_knows_of_is_counted_with_starts_in_the_term(la, census_cases):
    ehe = dfe.dfe_return(la, CENSUS).ehe
    assert (ehe.on_census_date, ehe.started_in_term, ehe.term_from) == (2, 1, dt.date(2026, 9, 1))


def test_the_command_writes_dfe_layout_for_every_council_or_one(la, other_la, census_cases, tmp_path):
    out = tmp_path / "return.csv"
    call_command("reports", "dfe-return", "--census-date", "2026-10-01", "--la", la.code, "--out", str(out))
    rows = list(csv.DictReader(io.StringIO(out.read_text("utf-8"))))
    assert list(rows[0]) == list(COLUMNS)
    total = next(row for row in rows if row["breakdown_topic"] == "Total")
    assert (total["time_period"], total["time_identifier"], total["old_la_code"], total["child_count"]) == (
        "202627", "Autumn term", la.code, "5")
    for topic in ("Sex", "Year group", "Duration", "Reason"):
        assert sum(int(row["child_count"]) for row in rows if row["breakdown_topic"] == topic) == 5, topic
    call_command("reports", "dfe-return", "--census-date", "2026-10-01", "--out", str(out))
    councils = {row["old_la_code"] for row in csv.DictReader(io.StringIO(out.read_text("utf-8")))}
    assert councils == {la.code, other_la.code}
    assert AccessEvent.objects.filter(record_type="dfe-return", channel="command").count() == 3


@pytest.mark.parametrize("bad", ["2026-13-01", "1 October", ""])
def test_the_command_refuses_a_date_that_is_not_one(bad, tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("reports", "dfe-return", "--census-date", bad, "--out", str(tmp_path / "x.csv"))


def test_the_page_checks_first_then_shows_the_return_that_reconciles(client, signed_in, manager, census_cases):
    with at(dt.date(2026, 11, 30)):
        signed_in(manager)
        page = client.get(reverse("reports:dfe-return"), {"census_date-day": "1", "census_date-month": "10",
                                                          "census_date-year": "2026"})
        download = client.get(html(page).find("a", string="Download the return as CSV")["href"])
    assert page.status_code == 200
    soup = html(page)
    fixes = text_of(soup.select_one("[data-testid=fixes]"))
    assert "Not of compulsory school age on the census date" in fixes and "Sex not known" in fixes
    assert soup.select_one(f"a[href='{reverse('children:details', args=[census_cases['F'].pk])}']") is not None
    assert "Every topic's breakdowns add up to the total of 5" in text_of(soup.select_one("[data-testid=reconciled]"))
    assert "7 children were missing education" in text_of(soup.select_one("[data-testid=any-time]"))
    assert download["Content-Type"].startswith("text/csv")
    assert download.content.decode().splitlines()[0] == ",".join(COLUMNS)
    event = AccessEvent.objects.filter(record_type="dfe-return").first()
    assert set(event.child_ids) == {census_cases["C"].pk, census_cases["F"].pk}


def test_a_census_date_that_is_not_a_date_gets_a_govuk_error(client, signed_in, manager):
    signed_in(manager)
    page = client.get(reverse("reports:dfe-return"), {"census_date-day": "31", "census_date-month": "2",
                                                      "census_date-year": "2026"})
    assert page.status_code == 200
    assert "Census date must be a real date" in text_of(html(page).select_one(".govuk-error-summary"))


def test_an_auditor_sees_the_return_but_not_the_childrens_names(client, signed_in, auditor, census_cases):
    with at(dt.date(2026, 11, 30)):
        signed_in(auditor)
        page = client.get(reverse("reports:dfe-return"), {"census_date-day": "1", "census_date-month": "10",
                                                          "census_date-year": "2026"})
    fixes = text_of(html(page).select_one("[data-testid=fixes]"))
    assert census_cases["C"].last_name not in fixes and "Not shown to your role" in fixes
