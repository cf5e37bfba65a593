"""A base for `cme` commands that do one job and end."""

from __future__ import annotations

from django.core.management.base import BaseCommand


class QuickCommand(BaseCommand):
    """A command that does one job and ends, without Django's system checks first. The
    checks import every URL and view (about a second of a two-second command); `cme serve`,
    `migrate`, the worker and `make lint` run them, so a broken project is still caught."""

    requires_system_checks: list = []
