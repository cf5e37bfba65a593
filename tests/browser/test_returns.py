"""School returns in a real browser: a deletion with an unknown destination reaches the
officers, and a CSV batch with one bad row is refused with its line number."""


import pytest
from playwright.sync_api import expect

from cme.accounts.roles import Role
from cme.cases.models import Case
from cme.core import clock
from cme.schools.models import DeletionReturn, NewPupilReturn
from tests.accounts.totp import totp_code
from tests.factories.models import SchoolFactory, user_with_role
from tests.schools.helpers import new_pupil_row, new_pupils_csv

from .conftest import check_accessibility
from .test_referrals import fill_date
from .test_signin import sign_in

pytestmark = pytest.mark.django_db(transaction=True)
TODAY = clock.today()


def test_deletion_with_unknown_destination_reaches_the_officers(page, la):
    school = SchoolFactory(local_authority=la, name="Fiction High")
    staff = user_with_role(Role.SCHOOL_USER, la, school=school)
    sign_in(page, staff, totp_code(staff.totp_secret))
    page.get_by_role("link", name="Returns").first.click()
    check_accessibility(page, "returns-school")
    page.get_by_role("link", name="Send a deletion return").click()
    fill_date(page, "Date the pupil's name is deleted from the admission register", str(TODAY.day), str(TODAY.month),
              str(TODAY.year))
    page.get_by_label("9(1)(g) Moved away").check()
    check_accessibility(page, "deletion-ground")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("9(1)(g) Moved away")
    page.get_by_label("First name").fill("Lost")
    page.get_by_label("Last name").fill("Pupilson")
    fill_date(page, "Date of birth", "17", "5", "2013")
    page.get_by_label("Female").check()
    page.get_by_label("Address line 1").fill("4 Fiction Lane")
    page.get_by_label("Postcode").fill("TE1 2AB")
    page.get_by_label("Name of the parent the pupil lives with").fill("Ewa Pupilson")
    page.get_by_label("Emergency phone number for this parent").first.fill("07700 900111")
    check_accessibility(page, "deletion-details")
    page.get_by_role("button", name="Continue").click()
    # Check answers (issue 13 item 13): nothing is sent yet; a Change link goes back to the question.
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers before sending the deletion return")
    expect(page.get_by_test_id("check-answers")).to_contain_text("Lost")
    check_accessibility(page, "deletion-check")
    assert not DeletionReturn.objects.exists()
    page.get_by_role("link", name="Change first name").click()
    expect(page.get_by_label("First name")).to_have_value("Lost")
    page.get_by_label("First name").fill("Lostie")
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Send deletion return").click()
    expect(page.get_by_test_id("next-step")).to_contain_text("opened an enquiry to find the pupil")
    record = DeletionReturn.objects.get()
    expect(page.get_by_test_id("reference")).to_have_text(record.reference)
    check_accessibility(page, "deletion-sent")
    # What became of it, from the list; then withdrawn with a reason.
    page.get_by_role("link", name="back to your returns").click()
    row = page.get_by_test_id("deletions").get_by_role("row").nth(1)
    expect(row).to_contain_text("Enquiries under way")
    row.get_by_role("link", name="Lostie Pupilson").click()
    expect(page.get_by_test_id("outcome")).to_have_text("Enquiries under way")
    check_accessibility(page, "return-school-view")
    page.get_by_role("link", name="Withdraw this return").click()
    check_accessibility(page, "return-withdraw")
    page.get_by_label("Why are you withdrawing this return?").fill("The pupil is not leaving after all")
    page.get_by_role("button", name="Withdraw return").click()
    expect(page.get_by_test_id("outcome")).to_have_text("Withdrawn")
    expect(page.get_by_test_id("outcome-detail")).to_contain_text("The pupil is not leaving after all")
    check_accessibility(page, "return-withdrawn")
    case = Case.objects.get()
    page.get_by_role("button", name="Sign out").click()

    officer = user_with_role(Role.CME_OFFICER, la)
    sign_in(page, officer, totp_code(officer.totp_secret))
    page.get_by_role("link", name="Cases").first.click()
    expect(page.locator("main")).to_contain_text("Lostie Pupilson")
    page.get_by_role("link", name=case.reference).click()
    expect(page.locator(".moj-timeline")).to_contain_text("Deletion return from Fiction High")
    check_accessibility(page, "case-from-deletion")
    page.goto(f"/schools/returns/deletions/{record.pk}/")
    expect(page.get_by_test_id("withdrawn")).to_contain_text("The pupil is not leaving after all")
    check_accessibility(page, "return-withdrawn-council-view")


def _no_sideways_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), \
        page.evaluate("document.documentElement.scrollWidth")


