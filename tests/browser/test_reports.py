"""A manager's reports in a real browser, every page checked with axe-core and saved as a
screenshot: the dashboard, the quarterly report, last month's frozen record downloaded, the
DfE return checked and downloaded, and an export."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from cme.accounts.roles import Role
from cme.cases import services
from cme.core import clock
from cme.ops import demo_history
from cme.reports.models import Snapshot
from tests.accounts.totp import totp_code
from tests.factories.models import user_with_role

from .conftest import check_accessibility
from .test_signin import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_manager_opens_the_dashboard_freezes_and_downloads_last_month_and_produces_the_return(page, la, tmp_path):
    manager = user_with_role(Role.CME_MANAGER, la, full_name="Morgan Manager")
    officer = user_with_role(Role.CME_OFFICER, la, full_name="Olu Officer")
    today = clock.today()
    children = demo_history.make_children(la.pk, 220, seed=4, on=today - dt.timedelta(days=365),
                                          schools=["Testford Academy", "Notton Valley School"])
    services.earlier_cases_record(local_authority_id=la.pk, cases=demo_history.plan(
        children, officers=[manager.pk, officer.pk], today=today, months=24, per_month=8, seed=4))

    sign_in(page, manager, totp_code(manager.totp_secret))
    page.get_by_role("link", name="See statistics and reports").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("CME statistics")
    expect(page.get_by_test_id("chart-trend").get_by_role("img")).to_be_visible()
    check_accessibility(page, "reports-dashboard")

    # Narrowed to one officer's cases: the officers' chart shows only them.
    page.get_by_test_id("report-filters").get_by_label("Officer").select_option(label="Olu Officer")
    page.get_by_role("button", name="Show figures").click()
    expect(page.get_by_test_id("chart-officer").get_by_role("table")).to_contain_text("Olu Officer")
    expect(page.get_by_test_id("chart-officer").get_by_role("table")).not_to_contain_text("Morgan Manager")

    page.get_by_role("link", name="Quarterly report").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Quarterly report")
    check_accessibility(page, "reports-quarterly")
    with page.expect_download() as pdf:
        page.get_by_role("link", name="Download this report as a PDF").click()
    assert pdf.value.suggested_filename.endswith(".pdf")

    page.get_by_role("link", name="Monthly central record").click()
    last_month = (today.replace(day=1) - dt.timedelta(days=1)).strftime("%B %Y")
    page.get_by_label("Month", exact=True).select_option(label=last_month)
    page.get_by_role("button", name="Freeze this month's record").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Central record for {last_month}")
    check_accessibility(page, "reports-frozen-record")
    with page.expect_download() as xlsx:
        page.get_by_role("link", name="Download as an Excel spreadsheet (XLSX)").click()
    assert xlsx.value.suggested_filename.endswith(".xlsx")
    page.reload()
    expect(page.get_by_test_id("downloads")).to_contain_text(manager.email)
    assert Snapshot.objects.get().taken_by == manager

    page.get_by_role("link", name="All frozen records").click()
    page.get_by_role("link", name="DfE termly return").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("DfE termly return")
    check_accessibility(page, "reports-dfe-return-start")
    page.get_by_role("button", name="Check and show the return").click()
    expect(page.get_by_test_id("topic-sex")).to_be_visible()
    check_accessibility(page, "reports-dfe-return")
    with page.expect_download() as census:
        page.get_by_role("link", name="Download the return as CSV").click()
    header = census.value.path().read_text().splitlines()[0]
    assert header.startswith("time_period,time_identifier,geographic_level")

    page.get_by_role("link", name="Export cases").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Export cases")
    check_accessibility(page, "reports-export")
    page.get_by_label("Comma-separated values (CSV)").check()
    with page.expect_download() as export:
        page.get_by_role("button", name="Download the cases").click()
    assert export.value.suggested_filename.endswith(".csv")
