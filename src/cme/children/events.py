"""What the child index tells, and asks, the parts of the service above it.

The index never imports casework or the intakes (docs/adr/0005-layers.md). When it
needs what they know about a child (an open case that stops a merge, a referral that
may be about a child being added), it asks one of these questions; when a merge
changes whose record is whose, it says so, and casework notes it on the cases.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, ClassVar

from cme.core.events import Event
from cme.rules.identity import Person


@dataclass(frozen=True)
class CaseSummary:
    """One CME case of a child, as the index shows it."""

    child_id: int
    case_id: int
    reference: str
    is_open: bool
    state: str
    start_date: dt.date
    closed_on: dt.date | None
    url: str


@dataclass(frozen=True)
class ChildCasesWanted(Event):
    """Question: the CME cases of these children. Each answer is a list of CaseSummary."""

    needs_handler: ClassVar[bool] = False
    child_ids: tuple[int, ...]


@dataclass(frozen=True)
class CandidatesWanted(Event):
    """Question: records other than index children (referrals not yet linked) that may be
    this child, at or above `threshold` summed field weight. Each answer is a list of
    `cme.matching.scoring.Candidate`."""

    needs_handler: ClassVar[bool] = False
    incoming: Person
    local_authority_id: int
    exclude_referral_id: int | None
    threshold: float


@dataclass(frozen=True)
class ChildrenMerged(Event):
    """`merged` is now part of `kept` (or, with `undone`, a record of its own again)."""

    needs_handler: ClassVar[bool] = False
    kept_id: int
    merged_id: int
    merge_id: int
    by: Any
    text: str
    undone: bool = False


@dataclass(frozen=True)
class Elsewhere:
    """Another council on this deployment holds a matching record: only who, and how to reach them."""

    council: str
    contact: str


@dataclass(frozen=True)
class KnownElsewhereWanted(Event):
    """Triage, or an officer adding a child, asks whether any other council on the deployment
    holds a matching child. The answer names the councils, never the records; the partners app
    logs the lookup on both sides."""

    needs_handler: ClassVar[bool] = False

    local_authority_id: int
    user_id: int
    first_name: str
    last_name: str
    date_of_birth: object = None  # datetime.date or None
    upn: str = ""
    about: str = ""  # what was being looked at, for the access log
    names: tuple[str, ...] = ()  # a search's names in any order, instead of first_name and last_name
