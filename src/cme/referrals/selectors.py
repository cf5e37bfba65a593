"""Reading referrals. Opening a referral shows a child's details, so each read by
council staff is written to the access log, like a child's record."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from cme.accounts.policy import Action, can, decide, require
from cme.audit.models import Channel
from cme.audit.services import access_record

from .models import Kind, Referral, Source, Status


def referral_for_view(*, user: Any, reference: str, purpose: str, request: Any = None,
                      channel: Channel = Channel.PAGE, action: Action = Action.VIEW_REFERRAL) -> Referral:
    if not reference.isprintable():  # NUL or a lone surrogate: no reference holds one, and the database refuses them
        raise Http404("No referral with that reference")
    referral = (Referral.objects.select_related("local_authority", "school", "agency", "created_by", "case", "child")
                .filter(reference=reference.upper()).first())
    if referral is None:
        raise Http404("No referral with that reference")
    decision = decide(user, action, referral)
    same_la = referral.local_authority_id == getattr(user, "local_authority_id", None)
    if same_la:
        access_record(user=user, local_authority_id=referral.local_authority_id, record_type="referral",
                      record_id=referral.pk, record_label=f"Referral {referral.reference}",
                      purpose=purpose, request=request, channel=channel, granted=decision.allowed,
                      child_ids=[referral.child_id])
    if not decision or not same_la:
        raise Http404("No referral with that reference")
    return referral


def unsent_drafts_count(*, user: Any) -> int:
    """How many referrals the user started and has not sent (their home page: a count, no child read)."""
    if not can(user, Action.SUBMIT_REFERRAL):
        return 0
    return Referral.objects.filter(created_by=user, kind=Kind.PROFESSIONAL, status=Status.DRAFT).count()


def drafts_and_sent(*, user: Any) -> QuerySet[Referral]:
    """A referrer's own referrals, and their organisation's."""
    require(user, Action.SUBMIT_REFERRAL, user.organisation)
    mine = Q(created_by=user)
    if user.school_id:
        mine |= Q(school_id=user.school_id) & ~Q(status=Status.DRAFT)
    if user.agency_id:
        mine |= Q(agency_id=user.agency_id) & ~Q(status=Status.DRAFT)
    return Referral.objects.filter(mine, kind=Kind.PROFESSIONAL).order_by("-created_at")


@dataclass(frozen=True)
class QueueFilters:
    status: str = Status.SUBMITTED
    sources: tuple[str, ...] = ()
    risks: tuple[str, ...] = ()
    search: str = ""


RISK_ORDER = {"high": 0, "medium": 1, "low": 2, "none": 3, "": 4}


def triage_queue(*, user: Any, filters: QueueFilters) -> QuerySet[Referral]:
    require(user, Action.TRIAGE_REFERRAL, user.local_authority)
    referrals = Referral.objects.filter(local_authority_id=user.local_authority_id).exclude(status=Status.DRAFT)
    if filters.status:
        referrals = referrals.filter(status=filters.status)
    if filters.sources:
        referrals = referrals.filter(source__in=filters.sources)
    if filters.risks:
        referrals = referrals.filter(risk_level__in=filters.risks)
    if filters.search:
        for word in filters.search.split():
            referrals = referrals.filter(Q(child_first_name__icontains=word) | Q(child_last_name__icontains=word)
                                         | Q(reference__iexact=word))
    return referrals.order_by("submitted_at")


def email_imports_waiting(*, user: Any) -> QuerySet[Referral]:
    """Word forms an officer imported and has not yet added to the queue."""
    if not can(user, Action.TRIAGE_REFERRAL):
        return Referral.objects.none()
    return Referral.objects.filter(local_authority_id=user.local_authority_id, source=Source.EMAIL,
                                   status=Status.DRAFT).order_by("-created_at")
