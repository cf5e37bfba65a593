"""The child index in a real browser: adding a child after seeing who the team may
already know, and merging two records of one child then undoing it. Every page is
checked with axe-core and saved as a screenshot."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from cme.accounts.roles import Role
from cme.cases.models import Case, CaseState
from cme.children.models import Child, ChildMerge
from tests.accounts.totp import totp_code
from tests.factories.models import ChildAddressFactory, ChildFactory, user_with_role

from .conftest import check_accessibility
from .test_referrals import fill_date
from .test_signin import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_officer_adds_a_child_after_checking_the_possible_matches(page, la):
    known = ChildFactory(local_authority=la, first_name="Amira", last_name="Testchild",
                         date_of_birth=dt.date(2015, 6, 15), sex="F", upn="B801200005001")
    ChildAddressFactory(child=known, postcode="TE1 1AA")
    officer = user_with_role(Role.CME_OFFICER, la)
    sign_in(page, officer, totp_code(officer.totp_secret))
    page.get_by_role("link", name="Children").first.click()
    page.get_by_role("button", name="Add a child").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a child")
    check_accessibility(page, "child-add")

    page.get_by_label("First name").fill("Amira")
    page.get_by_label("Last name").fill("Testchilde")
    fill_date(page, "Date of birth", "15", "6", "20155")
    page.get_by_label("Unique pupil number (UPN) (optional)").fill("B80120000500")
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_title(re.compile("^Error: Add a child"))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Year must include 4 numbers")
    expect(summary).to_contain_text("Select the child's sex, or Not known")
    expect(summary).to_contain_text("Enter a valid UPN")
    check_accessibility(page, "child-add-errors")

    fill_date(page, "Date of birth", "15", "6", "2015")
    page.get_by_label("Female").check()
    page.get_by_label("Unique pupil number (UPN) (optional)").fill("")
    page.get_by_label("Postcode (optional)").fill("te1 1aa")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check if the team already knows this child")
    candidate = page.get_by_test_id("candidate")
    expect(candidate).to_have_count(1)
    expect(candidate).to_contain_text(known.reference)
    expect(candidate).to_contain_text("Last name: a very similar spelling")
    expect(candidate.get_by_role("link", name=re.compile("This is the same child: open the record"))).to_have_attribute(
        "href", f"/children/{known.pk}/")
    check_accessibility(page, "child-add-candidates")
    assert Child.objects.count() == 1

    page.get_by_role("button", name="None of these: create a new record").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Amira Testchilde added as C")
    expect(page.get_by_role("heading", level=1)).to_have_text("Amira Testchilde")
    check_accessibility(page, "child-added")
    child = Child.objects.get(last_name="Testchilde")
    assert [a.postcode for a in child.addresses.all()] == ["TE1 1AA"]


def test_manager_merges_two_records_then_undoes_it(page, la):
    kept = ChildFactory(local_authority=la, first_name="Amira", last_name="Testchild", date_of_birth=dt.date(2015, 6, 15),
                        sex="F", upn="B801200005001")
    ChildAddressFactory(child=kept, line_1="1 Fiction Street", postcode="TE1 1AA")
    merged = ChildFactory(local_authority=la, first_name="Amirah", last_name="Test-Child",
                          date_of_birth=dt.date(2015, 6, 15), sex="F")
    ChildAddressFactory(child=merged, line_1="9 Imaginary Road", postcode="TE1 4AB")
    Case.objects.create(local_authority=la, child=merged, state=CaseState.MAKING_ENQUIRIES, primary_reason=18,
                        start_date=dt.date(2025, 1, 6))
    manager = user_with_role(Role.CME_MANAGER, la)
    sign_in(page, manager, totp_code(manager.totp_secret))
    page.goto(f"/children/{kept.pk}/")
    page.get_by_role("link", name="Merge with another record of this child").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Merge with another record of this child")
    check_accessibility(page, "merge-choose")

    page.get_by_label("Reference of the other record").fill(kept.reference)
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(f"{kept.reference} is this record")
    check_accessibility(page, "merge-choose-error")

    page.get_by_test_id("candidate").filter(has_text=merged.reference).get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check and merge these records")
    expect(page.get_by_test_id("comparison")).to_contain_text("Different")
    check_accessibility(page, "merge-confirm")
    page.get_by_role("button", name="Merge these records").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Select which record to keep")
    expect(summary).to_contain_text("Enter why these records are the same child")
    check_accessibility(page, "merge-confirm-errors")

    page.get_by_label(f"Keep {kept.reference} (Amira Testchild)").check()
    page.get_by_label("Why are these the same child?").fill("Same date of birth and school; surname typed two ways")
    page.get_by_role("button", name="Merge these records").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Amira Testchild")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        f"{merged.reference} merged into {kept.reference}")
    expect(page.get_by_test_id("merged-here")).to_contain_text(merged.reference)
    expect(page.get_by_test_id("cases")).to_contain_text("CME")
    expect(page.locator("main table").first).to_contain_text("9 Imaginary Road")
    check_accessibility(page, "merge-kept-record")

    page.get_by_test_id("merged-here").get_by_role("link", name=merged.reference).click()
    expect(page.get_by_test_id("merged-banner")).to_contain_text(
        f"This record was merged into {kept.reference} on")
    check_accessibility(page, "merge-merged-record")
    page.get_by_role("link", name="Undo this merge").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Undo the merge of {merged.reference} into {kept.reference}")
    check_accessibility(page, "merge-undo")
    page.get_by_role("button", name="Undo this merge").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter why you are undoing this merge")
    page.get_by_label("Why are you undoing this merge?").fill("Twins: two children, not one")
    page.get_by_role("button", name="Undo this merge").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Merge undone")
    expect(page.get_by_test_id("merged-banner")).to_have_count(0)
    expect(page.locator("main table").first).to_contain_text("9 Imaginary Road")
    check_accessibility(page, "merge-undone")

    page.get_by_role("link", name="See the history of changes to this record").click()
    history = page.locator("main table")
    expect(history).to_contain_text(f"Merged {merged.reference} into {kept.reference}")
    expect(history).to_contain_text(f"Undid the merge of {merged.reference} into {kept.reference}")
    check_accessibility(page, "merge-history")
    assert ChildMerge.objects.get().undone_by == manager
    assert Case.objects.get().child_id == merged.pk


def test_merging_works_without_javascript(page_without_js, la):
    page = page_without_js
    a = ChildFactory(local_authority=la, first_name="Nojs", last_name="Child", date_of_birth=dt.date(2014, 2, 3))
    b = ChildFactory(local_authority=la, first_name="Nojs", last_name="Childe", date_of_birth=dt.date(2014, 2, 3))
    manager = user_with_role(Role.CME_MANAGER, la)
    page.goto("/account/login/")
    page.get_by_label("Email address").fill(manager.email)
    page.get_by_label("Password", exact=True).fill("a-long-test-password-1")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Enter the code from your authenticator app").fill(totp_code(manager.totp_secret))
    page.get_by_role("button", name="Continue").click()
    page.goto(f"/children/{a.pk}/merge/")
    page.get_by_label("Reference of the other record").fill(b.reference)
    page.get_by_role("button", name="Continue").click()
    page.get_by_label(f"Keep {a.reference} (Nojs Child)").check()
    page.get_by_label("Why are these the same child?").fill("Duplicate from a CTF import")
    page.get_by_role("button", name="Merge these records").click()
    expect(page.get_by_test_id("merged-here")).to_contain_text(b.reference)
    b.refresh_from_db()
    assert b.merged_into_id == a.pk


def test_officer_finds_a_child_by_a_misspelt_name_and_pages_through_the_list(page, la):
    for number in range(55):
        ChildFactory(local_authority=la, first_name=f"Child{number:02d}", last_name=f"Surname{number:02d}")
    ChildFactory(local_authority=la, first_name="Amina", last_name="Hossain", date_of_birth=dt.date(2012, 3, 14))
    officer = user_with_role(Role.CME_OFFICER, la)
    sign_in(page, officer, totp_code(officer.totp_secret))
    page.get_by_role("link", name="Children").first.click()
    expect(page.get_by_test_id("result-count")).to_have_text("Showing 1 to 50 of 56 children")
    check_accessibility(page, "children-list")
    page.get_by_role("link", name=re.compile("Next")).click()
    expect(page.get_by_test_id("result-count")).to_have_text("Showing 51 to 56 of 56 children")

    page.get_by_label("Search by name, date of birth, UPN or reference").fill("hosain")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_test_id("result-count")).to_have_text("Showing 1 to 1 of 1 child")
    expect(page.get_by_role("link", name="Hossain, Amina")).to_be_visible()
    expect(page.get_by_test_id("reasons")).to_have_text("Last name: a very similar spelling")
    check_accessibility(page, "children-search")
