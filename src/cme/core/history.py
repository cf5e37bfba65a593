"""Two things every record that matters shares: its writes go into the change history, and an
edit saves only if nobody changed the record since the editor opened it."""

from __future__ import annotations

from typing import Any

import pghistory
from django.db import models
from django.db.models import F

from . import clock


def tracked(**options: Any):
    """Class decorator: every insert, update and delete of the model is in the change history,
    written by database triggers (so bulk and raw writes are caught too)."""
    return pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent(), **options)


class Versioned(models.Model):
    """A record people edit at the same time. Every edit carries the version it started from
    (a hidden field on the form); `save_if_current` refuses a stale one."""

    version = models.PositiveIntegerField(default=1, db_default=1, editable=False)

    class Meta:
        abstract = True


class StaleEdit(Exception):
    """Someone else saved the record after this edit began. `current` is the record as it is now."""

    def __init__(self, current: models.Model):
        self.current = current
        super().__init__("Someone else changed this while you were editing it")


def save_if_current(record: Versioned, *, version: int | None, fields: list[str]) -> Versioned:
    """Write `fields` of `record` only if its version is still `version` (None: the caller
    holds a row lock, or no edit form is involved), then move the version on."""
    model = type(record)
    values = {name: getattr(record, model._meta.get_field(name).attname) for name in fields}
    if any(field.name == "updated_at" for field in model._meta.concrete_fields):
        values["updated_at"] = clock.now()
    rows = model._base_manager.filter(pk=record.pk)
    if version is not None:
        rows = rows.filter(version=version)
    if not rows.update(**values, version=F("version") + 1):
        raise StaleEdit(model._base_manager.get(pk=record.pk))
    record.refresh_from_db(fields=["version"])
    return record
