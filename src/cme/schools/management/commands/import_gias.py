"""`cme import-gias FILE.csv --la CODE [--dry-run]`: a council's schools from the DfE's Get
Information about Schools extract (`edubasealldataYYYYMMDD.csv`).

Adds the council's schools and brings the ones already here up to date (matched by LAESTAB), closed
ones included so a child's last school is always known. Establishments CME Tracker does not record
(further education and the like) are counted, not loaded. A file with any bad row loads nothing
and exits 1, naming every bad row's line. The file may be up to CME_MAX_IMPORT_MB."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError

from cme.core.commands import QuickCommand

from .import_ctf import add_file_arguments, local_authority_for


class Command(QuickCommand):
    help = "Load a council's schools from a Get Information about Schools extract (CSV)"

    def add_arguments(self, parser):
        add_file_arguments(parser)

    def handle(self, *args, file, la, dry_run, **options):
        from cme.core.uploads import FileRefused
        from cme.schools.services import schools_import_gias

        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No file at {file}")
        limit = settings.CME_MAX_IMPORT_MB * 1024 * 1024
        if path.stat().st_size > limit:
            raise CommandError(f"{file} is larger than {settings.CME_MAX_IMPORT_MB} MB (CME_MAX_IMPORT_MB)")
        council = local_authority_for(la)
        try:
            done = schools_import_gias(local_authority=council, data=path.read_bytes(), dry_run=dry_run)
        except FileRefused as refused:
            for line, problem in refused.lines:
                self.stderr.write(f"Line {line}: {problem}")
            raise CommandError(refused.summary) from None
        read = done.read
        self.stdout.write(f"{len(read.schools)} schools of {council.name} in the file "
                          f"({read.other_councils} rows of other councils skipped).")
        for note in done.notes:
            self.stdout.write(note)
        if done.loaded is None:
            self.stdout.write("Dry run: nothing was written.")
            return
        loaded = done.loaded
        self.stdout.write(f"Added {loaded.created}, brought {loaded.updated} up to date, {loaded.unchanged} unchanged.")
