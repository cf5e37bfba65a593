"""`cme worker`: run the background tasks until stopped, with one worker for each queue, so
that mail is never held up behind a long import: `default` (mail and other short tasks)
and `imports` (imports and linkage runs). `--queue mail` or `--queue imports` runs one of
them only (to run more workers for one queue, or on another machine). As the imports
worker starts, imports and runs that a restart interrupted are ended as failed."""

from __future__ import annotations

import subprocess
import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand

from cme.core import jobs
from cme.ops.processes import cme, supervise

QUEUES = {"mail": jobs.MAIL_QUEUE, "imports": jobs.IMPORTS_QUEUE}


def fail_interrupted() -> int:
    from cme.linkage.tasks import fail_interrupted as fail_runs
    from cme.schools.tasks import fail_interrupted as fail_imports

    return fail_imports() + fail_runs()


class Command(BaseCommand):
    help = "Run the background task workers: one for mail, one for imports and linkage runs"

    def add_arguments(self, parser):
        parser.add_argument("--queue", choices=sorted(QUEUES),
                            help="run the worker of one queue only (default: a worker for each queue)")
        parser.add_argument("--batch", action="store_true", help="run what is queued, then stop")

    def handle(self, *args, queue, batch, **options):
        if queue is None and not batch:
            children = [subprocess.Popen(cme("worker", "--queue", name)) for name in QUEUES]
            if supervise(children):
                self.stderr.write("A worker stopped unexpectedly; see the messages above.")
                sys.exit(1)
            return
        if queue in (None, "imports") and (ended := fail_interrupted()):
            self.stderr.write(f"{ended} import{'s' if ended != 1 else ''} or run{'s' if ended != 1 else ''} "
                              "stopped by a restart marked as failed")
        names = ",".join(QUEUES.values()) if queue is None else QUEUES[queue]
        arguments = ["--queue-name", names, "--interval", "1", "--no-reload"]
        if batch:
            arguments += ["--batch", "--no-startup-delay"]
        call_command("db_worker", *arguments)
