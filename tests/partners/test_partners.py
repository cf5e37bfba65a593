"""Working with partners, as the people on both sides see it: an agency check answered in the
agency's queue or through a secure link, an enquiry to another council that ends in a
transfer, the triage redirect that tells the referrer the truth, and every message recorded."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from cme.accounts.models import Council
from cme.accounts.roles import Role
from cme.audit.models import AccessEvent
from cme.cases.models import CaseSource, TaskStatus
from cme.partners import services
from cme.partners.models import AgencyCheck, CheckStatus, CouncilEnquiry, EnquiryStatus, Message, SecureLink
from tests.conftest import html, text_of
from tests.factories.models import AgencyFactory, ChildAddressFactory, ChildFactory, open_case, user_with_role

pytestmark = pytest.mark.django_db


def _link_path(body: str) -> str:
    found = re.search(r"https?://[^/\s]+(/partners/answer/[^\s]+/)", body)
    assert found, body
    return found.group(1)


@pytest.fixture
def case(officer, la):
    child = ChildFactory(local_authority=la, first_name="Tamsin", last_name="Fictional", upn="")
    ChildAddressFactory(child=child, line_1="1 Pretend Row", town="Demoford", postcode="TE1 1AA")
    return open_case(officer=officer, child=child, start_date=dt.date(2026, 10, 1))


# -- agency checks in the agency's queue --------------------------------------------------------

def test_an_officer_sends_a_check_and_the_agency_user_answers_it_in_their_queue(client, signed_in, la, officer, case):
    agency_user = user_with_role(Role.AGENCY_USER, la)
    other_agency_user = user_with_role(Role.AGENCY_USER, la)
    response = signed_in(officer).post(reverse("partners:check-new", args=[case.pk]), {
        "agency": agency_user.agency_id, "question": "Is the family known to you?", "fields": ["name", "date_of_birth"],
        "school_days": "5", "team": "", "email": ""})
    assert response.status_code == 302
    check = AgencyCheck.objects.get()
    assert set(check.shared) == {"Name", "Date of birth"}  # only what was chosen: no address
    assert check.task.status == TaskStatus.OPEN and check.task.due_on == check.due_on

    client.logout()
    queue = html(signed_in(other_agency_user).get(reverse("partners:agency-queue")))
    assert "Tamsin" not in text_of(queue.select_one("main"))  # another agency sees nothing
    assert signed_in(other_agency_user).get(reverse("partners:check", args=[check.pk])).status_code == 404

    client.logout()
    queue = html(signed_in(agency_user).get(reverse("partners:agency-queue")))
    assert "Tamsin Fictional" in text_of(queue.select_one("[data-testid=agency-checks]"))
    page = html(signed_in(agency_user).get(reverse("partners:check", args=[check.pk])))
    assert "Is the family known to you?" in text_of(page.select_one("[data-testid=question]"))
    assert "Pretend Row" not in text_of(page.select_one("main"))
    response = signed_in(agency_user).post(reverse("partners:check", args=[check.pk]), {
        "known": "yes", "last_contact-day": "2", "last_contact-month": "11", "last_contact-year": "2026",
        "address_held": "4 Elsewhere Lane", "worker_name": "Robin Worker", "answer": "Moved out last month",
        "version": check.version})
    assert response.status_code == 302
    check.refresh_from_db()
    assert check.status == CheckStatus.ANSWERED and check.answered_by == agency_user
    assert check.task.status == TaskStatus.DONE
    timeline = " ".join(case.timeline.values_list("text", flat=True))
    assert "answered by" in timeline and "4 Elsewhere Lane" in timeline and "Robin Worker" in timeline
    logged = AccessEvent.objects.filter(user=agency_user, record_type="agency-check", granted=True)
    assert logged.exists() and all(case.child_id in event.child_ids for event in logged)
    assert AccessEvent.objects.filter(user=other_agency_user, granted=False, record_type="agency-check").exists()


def test_an_unanswered_check_past_its_date_shows_as_overdue_to_the_officer(client, signed_in, la, officer, case,
                                                                         time_machine):
    agency = user_with_role(Role.AGENCY_USER, la).agency
    services.check_send(case=case, officer=officer, agency=agency, team="", question="Known?", fields=["name"],
                        school_days=1)
    time_machine.move_to(dt.datetime(2027, 1, 20, 10, tzinfo=dt.UTC))
    page = html(signed_in(officer).get(reverse("partners:case", args=[case.pk])))
    assert "Overdue" in text_of(page.select_one("[data-testid=checks]"))


# -- agencies without accounts: a secure link ---------------------------------------------------

def test_an_agency_without_accounts_answers_through_a_single_use_secure_link(client, signed_in, la, officer, case,
                                                                             mailbox):
    agency = AgencyFactory(local_authority=la, name="Testshire Housing", email="housing@testshire.example")
    response = signed_in(officer).post(reverse("partners:check-new", args=[case.pk]), {
        "agency": agency.pk, "question": "Do you hold an address?", "fields": ["name", "address"],
        "school_days": "5", "email": ""})
    assert response.status_code == 302
    [message] = mailbox.wait_for(1)
    assert "Tamsin" not in message.body and "Pretend Row" not in message.body  # no child's details by email
    path = _link_path(message.body)
    kept = Message.objects.get()
    # The record of the email keeps no usable link: the token is stored only as a hash.
    assert kept.status == "sent" and path not in kept.body and "[the link, not kept]" in kept.body

    client.logout()
    page = html(client.get(path))
    assert "Do you hold an address?" in text_of(page.select_one("main"))
    assert "Pretend Row" in text_of(page.select_one("[data-testid=shared]"))
    assert page.select_one("nav.govuk-service-navigation") is None or "Cases" not in text_of(page.select_one("header"))
    response = client.post(path, {"answered_by_name": "Kim Housing", "known": "no", "address_held": "",
                                  "worker_name": "", "answer": ""})
    assert response.status_code == 200 and "Answer sent" in text_of(html(response).select_one("main"))
    check = AgencyCheck.objects.get()
    assert check.status == CheckStatus.ANSWERED and check.answered_by_name == "Kim Housing"
    assert "(by secure link)" in " ".join(case.timeline.values_list("text", flat=True))
    assert AccessEvent.objects.filter(record_type="agency-check", user__isnull=True,
                                      user_email__startswith="secure link").exists()

    again = client.get(path)
    assert again.status_code == 404 and "already been used" in text_of(html(again).select_one("main"))
    forged = client.get(path[:-3] + "xx/")
    assert forged.status_code == 404 and "not valid" in text_of(html(forged).select_one("main"))


def test_an_expired_link_is_refused(client, la, officer, case, mailbox, time_machine):
    agency = AgencyFactory(local_authority=la, email="health@testshire.example")
    services.check_send(case=case, officer=officer, agency=agency, team="", question="Known?", fields=["name"],
                        school_days=5)
    path = _link_path(mailbox.wait_for(1)[0].body)
    time_machine.move_to(dt.datetime(2027, 3, 1, 10, tzinfo=dt.UTC))
    response = client.get(path)
    assert response.status_code == 404 and "expired" in text_of(html(response).select_one("main"))


def test_a_message_that_could_not_be_sent_is_recorded_as_not_sent_and_the_officer_is_told(
        client, signed_in, la, officer, case, settings):
    from tests.conftest import free_port

    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                                    "OPTIONS": {"host": "127.0.0.1", "port": free_port(), "timeout": 2}}}
    agency = AgencyFactory(local_authority=la, email="police@testshire.example")
    response = signed_in(officer).post(reverse("partners:check-new", args=[case.pk]), {
        "agency": agency.pk, "question": "Known?", "fields": ["name"], "school_days": "5", "email": ""}, follow=True)
    assert "was NOT sent" in text_of(html(response).select_one("main"))
    assert Message.objects.get().status == "failed"
    assert "NOT sent" in " ".join(case.timeline.values_list("text", flat=True))


def test_the_notify_backend_sends_through_the_official_client(la, officer, case, settings, monkeypatch):
    from cme.partners import mail

    sent = []

    class FakeClient:
        def send_email_notification(self, **kwargs):
            sent.append(kwargs)
            return {"id": "notify-123"}

    settings.CME_MAIL_BACKEND = "notify"
    settings.CME_NOTIFY_TEMPLATE_ID = "template-1"
    monkeypatch.setattr(mail, "notify_client", FakeClient)
    agency = AgencyFactory(local_authority=la, email="yjs@testshire.example")
    services.check_send(case=case, officer=officer, agency=agency, team="", question="Known?", fields=["name"],
                        school_days=5)
    message = Message.objects.get()
    assert message.status == "sent" and message.backend == "notify" and message.provider_id == "notify-123"
    assert sent[0]["template_id"] == "template-1" and "/partners/answer/" in sent[0]["personalisation"]["body"]


def test_without_a_notify_key_nothing_is_said_to_be_sent(la, officer, case, settings):
    settings.CME_MAIL_BACKEND = "notify"
    settings.CME_NOTIFY_API_KEY = ""
    agency = AgencyFactory(local_authority=la, email="yjs@testshire.example")
    services.check_send(case=case, officer=officer, agency=agency, team="", question="Known?", fields=["name"],
                        school_days=5)
    assert Message.objects.get().status == "failed"


# -- enquiries and transfers between councils ---------------------------------------------------

@pytest.fixture
def councils(la, other_la):
    here = Council.objects.create(code=la.code, name=la.name, local_authority=la, is_fictional=True)
    there = Council.objects.create(code=other_la.code, name=other_la.name, local_authority=other_la,
                                   is_fictional=True)
    away = Council.objects.create(code="993", name="Awayshire (fictional)", is_fictional=True)
    return here, there, away


def test_council_a_asks_council_b_which_accepts_and_both_cases_keep_the_link(client, signed_in, la, other_la, officer,
                                                                             case, councils):
    _, there, _ = councils
    response = signed_in(officer).post(reverse("partners:enquiry-new", args=[case.pk]), {
        "council": there.code, "questions": "Is the child known to you? Will you take the case?"}, follow=True)
    assert "in Otherborough Council's queue" in text_of(html(response).select_one("main"))
    enquiry = CouncilEnquiry.objects.get()

    b_officer = user_with_role(Role.CME_OFFICER, other_la)
    client.logout()
    queue = html(signed_in(b_officer).get(reverse("referrals:queue")))
    assert "1 enquiry from other councils" in text_of(queue.select_one("[data-testid=council-enquiries]"))
    incoming = html(signed_in(b_officer).get(reverse("partners:incoming")))
    assert "Tamsin Fictional" in text_of(incoming.select_one("[data-testid=incoming]"))
    response = signed_in(b_officer).post(reverse("partners:enquiry", args=[enquiry.pk]), {
        "status": EnquiryStatus.ACCEPTED, "answer": "She is living here now.", "version": enquiry.version})
    enquiry.refresh_from_db()
    received = enquiry.receiving_case
    assert response.status_code == 302 and response.url == reverse("cases:detail", args=[received.pk])
    assert received.local_authority == other_la and received.source == CaseSource.OTHER_LA
    assert received.child.first_name == "Tamsin" and received.child.local_authority == other_la
    case.refresh_from_db()
    assert not case.is_open and case.outcome == "moved-to-another-la"
    assert received.reference in case.outcome_evidence
    # B cannot see A's case, A cannot see B's: each keeps the link through the enquiry.
    assert signed_in(b_officer).get(reverse("cases:detail", args=[case.pk])).status_code == 404
    page = html(signed_in(b_officer).get(reverse("partners:case", args=[received.pk])))
    assert enquiry.reference in text_of(page.select_one("main"))
    client.logout()
    page = html(signed_in(officer).get(reverse("partners:case", args=[case.pk])))
    assert received.reference in text_of(page.select_one("[data-testid=enquiries]"))


def test_a_rejection_needs_a_reason_and_leaves_the_sending_case_open(client, signed_in, other_la, officer, case,
                                                                     councils):
    _, there, _ = councils
    enquiry, _, _ = services.enquiry_send(case=case, officer=officer, council=there, questions="Known?")
    b_officer = user_with_role(Role.CME_OFFICER, other_la)
    response = signed_in(b_officer).post(reverse("partners:enquiry", args=[enquiry.pk]),
                                         {"status": EnquiryStatus.REJECTED, "answer": "", "version": enquiry.version})
    assert response.status_code == 400
    signed_in(b_officer).post(reverse("partners:enquiry", args=[enquiry.pk]), {
        "status": EnquiryStatus.REJECTED, "answer": "Not at that address", "version": enquiry.version})
    enquiry.refresh_from_db()
    case.refresh_from_db()
    assert enquiry.status == EnquiryStatus.REJECTED and case.is_open
    assert "Not at that address" in " ".join(case.timeline.values_list("text", flat=True))


def test_a_third_council_cannot_see_an_enquiry(client, signed_in, officer, case, councils):
    from tests.factories.models import LocalAuthorityFactory

    _, there, _ = councils
    enquiry, _, _ = services.enquiry_send(case=case, officer=officer, council=there, questions="Known?")
    stranger = user_with_role(Role.CME_OFFICER, LocalAuthorityFactory(code="992"))
    assert signed_in(stranger).get(reverse("partners:enquiry", args=[enquiry.pk])).status_code == 404
    assert "Tamsin" not in text_of(html(signed_in(stranger).get(reverse("partners:incoming"))).select_one("main"))


def test_an_enquiry_to_a_council_off_the_service_goes_by_email_and_is_answered_by_link(client, officer, case, councils,
                                                                                       mailbox):
    _, _, away = councils
    away.cme_team_email = "cme@awayshire.example"
    away.save()
    case.child.child_protection_plan = True
    case.child.save(update_fields=["child_protection_plan"])
    _, sent, how = services.enquiry_send(case=case, officer=officer, council=away, questions="Known to you?")
    assert sent and "cme@awayshire.example" in how
    path = _link_path(mailbox.wait_for(1)[0].body)
    assert not any(path in kept.body for kept in Message.objects.all())
    page = html(client.get(path))
    assert "Tamsin Fictional" in text_of(page.select_one("[data-testid=child]"))
    # The other council, off the service, is warned too, but told nothing about records it has not here.
    assert text_of(page.select_one(".govuk-warning-text")).endswith(f"{case.local_authority.name} says: Child "
                                                                    "protection plan.")
    client.post(path, {"answered_by_name": "Ash Away", "status": EnquiryStatus.ACCEPTED, "answer": "On our roll"})
    case.refresh_from_db()
    assert not case.is_open and case.outcome == "moved-to-another-la"
    assert SecureLink.objects.get().used_at is not None


def test_an_off_service_council_accepting_by_link_closes_the_sending_case_truthfully_and_opens_nothing(
        client, signed_in, officer, case, councils, mailbox):
    from cme.cases.models import Case

    _, _, away = councils
    away.cme_team_email = "cme@awayshire.example"
    away.save()
    enquiry, _, _ = services.enquiry_send(case=case, officer=officer, council=away, questions="Will you take her?")
    path = _link_path(mailbox.wait_for(1)[0].body)
    acknowledged = html(client.post(path, {"answered_by_name": "Ash Away", "status": EnquiryStatus.ACKNOWLEDGED,
                                           "answer": "Looking"}))
    assert "can use this link again" in text_of(acknowledged.select_one("main"))
    done = html(client.post(path, {"answered_by_name": "Ash Away", "status": EnquiryStatus.ACCEPTED,
                                   "answer": "Living here, on our roll"}))
    assert "open the child's case in your own system" in text_of(done.select_one("[data-testid=accepted]"))
    assert "will not open again" in text_of(done.select_one("main"))
    case.refresh_from_db()
    enquiry.refresh_from_db()
    assert not case.is_open and case.outcome == "moved-to-another-la"
    assert "open the child's case in their own system: no case was opened in CME Tracker" in case.outcome_evidence
    assert enquiry.receiving_case is None and Case.objects.count() == 1  # nothing opened anywhere here
    page = html(signed_in(officer).get(reverse("partners:case", args=[case.pk])))
    row = text_of(page.select_one("[data-testid=enquiries]"))
    assert "Accepted" in row and "Living here, on our roll" in row and "Ash Away" in row and "Their case" not in row
    chronology = " ".join(case.timeline.values_list("text", flat=True))
    assert "Awayshire (fictional) answered enquiry" in chronology and "Closed: " in chronology


def test_an_enquiry_to_a_council_with_no_contact_is_not_said_to_be_sent(signed_in, officer, case, councils):
    _, _, away = councils
    response = signed_in(officer).post(reverse("partners:enquiry-new", args=[case.pk]), {
        "council": away.code, "questions": "Known?"}, follow=True)
    assert "was NOT sent" in text_of(html(response).select_one("main"))
    assert CouncilEnquiry.objects.get().status == EnquiryStatus.WITHDRAWN
    case.refresh_from_db()
    assert case.is_open


# -- the triage redirect tells the referrer the truth -----------------------------------------

def _submitted_referral(la, officer, email="referrer@agency.example"):
    from cme.referrals.models import Kind, Referral, Source, Status

    return Referral.objects.create(local_authority=la, kind=Kind.PROFESSIONAL, source=Source.AGENCY,
                                   status=Status.SUBMITTED, child_first_name="Robin", child_last_name="Referred",
                                   child_dob=dt.date(2015, 5, 5), referrer_email=email, submitted_at=dt.datetime(
                                       2026, 11, 2, 10, tzinfo=dt.UTC), answers={})


def test_triage_redirect_to_a_council_on_the_service_lands_in_its_queue(client, signed_in, la, other_la, officer,
                                                                         councils, mailbox):
    _, there, _ = councils
    referral = _submitted_referral(la, officer)
    response = signed_in(officer).post(reverse("referrals:redirect", args=[referral.reference]),
                                       {"kind": "other-la", "other_la": there.code, "note": ""}, follow=True)
    assert "queue of enquiries from other councils" in text_of(html(response).select_one("main"))
    enquiry = CouncilEnquiry.objects.get()
    assert enquiry.to_la == other_la and enquiry.from_referral == referral.reference
    [told] = mailbox.wait_for(1)
    assert "has passed your referral to them" in told.body


def test_triage_redirect_to_a_council_without_a_contact_tells_the_referrer_nothing_was_sent(
        client, signed_in, la, officer, councils, mailbox):
    _, _, away = councils
    referral = _submitted_referral(la, officer)
    response = signed_in(officer).post(reverse("referrals:redirect", args=[referral.reference]),
                                       {"kind": "other-la", "other_la": away.code, "note": ""}, follow=True)
    assert "Nothing was sent" in text_of(html(response).select_one("main"))
    [told] = mailbox.wait_for(1)
    assert "passed your referral" not in told.body and "not been able to pass" in told.body


# -- the directory of councils --------------------------------------------------------------

def test_the_shipped_directory_says_where_its_numbers_come_from_and_keeps_historic_ones():
    cumbria = Council.objects.get(code="909")
    assert not cumbria.current and "942" in cumbria.note and cumbria.source
    assert Council.objects.get(code="201").name == "City of London"


def test_the_shipped_directory_lists_every_english_education_authority_once_with_its_region():
    from cme.rules.statistics import REGION_CODES

    current = Council.objects.filter(current=True, is_fictional=False, country="england")
    assert current.count() == 153
    assert len({council.code for council in current}) == 153
    assert {council.region for council in Council.objects.filter(is_fictional=False, country="england")} == set(
        REGION_CODES)
    wales = Council.objects.filter(country="wales", is_fictional=False)
    assert wales.count() == 22 and {council.code for council in wales} == {str(n) for n in range(660, 682)}
    assert Council.objects.get(code="681").label == "Cardiff (681, Wales)"
    assert Council.objects.get(code="301").name == "Barking and Dagenham"
    unconfirmed = {council.code for council in current if "to confirm" in council.source}
    assert unconfirmed == {"815", "825", "838", "839", "933", "940", "941", "942", "943"}


def test_an_administrator_changes_a_councils_cme_contact_and_an_officer_cannot(client, signed_in, la, officer):
    admin = user_with_role(Role.ADMINISTRATOR, la)
    response = signed_in(admin).post(reverse("partners:council-edit", args=["938"]), {
        "email": "cme@westsussex.example", "phone": "01632 960999", "address": "Fictional address"})
    assert response.status_code == 302
    assert Council.objects.get(code="938").cme_team_email == "cme@westsussex.example"
    client.logout()
    assert signed_in(officer).get(reverse("partners:council-edit", args=["938"])).status_code == 403


def test_the_dfe_statistics_format_loads_and_keeps_contacts():
    from cme.accounts.councils import load_councils, read_councils

    council = Council.objects.get(code="938")
    council.cme_team_email = "kept@example.gov.uk"
    council.save()
    rows = read_councils("old_la_code,new_la_code,la_name\n938,E10000032,West Sussex\n", source="test file")
    assert load_councils(Council, rows) == (0, 1)
    council.refresh_from_db()
    assert council.ons_code == "E10000032" and council.cme_team_email == "kept@example.gov.uk"


# -- "known elsewhere" and search before create --------------------------------------------------

@pytest.fixture
def held_elsewhere(other_la, councils):
    """A child Otherborough holds (with an address nobody else may see), and its CME team's email."""
    _, there, _ = councils
    there.cme_team_email = "cme@otherborough.example"
    there.save()
    theirs = ChildFactory(local_authority=other_la, first_name="Robin", last_name="Referred",
                          date_of_birth=dt.date(2015, 5, 5))
    ChildAddressFactory(child=theirs, line_1="9 Secret Street")
    return theirs


