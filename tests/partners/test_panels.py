"""A multi-agency panel: the cases discussed, a decision on each and actions that become an
officer's task or a check in the agency's queue; the minutes print without the forms."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from cme.accounts.roles import Role
from cme.cases.models import Task, TaskStatus
from cme.partners.models import AgencyCheck, Panel
from tests.conftest import html, text_of
from tests.factories.models import ChildFactory, open_case, user_with_role

pytestmark = pytest.mark.django_db


def test_a_panel_with_two_cases_and_actions_for_an_officer_and_an_agency(client, signed_in, la, officer):
    agency_user = user_with_role(Role.AGENCY_USER, la)
    agency = agency_user.agency
    first = open_case(officer=officer, child=ChildFactory(local_authority=la, first_name="Ada", last_name="Panelton"))
    second = open_case(officer=officer, child=ChildFactory(local_authority=la, first_name="Ben", last_name="Panelton"))
    client = signed_in(officer)
    response = client.post(reverse("partners:panel-new"), {
        "title": "North area CME panel", "meets_on-day": "3", "meets_on-month": "12", "meets_on-year": "2026",
        "chair": officer.pk, "attendees": f"Jo Chair, CME service\nSam Social, {agency.name}"})
    panel = Panel.objects.get()
    assert response.status_code == 302 and panel.attendees.filter(agency=agency).exists()
    for case in (first, second):
        client.post(reverse("partners:panel", args=[panel.pk]), {"reference": case.reference})
    assert panel.items.count() == 2
    first_item, second_item = panel.items.order_by("id")
    client.post(reverse("partners:panel", args=[panel.pk]), {
        "item": first_item.pk, f"item{first_item.pk}-decision": "Visit again with police",
        f"item{first_item.pk}-action": "Joint visit", f"item{first_item.pk}-owner": officer.pk,
        f"item{first_item.pk}-due_on-day": "10", f"item{first_item.pk}-due_on-month": "12",
        f"item{first_item.pk}-due_on-year": "2026"})
    client.post(reverse("partners:panel", args=[panel.pk]), {
        "item": second_item.pk, f"item{second_item.pk}-decision": "Ask social care for the last address",
        f"item{second_item.pk}-action": "Check records for the family", f"item{second_item.pk}-agency": agency.pk,
        f"item{second_item.pk}-due_on-day": "10", f"item{second_item.pk}-due_on-month": "12",
        f"item{second_item.pk}-due_on-year": "2026"})
    task = Task.objects.get(case=first, title__startswith="Panel action")
    assert task.owner == officer and task.status == TaskStatus.OPEN and task.due_on == dt.date(2026, 12, 10)
    check = AgencyCheck.objects.get(case=second)
    assert "Check records for the family" in check.question

    minutes = html(client.get(reverse("partners:panel-minutes", args=[panel.pk])))
    text = text_of(minutes.select_one("[data-testid=minutes]"))
    assert "Visit again with police" in text and "Joint visit" in text and agency.name in text
    assert minutes.select_one("[data-testid=minutes] form") is None

    client.logout()
    queue = html(signed_in(agency_user).get(reverse("partners:agency-queue")))
    assert "Ben Panelton" in text_of(queue.select_one("[data-testid=agency-checks]"))
    assert signed_in(agency_user).get(reverse("partners:panel", args=[panel.pk])).status_code == 403
