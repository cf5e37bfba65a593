"""Working with partners in a real browser, every page checked with axe-core: an officer sends
a check, the agency user answers it and the case updates; council A asks council B, B accepts,
A's case closes as moved and B's opens; an agency without an account answers by secure link."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from cme.accounts.models import Council
from cme.accounts.roles import Role
from cme.cases.models import Case
from tests.accounts.totp import totp_code
from tests.factories.models import (
    AgencyFactory,
    ChildAddressFactory,
    ChildFactory,
    LocalAuthorityFactory,
    open_case,
    user_with_role,
)

from .conftest import check_accessibility, screenshot
from .test_signin import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def _case(officer, la):
    child = ChildFactory(local_authority=la, first_name="Ada", last_name="Partnerton", date_of_birth=dt.date(2014, 3, 9))
    ChildAddressFactory(child=child, line_1="1 Imaginary Road", town="Testford", postcode="TE1 1AA")
    return open_case(officer=officer, child=child)


def _fill_date(scope, legend: str, day: int, month: int, year: int) -> None:
    group = scope.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day))
    group.get_by_label("Month").fill(str(month))
    group.get_by_label("Year").fill(str(year))


def _decide(page, index: int, decision: str, action: str, who_field: str, who: str) -> None:
    card = page.get_by_test_id("panel-case").nth(index)
    card.locator("summary").click()
    card.get_by_label("Decision").fill(decision)
    card.get_by_label("Action agreed (optional)").fill(action)
    card.get_by_label(who_field).select_option(label=who)
    _fill_date(card, "Action due by (optional)", 10, 12, 2026)
    card.get_by_role("button", name="Save the decision").click()


def _sign_out(page):
    page.get_by_role("button", name="Sign out").click()


def test_an_officer_sends_a_check_and_the_agency_user_answers_it(page, la):
    officer = user_with_role(Role.CME_OFFICER, la, full_name="Olu Officer")
    agency = AgencyFactory(local_authority=la, name="Testshire Children's Social Care")
    agency_user = user_with_role(Role.AGENCY_USER, la, agency=agency, full_name="Sam Social")
    case = _case(officer, la)

    sign_in(page, officer, totp_code(officer.totp_secret))
    page.goto(f"/cases/{case.pk}/")
    page.get_by_role("link", name="Send a check to a partner agency").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Send a check to a partner agency")
    check_accessibility(page, "partners-check-new")
    page.get_by_label("Agency", exact=True).select_option(label="Testshire Children's Social Care")
    page.get_by_label("What are you asking?").fill("Is the family known to you? Any current address?")
    page.get_by_role("button", name="Send the check").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("it is in their queue")
    expect(page.get_by_test_id("checks")).to_contain_text("Waiting")
    check_accessibility(page, "partners-case")
    _sign_out(page)

    sign_in(page, agency_user, totp_code(agency_user.totp_secret))
    page.get_by_role("link", name="Checks").first.click()
    expect(page.get_by_test_id("agency-checks")).to_contain_text("Ada Partnerton")
    check_accessibility(page, "partners-agency-queue")
    page.get_by_test_id("agency-checks").get_by_role("link").first.click()
    expect(page.get_by_test_id("question")).to_contain_text("Is the family known to you?")
    expect(page.get_by_test_id("shared")).not_to_contain_text("Imaginary Road")  # the address was not shared
    check_accessibility(page, "partners-agency-check")
    page.get_by_label("Yes, known").check()
    page.get_by_label("Address you hold (optional)").fill("7 Other Street, Testford")
    page.get_by_label("Worker's name (optional)").fill("Robin Worker")
    page.get_by_role("button", name="Send your answer").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Answer sent")
    _sign_out(page)

    officer2 = user_with_role(Role.CME_OFFICER, la, full_name="Priya Tracer")
    sign_in(page, officer2, totp_code(officer2.totp_secret))
    page.goto(f"/cases/{case.pk}/")
    expect(page.get_by_test_id("timeline")).to_contain_text("7 Other Street")
    page.get_by_role("link", name="Checks, enquiries and messages to partners").click()
    expect(page.get_by_test_id("checks")).to_contain_text("Robin Worker")
    check_accessibility(page, "partners-case-answered")


def test_council_a_asks_council_b_which_accepts_and_the_case_moves(page, la):
    other = LocalAuthorityFactory(code="991", name="Otherborough Council")
    Council.objects.create(code=la.code, name=la.name, local_authority=la, is_fictional=True)
    Council.objects.create(code=other.code, name=other.name, local_authority=other, is_fictional=True)
    officer_a = user_with_role(Role.CME_OFFICER, la, full_name="Olu Officer")
    officer_b = user_with_role(Role.CME_OFFICER, other, full_name="Omar Otherton")
    case = _case(officer_a, la)

    sign_in(page, officer_a, totp_code(officer_a.totp_secret))
    page.goto(f"/cases/{case.pk}/")
    page.get_by_role("link", name="Ask another council (believed moved there)").click()
    check_accessibility(page, "partners-enquiry-new")
    # GOV.UK's accessible autocomplete: type part of the name, then choose it.
    page.get_by_label("Council the child is believed to have moved to").fill("Otherb")
    check_accessibility(page, "partners-enquiry-autocomplete")
    page.get_by_role("option", name="Otherborough Council (991)").click()
    page.get_by_label("What are you asking them?").fill("Is Ada known to you? Will you take the case?")
    page.get_by_role("button", name="Send the enquiry").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("in Otherborough Council's queue")
    expect(page.get_by_test_id("enquiries")).to_contain_text("Sent")
    _sign_out(page)

    sign_in(page, officer_b, totp_code(officer_b.totp_secret))
    page.get_by_role("link", name="Triage").first.click()
    expect(page.get_by_test_id("council-enquiries")).to_contain_text("1 enquiry from other councils")
    page.get_by_role("link", name="Enquiries from other councils").click()
    check_accessibility(page, "partners-incoming")
    page.get_by_test_id("incoming").get_by_role("link").first.click()
    expect(page.get_by_test_id("child")).to_contain_text("Ada Partnerton")
    check_accessibility(page, "partners-enquiry-receiver")
    page.get_by_label("We accept the case").check()
    page.get_by_label("What you found, or your reason (optional unless you reject)").fill("Living at 2 New Road")
    page.get_by_role("button", name="Send your answer").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Accepted")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ada Partnerton")
    check_accessibility(page, "partners-b-case")
    received = Case.objects.get(local_authority=other)
    _sign_out(page)

    officer_a2 = user_with_role(Role.CME_OFFICER, la, full_name="Priya Tracer")
    sign_in(page, officer_a2, totp_code(officer_a2.totp_secret))
    page.goto(f"/cases/{case.pk}/")
    expect(page.get_by_test_id("timeline")).to_contain_text("Moved to another local authority")
    page.get_by_role("link", name="Checks, enquiries and messages to partners").click()
    expect(page.get_by_test_id("enquiries")).to_contain_text(received.reference)
    check_accessibility(page, "partners-a-closed")
    case.refresh_from_db()
    assert case.outcome == "moved-to-another-la"


def test_an_agency_without_an_account_answers_through_a_secure_link(page, la, mailbox, browser, live_server):
    officer = user_with_role(Role.CME_OFFICER, la, full_name="Olu Officer")
    AgencyFactory(local_authority=la, name="Testshire Housing Options", email="housing@testshire.example")
    case = _case(officer, la)
    sign_in(page, officer, totp_code(officer.totp_secret))
    page.goto(f"/partners/cases/{case.pk}/check/")
    page.get_by_label("Agency", exact=True).select_option(label="Testshire Housing Options (no accounts: by email)")
    page.get_by_label("What are you asking?").fill("Do you hold a current address for the family?")
    page.get_by_label("Last known address").check()
    page.get_by_role("button", name="Send the check").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("emailed to housing@testshire.example")
    [message] = mailbox.wait_for(1)
    path = re.search(r"(/partners/answer/\S+/)", message.body).group(1)

    stranger = browser.new_context(base_url=live_server.url).new_page()  # no account, no session
    stranger.goto(path)
    expect(stranger.get_by_test_id("shared")).to_contain_text("1 Imaginary Road")
    expect(stranger.get_by_role("link", name="Cases")).to_have_count(0)
    check_accessibility(stranger, "partners-link-form")
    stranger.get_by_role("button", name="Send your answer").click()
    expect(stranger.locator(".govuk-error-summary")).to_contain_text("Enter your name")
    check_accessibility(stranger, "partners-link-errors")
    stranger.get_by_label("Your name and role").fill("Kim, housing officer")
    stranger.get_by_label("No, not known").check()
    stranger.get_by_role("button", name="Send your answer").click()
    expect(stranger.get_by_role("heading", level=1)).to_contain_text("Answer sent")
    check_accessibility(stranger, "partners-link-done")
    stranger.goto(path)
    expect(stranger.get_by_test_id("problem")).to_contain_text("already been used")
    screenshot(stranger, "partners-link-used")
    stranger.context.close()

    page.goto(f"/cases/{case.pk}/")
    expect(page.get_by_test_id("timeline")).to_contain_text("by secure link")


def test_a_panel_with_two_cases_and_actions(page, la, mailbox):
    officer = user_with_role(Role.CME_OFFICER, la, full_name="Olu Officer")
    AgencyFactory(local_authority=la, name="Testshire Police", email="cme.liaison@police.example")
    first = _case(officer, la)
    second = open_case(officer=officer, child=ChildFactory(local_authority=la, first_name="Ben", last_name="Paneller"))
    sign_in(page, officer, totp_code(officer.totp_secret))
    page.get_by_role("link", name="Panels").first.click()
    check_accessibility(page, "partners-panels")
    page.get_by_role("link", name="Add a panel meeting").click()
    page.get_by_label("Name of the panel").fill("North area CME panel")
    _fill_date(page, "Date of the meeting", 3, 12, 2026)
    page.get_by_label("Chair").select_option(label="Olu Officer")
    page.get_by_label("Attendees").fill("Olu Officer, CME service\nPat Police, Testshire Police")
    check_accessibility(page, "partners-panel-new")
    page.get_by_role("button", name="Add the meeting").click()
    for case in (first, second):
        page.get_by_label("Case reference").fill(case.reference)
        page.get_by_role("button", name="Add the case").click()
    expect(page.get_by_test_id("panel-case")).to_have_count(2)
    check_accessibility(page, "partners-panel")

    _decide(page, 0, "Visit again with the police", "Joint visit", "Action for an officer (optional)", "Olu Officer")
    expect(page.get_by_test_id("panel-case").nth(0)).to_contain_text("Joint visit – Olu Officer")
    _decide(page, 1, "Ask the police for any recent contact", "Check police records", "Or for an agency (optional)",
            "Testshire Police")
    expect(page.get_by_test_id("panel-case").nth(1)).to_contain_text("Check police records – Testshire Police")

    page.get_by_role("link", name="Minutes to print").click()
    expect(page.get_by_test_id("minutes")).to_contain_text("Visit again with the police")
    check_accessibility(page, "partners-panel-minutes")
    page.emulate_media(media="print")
    screenshot(page, "partners-panel-minutes-print")
    assert "A check from" in mailbox.wait_for(1)[0].subject  # the police, without accounts, got it by email


def _two_councils(la):
    other = LocalAuthorityFactory(code="991", name="Otherborough Council")
    Council.objects.create(code=la.code, name=la.name, local_authority=la, is_fictional=True,
                           cme_team_email="cme@testshire.example")
    there = Council.objects.create(code=other.code, name=other.name, local_authority=other, is_fictional=True,
                                   cme_team_email="cme@otherborough.example")
    return other, there


def test_an_enquiry_from_another_council_is_a_row_of_triage_and_is_answered_from_the_councils_own_record(page, la):
    from cme.partners import services
    from cme.schools.models import Registration, RegistrationSource
    from tests.factories.models import SchoolFactory

    other, there = _two_councils(la)
    officer_a = user_with_role(Role.CME_OFFICER, la, full_name="Olu Officer")
    officer_b = user_with_role(Role.CME_OFFICER, other, full_name="Omar Otherton")
    services.enquiry_send(case=_case(officer_a, la), officer=officer_a, council=there,
                          questions="Is Ada known to you? On roll at which school? What address do you hold?")
    ours = ChildFactory(local_authority=other, first_name="Ada", last_name="Partnerton",
                        date_of_birth=dt.date(2014, 3, 9), upn="")
    ChildAddressFactory(child=ours, line_1="2 New Road", town="Otherton", postcode="OT1 2NR")
    school = SchoolFactory(local_authority=other, name="Otherton Academy")
    Registration.objects.create(child=ours, school=school, school_laestab=school.laestab, school_name=school.name,
                                entry_date=dt.date(2026, 11, 2), source=RegistrationSource.CTF)

    sign_in(page, officer_b, totp_code(officer_b.totp_secret))
    page.get_by_role("link", name="Triage").first.click()
    row = page.get_by_test_id("council-enquiry")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Testshire")
    expect(row).to_contain_text("Ada Partnerton")
    expect(row).to_contain_text("9 March 2014")
    expect(row).to_contain_text("On roll at which school?")
    expect(row.locator("[data-label=Waiting]")).to_contain_text("minute")
    check_accessibility(page, "partners-triage-council-enquiry")
    page.get_by_label("Another council (an enquiry)").check()
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_test_id("council-enquiry")).to_have_count(1)
    expect(page.get_by_test_id("queue")).to_have_count(0)
    row.get_by_role("link", name=re.compile("Answer LAE")).click()

    expect(page.get_by_test_id("own-records")).to_contain_text("drafted from Ada Partnerton's record")
    expect(page.get_by_test_id("own-record")).to_contain_text("Otherton Academy")
    expect(page.get_by_label("We have found the child here")).to_be_checked()
    answer = page.get_by_label("What you found, or your reason (optional unless you reject)")
    expect(answer).to_contain_text("On roll at Otherton Academy")
    expect(answer).to_contain_text("2 New Road")
    check_accessibility(page, "partners-enquiry-drafted")
    answer.fill(answer.input_value() + " Mother seen at the school gate.")
    page.get_by_role("button", name="Send your answer").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("We have found the child here")
    _sign_out(page)

    sign_in(page, officer_a, totp_code(officer_a.totp_secret))
    case = Case.objects.get(local_authority=la)
    page.goto(f"/partners/cases/{case.pk}/")
    expect(page.get_by_test_id("enquiries")).to_contain_text("Mother seen at the school gate.")
    expect(page.get_by_test_id("enquiries")).to_contain_text("On roll at Otherton Academy")


def test_a_children_search_for_a_child_held_by_another_council_says_only_who_holds_one(page, la):
    other, _ = _two_councils(la)
    officer_a = user_with_role(Role.CME_OFFICER, la, full_name="Olu Officer")
    theirs = ChildFactory(local_authority=other, first_name="Robin", last_name="Elsewhen",
                          date_of_birth=dt.date(2015, 5, 5))
    ChildAddressFactory(child=theirs, line_1="9 Secret Street", town="Otherton", postcode="OT1 9SS")

    sign_in(page, officer_a, totp_code(officer_a.totp_secret))
    page.get_by_role("link", name="Children").first.click()
    page.get_by_label("Search by name, date of birth, UPN or reference").fill("Elsewhen Robin 5/5/2015")
    page.get_by_role("button", name="Search").click()
    elsewhere = page.get_by_test_id("known-elsewhere")
    expect(elsewhere).to_contain_text("Otherborough Council holds a record")
    expect(elsewhere).to_contain_text("cme@otherborough.example")
    expect(page.locator("main")).not_to_contain_text("Secret Street")
    expect(page.locator("main")).not_to_contain_text(theirs.reference)
    check_accessibility(page, "children-search-known-elsewhere")
    page.get_by_label("Search by name, date of birth, UPN or reference").fill("Elsewhen")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_test_id("known-elsewhere")).to_have_count(0)  # part of a name asks no other council
