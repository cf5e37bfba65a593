"""Triage: the queue, what the system works out for each referral, and the decision."""

import datetime as dt

import pytest
from django.urls import reverse

from cme.audit.models import AccessEvent
from cme.cases.models import Case
from cme.referrals import services
from cme.referrals.models import Kind, RedirectKind, Referral, Source, Status
from tests.conftest import html, text_of
from tests.factories.models import ChildAddressFactory, ChildFactory

from .helpers import api_answers

pytestmark = pytest.mark.django_db


def submitted(la, user, **changes) -> Referral:
    answers = api_answers()
    for path, value in changes.items():
        section, _, key = path.partition("__")
        answers[section][key] = value
    return services.referral_create_from_api(user=user, answers=answers)


@pytest.fixture
def agency_user(la):
    from cme.accounts.roles import Role
    from tests.factories.models import user_with_role

    return user_with_role(Role.AGENCY_USER, la)


def test_queue_lists_waiting_referrals_with_age_risk_source_and_wait(client, officer, signed_in, la, agency_user):
    referral = submitted(la, agency_user)
    Referral.objects.filter(pk=referral.pk).update(submitted_at=referral.submitted_at - dt.timedelta(hours=3))
    signed_in(officer)
    page = html(client.get(reverse("referrals:queue")))
    row = page.select_one("[data-testid=queue] tbody tr")
    cells = [text_of(td) for td in row.select("td")]
    assert cells[0] == referral.reference and cells[1] == "Amara Testington"
    assert cells[3] == "High" and cells[4] == "Partner system (API)" and cells[5] == "3 hours"


def test_queue_filters_by_risk_and_source(client, officer, signed_in, la, agency_user):
    high = submitted(la, agency_user)
    low = submitted(la, agency_user, child__first_name="Bea")
    Referral.objects.filter(pk=low.pk).update(risk_level="low", source=Source.SCHOOL)
    signed_in(officer)
    page = html(client.get(reverse("referrals:queue"), {"risk": "high"}))
    assert [text_of(r.select_one("td")) for r in page.select("tbody tr")] == [high.reference]
    page = html(client.get(reverse("referrals:queue"), {"source": "school"}))
    assert [text_of(r.select_one("td")) for r in page.select("tbody tr")] == [low.reference]


def test_triage_page_shows_classification_risk_escalation_and_logs_the_view(client, officer, signed_in, la, agency_user):
    referral = submitted(la, agency_user)
    signed_in(officer)
    page = html(client.get(reverse("referrals:triage", args=[referral.reference])))
    assert "Possibly missing education" in text_of(page.select_one("[data-testid=classification]"))
    assert "High" in text_of(page.select_one("[data-testid=risk]"))
    assert "Consider a referral to the police" in text_of(page.select_one("[data-testid=recommendations]"))
    assert AccessEvent.objects.filter(record_type="referral", record_id=referral.pk, user=officer).exists()


def test_checks_complete_the_classification(client, officer, signed_in, la, agency_user):
    referral = submitted(la, agency_user)  # postcode TE1 is in the test LA's districts
    signed_in(officer)
    client.post(reverse("referrals:save-checks", args=[referral.reference]),
                {"on_roll": "no", "ehe": "none", "alternative_provision": "no", "police-victim-of-crime": "yes"})
    page = html(client.get(reverse("referrals:triage", args=[referral.reference])))
    assert "Missing education: of compulsory school age" in text_of(page.select_one("[data-testid=classification]"))
    assert "Refer to the police" in text_of(page.select_one("[data-testid=recommendations]"))


def test_on_roll_child_is_named_as_not_cme(client, officer, signed_in, la, agency_user):
    referral = submitted(la, agency_user)
    signed_in(officer)
    client.post(reverse("referrals:save-checks", args=[referral.reference]), {"on_roll": "yes"})
    page = html(client.get(reverse("referrals:triage", args=[referral.reference])))
    assert "Not missing education: on a school roll" in text_of(page.select_one("[data-testid=classification]"))


def test_candidate_matches_explain_agreements(client, officer, signed_in, la, agency_user):
    known = ChildFactory(local_authority=la, first_name="Amarah", last_name="Testington",
                         date_of_birth=dt.date(2014, 3, 14), sex="F")
    ChildAddressFactory(child=known, postcode="TE1 4AB")
    ChildFactory(local_authority=la, first_name="Zed", last_name="Unrelated", date_of_birth=dt.date(2012, 1, 1))
    referral = submitted(la, agency_user)
    signed_in(officer)
    page = html(client.get(reverse("referrals:triage", args=[referral.reference])))
    rows = page.select("[data-testid=candidates] tbody tr")
    assert len(rows) == 1
    text = text_of(rows[0])
    assert "Amarah Testington" in text
    assert "Date of birth: the same" in text and "Last name: the same" in text and "First name: a very similar spelling" in text


