"""Writing population datasets, unplaced-children runs and officers' decisions on them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from cme.accounts.policy import Action, require
from cme.cases.models import CaseSource, CaseState, TimelineKind
from cme.cases.services import case_open, timeline_add
from cme.children.services import child_create
from cme.core import clock, uploads
from cme.core.bulk import copy_rows
from cme.core.uploads import Upload

from . import datasets
from .models import (
    CandidateStatus,
    DatasetStatus,
    DismissReason,
    PopulationDataset,
    PopulationRecord,
    RunStatus,
    SourceKind,
    UnplacedCandidate,
    UnplacedRun,
)
from .tasks import run_unplaced
from .unplaced import STAGES

RECORD_COLUMNS = ("dataset_id", "line", "source_id", "first_name", "middle_names", "last_name", "date_of_birth", "sex",
                  "address", "postcode", "upn")


def dataset_upload(*, user: Any, name: str, kind: str, extract_date: dt.date, upload: UploadedFile) -> PopulationDataset:
    """Keep the upload and read its header; the rows are read once the columns are matched."""
    require(user, Action.IMPORT_DATA, user.local_authority)
    if kind not in SourceKind.values:
        raise ValidationError("Select what kind of list it is")
    # The whole file is read once, now: DatasetError for one that is not a CSV with a header,
    # cannot be read to its end, or has too many rows. The rows are checked when the columns are matched.
    header = datasets.check_file(upload.read(), uploads.limit(Upload.POPULATION_CSV))
    upload.seek(0)
    dataset = PopulationDataset(local_authority_id=user.local_authority_id, name=name.strip()[:120], kind=kind,
                                extract_date=extract_date, original_name=upload.name[:200], headers=header,
                                column_mapping=datasets.guess_mapping(header), created_by=user)
    dataset.file.save(upload.name, upload, save=False)
    dataset.save()
    return dataset


def dataset_check(dataset: PopulationDataset, mapping: dict[str, str]) -> tuple[dict[str, str], datasets.ReadResult | None]:
    """Problems with the mapping, or the rows as the mapping reads them."""
    problems = datasets.check_mapping(mapping, dataset.headers)
    if problems:
        return problems, None
    with dataset.file.open("rb") as handle:
        data = handle.read()
    return {}, datasets.read_rows(data, mapping, today=clock.today())


@transaction.atomic
def dataset_import(*, user: Any, dataset: PopulationDataset, mapping: dict[str, str],
                   leave_out_problem_rows: bool = False) -> datasets.ReadResult:
    """Import every row, or nothing: rows with problems stop the import unless the officer
    chose to leave them out, and then they are kept, with their problems, on the dataset."""
    require(user, Action.IMPORT_DATA, dataset)
    dataset = PopulationDataset.objects.select_for_update().get(pk=dataset.pk)
    if dataset.status != DatasetStatus.UPLOADED:
        raise ValidationError("This dataset has already been imported")
    problems, result = dataset_check(dataset, mapping)
    if problems:
        raise ValidationError(problems)
    assert result is not None
    if result.problems and not leave_out_problem_rows:
        return result
    copy_rows(PopulationRecord, RECORD_COLUMNS, (
        (dataset.pk, row.line, row.source_id, row.first_name[:100], row.middle_names[:150], row.last_name[:100],
         row.date_of_birth, row.sex, row.address, row.postcode, row.upn) for row in result.rows))
    dataset.column_mapping = mapping
    dataset.rows = len(result.rows)
    dataset.left_out = [problem.as_dict() for problem in result.problems]
    dataset.status = DatasetStatus.IMPORTED
    dataset.imported_at = clock.now()
    dataset.save()
    transaction.on_commit(lambda: dataset.file.delete(save=True))
    return result


def dataset_delete(*, user: Any, dataset: PopulationDataset) -> None:
    """Delete a dataset and its records (as retention requires); runs keep their candidates' summaries."""
    require(user, Action.IMPORT_DATA, dataset)
    if dataset.file:
        dataset.file.delete(save=False)
    dataset.delete()


