"""Enquiries from other councils in the receiving council's triage queue, as their own source,
and their answer drafted from the receiving council's own records for the officer to confirm.
The queue's inset about them appears only where other councils share the deployment."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from cme.accounts.models import Council
from cme.accounts.roles import Role
from cme.audit.models import AccessEvent
from cme.partners import services
from cme.partners.models import CouncilEnquiry, EnquiryStatus
from cme.schools.models import Registration, RegistrationSource
from tests.conftest import html, text_of
from tests.factories.models import (
    ChildAddressFactory,
    ChildFactory,
    LocalAuthorityFactory,
    SchoolFactory,
    open_case,
    user_with_role,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def enquiry(la, other_la, officer):
    Council.objects.create(code=la.code, name=la.name, local_authority=la, is_fictional=True)
    there = Council.objects.create(code=other_la.code, name=other_la.name, local_authority=other_la, is_fictional=True)
    child = ChildFactory(local_authority=la, first_name="Wren", last_name="Quayle", date_of_birth=dt.date(2014, 5, 6),
                         upn="")
    ChildAddressFactory(child=child, line_1="4 Lost Lane", town="Demoford", postcode="TE1 4LL")
    case = open_case(officer=officer, child=child, start_date=dt.date(2026, 10, 1))
    with time_machine.travel(dt.datetime(2026, 11, 27, 9, 0, tzinfo=dt.UTC)):
        sent, _, _ = services.enquiry_send(case=case, officer=officer, council=there,
                                           questions="Is Wren known to you? On roll at which school? Address held?")
    return sent


@pytest.fixture
def b_officer(other_la):
    return user_with_role(Role.CME_OFFICER, other_la, full_name="Bea Receiver")


def test_a_waiting_enquiry_is_a_row_of_the_receiving_councils_triage_queue(client, signed_in, officer, enquiry,
                                                                          b_officer):
    with time_machine.travel(dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)):
        page = html(signed_in(b_officer).get(reverse("referrals:queue")))
    [row] = page.select("[data-testid=council-enquiry]")
    cells = {cell["data-label"]: text_of(cell) for cell in row.select("td")}
    assert cells["From"] == "Testshire County Council" or "Testshire" in cells["From"]
    assert "Wren Quayle" in cells["Child"] and "6 May 2014" in cells["Child"] and "4 Lost Lane" in cells["Child"]
    assert "On roll at which school?" in cells["What they ask"]
    assert cells["Waiting"] == "3 days"
    assert row.select_one("a")["href"] == reverse("partners:enquiry", args=[enquiry.pk])
    listed = AccessEvent.objects.filter(user=b_officer, record_type="council-enquiry-list").get()
    assert "triage queue" in listed.purpose

    # Their own source: chosen alone, only they are shown; another source alone hides them.
    only = html(signed_in(b_officer).get(reverse("referrals:queue") + "?source=other-council"))
    assert only.select("[data-testid=council-enquiry]") and not only.select("[data-testid=queue]")
    schools_only = html(signed_in(b_officer).get(reverse("referrals:queue") + "?source=school"))
    assert not schools_only.select("[data-testid=council-enquiry]") and schools_only.select("[data-testid=queue]")
    searched = html(signed_in(b_officer).get(reverse("referrals:queue") + "?q=quayle"))
    assert searched.select("[data-testid=council-enquiry]")
    assert not html(signed_in(b_officer).get(reverse("referrals:queue") + "?q=nobody")).select(
        "[data-testid=council-enquiry]")

    # The sending council's queue does not show it: it is waiting for the other council.
    client.logout()
    assert not html(signed_in(officer).get(reverse("referrals:queue"))).select("[data-testid=council-enquiry]")


def test_the_inset_about_other_councils_shows_only_where_other_councils_share_the_deployment(signed_in, la, officer):
    alone = html(signed_in(officer).get(reverse("referrals:queue")))
    assert "other councils" not in text_of(alone.select_one("main")).lower()
    assert not alone.select("[data-testid=council-enquiries]")
    assert "Another council" not in text_of(alone.select_one("main form"))  # no such source to filter by
    LocalAuthorityFactory(code="991", name="Otherborough Council")
    shared = html(signed_in(officer).get(reverse("referrals:queue")))
    assert "No enquiries from other councils on this service are waiting" in text_of(
        shared.select_one("[data-testid=council-enquiries]"))
    assert "Another council (an enquiry)" in text_of(shared.select_one("main form"))


def test_the_answer_is_drafted_from_the_receiving_councils_record_and_the_officer_confirms_it(
        client, signed_in, officer, enquiry, b_officer, other_la):
    ours = ChildFactory(local_authority=other_la, first_name="Wren", last_name="Quayle",
                        date_of_birth=dt.date(2014, 5, 6), upn="")
    ChildAddressFactory(child=ours, line_1="9 Found Street", town="Otherton", postcode="OT1 9FS",
                        moved_in=dt.date(2026, 11, 2))
    school = SchoolFactory(local_authority=other_la, name="Otherton Academy")
    Registration.objects.create(child=ours, school=school, school_laestab=school.laestab, school_name=school.name,
                                entry_date=dt.date(2026, 11, 9), source=RegistrationSource.CTF)
    page = html(signed_in(b_officer).get(reverse("partners:enquiry", args=[enquiry.pk])))
    records = text_of(page.select_one("[data-testid=own-records]"))
    assert "drafted from Wren Quayle's record" in records and "Otherton Academy" in records
    assert page.select_one("input[name=status][checked]")["value"] == EnquiryStatus.FOUND
    draft = page.select_one("textarea[name=answer]").text
    assert f"On roll at Otherton Academy ({school.laestab}) since 9 November 2026" in draft
    assert "9 Found Street" in draft and ours.reference not in draft  # our own references are not shared
    looked = AccessEvent.objects.filter(user=b_officer, record_type="child", record_id=ours.pk).get()
    assert enquiry.reference in looked.purpose

    # The officer edits the draft and sends it: the sender sees what was sent.
    response = signed_in(b_officer).post(reverse("partners:enquiry", args=[enquiry.pk]), {
        "status": EnquiryStatus.FOUND, "answer": draft + " Family seen at school.", "version": enquiry.version})
    assert response.status_code == 302
    enquiry.refresh_from_db()
    assert enquiry.status == EnquiryStatus.FOUND and enquiry.answer.endswith("Family seen at school.")
    assert "Otherton Academy" in " ".join(enquiry.from_case.timeline.values_list("text", flat=True))


def test_with_no_record_here_the_draft_says_not_known_and_a_weak_match_is_only_offered(signed_in, enquiry, b_officer,
                                                                                      other_la):
    page = html(signed_in(b_officer).get(reverse("partners:enquiry", args=[enquiry.pk])))
    # The sender gave a name, date of birth and postcode but no UPN: the page and the draft
    # say what was searched, and do not claim a search by UPN.
    assert "(searched by name, date of birth and postcode)" in text_of(page.select_one("[data-testid=own-records]"))
    assert page.select_one("input[name=status][checked]")["value"] == EnquiryStatus.NOT_KNOWN
    draft = page.select_one("textarea[name=answer]").text
    assert "by name, date of birth and postcode and hold no record of this child" in draft and "UPN" not in draft

    maybe = ChildFactory(local_authority=other_la, first_name="Wren", last_name="Quayle", date_of_birth=None, upn="")
    page = html(signed_in(b_officer).get(reverse("partners:enquiry", args=[enquiry.pk])))
    assert page.select("[data-testid=own-record]")
    assert not page.select("input[name=status][checked]") and not page.select_one("textarea[name=answer]").text.strip()
    page = html(signed_in(b_officer).get(reverse("partners:enquiry", args=[enquiry.pk]) + f"?record={maybe.pk}"))
    assert page.select_one("input[name=status][checked]")["value"] == EnquiryStatus.ACKNOWLEDGED
    assert "We hold no school registration" in page.select_one("textarea[name=answer]").text
    page = html(signed_in(b_officer).get(reverse("partners:enquiry", args=[enquiry.pk]) + "?record=none"))
    assert page.select_one("input[name=status][checked]")["value"] == EnquiryStatus.NOT_KNOWN


def test_another_councils_officer_gets_no_draft_and_no_search_of_records(client, signed_in, enquiry, la, other_la):
    third = user_with_role(Role.CME_OFFICER, la)  # the sending council: it sees its enquiry, not the form
    page = html(signed_in(third).get(reverse("partners:enquiry", args=[enquiry.pk])))
    assert not page.select("[data-testid=own-records]") and not page.select("textarea[name=answer]")
    assert not CouncilEnquiry.objects.exclude(status=EnquiryStatus.SENT).exists()
    # Nobody's records were searched for them: no child was looked at in their name.
    assert not AccessEvent.objects.filter(user=third, record_type="child").exclude(
        record_id=enquiry.from_case.child_id).exists()


def test_accepting_an_enquiry_about_a_child_known_here_by_three_names_uses_that_record(signed_in, la, other_la,
                                                                                       officer, b_officer):
    """Found: the page drafted the answer from "Amy Jane Quayle's" record, but accepting read the
    name as first "Amy", last "Jane Quayle", found nobody and made a second record and case."""
    from cme.cases.models import Case
    from cme.children.models import Child

    Council.objects.create(code=la.code, name=la.name, local_authority=la, is_fictional=True)
    there = Council.objects.create(code=other_la.code, name=other_la.name, local_authority=other_la, is_fictional=True)
    theirs = ChildFactory(local_authority=la, first_name="Amy", middle_names="Jane", last_name="Quayle",
                          date_of_birth=dt.date(2013, 2, 3), upn="")
    case = open_case(officer=officer, child=theirs, start_date=dt.date(2026, 10, 1))
    sent, _, _ = services.enquiry_send(case=case, officer=officer, council=there, questions="Will you take the case?")
    ours = ChildFactory(local_authority=other_la, first_name="Amy", middle_names="Jane", last_name="Quayle",
                        date_of_birth=dt.date(2013, 2, 3), upn="")
    response = signed_in(b_officer).post(reverse("partners:enquiry", args=[sent.pk]), {
        "status": EnquiryStatus.ACCEPTED, "answer": "She lives here now.", "version": sent.version})
    assert response.status_code == 302
    assert list(Child.objects.filter(local_authority=other_la)) == [ours]
    assert Case.objects.filter(local_authority=other_la, child=ours).count() == 1


def _answer_form(page) -> dict:
    """What the page's answer form sends as it stands: its hidden fields and drafted answer."""
    form = page.select_one("textarea[name=answer]").find_parent("form")
    sent = {field["name"]: field.get("value", "") for field in form.select("input[type=hidden]")}
    return sent | {"answer": form.select_one("textarea[name=answer]").text}


