"""The reports pages as a manager, an officer and an auditor use them: the dashboard's charts
each beside the table of the same figures, the quarterly report as a page and a PDF, the links
from home, and the read-only reporting API."""

from __future__ import annotations

import base64
import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from cme.accounts.roles import Role
from cme.accounts.tokens import token_create
from cme.audit.models import AccessEvent
from cme.cases import services
from cme.ops import demo_history
from tests.conftest import html, text_of
from tests.factories.models import user_with_role

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 30)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2026, 11, 30, 12, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def history(la, officer, manager):
    children = demo_history.make_children(la.pk, 160, seed=3, on=TODAY - dt.timedelta(days=365),
                                          schools=["Demoford Academy"])
    cases = demo_history.plan(children, officers=[officer.pk, manager.pk], today=TODAY, months=24, per_month=5,
                              seed=9)
    services.earlier_cases_record(local_authority_id=la.pk, cases=cases)
    return cases


def table_counts(section) -> dict[str, int]:
    return {text_of(row.th): int(text_of(row.td).replace(",", "")) for row in section.select("tbody tr")}


def test_the_dashboard_shows_each_chart_beside_a_table_of_its_figures(client, signed_in, manager, history):
    signed_in(manager)
    page = html(client.get(reverse("reports:dashboard")))
    open_now = sum(1 for case in history if case.episodes[-1][1] is None)
    assert text_of(page.select_one("[data-testid=open] .app-figure__value")) == str(open_now)
    for chart in ("state", "risk", "officer", "duration", "sources", "outcomes", "groups"):
        section = page.select_one(f"[data-testid=chart-{chart}]")
        image = section.select_one("img")
        if image is not None:
            svg = base64.b64decode(image["src"].removeprefix("data:image/svg+xml;base64,")).decode()
            assert svg.startswith("<svg") and "<script" not in svg, chart
            assert "table" in image["alt"]
        assert section.select_one("table") is not None, chart
    assert sum(table_counts(page.select_one("[data-testid=chart-state]")).values()) == open_now
    assert sum(table_counts(page.select_one("[data-testid=chart-duration]")).values()) == open_now
    trend = page.select("[data-testid=trend-table] tbody tr")
    assert len(trend) == 24 and text_of(trend[-1].th) == "Nov 2026"
    event = AccessEvent.objects.get(record_type="statistics")
    assert event.user == manager and event.purpose.startswith("Viewed CME statistics (01/11/2026 to 30/11/2026")


def test_the_dashboard_filters_by_dates_and_officer(client, signed_in, manager, officer, history):
    signed_in(manager)
    whole = html(client.get(reverse("reports:dashboard")))
    mine = html(client.get(reverse("reports:dashboard"), {"officer": str(officer.pk)}))
    assert int(text_of(mine.select_one("[data-testid=open] .app-figure__value"))) < int(
        text_of(whole.select_one("[data-testid=open] .app-figure__value")))
    assert list(table_counts(mine.select_one("[data-testid=chart-officer]"))) == [officer.full_name]
    year = html(client.get(reverse("reports:dashboard"), {
        "date_from-day": "1", "date_from-month": "1", "date_from-year": "2026",
        "date_to-day": "30", "date_to-month": "6", "date_to-year": "2026"}))
    started = sum(1 for case in history for start, _ in case.episodes if dt.date(2026, 1, 1) <= start <= dt.date(2026, 6, 30))
    assert text_of(year.select_one("[data-testid=new] .app-figure__value")) == str(started)
    assert "Trends: the 24 months to June 2026" in text_of(year)


def test_dates_the_wrong_way_round_are_a_clear_error_and_the_page_still_shows_this_month(client, signed_in, manager):
    signed_in(manager)
    response = client.get(reverse("reports:dashboard"), {
        "date_from-day": "1", "date_from-month": "6", "date_from-year": "2026",
        "date_to-day": "1", "date_to-month": "1", "date_to-year": "2026"})
    assert response.status_code == 200
    page = html(response)
    assert "The last day must be the same as or after the first day" in text_of(page.select_one(".govuk-error-summary"))
    assert "From 1 November 2026 to 30 November 2026" in text_of(page)


def test_an_officer_sees_the_statistics_but_not_the_exports(client, signed_in, officer):
    signed_in(officer)
    page = html(client.get(reverse("reports:dashboard")))
    links = [a["href"] for a in page.select(".app-subnav a")]
    assert reverse("reports:quarterly") in links and reverse("reports:export") not in links
    assert client.get(reverse("reports:dfe-return")).status_code == 403


