"""Secure links for partners without an account: signed (a tampered or made-up link is refused
before the database is asked), single use, expiring, and rate-limited by address. Only a hash
of the secret is stored, so a copy of the database opens nothing."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.core import signing

from cme.core import clock

from .models import LinkPurpose, SecureLink

SALT = "cme.partners.secure-link"


class LinkRefused(Exception):
    """The link cannot be used; the message is what the person is told (never which part failed
    beyond what helps them)."""


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def link_make(*, purpose: LinkPurpose, sent_to: str, agency_check=None, council_enquiry=None) -> str:
    """A new link's token (shown once, in the message)."""
    secret = secrets.token_urlsafe(24)
    SecureLink.objects.create(token_hash=_hash(secret), purpose=purpose, sent_to=sent_to, agency_check=agency_check,
                              council_enquiry=council_enquiry,
                              expires_at=clock.now() + dt.timedelta(days=settings.CME_SECURE_LINK_DAYS))
    return signing.Signer(salt=SALT).sign(secret)


def link_open(token: str) -> SecureLink:
    """The link a token names, if it may still be used."""
    try:
        secret = signing.Signer(salt=SALT).unsign(token)
    except signing.BadSignature:
        raise LinkRefused("This link is not valid. Check you copied all of it from the email.") from None
    link = SecureLink.objects.select_related("agency_check", "council_enquiry").filter(token_hash=_hash(secret)).first()
    if link is None:
        raise LinkRefused("This link is not valid. Check you copied all of it from the email.")
    if link.used_at is not None:
        raise LinkRefused("This link has already been used to send an answer. Each link works once.")
    if link.expires_at <= clock.now():
        raise LinkRefused("This link has expired. Contact the team that sent it to ask for a new one.")
    return link


def link_use(link: SecureLink) -> None:
    updated = SecureLink.objects.filter(pk=link.pk, used_at__isnull=True).update(used_at=clock.now())
    if not updated:
        raise LinkRefused("This link has already been used to send an answer. Each link works once.")
