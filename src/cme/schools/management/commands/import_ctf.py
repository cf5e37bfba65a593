"""`cme import-ctf FILE.xml [--la CODE] [--dry-run]`: Common Transfer File into the child index.

Prints one JSON object: {"file", "ctf_version", "pupils", "created", "updated",
"unchanged", "errors": [{"pupil", "upn", "field", "message"}]}. A file with any invalid
pupil imports nothing and exits 1; malformed XML exits 1 naming the line."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from django.core.management.base import CommandError

from cme.accounts.models import LocalAuthority
from cme.core.commands import QuickCommand
from cme.schools.imports import ImportFailed, import_ctf


def local_authority_for(code: str | None) -> LocalAuthority:
    if code:
        found = LocalAuthority.objects.filter(code=code).first()
        if found is None:
            raise CommandError(f"No local authority with the DfE number {code}", returncode=2)
        return found
    authorities = list(LocalAuthority.objects.all()[:2])
    if len(authorities) != 1:
        raise CommandError("Say which local authority's child index to import into: --la CODE", returncode=2)
    return authorities[0]


def add_file_arguments(parser) -> None:
    """A file to load, the council it is for and --dry-run: what every import command takes."""
    parser.add_argument("file")
    parser.add_argument("--la", help="DfE number of the local authority")
    parser.add_argument("--dry-run", action="store_true", help="check the file; write nothing")


class Command(QuickCommand):
    help = "Import a Common Transfer File (CTF XML) into the child index"

    def add_arguments(self, parser):
        add_file_arguments(parser)

    def handle(self, *args, file, la, dry_run, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No such file: {path}", returncode=1)
        authority_id = None if dry_run else local_authority_for(la).pk

        def progress(done: int, total: int, *, stage: str = "Importing") -> None:
            sys.stderr.write(f"\r{done}/{total} pupils")
            sys.stderr.flush()

        try:
            outcome = import_ctf(path, local_authority_id=authority_id, dry_run=dry_run, progress=progress)
        except ImportFailed as problem:
            self.stdout.write(json.dumps({"file": path.name, "ctf_version": None, "pupils": 0, "created": 0,
                                          "updated": 0, "unchanged": 0, "errors": [
                                              {"pupil": None, "upn": "", "field": "file", "message": str(problem)}]}))
            sys.stderr.write(f"{path.name}: {problem}\n")
            sys.exit(1)
        sys.stderr.write("\n")
        self.stdout.write(json.dumps(outcome.as_dict()))
        if outcome.errors:
            sys.exit(1)
