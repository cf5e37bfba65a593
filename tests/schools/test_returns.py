"""School returns: every ground leads to its next step; new-pupil returns find children
with open cases; clocks flag late returns; schools act only for themselves."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from cme.accounts.roles import Role
from cme.cases import services as casework
from cme.cases.models import Case, CaseState, EheRecord, LaNotification, Task, TaskKind, TaskStatus
from cme.core import clock
from cme.rules import deletion_grounds
from cme.rules.deletion_grounds import NextStep
from cme.schools import services
from cme.schools.models import DeletionReturn, MatchStatus, NewPupilReturn, Registration
from tests.conftest import html, text_of
from tests.factories.models import ChildAddressFactory, ChildFactory, LocalAuthorityFactory, SchoolFactory, user_with_role

from .helpers import PUPIL, PUPIL_FORM, deletion

pytestmark = pytest.mark.django_db

TODAY = clock.today()


@pytest.fixture
def school(la):
    return SchoolFactory(local_authority=la, name="Fiction High")


@pytest.fixture
def school_staff(la, school):
    return user_with_role(Role.SCHOOL_USER, la, school=school)


@pytest.mark.parametrize(("paragraph", "step"), [
    ("a", NextStep.AWAIT_NEW_PUPIL_RETURN), ("c", NextStep.RECORD_ONLY), ("e", NextStep.EHE_RECORD),
    ("f", NextStep.EHE_RECORD), ("g", NextStep.CME_ENQUIRY), ("h", NextStep.CME_ENQUIRY), ("i", NextStep.CME_ENQUIRY),
    ("j", NextStep.RECORD_ONLY), ("k", NextStep.RECORD_ONLY), ("l", NextStep.RECORD_ONLY),
    ("m", NextStep.CME_ENQUIRY), ("n", NextStep.CME_ENQUIRY), ("o", NextStep.CHECK_PROVISION_BY_SIXTH_DAY),
])
def test_each_ground_is_routed_and_acted_on(school, school_staff, paragraph, step):
    ground = deletion_grounds.ground_for_date(paragraph, TODAY)
    enquiries = ({"date": TODAY.isoformat(), "what": "Home visit with the LA"},) if ground.joint_enquiries_required else ()
    record = services.deletion_return_submit(school=school, user=school_staff, pupil=PUPIL,
                                             details=deletion(ground.code, joint_enquiries=enquiries))
    assert record.route_step == step
    child = record.child
    if step is NextStep.CME_ENQUIRY:
        case = Case.objects.get(child=child)
        assert case.state == CaseState.RECEIVED and record.case == case
        assert "Deletion return from Fiction High" in case.timeline.first().text
    else:
        assert not Case.objects.filter(child=child).exists()
    if step is NextStep.EHE_RECORD:
        assert EheRecord.objects.get(child=child).deletion_return == record
    if step is NextStep.AWAIT_NEW_PUPIL_RETURN:
        assert Task.objects.get(child=child).kind == TaskKind.AWAIT_NEW_PUPIL_RETURN
    if step is NextStep.CHECK_PROVISION_BY_SIXTH_DAY:
        task = Task.objects.get(child=child)
        assert task.kind == TaskKind.CHECK_PROVISION and task.due_on > TODAY


def test_twenty_day_absence_without_joint_enquiries_is_flagged(school, school_staff):
    record = services.deletion_return_submit(school=school, user=school_staff, pupil=PUPIL,
                                             details=deletion("2024-9(1)(i)"))
    assert record.route_warnings and "joint reasonable enquiries" in record.route_warnings[0]
    assert Task.objects.get(kind=TaskKind.JOINT_ENQUIRIES).case == record.case


def test_moved_to_a_known_la_notifies_it(school, school_staff, mailbox):
    other = LocalAuthorityFactory(code="330", name="Elsewhere Council", cme_contact_email="cme@elsewhere.example")
    record = services.deletion_return_submit(school=school, user=school_staff, pupil=PUPIL,
                                             details=deletion("2024-9(1)(g)", new_la_code="330", new_address="9 Far Road"))
    assert record.route_step == NextStep.LA_TO_LA_NOTIFICATION
    notification = LaNotification.objects.get()
    assert notification.to_la == other and "9 Far Road" in notification.summary
    message = mailbox.wait_for(1)[0]
    assert message.recipients == ["cme@elsewhere.example"] and "Tomasz" not in message.body


def test_a_2006_ground_is_refused_for_a_2025_deletion(school, school_staff):
    with pytest.raises(ValidationError, match="choose a ground from the 2024 regulations"):
        services.deletion_return_submit(school=school, user=school_staff, pupil=PUPIL,
                                        details=deletion("2006-8(1)(h)", dt.date(2025, 3, 1)))


def test_a_return_after_the_deletion_date_is_late_and_one_on_the_day_is_not(school, school_staff):
    record = services.deletion_return_submit(school=school, user=school_staff, pupil=PUPIL,
                                             details=deletion("2024-9(1)(k)", TODAY - dt.timedelta(days=3)))
    on_the_day = services.deletion_return_submit(school=school, user=school_staff, pupil=PUPIL,
                                                 details=deletion("2024-9(1)(k)", TODAY))
    assert (record.is_late, on_the_day.is_late) == (True, False)


def test_registered_elsewhere_waits_then_the_new_pupil_return_closes_the_task(la, school, school_staff):
    destination = SchoolFactory(local_authority=la, name="Destination Academy")
    services.deletion_return_submit(school=school, user=school_staff, pupil=PUPIL,
                                    details=deletion("2024-9(1)(a)", destination_school_id=destination.pk))
    task = Task.objects.get()
    assert task.status == TaskStatus.OPEN and "Destination Academy" in task.title
    other_staff = user_with_role(Role.SCHOOL_USER, la, school=destination)
    services.new_pupil_return_submit(school=destination, user=other_staff, pupil=PUPIL,
                                     entry=services.EntryDetails(entered_on=TODAY, starting_day=TODAY))
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE and "Destination Academy" in task.done_note


def test_new_pupil_return_for_a_child_with_an_open_case_is_found_on_roll(la, school, school_staff, officer):
    child = ChildFactory(local_authority=la, first_name="Tomasz", last_name="Returnson",
                         date_of_birth=dt.date(2013, 5, 17), sex="M")
    case = Case.objects.create(local_authority=la, child=child, primary_reason=18, start_date=TODAY)
    record = services.new_pupil_return_submit(school=school, user=school_staff, pupil=PUPIL,
                                              entry=services.EntryDetails(entered_on=TODAY, starting_day=TODAY))
    assert (record.child, record.match_status, record.matched_case) == (child, MatchStatus.FOUND_ON_ROLL, case)
    assert "Found on roll" in case.timeline.first().text
    casework.found_on_roll_decide(record=record, officer=officer, same_child=True)
    case.refresh_from_db()
    # The school's place becomes the case's provision: the case is monitored before it may close.
    assert case.state == CaseState.MONITORING and case.whereabouts_known
    assert case.placements.get().school == school
    assert Registration.objects.filter(child=child, school=school).exists()


def test_a_likely_but_uncertain_match_is_still_shown_on_the_case(la, school, school_staff):
    # Same surname and birthday, a first name spelt a little differently, and the index
    # has another address: not linked automatically, but the officer is asked.
    child = ChildFactory(local_authority=la, first_name="Tomas", last_name="Returnson", date_of_birth=dt.date(2013, 5, 17),
                         sex="M")
    ChildAddressFactory(child=child, postcode="TE9 9ZZ")
    case = Case.objects.create(local_authority=la, child=child, primary_reason=18, start_date=TODAY)
    record = services.new_pupil_return_submit(school=school, user=school_staff, pupil=PUPIL,
                                              entry=services.EntryDetails(entered_on=TODAY, starting_day=TODAY))
    assert record.child != child
    assert (record.match_status, record.matched_case) == (MatchStatus.FOUND_ON_ROLL, case)


def test_a_returned_pupil_joins_the_known_child_even_when_a_referral_about_them_matches_better(la, school,
                                                                                                school_staff):
    from cme.referrals.models import Kind, Referral, Source, Status

    # The index has no address for the child; a referral about the same child has the postcode too, so it
    # scores higher. A pupil is linked to a child record, never to a referral: no second record is made.
    child = ChildFactory(local_authority=la, first_name="Tomasz", last_name="Returnson", date_of_birth=dt.date(2013, 5, 17),
                         sex="M", upn="")
    Referral.objects.create(local_authority=la, kind=Kind.PUBLIC, source=Source.PUBLIC, status=Status.SUBMITTED,
                            child_first_name="Tomasz", child_last_name="Returnson", child_dob=dt.date(2013, 5, 17),
                            child_postcode="TE1 2AB", answers={"child": {"sex": "M"}})
    record = services.new_pupil_return_submit(school=school, user=school_staff, pupil=PUPIL,
                                              entry=services.EntryDetails(entered_on=TODAY, starting_day=TODAY))
    assert record.child == child


def test_dismissing_a_found_on_roll_keeps_the_case_open(la, school, school_staff, officer):
    child = ChildFactory(local_authority=la, first_name="Tomasz", last_name="Returnson", date_of_birth=dt.date(2013, 5, 17))
    Case.objects.create(local_authority=la, child=child, primary_reason=18, start_date=TODAY)
    record = services.new_pupil_return_submit(school=school, user=school_staff, pupil=PUPIL,
                                              entry=services.EntryDetails(entered_on=TODAY, starting_day=TODAY))
    casework.found_on_roll_decide(record=record, officer=officer, same_child=False)
    assert Case.objects.get().state == CaseState.RECEIVED


def test_new_pupil_return_clock_is_five_days_after_entry(school, school_staff):
    on_time = services.new_pupil_return_submit(school=school, user=school_staff, pupil=PUPIL,
                                               entry=services.EntryDetails(entered_on=TODAY - dt.timedelta(days=5),
                                                                           starting_day=TODAY))
    late = services.new_pupil_return_submit(school=school, user=school_staff, pupil=PUPIL,
                                            entry=services.EntryDetails(entered_on=TODAY - dt.timedelta(days=6),
                                                                        starting_day=TODAY))
    assert (on_time.is_late, late.is_late) == (False, True)
    assert on_time.due_by == TODAY


def test_a_school_cannot_send_for_another_school(la, school, school_staff):
    other = SchoolFactory(local_authority=la)
    with pytest.raises(PermissionDenied):
        services.deletion_return_submit(school=other, user=school_staff, pupil=PUPIL, details=deletion("2024-9(1)(k)"))


def test_the_same_idempotency_key_never_makes_two_returns(school, school_staff):
    first = services.deletion_return_submit(school=school, user=school_staff, pupil=PUPIL,
                                            details=deletion("2024-9(1)(k)"), idempotency_key="k1")
    again = services.deletion_return_submit(school=school, user=school_staff, pupil=PUPIL,
                                            details=deletion("2024-9(1)(k)"), idempotency_key="k1")
    assert first.pk == again.pk and DeletionReturn.objects.count() == 1


# -- the pages ---------------------------------------------------------------------------

def test_deletion_form_asks_only_what_the_ground_needs(client, signed_in, school_staff):
    signed_in(school_staff)
    response = client.post(reverse("schools:deletion-start"), {
        "deletion_date-day": str(TODAY.day), "deletion_date-month": str(TODAY.month),
        "deletion_date-year": str(TODAY.year), "ground": "2024-9(1)(i)"})
    page = html(client.get(response.url))
    assert "Joint reasonable enquiries with the council" in text_of(page)
    assert page.select_one("#id_destination_school") is None
    response = client.get(response.url.replace("9%281%29%28i%29", "9%281%29%28g%29").replace("(i)", "(g)"))
    page = html(response)
    assert page.select_one("#id_new_address") is not None and "Joint reasonable enquiries" not in text_of(page)


def send_through_check(client, url: str, data: dict):
    """Fill in a return's form, then send it from its check-answers page (issue 13 item 13)."""
    response = client.post(url, data)
    assert response.status_code == 302 and "/check/" in response.url, response.status_code
    return client.post(response.url)


