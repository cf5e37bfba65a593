"""Reading datasets, runs and candidates. Looking at a candidate is a read of a child's
data, so it is written to the access log."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from cme.accounts.policy import Action, require
from cme.audit.services import access_record

from .models import CandidateStatus, PopulationDataset, UnplacedCandidate, UnplacedRun


def datasets_for(*, user: Any) -> QuerySet[PopulationDataset]:
    require(user, Action.IMPORT_DATA, user.local_authority)
    return PopulationDataset.objects.filter(local_authority_id=user.local_authority_id).select_related("created_by")


def dataset_for(*, user: Any, dataset_id: int) -> PopulationDataset:
    dataset = datasets_for(user=user).filter(pk=dataset_id).first()
    if dataset is None:
        raise Http404("No dataset with that number")
    return dataset


def runs_for(*, user: Any) -> QuerySet[UnplacedRun]:
    require(user, Action.IMPORT_DATA, user.local_authority)
    return (UnplacedRun.objects.filter(local_authority_id=user.local_authority_id).select_related("created_by")
            .annotate(to_review=Count("candidates", filter=Q(candidates__status=CandidateStatus.TO_REVIEW))))


def run_for(*, user: Any, run_id: int) -> UnplacedRun:
    run = runs_for(user=user).filter(pk=run_id).first()
    if run is None:
        raise Http404("No run with that number")
    return run


def run_candidates(*, user: Any, run: UnplacedRun, status: str = "", request: Any = None) -> QuerySet[UnplacedCandidate]:
    require(user, Action.VIEW_CHILD, run)
    candidates = run.candidates.select_related("child")
    if status in CandidateStatus.values:
        candidates = candidates.filter(status=status)
    access_record(user=user, local_authority_id=run.local_authority_id, record_type="unplaced-run", record_id=run.pk,
                  record_label=f"Run {run.pk}", purpose="Listed children without a school place", request=request,
                  child_ids=candidates.values_list("child_id", flat=True))
    return candidates


def candidate_for_view(*, user: Any, run: UnplacedRun, candidate_id: int, request: Any = None) -> UnplacedCandidate:
    candidate = run.candidates.filter(pk=candidate_id).select_related("child", "case", "decided_by", "run").first()
    if candidate is None:
        raise Http404("No such candidate in this run")
    require(user, Action.VIEW_CHILD, candidate)
    access_record(user=user, local_authority_id=run.local_authority_id, record_type="unplaced-candidate",
                  record_id=candidate.pk, record_label=f"{candidate.name} (run {run.pk})",
                  purpose="Reviewed a child without a school place", request=request, child_ids=[candidate.child_id])
    return candidate


def candidate_evidence(candidate: UnplacedCandidate) -> dict:
    """The records from each source side by side, with the known child's record and school history."""
    records = list(candidate.records.select_related("dataset").order_by("dataset__extract_date", "dataset_id", "line"))
    registrations = list(candidate.child.registrations.all()) if candidate.child else []
    return {"records": records, "child": candidate.child, "registrations": registrations}
