"""`cme worker`: run background tasks (imports, linkage, mail) until stopped."""

from __future__ import annotations

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run the background task worker"

    def add_arguments(self, parser):
        parser.add_argument("--batch", action="store_true", help="run what is queued, then stop")

    def handle(self, *args, batch, **options):
        arguments = ["--interval", "1", "--no-reload"]
        if batch:
            arguments.append("--batch")
        call_command("db_worker", *arguments)
