"""Sign-in rules that apply to every request of a signed-in user."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, logout
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

from .backends import RENAMED
from .mfa import has_mfa, session_mfa_satisfied

SESSION_STARTED_KEY = "cme_signed_in_at"
SESSION_USED_KEY = "cme_used_at"
# How often a session in use has its expiry moved on (written to the database), in seconds.
SESSION_TOUCH_SECONDS = 60
# Pages a user without a second factor may still reach: setting one up, and leaving.
MFA_SETUP_PATHS = ("/account/2fa/", "/account/logout/", "/account/reauthenticate/", "/static/",
                   "/accessibility/", "/privacy/", "/cookies/")


class SessionActivityMiddleware:
    """Keep a session in use alive without writing it on every request: its expiry (the idle
    timeout) is moved on when it was last moved on a minute or more ago, or when the request
    changed the session anyway. A session whose backend was renamed is moved across."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = request.session
        if session.session_key is not None:
            backend = session.get(BACKEND_SESSION_KEY)
            if backend in RENAMED:
                session[BACKEND_SESSION_KEY] = RENAMED[backend]
        response = self.get_response(request)
        if session.session_key is not None and not session.is_empty() and response.status_code != 500:
            now = int(time.time())
            if session.modified or now - session.get(SESSION_USED_KEY, 0) >= SESSION_TOUCH_SECONDS:
                session[SESSION_USED_KEY] = now
        return response


class RequireStaffMfaMiddleware:
    """Every account, whatever its role (none included), uses a second factor: a session
    that has not proved one is sent to set up an authenticator app (when the person has
    none) or signed out (when they have one, but the session got in without it). No
    session lasts longer than CME_SESSION_MAX_HOURS however active it is."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            started = request.session.setdefault(SESSION_STARTED_KEY, int(time.time()))
            if time.time() - started > settings.CME_SESSION_MAX_HOURS * 3600:
                logout(request)
                return redirect(f"{reverse('account_login')}?expired=1")
            if not session_mfa_satisfied(request):
                if has_mfa(user):
                    # Signed in with a password alone, by some other way than the sign-in pages.
                    logout(request)
                    return redirect(reverse("account_login"))
                if not request.path.startswith(MFA_SETUP_PATHS):
                    if request.path.startswith("/api/"):
                        return JsonResponse({"detail": "Set up two-factor authentication before using the service"},
                                            status=403)
                    return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)