def test_accepting_opens_the_case_for_the_record_the_officer_chose(signed_in, enquiry, b_officer, other_la):
    """Found: the officer drafted the answer from one record (`?record=`), and accepting searched
    again and opened the case for whichever record the search found first, or a new one."""
    from cme.cases.models import Case
    from cme.children.models import Child

    exact = ChildFactory(local_authority=other_la, first_name="Wren", last_name="Quayle",
                         date_of_birth=dt.date(2014, 5, 6), upn="")
    chosen = ChildFactory(local_authority=other_la, first_name="Wren", last_name="Quayle", date_of_birth=None, upn="")
    url = reverse("partners:enquiry", args=[enquiry.pk]) + f"?record={chosen.pk}"
    page = html(signed_in(b_officer).get(url))
    assert "drafted from Wren Quayle's record" in text_of(page.select_one("[data-testid=own-records]"))
    looked = AccessEvent.objects.order_by("pk").last().pk
    response = signed_in(b_officer).post(url, _answer_form(page) | {"status": EnquiryStatus.ACCEPTED})
    assert response.status_code == 302
    assert Case.objects.get(local_authority=other_la).child == chosen
    assert not Case.objects.filter(child=exact).exists()
    assert Child.objects.filter(local_authority=other_la).count() == 2
    # Sending the answer searched nobody's records again: only the enquiry and the new case were read.
    assert not AccessEvent.objects.filter(pk__gt=looked, record_type="child").exclude(record_id=chosen.pk).exists()


