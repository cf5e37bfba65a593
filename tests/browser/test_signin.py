"""Signing in, in a real browser: password, then the authenticator code; a newcomer
sets up their app on first sign-in. Every page is checked with axe-core."""

import re

import pytest
from playwright.sync_api import expect

from cme.accounts.roles import Role
from tests.accounts.totp import totp_code
from tests.factories.models import TEST_PASSWORD, ChildFactory, user_with_role

from .conftest import check_accessibility

pytestmark = pytest.mark.django_db(transaction=True)


def sign_in(page, user, code, *, check_pages: bool = False):
    """Sign in through the start page, the password page and the code page. Their own test
    checks them with axe-core (`check_pages=True`); the other journeys sign in some 30 times
    and would check the same three pages each time."""
    page.goto("/")
    if check_pages:
        check_accessibility(page, "start")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to CME Tracker")
    if check_pages:
        check_accessibility(page, "sign-in")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password", exact=True).fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter the code from your authenticator app")
    if check_pages:
        check_accessibility(page, "sign-in-code")
    page.get_by_label("Enter the code from your authenticator app").fill(code)
    page.get_by_role("button", name="Continue").click()


def test_officer_signs_in_with_password_and_code(page, la):
    officer = user_with_role(Role.CME_OFFICER, la)
    sign_in(page, officer, totp_code(officer.totp_secret), check_pages=True)
    expect(page.get_by_role("heading", level=1)).to_have_text("Home")
    expect(page.locator(".govuk-generic-header")).to_contain_text("Testshire County Council")
    check_accessibility(page, "home-officer")


def test_a_wrong_password_shows_the_error_summary(page, la):
    officer = user_with_role(Role.CME_OFFICER, la)
    page.goto("/account/login/")
    page.get_by_label("Email address").fill(officer.email)
    page.get_by_label("Password", exact=True).fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_be_focused()  # GOV.UK Frontend moves focus to the summary
    expect(page).to_have_title(re.compile(r"^Error: Sign in"))
    check_accessibility(page, "sign-in-error")


def test_a_newcomer_sets_up_an_authenticator_app_first(page, la):
    newcomer = user_with_role(Role.CME_OFFICER, la, mfa=False)
    page.goto("/account/login/")
    page.get_by_label("Email address").fill(newcomer.email)
    page.get_by_label("Password", exact=True).fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up your authenticator app")
    # Not signed in to anything yet: no "Successfully signed in", no way round the set-up.
    expect(page.get_by_text("Successfully signed in")).to_have_count(0)
    expect(page.get_by_role("link", name="Children")).to_have_count(0)
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    check_accessibility(page, "mfa-setup")
    page.get_by_text("I cannot scan the QR code").click()
    secret = page.get_by_test_id("totp-secret").inner_text().strip()
    assert all(len(group) == 4 for group in secret.split(" "))  # grouped in fours
    page.get_by_label("Code from your authenticator app").fill(totp_code(secret))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your recovery codes")
    expect(page.get_by_test_id("recovery-codes").locator("li")).to_have_count(10)
    check_accessibility(page, "mfa-recovery-codes")
    page.get_by_role("link", name="I have saved my codes – continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Home")


def test_officer_finds_a_child_and_the_view_is_logged(page, la):
    from cme.audit.models import AccessEvent

    officer = user_with_role(Role.CME_OFFICER, la)
    child = ChildFactory(local_authority=la, first_name="Zelda", last_name="Browserchild")
    sign_in(page, officer, totp_code(officer.totp_secret))
    page.get_by_label("Name, date of birth, reference or UPN").fill("Browserchild")
    page.get_by_role("button", name="Search").click()
    check_accessibility(page, "children-search")
    page.get_by_role("link", name="Browserchild, Zelda").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Zelda Browserchild")
    check_accessibility(page, "child-record")
    assert AccessEvent.objects.filter(user=officer, record_id=child.pk, record_type="child").count() == 1


def test_auditor_reads_the_access_log(page, la):
    auditor = user_with_role(Role.AUDITOR, la)
    sign_in(page, auditor, totp_code(auditor.totp_secret))
    page.get_by_role("link", name="Access log").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Access log")
    check_accessibility(page, "access-log")


def test_sign_in_works_without_javascript(page_without_js, la):
    page = page_without_js
    officer = user_with_role(Role.CME_MANAGER, la)
    page.goto("/account/login/")
    page.get_by_label("Email address").fill(officer.email)
    page.get_by_label("Password", exact=True).fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Enter the code from your authenticator app").fill(totp_code(officer.totp_secret))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Home")
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to CME Tracker")
