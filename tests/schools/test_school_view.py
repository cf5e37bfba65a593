"""Issue 13 item 13: a school checks a return before sending it, gets a reference, sees what
became of each return (without casework detail), finds, pages and reopens its returns and
uploads, and corrects or withdraws a return with a reason that is kept in the history."""

import datetime as dt

import pytest
from django.urls import reverse
from pghistory.models import Events

from cme.accounts.roles import Role
from cme.cases.models import Case
from cme.core import clock
from cme.schools import services
from cme.schools.models import DeletionReturn, ImportJob, ImportKind, ImportStatus, NewPupilReturn, Registration
from tests.conftest import html, text_of
from tests.factories.models import SchoolFactory, user_with_role

from .helpers import PUPIL, PUPIL_FORM, deletion

pytestmark = pytest.mark.django_db

TODAY = clock.today()
DELETION_URL = reverse("schools:deletion-details") + f"?ground=2024-9(1)(g)&date={TODAY.isoformat()}"
NEW_PUPIL_FORM = {**PUPIL_FORM, "entered_on-day": str(TODAY.day), "entered_on-month": str(TODAY.month),
                  "entered_on-year": str(TODAY.year), "starting_day-day": str(TODAY.day),
                  "starting_day-month": str(TODAY.month), "starting_day-year": str(TODAY.year),
                  "year_group": "Year 8", "most_junior_class": "no"}


@pytest.fixture
def school(la):
    return SchoolFactory(local_authority=la, name="Fiction High")


@pytest.fixture
def school_staff(la, school):
    return user_with_role(Role.SCHOOL_USER, la, school=school)


def test_a_deletion_return_is_checked_before_it_is_sent_and_changed_from_the_check_page(client, signed_in,
                                                                                        school_staff):
    signed_in(school_staff)
    response = client.post(DELETION_URL, PUPIL_FORM)
    assert response.url.startswith(reverse("schools:deletion-check"))
    assert not DeletionReturn.objects.exists()  # nothing is sent until the school says so
    check = html(client.get(response.url))
    assert text_of(check.select_one("h1")) == "Check your answers before sending the deletion return"
    rows = {text_of(r.select_one("dt")): text_of(r.select_one("dd")) for r in check.select(".govuk-summary-list__row")}
    assert rows["First name"] == "Tomasz" and rows["Date of birth"] == "17 May 2013" and rows["Sex"] == "Male"
    assert rows["Ground for deletion"]
    change = check.select_one(".govuk-summary-list__actions a[href*='#id_first_name']")
    assert "Change" in text_of(change) and text_of(change.select_one(".govuk-visually-hidden")) == "first name"
    # Change: the form comes back as it was typed.
    form = html(client.get(change["href"].split("#")[0]))
    assert form.select_one("#id_first_name")["value"] == "Tomasz"
    client.post(DELETION_URL, {**PUPIL_FORM, "first_name": "Tomas"})
    response = client.post(response.url)
    record = DeletionReturn.objects.get()
    assert record.first_name == "Tomas" and response.url == reverse("schools:deletion-sent", args=[record.pk])
    sent = html(client.get(response.url))
    assert text_of(sent.select_one("[data-testid=reference]")) == record.reference == f"DR-{record.pk:06d}"


def test_a_new_pupil_return_is_checked_then_sent_with_a_reference(client, signed_in, school_staff):
    signed_in(school_staff)
    response = client.post(reverse("schools:new-pupil"), NEW_PUPIL_FORM)
    assert response.url == reverse("schools:new-pupil-check") and not NewPupilReturn.objects.exists()
    check = html(client.get(response.url))
    assert "Year 8" in text_of(check.select_one("[data-testid=check-answers]"))
    response = client.post(response.url)
    record = NewPupilReturn.objects.get()
    assert response.url == reverse("schools:new-pupil-sent", args=[record.pk])
    sent = html(client.get(response.url))
    assert text_of(sent.select_one("[data-testid=reference]")) == f"NP-{record.pk:06d}"
    # Sending again from an old tab does not send twice.
    assert client.post(reverse("schools:new-pupil-check")).url == reverse("schools:new-pupil")
    assert NewPupilReturn.objects.count() == 1