def test_accepting_a_child_the_officer_said_is_not_known_here_makes_a_new_record(signed_in, enquiry, b_officer,
                                                                                 other_la):
    from cme.cases.models import Case

    namesake = ChildFactory(local_authority=other_la, first_name="Wren", last_name="Quayle",
                            date_of_birth=dt.date(2014, 5, 6), upn="")
    url = reverse("partners:enquiry", args=[enquiry.pk]) + "?record=none"
    page = html(signed_in(b_officer).get(url))
    # The words drafted for "not known", sent unchanged under "we accept", are refused: the
    # sender would read that the child is both accepted and not known here.
    response = signed_in(b_officer).post(url, _answer_form(page) | {"status": EnquiryStatus.ACCEPTED})
    assert response.status_code == 400
    assert "These words were drafted for the answer “The child is not known here”" in text_of(
        html(response).select_one(".govuk-error-summary"))
    assert not Case.objects.filter(local_authority=other_la).exists()
    response = signed_in(b_officer).post(url, _answer_form(page) | {
        "status": EnquiryStatus.ACCEPTED, "answer": "Wren has moved here with her mother: we will open a case."})
    assert response.status_code == 302
    opened = Case.objects.get(local_authority=other_la)
    assert opened.child != namesake and opened.child.first_name == "Wren"