def test_triage_shows_only_that_another_council_holds_the_child_and_logs_it_on_both_sides(
        client, signed_in, la, other_la, officer, held_elsewhere):
    theirs = held_elsewhere
    referral = _submitted_referral(la, officer)
    page = html(signed_in(officer).get(reverse("referrals:triage", args=[referral.reference])))
    shown = text_of(page.select_one("[data-testid=known-elsewhere]"))
    assert "Otherborough Council holds a record" in shown and "cme@otherborough.example" in shown
    assert "Secret Street" not in text_of(page.select_one("main"))
    assert AccessEvent.objects.filter(local_authority=other_la, record_type="known-elsewhere", user=officer,
                                      child_ids__contains=[theirs.pk]).exists()
    assert AccessEvent.objects.filter(local_authority=la, record_type="known-elsewhere", user=officer).exists()


def test_adding_a_child_another_council_holds_shows_only_that_council_and_logs_it_on_both_sides(
        client, signed_in, la, other_la, officer, held_elsewhere):
    theirs = held_elsewhere
    page = html(signed_in(officer).post(reverse("children:new"), {
        "first_name": "Robin", "middle_names": "", "last_name": "Referred", "date_of_birth-day": "5",
        "date_of_birth-month": "5", "date_of_birth-year": "2015", "sex": "F", "postcode": "", "upn": ""}))
    shown = text_of(page.select_one("[data-testid=known-elsewhere]"))
    assert "Otherborough Council holds a record" in shown and "cme@otherborough.example" in shown
    assert "Secret Street" not in text_of(page.select_one("main"))
    assert AccessEvent.objects.filter(local_authority=other_la, record_type="known-elsewhere", user=officer,
                                      child_ids__contains=[theirs.pk]).exists()


