"""API tokens: made, checked and revoked here. A token looks like
cme_<prefix>_<secret>; the prefix finds the row, the secret is compared by hash."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from cme.core import clock

from .models import ApiToken, User


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    prefix = secrets.token_hex(4)
    secret = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name, prefix=prefix, key_hash=_hash(secret))
    return token, f"cme_{prefix}_{secret}"


def token_user(presented: str) -> User | None:
    """The active user a presented token belongs to, or None."""
    parts = presented.split("_", 2)
    if len(parts) != 3 or parts[0] != "cme":
        return None
    token = ApiToken.objects.select_related("user").filter(prefix=parts[1], revoked_at__isnull=True).first()
    if token is None or not hmac.compare_digest(token.key_hash, _hash(parts[2])) or not token.user.is_active:
        return None
    if token.last_used_at is None or (clock.now() - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=clock.now())
    return token.user


def token_revoke(*, token: ApiToken) -> None:
    token.revoked_at = clock.now()
    token.save(update_fields=["revoked_at"])
