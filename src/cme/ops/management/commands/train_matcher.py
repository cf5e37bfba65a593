"""`cme train-matcher [--children N] [--seed S] [--out FILE]`: learn the interactive
matcher's weights from a synthetic pair (see cme.ops.training) and write them
where the matcher reads them. Nothing it loads into the database is kept."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

from django.db import transaction

from cme.core.commands import QuickCommand
from cme.matching import scoring
from cme.ops import training


class Command(QuickCommand):
    help = "Train the interactive matcher on synthetic children with known truth"

    def add_arguments(self, parser):
        parser.add_argument("--children", type=int, default=20_000)
        parser.add_argument("--seed", type=int, default=20261122)
        parser.add_argument("--out", type=Path, default=None,
                            help=f"where to write the model (default: the shipped cme/matching/{scoring.MODEL_FILE})")

    def handle(self, *args, children, seed, out, **options):
        from cme.accounts.models import LocalAuthority

        out = out or Path(str(resources.files("cme.matching").joinpath(scoring.MODEL_FILE)))
        with transaction.atomic():
            la = LocalAuthority.objects.create(code="000", name="Matcher training (fictional)", is_fictional=True)
            model = training.train(children, seed, local_authority_id=la.pk, out=out)
            transaction.set_rollback(True)
        self.stderr.write(f"Wrote {out}")
        self.stdout.write(json.dumps(model["trained"]))
