"""The permission matrix for partners' pages, with real records: an agency user opens only the
checks sent to their agency, another council's officer only the enquiries sent to their
council, and nobody else sees the child in them (tests/test_permissions.py walks every page
with made-up ids; this walks them with records that exist)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from cme.accounts.models import Council
from cme.accounts.roles import Role
from cme.partners import services
from tests.conftest import html, text_of
from tests.factories.models import ChildFactory, LocalAuthorityFactory, open_case, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(la, other_la, officer):
    third = LocalAuthorityFactory(code="992", name="Thirdshire Council")
    Council.objects.create(code=other_la.code, name=other_la.name, local_authority=other_la)
    agency_user = user_with_role(Role.AGENCY_USER, la)
    case = open_case(officer=officer, child=ChildFactory(local_authority=la, first_name="Matrixa", last_name="Checkley"),
                     start_date=dt.date(2026, 10, 1))
    check = services.check_send(case=case, officer=officer, agency=agency_user.agency, team="", question="Known?",
                                fields=["name"], school_days=5)
    enquiry, _, _ = services.enquiry_send(case=case, officer=officer, council=Council.objects.get(code=other_la.code),
                                          questions="Known?")
    panel = services.panel_create(officer=officer, meets_on=dt.date(2026, 12, 3), title="Panel", chair_id=officer.pk,
                                  attendees=[{"name": "Jo"}])
    services.panel_add_case(panel=panel, officer=officer, case=case)
    users = {
        "officer": officer,
        "manager": user_with_role(Role.CME_MANAGER, la),
        "agency user of the agency asked": agency_user,
        "agency user of another agency": user_with_role(Role.AGENCY_USER, la),
        "agency user in another council": user_with_role(Role.AGENCY_USER, other_la),
        "school user": user_with_role(Role.SCHOOL_USER, la),
        "auditor": user_with_role(Role.AUDITOR, la),
        "administrator": user_with_role(Role.ADMINISTRATOR, la),
        "officer of the council asked": user_with_role(Role.CME_OFFICER, other_la),
        "officer of a third council": user_with_role(Role.CME_OFFICER, third),
    }
    pages = {
        "the agency's check": reverse("partners:check", args=[check.pk]),
        "the case's partner work": reverse("partners:case", args=[case.pk]),
        "the enquiry": reverse("partners:enquiry", args=[enquiry.pk]),
        "the panel": reverse("partners:panel", args=[panel.pk]),
        "the panel's minutes": reverse("partners:panel-minutes", args=[panel.pk]),
    }
    users["_child"] = case.child
    return users, pages


ALLOWED = {
    "the agency's check": {"agency user of the agency asked"},
    "the case's partner work": {"officer", "manager"},
    "the enquiry": {"officer", "manager", "officer of the council asked"},
    "the panel": {"officer", "manager"},
    "the panel's minutes": {"officer", "manager"},
}


def test_each_partner_page_opens_only_for_those_it_concerns(client, signed_in, world):
    users, pages = world
    users.pop("_child")
    for who, user in users.items():
        client.logout()
        signed_in(user)
        for page, url in pages.items():
            response = client.get(url)
            body = response.content.decode()
            if who in ALLOWED[page]:
                assert response.status_code == 200, f"{who} should open {page}"
                assert "Matrixa" in body, f"{who} should see the child on {page}"
            else:
                assert response.status_code in (403, 404), f"{who} should not open {page} ({response.status_code})"
                assert "Matrixa" not in body, f"{who} saw the child on {page}"


def test_queues_hold_only_what_was_sent_to_the_reader(client, signed_in, world):
    users, _ = world
    users.pop("_child")
    for who, user in users.items():
        client.logout()
        signed_in(user)
        queue = client.get(reverse("partners:agency-queue"))
        incoming = client.get(reverse("partners:incoming"))
        triage = client.get(reverse("referrals:queue"))
        assert ("Matrixa" in triage.content.decode()) == (who == "officer of the council asked"), who
        assert ("Matrixa" in queue.content.decode()) == (who == "agency user of the agency asked"), who
        assert ("Matrixa" in incoming.content.decode()) == (who == "officer of the council asked"), who


def test_a_search_reveals_that_another_council_holds_the_child_only_to_other_councils_triage_staff(
        client, signed_in, world, la):
    users, _ = world
    child = users.pop("_child")
    query = f"Matrixa Checkley {child.date_of_birth:%d/%m/%Y}"
    told = {"officer of the council asked", "officer of a third council"}
    for who, user in users.items():
        client.logout()
        signed_in(user)
        response = client.get(reverse("children:list"), {"q": query})
        body = response.content.decode()
        elsewhere = html(response).select_one("[data-testid=known-elsewhere]") if response.status_code == 200 else None
        assert (elsewhere is not None) == (who in told), who
        if elsewhere is not None:
            assert la.name in text_of(elsewhere), who
        if user.local_authority_id != la.pk:
            assert child.reference not in body, f"{who} saw the other council's record"
