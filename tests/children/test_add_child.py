"""Adding a child by hand: the officer always sees the children (and referrals) the team
may already know before a record can be created, and every candidate shown is logged."""

import datetime as dt

import pytest
from django.urls import reverse

from cme.accounts.roles import Role
from cme.audit.models import AccessEvent
from cme.children.models import Child
from tests.conftest import html, text_of
from tests.factories.models import ChildAddressFactory, ChildFactory, user_with_role

pytestmark = pytest.mark.django_db

DETAILS = {"first_name": "Amira", "middle_names": "", "last_name": "Testchild", "date_of_birth-day": "15",
           "date_of_birth-month": "6", "date_of_birth-year": "2015", "sex": "F", "postcode": "te1 1aa", "upn": ""}
NEW_DETAILS = {"first_name": "Quentin", "middle_names": "Rhys", "last_name": "Nobodyknows",
               "date_of_birth-day": "2", "date_of_birth-month": "11", "date_of_birth-year": "2013", "sex": "M",
               "postcode": "TE2 9ZZ", "upn": "B801200005001"}


@pytest.fixture
def known(la):
    child = ChildFactory(local_authority=la, first_name="Amira", last_name="Testchild",
                         date_of_birth=dt.date(2015, 6, 15), sex="F")
    ChildAddressFactory(child=child, postcode="TE1 1AA")
    return child


def hidden_fields(form) -> dict:
    return {i["name"]: i.get("value", "") for i in form.select("input[type=hidden]")}


def create_form(page):
    return page.select_one(f"form[action='{reverse('children:new-create')}']")


def test_the_children_list_links_to_adding_a_child(client, officer, signed_in):
    signed_in(officer)
    link = html(client.get(reverse("children:list"))).find("a", string=lambda s: s and "Add a child" in s)
    assert link["href"] == reverse("children:new")


def test_the_first_step_asks_for_the_childs_details(client, officer, signed_in):
    signed_in(officer)
    page = html(client.get(reverse("children:new")))
    assert text_of(page.select_one("h1")) == "Add a child"
    labels = [text_of(label) for label in page.select("form label.govuk-label, form legend")]
    for expected in ("First name", "Middle names (optional)", "Last name", "Date of birth", "Sex",
                     "Postcode (optional)", "Unique pupil number (UPN) (optional)"):
        assert expected in labels
    assert page.select("input[name=date_of_birth-day]") and page.select("input[name=date_of_birth-year]")


def test_possible_matches_are_shown_before_anything_is_created(client, officer, signed_in, known):
    signed_in(officer)
    response = client.post(reverse("children:new"), DETAILS)
    page = html(response)
    assert response.status_code == 200
    assert text_of(page.select_one("h1")) == "Check if the team already knows this child"
    assert Child.objects.count() == 1  # nothing created yet
    rows = page.select("[data-testid=candidates] tbody tr")
    assert len(rows) == 1
    row = text_of(rows[0])
    assert f"Amira Testchild ({known.reference})" in row
    assert "Almost certainly the same child" in text_of(rows[0].select_one("[data-testid=likelihood]"))
    assert "First name: the same" in row and "Date of birth: the same" in row and "Postcode: the same" in row
    link = rows[0].find("a")
    assert text_of(link).startswith("This is the same child: open the record")
    assert link["href"] == f"/children/{known.pk}/"
    # The create button comes after the candidates, and says what it means.
    button = create_form(page).select_one("button")
    assert text_of(button) == "None of these: create a new record"
    assert str(page).index("data-testid=\"candidates\"") < str(page).index("None of these: create a new record")


def test_each_candidate_shown_is_logged_as_a_read(client, officer, signed_in, known, la):
    ChildFactory(local_authority=la, first_name="Amira", last_name="Testchilde", date_of_birth=dt.date(2015, 6, 15))
    signed_in(officer)
    page = html(client.post(reverse("children:new"), DETAILS))
    shown = len(page.select("[data-testid=candidates] tbody tr"))
    assert shown == 2
    events = AccessEvent.objects.filter(purpose="Search before creating a child")
    assert events.count() == shown
    assert {e.record_id for e in events} == set(Child.objects.values_list("pk", flat=True))
    assert all(e.user == officer and e.record_type == "child" and e.granted for e in events)
    assert all(e.path == reverse("children:new") for e in events)


def test_creating_happens_only_on_the_second_step_and_opens_the_new_record(client, officer, signed_in, known):
    signed_in(officer)
    page = html(client.post(reverse("children:new"), DETAILS))
    response = client.post(reverse("children:new-create"), hidden_fields(create_form(page)))
    assert response.status_code == 302
    child = Child.objects.exclude(pk=known.pk).get()
    assert response.url == reverse("children:detail", args=[child.pk])
    assert (child.first_name, child.last_name, child.date_of_birth, child.sex) == (
        "Amira", "Testchild", dt.date(2015, 6, 15), "F")
    assert child.local_authority == officer.local_authority
    assert [a.postcode for a in child.addresses.all()] == ["TE1 1AA"]
    record = html(client.get(response.url))
    assert f"Amira Testchild added as {child.reference}" in text_of(record.select_one(".govuk-notification-banner"))
    assert text_of(record.select_one("h1")) == "Amira Testchild"
    # Written inside the change-history context of the officer's request.
    insert = child.events.get(pgh_label="insert")
    assert insert.pgh_context.metadata["user"] == officer.pk