def test_deletion_return_end_to_end_through_the_pages(client, signed_in, school_staff):
    signed_in(school_staff)
    url = reverse("schools:deletion-details") + f"?ground=2024-9(1)(g)&date={TODAY.isoformat()}"
    response = send_through_check(client, url, PUPIL_FORM)
    assert response.status_code == 302
    page = html(client.get(response.url))
    assert "opened an enquiry to find the pupil" in text_of(page.select_one("[data-testid=next-step]"))


def test_deletion_form_errors_are_specific(client, signed_in, school_staff):
    signed_in(school_staff)
    url = reverse("schools:deletion-details") + f"?ground=2024-9(1)(i)&date={TODAY.isoformat()}"
    page = html(client.post(url, {**PUPIL_FORM, "parent_1_phone": "", "postcode": "NOPE"}))
    summary = [text_of(a) for a in page.select(".govuk-error-summary a")]
    assert "Enter an emergency phone number for the parent" in summary
    assert "Enter a real postcode, like DM1 4AB" in summary
    assert any("reasonable enquiries the school and the LA made together" in s for s in summary)


def test_school_b_cannot_see_school_as_returns(client, signed_in, la, school, school_staff):
    record = services.deletion_return_submit(school=school, user=school_staff, pupil=PUPIL, details=deletion("2024-9(1)(k)"))
    signed_in(school_staff)
    own = client.get(reverse("schools:returns"))
    assert own.status_code == 200 and "Returnson" in text_of(html(own))
    intruder = user_with_role(Role.SCHOOL_USER, la)
    signed_in(intruder)
    assert client.get(reverse("schools:deletion-sent", args=[record.pk])).status_code == 404
    page = client.get(reverse("schools:returns"))
    assert page.status_code == 200 and "Returnson" not in text_of(html(page))


