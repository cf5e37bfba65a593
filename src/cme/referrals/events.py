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


