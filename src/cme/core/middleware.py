"""Security headers Django does not set itself, and refusing text no page can store."""

from __future__ import annotations

PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), "
    "payment=(), usb=(), interest-cohort=()"
)


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        # Pages about children must not be kept by browsers or shared caches.
        if not request.path.startswith("/static/"):
            response.headers.setdefault("Cache-Control", "no-store, max-age=0")
        return response


class RefuseNulMiddleware:
    """A NUL character in the address or a submitted form can never be stored (PostgreSQL
    text refuses it) and no person types one: answer 400, not a database error."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        sent = [request.GET, request.POST] if request.method == "POST" else [request.GET]
        if "\x00" in request.path or any("\x00" in key or any("\x00" in value for value in values)
                                         for data in sent for key, values in data.lists()):
            if request.path.startswith("/api/"):
                from django.http import JsonResponse

                return JsonResponse({"errors": [{"field": "", "message": "Remove the NUL character from the request"}]},
                                    status=400)
            from .views import bad_request

            return bad_request(request)
        return self.get_response(request)


class MethodNotAllowedPageMiddleware:
    """A page that only takes a form (POST), opened by a link or typed in: Django answers 405
    with no body at all; show a page a person can act on instead (the Allow header stays)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 405 and not response.content and not request.path.startswith("/api/"):
            from django.template.loader import render_to_string

            response.content = render_to_string("errors/405.html", request=request)
            response["Content-Type"] = "text/html; charset=utf-8"
        return response
