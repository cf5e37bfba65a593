"""An officer runs a case: enquiries, whereabouts, a home visit, needs, provision, monitoring,
escalation, allocation, closing and reopening, through the pages, as an officer would; and
two people editing at once never overwrite each other."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from cme.accounts.roles import Role
from cme.audit.models import AccessEvent
from cme.cases.models import (
    Case,
    CasePeriod,
    CaseState,
    Enquiry,
    EnquiryStatus,
    Placement,
    Task,
    TaskKind,
    TaskStatus,
)
from cme.rules import dfe_return
from cme.rules.case_lifecycle import EnquiryKind
from tests.conftest import html, text_of
from tests.factories.models import ChildAddressFactory, ChildFactory, SchoolFactory, open_case, user_with_role

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 30)


@pytest.fixture(autouse=True)
def _on_a_school_day():
    with time_machine.travel(dt.datetime(2026, 11, 30, 10, 0, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def case(officer):
    child = ChildFactory(local_authority=officer.local_authority, first_name="Ada", last_name="Caseworth",
                         date_of_birth=dt.date(2013, 5, 17), sex="F")
    ChildAddressFactory(child=child, line_1="1 Imaginary Road", postcode="TE1 1AA")
    return open_case(officer=officer, child=child, primary_reason=dfe_return.UNKNOWN)


def page_of(client, case):
    return html(client.get(reverse("cases:detail", args=[case.pk])))


def post(client, name, case, data, *args):
    return client.post(reverse(name, args=[case.pk, *args]), data)


def test_a_new_case_has_its_enquiries_its_key_processes_and_its_next_tasks(client, officer, signed_in, case):
    page = page_of(signed_in(officer), case)
    enquiries = text_of(page.select_one("[data-testid=enquiries]"))
    assert "School records and staff who know the child" in enquiries and "Lost Pupil Database" in enquiries
    assert "Border Force" not in enquiries  # no move abroad is suspected
    steps = [text_of(li) for li in page.select(".govuk-task-list__item")]
    assert len(steps) == 9 and steps[0].startswith("Receive information") and "Completed" in steps[0]
    assert "Cannot start yet" in steps[7]  # monitoring, before the child has started anywhere
    tasks = text_of(page.select_one("[data-testid=case-tasks]"))
    assert "Next enquiry for Ada Caseworth: School records" in tasks and "Visit the last known address" in tasks
    next_check = Task.objects.get(case=case, kind=TaskKind.NEXT_CHECK)
    # Due five school days after the last work on the case (its opening today, Monday 30 November).
    assert next_check.owner == officer and next_check.due_on == dt.date(2026, 12, 7)


def test_recording_an_answer_completes_the_enquiry_and_goes_in_the_chronology(client, officer, signed_in, case):
    enquiry = case.enquiries.get(kind=EnquiryKind.SCHOOL_RECORDS)
    client = signed_in(officer)
    response = post(client, "cases:action", case, {
        "enquiry": enquiry.pk, "day-day": "30", "day-month": "11", "day-year": "2026", "time": "9:15am",
        "method": "phone", "whom": "Mrs Fictional, head of year, Test School", "outcome": "spoke-to-someone-else",
        "answer": "Last seen 2 October; a sibling said the family went to Testford"})
    assert response.status_code == 302
    enquiry.refresh_from_db()
    assert enquiry.status == EnquiryStatus.DONE and "went to Testford" in enquiry.result
    timeline = text_of(page_of(client, case).select_one("[data-testid=timeline]"))
    assert "Phone call to Mrs Fictional, head of year" in timeline and "30 November 2026 at 9:15am" in timeline
    assert AccessEvent.objects.filter(record_type="case", record_id=case.pk).exists()


def test_a_contact_attempt_that_fails_leaves_the_enquiry_to_do_and_a_wrong_time_is_refused(client, officer, signed_in,
                                                                                          case):
    client = signed_in(officer)
    data = {"day-day": "30", "day-month": "11", "day-year": "2026", "time": "25:61", "method": "phone",
            "whom": "Mother, 07700 900123", "outcome": "no-answer"}
    response = post(client, "cases:action", case, data)
    assert response.status_code == 400 and "Enter a real time, like 14:30" in text_of(html(response))
    assert post(client, "cases:action", case, {**data, "time": "09:05"}).status_code == 302
    assert not case.enquiries.filter(status=EnquiryStatus.DONE).exists()
    assert case.actions.get().get_outcome_display() == "No answer"


def test_the_whole_journey_to_closing_as_on_roll(client, officer, signed_in, case):
    client = signed_in(officer)
    school = SchoolFactory(local_authority=case.local_authority, name="Testford Academy")
    assert post(client, "cases:whereabouts", case, {"known": "yes", "where": "Living with an aunt at 3 Test Lane, "
                                                    "seen on a home visit", "version": case.version}).status_code == 302
    case.refresh_from_db()
    assert case.state == CaseState.LOCATED and case.whereabouts_known
    assert post(client, "cases:visit", case, {
        "day-day": "30", "day-month": "11", "day-year": "2026", "time": "08:30", "visitors": "Olu Officer",
        "address": "3 Test Lane", "seen": "The child and her aunt", "occupied": "yes",
        "neighbours": ""}).status_code == 302
    assert post(client, "cases:needs", case, {"sen": "SEN support for dyslexia", "first_language": "English",
                                               "flags": ["has_social_worker"]}).status_code == 302
    assert post(client, "cases:placement", case, {"kind": "in-year-admission", "school": school.pk,
                                                   "status": "applied", "applied_on-day": "30",
                                                   "applied_on-month": "11", "applied_on-year": "2026"}).status_code == 302
    case.refresh_from_db()
    assert case.state == CaseState.ARRANGING_PLACEMENT
    placement = Placement.objects.get(case=case)
    assert post(client, "cases:placement-edit", case, {
        "kind": "in-year-admission", "school": school.pk, "status": "started", "start_date-day": "30",
        "start_date-month": "11", "start_date-year": "2026", "version": placement.version},
        placement.pk).status_code == 302
    case.refresh_from_db()
    assert case.state == CaseState.MONITORING
    close = {"outcome": "on-roll-attending", "evidence": "Attending every day, said the head of year",
             "version": case.version}
    refused = post(client, "cases:close", case, close)
    assert refused.status_code == 400 and "record 4 attendance check-ins" in text_of(html(refused))
    for week in range(4):
        with time_machine.travel(dt.datetime(2026, 12, 7 + 7 * week, 10, 0, tzinfo=dt.UTC), tick=False):
            day = dt.date(2026, 12, 7 + 7 * week)
            client = signed_in(officer)  # a new day, a new sign-in
            response = post(client, "cases:attendance", case, {
                "checked_on-day": day.day, "checked_on-month": day.month, "checked_on-year": day.year,
                "attending": "full", "percent": "96", "told_by": "Head of year"})
            assert response.url == reverse("cases:detail", args=[case.pk])
    case.refresh_from_db()
    with time_machine.travel(dt.datetime(2027, 1, 4, 10, 0, tzinfo=dt.UTC), tick=False):
        client = signed_in(officer)
        assert post(client, "cases:close", case, {**close, "version": case.version}).url == reverse(
            "cases:detail", args=[case.pk])
        page = page_of(client, case)
    case.refresh_from_db()
    assert case.state == CaseState.CLOSED and case.closed_on == dt.date(2027, 1, 4)
    summary = text_of(page.select_one(".govuk-summary-list"))
    assert "Missing education from 1 October 2026 to 4 January 2027" in summary and "since" not in summary
    assert "On a school roll and attending" in summary
    assert CasePeriod.objects.get(case=case).ended_on == dt.date(2027, 1, 4)
    assert not Task.objects.filter(case=case, status=TaskStatus.OPEN).exists()
    assert "Has a social worker" in text_of(page.select_one("[data-testid=child-flags]"))


def test_a_case_cannot_close_as_moved_abroad_without_the_border_force_enquiry(client, officer, signed_in, case):
    client = signed_in(officer)
    post(client, "cases:reason", case, {"primary_reason": dfe_return.BELIEVED_MOVED_TO_ANOTHER_COUNTRY,
                                         "version": case.version})
    case.refresh_from_db()
    border = case.enquiries.get(kind=EnquiryKind.BORDER_FORCE)  # the new reason added its enquiry
    data = {"outcome": "moved-abroad", "evidence": "A neighbour says the family flew to Portugal", "version": case.version}
    response = post(client, "cases:close", case, data)
    assert response.status_code == 400
    assert "Border Force or the Home Office" in text_of(html(response).select_one(".govuk-error-summary"))
    for kind in (EnquiryKind.SCHOOL_RECORDS, EnquiryKind.LOST_PUPIL_DATABASE):
        enquiry = case.enquiries.get(kind=kind)
        post(client, "cases:enquiry-status", case, {"status": "done", "result": "Not known there"}, enquiry.pk)
    post(client, "cases:action", case, {"enquiry": border.pk, "day-day": "30", "day-month": "11", "day-year": "2026",
                                        "method": "secure-message", "whom": "Border Force (fictional desk)",
                                        "outcome": "known", "answer": "Left the UK on 3 October 2026"})
    case.refresh_from_db()
    assert post(client, "cases:close", case, {**data, "version": case.version}).status_code == 302
    assert Case.objects.get().get_outcome_display() == "Moved abroad, with the evidence"


def test_reopening_starts_a_new_period_and_needs_a_reason(client, officer, manager, signed_in, case):
    Case.objects.filter(pk=case.pk).update(state=CaseState.CLOSED, closed_on=dt.date(2026, 11, 1), outcome="died")
    CasePeriod.objects.filter(case=case).update(ended_on=dt.date(2026, 11, 1))
    case.refresh_from_db()
    client = signed_in(officer)
    response = post(client, "cases:reopen", case, {"reason": "", "version": case.version})
    assert response.status_code == 400 and "Give the reason for reopening the case" in text_of(html(response))
    assert post(client, "cases:reopen", case, {"reason": "Recorded in error: the child is alive and was seen today",
                                                "version": case.version}).status_code == 302
    case.refresh_from_db()
    assert case.state == CaseState.MAKING_ENQUIRIES and case.start_date == TODAY and not case.outcome
    assert list(case.periods.values_list("started_on", "ended_on")) == [(dt.date(2026, 10, 1), dt.date(2026, 11, 1)),
                                                                        (TODAY, None)]


def test_two_officers_editing_at_once_never_overwrite_each_other(client, officer, signed_in, case):
    other = user_with_role(Role.CME_OFFICER, case.local_authority, full_name="Priya Second")
    version = case.version  # both open the whereabouts page now
    signed_in(other)
    assert post(client, "cases:whereabouts", case, {"known": "yes", "where": "At her aunt's", "version": version}) \
        .status_code == 302
    signed_in(officer)
    response = post(client, "cases:whereabouts", case, {"known": "no", "where": "", "version": version})
    assert response.status_code == 409
    message = text_of(html(response).select_one(".govuk-error-summary"))
    assert other.email in message and "Your changes were not saved" in message
    case.refresh_from_db()
    assert case.whereabouts_known is True  # the first save stands


def test_a_stale_save_of_a_task_is_refused(client, officer, signed_in, case):
    task = Task.objects.filter(case=case).first()
    client = signed_in(officer)
    Task.objects.filter(pk=task.pk).update(version=task.version + 1, title="Changed by someone else")
    response = client.post(reverse("cases:task-done", args=[task.pk]), {"version": task.version}, follow=True)
    assert "Your changes were not saved" in text_of(html(response))
    assert Task.objects.get(pk=task.pk).status == TaskStatus.OPEN


def test_a_child_protection_plan_raises_the_case_risk_and_the_page_says_why(client, officer, signed_in, case):
    client = signed_in(officer)
    assert case.risk_level == "none"
    post(client, "cases:needs", case, {"flags": ["child_protection_plan", "has_social_worker"]})
    case.refresh_from_db()
    assert case.risk_level == "high"
    assert case.risk_reasons[:2] == ["Subject of a child protection plan", "Has a social worker"]
    assert "Subject of a child protection plan" in text_of(page_of(client, case))
    version = html(client.get(reverse("cases:needs", args=[case.pk]))).select_one("input[name=version]")["value"]
    post(client, "cases:needs", case, {"flags": ["has_social_worker"], "version": version})
    case.refresh_from_db()
    assert (case.risk_level, case.risk_reasons[0]) == ("medium", "Has a social worker")


def test_a_council_whose_policy_gives_a_flag_no_risk_is_obeyed(client, officer, signed_in, case, settings):
    settings.CME_RISK_FROM_FLAGS = {"child_protection_plan": "none", "looked_after": "high"}
    client = signed_in(officer)
    post(client, "cases:needs", case, {"flags": ["child_protection_plan", "has_social_worker"]})
    case.refresh_from_db()
    assert case.risk_level == "none" and "Subject of a child protection plan" not in case.risk_reasons


def test_escalation_raises_the_risk_and_is_followed_up(client, officer, signed_in, case):
    client = signed_in(officer)
    assert case.risk_level == "none"
    post(client, "cases:risk", case, {"version": case.version, "police-victim-of-crime": "yes", "indicator_10": "yes-current"})
    case.refresh_from_db()
    assert case.risk_level == "high" and any("victim of a crime" in reason for reason in case.risk_reasons)
    page = page_of(client, case)
    assert "Refer to the police" in text_of(page.select_one(".govuk-warning-text"))
    post(client, "cases:escalate", case, {"agency": "police", "made_on-day": "30", "made_on-month": "11",
                                          "made_on-year": "2026", "reference": "FICT/123",
                                          "reason": "Possible victim of a crime"})
    task = Task.objects.get(case=case, kind=TaskKind.ESCALATION_OUTCOME)
    assert task.status == TaskStatus.OPEN and "what police did" in task.title.lower()
    escalations = text_of(page_of(client, case).select_one("[data-testid=escalations]"))
    assert "FICT/123" in escalations and "Outcome not yet known" in escalations


def test_a_manager_allocates_and_an_officer_takes_only_unallocated_cases(client, officer, manager, signed_in, la):
    other = user_with_role(Role.CME_OFFICER, la, full_name="Priya Second")
    unallocated = open_case(officer=officer, allocate=False)
    signed_in(manager)
    queue = html(client.get(reverse("cases:list"), {"officer": "none"}))
    assert unallocated.reference in text_of(queue.select_one("[data-testid=cases]"))
    assert post(client, "cases:allocate", unallocated, {"officer": other.pk, "version": unallocated.version}) \
        .status_code == 302
    unallocated.refresh_from_db()
    assert unallocated.allocated_to == other
    assert "Allocated to Priya Second (was nobody)" in text_of(page_of(client, unallocated).select_one(
        "[data-testid=timeline]"))
    signed_in(officer)
    assert client.get(reverse("cases:allocate", args=[unallocated.pk])).status_code == 403
    response = client.post(reverse("cases:take", args=[unallocated.pk]), {"version": unallocated.version}, follow=True)
    assert "already allocated to Priya Second" in text_of(html(response))
    free = open_case(officer=officer, allocate=False)
    client.post(reverse("cases:take", args=[free.pk]), {"version": free.version})
    assert Case.objects.get(pk=free.pk).allocated_to == officer
    la.officers_take_cases = False
    la.save()
    closed_door = open_case(officer=officer, allocate=False)
    response = client.post(reverse("cases:take", args=[closed_door.pk]), {"version": closed_door.version}, follow=True)
    assert "only a manager allocates cases" in text_of(html(response))


def test_the_allocation_page_gives_each_officers_open_cases_high_risk_and_overdue_tasks(client, officer, manager,
                                                                                       signed_in, la):
    user_with_role(Role.CME_OFFICER, la, full_name="Nia Newstarter")
    busy = [open_case(officer=officer) for _ in range(2)]
    Case.objects.filter(pk=busy[0].pk).update(risk_level="high")
    case = open_case(officer=officer, allocate=False)
    overdue = Task.objects.filter(owner=officer, status=TaskStatus.OPEN, due_on__lt=dt.date(2026, 12, 20)).count()
    assert overdue == 2  # each case's first enquiry is due within a fortnight of opening
    with time_machine.travel(dt.datetime(2026, 12, 20, 10, 0, tzinfo=dt.UTC), tick=False):
        page = html(signed_in(manager).get(reverse("cases:allocate", args=[case.pk])))
    choices = {text_of(item.select_one("label")): text_of(item.select_one(".govuk-radios__hint"))
               for item in page.select(".govuk-radios__item") if item.select_one(".govuk-radios__hint")}
    assert choices[f"{officer.full_name} (CME officer)"] == "2 open cases, 1 at high risk, 2 overdue tasks"
    assert choices["Nia Newstarter (CME officer)"] == "0 open cases, 0 at high risk, 0 overdue tasks"
    assert "Nobody: put it back in the unallocated queue" in text_of(page)


def test_the_case_list_filters_pages_and_logs_the_reading(client, officer, signed_in, la):
    for number in range(53):
        open_case(officer=officer, first_name=f"Child{number}", last_name="Listed")
    signed_in(officer)
    page = html(client.get(reverse("cases:list"), {"officer": "me", "sort": "name"}))
    assert "Showing 1 to 50 of 53 cases" in text_of(page.select_one("caption"))
    assert page.select_one(".govuk-pagination") is not None
    second = html(client.get(reverse("cases:list"), {"officer": "me", "sort": "name", "page": "2"}))
    assert "Showing 51 to 53 of 53 cases" in text_of(second.select_one("caption"))
    assert AccessEvent.objects.filter(record_type="case-list").count() == 2


def test_accepting_a_referral_brings_its_risk_and_the_triage_answers_to_the_case(client, officer, signed_in, la):
    from cme.referrals import services as referrals
    from cme.referrals.models import Referral
    from tests.referrals.helpers import api_answers

    answers = api_answers()
    answers["indicators"]["9"] = {"answer": "yes", "status": "current"}
    agency_user = user_with_role(Role.AGENCY_USER, la)
    referral = referrals.referral_create_from_api(user=agency_user, answers=answers)
    signed_in(officer)
    client.post(reverse("referrals:save-checks", args=[referral.reference]), {
        "version": referral.version, "police-older-associates": "yes"})
    response = client.post(reverse("cases:accept-referral", args=[referral.reference]),
                           {"match": "new", "primary_reason": dfe_return.UNKNOWN, "allocate_to": officer.pk})
    case = Case.objects.get()
    assert response.url == reverse("cases:detail", args=[case.pk])
    assert case.risk_level == "high" and case.source == "referral"
    assert case.indicators.get(number=9).timing == "current"
    assert case.escalation_answers.get(question="police-older-associates").answer is True
    assert Referral.objects.get().status == "accepted"


def test_a_second_triage_officer_cannot_wipe_the_first_officers_answers(client, officer, signed_in, la):
    from cme.referrals import services as referrals
    from cme.referrals.models import Referral
    from tests.referrals.helpers import api_answers

    referral = referrals.referral_create_from_api(user=user_with_role(Role.AGENCY_USER, la), answers=api_answers())
    other = user_with_role(Role.CME_OFFICER, la)
    opened_at = referral.version
    signed_in(other)
    client.post(reverse("referrals:save-checks", args=[referral.reference]),
                {"version": opened_at, "police-victim-of-crime": "yes"})
    signed_in(officer)
    response = client.post(reverse("referrals:save-checks", args=[referral.reference]),
                           {"version": opened_at, "police-victim-of-crime": "no"})
    assert response.status_code == 409 and other.email in text_of(html(response).select_one(".govuk-error-summary"))
    assert Referral.objects.get().escalation_answers.get(question="police-victim-of-crime").answer is True


def test_other_councils_cases_are_not_found(client, signed_in, other_la, case):
    stranger = user_with_role(Role.CME_OFFICER, other_la)
    signed_in(stranger)
    for name in ("cases:detail", "cases:whereabouts", "cases:action", "cases:close"):
        assert client.get(reverse(name, args=[case.pk])).status_code == 404, name
    assert Enquiry.objects.filter(case=case).exists()
