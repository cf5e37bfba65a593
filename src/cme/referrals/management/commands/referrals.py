"""`cme referrals import-docx FILE.docx [--password P] [--dry-run] [--la CODE]`

Reads a filled-in CME referral checklist (the Word form councils receive by email)
into a draft referral for an officer to check. With --dry-run it prints what it read
as one JSON object and writes nothing. The password opens the document once and is
never stored."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import CommandError

from cme.accounts.models import LocalAuthority
from cme.core.commands import QuickCommand
from cme.referrals import services
from cme.referrals.docx_checklist import ChecklistError, read_checklist


class Command(QuickCommand):
    help = "Import referrals sent as Word checklists"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="command", required=True)
        importer = sub.add_parser("import-docx", help="read a filled-in referral checklist (.docx)")
        importer.add_argument("file")
        importer.add_argument("--password", help="the document's password, if it has one (not stored)")
        importer.add_argument("--dry-run", action="store_true", help="print what was read; write nothing")
        importer.add_argument("--la", help="DfE number of the local authority to file the draft under")

    def handle(self, *args, command, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}", returncode=2)
        try:
            reading = read_checklist(path, password=options.get("password")).as_dict()
        except ChecklistError as problem:
            raise CommandError(f"{path.name}: {problem}", returncode=1) from None
        if options["dry_run"]:
            self.stdout.write(json.dumps(reading, ensure_ascii=False))
            return
        local_authority = self._local_authority(options.get("la"))
        referral = services.referral_from_checklist(local_authority=local_authority, reading=reading)
        self.stdout.write(json.dumps({"reference": referral.reference, "local_authority": local_authority.code,
                                      "status": referral.status, "unread": reading["unread"]}, ensure_ascii=False))

    def _local_authority(self, code: str | None) -> LocalAuthority:
        if code:
            found = LocalAuthority.objects.filter(code=code).first()
            if found is None:
                raise CommandError(f"No local authority with the DfE number {code}", returncode=2)
            return found
        authorities = list(LocalAuthority.objects.all()[:2])
        if len(authorities) != 1:
            raise CommandError("Say which local authority the referral is for: --la CODE", returncode=2)
        return authorities[0]
