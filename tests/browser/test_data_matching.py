"""Finding children without a school place in a real browser: a GP list is added, its
columns matched, a bad row left out, the check run and a child reviewed."""


import pytest
from playwright.sync_api import expect

from cme.accounts.roles import Role
from cme.core import clock
from cme.linkage.models import UnplacedCandidate
from cme.synth.errors import PersonRecord, synthetic_children
from cme.synth.lists import population_list_csv
from tests.accounts.totp import totp_code
from tests.factories.models import user_with_role

from .conftest import check_accessibility
from .test_referrals import fill_date
from .test_signin import sign_in

pytestmark = pytest.mark.django_db(transaction=True)
TODAY = clock.today()


def test_an_officer_finds_and_reviews_children_without_a_school_place(page, la, tmp_path):
    children = [child for child in synthetic_children(60, seed=8)
                if 6 <= (TODAY - child.dob).days // 365 <= 14][:3]
    data = population_list_csv([PersonRecord.from_child(child) for child in children], "health")
    data += b"FICT999999,Bad,,Date,31/02/2015,Female,1 Nowhere Street,DM1 1AA\n"
    path = tmp_path / "gp-list.csv"
    path.write_bytes(data)

    officer = user_with_role(Role.CME_OFFICER, la)
    sign_in(page, officer, totp_code(officer.totp_secret))
    page.get_by_role("link", name="Data matching").first.click()
    check_accessibility(page, "data-matching-home")
    page.get_by_role("link", name="Add a list").click()
    page.get_by_label("Name of the list").fill("GP registrations (fictional)")
    page.get_by_label("Health registrations").check()
    fill_date(page, "When was the data taken?", str(TODAY.day), str(TODAY.month), str(TODAY.year))
    page.get_by_label("CSV file").set_input_files(str(path))
    check_accessibility(page, "data-matching-upload")
    page.get_by_role("button", name="Upload and match the columns").click()

    expect(page.get_by_label("Date of birth")).to_have_value("Date of Birth")
    page.get_by_role("button", name="Check the rows").click()
    expect(page.locator("#problems")).to_contain_text("month 2 of 2015 has no day 31")
    check_accessibility(page, "data-matching-columns")
    page.get_by_role("button", name="Import 3 rows").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("1 problem was found")
    page.get_by_label("Leave out the row with problems").check()
    page.get_by_role("button", name="Import 3 rows").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("3 rows imported, 1 row left out")

    page.get_by_role("button", name="Start the check").click()
    expect(page.locator("main")).to_contain_text("Children without a school place 3")
    check_accessibility(page, "data-matching-run")
    first = children[0]
    page.get_by_role("link", name=f"{first.first_name} {first.last_name}").click()
    expect(page.locator("table").first).to_contain_text(first.address_line_1)
    check_accessibility(page, "data-matching-candidate")
    page.get_by_role("button", name="Dismiss").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select why this child is not missing education")
    page.get_by_label("No longer lives in the area").check()
    page.get_by_label("What did you find?").fill("Moved to Wales in October (fictional)")
    page.get_by_role("button", name="Dismiss").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("dismissed")
    assert UnplacedCandidate.objects.get(first_name=first.first_name).dismiss_reason == "moved-away"
