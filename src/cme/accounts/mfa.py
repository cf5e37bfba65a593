"""Whether a user has a second factor, and whether this session's sign-in already
proved one (an Entra ID sign-in whose token says MFA was done)."""

from __future__ import annotations

from allauth.mfa.models import Authenticator

ENTRA_MFA_SESSION_KEY = "cme_idp_mfa"


def has_mfa(user) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def session_mfa_satisfied(request) -> bool:
    return bool(request.session.get(ENTRA_MFA_SESSION_KEY))