def test_officer_confirms_found_on_roll_from_the_return_page(client, signed_in, la, school, school_staff, officer):
    child = ChildFactory(local_authority=la, first_name="Tomasz", last_name="Returnson", date_of_birth=dt.date(2013, 5, 17))
    case = Case.objects.create(local_authority=la, child=child, primary_reason=18, start_date=TODAY)
    record = services.new_pupil_return_submit(school=school, user=school_staff, pupil=PUPIL,
                                              entry=services.EntryDetails(entered_on=TODAY, starting_day=TODAY))
    signed_in(officer)
    page = html(client.get(reverse("schools:new-pupil-return", args=[record.pk])))
    assert f"Is this the child in case {case.reference}?" in text_of(page)
    response = client.post(reverse("cases:found-on-roll", args=[record.pk]), {"same_child": "yes"})
    assert response.url == reverse("cases:detail", args=[case.pk])
    assert Case.objects.get().state == CaseState.MONITORING
    assert NewPupilReturn.objects.get().match_status == MatchStatus.CONFIRMED


def test_reporting_shows_schools_that_do_not_report(client, signed_in, la, school, school_staff, officer):
    silent = SchoolFactory(local_authority=la, name="Silent School")
    child = ChildFactory(local_authority=la)
    Registration.objects.create(child=child, school=silent, school_laestab=silent.laestab, entry_date=dt.date(2020, 9, 1),
                                leaving_date=TODAY, source="roll-csv")
    services.deletion_return_submit(school=school, user=school_staff, pupil=PUPIL, details=deletion("2024-9(1)(k)"))
    signed_in(officer)
    rows = {text_of(r.select_one("td")): [text_of(td) for td in r.select("td")]
            for r in html(client.get(reverse("schools:reporting"))).select("[data-testid=reporting] tbody tr")}
    assert rows["Silent School No returns"][5] == "1"
    assert rows["Fiction High"][3] == "1"


