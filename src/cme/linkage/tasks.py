"""The unplaced-children run, in the background worker, with its progress on the run."""

from __future__ import annotations

import logging

from django.tasks import task
from django.utils import timezone

from . import unplaced
from .models import RunStatus, UnplacedRun

log = logging.getLogger(__name__)


@task()
def run_unplaced(run_id: int) -> str:
    run = UnplacedRun.objects.get(pk=run_id)
    unplaced.mark_run(run_id, status=RunStatus.RUNNING)

    def progress(done: int, stage: str) -> None:
        unplaced.mark_run(run_id, done=done, stage=stage)

    try:
        summary = unplaced.execute(run, progress)
    except Exception as error:  # the run must end marked failed, whatever went wrong
        log.exception("Unplaced-children run %s failed", run_id)
        unplaced.mark_run(run_id, status=RunStatus.FAILED, error=f"{type(error).__name__}: {error}"[:2000],
                 finished_at=timezone.now())
        return RunStatus.FAILED
    unplaced.mark_run(run_id, status=RunStatus.DONE, summary=summary, done=len(unplaced.STAGES), stage="Finished",
             finished_at=timezone.now())
    return RunStatus.DONE