def test_adding_a_child_no_other_council_holds_says_nothing_about_other_councils(client, signed_in, officer, councils):
    page = html(signed_in(officer).post(reverse("children:new"), {
        "first_name": "Unique", "middle_names": "", "last_name": "Nobodyelse", "date_of_birth-day": "5",
        "date_of_birth-month": "5", "date_of_birth-year": "2015", "sex": "F", "postcode": "", "upn": ""}))
    assert page.select_one("[data-testid=known-elsewhere]") is None


def test_searching_children_for_a_child_held_only_elsewhere_shows_that_council_and_logs_it_on_both_sides(
        client, signed_in, la, other_la, officer, held_elsewhere):
    theirs = held_elsewhere
    page = html(signed_in(officer).get(reverse("children:list"), {"q": "Referred Robin 05/05/2015"}))
    shown = text_of(page.select_one("[data-testid=known-elsewhere]"))
    assert "Otherborough Council holds a record" in shown and "cme@otherborough.example" in shown
    main = text_of(page.select_one("main"))
    assert "Secret Street" not in main and theirs.reference not in main and "No children match" in main
    there = AccessEvent.objects.get(local_authority=other_la, record_type="known-elsewhere", user=officer)
    assert there.child_ids == [theirs.pk] and "Children list" in there.purpose
    here = AccessEvent.objects.get(local_authority=la, record_type="known-elsewhere", user=officer)
    assert "held by Otherborough Council" in here.purpose and here.child_ids == []


