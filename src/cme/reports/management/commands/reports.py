"""`cme reports ...`: the statutory reports from the command line.

    cme reports snapshot --month 2026-10 [--la 999] [--correction "why"]
        freeze a month's central record (every council with cases, or one)
    cme reports dfe-return --census-date 2026-10-01 [--la 999] --out return.csv
        the DfE termly CME return for one council, or every council in the deployment
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError

from cme.accounts.models import LocalAuthority
from cme.audit.models import Channel
from cme.audit.services import access_record
from cme.core.commands import QuickCommand
from cme.formats.spreadsheets import csv_bytes
from cme.rules import statistics


class Command(QuickCommand):
    help = "Freeze the monthly central record, or produce the DfE termly return"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="report", required=True)
        snapshot = sub.add_parser("snapshot", help="freeze a month's central record")
        snapshot.add_argument("--month", required=True, help="YYYY-MM, a month that has ended")
        snapshot.add_argument("--la", help="the council's 3-digit LA number (default: every council with cases)")
        snapshot.add_argument("--correction", default="",
                              help="if the month is already frozen and its figures have changed: why")
        dfe = sub.add_parser("dfe-return", help="the DfE termly children missing education return, as CSV")
        dfe.add_argument("--census-date", required=True, help="YYYY-MM-DD")
        dfe.add_argument("--la", help="the council's 3-digit LA number (default: every council in the deployment)")
        dfe.add_argument("--out", required=True, help="the CSV file to write ('-' for standard output)")

    def handle(self, *args, report: str, **options):
        if report == "snapshot":
            self._snapshot(options)
        else:
            self._dfe_return(options)

    def _councils(self, code: str | None, *, with_cases: bool) -> list[LocalAuthority]:
        from cme.cases.models import Case

        if code:
            council = LocalAuthority.objects.filter(code=code).first()
            if council is None:
                raise CommandError(f"No council with LA number {code} in this deployment")
            return [council]
        councils = LocalAuthority.objects.order_by("code")
        if with_cases:
            councils = councils.filter(pk__in=Case.objects.values("local_authority_id"))
        return list(councils)

    def _snapshot(self, options):
        from cme.reports.services import snapshot_take

        try:
            month = statistics.parse_month(options["month"])
        except ValueError as error:
            raise CommandError(str(error)) from None
        failed = False
        for council in self._councils(options["la"], with_cases=True):
            try:
                outcome = snapshot_take(local_authority=council, month=month, how="command",
                                        correction_reason=options["correction"])
            except ValidationError as error:
                raise CommandError(error.messages[0]) from None
            self.stdout.write(f"{council.name}: {outcome.message}")
            failed = failed or outcome.outcome == "differs"
        if failed:
            raise CommandError("At least one month was not frozen again: give --correction with the reason")

    def _dfe_return(self, options):
        from cme.reports.dfe import dfe_return

        try:
            census_date = dt.date.fromisoformat(options["census_date"])
        except ValueError:
            raise CommandError(f"'{options['census_date']}' is not a date: give it as YYYY-MM-DD") from None
        rows, warnings = [], []
        for council in self._councils(options["la"], with_cases=False):
            result = dfe_return(council, census_date)
            rows += [list(row.values()) for row in result.rows]
            access_record(user=None, local_authority_id=council.pk, record_type="dfe-return", record_id=None,
                          purpose=f"Produced the DfE return for the census on {census_date:%d/%m/%Y}",
                          channel=Channel.COMMAND)
            if result.fixes:
                warnings.append(f"{council.name}: {len(result.fixes)} cases open on the census date need fixing "
                                "first (see Reports > DfE termly return)")
            if result.unreconciled:
                raise CommandError(f"{council.name}: topics do not add up to the total: {result.unreconciled}")
        content = csv_bytes(statistics.COLUMNS, rows, bom=False)
        if options["out"] == "-":
            sys.stdout.buffer.write(content)
        else:
            Path(options["out"]).write_bytes(content)
            self.stdout.write(f"Wrote {len(rows)} rows for census date {census_date:%-d %B %Y} to {options['out']}")
        for warning in warnings:
            self.stderr.write(warning)
