"""An administrator in a real browser, every page checked with axe-core: adds a school user (who is
emailed an invitation) and a list of people, switches an account off, adds a partner agency, is told
what a school needs and loads schools from GIAS; resets the sign-in of a person who lost their phone,
who then chooses a password through the emailed link and sets up an authenticator app again."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from cme.accounts.models import User
from cme.accounts.roles import Role
from tests.accounts.totp import totp_code
from tests.factories.models import SchoolFactory, user_with_role
from tests.schools.test_gias import extract
from tests.schools.test_gias import row as gias_row

from .conftest import check_accessibility
from .test_signin import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_administrator_adds_a_school_user_and_switches_an_account_off(page, la, mailbox, tmp_path):
    admin = user_with_role(Role.ADMINISTRATOR, la, full_name="Ada Admin")
    leaver = user_with_role(Role.CME_OFFICER, la, full_name="Lee Leaver")
    SchoolFactory(local_authority=la, name="Testford Academy")
    sign_in(page, admin, totp_code(admin.totp_secret))
    expect(page.get_by_role("heading", level=1)).to_have_text("Home")
    page.get_by_role("link", name="Add and change user accounts").click()
    check_accessibility(page, "admin-users")
    page.get_by_role("button", name="Add a person").click()
    check_accessibility(page, "admin-add-person")
    page.get_by_label("Full name").fill("Sam Schooladmin")
    page.get_by_label("Email address").fill("sam@school.example")
    page.get_by_role("radio", name="School user").check()
    page.get_by_role("button", name="Add and send the invitation").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Choose the school this person works at")
    check_accessibility(page, "admin-add-person-error")
    page.get_by_label("School (for a school user)").select_option(label="Testford Academy")
    page.get_by_role("button", name="Add and send the invitation").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "An invitation to choose a password has been emailed to sam@school.example")
    expect(page.get_by_test_id("accounts")).to_contain_text("Not yet: invited")
    assert mailbox.wait_for(1)[0].recipients == ["sam@school.example"]
    # Many people at once: a bad row adds nobody and is listed; corrected, everyone is invited.
    people = tmp_path / "people.csv"
    people.write_text("Email address,Full name,Job title,Role,School or agency\n"
                      "ola@council.example,Ola Officer,,CME officer,\n"
                      "tia@school.example,Tia Schoolson,,School user,Nowhere Academy\n")
    page.get_by_role("link", name="Add people from a list (CSV)").click()
    page.get_by_label("The list of people (CSV)").set_input_files(people)
    page.get_by_role("button", name="Add them and send the invitations").click()
    expect(page.get_by_test_id("bad-rows")).to_contain_text("“Nowhere Academy” is not one")
    check_accessibility(page, "admin-people-list-bad-rows")
    people.write_text(people.read_text().replace("Nowhere Academy", "Testford Academy"))
    page.get_by_label("The list of people (CSV)").set_input_files(people)
    page.get_by_role("button", name="Add them and send the invitations").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "2 people added. 2 invitations to choose a password emailed.")
    page.get_by_role("link", name="Lee Leaver").click()
    check_accessibility(page, "admin-change-account")
    page.get_by_label("No: switch the account off (its history is kept)").check()
    page.get_by_role("button", name="Save").click()
    row = page.get_by_test_id("accounts").locator("tr", has_text="Lee Leaver")
    expect(row).to_contain_text("Switched off")
    check_accessibility(page, "admin-users-after")
    assert not User.objects.get(pk=leaver.pk).is_active
    page.get_by_role("link", name="Schools and agencies").click()
    check_accessibility(page, "admin-organisations")
    page.get_by_role("button", name="Add a partner agency").click()
    page.get_by_label("Agency or team name").fill("Testshire Youth Justice Service")
    page.get_by_label("Youth justice").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_test_id("agencies")).to_contain_text("Testshire Youth Justice Service")
    page.get_by_role("button", name="Add a school").click()
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the school's name")
    check_accessibility(page, "admin-add-school-error")
    # The schools from Get Information about Schools: a file with a bad row loads nothing and says where.
    page.get_by_role("link", name="Back to schools and partner agencies").click()
    page.get_by_role("link", name="Bring schools up to date from Get Information about Schools").click()
    bad = tmp_path / "edubasealldata-bad.csv"
    bad.write_text(extract(gias_row("2001", la=la.code), gias_row("12", la=la.code)))
    page.get_by_label("Get Information about Schools extract (CSV)").set_input_files(bad)
    page.get_by_role("button", name="Load the schools").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("1 bad row: nothing was loaded")
    expect(page.get_by_test_id("bad-rows")).to_contain_text("The establishment number “12” is not 4 digits")
    check_accessibility(page, "admin-gias-bad-rows")
    good = tmp_path / "edubasealldata.csv"
    good.write_text(extract(gias_row("2001", la=la.code, name="Gias Academy (fictional)")))
    page.get_by_label("Get Information about Schools extract (CSV)").set_input_files(good)
    page.get_by_role("button", name="Load the schools").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("1 added")
    expect(page.get_by_test_id("schools")).to_contain_text("Gias Academy (fictional)")


def test_an_officer_who_lost_their_phone_is_reset_by_the_administrator_and_sets_up_again(page, la, mailbox):
    admin = user_with_role(Role.ADMINISTRATOR, la, full_name="Ada Admin")
    officer = user_with_role(Role.CME_OFFICER, la, full_name="Pat Phoneless")
    User.objects.filter(pk=officer.pk).update(last_login=officer.date_joined)
    sign_in(page, admin, totp_code(admin.totp_secret))
    page.get_by_role("link", name="Add and change user accounts").click()
    page.get_by_role("link", name="Pat Phoneless").click()
    page.get_by_role("link", name="reset their sign-in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Reset Pat Phoneless's sign-in")
    check_accessibility(page, "admin-reset-sign-in")
    page.get_by_role("button", name="Reset their sign-in").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        f"A link to choose a new password has been emailed to {officer.email}")
    expect(page.get_by_role("heading", name="They have not chosen a new password yet")).to_be_visible()
    check_accessibility(page, "admin-account-after-reset")
    [mail] = mailbox.wait_for(1)
    link = re.search(r"https?://\S+(/account/password/reset/key/\S+)", mail.body).group(1)

    # The officer, on a new phone, follows the link, chooses a password and sets up the app again.
    page.get_by_role("button", name="Sign out").click()
    page.goto(link)
    page.get_by_label("New password", exact=True).fill("a-long-new-password-9")
    page.get_by_label("New password again").fill("a-long-new-password-9")
    page.get_by_role("button", name="Change password").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your password has been changed")
    page.get_by_role("link", name="Sign in").click()
    page.get_by_label("Email address").fill(officer.email)
    page.get_by_label("Password", exact=True).fill("a-long-new-password-9")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up your authenticator app")
    page.get_by_text("I cannot scan the QR code").click()
    secret = page.get_by_test_id("totp-secret").inner_text().strip()
    page.get_by_label("Code from your authenticator app").fill(totp_code(secret))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your recovery codes")
