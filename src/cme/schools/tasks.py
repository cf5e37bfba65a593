"""Imports started from the web run here, in the background worker on the imports queue,
with progress the status page shows while they run.

Every import ends as imported or not imported, never left "importing": a problem with the
file ends it with a message saying what to change; anything unexpected ends it with a
message saying nothing was imported and to try again (and is logged for the service's
operators); an import stopped by a restart is ended by `fail_interrupted` when a worker
starts (and by its status page). The upload is deleted however the import ends.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.tasks import task

from cme.core import clock, jobs, uploads
from cme.core.uploads import Upload

from .imports import ImportFailed, import_ctf, import_new_pupils_csv, import_roll_csv
from .models import ImportJob, ImportKind, ImportStatus
from .services import import_job_fail_interrupted

log = logging.getLogger(__name__)

UNEXPECTED = ("Nothing was imported: something went wrong on our side while the file was being imported. "
              "Try again later; if it happens again, contact the council's children missing education team")


def _import(job: ImportJob, data: bytes, progress):
    if job.kind == ImportKind.CTF:  # a school's own CTF, or an officer's of any school
        return import_ctf(data, local_authority_id=job.local_authority_id, file_name=job.original_name,
                          progress=progress, school=job.school,
                          limit=uploads.limit(Upload.SCHOOL_CTF if job.school_id else Upload.CTF))
    if job.kind == ImportKind.ROLL_CSV:
        return import_roll_csv(data, school=job.school, file_name=job.original_name, progress=progress)
    return import_new_pupils_csv(data, school=job.school, user=job.created_by, file_name=job.original_name,
                                 progress=progress)


@task(queue_name=jobs.IMPORTS_QUEUE)
def run_import(job_id: int) -> str:
    job = ImportJob.objects.select_related("school", "created_by").get(pk=job_id)
    with jobs.running("import", job.pk) as side:
        started = ImportJob.objects.filter(pk=job.pk, status=ImportStatus.QUEUED).update(status=ImportStatus.RUNNING,
                                                                                        stage="Starting")
        if not started:  # already ended (failed while waiting, say): nothing to do
            return ImportJob.objects.values_list("status", flat=True).get(pk=job.pk)

        def progress(done: int, total: int, *, stage: str = "Importing") -> None:
            side.update(ImportJob, job.pk, done=done, total=total, stage=stage)

        try:
            with job.file.open("rb") as handle:
                data = handle.read()
            outcome = _import(job, data, progress)
        except ImportFailed as problem:
            result, status = {"message": str(problem), "errors": []}, ImportStatus.FAILED
        except Exception:  # the job must end, and say so, whatever went wrong
            log.exception("Import %s of %s failed", job.pk, job.original_name)
            result, status = {"message": UNEXPECTED, "errors": []}, ImportStatus.FAILED
        else:
            result = {**outcome.as_dict(), "enquiries_opened": outcome.enquiries_opened, "left_roll": outcome.left_roll,
                      "already_sent": outcome.already_sent}
            status = ImportStatus.FAILED if outcome.errors else ImportStatus.DONE
        finally:
            job.file.delete(save=False)  # the data now lives in the index (or nowhere); the upload is not kept
        with transaction.atomic():
            ImportJob.objects.filter(pk=job.pk).update(
                status=status, result=result, finished_at=clock.now(), stage="", file="",
                done=result.get("pupils", 0) if status == ImportStatus.DONE else 0)
    return status


def fail_interrupted() -> int:
    """What a worker does as it starts: every interrupted import ends as not imported."""
    return sum(import_job_fail_interrupted(job=job) for job in ImportJob.objects.filter(status=ImportStatus.RUNNING))