def run_start(*, user: Any, dataset_ids: list[int], on: dt.date) -> UnplacedRun:
    require(user, Action.IMPORT_DATA, user.local_authority)
    chosen = list(PopulationDataset.objects.filter(pk__in=dataset_ids, local_authority_id=user.local_authority_id,
                                                   status=DatasetStatus.IMPORTED))
    if not chosen:
        raise ValidationError("Select at least one imported dataset")
    if on > clock.today():
        raise ValidationError("The date cannot be in the future")
    run = UnplacedRun.objects.create(local_authority_id=user.local_authority_id, on=on, created_by=user,
                                     total=len(STAGES), stage="Waiting to start")
    run.datasets.set(chosen)
    # The database task backend stores the task in this transaction, so the worker
    # cannot start it before the run is committed.
    run_unplaced.enqueue(run.pk)
    return run


def _decided(candidate: UnplacedCandidate) -> UnplacedCandidate:
    candidate = UnplacedCandidate.objects.select_for_update().select_related("run").get(pk=candidate.pk)
    if candidate.status != CandidateStatus.TO_REVIEW:
        raise ValidationError(f"{candidate.name} has already been reviewed: {candidate.get_status_display().lower()}")
    if candidate.run.status != RunStatus.DONE:
        raise ValidationError("The run has not finished")
    return candidate


@transaction.atomic
def candidate_dismiss(*, user: Any, candidate: UnplacedCandidate, reason: str, note: str) -> UnplacedCandidate:
    require(user, Action.EDIT_CASE, candidate)
    candidate = _decided(candidate)
    if reason not in DismissReason.values:
        raise ValidationError("Select why this child is not missing education")
    if reason == DismissReason.OTHER and not note.strip():
        raise ValidationError("Say what the other reason is")
    candidate.status, candidate.dismiss_reason, candidate.note = CandidateStatus.DISMISSED, reason, note.strip()
    candidate.decided_by, candidate.decided_at = user, clock.now()
    candidate.save()
    return candidate


@transaction.atomic
def candidate_open_enquiry(*, user: Any, candidate: UnplacedCandidate, primary_reason: int, note: str
                           ) -> UnplacedCandidate:
    """Open a CME case for the candidate, first adding the child to the index if it is not there."""
    require(user, Action.EDIT_CASE, candidate)
    candidate = _decided(candidate)
    records = list(candidate.records.select_related("dataset").order_by("-dataset__extract_date", "-id"))
    child = candidate.child
    if child is None:
        newest = records[0]
        with_address = next((record for record in records if record.address or record.postcode), None)
        child = child_create(user=user, local_authority=candidate.run.local_authority,
                             first_name=newest.first_name or "Not known", middle_names=newest.middle_names,
                             last_name=newest.last_name or "Not known", date_of_birth=candidate.date_of_birth,
                             sex=newest.sex or "U", upn=next((record.upn for record in records if record.upn), ""),
                             postcode=with_address.postcode if with_address else "",
                             address_line_1=with_address.address if with_address else "")
    sources = "; ".join(f"{record.dataset.get_kind_display()} “{record.dataset.name}” ({record.dataset.extract_date:%d %B %Y}), "
                        f"line {record.line}" for record in records)
    case = case_open(child=child, opened_by=user, primary_reason=primary_reason, start_date=clock.today(),
                     state=CaseState.MAKING_ENQUIRIES, source=CaseSource.DATA_MATCHING,
                     summary=f"Case opened from the children-without-a-school-place run of "
                             f"{candidate.run.on:%d %B %Y}: found in {sources}, on no school roll.")
    if note.strip():
        timeline_add(case=case, kind=TimelineKind.NOTE, by=user, text=note.strip())
    candidate.status, candidate.note, candidate.case, candidate.child = (CandidateStatus.ENQUIRY_OPENED, note.strip(),
                                                                         case, child)
    candidate.decided_by, candidate.decided_at = user, clock.now()
    candidate.save()
    return candidate
