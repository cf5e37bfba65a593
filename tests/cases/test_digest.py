"""Each officer's daily digest of work due and overdue: sent once a school day, at its hour,
over real SMTP, naming cases and never a child."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from cme.cases.models import Task, TaskStatus
from cme.core.models import ScheduledRun
from cme.ops.schedule import run_due_jobs
from tests.factories.models import open_case

pytestmark = pytest.mark.django_db


def test_the_digest_goes_once_at_its_hour_and_names_no_child(mailbox, officer, manager, settings):
    settings.CME_DIGEST_HOUR = 7
    case = open_case(officer=officer, first_name="Zelda", last_name="Digestchild")
    Task.objects.filter(case=case, status=TaskStatus.OPEN).update(due_on=dt.date(2026, 11, 27))
    with time_machine.travel(dt.datetime(2026, 11, 30, 6, 30, tzinfo=dt.UTC), tick=False):  # 6:30 in London
        assert run_due_jobs() == []
    with time_machine.travel(dt.datetime(2026, 11, 30, 7, 5, tzinfo=dt.UTC), tick=False):
        assert run_due_jobs() == ["officer-digest", "partner-check-reminders"]
        assert run_due_jobs() == []  # once a day, however many workers ask
    messages = mailbox.wait_for(1)
    assert [m.recipients for m in messages] == [[officer.email]]  # the manager has nothing due
    body = messages[0].body
    assert f"Case {case.reference}" in body and "overdue" in body
    assert "Zelda" not in body and "Digestchild" not in body
    assert ScheduledRun.objects.get(name="officer-digest").last_run_on == dt.date(2026, 11, 30)


def test_no_digest_at_the_weekend(mailbox, officer):
    with time_machine.travel(dt.datetime(2026, 11, 28, 9, 0, tzinfo=dt.UTC), tick=False):  # a Saturday
        assert run_due_jobs() == []
