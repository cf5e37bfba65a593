"""Reading children's records. Every read of a child's data passes through here and is
written to the access log, including refused attempts."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from cme.accounts.policy import Action, decide, require
from cme.audit.models import Channel
from cme.audit.services import access_record

from .models import Child


def child_for_view(*, user: Any, child_id: int, purpose: str, request: Any = None,
                   channel: Channel = Channel.PAGE) -> Child:
    child = Child.objects.filter(pk=child_id).select_related("local_authority", "merged_into").first()
    if child is None:
        raise Http404("No child with that reference")
    decision = decide(user, Action.VIEW_CHILD, child)
    if getattr(user, "local_authority_id", None) is not None:
        access_record(user=user, local_authority_id=child.local_authority_id if decision else user.local_authority_id,
                      record_type="child", record_id=child.pk,
                      record_label=child.reference if not decision else f"{child.reference} {child.full_name}",
                      purpose=purpose if decision else f"Refused: {purpose}", request=request,
                      channel=channel, granted=decision.allowed)
    if not decision:
        # Another LA's child is reported as not found, so existence does not leak.
        if decision.reason.startswith("This record is outside"):
            raise Http404("No child with that reference")
        raise PermissionDenied(decision.reason)
    return child


def children_search(*, user: Any, query: str = "", request: Any = None, limit: int = 50) -> QuerySet[Child]:
    require(user, Action.VIEW_CHILD, user.local_authority)
    children = Child.objects.filter(local_authority_id=user.local_authority_id, merged_into__isnull=True)
    query = " ".join(query.split())
    if query:
        access_record(user=user, local_authority_id=user.local_authority_id, record_type="child-search",
                      record_id=None, purpose=f"Searched children for “{query[:150]}”", request=request)
        terms = Q()
        for word in query.split():
            terms &= (Q(first_name__icontains=word) | Q(last_name__icontains=word) | Q(other_names__icontains=word)
                      | Q(upn__iexact=word))
        children = children.filter(terms)
    return children.order_by("last_name", "first_name")[:limit]


HIDDEN_HISTORY_FIELDS = {"updated_at", "created_at"}


def child_history(*, user: Any, child: Child) -> list[dict]:
    """The change history of a child's record, newest first, from the database triggers."""
    require(user, Action.VIEW_CHANGE_HISTORY, child)
    from pghistory.models import Events

    events = (Events.objects.references(child).order_by("-pgh_created_at")
              .select_related(None))
    rows = []
    for event in events[:200]:
        context = event.pgh_context or {}
        rows.append({
            "at": event.pgh_created_at,
            "label": event.pgh_label,
            "model": event.pgh_model,
            "diff": {field: change for field, change in (event.pgh_diff or {}).items()
                     if field not in HIDDEN_HISTORY_FIELDS},
            "by": context.get("user_email") or ("System" if not context.get("user") else f"User {context['user']}"),
            "url": context.get("url", ""),
        })
    return rows
