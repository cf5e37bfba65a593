"""Writing the access log."""

from __future__ import annotations

import getpass
import socket
from collections.abc import Iterable
from typing import Any

from cme.core.fixed import FixedInsert
from cme.core.http import client_ip
from cme.core.words import counted

from .models import AccessEvent, Channel

# How a purpose reads when the read was refused: "Viewed change history" was not viewed.
ATTEMPTS = {"Viewed": "view", "Downloaded": "download", "Edited": "edit", "Listed": "list", "Searched": "search",
            "Read": "read", "Looked": "look", "Compared": "compare", "Reviewed": "review", "Exported": "export",
            "Opened": "open", "Decided": "decide", "Recorded": "record", "Redirected": "redirect",
            "Accepted": "accept"}


def attempted(purpose: str) -> str:
    """'Viewed change history' -> 'Tried to view change history'."""
    verb, _, rest = purpose.partition(" ")
    if verb in ATTEMPTS:
        return f"Tried to {ATTEMPTS[verb]} {rest}".strip()
    return f"Tried: {purpose[:1].lower()}{purpose[1:]}"


def command_actor() -> str:
    """Who ran a command: the operating-system account and the machine."""
    try:
        who = getpass.getuser()
    except (KeyError, OSError):
        who = "unknown"
    return f"{who}@{socket.gethostname()} (command line)"


def access_record(*, user: Any, local_authority_id: int, record_type: str, record_id: int | None, record_label: str = "",
                  purpose: str, request: Any = None, channel: Channel = Channel.PAGE,
                  granted: bool = True, child_ids: Iterable[int | None] | None = None) -> AccessEvent:
    """Log one read (or a refused attempt to read) of a child's data.

    `purpose` says what was done ("Viewed case"); a refused attempt is recorded as tried
    ("Tried to view case"). `child_ids` are the children whose data was shown (for a
    child's own record, that child), so the read is found by child. Without a signed-in
    user (a command) the operating-system account is recorded."""
    if child_ids is None:
        child_ids = [record_id] if record_type == "child" and record_id is not None else []
    signed_in = getattr(user, "is_authenticated", False)
    event = AccessEvent(
        user=user if signed_in else None,
        user_email=(getattr(user, "email", "") or "") if user is not None else command_actor(),
        role=getattr(user, "role", "") or "",
        local_authority_id=local_authority_id,
        record_type=record_type,
        record_id=record_id,
        record_label=record_label[:200],
        purpose=(purpose if granted else attempted(purpose))[:200],
        channel=channel,
        path=(request.get_full_path()[:500] if request is not None else ""),
        method=(request.method if request is not None else ""),
        ip_address=client_ip(request),
        granted=granted,
        child_ids=sorted({child_id for child_id in child_ids if child_id is not None}),
    )
    _ADD_EVENT.save(event)
    return event


# Every page that shows a child's data adds one: its INSERT is compiled once per database connection.
_ADD_EVENT = FixedInsert(AccessEvent)


def access_record_list(*, user: Any, record_type: str, child_ids: Iterable[int | None], label: str, purpose: str,
                       request: Any = None, channel: Channel = Channel.PAGE) -> AccessEvent:
    """Log a list page: one entry naming every child whose data it showed."""
    return access_record(user=user, local_authority_id=user.local_authority_id, record_type=record_type,
                         record_id=None, record_label=label, purpose=purpose, request=request, channel=channel,
                         child_ids=child_ids)


def shown(count: int, one: str, many: str) -> str:
    """'1 case shown', '12 cases shown'."""
    return f"{counted(count, one, many)} shown"
