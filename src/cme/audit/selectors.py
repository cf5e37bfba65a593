"""Reading the access log and the change history, for auditors."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from cme.accounts.policy import Action, require

from .models import AccessEvent


def access_events(*, viewer: Any, record_type: str | None = None, record_id: int | None = None,
                  user_id: int | None = None, child_id: int | None = None) -> QuerySet[AccessEvent]:
    """The viewer's LA's access log, newest first. By child: every read that showed that
    child's data (their record, a case or return about them, a list they were in)."""
    require(viewer, Action.VIEW_ACCESS_LOG, viewer.local_authority)
    events = AccessEvent.objects.filter(local_authority_id=viewer.local_authority_id).select_related("user")
    if record_type:
        events = events.filter(record_type=record_type)
    if record_id is not None:
        events = events.filter(record_id=record_id)
    if user_id is not None:
        events = events.filter(user_id=user_id)
    if child_id is not None:
        # Views of the child's own record logged before child_ids existed carry only record_id.
        events = events.filter(Q(child_ids__contains=[child_id]) | Q(record_type="child", record_id=child_id))
    return events
