"""The CME Tracker API (/api/v1/, OpenAPI at /api/v1/openapi.json). Partner systems
authenticate with a bearer token; every error is JSON:
{"errors": [{"field": "child.date_of_birth", "message": "Date of birth must be a real date"}]}."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import HttpBearer
from ninja.throttling import AuthRateThrottle

from cme.accounts.tokens import token_user
from cme.core.http import client_ip


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        user = token_user(token)
        if user is not None:
            request.user = user
        return user


class ConfiguredRateThrottle(AuthRateThrottle):
    """Requests per token (or client address) in the rate CME_API_RATE sets, e.g. 120/m."""

    def __init__(self):
        super().__init__(settings.CME_API_RATE)

    def allow_request(self, request):
        if self.rate != settings.CME_API_RATE:
            self.rate = settings.CME_API_RATE
            self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)

    def get_ident(self, request):
        # Without a token, the client's address as the service sees it behind its trusted
        # proxies; a client-sent X-Forwarded-For does not give it a fresh allowance.
        return client_ip(request)


api = NinjaAPI(
    title="CME Tracker API", version="1", urls_namespace="api", auth=TokenAuth(),
    description="Referrals and school returns from partner systems. Authenticate with `Authorization: Bearer <token>`.",
    throttle=[ConfiguredRateThrottle()],
)


def _errors(request, status: int, errors: list[dict]):
    return api.create_response(request, {"errors": errors}, status=status)


def _location(item: dict) -> str:
    """A field's path in the body: list positions in brackets, object keys after dots
    (so indicator "10" is indicators.10, as the forms name it)."""
    parts = [p for p in item.get("loc", []) if p not in ("body", "payload")]
    path = ""
    for part in parts:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path


@api.exception_handler(ValidationError)
def validation_errors(request, exc: ValidationError):
    return _errors(request, 422, [{"field": _location(item), "message": item.get("msg", "Invalid value")}
                                  for item in exc.errors])


@api.exception_handler(AuthenticationError)
def unauthenticated(request, exc):
    return _errors(request, 401, [{"field": "", "message": "Give a valid API token: Authorization: Bearer <token>"}])


@api.exception_handler(PermissionDenied)
def forbidden(request, exc):
    return _errors(request, 403, [{"field": "", "message": str(exc) or "You may not do this"}])


@api.exception_handler(Http404)
def not_found(request, exc):
    return _errors(request, 404, [{"field": "", "message": str(exc) or "Not found"}])


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    return _errors(request, exc.status_code, [{"field": "", "message": str(exc)}])


from . import referrals, reports, returns  # noqa: E402  (the routers need `api` defined first)

api.add_router("/referrals", referrals.router)
api.add_router("/returns", returns.router)
api.add_router("/reports", reports.router)
