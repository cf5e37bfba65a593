"""What triage asks the layers above it (docs/adr/0005-layers.md).

`ReferralPassedOn`: triage redirected a referral to another council's CME team; the
partners app (`cme.partners.handlers`) sends it there (into that council's own queue
when it uses this deployment, otherwise by email with a secure link) and answers with
what really happened, so the referrer is told the truth."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from cme.core.events import Event


@dataclass(frozen=True)
class PassedOn:
    """What happened to a redirected referral: `sent` is False when nothing reached the council."""

    sent: bool
    how: str  # "queue", "email" or "" (not sent)
    text: str  # in words an officer and a referrer understand


@dataclass(frozen=True)
class ReferralPassedOn(Event):
    needs_handler: ClassVar[bool] = False  # without the partners app nothing is sent, and the referrer is told so

    referral_id: int
    council_id: int
    officer_id: int
    note: str = ""


@dataclass(frozen=True)
class Elsewhere:
    """Another council on this deployment holds a matching record: only who, and how to reach them."""

    council: str
    contact: str


@dataclass(frozen=True)
class KnownElsewhereWanted(Event):
    """Triage asks whether any other council on the deployment holds a matching child. The
    answer names the councils, never the records; the partners app logs the lookup on both sides."""

    needs_handler: ClassVar[bool] = False

    local_authority_id: int
    user_id: int
    first_name: str
    last_name: str
    date_of_birth: object = None  # datetime.date or None
    upn: str = ""
    about: str = ""  # what was being triaged, for the access log
