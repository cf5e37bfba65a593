"""Issue 13 items 15-18 and 22 in a real browser, each page checked with axe-core: the
public form found from the start and sign-in pages with the council's own numbers; contact
details revealed only when wanted (with and without JavaScript); an age outside school age
questioned on the check page; save and come back later by email; a professional's draft
deleted; a sent referral's documents page without buttons that fail; the check page's
Change links named once; tables that reflow at 320 px."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from cme.accounts.roles import Role
from cme.referrals.models import Referral, Status
from tests.accounts.totp import totp_code
from tests.factories.models import SchoolFactory, user_with_role

from .conftest import check_accessibility
from .test_signin import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def _to_the_referrer_page(page, age: str = "11") -> None:
    page.get_by_label("First name").fill("Kit")
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Or their approximate age in years").fill(age)
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Address or description of where they live").fill("Flats above the shop, Fiction Street")
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Why do you think the child is not in education?").fill("At home every school day")
    page.get_by_role("button", name="Continue").click()


def test_a_member_of_the_public_finds_the_form_and_stays_anonymous_despite_a_typo(page, la):
    page.goto("/")
    expect(page.locator(".govuk-template__header")).to_contain_text(la.name)
    expect(page.get_by_test_id("social-care")).to_contain_text(la.social_care_phone)
    check_accessibility(page, "service-start-public-link")
    page.goto(reverse("account_login"))
    expect(page.get_by_test_id("public-referral-link")).to_be_visible()
    page.get_by_test_id("public-referral-link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tell a council about a child who may be missing education")
    expect(page.get_by_test_id("social-care")).to_contain_text(la.social_care_phone)
    page.get_by_role("button", name="Start now").click()
    _to_the_referrer_page(page, age="3")
    # Contact details only when the person chooses to give them.
    email = page.get_by_label("Email address")
    expect(email).to_be_hidden()
    page.get_by_label("Yes, you can contact me").check()
    expect(email).to_be_visible()
    check_accessibility(page, "public-referrer-revealed")
    email.fill("oops@")  # a typo, then a change of mind
    page.get_by_label("No, I want to stay anonymous").check()
    expect(email).to_be_hidden()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers before sending")
    expect(page.get_by_test_id("age-warning")).to_contain_text("A child aged 3 is not yet of compulsory school age")
    # Each Change link is named once: "Change" and the section's title.
    expect(page.locator("#section-age").get_by_role("link")).to_have_accessible_name("Change (Age)")
    check_accessibility(page, "public-check-age-warning")
    page.get_by_role("button", name="Send").click()
    expect(page.locator(".govuk-panel")).to_contain_text("Your reference number")
    expect(page.get_by_test_id("social-care")).to_contain_text(la.social_care_phone)
    check_accessibility(page, "public-sent-with-number")
    referral = Referral.objects.get()
    assert referral.status == Status.SUBMITTED and referral.referrer_email == ""


def test_save_and_come_back_later_by_email(page, browser, live_server, la, mailbox, settings):
    settings.CME_SERVICE_URL = live_server.url
    page.goto("/refer/")
    page.get_by_role("button", name="Start now").click()
    page.get_by_label("First name").fill("Kit")
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("link", name="Save and come back later").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Save your answers and come back later")
    check_accessibility(page, "public-save")
    page.get_by_label("Email address").fill("neighbour@example.com")
    page.get_by_role("button", name="Send me a link").click()
    expect(page.get_by_test_id("resume-sent")).to_contain_text("neighbour@example.com")
    check_accessibility(page, "public-save-sent")
    [mail] = mailbox.wait_for(1)
    link = re.search(r"http\S+/refer/resume/\S+", mail.body).group(0)
    later = browser.new_context(base_url=live_server.url)
    try:
        other = later.new_page()
        other.goto(link)
        expect(other.get_by_role("heading", level=1)).to_have_text("How old is the child?")
        expect(other.locator(".govuk-template__header")).to_contain_text(la.name)
        other.get_by_role("link", name="Back", exact=True).click()
        expect(other.get_by_label("First name")).to_have_value("Kit")
    finally:
        later.close()


def test_a_professional_deletes_a_draft_and_a_sent_referrals_documents_cannot_change(page, la, tmp_path):
    school = SchoolFactory(local_authority=la, name="Fictional Academy")
    user = user_with_role(Role.SCHOOL_USER, la, school=school)
    sign_in(page, user, totp_code(user.totp_secret))
    page.get_by_role("link", name="Referrals").first.click()
    page.get_by_role("button", name="Refer a child").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Refer a child missing education")
    first = page.locator(".govuk-caption-l").inner_text().split()[-1]
    page.get_by_role("link", name="Referrals").first.click()
    expect(page.get_by_role("button", name="Refer a child")).to_be_visible()
    page.get_by_role("button", name="Refer a child").click()  # pressed again: the same, still empty, draft
    expect(page.get_by_role("heading", level=1)).to_have_text("Refer a child missing education")
    assert page.locator(".govuk-caption-l").inner_text().split()[-1] == first
    assert Referral.objects.count() == 1
    page.get_by_role("link", name="Delete this draft").click()
    check_accessibility(page, "referral-delete-draft")
    page.get_by_role("button", name="Delete draft").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(f"Draft referral {first} deleted")
    expect(page.locator("main")).to_contain_text("You have no draft referrals.")
    assert not Referral.objects.exists()

    from cme.referrals import services
    from tests.referrals.helpers import api_answers
    sent = services.referral_create_from_api(user=user, answers=api_answers())
    page.goto(f"/referrals/{sent.reference}/attachments/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Documents sent with the referral")
    expect(page.get_by_role("button", name=re.compile("Upload|Remove"))).to_have_count(0)
    check_accessibility(page, "referral-sent-documents")


def test_referral_and_returns_lists_reflow_at_320_pixels(browser, live_server, la):
    from cme.referrals import services
    from tests.referrals.helpers import api_answers

    school = SchoolFactory(local_authority=la, name="Fictional Academy")
    user = user_with_role(Role.SCHOOL_USER, la, school=school)
    services.referral_create_from_api(user=user, answers=api_answers())
    context = browser.new_context(base_url=live_server.url, viewport={"width": 320, "height": 640})
    page = context.new_page()
    try:
        sign_in(page, user, totp_code(user.totp_secret))
        page.goto("/referrals/")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        check_accessibility(page, "referrals-mine-320px")
    finally:
        context.close()
