"""Writing reports: freezing the monthly central record. A frozen snapshot never changes (the
database refuses); taking a month again with the same figures changes nothing, and different
figures become a new version only when someone gives the reason for the correction."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from cme.accounts.models import LocalAuthority
from cme.accounts.policy import Action, require
from cme.core import clock
from cme.rules import statistics

from . import snapshots
from .models import Snapshot


class Taken:
    NEW = "taken"
    UNCHANGED = "unchanged"
    DIFFERS = "differs"  # not written: a correction needs a reason
    CORRECTED = "corrected"


@dataclass(frozen=True)
class SnapshotOutcome:
    snapshot: Snapshot
    outcome: str

    @property
    def message(self) -> str:
        month = f"{self.snapshot.month:%B %Y}"
        return {
            Taken.NEW: f"The central record for {month} is frozen: {self.snapshot.row_count} open cases.",
            Taken.UNCHANGED: f"The central record for {month} was already frozen and the figures have not changed.",
            Taken.DIFFERS: (f"The central record for {month} is already frozen and today's figures for that month "
                            "differ. Nothing was changed. To record a corrected version, give the reason."),
            Taken.CORRECTED: (f"Version {self.snapshot.version} of the central record for {month} is frozen; "
                              f"version {self.snapshot.version - 1} is kept and marked as corrected."),
        }[self.outcome]


def month_is_over(month: dt.date, today: dt.date) -> bool:
    return statistics.month_end(month) < today


@transaction.atomic
def snapshot_take(*, local_authority: LocalAuthority, month: dt.date, by: Any = None, how: str = "command",
                  correction_reason: str = "") -> SnapshotOutcome:
    """Freeze the central record at the end of `month` (any day in it). `by` is None only for
    the scheduler and the command line."""
    if by is not None:  # a person: one who may export children's records
        require(by, Action.EXPORT_DATA, local_authority)
        require(by, Action.VIEW_CHILD, local_authority)
    month = statistics.month_start(month)
    today = clock.today()
    if not month_is_over(month, today):
        raise ValidationError(f"{month:%B %Y} has not ended yet: its record can be frozen from "
                              f"{statistics.add_months(month, 1):%-d %B %Y}")
    # One taker at a time per council, so two runs cannot both write version 1.
    LocalAuthority.objects.select_for_update().filter(pk=local_authority.pk).first()
    latest = Snapshot.objects.filter(local_authority=local_authority, month=month).order_by("-version").first()
    as_at = statistics.month_end(month)
    rows = snapshots.central_record(local_authority.pk, as_at)
    digest = snapshots.checksum(snapshots.COLUMNS, rows)
    if latest is not None and latest.checksum == digest:
        return SnapshotOutcome(latest, Taken.UNCHANGED)
    if latest is not None and not correction_reason.strip():
        return SnapshotOutcome(latest, Taken.DIFFERS)
    snapshot = Snapshot.objects.create(
        local_authority=local_authority, month=month, version=latest.version + 1 if latest else 1, supersedes=latest,
        correction_reason=correction_reason.strip()[:2000] if latest else "", as_at=as_at, taken_at=clock.now(),
        taken_by=by, taken_how=how, columns=list(snapshots.COLUMNS), rows=rows, row_count=len(rows), checksum=digest)
    return SnapshotOutcome(snapshot, Taken.CORRECTED if latest else Taken.NEW)


def snapshots_take_due(today: dt.date | None = None) -> list[SnapshotOutcome]:
    """The scheduler's monthly job: last month's record for every council in the deployment."""
    today = today or clock.today()
    month = statistics.add_months(today, -1)
    from cme.cases.models import Case

    # Councils that use the service: any with a case (a directory entry alone has no record).
    councils = LocalAuthority.objects.filter(pk__in=Case.objects.values("local_authority_id")).order_by("pk")
    return [snapshot_take(local_authority=la, month=month, how="schedule") for la in councils]
