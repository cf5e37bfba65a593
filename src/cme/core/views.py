"""The error pages (Django calls these handlers itself)."""

from __future__ import annotations

from django.shortcuts import render


def csrf_failure(request, reason=""):
    return render(request, "errors/csrf.html", status=403)


def bad_request(request, exception=None):
    return render(request, "errors/400.html", status=400)


def permission_denied(request, exception=None):
    reason = str(exception) if exception and str(exception) else ""
    return render(request, "errors/403.html", {"reason": reason}, status=403)


def not_found(request, exception=None):
    return render(request, "errors/404.html", status=404)


def server_error(request):
    return render(request, "errors/500.html", status=500)


def too_many_requests(request, exception=None, *, reason: str = "", wait: str = ""):
    return render(request, "errors/429.html", {"reason": reason, "wait": wait}, status=429)
