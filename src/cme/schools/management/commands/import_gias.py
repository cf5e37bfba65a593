"""`cme import-gias FILE.csv --la CODE [--dry-run]`: a council's schools from the DfE's Get
Information about Schools extract (`edubasealldataYYYYMMDD.csv`).

Adds the council's schools and brings the ones already here up to date (matched by LAESTAB), closed
ones included so a child's last school is always known. Establishments CME Tracker does not record
(further education and the like) are counted, not loaded. A file with any bad row loads nothing
and exits 1, naming every bad row's line. The file may be up to CME_MAX_IMPORT_MB."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError

from cme.core.commands import QuickCommand
from cme.formats.gias import decode, read_gias

from .import_ctf import add_file_arguments, local_authority_for


class Command(QuickCommand):
    help = "Load a council's schools from a Get Information about Schools extract (CSV)"

    def add_arguments(self, parser):
        add_file_arguments(parser)

    def handle(self, *args, file, la, dry_run, **options):
        from cme.schools.services import schools_load_gias

        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No file at {file}")
        limit = settings.CME_MAX_IMPORT_MB * 1024 * 1024
        if path.stat().st_size > limit:
            raise CommandError(f"{file} is larger than {settings.CME_MAX_IMPORT_MB} MB (CME_MAX_IMPORT_MB)")
        council = local_authority_for(la)
        read = read_gias(decode(path.read_bytes()), la_code=council.code)
        if read.errors:
            for line, problem in read.errors:
                self.stderr.write(f"Line {line}: {problem}")
            raise CommandError(f"{len(read.errors)} bad row{'s' if len(read.errors) != 1 else ''}: nothing was loaded")
        if not read.schools:
            raise CommandError(f"The file has no schools of {council.name} (LA {council.code}): nothing was loaded")
        self.stdout.write(f"{len(read.schools)} schools of {council.name} in the file "
                          f"({read.other_councils} rows of other councils skipped).")
        if read.left_out:
            self.stdout.write("Left out, as CME Tracker does not record them: " + ", ".join(
                f"{kind} ({count})" for kind, count in sorted(read.left_out.items())) + ".")
        if read.phase_not_given:
            self.stdout.write(f"{read.phase_not_given} had no phase in GIAS (“Not applicable”) and are recorded as "
                              "all-through: correct them on the Schools and agencies page if need be.")
        if dry_run:
            self.stdout.write("Dry run: nothing was written.")
            return
        try:
            loaded = schools_load_gias(local_authority_id=council.pk, schools=read.schools)
        except ValidationError as problem:
            raise CommandError(f"{problem.messages[0]}: nothing was loaded") from None
        self.stdout.write(f"Added {loaded.created}, brought {loaded.updated} up to date, {loaded.unchanged} unchanged.")