def test_the_school_sees_what_became_of_each_return_but_no_casework_detail(client, signed_in, school, school_staff):
    enquiry = services.deletion_return_submit(school=school, user=school_staff, pupil=PUPIL,
                                              details=deletion("2024-9(1)(g)"))  # opens a CME enquiry
    recorded = services.deletion_return_submit(
        school=school, user=school_staff, details=deletion("2024-9(1)(k)"),
        pupil=services.Pupil(**{**PUPIL.__dict__, "first_name": "Ola", "upn": ""}))
    signed_in(school_staff)
    listing = html(client.get(reverse("schools:returns")))
    rows = {text_of(r.select_one("a")): r for r in listing.select("[data-testid=deletions] tbody tr")}
    assert "Enquiries under way" in text_of(rows[enquiry.pupil_name]) and "Received" in text_of(rows[recorded.pupil_name])
    link = rows[enquiry.pupil_name].select_one("a")["href"]
    assert link == reverse("schools:deletion-return", args=[enquiry.pk])  # the detail page is linked
    page = html(client.get(link))
    text = text_of(page.select_one("main"))
    assert "making enquiries to find the pupil" in text_of(page.select_one("[data-testid=outcome-detail]"))
    case = Case.objects.get()
    assert case.reference not in text and enquiry.child.reference not in text  # no internal numbers
    assert not page.select("a[href^='/cases/'], a[href^='/children/']")
    # When the council closes the case, the school sees that enquiries finished, not why.
    Case.objects.filter(pk=case.pk).update(state="closed", closed_on=TODAY, outcome="found-in-school")
    page = html(client.get(link))
    assert text_of(page.select_one("[data-testid=outcome]")) == "Enquiries finished"
    assert "found" not in text_of(page.select_one("[data-testid=outcome-detail]")).lower()


def test_new_pupil_rows_reopen_and_do_not_reveal_an_open_case(client, signed_in, school, school_staff):
    record = services.new_pupil_return_submit(school=school, user=school_staff, pupil=PUPIL, entry=services.EntryDetails(
        entered_on=TODAY, starting_day=TODAY))
    NewPupilReturn.objects.filter(pk=record.pk).update(match_status="found-on-roll")
    signed_in(school_staff)
    listing = html(client.get(reverse("schools:returns")))
    link = listing.select_one("[data-testid=new-pupils] tbody a")
    assert link["href"] == reverse("schools:new-pupil-return", args=[record.pk])
    page = html(client.get(link["href"]))
    assert text_of(page.select_one("[data-testid=outcome]")) == "Received"
    assert "CME case" not in text_of(page.select_one("main")) and "Found on roll" not in text_of(page.select_one("main"))


def test_the_returns_list_is_paged_and_searched(client, signed_in, school, school_staff):
    for number in range(30):
        services.deletion_return_submit(school=school, user=school_staff, details=deletion("2024-9(1)(k)"),
                                        pupil=services.Pupil(**{**PUPIL.__dict__, "first_name": f"Pupil{number:02d}",
                                                                "upn": ""}))
    signed_in(school_staff)
    page = html(client.get(reverse("schools:returns")))
    assert text_of(page.select_one("[data-testid=deletions-count]")) == "Showing 1 to 25 of 30"
    assert len(page.select("[data-testid=deletions] tbody tr")) == 25
    second = html(client.get(reverse("schools:returns"), {"deletions_page": 2}))
    assert text_of(second.select_one("[data-testid=deletions-count]")) == "Showing 26 to 30 of 30"
    found = html(client.get(reverse("schools:returns"), {"q": "pupil07"}))
    assert [text_of(a) for a in found.select("[data-testid=deletions] tbody tr a")] == ["Pupil07 Returnson"]
    record = DeletionReturn.objects.get(first_name="Pupil12")
    by_reference = html(client.get(reverse("schools:returns"), {"q": record.reference}))
    assert [text_of(a) for a in by_reference.select("[data-testid=deletions] tbody tr a")] == ["Pupil12 Returnson"]
    nothing = html(client.get(reverse("schools:returns"), {"q": "nobody"}))
    assert text_of(nothing.select_one("[data-testid=deletions-count]")) == "No returns match your search."


def test_past_uploads_are_listed_and_reopen_for_the_schools_staff(client, signed_in, la, school, school_staff):
    job = ImportJob.objects.create(local_authority=la, school=school, kind=ImportKind.NEW_PUPILS_CSV,
                                   original_name="autumn.csv", created_by=school_staff, status=ImportStatus.DONE,
                                   result={"created": 2})
    council_job = ImportJob.objects.create(local_authority=la, school=school, kind=ImportKind.ROLL_CSV,
                                           original_name="council-roll.csv", created_by=user_with_role(Role.CME_OFFICER, la),
                                           status=ImportStatus.DONE)
    colleague = user_with_role(Role.SCHOOL_USER, la, school=school)
    signed_in(colleague)
    page = html(client.get(reverse("schools:returns")))
    links = [a["href"] for a in page.select("[data-testid=imports] a")]
    assert links == [reverse("schools:import-status", args=[job.pk])]
    assert client.get(links[0]).status_code == 200
    assert client.get(reverse("schools:import-status", args=[council_job.pk])).status_code == 404
    signed_in(user_with_role(Role.SCHOOL_USER, la))  # another school
    assert client.get(links[0]).status_code == 404