def test_an_officer_must_answer_whether_a_pupil_found_on_roll_is_the_same_child(la, school, school_staff, officer,
                                                                                signed_in):
    child = ChildFactory(local_authority=la, first_name="Tomas", last_name="Returnson", date_of_birth=dt.date(2013, 5, 17),
                         sex="M")
    ChildAddressFactory(child=child, postcode="TE9 9ZZ")
    case = Case.objects.create(local_authority=la, child=child, primary_reason=18, start_date=TODAY)
    record = services.new_pupil_return_submit(school=school, user=school_staff, pupil=PUPIL,
                                              entry=services.EntryDetails(entered_on=TODAY, starting_day=TODAY))
    client = signed_in(officer)
    url = reverse("cases:found-on-roll", args=[record.pk])
    page = html(client.post(url, follow=True))
    assert "Select whether this is the same child" in text_of(page)
    page = html(client.post(url, {"same_child": "no"}, follow=True))
    assert "Recorded: not the same child. The case stays open." in text_of(page)
    case.refresh_from_db()
    assert case.state == CaseState.RECEIVED


def test_a_reception_pupil_starting_on_the_schools_first_day_is_exempt_by_its_own_terms(la, school, school_staff):
    from cme.schools.models import Term

    elsewhere = SchoolFactory(local_authority=la)
    Term.objects.create(local_authority=la, name="Autumn", starts=dt.date(2026, 9, 1), ends=dt.date(2026, 12, 18))
    Term.objects.create(local_authority=la, school=elsewhere, name="Autumn", starts=dt.date(2026, 9, 2),
                        ends=dt.date(2026, 12, 18))
    Term.objects.create(local_authority=la, school=school, name="Autumn", starts=dt.date(2026, 9, 3),
                        ends=dt.date(2026, 12, 18))

    def entering(day):
        return services.new_pupil_return_submit(
            school=school, user=school_staff, pupil=PUPIL,
            entry=services.EntryDetails(entered_on=day, starting_day=day, most_junior_class=True)).exempt

    assert (entering(dt.date(2026, 9, 3)), entering(dt.date(2026, 9, 2)), entering(dt.date(2026, 9, 1))) == (
        True, False, False)


