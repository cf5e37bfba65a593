"""Each person's home page starts with their own work: an agency user's is the checks the CME
team has sent their agency; every role's links go to pages it may open."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from cme.accounts.models import Council
from cme.accounts.roles import Role
from cme.partners import services
from tests.conftest import html, text_of
from tests.factories.models import ChildFactory, open_case, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _on_a_school_day():
    with time_machine.travel(dt.datetime(2026, 11, 30, 10, 0, tzinfo=dt.UTC), tick=False):
        yield


def _send_check(officer, agency, *, school_days: int):
    case = open_case(officer=officer, child=ChildFactory(local_authority=officer.local_authority))
    return services.check_send(case=case, officer=officer, agency=agency, team="", question="Known to you?",
                               fields=["name"], school_days=school_days)


def test_an_agency_users_home_counts_the_checks_waiting_for_their_answer_and_the_overdue(client, la, officer,
                                                                                          signed_in):
    agency_user = user_with_role(Role.AGENCY_USER, la)
    other_agency_user = user_with_role(Role.AGENCY_USER, la)
    _send_check(officer, agency_user.agency, school_days=2)
    _send_check(officer, agency_user.agency, school_days=10)
    _send_check(officer, other_agency_user.agency, school_days=2)  # another agency's: not counted
    with time_machine.travel(dt.datetime(2026, 12, 7, 10, 0, tzinfo=dt.UTC), tick=False):
        page = html(signed_in(agency_user).get(reverse("home")))
    work = page.select_one("[data-testid=your-work]")
    assert text_of(work) == "Your work 2 checks from the CME team waiting for your answer 1 overdue"
    assert work.select_one("a")["href"] == reverse("partners:agency-queue")
    links = {text_of(a): a["href"] for a in page.select("[data-testid=allowed-actions] a")}
    assert links == {"Answer checks sent to your agency": reverse("partners:agency-queue"),
                     "Refer a child missing education": reverse("referrals:mine")}
    # Every link on the page opens for this user.
    for href in {a["href"] for a in page.select("main a") if a["href"].startswith("/")}:
        assert client.get(href).status_code == 200, href


def test_an_agency_user_with_nothing_waiting_is_told_so(client, la, signed_in):
    agency_user = user_with_role(Role.AGENCY_USER, la)
    page = html(signed_in(agency_user).get(reverse("home")))
    assert "0 checks from the CME team waiting for your answer" in text_of(page.select_one("[data-testid=your-work]"))
    assert "overdue" not in text_of(page.select_one("[data-testid=your-work]"))


@pytest.mark.parametrize("role", [Role.CME_OFFICER, Role.CME_MANAGER])
def test_officers_and_managers_find_the_panels_from_home_and_no_agency_work(client, la, signed_in, role):
    page = html(signed_in(user_with_role(role, la)).get(reverse("home")))
    links = {text_of(a): a["href"] for a in page.select("[data-testid=allowed-actions] a")}
    assert links["Multi-agency panels"] == reverse("partners:panels")
    assert "Answer checks sent to your agency" not in links
    assert page.select_one("[data-testid=your-work]") is None


def test_an_officers_home_counts_the_enquiries_from_other_councils_waiting_for_an_answer(client, la, other_la,
                                                                                        signed_in):
    Council.objects.create(code=la.code, name=la.name, local_authority=la)
    asking = user_with_role(Role.CME_OFFICER, other_la)
    for _ in range(2):
        case = open_case(officer=asking, child=ChildFactory(local_authority=other_la))
        services.enquiry_send(case=case, officer=asking, council=Council.objects.get(code=la.code),
                              questions="Is this child known to you?")
    officer = user_with_role(Role.CME_OFFICER, la)
    page = html(signed_in(officer).get(reverse("home")))
    [line] = [a for a in page.select("[data-testid=workload] a") if "other councils" in text_of(a)]
    assert text_of(line) == "2 enquiries from other councils waiting for an answer"
    assert client.get(line["href"]).status_code == 200
    # The council that asked is not waiting for itself.
    page = html(signed_in(asking).get(reverse("home")))
    assert "other councils" not in text_of(page.select_one("[data-testid=workload]"))


def test_a_referrer_is_reminded_of_the_referral_they_started_and_have_not_sent(client, la, signed_in):
    from cme.referrals import services as referrals
    from cme.referrals.models import Kind

    teacher = user_with_role(Role.SCHOOL_USER, la)
    school = teacher.school
    colleague = user_with_role(Role.SCHOOL_USER, la, school=school)
    page = html(signed_in(teacher).get(reverse("home")))
    assert page.select_one("[data-testid=your-work]") is None  # nothing started, nothing to say
    referrals.referral_start(local_authority=la, kind=Kind.PROFESSIONAL, user=teacher)
    page = html(signed_in(teacher).get(reverse("home")))
    [line] = page.select("[data-testid=your-work] a")
    assert text_of(line) == "1 referral you started and have not sent"
    assert line["href"] == reverse("referrals:mine")
    assert "Draft" in text_of(html(client.get(line["href"])))
    # A draft is its author's: a colleague at the same school is not told of it.
    assert html(signed_in(colleague).get(reverse("home"))).select_one("[data-testid=your-work]") is None
