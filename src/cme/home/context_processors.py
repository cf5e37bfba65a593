"""Context for every service page: who is signed in, their organisation and the
navigation their role allows."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from cme.accounts.mfa import session_mfa_satisfied
from cme.accounts.models import LocalAuthority
from cme.accounts.policy import Action, can

from .navigation import navigation_for


def public_council(request):
    """The council a visitor without an account is dealing with, for the header: the one
    their public referral is for, or the only council on the service. None if it could be any."""
    from cme.referrals.public_views import draft_council

    if (council := draft_council(request)) is not None:
        return council
    councils = list(LocalAuthority.objects.order_by("pk")[:2])
    return councils[0] if len(councils) == 1 else None


def service(request) -> dict:
    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)
    local_authority = user.local_authority if signed_in and user.local_authority_id else None
    if not signed_in:
        local_authority = public_council(request)
    # Until the second factor is set up, the person can only set it up or sign out.
    setting_up_mfa = signed_in and not session_mfa_satisfied(request)
    return {
        "service_name": settings.CME_SERVICE_NAME,
        "phase": settings.CME_PHASE,
        "feedback_email": settings.CME_FEEDBACK_EMAIL,
        "demo_mode": settings.CME_DEMO,
        "local_authority": local_authority,
        "signed_in": signed_in,
        "setting_up_mfa": setting_up_mfa,
        "navigation": navigation_for(request) if signed_in and not setting_up_mfa else [],
        # Evaluating the lazy nonce generates it, so the CSP header will carry it too.
        "cspNonce": str(request._csp_nonce) if getattr(request, "_csp_nonce", None) is not None else None,
        "assetPath": settings.STATIC_URL + "build/govuk/assets",
        "sign_out_url": reverse("account_logout"),
        "can": (lambda action, record=None: can(user, Action(action), record)) if signed_in else (lambda *a: False),
    }
