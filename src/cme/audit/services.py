"""Writing the access log."""

from __future__ import annotations

from typing import Any

from cme.core.http import client_ip

from .models import AccessEvent, Channel


def access_record(*, user: Any, local_authority_id: int, record_type: str, record_id: int | None, record_label: str = "",
                  purpose: str, request: Any = None, channel: Channel = Channel.PAGE,
                  granted: bool = True) -> AccessEvent:
    """Log one read (or a refused attempt to read) of a child's data."""
    return AccessEvent.objects.create(
        user=user if getattr(user, "is_authenticated", False) else None,
        user_email=getattr(user, "email", "") or "",
        role=getattr(user, "role", "") or "",
        local_authority_id=local_authority_id,
        record_type=record_type,
        record_id=record_id,
        record_label=record_label[:200],
        purpose=purpose[:200],
        channel=channel,
        path=(request.get_full_path()[:500] if request is not None else ""),
        method=(request.method if request is not None else ""),
        ip_address=client_ip(request),
        granted=granted,
    )
