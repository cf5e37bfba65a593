"""`cme schedule [--loop]`: start the scheduled jobs that are due (the officers' daily digest)."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from cme.ops.schedule import run_due_jobs


class Command(BaseCommand):
    help = "Start the scheduled jobs that are due; with --loop, keep checking every minute"

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="check every minute until stopped")

    def handle(self, *args, loop: bool, **options):
        while True:
            for name in run_due_jobs():
                self.stdout.write(f"Started {name}")
            if not loop:
                return
            time.sleep(60)