def test_a_search_that_finds_the_child_here_or_names_no_one_exactly_asks_no_other_council(
        client, signed_in, la, officer, held_elsewhere):
    ChildFactory(local_authority=la, first_name="Robin", last_name="Referred", date_of_birth=dt.date(2015, 5, 5))
    client_ = signed_in(officer)
    for query in ("Robin Referred 5/5/2015", "Referred", "Robin Referred", "Rob 5/5/2015"):
        page = html(client_.get(reverse("children:list"), {"q": query}))
        assert page.select_one("[data-testid=known-elsewhere]") is None, query
    assert not AccessEvent.objects.filter(record_type="known-elsewhere").exists()


def test_in_a_deployment_of_one_council_an_exact_search_asks_nobody_and_logs_no_lookup(signed_in, la, officer):
    page = html(signed_in(officer).get(reverse("children:list"), {"q": "Robin Referred 5/5/2015"}))
    assert page.select_one("[data-testid=known-elsewhere]") is None
    assert not AccessEvent.objects.filter(record_type="known-elsewhere").exists()


def test_a_later_page_of_an_exact_search_asks_no_other_council(la, officer, held_elsewhere):
    """The first page has asked already, and the child found here may be on it, not on this one."""
    from django.core.paginator import Paginator

    from cme.children.selectors import ChildList, known_elsewhere_for_search

    query = "Robin Referred 5/5/2015"
    pages = Paginator(["a near match", "another"], 1)
    assert known_elsewhere_for_search(user=officer, found=ChildList(query=query, searched=True, page=pages.page(2))) == []
    assert not AccessEvent.objects.filter(record_type="known-elsewhere").exists()
    first = ChildList(query=query, searched=True, page=Paginator([], 1).page(1))
    assert [e.council for e in known_elsewhere_for_search(user=officer, found=first)] == ["Otherborough Council"]


