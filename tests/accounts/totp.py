"""Making authenticator-app codes in tests, as the user's phone would."""

import time

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value


def totp_code(secret: str, offset: int = 0) -> str:
    """The code for now (offset 0), or the previous/next 30-second window (-1/+1).
    A code is accepted once, so tests that sign in twice use different windows. The
    set-up key may be typed with the spaces the set-up page groups it with."""
    return format_hotp_value(hotp_value(secret.replace(" ", ""), int(time.time()) // 30 + offset))