@pytest.mark.parametrize("role", [Role.SCHOOL_USER, Role.AGENCY_USER, Role.ADMINISTRATOR])
def test_schools_agencies_and_administrators_see_no_reports(client, signed_in, la, role):
    signed_in(user_with_role(role, la))
    assert client.get(reverse("reports:dashboard")).status_code == 403
    assert reverse("reports:dashboard") not in client.get(reverse("home")).content.decode()


def test_home_keeps_its_promises_of_statistics_and_exports(client, signed_in, manager):
    signed_in(manager)
    home = html(client.get(reverse("home")))
    for text, name in (("See statistics and reports", "reports:dashboard"),
                       ("Export cases to a spreadsheet", "reports:export"),
                       ("Produce the DfE termly return", "reports:dfe-return")):
        link = home.find("a", string=text)
        assert link is not None and link["href"] == reverse(name), text
        assert client.get(link["href"]).status_code == 200


def test_the_quarterly_report_compares_with_the_last_quarter_and_a_year_earlier(client, signed_in, manager, history):
    signed_in(manager)
    page = html(client.get(reverse("reports:quarterly"), {"quarter": "2026-Q3"}))
    assert "Quarterly report: July to September 2026" in text_of(page.h1)
    headings = [text_of(th) for th in page.select("[data-testid=quarter-table]")[0].select("thead th")]
    assert headings[1:4] == ["July to September 2026", "April to June 2026", "July to September 2025"]
    new_row = next(row for row in page.select("[data-testid=quarter-table] tbody tr") if "New in the quarter" in text_of(row.th))
    expected = [sum(1 for case in history for start, _ in case.episodes if first <= start <= last)
                for first, last in ((dt.date(2026, 7, 1), dt.date(2026, 9, 30)), (dt.date(2026, 4, 1), dt.date(2026, 6, 30)),
                                    (dt.date(2025, 7, 1), dt.date(2025, 9, 30)))]
    assert [int(text_of(td)) for td in new_row.select("td")[:3]] == expected
    pdf = client.get(reverse("reports:quarterly-pdf", args=["2026-Q3"]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert b"July to September 2026" in pdf.content or len(pdf.content) > 2000
    assert client.get(reverse("reports:quarterly-pdf", args=["2026-Q9"])).status_code == 404


def test_an_unfinished_quarter_says_so(client, signed_in, manager):
    signed_in(manager)
    page = html(client.get(reverse("reports:quarterly"), {"quarter": "2026-Q4"}))
    assert "This quarter has not ended" in text_of(page)


# -- the API ---------------------------------------------------------------------------------------

def bearer(user) -> dict:
    return {"Authorization": f"Bearer {token_create(user=user, name='warehouse')[1]}"}


def test_the_api_gives_the_dashboards_figures_and_the_return(client, manager, history):
    auth = bearer(manager)
    figures = client.get("/api/v1/reports/figures", {"date_from": "2026-01-01", "date_to": "2026-06-30"},
                         headers=auth).json()
    assert figures["period"]["new"] == sum(1 for case in history for start, _ in case.episodes
                                           if dt.date(2026, 1, 1) <= start <= dt.date(2026, 6, 30))
    assert len(figures["trend"]) == 24 and figures["trend"][-1]["month"] == "2026-06"
    result = client.get("/api/v1/reports/dfe-return", {"census_date": "2026-10-01"}, headers=auth).json()
    assert result["time_identifier"] == "Autumn term" and result["topics_reconcile"] is True
    assert sum(int(row["child_count"]) for row in result["rows"] if row["breakdown_topic"] == "Sex") == result["total"]
    assert AccessEvent.objects.filter(channel="api", record_type__in=["statistics", "dfe-return"]).count() == 2


def test_the_api_refuses_clearly(client, la, officer):
    auth = bearer(officer)
    bad = client.get("/api/v1/reports/figures", {"date_to": "2026-02-30"}, headers=auth)
    assert bad.status_code == 422 and "date_to" in bad.json()["errors"][0]["message"]
    refused = client.get("/api/v1/reports/dfe-return", {"census_date": "2026-10-01"}, headers=auth)
    assert refused.status_code == 403 and refused.json()["errors"][0]["message"]
    school = bearer(user_with_role(Role.SCHOOL_USER, la))
    assert client.get("/api/v1/reports/figures", headers=school).status_code == 403
    assert client.get("/api/v1/reports/figures").status_code == 401