def test_a_search_by_upn_held_elsewhere_shows_that_council(signed_in, officer, held_elsewhere):
    held_elsewhere.upn = "A999000000123"
    held_elsewhere.save(update_fields=["upn"])
    page = html(signed_in(officer).get(reverse("children:list"), {"q": "a999000000123"}))
    assert "Otherborough Council holds a record" in text_of(page.select_one("[data-testid=known-elsewhere]"))


def test_users_who_do_not_triage_are_told_nothing_about_other_councils(signed_in, la, auditor, held_elsewhere):
    page = html(signed_in(auditor).get(reverse("children:list"), {"q": "Robin Referred 5/5/2015"}))
    assert page.select_one("[data-testid=known-elsewhere]") is None
    assert not AccessEvent.objects.filter(record_type="known-elsewhere").exists()


def test_accepting_a_child_the_receiving_council_knows_uses_its_record(la, other_la, officer, case, councils):
    _, there, _ = councils
    known = ChildFactory(local_authority=other_la, first_name="Tamsin", last_name="Fictional",
                         date_of_birth=case.child.date_of_birth)
    enquiry, _, _ = services.enquiry_send(case=case, officer=officer, council=there, questions="Known?")
    b_officer = user_with_role(Role.CME_OFFICER, other_la)
    services.enquiry_respond(enquiry=enquiry, user=b_officer, status=EnquiryStatus.ACCEPTED, answer="")
    enquiry.refresh_from_db()
    assert enquiry.receiving_case.child == known


