from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from cme.accounts.policy import Action, can
from cme.core.rules_config import leaving_rule, validate_upn
from cme.rules import school_age

from . import selectors


@login_required
def child_list(request):
    query = request.GET.get("q", "")[:200]
    children = selectors.children_search(user=request.user, query=query, request=request)
    return render(request, "children/list.html", {"children": children, "query": query})


@login_required
def child_detail(request, child_id: int):
    child = selectors.child_for_view(user=request.user, child_id=child_id, purpose="Viewed child record",
                                     request=request)
    today = dt.date.today()
    age = school_age.school_age(child.date_of_birth, leaving_rule()) if child.date_of_birth else None
    context = {
        "child": child,
        "addresses": list(child.addresses.all()),
        "age": age,
        "of_csa": age.on(today) if age else None,
        "year_group": school_age.year_group(child.date_of_birth, today) if child.date_of_birth else None,
        "upn_check": validate_upn(child.upn) if child.upn else None,
        "can_see_history": can(request.user, Action.VIEW_CHANGE_HISTORY, child),
    }
    return render(request, "children/detail.html", context)


@login_required
def child_history(request, child_id: int):
    child = selectors.child_for_view(user=request.user, child_id=child_id, purpose="Viewed change history",
                                     request=request)
    history = selectors.child_history(user=request.user, child=child)
    return render(request, "children/history.html", {"child": child, "history": history})
