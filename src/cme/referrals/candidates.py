"""Referrals as match candidates: a referral accepted or waiting for triage, with no
child record yet, may be about the same child as another referral or a child being
added. The child index asks (`CandidatesWanted`); this answers."""

from __future__ import annotations

from django.contrib.postgres.search import TrigramSimilarity
from django.db.models import Q
from django.urls import reverse

from cme.children.events import CandidatesWanted
from cme.core import events
from cme.matching.scoring import Candidate, compare, swapped

from .models import Referral, Status


@events.handles(CandidatesWanted)
def referral_candidates(question: CandidatesWanted) -> list[Candidate]:
    """Other referrals (before a child record exists) that may be about the same child."""
    incoming = question.incoming
    dates = [d for d in (incoming.date_of_birth, swapped(incoming.date_of_birth) if incoming.date_of_birth else None) if d]
    similarity = (TrigramSimilarity("child_last_name", incoming.last_name or "")
                  + TrigramSimilarity("child_first_name", incoming.first_name or ""))
    referrals = (Referral.objects.filter(local_authority_id=question.local_authority_id).exclude(status=Status.DRAFT)
                 .exclude(pk=question.exclude_referral_id).annotate(name_similarity=similarity)
                 .filter(Q(name_similarity__gt=0.6) | Q(child_dob__in=dates)
                         | (Q(child_upn=incoming.upn) if incoming.upn else Q(pk__in=[])))[:100])
    found = []
    for referral in referrals:
        child = referral.answers.get("child") or {}
        comparisons = compare(incoming, first_name=referral.child_first_name, last_name=referral.child_last_name,
                              other_names=child.get("other_names", ""), dob=referral.child_dob, sex=child.get("sex", ""),
                              postcode=referral.child_postcode, upn=referral.child_upn)
        if sum(c.weight for c in comparisons) >= question.threshold:
            found.append(Candidate("referral", referral.pk, f"Referral {referral.reference} ({referral.child_name})",
                                   reverse("referrals:triage", args=[referral.reference]), comparisons,
                                   [f"{referral.get_status_display()} referral"]))
    return found