# -- the most junior class is a yes/no question (issue 13, item 10) -------------------------------

def new_pupil_form(**overrides) -> dict:
    return {**PUPIL_FORM, "entered_on-day": str(TODAY.day), "entered_on-month": str(TODAY.month),
            "entered_on-year": str(TODAY.year), "starting_day-day": str(TODAY.day),
            "starting_day-month": str(TODAY.month), "starting_day-year": str(TODAY.year), **overrides}


def test_the_most_junior_class_is_asked_as_yes_or_no(client, signed_in, school_staff):
    signed_in(school_staff)
    page = html(client.get(reverse("schools:new-pupil")))
    radios = page.select("input[name=most_junior_class]")
    assert [(r["type"], r["value"]) for r in radios] == [("radio", "yes"), ("radio", "no")]
    assert "Did the pupil join the school's most junior class?" in text_of(page)


@pytest.mark.parametrize(("answer", "stored"), [("yes", True), ("no", False)])
def test_no_means_no(client, signed_in, school, school_staff, monkeypatch, answer, stored):
    """Found: "No" typed in a text box was stored as yes, exempting the return from its deadline."""
    monkeypatch.setattr(services, "first_day_of_school_year", lambda school, day: True)
    signed_in(school_staff)
    response = send_through_check(client, reverse("schools:new-pupil"), new_pupil_form(most_junior_class=answer))
    assert response.status_code == 302
    assert NewPupilReturn.objects.get().exempt is stored


