"""Referral journeys in a real browser, each page checked with axe-core."""

import re

import pytest
from playwright.sync_api import expect

from cme.accounts.roles import Role
from cme.cases.models import Case
from cme.referrals.models import Referral, Status
from tests.accounts.totp import totp_code
from tests.factories.models import SchoolFactory, user_with_role
from tests.referrals.helpers import ASSESSMENT, REFERRER

from .conftest import check_accessibility
from .test_signin import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def fill_date(page, legend: str, day: str, month: str, year: str) -> None:
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(day)
    group.get_by_label("Month").fill(month)
    group.get_by_label("Year").fill(year)


def save(page):
    page.get_by_role("button", name="Save and continue").click()


def test_school_user_refers_a_child_with_an_error_then_resumes_the_draft(page, la):
    school = SchoolFactory(local_authority=la, name="Fictional Academy")
    user = user_with_role(Role.SCHOOL_USER, la, school=school)
    sign_in(page, user, totp_code(user.totp_secret))
    page.get_by_role("link", name="Referrals").first.click()
    page.get_by_role("button", name="Refer a child").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Refer a child missing education")
    check_accessibility(page, "referral-task-list")
    reference = page.locator(".govuk-caption-l").inner_text().split()[-1]

    page.get_by_role("link", name="About the child").click()
    page.get_by_label("First name").fill("Amara")
    page.get_by_label("Last name").fill("Browsertest")
    fill_date(page, "Date of birth", "31", "2", "2014")  # not a real date
    page.get_by_label("Female").check()
    page.get_by_label("No special educational needs known").check()
    page.get_by_role("group", name="Is the child in the care of a local authority?").get_by_label("No", exact=True).check()
    save(page)
    expect(page).to_have_title(re.compile("^Error: About the child"))
    expect(page.locator(".govuk-error-summary")).to_contain_text("Date of birth must be a real date")
    check_accessibility(page, "referral-child-error")

    # Leave, sign out and come back later: the draft and what was typed are still there.
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, user, totp_code(user.totp_secret, offset=1))
    page.goto(f"/referrals/{reference}/child/")
    expect(page.get_by_label("First name")).to_have_value("Amara")
    fill_date(page, "Date of birth", "28", "2", "2014")
    save(page)
    expect(page.locator(".govuk-task-list")).to_contain_text("Completed")

    page.get_by_role("link", name="Where the child lives").click()
    page.get_by_label("Address line 1").fill("12 Imaginary Road")
    page.get_by_label("Postcode").fill("te1 4ab")
    save(page)
    page.get_by_role("link", name="Parents and carers").click()
    page.get_by_label("Full name").fill("Grace Browsertest")
    page.get_by_role("button", name="Add another parent or carer").click()
    expect(page.get_by_role("group", name="Parent or carer 2")).to_be_visible()
    check_accessibility(page, "referral-carers")
    save(page)
    page.get_by_role("link", name="School and attendance").click()
    page.get_by_label("School or college (optional)", exact=True).select_option(label="Fictional Academy")
    save(page)
    page.get_by_role("link", name="What you have done to find the child").click()
    # locator.all() does not wait: be on the new page before listing its boxes.
    expect(page.get_by_role("heading", level=1)).to_have_text("What you have done to find the child")
    for textarea in page.locator("textarea").all():
        textarea.fill("Tried; no answer")
    save(page)
    page.get_by_role("link", name="Vulnerabilities, warning signs and risk indicators").click()
    check_accessibility(page, "referral-indicators")
    for number in range(1, 21):
        page.locator(f"input[name=indicator_{number}][value={'yes-current' if number == 10 else 'no'}]").check()
    save(page)
    page.get_by_role("link", name="Safeguarding").click()
    page.get_by_role("group", name=re.compile("considered a referral")).get_by_label("Yes", exact=True).check()
    page.get_by_label("Not applicable").check()
    save(page)
    page.get_by_role("link", name="Your assessment").click()
    page.get_by_label("What do you think is working well?").fill(ASSESSMENT["working_well"])
    page.get_by_label("What are you worried about?").fill(ASSESSMENT["worried_about"])
    page.get_by_label("What do you think needs to happen next?").fill(ASSESSMENT["next_steps"])
    save(page)
    page.get_by_role("link", name="Your details").click()
    for label, key in (("Your full name", "name"), ("Position or job title", "position"),
                       ("School, college or agency", "organisation"), ("Phone number", "phone"),
                       ("Email address", "email")):
        page.get_by_label(label).fill(REFERRER[key])
    save(page)
    page.get_by_role("button", name="Check answers and send").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers before sending your referral")
    check_accessibility(page, "referral-check-answers")
    page.get_by_role("button", name="Accept and send").click()
    expect(page.locator(".govuk-panel")).to_contain_text(reference)
    check_accessibility(page, "referral-sent")
    assert Referral.objects.get(reference=reference).status == Status.SUBMITTED


