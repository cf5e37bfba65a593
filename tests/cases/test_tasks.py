"""The officer's task list: what is due, and marking a task done."""

import datetime as dt

import pytest
from django.urls import reverse

from cme.cases.models import Task, TaskKind, TaskStatus
from tests.conftest import html, text_of
from tests.factories.models import ChildFactory

pytestmark = pytest.mark.django_db


def test_an_officer_sees_an_overdue_task_and_marks_it_done_once(la, officer, signed_in):
    child = ChildFactory(local_authority=la, first_name="Ada", last_name="Taskworth")
    task = Task.objects.create(local_authority=la, kind=TaskKind.JOINT_ENQUIRIES, child=child,
                               title="Check the joint enquiries for Ada Taskworth", due_on=dt.date(2026, 1, 5))
    client = signed_in(officer)
    page = html(client.get(reverse("cases:tasks")))
    row = text_of(page.select_one("[data-testid=tasks]"))
    assert "1 to do" in row and "Check the joint enquiries for Ada Taskworth" in row and "Overdue" in row

    page = html(client.post(reverse("cases:task-done", args=[task.pk]), follow=True))
    assert "Done: Check the joint enquiries for Ada Taskworth" in text_of(page)
    assert "Nothing to do." in text_of(page.select_one("[data-testid=tasks]"))
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE and task.done_note == f"Marked done by {officer.full_name}"

    page = html(client.post(reverse("cases:task-done", args=[task.pk]), follow=True))
    assert "This task is already done" in text_of(page)


def test_another_councils_task_cannot_be_marked_done(la, other_la, officer, signed_in):
    task = Task.objects.create(local_authority=other_la, kind=TaskKind.JOINT_ENQUIRIES, title="Not yours")
    response = signed_in(officer).post(reverse("cases:task-done", args=[task.pk]))
    assert response.status_code == 404
    task.refresh_from_db()
    assert task.status == TaskStatus.OPEN