@pytest.mark.parametrize(("answer", "message"), [
    ("", "Select yes if the pupil joined the school's most junior class, or no if not"),
    ("No", "Select yes if the pupil joined the school's most junior class, or no if not"),
    ("maybe", "Select yes if the pupil joined the school's most junior class, or no if not"),
])
def test_anything_but_yes_or_no_is_refused(client, signed_in, school_staff, answer, message):
    signed_in(school_staff)
    response = client.post(reverse("schools:new-pupil"), new_pupil_form(most_junior_class=answer))
    assert response.status_code == 400 and not NewPupilReturn.objects.exists()
    assert message in [text_of(a) for a in html(response).select(".govuk-error-summary a")]


# -- a return sent twice is recognised (issue 13, item 11) ------------------------------------------

def test_the_same_new_pupil_return_sent_twice_from_the_form_is_refused_and_the_school_told(client, signed_in,
                                                                                          school_staff):
    signed_in(school_staff)
    assert send_through_check(client, reverse("schools:new-pupil"), new_pupil_form(most_junior_class="no")
                              ).status_code == 302
    response = send_through_check(client, reverse("schools:new-pupil"), new_pupil_form(most_junior_class="no", sex="M"))
    assert response.status_code == 400 and NewPupilReturn.objects.count() == 1
    assert (f"You have already sent a new-pupil return for Tomasz Returnson, entered in the admission register on "
            f"{TODAY:%-d %B %Y} (on {TODAY:%-d %B %Y}). You do not need to send it again") \
        in text_of(html(response).select_one(".govuk-error-summary"))


def test_the_same_deletion_sent_twice_from_the_form_is_refused(client, signed_in, school_staff):
    signed_in(school_staff)
    url = reverse("schools:deletion-details") + f"?ground=2024-9(1)(g)&date={TODAY.isoformat()}"
    assert send_through_check(client, url, PUPIL_FORM).status_code == 302
    response = send_through_check(client, url, {**PUPIL_FORM, "first_name": "TOMASZ"})
    assert response.status_code == 400 and DeletionReturn.objects.count() == 1 and Case.objects.count() == 1
    assert "You have already sent a deletion return for Tomasz Returnson" in text_of(html(response))


@pytest.mark.parametrize("changed", [
    {"entered_on": TODAY - dt.timedelta(days=30)},  # entered again later: another registration
    {"pupil": services.Pupil(**{**PUPIL.__dict__, "first_name": "Tomas"})},  # a twin
    {"pupil": services.Pupil(**{**PUPIL.__dict__, "upn": "P207000016049"}),
     "first": services.Pupil(**{**PUPIL.__dict__, "upn": "B801200005001"})},  # the same name, another pupil
])
def test_a_different_pupil_or_date_is_not_a_duplicate(school, school_staff, changed):
    entry = services.EntryDetails(entered_on=TODAY, starting_day=TODAY)
    services.new_pupil_return_submit(school=school, user=school_staff, pupil=changed.get("first", PUPIL), entry=entry)
    services.new_pupil_return_submit(
        school=school, user=school_staff, pupil=changed.get("pupil", PUPIL),
        entry=services.EntryDetails(entered_on=changed.get("entered_on", TODAY), starting_day=TODAY))
    assert NewPupilReturn.objects.count() == 2


def test_the_same_pupil_with_its_upn_and_without_is_a_duplicate(school, school_staff):
    entry = services.EntryDetails(entered_on=TODAY, starting_day=TODAY)
    services.new_pupil_return_submit(school=school, user=school_staff, entry=entry,
                                     pupil=services.Pupil(**{**PUPIL.__dict__, "upn": "P207000016049"}))
    with pytest.raises(services.DuplicateReturn) as raised:
        services.new_pupil_return_submit(school=school, user=school_staff, pupil=PUPIL, entry=entry)
    assert raised.value.existing == NewPupilReturn.objects.get()


