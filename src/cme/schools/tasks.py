"""Imports started from the web run here, in the background worker, with progress."""

from __future__ import annotations

from django.db import transaction
from django.tasks import task
from django.utils import timezone

from .imports import ImportFailed, import_ctf, import_new_pupils_csv, import_roll_csv
from .models import ImportJob, ImportKind, ImportStatus


def _progress(job_id: int):
    def report(done: int, total: int) -> None:
        ImportJob.objects.filter(pk=job_id).update(done=done, total=total)

    return report


@task()
def run_import(job_id: int) -> str:
    job = ImportJob.objects.select_related("school", "created_by").get(pk=job_id)
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.RUNNING)
    progress = _progress(job.pk)
    try:
        with job.file.open("rb") as handle:
            data = handle.read()
        if job.kind == ImportKind.CTF:
            outcome = import_ctf(data, local_authority_id=job.local_authority_id, file_name=job.original_name,
                                 progress=progress)
        elif job.kind == ImportKind.ROLL_CSV:
            outcome = import_roll_csv(data, school=job.school, file_name=job.original_name, progress=progress)
        else:
            outcome = import_new_pupils_csv(data, school=job.school, user=job.created_by, file_name=job.original_name,
                                            progress=progress)
    except ImportFailed as problem:
        result, status = {"message": str(problem), "errors": []}, ImportStatus.FAILED
    else:
        result = {**outcome.as_dict(), "enquiries_opened": outcome.enquiries_opened, "left_roll": outcome.left_roll}
        status = ImportStatus.FAILED if outcome.errors else ImportStatus.DONE
    with transaction.atomic():
        ImportJob.objects.filter(pk=job.pk).update(status=status, result=result, finished_at=timezone.now(),
                                                   done=result.get("pupils", 0) if status == ImportStatus.DONE else 0)
    job.file.delete(save=False)  # the data now lives in the index; the upload is not kept
    return status
