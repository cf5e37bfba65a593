"""Finding the children in the index who may be a child someone has just told us about.

PostgreSQL finds the candidates (one query, an index for each way a real match shows
itself); `cme.matching.scoring` compares each field by field and explains the score.
Used by every intake (referrals, school returns, CTF and roll imports), by adding a
child (search before create) and by merging. Parts of the service above the index add
what they know about each candidate (an open CME case, a referral about the same
child) by answering the questions in `cme.children.events`.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection
from django.urls import reverse

from cme.core import events
from cme.matching import scoring
from cme.matching.scoring import AUTO_LINK_PROBABILITY, CANDIDATE_LIMIT, Candidate, near_dates, swapped
from cme.rules import identity, names
from cme.rules.child_records import SearchTerms
from cme.rules.identity import Person

from .events import CandidatesWanted, ChildCasesWanted

# Every branch of the WHERE is a B-tree index lookup (see children.models.Child.Meta), so
# the query stays a few milliseconds at a million children: the same UPN; the same date
# of birth (or with day and month swapped); sound-alike first and last names (double
# metaphone of each, or of any short form or spelling of the first name); a sound-alike
# last name or first name with a date of birth a day, a year or one digit out. The ORDER
# BY is a cheap first ranking in the database, so that only the most promising rows (a
# date of birth alone brings hundreds) reach the field-by-field comparison.
CHILD_CANDIDATES_SQL = """
WITH query AS (
  SELECT cme_fold(%(first)s) AS first_key, cme_fold(%(last)s) AS last_key,
         dmetaphone(cme_fold(%(first)s)) AS first_dm, dmetaphone(cme_fold(%(last)s)) AS last_dm,
         ARRAY(SELECT dmetaphone(cme_fold(v)) FROM unnest(%(first_variants)s::text[]) v) AS first_dms
), found AS (
  SELECT c.id,
         (CASE WHEN %(upn)s <> '' AND c.upn = %(upn)s THEN 4 ELSE 0 END
          + CASE WHEN c.date_of_birth = ANY(%(dates)s::date[]) THEN 2 ELSE 0 END
          + similarity(c.last_name_key, q.last_key) + similarity(c.first_name_key, q.first_key)
          + CASE WHEN c.last_name_dm = q.last_dm AND q.last_dm <> '' THEN 0.5 ELSE 0 END
          + CASE WHEN c.first_name_dm = q.first_dm AND q.first_dm <> '' THEN 0.5 ELSE 0 END
          + CASE WHEN %(postcode)s <> '' AND EXISTS (SELECT FROM children_childaddress a
                                                     WHERE a.child_id = c.id AND a.postcode = %(postcode)s)
                 THEN 1 ELSE 0 END) AS rank
  FROM children_child c, query q
  WHERE c.local_authority_id = %(la)s AND c.merged_into_id IS NULL AND (
        c.date_of_birth = ANY(%(dates)s::date[])
     OR (%(upn)s <> '' AND c.upn = %(upn)s)
     OR (q.last_dm <> '' AND c.last_name_dm = q.last_dm AND c.first_name_dm = ANY(q.first_dms))
     OR (q.last_dm <> '' AND c.last_name_dm = q.last_dm AND c.date_of_birth = ANY(%(near_dates)s::date[]))
     OR (q.first_dm <> '' AND c.first_name_dm = q.first_dm AND c.date_of_birth = ANY(%(near_dates)s::date[]))
     OR (q.last_dm <> '' AND c.last_name_dm = q.last_dm AND left(c.first_name_key, 2) = left(q.first_key, 2))
     OR (q.first_dm <> '' AND c.first_name_dm = q.first_dm AND left(c.last_name_key, 2) = left(q.last_key, 2))
  )
  ORDER BY rank DESC
  LIMIT %(limit)s
)
SELECT c.id, c.first_name, c.middle_names, c.last_name, c.other_names, c.date_of_birth, c.sex, c.upn,
       (SELECT a.postcode FROM children_childaddress a WHERE a.child_id = c.id
        ORDER BY a.moved_out IS NOT NULL, a.moved_in DESC NULLS LAST, a.id DESC LIMIT 1) AS postcode
FROM found f JOIN children_child c ON c.id = f.id
ORDER BY f.rank DESC
"""



# Finding a child from the Children list's search box: each branch is an index lookup
# (the reference, the UPN, the date of birth, either name's double metaphone or folded
# form, see children.models.Child.Meta, or another form of a given name: Bill finds
# William) or, as before the matcher searched, a part of
# a name, other name or a name a merge brought in. The matcher's levels then decide.
SEARCH_SQL = """
WITH words AS (
  SELECT cme_fold(w) AS key, dmetaphone(cme_fold(w)) AS dm, '%%' || lower(w) || '%%' AS part
  FROM unnest(%(names)s::text[]) w
), forms AS (
  SELECT cme_fold(v) AS key FROM unnest(%(forms)s::text[]) v
)
SELECT c.id, c.first_name, c.last_name, c.other_names, c.middle_names, c.date_of_birth, c.upn, c.former_upns,
       ARRAY(SELECT ARRAY[n.first_name, n.last_name] FROM children_childname n WHERE n.child_id = c.id) AS known_names
