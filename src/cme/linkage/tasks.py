"""The unplaced-children run, in the background worker on the imports queue, with its
progress on the run. A run stopped by a restart is marked failed when a worker starts."""

from __future__ import annotations

import logging

from django.tasks import task

from cme.core import clock, jobs

from . import unplaced
from .models import RunStatus, UnplacedRun

log = logging.getLogger(__name__)


INTERRUPTED = "The run was stopped when the service restarted: start it again"


@task(queue_name=jobs.IMPORTS_QUEUE)
def run_unplaced(run_id: int) -> str:
    with jobs.running("unplaced-run", run_id):  # while it is held, the run is not "interrupted"
        return _run(run_id)


def _run(run_id: int) -> str:
    run = UnplacedRun.objects.get(pk=run_id)
    unplaced.mark_run(run_id, status=RunStatus.RUNNING)

    def progress(done: int, stage: str) -> None:
        unplaced.mark_run(run_id, done=done, stage=stage)

    try:
        summary = unplaced.execute(run, progress)
    except Exception as error:  # the run must end marked failed, whatever went wrong
        log.exception("Unplaced-children run %s failed", run_id)
        unplaced.mark_run(run_id, status=RunStatus.FAILED, error=f"{type(error).__name__}: {error}"[:2000],
                 finished_at=clock.now())
        return RunStatus.FAILED
    unplaced.mark_run(run_id, status=RunStatus.DONE, summary=summary, done=len(unplaced.STAGES), stage="Finished",
             finished_at=clock.now())
    return RunStatus.DONE


def fail_interrupted() -> int:
    """Runs marked running that no process is running end as failed (what a worker does as it starts)."""
    stopped = [pk for pk in UnplacedRun.objects.filter(status=RunStatus.RUNNING).values_list("pk", flat=True)
               if not jobs.is_running("unplaced-run", pk)]
    return UnplacedRun.objects.filter(pk__in=stopped, status=RunStatus.RUNNING).update(
        status=RunStatus.FAILED, error=INTERRUPTED, finished_at=clock.now())
