"""The morning reminders of checks due or overdue: to an agency's users, naming no child; to an
agency without accounts, with a fresh secure link (the old one stops working); once a day."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine

from cme.accounts.roles import Role
from cme.partners import services
from tests.factories.models import AgencyFactory, ChildFactory, open_case, user_with_role

pytestmark = pytest.mark.django_db


def test_reminders_of_overdue_checks(client, la, officer, mailbox):
    case = open_case(officer=officer, child=ChildFactory(local_authority=la, first_name="Rema", last_name="Indered"))
    agency_user = user_with_role(Role.AGENCY_USER, la)
    services.check_send(case=case, officer=officer, agency=agency_user.agency, team="", question="Known?",
                        fields=["name"], school_days=1)
    housing = AgencyFactory(local_authority=la, email="housing@testshire.example")
    services.check_send(case=case, officer=officer, agency=housing, team="", question="Address?", fields=["name"],
                        school_days=1)
    first_link = re.search(r"(/partners/answer/\S+/)", mailbox.wait_for(1)[0].body).group(1)
    mailbox.clear()
    with time_machine.travel(dt.datetime(2026, 12, 9, 8, tzinfo=dt.UTC), tick=False):
        assert services.check_reminders_send() == 2
        assert services.check_reminders_send() == 0  # once a day
    messages = mailbox.wait_for(2)
    to_agency = next(m for m in messages if agency_user.email in m.recipients)
    assert "overdue" in to_agency.body and "Rema" not in to_agency.body
    to_housing = next(m for m in messages if "housing@testshire.example" in m.recipients)
    new_link = re.search(r"(/partners/answer/\S+/)", to_housing.body).group(1)
    assert client.get(first_link).status_code == 404
    assert client.get(new_link).status_code == 200
    from cme.partners.models import Message

    assert not any(link in kept.body for kept in Message.objects.all() for link in (first_link, new_link))
    assert "Reminder" in " ".join(case.timeline.values_list("text", flat=True))
