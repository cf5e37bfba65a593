"""Interactive matching: given a child someone has just told us about, which children
do we already know who might be the same child, and why do we think so?

Used by every intake (referrals, school returns, CTF imports). Candidates come from
PostgreSQL (trigram similarity on names, date of birth exact or with day and month
swapped, postcode, UPN); each is scored field by field with match weights in the
Fellegi-Sunter manner (log2 of how much more likely the comparison is for the same
child than for two different children), and explained in words an officer can check.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from enum import StrEnum

import jellyfish
from django.contrib.postgres.search import TrigramSimilarity
from django.db.models import Q

from cme.rules import names

PRIOR_WEIGHT = -8.0  # log2 odds that a candidate pulled from the index is the same child, before comparing


class Verdict(StrEnum):
    AGREE = "agree"
    CLOSE = "close"
    DISAGREE = "disagree"
    MISSING = "missing"


@dataclass(frozen=True)
class IncomingChild:
    first_name: str = ""
    last_name: str = ""
    other_names: str = ""
    dob: dt.date | None = None
    sex: str = ""
    postcode: str = ""
    upn: str = ""


@dataclass(frozen=True)
class FieldComparison:
    field: str
    label: str
    ours: str
    theirs: str
    verdict: Verdict
    words: str
    weight: float


@dataclass
class Candidate:
    kind: str  # "child" or "referral"
    record_id: int
    label: str
    url: str
    comparisons: list[FieldComparison] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def weight(self) -> float:
        return PRIOR_WEIGHT + sum(c.weight for c in self.comparisons)

    @property
    def probability(self) -> float:
        return 1 / (1 + math.pow(2, -self.weight))

    @property
    def agreeing(self) -> list[FieldComparison]:
        return [c for c in self.comparisons if c.verdict in (Verdict.AGREE, Verdict.CLOSE)]

    @property
    def disagreeing(self) -> list[FieldComparison]:
        return [c for c in self.comparisons if c.verdict is Verdict.DISAGREE]


# -- field comparisons -----------------------------------------------------------------

def _similarity(a: str, b: str) -> float:
    return jellyfish.jaro_winkler_similarity(a, b)


def compare_first_name(ours: str, theirs: str, their_other_names: str = "") -> FieldComparison:
    a, b = names.normalise(ours), names.normalise(theirs)
    label = "First name"
    if not a or not b:
        return FieldComparison("first_name", label, ours, theirs, Verdict.MISSING, "not known on both records", 0.0)
    if a == b:
        return FieldComparison("first_name", label, ours, theirs, Verdict.AGREE, "the same", 4.0)
    if names.are_given_name_variants(a, b):
        return FieldComparison("first_name", label, ours, theirs, Verdict.AGREE,
                               "forms of the same name (a short form or another spelling)", 3.5)
    others = {names.normalise(part) for part in their_other_names.replace(",", " ").split()}
    if a in others:
        return FieldComparison("first_name", label, ours, theirs, Verdict.CLOSE, "one of the other names recorded", 2.5)
    similarity = _similarity(a, b)
    if similarity >= 0.9:
        return FieldComparison("first_name", label, ours, theirs, Verdict.CLOSE, "a very similar spelling", 2.5)
    if similarity >= 0.8:
        return FieldComparison("first_name", label, ours, theirs, Verdict.CLOSE, "a similar spelling", 1.0)
    return FieldComparison("first_name", label, ours, theirs, Verdict.DISAGREE, "different", -3.0)


def compare_last_name(ours: str, theirs: str) -> FieldComparison:
    a, b = names.normalise(ours), names.normalise(theirs)
    label = "Last name"
    if not a or not b:
        return FieldComparison("last_name", label, ours, theirs, Verdict.MISSING, "not known on both records", 0.0)
    if a == b:
        return FieldComparison("last_name", label, ours, theirs, Verdict.AGREE, "the same", 5.0)
    if names.are_surname_variants(a, b):
        return FieldComparison("last_name", label, ours, theirs, Verdict.AGREE, "another spelling of the same name", 4.0)
    parts_a, parts_b = set(a.split()), set(b.split())
    if parts_a & parts_b:
        return FieldComparison("last_name", label, ours, theirs, Verdict.CLOSE,
                               "share part of a double-barrelled or hyphenated name", 3.0)
    similarity = _similarity(a, b)
    if similarity >= 0.9:
        return FieldComparison("last_name", label, ours, theirs, Verdict.CLOSE, "a very similar spelling", 3.0)
    if similarity >= 0.8:
        return FieldComparison("last_name", label, ours, theirs, Verdict.CLOSE, "a similar spelling", 1.0)
    return FieldComparison("last_name", label, ours, theirs, Verdict.DISAGREE, "different", -3.0)


def swapped(day: dt.date) -> dt.date | None:
    if day.day > 12 or day.day == day.month:
        return None
    try:
        return dt.date(day.year, day.day, day.month)
    except ValueError:
        return None


def compare_dob(ours: dt.date | None, theirs: dt.date | None) -> FieldComparison:
    label = "Date of birth"
    def show(d):
        return (f"{d.day} {d:%B %Y}" if d else "")
    if ours is None or theirs is None:
        return FieldComparison("dob", label, show(ours), show(theirs), Verdict.MISSING, "not known on both records", 0.0)
    if ours == theirs:
        return FieldComparison("dob", label, show(ours), show(theirs), Verdict.AGREE, "the same", 7.0)
    if swapped(ours) == theirs:
        return FieldComparison("dob", label, show(ours), show(theirs), Verdict.CLOSE,
                               "the same if day and month were swapped", 4.5)
    a, b = ours.strftime("%Y%m%d"), theirs.strftime("%Y%m%d")
    if sum(x != y for x, y in zip(a, b, strict=True)) == 1 or abs((ours - theirs).days) == 1:
        return FieldComparison("dob", label, show(ours), show(theirs), Verdict.CLOSE, "one digit or one day apart", 3.0)
    if ours.year == theirs.year:
        return FieldComparison("dob", label, show(ours), show(theirs), Verdict.DISAGREE, "different, same year", -2.0)
    return FieldComparison("dob", label, show(ours), show(theirs), Verdict.DISAGREE, "different", -6.0)


def compare_sex(ours: str, theirs: str) -> FieldComparison:
    label = "Sex"
    if ours not in ("F", "M") or theirs not in ("F", "M"):
        return FieldComparison("sex", label, ours, theirs, Verdict.MISSING, "not known on both records", 0.0)
    if ours == theirs:
        return FieldComparison("sex", label, ours, theirs, Verdict.AGREE, "the same", 0.8)
    return FieldComparison("sex", label, ours, theirs, Verdict.DISAGREE, "different", -3.0)


def compare_postcode(ours: str, theirs: str) -> FieldComparison:
    label = "Postcode"
    a, b = "".join(ours.split()).upper(), "".join(theirs.split()).upper()
    if not a or not b:
        return FieldComparison("postcode", label, ours, theirs, Verdict.MISSING, "not known on both records", 0.0)
    if a == b:
        return FieldComparison("postcode", label, ours, theirs, Verdict.AGREE, "the same", 5.0)
    if len(a) > 3 and len(b) > 3 and a[:-2] == b[:-2]:
        return FieldComparison("postcode", label, ours, theirs, Verdict.CLOSE, "the same postcode sector", 2.0)
    if len(a) > 3 and len(b) > 3 and a[:-3] == b[:-3]:
        return FieldComparison("postcode", label, ours, theirs, Verdict.CLOSE, "the same postcode district", 1.0)
    # Children move: a different postcode is weak evidence against.
    return FieldComparison("postcode", label, ours, theirs, Verdict.DISAGREE, "different (the family may have moved)",
                           -1.0)


def compare_upn(ours: str, theirs: str) -> FieldComparison:
    label = "UPN"
    if not ours or not theirs:
        return FieldComparison("upn", label, ours, theirs, Verdict.MISSING, "not known on both records", 0.0)
    if ours.upper() == theirs.upper():
        return FieldComparison("upn", label, ours, theirs, Verdict.AGREE, "the same", 10.0)
    return FieldComparison("upn", label, ours, theirs, Verdict.DISAGREE, "different", -5.0)


def compare(incoming: IncomingChild, *, first_name: str, last_name: str, other_names: str, dob: dt.date | None,
            sex: str, postcode: str, upn: str) -> list[FieldComparison]:
    comparisons = [
        compare_first_name(incoming.first_name, first_name, other_names),
        compare_last_name(incoming.last_name, last_name),
        compare_dob(incoming.dob, dob),
        compare_sex(incoming.sex, sex),
        compare_postcode(incoming.postcode, postcode),
        compare_upn(incoming.upn, upn),
    ]
    # A first and last name written the other way round is a common data-entry slip.
    if comparisons[0].verdict is Verdict.DISAGREE and comparisons[1].verdict is Verdict.DISAGREE:
        crossed_first = compare_first_name(incoming.first_name, last_name)
        crossed_last = compare_last_name(incoming.last_name, first_name)
        if crossed_first.verdict is Verdict.AGREE and crossed_last.verdict is Verdict.AGREE:
            comparisons[0] = FieldComparison("first_name", "First name", incoming.first_name, first_name, Verdict.CLOSE,
                                             "first and last names swapped", 3.0)
            comparisons[1] = FieldComparison("last_name", "Last name", incoming.last_name, last_name, Verdict.CLOSE,
                                             "first and last names swapped", 3.0)
    return comparisons


# -- candidates from the database ----------------------------------------------------

def find_candidates(incoming: IncomingChild, *, local_authority_id: int, limit: int = 10,
                    exclude_referral_id: int | None = None, minimum_probability: float = 0.05) -> list[Candidate]:
    """Known children and other referrals that may be the same child, best first."""
    from cme.children.models import Child
    from cme.referrals.models import Referral, Status

    candidates: list[Candidate] = []
    dates = []
    if incoming.dob:
        dates = [incoming.dob] + ([swapped(incoming.dob)] if swapped(incoming.dob) else [])
    name_similarity = (TrigramSimilarity("last_name", incoming.last_name or "")
                       + TrigramSimilarity("first_name", incoming.first_name or ""))
    children = (Child.objects.filter(local_authority_id=local_authority_id, merged_into__isnull=True)
                .annotate(name_similarity=name_similarity)
                .filter(Q(name_similarity__gt=0.6) | Q(date_of_birth__in=dates)
                        | (Q(upn=incoming.upn) if incoming.upn else Q(pk__in=[]))
                        | (Q(addresses__postcode=incoming.postcode) if incoming.postcode else Q(pk__in=[])))
                .prefetch_related("addresses", "cases").distinct()[:300])
    for child in children:
        address = child.current_address()
        comparisons = compare(incoming, first_name=child.first_name, last_name=child.last_name,
                              other_names=child.other_names, dob=child.date_of_birth, sex=child.sex,
                              postcode=address.postcode if address else "", upn=child.upn)
        notes = [f"{'Open' if case.is_open else 'Closed'} CME case {case.reference}" for case in child.cases.all()]
        candidates.append(Candidate("child", child.pk, f"{child.full_name} ({child.reference})",
                                    f"/children/{child.pk}/", comparisons, notes))
    referral_similarity = (TrigramSimilarity("child_last_name", incoming.last_name or "")
                           + TrigramSimilarity("child_first_name", incoming.first_name or ""))
    referrals = (Referral.objects.filter(local_authority_id=local_authority_id)
                 .exclude(status=Status.DRAFT).exclude(pk=exclude_referral_id)
                 .annotate(name_similarity=referral_similarity)
                 .filter(Q(name_similarity__gt=0.6) | Q(child_dob__in=dates)
                         | (Q(child_upn=incoming.upn) if incoming.upn else Q(pk__in=[])))[:100])
    for referral in referrals:
        comparisons = compare(incoming, first_name=referral.child_first_name, last_name=referral.child_last_name,
                              other_names=(referral.answers.get("child") or {}).get("other_names", ""),
                              dob=referral.child_dob, sex=(referral.answers.get("child") or {}).get("sex", ""),
                              postcode=referral.child_postcode, upn=referral.child_upn)
        candidates.append(Candidate("referral", referral.pk, f"Referral {referral.reference} ({referral.child_name})",
                                    f"/referrals/{referral.reference}/triage/", comparisons,
                                    [f"{referral.get_status_display()} referral"]))
    candidates = [c for c in candidates if c.probability >= minimum_probability]
    candidates.sort(key=lambda c: c.weight, reverse=True)
    return candidates[:limit]
