"""What the service's own machinery records: when each scheduled job last ran."""

from __future__ import annotations

from django.db import models


class ScheduledRun(models.Model):
    """A scheduled job (the officers' daily digest, the monthly frozen record) and the last day it
    was started, so that however many workers run, each job starts once per period."""

    name = models.CharField(max_length=60, unique=True)
    last_run_on = models.DateField()
    last_run_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name}, last run {self.last_run_on}"