def test_no_candidates_is_said_plainly(client, officer, signed_in, known):
    signed_in(officer)
    page = html(client.post(reverse("children:new"), NEW_DETAILS))
    assert not page.select("[data-testid=candidates]")
    assert "No child or referral already known to the team looks like this child" in text_of(
        page.select_one("[data-testid=no-candidates]"))
    assert text_of(create_form(page).select_one("button")) == "Create a new record"
    client.post(reverse("children:new-create"), hidden_fields(create_form(page)))
    child = Child.objects.get(last_name="Nobodyknows")
    assert (child.middle_names, child.upn) == ("Rhys", "B801200005001")


def test_a_referral_about_the_child_is_a_candidate_too(client, officer, signed_in, la):
    from cme.referrals import services
    from tests.referrals.helpers import api_answers

    referral = services.referral_create_from_api(user=user_with_role(Role.AGENCY_USER, la), answers=api_answers())
    signed_in(officer)
    page = html(client.post(reverse("children:new"), {
        **NEW_DETAILS, "first_name": "Amara", "last_name": "Testington", "middle_names": "", "upn": "",
        "date_of_birth-day": "14", "date_of_birth-month": "3", "date_of_birth-year": "2014", "sex": "F",
        "postcode": "TE1 4AB"}))
    row = page.select_one("[data-testid=candidates] tbody tr")
    assert referral.reference in text_of(row)
    link = row.find("a")
    assert text_of(link).startswith("This is the same child: open the referral")
    assert link["href"] == f"/referrals/{referral.reference}/triage/"
    event = AccessEvent.objects.get(purpose="Search before creating a child")
    assert (event.record_type, event.record_id) == ("referral", referral.pk)


def test_creating_without_having_seen_the_matches_shows_them_instead(client, officer, signed_in, known):
    signed_in(officer)
    data = {**DETAILS, "date_of_birth": "2015-06-15"}
    for part in ("day", "month", "year"):
        data.pop(f"date_of_birth-{part}")
    page = html(client.post(reverse("children:new-create"), data))  # no proof the search was shown
    assert Child.objects.count() == 1
    assert text_of(page.select_one("h1")) == "Check if the team already knows this child"
    assert known.reference in text_of(page.select_one("[data-testid=candidates]"))


def test_details_changed_after_the_search_are_searched_again(client, officer, signed_in, known):
    signed_in(officer)
    page = html(client.post(reverse("children:new"), NEW_DETAILS))  # no candidates for these details
    tampered = {**hidden_fields(create_form(page)), "first_name": "Amira", "last_name": "Testchild",
                "date_of_birth": "2015-06-15"}
    page = html(client.post(reverse("children:new-create"), tampered))
    assert Child.objects.count() == 1
    assert known.reference in text_of(page.select_one("[data-testid=candidates]"))


def test_invalid_details_sent_to_the_create_step_are_refused_with_errors(client, officer, signed_in, known):
    signed_in(officer)
    page = html(client.post(reverse("children:new"), DETAILS))
    tampered = {**hidden_fields(create_form(page)), "date_of_birth": "2015-02-30", "upn": "NOTAUPN"}
    response = client.post(reverse("children:new-create"), tampered)
    assert response.status_code == 400
    summary = text_of(html(response).select_one(".govuk-error-summary"))
    assert "Date of birth must be a real date" in summary and "Enter a valid UPN" in summary
    assert Child.objects.count() == 1


@pytest.mark.parametrize(("changes", "message"), [
    ({"first_name": ""}, "Enter the child's first name"),
    ({"last_name": "  "}, "Enter the child's last name"),
    ({"date_of_birth-day": "", "date_of_birth-month": "", "date_of_birth-year": ""}, "Enter the date of birth"),
    ({"date_of_birth-day": "31", "date_of_birth-month": "2"}, "Date of birth must be a real date"),
    ({"date_of_birth-year": "2099"}, "Date of birth must be in the past"),
    ({"sex": ""}, "Select the child's sex, or Not known"),
    ({"postcode": "NOT A POSTCODE"}, "Enter a real postcode, like DM1 4AB"),
    ({"upn": "Q207000016049"}, "Enter a valid UPN"),
])
def test_the_first_step_explains_each_mistake(client, officer, signed_in, known, changes, message):
    signed_in(officer)
    response = client.post(reverse("children:new"), {**DETAILS, **changes})
    page = html(response)
    assert response.status_code == 400
    assert page.select_one("title").text.startswith("Error: Add a child")
    assert message in text_of(page.select_one(".govuk-error-summary"))
    assert not AccessEvent.objects.filter(purpose="Search before creating a child").exists()


def test_change_these_details_goes_back_to_the_form_filled_in(client, officer, signed_in, known):
    signed_in(officer)
    page = html(client.post(reverse("children:new"), DETAILS))
    change = page.find("button", string=lambda s: s and "Change these details" in s).find_parent("form")
    page = html(client.post(reverse("children:new"), hidden_fields(change)))
    assert text_of(page.select_one("h1")) == "Add a child"
    assert page.select_one("input[name=first_name]")["value"] == "Amira"
    assert page.select_one("input[name=date_of_birth-day]")["value"] == "15"
    assert page.select_one("input[name=postcode]")["value"] == "TE1 1AA"
    assert not page.select(".govuk-error-summary")
