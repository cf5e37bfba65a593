"""`cme synth ...`: synthetic person files with ground truth, for trying and benchmarking linkage.

    cme synth children --n N --seed S --out FILE.csv
    cme synth pair --n N --overlap F --seed S --left L.csv --right R.csv --truth T.csv

Every record is made up (see cme.synth). `pair` writes N children to the left file;
the right file holds a second, independently recorded view (with the errors of
cme.synth.errors.ErrorRates, under new ids) of a share F of them, plus (1-F)·N other
children, among them brothers, sisters and twins of left-hand children. The truth
file lists left_id,right_id for every true pair. A one-line JSON summary goes to stdout.
"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from cme.synth.errors import PersonRecord, make_pair, synthetic_children, write_records, write_truth


def _positive(value: str) -> int:
    number = int(value)
    if number < 0:
        raise ValueError(value)
    return number


def _share(value: str) -> float:
    share = float(value)
    if not 0.0 <= share <= 1.0:
        raise ValueError(value)
    return share


class Command(BaseCommand):
    help = "Write synthetic person files (with ground truth) for record linkage"
    requires_system_checks: list = []
    requires_migrations_checks = False

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="command", required=True)
        children = sub.add_parser("children", help="one file of synthetic children")
        children.add_argument("--n", type=_positive, required=True, help="number of children")
        children.add_argument("--seed", type=int, default=1)
        children.add_argument("--out", required=True, help="CSV file to write")
        pair = sub.add_parser("pair", help="two files to link and the truth about them")
        pair.add_argument("--n", type=_positive, required=True, help="children in the left file (and in the right)")
        pair.add_argument("--overlap", type=_share, default=0.5, help="share of left children also in the right file")
        pair.add_argument("--seed", type=int, default=1)
        pair.add_argument("--left", required=True)
        pair.add_argument("--right", required=True)
        pair.add_argument("--truth", required=True)

    def handle(self, *args, **options):
        try:
            if options["command"] == "children":
                children = synthetic_children(options["n"], options["seed"])
                rows = write_records(options["out"], (PersonRecord.from_child(child) for child in children))
                self.stdout.write(json.dumps({"children": rows, "seed": options["seed"], "out": options["out"]}))
            else:
                pair = make_pair(options["n"], options["overlap"], options["seed"])
                write_records(options["left"], pair.left)
                write_records(options["right"], pair.right)
                write_truth(options["truth"], pair.truth)
                self.stdout.write(json.dumps({"seed": options["seed"], "overlap": options["overlap"], **pair.summary()}))
        except OSError as error:
            raise CommandError(f"Cannot write {error.filename}: {error.strerror}", returncode=2) from None
