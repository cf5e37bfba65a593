"""Sending email in the background, so a slow or absent mail server never holds up a
page. Messages carry no personal details of children: they point to the service."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.tasks import task

logger = logging.getLogger(__name__)


@task()
def send_email(*, to: list[str], subject: str, body: str) -> int:
    message = EmailMessage(subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=to)
    return message.send()


def queue_email(*, to: list[str] | str, subject: str, body: str) -> None:
    recipients = [to] if isinstance(to, str) else [address for address in to if address]
    if not recipients:
        return
    send_email.enqueue(to=recipients, subject=subject, body=body)
