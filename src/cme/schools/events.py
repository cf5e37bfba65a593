"""What the school intake tells casework (docs/adr/0005-layers.md): a statutory return
has arrived, or a transfer file says pupils are lost. Casework (`cme.cases.intake`)
acts on each: it opens enquiries, raises tasks and records notices. `schools` decides
where a return goes (the deletion ground's next step); casework does the work."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from cme.core.events import Event
from cme.rules.deletion_grounds import Route

from .models import DeletionReturn, NewPupilReturn


@dataclass(frozen=True)
class DeletionReturnReceived(Event):
    """A deletion return, saved, with the next step its ground and facts decided."""

    record: DeletionReturn
    route: Route
    by: Any


@dataclass(frozen=True)
class NewPupilReturnReceived(Event):
    """A new-pupil return, saved: a wait for it may be over, or it may be a child with an open case."""

    record: NewPupilReturn
    by: Any


@dataclass(frozen=True)
class PupilsReportedMissing(Event):
    """A transfer file with no known destination (a lost-pupil CTF) or to abroad (MMM) named these
    children. Each handler answers with how many CME enquiries it opened."""

    child_ids: tuple[int, ...]
    primary_reason: int
    start_date: dt.date
    what: str
    destination: str = ""  # "lost" (XXX) or "outside-maintained-or-abroad" (MMM), for the child's CTF trail
    sender: str = ""  # the school that made the file: its LAESTAB and name
    made_on: dt.date | None = None  # the date in the file's header
    file_name: str = ""
