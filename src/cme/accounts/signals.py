"""Signals from django-allauth that the audit needs."""

from __future__ import annotations

import logging

from allauth.account.signals import authentication_step_completed, password_reset, user_logged_in, user_logged_out
from allauth.mfa.models import Authenticator
from allauth.mfa.signals import authenticator_removed
from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver

from cme.core.http import client_ip

from .mfa import SECOND_FACTOR_SESSION_KEY, mark_second_factor

logger = logging.getLogger("cme.signin")


@receiver(user_logged_in)
def record_sign_in(sender, request, user, **kwargs):
    logger.info("Signed in: user %s from %s", user.pk, client_ip(request))


@receiver(authentication_step_completed)
def remember_second_factor(sender, request, user, method, **kwargs):
    """A code from the person's authenticator app (or a recovery code) was accepted."""
    if method == "mfa":
        mark_second_factor(request.session, user)


@receiver(authenticator_removed)
def forget_second_factor(sender, request, user, authenticator, **kwargs):
    """Removing the app means setting one up again before going on."""
    if authenticator.type == Authenticator.Type.TOTP and request is not None:
        request.session.pop(SECOND_FACTOR_SESSION_KEY, None)


@receiver(password_reset)
def email_proved_by_the_link(sender, request, user, **kwargs):
    """Choosing a password through the emailed link (an invitation, or after an administrator reset
    the person's sign-in) proves the address is theirs. allauth will not let anyone set up an
    authenticator app while their address is unverified, so without this an invited person would
    be stopped at their first sign-in."""
    from allauth.account.models import EmailAddress

    EmailAddress.objects.update_or_create(user=user, email__iexact=user.email,
                                          defaults={"email": user.email, "verified": True, "primary": True})


@receiver(user_logged_out)
def record_sign_out(sender, request, user, **kwargs):
    if user is not None:
        logger.info("Signed out: user %s", user.pk)


@receiver(user_login_failed)
def record_failed_sign_in(sender, credentials, request=None, **kwargs):
    logger.warning("Failed sign-in from %s", client_ip(request) if request else "unknown")
