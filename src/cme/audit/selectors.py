"""Reading the access log and the change history, for auditors."""

from __future__ import annotations

from dataclasses import dataclass
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


@dataclass(frozen=True)
class LastChange:
    who: str
    when: Any
    fields: tuple[str, ...]


def last_change(record: Any) -> LastChange | None:
    """Who last changed a record, when, and which fields (from the change history)."""
    from pghistory.models import Events

    event = Events.objects.tracks(record).order_by("-pgh_created_at", "-pgh_id").first()
    if event is None:
        return None
    context = event.pgh_context or {}
    who = context.get("user_email") or ("the service" if not context.get("user") else f"user {context['user']}")
    fields = tuple(name.replace("_", " ") for name in (event.pgh_diff or {}) if name not in ("updated_at", "version"))
    return LastChange(who, event.pgh_created_at, fields)


def stale_message(current: Any, what: str) -> str:
    """What a person is told when their edit began before someone else's save."""
    change = last_change(current)
    if change is None:
        return f"Someone else changed {what} while you were editing. Your changes were not saved: check and save again"
    from cme.core.templating import govuk_datetime

    changed = f" ({', '.join(change.fields)})" if change.fields else ""
    return (f"{change.who} changed {what}{changed} on {govuk_datetime(change.when)}, after you opened this page. "
            "Your changes were not saved: the page now shows theirs. Check and save again")
