"""Reading the access log and the change history, for auditors."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from cme.accounts.policy import Action, require

from .models import AccessEvent


def access_events(*, viewer: Any, record_type: str | None = None, record_id: int | None = None,
                  user_id: int | None = None) -> QuerySet[AccessEvent]:
    require(viewer, Action.VIEW_ACCESS_LOG, viewer.local_authority)
    events = AccessEvent.objects.filter(local_authority_id=viewer.local_authority_id).select_related("user")
    if record_type:
        events = events.filter(record_type=record_type)
    if record_id is not None:
        events = events.filter(record_id=record_id)
    if user_id is not None:
        events = events.filter(user_id=user_id)
    return events
