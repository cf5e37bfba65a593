"""The start page, and the signed-in home page: what each person can do."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from cme.accounts.policy import ACTION_DESCRIPTIONS, actions_for


def start(request):
    if request.user.is_authenticated:
        return home(request)
    return render(request, "core/start.html")


@login_required
def home(request):
    user = request.user
    actions = [ACTION_DESCRIPTIONS[action] for action in actions_for(user)]
    return render(request, "core/home.html", {"user": user, "actions": actions})
