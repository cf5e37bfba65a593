"""Attach who made a change, and through which request, to the change history that
django-pghistory's database triggers record."""

from __future__ import annotations

import uuid

import pghistory
from pghistory.middleware import HistoryMiddleware


class HistoryContextMiddleware(HistoryMiddleware):
    def get_context(self, request):
        context = super().get_context(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            context["user_email"] = user.email
            context["role"] = user.role
        context["request_id"] = getattr(request, "request_id", None) or str(uuid.uuid4())
        context["method"] = request.method
        return context


def history_context(**metadata):
    """Context for changes made outside a web request (commands, background tasks)."""
    return pghistory.context(**metadata)
