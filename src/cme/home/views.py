"""The start page, the help pages every visitor can reach, and the signed-in home page."""

from __future__ import annotations

from django.shortcuts import render

from cme.accounts.access import public_page, signed_in
from cme.accounts.policy import ACTION_DESCRIPTIONS, actions_for


@public_page
def start(request):
    if request.user.is_authenticated:
        return home(request)
    return render(request, "core/start.html")


@signed_in
def home(request):
    user = request.user
    actions = [ACTION_DESCRIPTIONS[action] for action in actions_for(user)]
    return render(request, "core/home.html", {"user": user, "actions": actions})


@public_page
def accessibility(request):
    return render(request, "core/accessibility.html")


@public_page
def privacy(request):
    return render(request, "core/privacy.html")


@public_page
def cookies(request):
    return render(request, "core/cookies.html")
