"""`cme rules ...` as a Django management command too (`manage.py rules`, `call_command`): the
work is cme.ops.rules_cli, which `cme` also runs without starting Django."""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand

from cme.ops import rules_cli


class Command(BaseCommand):
    help = "Apply the CME domain rules and print JSON"
    requires_system_checks: list = []
    requires_migrations_checks = False

    def run_from_argv(self, argv):
        sys.exit(rules_cli.main(argv[2:]))

    def add_arguments(self, parser):
        parser.add_argument("args", nargs="*")

    def handle(self, *args, **options):
        status = rules_cli.main(list(args), self.stdout._out, self.stderr._out)
        if status:
            sys.exit(status)
