"""`cme serve` (what `make run` runs): prepare the database, load the demo, then run
the web server, the background workers (one for mail, one for imports), the scheduler and a
local mail sink until Ctrl-C."""

from __future__ import annotations

import os
import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import OperationalError

from cme.ops.processes import cme, supervise, web_server

from .demo import sign_ins_text


class Command(BaseCommand):
    help = "Serve CME Tracker with its worker (and, outside production, demo data and a mail sink)"
    # The system checks touch the database; a taken port should be reported before that.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument("--no-demo", action="store_true")

    def handle(self, *args, port, host, workers, no_demo, **options):
        from cme.ops.mailsink import plan_mail, port_is_free, start_mail_sink

        # Ports first, so a clash is one line saying what to set, not a traceback.
        if not port_is_free(host, port):
            raise CommandError(f"Port {port} is in use (another CME Tracker?): choose another, e.g. PORT=8080 make run")
        try:
            self.check()
        except OperationalError as error:
            reason = str(error).strip().splitlines()[-1]
            raise CommandError(f"The database cannot be reached ({reason}): check DATABASE_URL") from None
        mail = None
        if not settings.PRODUCTION:
            mail = plan_mail(settings.CME_SMTP_HOST, settings.CME_SMTP_PORT,
                             port_chosen=bool(os.environ.get("CME_EMAIL_PORT")))
        call_command("migrate", interactive=False, verbosity=0)
        call_command("createcachetable", verbosity=0)
        demo = settings.CME_DEMO and not no_demo
        if demo:
            call_command("demo", verbosity=0)
        sink = None
        environment = dict(os.environ)
        if mail is not None:
            if mail.note:
                self.stdout.write(mail.note)
            if mail.start_sink:
                try:
                    sink = start_mail_sink(settings.CME_SMTP_HOST, mail.port, settings.VAR_DIR / "mail")
                except OSError:
                    raise CommandError(f"The mail sink could not listen on {settings.CME_SMTP_HOST}:{mail.port}: "
                                       "set CME_EMAIL_PORT to a free port") from None
            environment["CME_EMAIL_PORT"] = str(mail.port)  # the web server and workers send there
        children = [
            subprocess.Popen(cme("worker", "--queue", "mail"), env=environment),
            subprocess.Popen(cme("worker", "--queue", "imports"), env=environment),
            subprocess.Popen(cme("schedule", "--loop"), env=environment),
            subprocess.Popen(web_server(host, port, workers), env=environment),
        ]
        self.stdout.write(f"\nCME Tracker is running on http://{host}:{port}  (Ctrl-C stops it)\n")
        if demo:
            self.stdout.write(sign_ins_text() + "\n")
        if sink:
            self.stdout.write(f"Mail is caught, not sent: messages are saved in {sink.folder}\n")
        try:
            failed = supervise(children)
        finally:
            if sink:
                sink.stop()
        if failed:
            self.stderr.write("A part of the service stopped unexpectedly; see the messages above.")
            sys.exit(1)
        self.stdout.write("Stopped.")
