"""The service's clock-driven jobs: each runs once per period, at or after its hour (Europe/London),
however many workers are running. `cme schedule` starts the jobs that are due (from cron, or
with --loop alongside the worker, as `cme serve` runs it)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction

from cme.cases.tasks import send_digests
from cme.core import clock
from cme.core.models import ScheduledRun
from cme.partners.tasks import send_check_reminders
from cme.reports.tasks import take_monthly_snapshots


@dataclass(frozen=True)
class Job:
    name: str
    hour: Callable[[], int]
    due_on: Callable[[dt.date], bool]  # which days it runs
    start: Callable[[], object]


JOBS = (
    Job("officer-digest", lambda: settings.CME_DIGEST_HOUR, lambda day: day.weekday() < 5, send_digests.enqueue),
    Job("partner-check-reminders", lambda: settings.CME_DIGEST_HOUR, lambda day: day.weekday() < 5,
        send_check_reminders.enqueue),
    Job("monthly-central-record", lambda: settings.CME_SNAPSHOT_HOUR, lambda day: day.day == 1,
        take_monthly_snapshots.enqueue),
)


def run_due_jobs(now: dt.datetime | None = None) -> list[str]:
    """Start every job due by `now` that has not run today; return their names."""
    now = now or clock.now()
    today = now.astimezone(clock.LONDON).date()
    started = []
    for job in JOBS:
        if not job.due_on(today) or now.astimezone(clock.LONDON).hour < job.hour():
            continue
        with transaction.atomic():
            run = ScheduledRun.objects.select_for_update().filter(name=job.name).first()
            if run is not None and run.last_run_on >= today:
                continue
            try:
                with transaction.atomic():
                    if run is None:
                        ScheduledRun.objects.create(name=job.name, last_run_on=today, last_run_at=now)
                    else:
                        run.last_run_on, run.last_run_at = today, now
                        run.save(update_fields=["last_run_on", "last_run_at"])
            except IntegrityError:  # another worker started it a moment ago
                continue
            job.start()
            started.append(job.name)
    return started
