"""Casework in a real browser, every page checked with axe-core: an officer takes a case from
the first enquiry to closure; a manager reallocates and sees the team's overdue work; a stale
edit is refused."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from cme.accounts.roles import Role
from cme.cases.models import Case, CaseState, Task, TaskStatus
from cme.core import clock
from tests.accounts.totp import totp_code
from tests.factories.models import ChildAddressFactory, ChildFactory, SchoolFactory, open_case, user_with_role

from .conftest import check_accessibility
from .test_signin import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def fill_date(page, legend: str, day: dt.date) -> None:
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def test_an_officer_runs_a_case_from_the_first_enquiry_to_closure(page, la, settings):
    settings.CME_MONITORING_CHECKS = 1
    officer = user_with_role(Role.CME_OFFICER, la, full_name="Olu Officer")
    school = SchoolFactory(local_authority=la, name="Testford Academy")
    child = ChildFactory(local_authority=la, first_name="Ada", last_name="Journeyman", date_of_birth=dt.date(2013, 5, 17),
                         sex="F")
    ChildAddressFactory(child=child, line_1="1 Imaginary Road", postcode="TE1 1AA")
    case = open_case(officer=officer, child=child)
    today = clock.today()
    sign_in(page, officer, totp_code(officer.totp_secret))
    expect(page.get_by_test_id("workload")).to_contain_text("Making enquiries")
    check_accessibility(page, "casework-home")
    page.get_by_role("link", name="Cases").first.click()
    check_accessibility(page, "casework-list")
    page.get_by_role("link", name=case.reference).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ada Journeyman")
    check_accessibility(page, "casework-case")

    # An enquiry of the school, answered.
    page.get_by_role("link", name="Record School records and staff who know the child").click()
    check_accessibility(page, "casework-enquiry")
    page.get_by_label("Phone call").check()
    page.get_by_label("Who did you ask or contact?").fill("Head of year, Testford Academy")
    page.get_by_label("Spoke to someone else").check()
    page.get_by_label("What they said (optional)").fill("Seen at her aunt's in Testford last week")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_test_id("enquiries")).to_contain_text("Seen at her aunt's")

    # Located.
    page.get_by_role("link", name="Change whereabouts").click()
    page.get_by_role("group", name="Do you know where the child is now?").get_by_label("Yes").check()
    page.get_by_label("Where the child is, and how you know (optional)").fill("3 Test Lane, with her aunt")
    check_accessibility(page, "casework-whereabouts")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-summary-list").first).to_contain_text("Located")

    # A home visit.
    page.get_by_role("link", name="Record a home visit").click()
    fill_date(page, "Date of the visit", today - dt.timedelta(days=1))
    page.get_by_label("Time of the visit").fill("4:30pm")
    page.get_by_label("Who was seen?").fill("Ada and her aunt")
    page.get_by_label("Yes, it looked lived in").check()
    check_accessibility(page, "casework-visit")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_test_id("timeline")).to_contain_text("Home visit to")

    # Escalation: a police question answered yes, then the referral recorded.
    page.get_by_role("link", name="Change risk").click()
    page.get_by_role("group", name="Is there good reason to believe that the child's absence may be the result of "
                                   "being the victim of a crime?").get_by_label("Yes").check()
    check_accessibility(page, "casework-risk")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-warning-text")).to_contain_text("Refer to the police")
    page.get_by_role("link", name="Record the referral").click()
    fill_date(page, "Date of the referral", today)
    page.get_by_label("Their reference (optional)").fill("FICT/99")
    page.get_by_label("Why you made the referral").fill("Possibly the victim of a crime")
    check_accessibility(page, "casework-escalation")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_test_id("escalations")).to_contain_text("FICT/99")

    # Needs, a school place, and the start.
    page.get_by_role("link", name="Record the child's needs").click()
    page.get_by_label("Special educational needs or disability (optional)").fill("SEN support for reading")
    page.get_by_label("Has a social worker").check()
    check_accessibility(page, "casework-needs")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_test_id("child-flags")).to_contain_text("Has a social worker")
    page.get_by_role("link", name="Record provision or a school place").click()
    page.get_by_label("In-year admission to a school").check()
    page.get_by_label("School (if it is in the list)").select_option(label="Testford Academy")
    page.get_by_label("Started").check()
    fill_date(page, "Start date", today)
    check_accessibility(page, "casework-provision")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-summary-list").first).to_contain_text("Placed and monitoring")

    # Monitoring, then closure with the school's confirmation.
    page.get_by_role("link", name="Record attendance").click()
    page.get_by_label("Attending fully").check()
    page.get_by_label("Who told you?").fill("Attendance officer")
    check_accessibility(page, "casework-attendance")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("link", name="Close the case").click()
    page.get_by_label("On a school roll and attending").check()
    page.get_by_role("textbox", name="The evidence").fill("Attending fully, said the attendance officer at Testford Academy")
    check_accessibility(page, "casework-close")
    page.get_by_role("button", name="Close the case").click()
    expect(page.locator(".govuk-summary-list").first).to_contain_text("Closed")
    expect(page.locator(".govuk-summary-list").first).not_to_contain_text("since")
    check_accessibility(page, "casework-closed")
    case.refresh_from_db()
    assert case.state == CaseState.CLOSED and case.placements.get().school == school


def test_a_manager_sees_overdue_work_and_reallocates_a_case(page, la):
    manager = user_with_role(Role.CME_MANAGER, la, full_name="Morgan Manager")
    busy = user_with_role(Role.CME_OFFICER, la, full_name="Olu Officer")
    free = user_with_role(Role.CME_OFFICER, la, full_name="Priya Second")
    case = open_case(officer=busy)
    Task.objects.filter(case=case, status=TaskStatus.OPEN).update(due_on=dt.date(2026, 1, 5))
    sign_in(page, manager, totp_code(manager.totp_secret))
    team = page.get_by_test_id("team")
    expect(team).to_contain_text("Olu Officer")
    check_accessibility(page, "manager-home")
    team.get_by_role("link", name="Olu Officer").click()
    page.get_by_role("link", name=case.reference).click()
    page.get_by_role("link", name="Change officer").click()
    page.get_by_label("Priya Second (CME officer)").check()
    check_accessibility(page, "manager-allocate")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_test_id("timeline")).to_contain_text("Allocated to Priya Second (was Olu Officer)")
    assert Case.objects.get().allocated_to == free


def test_a_stale_edit_is_refused_with_who_changed_what(browser, live_server, la):
    first = user_with_role(Role.CME_OFFICER, la, full_name="Olu Officer")
    second = user_with_role(Role.CME_OFFICER, la, full_name="Priya Second")
    case = open_case(officer=first)
    pages = []
    for user in (first, second):
        context = browser.new_context(base_url=live_server.url)
        page = context.new_page()
        page.set_default_timeout(15000)
        sign_in(page, user, totp_code(user.totp_secret))
        page.goto(f"/cases/{case.pk}/whereabouts/")
        pages.append(page)
    mine, theirs = pages
    theirs.get_by_role("group", name="Do you know where the child is now?").get_by_label("Yes").check()
    theirs.get_by_label("Where the child is, and how you know (optional)").fill("Seen at school this morning")
    theirs.get_by_role("button", name="Save").click()
    mine.get_by_role("group", name="Do you know where the child is now?").get_by_label("No").check()
    mine.get_by_role("button", name="Save").click()
    summary = mine.locator(".govuk-error-summary")
    expect(summary).to_contain_text(second.email)
    expect(summary).to_contain_text("Your changes were not saved")
    check_accessibility(mine, "casework-stale-edit")
    assert Case.objects.get().whereabouts_known is True  # the first save stands