def test_importing_the_same_new_pupils_csv_twice_changes_nothing_and_says_so(client, signed_in, school_staff):
    """Found: the second upload made three more returns and said "New children 3"."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from .helpers import new_pupil_row, new_pupils_csv

    text = new_pupils_csv(*[new_pupil_row(first_name=name) for name in ("Ada", "Bo", "Cy")]).encode()
    signed_in(school_staff)
    url = reverse("schools:new-pupils-upload")
    first = client.post(url, {"file": SimpleUploadedFile("intake.csv", text)})
    assert text_of(html(client.get(first.url)).select_one(".govuk-panel")) == "New-pupil returns sent 3 pupils"
    again = client.post(url, {"file": SimpleUploadedFile("intake.csv", text)})
    page = html(client.get(again.url))
    assert NewPupilReturn.objects.count() == 3
    assert text_of(page.select_one(".govuk-panel")) == "No new returns to send"
    assert ("You had already sent a return for 3 pupils in this file, so they were not sent again"
            in text_of(page.select_one("[data-testid=already-sent]")))
    assert f"Line 2: Ada Newby (sent {TODAY:%-d %B %Y})" in text_of(page)


# -- messages in the GOV.UK style, not Django's (issue 13, item 14) ------------------------------------

@pytest.mark.parametrize(("field", "value", "message"), [
    ("new_address", "a" * 5000, "The pupil's new address must be 300 characters or fewer"),
    ("new_la_code", "999", "Select the local authority the pupil has moved to from the list"),
    ("sex", "X", "Sex must be F (female) or M (male)"),
    ("other_names", "a" * 251, "Other names the pupil is known by must be 250 characters or fewer"),
])
def test_deletion_form_messages_are_govuk_messages(client, signed_in, school_staff, field, value, message):
    signed_in(school_staff)
    url = reverse("schools:deletion-details") + f"?ground=2024-9(1)(g)&date={TODAY.isoformat()}"
    summary = [text_of(a) for a in html(client.post(url, {**PUPIL_FORM, field: value})).select(".govuk-error-summary a")]
    assert summary == [message]


# -- every value checked where it is saved ---------------------------------------------------

def test_the_service_refuses_a_deletion_date_more_than_60_days_ahead(school, school_staff):
    with pytest.raises(ValidationError, match="within the next 60 days"):
        services.deletion_return_submit(school=school, user=school_staff, pupil=PUPIL,
                                        details=deletion("2024-9(1)(k)", TODAY + dt.timedelta(days=61)))
    record = services.deletion_return_submit(school=school, user=school_staff, pupil=PUPIL,
                                             details=deletion("2024-9(1)(k)", TODAY + dt.timedelta(days=60)))
    assert record.deletion_date == TODAY + dt.timedelta(days=60)


def test_a_date_typed_into_step_twos_address_is_checked_as_step_one_checks_it(client, signed_in, school_staff):
    """Tried as it was found: a date 90 days ahead typed into the next step's address."""
    signed_in(school_staff)
    far = (TODAY + dt.timedelta(days=90)).isoformat()
    url = reverse("schools:deletion-details") + f"?ground=2024-9(1)(k)&date={far}"
    page = html(client.get(url))
    assert "The deletion date must be within the next 60 days" in text_of(page.select_one(".govuk-error-summary"))
    response = client.post(url, PUPIL_FORM)
    assert response.status_code == 400 and not DeletionReturn.objects.exists()


@pytest.mark.parametrize("date", ["1900-01-01", "2026-02-30", "soon"])
def test_a_date_no_ground_covers_is_explained_not_a_server_error(client, signed_in, school_staff, date):
    signed_in(school_staff)
    response = client.get(reverse("schools:deletion-details") + f"?ground=2024-9(1)(k)&date={date}")
    assert response.status_code == 400
    assert html(response).select_one(".govuk-error-summary") is not None


def test_a_ground_from_the_wrong_regulations_is_refused_by_the_service(school, school_staff):
    with pytest.raises(ValidationError, match="does not apply"):
        services.deletion_return_submit(school=school, user=school_staff, pupil=PUPIL, details=deletion("2006-8(1)(h)"))
    with pytest.raises(ValidationError, match="No deletion grounds are held"):
        services.deletion_return_submit(school=school, user=school_staff, pupil=PUPIL,
                                        details=deletion("2006-8(1)(h)", dt.date(1999, 1, 1)))
