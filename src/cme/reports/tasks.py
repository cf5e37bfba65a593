"""Reports in the background: freezing last month's central record on the first of the month."""

from __future__ import annotations

from django.tasks import task

from . import services


@task()
def take_monthly_snapshots() -> list[str]:
    return [outcome.message for outcome in services.snapshots_take_due()]
