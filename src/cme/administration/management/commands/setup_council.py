"""`cme setup_council`: a new deployment's first step. It makes the council (by its DfE local
authority number) and its first administrator, and prints the link with which they choose a
password; they then add everyone else from the Users page.

    cme setup_council --code 855 --admin-email it.admin@council.gov.uk --admin-name "Ada Admin"
                      [--name "Leicestershire County Council"]
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError

from cme.core.commands import QuickCommand


class Command(QuickCommand):
    help = "Make the council and its first administrator, and print the administrator's link to choose a password"

    def add_arguments(self, parser):
        parser.add_argument("--code", required=True, help="the council's DfE local authority number, like 855")
        parser.add_argument("--name", default="", help="the council's name (default: the directory's)")
        parser.add_argument("--admin-email", required=True)
        parser.add_argument("--admin-name", default="")

    def handle(self, *args, code, name, admin_email, admin_name, **options):
        from cme.administration.services import council_setup

        try:
            done = council_setup(code=code, name=name, admin_email=admin_email, admin_name=admin_name)
        except ValidationError as problem:
            raise CommandError("; ".join(problem.messages)) from None
        la, admin = done.local_authority, done.administrator
        self.stdout.write(f"{'Made' if done.council_made else 'Found'} {la.name} ({la.code}).")
        self.stdout.write(f"{'Made' if done.administrator_made else 'Found'} the administrator {admin.full_name} "
                          f"<{admin.email}>.")
        if done.link:
            self.stdout.write(f"They choose their password through this link (it works once; run this again for "
                              f"a new one), then sign in and set up an authenticator app:\n{done.link}")
        else:
            self.stdout.write("They have chosen a password already: they sign in as usual.")
