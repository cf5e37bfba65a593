"""`cme councils load FILE.csv`: load the DfE's list of councils into the directory (numbers,
names, ONS codes), keeping every council's CME contact. `cme councils list` prints it."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import CommandError

from cme.accounts.councils import CouncilFileError, load_councils, read_councils
from cme.accounts.models import Council
from cme.core.commands import QuickCommand


class Command(QuickCommand):
    help = "Load the directory of councils from a DfE file (old_la_code, la_name), or list it"

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["load", "list"])
        parser.add_argument("file", nargs="?", help="A CSV with old_la_code and la_name (and optionally new_la_code)")
        parser.add_argument("--source", default="", help="Where the file comes from, kept with each council")

    def handle(self, *args, action: str, file: str | None, source: str, **options):
        if action == "list":
            for council in Council.objects.order_by("code"):
                self.stdout.write(f"{council.code}  {council.name}{'' if council.current else ' (historic)'}  "
                                  f"{council.cme_team_email or '-'}")
            return
        if not file:
            raise CommandError("Give the CSV file to load: cme councils load FILE.csv")
        path = Path(file)
        if not path.exists():
            raise CommandError(f"No file {path}")
        try:
            rows = read_councils(path.read_text(encoding="utf-8-sig"), source=source or path.name)
        except CouncilFileError as problem:
            raise CommandError(str(problem)) from None
        added, updated = load_councils(Council, rows)
        self.stdout.write(f"{len(rows)} councils read: {added} added, {updated} updated. CME contacts were kept.")