def test_accepting_opens_a_case_for_a_new_child_and_tells_the_referrer(client, officer, signed_in, la, agency_user,
                                                                       mailbox):
    referral = submitted(la, agency_user)
    mailbox.clear()
    signed_in(officer)
    response = client.post(reverse("cases:accept-referral", args=[referral.reference]),
                           {"match": "new", "primary_reason": "16", "allocate_to": str(officer.pk)})
    assert response.status_code == 302
    case = Case.objects.get()
    assert (case.child.first_name, case.primary_reason, case.allocated_to) == ("Amara", 16, officer)
    assert case.start_date == dt.date(2025, 10, 4)  # the day after the child last attended
    page = html(client.get(response.url))
    assert "Referral " + referral.reference in text_of(page.select_one(".moj-timeline"))
    message = mailbox.wait_for(1)[0]
    assert message.recipients == ["partner@example.com"] and "opened an enquiry" in message.body


def test_accepting_as_a_known_child_uses_their_record(client, officer, signed_in, la, agency_user):
    known = ChildFactory(local_authority=la, first_name="Amara", last_name="Testington", date_of_birth=dt.date(2014, 3, 14))
    referral = submitted(la, agency_user)
    signed_in(officer)
    client.post(reverse("cases:accept-referral", args=[referral.reference]),
                {"match": f"child:{known.pk}", "primary_reason": "18"})
    assert Case.objects.get().child == known
    assert Referral.objects.get(pk=referral.pk).child == known


def test_accept_without_a_reason_shows_the_error(client, officer, signed_in, la, agency_user):
    referral = submitted(la, agency_user)
    signed_in(officer)
    response = client.post(reverse("cases:accept-referral", args=[referral.reference]), {"match": "new"})
    assert response.status_code == 400
    assert "Select the main reason the child is missing education" in text_of(html(response).select_one(".govuk-error-summary"))
    assert not Case.objects.exists()


def test_redirect_to_another_la_gives_its_contact(client, officer, signed_in, la, other_la, agency_user, mailbox):
    from cme.accounts.models import Council

    Council.objects.create(code=other_la.code, name=other_la.name, local_authority=other_la)  # in the directory
    referral = submitted(la, agency_user)
    mailbox.clear()
    signed_in(officer)
    client.post(reverse("referrals:redirect", args=[referral.reference]),
                {"kind": RedirectKind.OTHER_LA, "other_la": other_la.code})
    referral.refresh_from_db()
    assert referral.status == Status.REDIRECTED
    assert other_la.name in referral.outcome_message and other_la.cme_contact_email in referral.outcome_message
    assert "has passed your referral to them" in referral.outcome_message
    assert other_la.cme_contact_email in mailbox.wait_for(1)[0].body


def test_reject_needs_a_reason_and_the_referrer_sees_it(client, officer, signed_in, la, agency_user):
    referral = submitted(la, agency_user)
    signed_in(officer)
    assert client.post(reverse("referrals:reject", args=[referral.reference]), {"reason": ""}).status_code == 400
    client.post(reverse("referrals:reject", args=[referral.reference]), {"reason": "The child is 19"})
    signed_in(agency_user)
    page = html(client.get(reverse("referrals:task-list", args=[referral.reference])))
    assert "has not taken your referral about Amara Testington further: The child is 19" in text_of(page)


def test_public_referrers_are_told_nothing_about_the_child(la, officer):
    referral = Referral.objects.create(local_authority=la, kind=Kind.PUBLIC, source=Source.PUBLIC,
                                       status=Status.SUBMITTED, child_first_name="Kit")
    services.referral_redirect(referral=referral, officer=officer, kind=RedirectKind.ATTENDANCE_SERVICE)
    assert "school roll" not in referral.outcome_message and "Kit" not in referral.outcome_message


def test_a_decided_referral_cannot_be_decided_again(la, officer, agency_user):
    from django.core.exceptions import ValidationError

    referral = submitted(la, agency_user)
    services.referral_reject(referral=referral, officer=officer, reason="Duplicate")
    with pytest.raises(ValidationError, match="not waiting for triage"):
        services.referral_reject(referral=referral, officer=officer, reason="Again")


def test_schools_cannot_triage(client, school_user, signed_in, la, agency_user):
    referral = submitted(la, agency_user)
    signed_in(school_user)
    assert client.get(reverse("referrals:queue")).status_code == 403
    assert client.get(reverse("referrals:triage", args=[referral.reference])).status_code == 403