def test_a_school_names_the_council_a_pupil_moved_to_by_typing_part_of_its_name(page, la):
    from cme.accounts.councils import load_shipped
    from cme.accounts.models import Council

    load_shipped(Council)  # browser tests empty the database between tests, reference data included
    school = SchoolFactory(local_authority=la, name="Fiction High")
    staff = user_with_role(Role.SCHOOL_USER, la, school=school)
    sign_in(page, staff, totp_code(staff.totp_secret))
    page.goto("/schools/returns/")
    page.get_by_role("link", name="Send a deletion return").click()
    fill_date(page, "Date the pupil's name is deleted from the admission register", str(TODAY.day), str(TODAY.month),
              str(TODAY.year))
    page.get_by_label("9(1)(g) Moved away").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("First name").fill("Moved")
    page.get_by_label("Last name").fill("Westward")
    fill_date(page, "Date of birth", "17", "5", "2013")
    page.get_by_label("Female").check()
    page.get_by_label("Address line 1").fill("4 Fiction Lane")
    page.get_by_label("Postcode").fill("TE1 2AB")
    page.get_by_label("Name of the parent the pupil lives with").fill("Ewa Westward")
    page.get_by_label("Emergency phone number for this parent").first.fill("07700 900111")
    page.get_by_label("The local authority the pupil has moved to, if known").fill("cardi")
    check_accessibility(page, "deletion-moved-to-autocomplete")
    page.get_by_role("option", name="Cardiff (681, Wales)").click()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_test_id("check-answers")).to_contain_text("Cardiff")
    # Going back keeps the council chosen, shown by name, not blank.
    page.go_back()
    expect(page.get_by_label("The local authority the pupil has moved to, if known")).to_have_value(
        "Cardiff (681, Wales)")
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Send deletion return").click()
    expect(page.get_by_test_id("next-step")).to_be_visible()  # the return is saved once this page shows
    assert DeletionReturn.objects.get().new_la_code == "681"


def test_returns_tables_reflow_at_320_pixels(browser, live_server, la):
    """Issue 13 item 22: the school's and the council's returns pages do not scroll sideways at 320 px."""
    from cme.schools import services
    from tests.schools.helpers import PUPIL, deletion

    school = SchoolFactory(local_authority=la, name="Fiction High")
    staff = user_with_role(Role.SCHOOL_USER, la, school=school)
    for name in ("Alexandrina-Maximiliana", "Bo"):
        services.deletion_return_submit(school=school, user=staff, details=deletion("2024-9(1)(g)"),
                                        pupil=services.Pupil(**{**PUPIL.__dict__, "first_name": name, "upn": ""}))
    context = browser.new_context(base_url=live_server.url, viewport={"width": 320, "height": 640})
    page = context.new_page()
    try:
        sign_in(page, staff, totp_code(staff.totp_secret))
        page.goto("/schools/returns/")
        _no_sideways_scroll(page)
        cell = page.get_by_test_id("deletions").locator("td[data-label=Status]").first
        assert page.evaluate("(cell) => getComputedStyle(cell, '::before').content", cell.element_handle()) == '"Status"'
        check_accessibility(page, "returns-school-320px")
        context.clear_cookies()  # at 320 px Sign out sits in the collapsed menu: start a fresh session instead
        officer = user_with_role(Role.CME_OFFICER, la)
        sign_in(page, officer, totp_code(officer.totp_secret))
        page.goto("/schools/returns/")
        _no_sideways_scroll(page)
        check_accessibility(page, "returns-council-320px")
    finally:
        context.close()


def test_csv_batch_with_one_bad_row_is_refused_with_its_line(page, la, tmp_path):
    school = SchoolFactory(local_authority=la, name="Intake Primary")
    staff = user_with_role(Role.SCHOOL_USER, la, school=school)
    path = tmp_path / "intake.csv"
    path.write_text(new_pupils_csv(new_pupil_row(first_name="Nia"), new_pupil_row(first_name="Ned", sex="M",
                                                                                  date_of_birth="31/02/2021")))
    sign_in(page, staff, totp_code(staff.totp_secret))
    page.goto("/schools/returns/new-pupils/upload/")
    check_accessibility(page, "new-pupils-upload")
    page.get_by_label("CSV file").set_input_files(str(path))
    page.get_by_role("button", name="Upload and send").click()
    expect(page.locator("#errors")).to_have_text("Nothing was imported")
    expect(page.get_by_test_id("import-problems")).to_contain_text("Line 3: Date of birth must be a real date")
    check_accessibility(page, "new-pupils-refused")
    assert not NewPupilReturn.objects.exists()