def test_member_of_the_public_refers_anonymously(page, la):
    page.goto("/refer/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tell a council about a child who may be missing education")
    check_accessibility(page, "public-start")
    page.get_by_role("button", name="Start now").click()
    page.get_by_label("First name").fill("Kit")
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Or their approximate age in years").fill("11")
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Continue").click()  # no address: an error
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the address, or describe where the child lives")
    check_accessibility(page, "public-address-error")
    page.get_by_label("Address or description of where they live").fill("Flats above the shop, Fiction Street")
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Why do you think the child is not in education?").fill("At home every school day")
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("No, I want to stay anonymous").check()
    page.get_by_role("button", name="Continue").click()
    check_accessibility(page, "public-check")
    page.get_by_role("button", name="Send").click()
    expect(page.locator(".govuk-panel")).to_contain_text("Your reference number")
    check_accessibility(page, "public-sent")
    assert Referral.objects.get().status == Status.SUBMITTED


def test_officer_triages_a_referral_to_an_open_case(page, la):
    from cme.referrals import services
    from tests.referrals.helpers import api_answers

    agency_user = user_with_role(Role.AGENCY_USER, la)
    referral = services.referral_create_from_api(user=agency_user, answers=api_answers())
    officer = user_with_role(Role.CME_OFFICER, la)
    sign_in(page, officer, totp_code(officer.totp_secret))
    page.get_by_role("link", name="Triage").first.click()
    check_accessibility(page, "triage-queue")
    # Found: beside the filter, at 1,280 pixels, the last column ("Waiting") was cut off.
    expect(page.get_by_test_id("queue").locator("[data-label=Waiting]")).to_be_in_viewport()
    assert page.get_by_test_id("queue").evaluate("table => table.scrollWidth <= table.parentElement.clientWidth")
    page.get_by_role("link", name=referral.reference).click()
    expect(page.get_by_test_id("classification")).to_contain_text("Possibly missing education")
    check_accessibility(page, "triage-referral")
    page.get_by_text("Record checks and the police and social care questions").click()
    page.get_by_role("group", name="Is the child on a school roll?").get_by_label("No", exact=True).check()
    page.get_by_role("group", name="Is the child electively home educated?").get_by_label("Not home educated").check()
    page.get_by_role("group", name=re.compile("alternative provision")).get_by_label("No", exact=True).check()
    page.get_by_role("button", name="Save checks").click()
    expect(page.get_by_test_id("classification")).to_contain_text("Missing education: of compulsory school age")
    page.get_by_role("tab", name="Accept").click()
    page.get_by_label("A child not known to the team: add them and open a case").check()
    page.get_by_label("Main reason the child is missing education").select_option(
        label="Believed to have moved to another country")
    page.get_by_role("button", name="Accept and open a case").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Amara Testington")
    expect(page.locator(".moj-timeline")).to_contain_text(referral.reference)
    check_accessibility(page, "case-opened")
    assert Case.objects.get().primary_reason == 17


def test_triage_decision_works_without_javascript(page_without_js, la):
    from cme.referrals import services
    from tests.referrals.helpers import api_answers

    page = page_without_js
    referral = services.referral_create_from_api(user=user_with_role(Role.AGENCY_USER, la), answers=api_answers())
    officer = user_with_role(Role.CME_MANAGER, la)
    page.goto("/account/login/")
    page.get_by_label("Email address").fill(officer.email)
    page.get_by_label("Password", exact=True).fill("a-long-test-password-1")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Enter the code from your authenticator app").fill(totp_code(officer.totp_secret))
    page.get_by_role("button", name="Continue").click()
    page.goto(f"/referrals/{referral.reference}/triage/")
    page.get_by_label("Why are you not accepting this referral?").fill("Duplicate of an earlier referral")
    page.get_by_role("button", name="Do not accept").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Referrals to triage")
    assert Referral.objects.get().status == Status.REJECTED


def test_officer_imports_a_protected_word_referral(page, la, tmp_path):
    from cme.synth.checklist_docx import complete_checklist_data, make_checklist_docx

    path = tmp_path / "emailed-referral.docx"
    path.write_bytes(make_checklist_docx(variant="messy", password="from-the-email"))
    officer = user_with_role(Role.CME_OFFICER, la)
    sign_in(page, officer, totp_code(officer.totp_secret))
    page.get_by_role("link", name="Triage").first.click()
    page.get_by_role("link", name="Import a Word referral form").click()
    check_accessibility(page, "import-docx")
    page.get_by_label("Word document").set_input_files(str(path))
    page.get_by_role("button", name="Import").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("password-protected")
    page.get_by_label("Word document").set_input_files(str(path))
    page.get_by_label("Password, if the document has one").fill("from-the-email")
    page.get_by_role("button", name="Import").click()
    expected = complete_checklist_data()["child"]
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers before sending your referral")
    expect(page.locator("main")).to_contain_text(expected["last_name"])
    check_accessibility(page, "import-docx-review")
    assert Referral.objects.get().child_last_name == expected["last_name"]
