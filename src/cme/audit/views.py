from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import render

from cme.accounts.access import requires
from cme.accounts.models import User
from cme.accounts.policy import Action, can
from cme.rules.child_records import child_reference, parse_child_reference

from . import selectors


def _int_or_none(value: str | None) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except ValueError:
        return None


@requires(Action.VIEW_ACCESS_LOG)
def access_log(request):
    record_type = request.GET.get("record_type") or None
    record_id = _int_or_none(request.GET.get("record_id"))
    if record_type == "child" and record_id is not None:
        # The old form's child filter, kept for links already made: every read about the child.
        record_type, record_id, child_text = None, None, str(record_id)
    else:
        child_text = request.GET.get("child", "").strip()[:20]
    child_id = parse_child_reference(child_text) if child_text else None
    child_error = "Enter a child record number, like C000042 or 42" if child_text and child_id is None else ""
    user_id = _int_or_none(request.GET.get("user"))
    events = selectors.access_events(viewer=request.user, record_type=record_type, record_id=record_id,
                                     user_id=user_id, child_id=child_id)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    users = User.objects.filter(local_authority_id=request.user.local_authority_id).order_by("full_name")
    user_items = [{"value": "", "text": "Everyone"}] + [
        {"value": str(user.pk), "text": f"{user.full_name} ({user.email})", "selected": user.pk == user_id}
        for user in users]
    return render(request, "audit/access_log.html", {
        "page": page, "record_type": record_type or "", "record_id": record_id or "", "user_items": user_items,
        "child": child_reference(child_id) if child_id else child_text, "child_id": child_id,
        "child_error": child_error, "can_see_history": can(request.user, Action.VIEW_CHANGE_HISTORY),
        "error": child_error, "error_field": "child",
    })
