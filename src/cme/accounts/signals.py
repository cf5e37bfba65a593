"""Signals from django-allauth that the audit needs."""

from __future__ import annotations

import logging

from allauth.account.signals import user_logged_in, user_logged_out
from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver

logger = logging.getLogger("cme.signin")


@receiver(user_logged_in)
def record_sign_in(sender, request, user, **kwargs):
    logger.info("Signed in: user %s from %s", user.pk, request.META.get("REMOTE_ADDR"))


@receiver(user_logged_out)
def record_sign_out(sender, request, user, **kwargs):
    if user is not None:
        logger.info("Signed out: user %s", user.pk)


@receiver(user_login_failed)
def record_failed_sign_in(sender, credentials, request=None, **kwargs):
    logger.warning("Failed sign-in from %s", request.META.get("REMOTE_ADDR") if request else "unknown")