def _pdf(name: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", content_type="application/pdf")


def test_an_agency_sends_documents_with_its_answer_and_only_the_case_team_can_open_them(client, signed_in, la, officer,
                                                                                        case):
    agency_user = user_with_role(Role.AGENCY_USER, la)
    other_agency_user = user_with_role(Role.AGENCY_USER, la)
    check = services.check_send(case=case, officer=officer, agency=agency_user.agency, team="", question="Known?",
                                fields=["name"], school_days=5)
    form = html(signed_in(agency_user).get(reverse("partners:check", args=[check.pk])))
    assert form.select_one("input[type=file][name=documents]").has_attr("multiple")
    response = signed_in(agency_user).post(reverse("partners:check", args=[check.pk]), {
        "known": "yes", "address_held": "", "worker_name": "", "answer": "See the chronology",
        "documents": [_pdf("chronology.pdf"), _pdf("visit-notes.pdf")], "version": check.version})
    assert response.status_code == 302
    first, second = check.documents.order_by("id")
    assert (first.original_name, second.original_name) == ("chronology.pdf", "visit-notes.pdf")
    chronology = list(case.timeline.values_list("text", flat=True))
    assert any("answered by" in line and "(with 2 documents)" in line for line in chronology)
    assert any(line.startswith("Document 1 of 2 from") and "chronology.pdf" in line for line in chronology)
    assert any(line.startswith("Document 2 of 2 from") and "visit-notes.pdf" in line for line in chronology)
    client.logout()
    page = html(signed_in(officer).get(reverse("partners:case", args=[case.pk])))
    assert {a.text for a in page.select("[data-testid=checks] a[download]")} == {"chronology.pdf", "visit-notes.pdf"}
    for document in (first, second):
        assert signed_in(officer).get(reverse("partners:check-document", args=[document.pk])).status_code == 200
    client.logout()
    assert signed_in(other_agency_user).get(reverse("partners:check-document", args=[first.pk])).status_code == 404


def test_one_document_that_is_not_what_it_says_refuses_the_whole_answer(signed_in, la, officer, case):
    from django.core.files.uploadedfile import SimpleUploadedFile

    agency_user = user_with_role(Role.AGENCY_USER, la)
    check = services.check_send(case=case, officer=officer, agency=agency_user.agency, team="", question="Known?",
                                fields=["name"], school_days=5)
    fake = SimpleUploadedFile("report.pdf", b"MZ\x90\x00 not a pdf at all", content_type="application/pdf")
    response = signed_in(agency_user).post(reverse("partners:check", args=[check.pk]), {
        "known": "yes", "answer": "", "documents": [_pdf("fine.pdf"), fake], "version": check.version})
    assert response.status_code == 400
    assert "report.pdf: The selected file must be a PDF" in text_of(html(response).select_one(".govuk-error-summary"))
    check.refresh_from_db()
    assert check.status == CheckStatus.SENT and not check.documents.exists()


def test_too_many_documents_are_refused(la, officer, case):
    from django.core.exceptions import ValidationError

    agency_user = user_with_role(Role.AGENCY_USER, la)
    check = services.check_send(case=case, officer=officer, agency=agency_user.agency, team="", question="Known?",
                                fields=["name"], school_days=5)
    with pytest.raises(ValidationError, match="up to 10 documents"):
        services.check_answer(check=check, user=agency_user, known=True, last_contact=None, address_held="",
                              worker_name="", answer="", documents=[_pdf(f"{n}.pdf") for n in range(11)])


def test_secure_links_are_rate_limited(client, settings):
    settings.CME_SECURE_LINK_RATE = "2/h"
    statuses = [client.get(reverse("partners:answer-link", args=["made-up:token"])).status_code for _ in range(3)]
    assert statuses[-1] == 429 and "too many tries" in text_of(html(client.get(
        reverse("partners:answer-link", args=["made-up:token"]))).select_one("main")).lower()
