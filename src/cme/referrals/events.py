"""What triage asks the layers above it (docs/adr/0005-layers.md).

`ReferralPassedOn`: triage redirected a referral to another council's CME team; the
partners app (`cme.partners.handlers`) sends it there (into that council's own queue
when it uses this deployment, otherwise by email with a secure link) and answers with
what really happened, so the referrer is told the truth.

`CouncilEnquiriesWanted`: the triage queue asks which enquiries from other councils on the
deployment are waiting for this council's answer; the partners app answers with them (each
read in the access log), so they are rows in the queue, their own source."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, ClassVar

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




OTHER_COUNCIL = "other-council"  # the triage queue's source for enquiries from other councils


@dataclass(frozen=True)
class WaitingEnquiry:
    """An enquiry from another council waiting for this council's answer, as the queue shows it."""

    reference: str
    url: str  # the page that answers it
    from_council: str
    child: tuple[tuple[str, str], ...]  # the identifying details the sender shared: label, value
    questions: str
    sent_at: dt.datetime
    status: str


@dataclass(frozen=True)
class CouncilEnquiriesWanted(Event):
    needs_handler: ClassVar[bool] = False  # without the partners app no enquiry can arrive

    user_id: int
    search: str = ""
    request: Any = None  # for the access log
