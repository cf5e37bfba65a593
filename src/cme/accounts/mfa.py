"""The second factor: whether a user has one, whether this session proved it, and how
authenticator secrets are kept (encrypted, never in the clear in the database)."""

from __future__ import annotations

import base64
from functools import cache

from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

ENTRA_MFA_SESSION_KEY = "cme_idp_mfa"
# The user (pk) whose second factor this session has seen: a code at sign-in, or a code
# when the authenticator app was set up in this session.
SECOND_FACTOR_SESSION_KEY = "cme_second_factor"
ENCRYPTED_PREFIX = "fernet:"


def has_mfa(user) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def session_mfa_satisfied(request) -> bool:
    """Did this session prove a second factor: an Entra ID sign-in whose token says MFA
    was done, or a code from the user's authenticator app?"""
    if request.session.get(ENTRA_MFA_SESSION_KEY):
        return True
    user = getattr(request, "user", None)
    return user is not None and user.is_authenticated and request.session.get(SECOND_FACTOR_SESSION_KEY) == user.pk


def mark_second_factor(session, user) -> None:
    session[SECOND_FACTOR_SESSION_KEY] = user.pk


# -- keeping secrets encrypted --------------------------------------------------------

@cache
def _fernet(keys: tuple[str, ...], secret_key: str):
    from cryptography.fernet import Fernet, MultiFernet
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    if not keys:
        # Derived from the service's secret key unless CME_MFA_KEYS gives keys of its own.
        derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
                       info=b"cme-tracker authenticator secrets").derive(secret_key.encode())
        keys = (base64.urlsafe_b64encode(derived).decode(),)
    try:
        return MultiFernet([Fernet(key) for key in keys])
    except ValueError:
        raise ImproperlyConfigured("CME_MFA_KEYS must be Fernet keys (32 bytes, URL-safe base64), comma-separated; "
                                   "see docs/deployment.md") from None


def _cipher():
    return _fernet(tuple(settings.CME_MFA_KEYS), settings.SECRET_KEY)


def encrypt_secret(text: str) -> str:
    if text.startswith(ENCRYPTED_PREFIX):
        return text
    return ENCRYPTED_PREFIX + _cipher().encrypt(text.encode()).decode()


def decrypt_secret(stored: str) -> str:
    if not stored.startswith(ENCRYPTED_PREFIX):
        raise ValueError("An authenticator secret is stored unencrypted: run `cme migrate`")
    return _cipher().decrypt(stored.removeprefix(ENCRYPTED_PREFIX).encode()).decode()


class MfaAdapter(DefaultMFAAdapter):
    """Authenticator secrets (TOTP keys, the recovery codes' seed) are encrypted before
    they are stored and decrypted only to check a code."""

    def encrypt(self, text: str) -> str:
        return encrypt_secret(text)

    def decrypt(self, encrypted_text: str) -> str:
        return decrypt_secret(encrypted_text)