FROM children_child c
WHERE c.local_authority_id = %(la)s AND c.merged_into_id IS NULL AND (
     c.id = %(reference)s
  OR c.upn = ANY(%(upns)s::text[]) OR c.former_upns && %(upns)s::varchar[]
  OR c.date_of_birth = ANY(%(dates)s::date[])
  OR EXISTS (SELECT FROM words w WHERE w.dm <> '' AND (c.last_name_dm = w.dm OR c.first_name_dm = w.dm))
  OR c.first_name_key IN (SELECT key FROM forms)
  OR EXISTS (SELECT FROM words w WHERE c.last_name_key = w.key OR c.first_name_key = w.key
                                    OR lower(c.first_name) LIKE w.part OR lower(c.last_name) LIKE w.part
                                    OR lower(c.other_names) LIKE w.part)
  OR EXISTS (SELECT FROM children_childname n, words w WHERE n.child_id = c.id
               AND (lower(n.first_name) LIKE w.part OR lower(n.last_name) LIKE w.part
                    OR cme_fold(n.last_name) = w.key OR cme_fold(n.first_name) = w.key))
)
LIMIT %(limit)s
"""
SEARCH_LIMIT = 5000


@dataclass
class SearchResult:
    child_id: int
    weight: float
    reasons: list[str]


def search_children(terms: SearchTerms, *, local_authority_id: int, limit: int = SEARCH_LIMIT) -> list[SearchResult]:
    """Children matching every term of a search (see cme.matching.scoring.search_match), best match first."""
    if terms.empty:
        return []
    with connection.cursor() as cursor:
        forms = sorted({form for word in terms.names for form in names.given_name_variants(word)})
        cursor.execute(SEARCH_SQL, {"names": list(terms.names), "forms": forms, "la": local_authority_id,
                                    "reference": terms.reference,
                                    "upns": list(terms.upns), "dates": list(terms.dates), "limit": limit})
        rows = cursor.fetchall()
    found = []
    for record_id, first, last, other, middle, dob, upn, former, known in rows:
        match = scoring.search_match(names_searched=list(terms.names), dates=list(terms.dates), upns=list(terms.upns),
                                     reference=terms.reference, record_id=record_id, first_name=first, last_name=last,
                                     other_names=" ".join(part for part in (middle, other) if part),
                                     known_names=[tuple(pair) for pair in known], dob=dob, upn=upn,
                                     former_upns=list(former or []))
        if match is not None:
            found.append(SearchResult(record_id, match.weight, match.reasons))
    found.sort(key=lambda result: -result.weight)
    return found


def child_candidate_rows(incoming: Person, local_authority_id: int, limit: int = CANDIDATE_LIMIT) -> list[tuple]:
    """(id, first, middle, last, other names, dob, sex, upn, postcode) for each candidate."""
    dates = [incoming.date_of_birth] if incoming.date_of_birth else []
    if incoming.date_of_birth and swapped(incoming.date_of_birth):
        dates.append(swapped(incoming.date_of_birth))
    first_variants = sorted(names.given_name_variants(incoming.first_name)) if incoming.first_name else []
    with connection.cursor() as cursor:
        cursor.execute(CHILD_CANDIDATES_SQL, {"first": incoming.first_name or "", "last": incoming.last_name or "",
                                              "la": local_authority_id, "dates": dates, "upn": incoming.upn or "",
                                              "first_variants": first_variants, "limit": limit,
                                              "near_dates": near_dates(incoming.date_of_birth) if incoming.date_of_birth else [],
                                              "postcode": identity.normalise_postcode(incoming.postcode)
                                              if incoming.postcode else ""})
        return cursor.fetchall()


def find_candidates(incoming: Person, *, local_authority_id: int, limit: int = 10,
                    exclude_referral_id: int | None = None, minimum_probability: float = 0.05,
                    include_referrals: bool = True) -> list[Candidate]:
    """Known children (and, from the intakes, other referrals) that may be the same child, best first."""
    threshold = scoring.weight_for(minimum_probability)
    best = [item for item in scoring.score_rows(incoming, child_candidate_rows(incoming, local_authority_id))
            if item[0] >= threshold][:limit]
    notes = case_notes([row[0] for _, row, _ in best])
    candidates = [Candidate("child", row[0], f"{' '.join(p for p in (row[1], row[2], row[3]) if p)} (C{row[0]:06d})",
                            reverse("children:detail", args=[row[0]]), comparisons, notes.get(row[0], []))
                  for _, row, comparisons in best]
    if include_referrals:
        for found in events.ask(CandidatesWanted(incoming=incoming, local_authority_id=local_authority_id,
                                                 exclude_referral_id=exclude_referral_id, threshold=threshold)):
            candidates += found
    candidates.sort(key=lambda c: c.weight, reverse=True)
    return candidates[:limit]


def case_notes(child_ids: list[int]) -> dict[int, list[str]]:
    """"Open CME case CME000012" for each child that has one (casework answers)."""
    notes: dict[int, list[str]] = {}
    for answer in events.ask(ChildCasesWanted(child_ids=tuple(child_ids))):
        for case in answer:
            notes.setdefault(case.child_id, []).append(f"{'Open' if case.is_open else 'Closed'} CME case {case.reference}")
    return notes


def known_child(incoming: Person, *, local_authority_id: int) -> int | None:
    """The id of the index child `incoming` is taken to be without an officer's look (at or above
    AUTO_LINK_PROBABILITY), or None. Only children count: a referral is not a record to link a pupil to."""
    best = find_candidates(incoming, local_authority_id=local_authority_id, limit=1, include_referrals=False,
                           minimum_probability=AUTO_LINK_PROBABILITY)
    return best[0].record_id if best else None