def test_accepting_with_a_record_not_in_the_councils_index_is_refused_and_nothing_is_opened(signed_in, enquiry,
                                                                                           b_officer, other_la):
    from cme.cases.models import Case

    page = html(signed_in(b_officer).get(reverse("partners:enquiry", args=[enquiry.pk])))
    response = signed_in(b_officer).post(reverse("partners:enquiry", args=[enquiry.pk]), _answer_form(page) | {
        "status": EnquiryStatus.ACCEPTED, "answer": "She lives here now.",
        "record": str(enquiry.from_case.child_id)})  # the sender's own record
    assert response.status_code == 400
    assert "no longer in your council's index" in text_of(html(response).select_one(".govuk-error-summary"))
    assert not Case.objects.filter(local_authority=other_la).exists()
    enquiry.refresh_from_db()
    assert enquiry.status == EnquiryStatus.SENT
    response = signed_in(b_officer).post(reverse("partners:enquiry", args=[enquiry.pk]), _answer_form(page) | {
        "status": EnquiryStatus.ACCEPTED, "answer": "She lives here now.", "record": "'; drop"})
    assert response.status_code == 400
    assert "Choose the record to answer from again" in text_of(html(response).select_one(".govuk-error-summary"))


def test_the_records_that_may_be_the_child_are_read_together_not_one_at_a_time(signed_in, enquiry, b_officer,
                                                                               other_la):
    """Found: each candidate's registrations, address and open case took queries of their own."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for born in (dt.date(2014, 5, 6), dt.date(2014, 6, 5), dt.date(2015, 5, 6), None):
        namesake = ChildFactory(local_authority=other_la, first_name="Wren", last_name="Quayle", date_of_birth=born,
                                upn="")
        ChildAddressFactory(child=namesake, postcode="TE1 4LL")
    with CaptureQueriesContext(connection) as queries:
        page = html(signed_in(b_officer).get(reverse("partners:enquiry", args=[enquiry.pk])))
    assert len(page.select("[data-testid=own-record]")) == 4
    for table in ("schools_registration", "children_childaddress", "cases_case"):
        reads = [q["sql"] for q in queries.captured_queries
                 if q["sql"].startswith("SELECT") and f'FROM "{table}"' in q["sql"]]
        assert len(reads) <= 2, (table, reads)


@pytest.mark.parametrize(("query", "shown"), [
    ("", True), ("?risk=none", True), ("?source=other-council", True), ("?q=Wren", True),
    ("?risk=high", False), ("?risk=medium&risk=low", False), ("?source=public", False), ("?q=Nobody", False),
    ("?status=accepted", False), ("?status=rejected", False), ("?status=redirected", False)])
def test_the_queues_filters_and_tabs_show_a_waiting_enquiry_only_where_it_belongs(signed_in, enquiry, b_officer,
                                                                                  query, shown):
    """An enquiry waits for an answer, has no risk level and is its own source: a filter by a risk
    level or another source, or a tab of referrals already decided, leaves it out."""
    page = html(signed_in(b_officer).get(reverse("referrals:queue") + query))
    assert bool(page.select("[data-testid=council-enquiry]")) is shown


@pytest.mark.parametrize("drafted_for", [EnquiryStatus.NOT_KNOWN, EnquiryStatus.FOUND, EnquiryStatus.ACKNOWLEDGED])
@pytest.mark.parametrize("status", [EnquiryStatus.ACKNOWLEDGED, EnquiryStatus.FOUND, EnquiryStatus.NOT_KNOWN,
                                    EnquiryStatus.ACCEPTED, EnquiryStatus.REJECTED])
@pytest.mark.parametrize("changed", [False, True])
def test_drafted_words_are_refused_only_unchanged_under_an_answer_that_says_the_opposite(drafted_for, status,
                                                                                          changed):
    """"Not known" words say the child is not known here; "found" and "known" words say the
    opposite. Rejecting may give either as its reason."""
    from cme.partners.forms import EnquiryAnswerForm, draft_digest

    draft = "We searched our records on 30 November 2026\nand hold no record of this child."
    sent = draft.replace("\n", "\r\n") + (" She arrived last week." if changed else "")
    form = EnquiryAnswerForm({"status": status, "answer": sent, "drafted_for": drafted_for,
                              "drafted": draft_digest(draft)})
    opposite = (drafted_for == EnquiryStatus.NOT_KNOWN) != (status == EnquiryStatus.NOT_KNOWN)
    assert form.is_valid() is not (opposite and status != EnquiryStatus.REJECTED and not changed), form.errors


def test_a_child_protection_plan_travels_with_the_enquiry_and_the_accepted_case_is_high_risk(
        signed_in, la, other_la, officer, b_officer):
    from cme.cases.models import Case
    from cme.children.models import Child

    Council.objects.create(code=la.code, name=la.name, local_authority=la, is_fictional=True)
    there = Council.objects.create(code=other_la.code, name=other_la.name, local_authority=other_la,
                                   is_fictional=True)
    child = ChildFactory(local_authority=la, first_name="Ivo", last_name="Quayle", date_of_birth=dt.date(2014, 5, 6),
                         upn="", child_protection_plan=True, has_social_worker=True)
    case = open_case(officer=officer, child=child, start_date=dt.date(2026, 10, 1))
    sent, _, _ = services.enquiry_send(case=case, officer=officer, council=there, questions="Is Ivo known to you?")
    url = reverse("partners:enquiry", args=[sent.pk]) + "?record=none"
    page = html(signed_in(b_officer).get(url))
    assert text_of(page.select_one(".govuk-warning-text")).endswith(
        f"{la.name} says: Child protection plan; Has a social worker. If you accept the case, these are set on your "
        "council's record of the child.")  # the receiving officer reads it before answering
    response = signed_in(b_officer).post(url, _answer_form(page) | {
        "status": EnquiryStatus.ACCEPTED, "answer": "Ivo has moved here: we will open a case."})
    assert response.status_code == 302
    theirs = Case.objects.get(local_authority=other_la)
    assert theirs.child.safeguarding_flags == ["Child protection plan", "Has a social worker"]
    assert (theirs.risk_level, theirs.risk_reasons[0]) == ("high", "Subject of a child protection plan")
    opened = theirs.timeline.get(kind="opened").text
    assert f"{la.name} said: Child protection plan; Has a social worker" in opened
    assert not Child.objects.get(pk=child.pk).looked_after  # nothing invented on either side


def test_an_enquiry_about_a_child_with_no_flags_says_nothing_about_safeguarding(enquiry):
    assert "Safeguarding" not in enquiry.child


def test_accepting_links_an_open_case_here_which_takes_the_flags_and_its_risk_rises(
        signed_in, la, other_la, officer, b_officer):
    Council.objects.create(code=la.code, name=la.name, local_authority=la, is_fictional=True)
    there = Council.objects.create(code=other_la.code, name=other_la.name, local_authority=other_la,
                                   is_fictional=True)
    child = ChildFactory(local_authority=la, first_name="Ola", last_name="Quayle", date_of_birth=dt.date(2014, 5, 6),
                         upn="", looked_after=True)
    sent, _, _ = services.enquiry_send(case=open_case(officer=officer, child=child), officer=officer, council=there,
                                       questions="Will you take the case?")
    ours = ChildFactory(local_authority=other_la, first_name="Ola", last_name="Quayle",
                        date_of_birth=dt.date(2014, 5, 6), upn="")
    already = open_case(officer=b_officer, child=ours)
    assert already.risk_level == "none"
    response = signed_in(b_officer).post(reverse("partners:enquiry", args=[sent.pk]) + f"?record={ours.pk}", {
        "status": EnquiryStatus.ACCEPTED, "answer": "Ola lives here: our case goes on.", "version": sent.version,
        "record": str(ours.pk)})
    assert response.status_code == 302
    already.refresh_from_db()
    assert (already.risk_level, already.risk_reasons[0]) == ("high", "In care")
    assert f"{la.name} said: In care" in " ".join(already.timeline.values_list("text", flat=True))