def test_a_school_corrects_a_return_and_the_reason_and_old_details_are_in_the_history(client, signed_in, school,
                                                                                      school_staff, la):
    record = services.deletion_return_submit(school=school, user=school_staff, pupil=PUPIL,
                                             details=deletion("2024-9(1)(k)"))
    signed_in(school_staff)
    page = html(client.get(reverse("schools:deletion-return", args=[record.pk])))
    correct = page.find("a", string="Correct the pupil's details")["href"]
    form = html(client.get(correct))
    assert form.select_one("#id_first_name")["value"] == "Tomasz"
    data = {**PUPIL_FORM, "date_of_birth-year": "2012", "version": str(record.version)}
    response = client.post(correct, data)
    assert response.status_code == 400
    assert "Enter why you are correcting the return" in text_of(html(response).select_one(".govuk-error-summary"))
    response = client.post(correct, {**data, "correction_reason": "The year of birth was typed wrongly"})
    assert response.url == reverse("schools:deletion-return", args=[record.pk])
    record.refresh_from_db()
    assert record.date_of_birth == dt.date(2012, 5, 17) and record.correction_reason.startswith("The year")
    diff = Events.objects.tracks(record).filter(pgh_label="update").order_by("-pgh_created_at").first().pgh_diff
    assert diff["date_of_birth"] == ["2013-05-17", "2012-05-17"] and "correction_reason" in diff
    # A stale correction (begun before this one) is refused.
    response = client.post(correct, {**data, "correction_reason": "Again", "version": "1"})
    assert response.status_code == 400 and "Someone else changed this return" in text_of(html(response))
    # The council sees it was corrected, and why.
    signed_in(user_with_role(Role.CME_OFFICER, la))
    council = html(client.get(reverse("schools:deletion-return", args=[record.pk])))
    assert "The year of birth was typed wrongly" in text_of(council.select_one("[data-testid=corrected]"))


def test_a_school_withdraws_a_return_sent_in_error(client, signed_in, school, school_staff, la, mailbox):
    record = services.new_pupil_return_submit(school=school, user=school_staff, pupil=PUPIL, entry=services.EntryDetails(
        entered_on=TODAY, starting_day=TODAY))
    assert Registration.objects.filter(child=record.child, school=school).exists()
    signed_in(school_staff)
    page = html(client.get(reverse("schools:new-pupil-return", args=[record.pk])))
    withdraw = page.find("a", string="Withdraw this return")["href"]
    response = client.post(withdraw, {"withdrawal_reason": "Sent for the wrong pupil", "version": str(record.version)})
    assert response.url == reverse("schools:new-pupil-return", args=[record.pk])
    page = html(client.get(response.url))
    assert text_of(page.select_one("[data-testid=outcome]")) == "Withdrawn"
    assert "Sent for the wrong pupil" in text_of(page.select_one("[data-testid=outcome-detail]"))
    assert page.find("a", string="Withdraw this return") is None  # once only
    assert not Registration.objects.filter(child=record.child, school=school).exists()
    mail = mailbox.wait_for(1)[0]
    assert record.reference in mail.subject and PUPIL.last_name not in mail.body  # no pupil's details by email
    listing = html(client.get(reverse("schools:returns")))
    assert "Withdrawn" in text_of(listing.select_one("[data-testid=new-pupils] tbody tr"))
    # The pupil's return can be sent again, correctly: a withdrawn return is not a duplicate.
    services.new_pupil_return_submit(school=school, user=school_staff, pupil=PUPIL, entry=services.EntryDetails(
        entered_on=TODAY, starting_day=TODAY))
    diff = Events.objects.tracks(record).filter(pgh_label="update").order_by("-pgh_created_at").first().pgh_diff
    assert diff["withdrawal_reason"] == ["", "Sent for the wrong pupil"]


def test_another_school_cannot_correct_or_withdraw_a_return(client, signed_in, school, school_staff, la):
    record = services.deletion_return_submit(school=school, user=school_staff, pupil=PUPIL,
                                             details=deletion("2024-9(1)(k)"))
    signed_in(user_with_role(Role.SCHOOL_USER, la))
    for name in ("schools:return-correct", "schools:return-withdraw"):
        assert client.get(reverse(name, args=["deletion", record.pk])).status_code == 404
        assert client.post(reverse(name, args=["deletion", record.pk]), {"withdrawal_reason": "x"}).status_code == 404
    signed_in(user_with_role(Role.CME_OFFICER, la))
    assert client.get(reverse("schools:return-withdraw", args=["deletion", record.pk])).status_code == 403
    record.refresh_from_db()
    assert not record.is_withdrawn
