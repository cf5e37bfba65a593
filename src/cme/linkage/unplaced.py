"""The "children without a school place" run.

1. Link every record of the chosen datasets to the child index (Splink batch linkage,
   `cme.matching.batch`): a record that links is evidence about a child the council
   already knows, with that child's school history.
2. Records that link to no known child are linked with each other, so a child who is
   in the GP list and the council tax list is one candidate, not two.
3. Each child found is judged on the run's date: of compulsory school age? On a
   school roll (a registration current that day)? Home educated (an EHE record or
   the EHE register dataset)? In alternative provision (the AP dataset)? Already an
   open CME case? Those who are none of these are the candidates officers review.

Datasets are taken to list people living in the area (that is what the council
holds them for); a record of someone who has moved away is for the officer to
dismiss, with that reason.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q

from cme.cases.models import OPEN_STATES, Case, EheRecord
from cme.children.models import Child
from cme.core.rules_config import leaving_rule
from cme.matching import batch, model
from cme.rules import school_age
from cme.schools.models import Registration

from .models import PLACING_KINDS, PopulationRecord, SourceKind, UnplacedCandidate, UnplacedRun

LINK_THRESHOLD = batch.DEFAULT_THRESHOLD
STAGES = ("Reading the datasets", "Linking with the child index", "Finding the same child across datasets",
          "Checking school rolls, home education and open cases", "Saving the candidates")

Progress = Callable[[int, str], None]


@dataclass
class FoundChild:
    records: list[PopulationRecord]
    child_id: int | None = None
    lowest_probability: float | None = None
    reasons_placed: list[str] = field(default_factory=list)


class _Groups:
    """Union-find over record ids."""

    def __init__(self) -> None:
        self.parent: dict[int, int] = {}

    def find(self, item: int) -> int:
        self.parent.setdefault(item, item)
        root = item
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[item] != root:
            self.parent[item], item = root, self.parent[item]
        return root

    def join(self, a: int, b: int) -> None:
        self.parent[self.find(a)] = self.find(b)


def _record_row(record: PopulationRecord, prefix: str) -> dict:
    return {"id": f"{prefix}{record.pk}", "first_name": record.first_name, "last_name": record.last_name,
            "other_names": record.middle_names, "dob": record.date_of_birth, "sex": record.sex,
            "postcode": record.postcode, "address": record.address, "upn": record.upn}


def _index_rows(local_authority_id: int, on: dt.date) -> list[dict]:
    """Known children who could be of school age around `on` (or whose age is unknown)."""
    from django.db import connection

    earliest, latest = dt.date(on.year - 18, on.month, 1), dt.date(on.year - 3, on.month, 28)
    with connection.cursor() as cursor:
        cursor.execute("""
            SELECT c.id, c.first_name, c.last_name, concat_ws(' ', c.middle_names, c.other_names), c.date_of_birth,
                   c.sex, c.upn,
                   (SELECT a.postcode FROM children_childaddress a WHERE a.child_id = c.id
                    ORDER BY a.moved_out IS NOT NULL, a.moved_in DESC NULLS LAST, a.id DESC LIMIT 1)
            FROM children_child c
            WHERE c.local_authority_id = %s AND c.merged_into_id IS NULL
              AND (c.date_of_birth IS NULL OR c.date_of_birth BETWEEN %s AND %s)
        """, [local_authority_id, earliest, latest])
        return [{"id": f"C{row[0]}", "first_name": row[1], "last_name": row[2], "other_names": row[3],
                 "dob": row[4], "sex": row[5] if row[5] in ("F", "M") else "", "upn": row[6], "postcode": row[7] or "",
                 "address": ""} for row in cursor.fetchall()]


def _best_links(pairs: list[batch.LinkedPair]) -> dict[str, tuple[str, float]]:
    best: dict[str, tuple[str, float]] = {}
    for pair in pairs:
        if pair.right_id not in best or pair.match_probability > best[pair.right_id][1]:
            best[pair.right_id] = (pair.left_id, pair.match_probability)
    return best


def find_children(records: list[PopulationRecord], index_rows: list[dict], progress: Progress) -> list[FoundChild]:
    """Group the records into children, each linked to a known child where one matches."""
    progress(1, STAGES[1])
    by_id = {record.pk: record for record in records}
    links: dict[int, tuple[int, float]] = {}
    if records and index_rows:
        pairs, _ = batch.link_frames(index_rows, [_record_row(record, "P") for record in records],
                                     threshold=LINK_THRESHOLD)
        links = {int(right[1:]): (int(left[1:]), probability) for right, (left, probability) in _best_links(pairs).items()}
    progress(2, STAGES[2])
    groups = _Groups()
    for record in records:
        groups.find(record.pk)
    by_child: dict[int, int] = {}
    for record_id, (child_id, _) in links.items():
        if child_id in by_child:
            groups.join(record_id, by_child[child_id])
        else:
            by_child[child_id] = record_id
    unlinked = [record for record in records if record.pk not in links]
    if len(unlinked) > 1:
        # The unlinked records against themselves: a pair of different records is one child.
        pairs, _ = batch.link_frames([_record_row(record, "A") for record in unlinked],
                                     [_record_row(record, "B") for record in unlinked],
                                     threshold=LINK_THRESHOLD, model_path=model.DEFAULT_MODEL_PATH)
        for pair in pairs:
            a, b = int(pair.left_id[1:]), int(pair.right_id[1:])
            if a != b:
                groups.join(a, b)
    members: dict[int, list[PopulationRecord]] = {}
    for record_id in by_id:
        members.setdefault(groups.find(record_id), []).append(by_id[record_id])
    found = []
    for group in members.values():
        linked = [links[record.pk] for record in group if record.pk in links]
        child_ids = {child_id for child_id, _ in linked}
        # Two known children in one group would mean the group joined two children: keep
        # the records apart by child rather than guess.
        if len(child_ids) > 1:
            for child_id in child_ids:
                own = [record for record in group if links.get(record.pk, (None,))[0] == child_id]
                found.append(FoundChild(own, child_id, min(links[record.pk][1] for record in own)))
            rest = [record for record in group if record.pk not in links]
            if rest:
                found.append(FoundChild(rest))
            continue
        found.append(FoundChild(group, next(iter(child_ids), None),
                                min((probability for _, probability in linked), default=None)))
    return found


def _date_of_birth(found: FoundChild, child_dobs: dict[int, dt.date | None]) -> dt.date | None:
    if found.child_id is not None and child_dobs.get(found.child_id):
        return child_dobs[found.child_id]
    dates = Counter(record.date_of_birth for record in found.records if record.date_of_birth)
    return dates.most_common(1)[0][0] if dates else None


def judge(found_children: list[FoundChild], *, on: dt.date, local_authority_id: int) -> Counter[str]:
    """Sets each child's reasons for not being a candidate; returns how many of each."""

    child_ids = [found.child_id for found in found_children if found.child_id is not None]
    child_dobs = dict(Child.objects.filter(pk__in=child_ids).values_list("id", "date_of_birth"))
    on_roll = set(Registration.objects.filter(child_id__in=child_ids)
                  .filter(Q(entry_date__isnull=True) | Q(entry_date__lte=on))
                  .filter(Q(leaving_date__isnull=True) | Q(leaving_date__gt=on)).values_list("child_id", flat=True))
    home_educated = set(EheRecord.objects.filter(child_id__in=child_ids, notified_on__lte=on)
                        .values_list("child_id", flat=True))
    open_case = set(Case.objects.filter(child_id__in=child_ids, state__in=OPEN_STATES, local_authority_id=local_authority_id)
                    .values_list("child_id", flat=True))
    rule = leaving_rule()
    counts: Counter[str] = Counter()
    for found in found_children:
        dob = _date_of_birth(found, child_dobs)
        kinds = {record.dataset.kind for record in found.records}
        reasons = []
        if dob is None:
            reasons.append("no date of birth")
        elif not school_age.is_of_compulsory_school_age(dob, on, rule):
            reasons.append("not of compulsory school age")
        else:
            if found.child_id in on_roll:
                reasons.append("on a school roll")
            if found.child_id in home_educated or SourceKind.EHE in kinds:
                reasons.append(PLACING_KINDS[SourceKind.EHE])
            if SourceKind.ALTERNATIVE_PROVISION in kinds:
                reasons.append(PLACING_KINDS[SourceKind.ALTERNATIVE_PROVISION])
            if found.child_id in open_case:
                reasons.append("already an open CME case")
        found.reasons_placed = reasons
        counts[reasons[0] if reasons else "candidate"] += 1
    return counts


