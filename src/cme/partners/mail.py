"""Sending a message through the backend the configuration chooses, and recording it.

`CME_MAIL_BACKEND` is "smtp" (Django's mailer, `MAILERS["default"]`; outside production
`cme serve` runs a local sink) or "notify" (GOV.UK Notify through its official client,
`notifications-python-client`, with `CME_NOTIFY_API_KEY` and the template ids in
docs/mail.md). A message is sent while the officer waits, so the page says truthfully
whether it went; every attempt is a `Message` row, sent or not, and is on the case."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage

from cme.core import clock

from .models import Message, MessageStatus

logger = logging.getLogger(__name__)


class MailNotSent(Exception):
    pass


def backend_name() -> str:
    return getattr(settings, "CME_MAIL_BACKEND", "smtp")


def _send_smtp(*, to: str, subject: str, body: str) -> str:
    sent = EmailMessage(subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[to]).send()
    if sent != 1:
        raise MailNotSent("The mail server did not take the message")
    return ""


def notify_client() -> Any:
    from notifications_python_client.notifications import NotificationsAPIClient

    key = getattr(settings, "CME_NOTIFY_API_KEY", "")
    if not key:
        raise MailNotSent("GOV.UK Notify is chosen but CME_NOTIFY_API_KEY is not set")
    return NotificationsAPIClient(key)


def _send_notify(*, to: str, subject: str, body: str) -> str:
    template = getattr(settings, "CME_NOTIFY_TEMPLATE_ID", "")
    if not template:
        raise MailNotSent("GOV.UK Notify is chosen but CME_NOTIFY_TEMPLATE_ID is not set")
    response = notify_client().send_email_notification(
        email_address=to, template_id=template, personalisation={"subject": subject, "body": body})
    return str(response.get("id", ""))


BACKENDS = {"smtp": _send_smtp, "notify": _send_notify}


def message_send(*, local_authority_id: int, to: str, subject: str, body: str, case: Any = None,
                 secret: str = "") -> Message:
    """Send one message now and record it; the record says whether it went (never raises for a
    mail failure: the caller tells the officer what happened from the record). A `secret` in the body
    (a link that lets its holder choose a password or answer a check: its token is kept only as a
    hash) is sent but not kept: the record says where it was."""
    backend = backend_name()
    status, problem, provider_id = MessageStatus.SENT, "", ""
    try:
        if backend not in BACKENDS:
            raise MailNotSent(f"Unknown mail backend {backend!r}: use smtp or notify")
        provider_id = BACKENDS[backend](to=to, subject=subject, body=body)
    except Exception as error:  # any failure of the mail server or Notify means "not sent"
        logger.warning("Message to %s not sent: %s", to, error)
        status, problem = MessageStatus.FAILED, str(error)[:300] or type(error).__name__
    kept = body.replace(secret, "[the link, not kept]") if secret else body
    return Message.objects.create(local_authority_id=local_authority_id, case=case, to=to, subject=subject[:200],
                                  body=kept, backend=backend, status=status, problem=problem,
                                  provider_id=provider_id[:80], at=clock.now())
