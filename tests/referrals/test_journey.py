"""The professional referral journey, page by page, as a school user sees it."""

import pytest
from django.urls import reverse

from cme.referrals.models import Referral, Status
from tests.conftest import html, text_of

from .helpers import CHILD, PAGES, fill_all_pages, start_referral

pytestmark = pytest.mark.django_db


def test_task_list_shows_every_section_not_started(client, school_user, signed_in):
    signed_in(school_user)
    reference = start_referral(client)
    page = html(client.get(reverse("referrals:task-list", args=[reference])))
    assert text_of(page.select_one("h1")) == "Refer a child missing education"
    titles = [text_of(a) for a in page.select(".govuk-task-list__name-and-hint a, .govuk-task-list__link")]
    assert "About the child" in titles and "Vulnerabilities, warning signs and risk indicators" in titles


def test_a_page_with_errors_is_saved_as_typed_and_shows_specific_messages(client, school_user, signed_in):
    signed_in(school_user)
    reference = start_referral(client)
    data = CHILD | {"first_name": "", "date_of_birth-day": "31", "date_of_birth-month": "2", "upn": "X801200005001"}
    page = html(client.post(reverse("referrals:section", args=[reference, "child"]), data))
    assert text_of(page.title).startswith("Error: About the child")
    summary = [text_of(a) for a in page.select(".govuk-error-summary a")]
    assert "Enter the child's first name" in summary
    assert "Date of birth must be a real date" in summary
    assert any(s.startswith("Enter a valid UPN: the check letter is wrong") for s in summary)
    # Nothing typed is lost: leaving and coming back shows the same values and errors.
    page = html(client.get(reverse("referrals:section", args=[reference, "child"])))
    assert page.select_one("#id_last_name")["value"] == "Testington"
    assert page.select_one("#id_date_of_birth-day")["value"] == "31"
    assert "Date of birth must be a real date" in text_of(page.select_one(".govuk-error-summary"))
    task_list = html(client.get(reverse("referrals:task-list", args=[reference])))
    assert "In progress" in text_of(task_list.select_one(".govuk-task-list"))


def test_a_completed_page_is_marked_completed(client, school_user, signed_in):
    signed_in(school_user)
    reference = start_referral(client)
    client.post(reverse("referrals:section", args=[reference, "child"]), CHILD)
    referral = Referral.objects.get(reference=reference)
    assert referral.sections_done == ["child"]
    assert (referral.child_first_name, str(referral.child_dob)) == ("Amara", "2014-03-14")


@pytest.mark.parametrize(("section", "field", "value", "message"), [
    ("address", "postcode", "NOT A CODE", "Enter a real postcode, like DM1 4AB"),
    ("carers", "1-phone", "12", "Enter a phone number, like 01632 960 001 or 07700 900 982"),
    ("carers", "1-email", "grace@", "Enter an email address in the correct format, like name@example.com"),
    ("school", "date_last_attended-year", "2099", "Date last attended must be today or in the past"),
    ("referrer", "email", "nope", "Enter an email address in the correct format, like name@example.com"),
])
def test_field_validation_messages(client, school_user, signed_in, section, field, value, message):
    signed_in(school_user)
    reference = start_referral(client)
    response = client.post(reverse("referrals:section", args=[reference, section]), PAGES[section] | {field: value})
    assert message in [text_of(a) for a in html(response).select(".govuk-error-summary a")]


def test_indicators_must_each_be_answered(client, school_user, signed_in):
    signed_in(school_user)
    reference = start_referral(client)
    data = {k: v for k, v in PAGES["indicators"].items() if k != "indicator_7"}
    response = client.post(reverse("referrals:section", args=[reference, "indicators"]), data)
    assert "Answer indicator 7: drug or alcohol misuse" in text_of(html(response).select_one(".govuk-error-summary"))


