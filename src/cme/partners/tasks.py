"""Partners' work in the background: the morning reminders of checks due or overdue."""

from __future__ import annotations

from django.tasks import task

from . import services


@task()
def send_check_reminders() -> int:
    return services.check_reminders_send()