def _candidate(run: UnplacedRun, found: FoundChild, children: dict) -> UnplacedCandidate:
    newest = max(found.records, key=lambda record: (record.dataset.extract_date, record.pk))
    child = children.get(found.child_id)
    postcode = next((record.postcode for record in sorted(found.records, key=lambda r: r.dataset.extract_date,
                                                           reverse=True) if record.postcode), "")
    return UnplacedCandidate(
        run=run, child_id=found.child_id,
        first_name=child.first_name if child else newest.first_name,
        last_name=child.last_name if child else newest.last_name,
        date_of_birth=(child.date_of_birth if child and child.date_of_birth else
                       Counter(r.date_of_birth for r in found.records if r.date_of_birth).most_common(1)[0][0]),
        postcode=postcode, sources=sorted({record.dataset.kind for record in found.records}),
        lowest_link_probability=found.lowest_probability)


def execute(run: UnplacedRun, progress: Progress) -> dict:
    """Run the linkage and save the candidates; returns the summary kept with the run."""

    seconds: dict[str, float] = {}
    started = time.perf_counter()
    progress(0, STAGES[0])
    records = list(PopulationRecord.objects.filter(dataset__in=run.datasets.all(),
                                                   dataset__local_authority_id=run.local_authority_id)
                   .select_related("dataset"))
    index_rows = _index_rows(run.local_authority_id, run.on)
    seconds["read"] = time.perf_counter() - started
    found = find_children(records, index_rows, progress)
    seconds["link"] = time.perf_counter() - started - seconds["read"]
    progress(3, STAGES[3])
    counts = judge(found, on=run.on, local_authority_id=run.local_authority_id)
    progress(4, STAGES[4])
    chosen = [item for item in found if not item.reasons_placed]
    children = Child.objects.in_bulk([item.child_id for item in chosen if item.child_id])
    with transaction.atomic():
        candidates = UnplacedCandidate.objects.bulk_create([_candidate(run, item, children) for item in chosen])
        through = UnplacedCandidate.records.through
        through.objects.bulk_create([through(unplacedcandidate_id=candidate.pk, populationrecord_id=record.pk)
                                     for candidate, item in zip(candidates, chosen, strict=True)
                                     for record in item.records])
    seconds["total"] = time.perf_counter() - started
    return {
        "records": len(records), "known_children_compared": len(index_rows), "children_found": len(found),
        "linked_to_index": sum(1 for item in found if item.child_id is not None),
        "candidates": len(chosen), "not_candidates": {reason: n for reason, n in counts.items() if reason != "candidate"},
        "seconds": {stage: round(value, 1) for stage, value in seconds.items()},
    }


def mark_run(run_id: int, **fields) -> None:
    """Record a run's progress or result, outside any transaction the run's own work holds."""
    UnplacedRun.objects.filter(pk=run_id).update(**fields)