def test_add_another_carer_without_javascript_keeps_the_first(client, school_user, signed_in):
    signed_in(school_user)
    reference = start_referral(client)
    response = client.post(reverse("referrals:section", args=[reference, "carers"]), PAGES["carers"] | {"add-row": "1"})
    page = html(response)
    assert page.select_one("#id_1-name")["value"] == "Grace Testington"
    assert page.select_one("#id_2-name") is not None


def test_sending_an_incomplete_referral_lists_what_is_missing(client, school_user, signed_in):
    signed_in(school_user)
    reference = start_referral(client)
    client.post(reverse("referrals:section", args=[reference, "child"]), CHILD)
    response = client.post(reverse("referrals:check", args=[reference]))
    assert response.status_code == 400
    links = {a["href"] for a in html(response).select(".govuk-error-summary a")}
    assert "#section-address" in links
    assert reverse("referrals:section", args=[reference, "child"]) not in links


def test_complete_referral_is_sent_with_a_reference_and_emails(client, school_user, signed_in, mailbox, la):
    signed_in(school_user)
    reference = start_referral(client)
    fill_all_pages(client, reference)
    page = html(client.get(reverse("referrals:check", args=[reference])))
    assert "Amara Testington" in text_of(page)
    response = client.post(reverse("referrals:check", args=[reference]))
    assert response.status_code == 302
    page = html(client.get(response.url))
    assert text_of(page.select_one("[data-testid=reference]")) == reference
    referral = Referral.objects.get(reference=reference)
    assert referral.status == Status.SUBMITTED and referral.risk_level == "high"
    messages = mailbox.wait_for(2)
    by_recipient = {m.recipients[0]: m for m in messages}
    assert reference in by_recipient["sam.referrer@example.com"].body
    team = by_recipient[la.cme_contact_email]
    assert reference in team.subject and "Amara" not in team.body  # no child's name in email


def test_a_sent_referral_cannot_be_changed(client, school_user, signed_in):
    signed_in(school_user)
    reference = start_referral(client)
    fill_all_pages(client, reference)
    client.post(reverse("referrals:check", args=[reference]))
    response = client.post(reverse("referrals:section", args=[reference, "child"]), CHILD | {"first_name": "Changed"})
    assert response.status_code == 302
    assert Referral.objects.get(reference=reference).child_first_name == "Amara"


def test_a_colleague_cannot_edit_my_draft(client, school_user, signed_in, la):
    from cme.accounts.roles import Role
    from tests.factories.models import user_with_role

    signed_in(school_user)
    reference = start_referral(client)
    colleague = user_with_role(Role.SCHOOL_USER, la, school=school_user.school)
    signed_in(colleague)
    assert client.get(reverse("referrals:section", args=[reference, "child"])).status_code == 403


def test_another_school_cannot_see_the_referral(client, school_user, signed_in, la):
    from cme.accounts.roles import Role
    from tests.factories.models import user_with_role

    signed_in(school_user)
    reference = start_referral(client)
    fill_all_pages(client, reference)
    client.post(reverse("referrals:check", args=[reference]))
    signed_in(user_with_role(Role.SCHOOL_USER, la))
    assert client.get(reverse("referrals:task-list", args=[reference])).status_code == 404


def test_a_page_sent_after_the_session_ended_is_kept_for_after_sign_in(client, school_user, signed_in):
    signed_in(school_user)
    reference = start_referral(client)
    client.logout()  # the session has timed out
    response = client.post(reverse("referrals:section", args=[reference, "child"]), CHILD | {"first_name": "Kept"})
    assert response.status_code == 302 and reverse("account_login") in response.url
    session = client.session  # the typed page waits in the new session
    signed_in(school_user)
    # force_login keeps the anonymous session's data, as allauth's sign-in does
    for key, value in session.items():
        s = client.session
        s[key] = value
        s.save()
    page = html(client.get(reverse("referrals:section", args=[reference, "child"])))
    assert page.select_one("#id_first_name")["value"] == "Kept"
    assert "We kept what you typed" in text_of(page)
