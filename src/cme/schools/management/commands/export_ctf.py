"""`cme export-ctf --child ID --to LAESTAB|XXXXXXX|MMMMMMM [--out FILE]`: a CTF for one child."""

from __future__ import annotations

import sys

from django.core.management.base import CommandError

from cme.audit.models import Channel
from cme.audit.services import access_record
from cme.children.models import Child
from cme.core.commands import QuickCommand
from cme.schools.exports import ExportError, export_ctf


class Command(QuickCommand):
    help = "Write a Common Transfer File for a child"

    def add_arguments(self, parser):
        parser.add_argument("--child", required=True, help="the child's record number (C000042 or 42)")
        parser.add_argument("--to", required=True, dest="destination",
                        help="destination LAESTAB (7 digits), XXXXXXX (lost pupil) or MMMMMMM (abroad)")
        parser.add_argument("--out", help="file to write (default: standard output)")
        parser.add_argument("--ctf-version", dest="ctf_version", default="26.0", choices=["24.0", "25.0", "26.0"])

    def handle(self, *args, child, destination, out, ctf_version, **options):
        number = child.upper().removeprefix("C")
        if not number.isdigit():
            raise CommandError(f"'{child}' is not a child record number", returncode=2)
        found = Child.objects.filter(pk=int(number)).select_related("local_authority").first()
        if found is None:
            raise CommandError(f"No child with the record number {child}", returncode=2)
        try:
            data = export_ctf(found, destination, version=ctf_version)
        except ExportError as problem:
            raise CommandError(str(problem), returncode=2) from None
        # An export is a read of the child's record: logged like a page, with who ran it.
        access_record(user=None, local_authority_id=found.local_authority_id, record_type="child",
                      record_id=found.pk, record_label=f"{found.reference} {found.full_name}",
                      purpose=f"Exported a Common Transfer File for {destination}" + (f" to {out}" if out else ""),
                      channel=Channel.COMMAND)
        if out:
            with open(out, "wb") as handle:
                handle.write(data)
            self.stderr.write(f"Wrote {out}")
        else:
            sys.stdout.buffer.write(data)
