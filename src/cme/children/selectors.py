"""Reading children's records. Every read of a child's data passes through here and is
written to the access log, including refused attempts."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.core.paginator import Page, Paginator
from django.db import models
from django.db.models import QuerySet
from django.db.models.functions import Lower
from django.http import Http404

from cme.accounts.policy import Action, decide, require
from cme.audit.models import Channel
from cme.audit.services import access_record, access_record_list, shown
from cme.core import events
from cme.matching.scoring import Candidate
from cme.rules.child_records import RecordFacts, child_reference, search_terms
from cme.rules.identity import Person

from .candidates import SearchResult, find_candidates, search_children
from .events import ChildCasesWanted, Elsewhere, KnownElsewhereWanted
from .models import Child, ChildMerge, NameKind
from .relations import LABELS, child_relations, relation_label


def child_for_view(*, user: Any, child_id: int, purpose: str, request: Any = None,
                   channel: Channel = Channel.PAGE, action: Action = Action.VIEW_CHILD) -> Child:
    """A child's record for someone allowed `action` on it, the read logged (refusals too).
    A record the user may not see is not found, exactly like one that does not exist, so
    its existence does not leak."""
    child = Child.objects.filter(pk=child_id).select_related("local_authority", "merged_into").first()
    if child is None:
        raise Http404("No child with that reference")
    decision = decide(user, action, child)
    if getattr(user, "local_authority_id", None) is not None:
        access_record(user=user, local_authority_id=child.local_authority_id if decision else user.local_authority_id,
                      record_type="child", record_id=child.pk,
                      record_label=child.reference if not decision else f"{child.reference} {child.full_name}",
                      purpose=purpose, request=request, channel=channel, granted=decision.allowed,
                      # Another LA's child is not named in this LA's log.
                      child_ids=[child.pk] if child.local_authority_id == user.local_authority_id else [])
    if not decision:
        raise Http404("No child with that reference")
    return child


PAGE_SIZE = 50


@dataclass
class SearchRow:
    child: Child
    reasons: list[str] = field(default_factory=list)


@dataclass
class ChildList:
    """A page of the Children list: every child by name, or the children a search found, best match first."""

    query: str
    searched: bool
    page: Page

    @property
    def rows(self) -> list[SearchRow]:
        return list(self.page.object_list)

    @property
    def count(self) -> int:
        return self.page.paginator.count


class _Rows(Sequence):
    """Search results paged lazily: only the children on the page shown are read."""

    def __init__(self, results: list[SearchResult]):
        self.results = results

    def __len__(self) -> int:
        return len(self.results)

    def __getitem__(self, index):
        chosen = self.results[index] if isinstance(index, slice) else [self.results[index]]
        children = Child.objects.in_bulk([result.child_id for result in chosen])
        rows = [SearchRow(children[result.child_id], result.reasons) for result in chosen]
        return rows if isinstance(index, slice) else rows[0]


def children_search(*, user: Any, query: str = "", page: Any = 1, request: Any = None) -> ChildList:
    """The Children list, a page at a time: every child by surname then given name, or, for a search, the
    children matching every term (names by the matcher, so "hosain" finds Hossain; a date of birth, a
    reference such as C000305, a UPN), best match first, each with why. Every search is logged."""
    require(user, Action.VIEW_CHILD, user.local_authority)
    query = " ".join(query.split())
    if not query:
        children = (Child.objects.filter(local_authority_id=user.local_authority_id, merged_into__isnull=True)
                    .order_by(Lower("last_name"), Lower("first_name"), "id"))  # "de Souza" among the Ds
        listing = ChildList(query="", searched=False, page=Paginator(_Children(children), PAGE_SIZE).get_page(page))
    else:
        results = search_children(search_terms(query), local_authority_id=user.local_authority_id)
        listing = ChildList(query=query, searched=True, page=Paginator(_Rows(results), PAGE_SIZE).get_page(page))
    # One entry for the page shown, naming every child on it, so the read is found by child.
    access_record_list(user=user, record_type="child-search" if query else "child-list",
                       child_ids=[row.child.pk for row in listing.rows], label=shown(len(listing.rows), "child", "children"),
                       purpose=f"Searched children for “{query[:150]}”" if query else "Listed children", request=request)
    return listing


class _Children(Sequence):
    """Every child, paged by the database, each as a row with no reasons."""

    def __init__(self, children: QuerySet[Child]):
        self.children = children

    def __len__(self) -> int:
        return self.children.count()

    def count(self) -> int:
        return len(self)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [SearchRow(child) for child in self.children[index]]
        return SearchRow(self.children[index])


SEARCH_BEFORE_CREATE = "Search before creating a child"
SEARCH_BEFORE_MERGE = "Search for another record of the same child"


def _log_candidates(*, user: Any, candidates: list[Candidate], purpose: str, request: Any = None) -> None:
    """Showing a candidate shows part of another child's record: one log entry each."""
    for candidate in candidates:
        access_record(user=user, local_authority_id=user.local_authority_id,
                      record_type="child" if candidate.kind == "child" else "referral",
                      record_id=candidate.record_id, record_label=candidate.label, purpose=purpose, request=request)


def new_child_candidates(*, user: Any, details: dict, request: Any = None) -> list[Candidate]:
    """Children (and referrals) already known who may be the child an officer is about
    to add, best first, each read logged."""
    require(user, Action.CREATE_CHILD, user.local_authority)
    incoming = Person(first_name=details["first_name"], last_name=details["last_name"],
                             other_names=details.get("middle_names", ""), date_of_birth=details.get("date_of_birth"),
                             sex=details.get("sex", ""), postcode=details.get("postcode", ""),
                             upn=details.get("upn", ""))
    candidates = find_candidates(incoming, local_authority_id=user.local_authority_id, include_referrals=True)
    _log_candidates(user=user, candidates=candidates, purpose=SEARCH_BEFORE_CREATE, request=request)
    return candidates


def latest_postcode(child: Child) -> str:
    current = child.current_address()
    if current is not None:
        return current.postcode
    latest = child.addresses.exclude(postcode="").first()
    return latest.postcode if latest else ""


def merge_candidates(*, user: Any, child: Child, request: Any = None, limit: int = 10) -> list[Candidate]:
    """Other records in the LA that may be the same child as `child`, each read logged."""
    require(user, Action.MERGE_CHILDREN, child)
    incoming = Person(first_name=child.first_name, last_name=child.last_name,
                             other_names=" ".join(p for p in (child.middle_names, child.other_names) if p),
                             date_of_birth=child.date_of_birth, sex=child.sex, postcode=latest_postcode(child), upn=child.upn)
    found = find_candidates(incoming, local_authority_id=child.local_authority_id, include_referrals=False,
                            limit=limit + 1)
    candidates = [c for c in found if c.kind == "child" and c.record_id != child.pk][:limit]
    _log_candidates(user=user, candidates=candidates, purpose=SEARCH_BEFORE_MERGE, request=request)
    return candidates


def record_facts(child: Child) -> RecordFacts:
    """What the merge rules need to know about a record (its open cases, from casework)."""
    open_cases = sorted((case for answer in events.ask(ChildCasesWanted(child_ids=(child.pk,))) for case in answer
                         if case.is_open), key=lambda case: case.case_id)
    return RecordFacts(record_id=child.pk, local_authority_id=child.local_authority_id,
                       merged_into_id=child.merged_into_id,
                       open_case_references=tuple(case.reference for case in open_cases))


def child_cases(child: Child) -> list:
    """The child's CME cases, newest first (casework answers)."""
    found = [case for answer in events.ask(ChildCasesWanted(child_ids=(child.pk,))) for case in answer]
    return sorted(found, key=lambda case: (case.start_date, case.case_id), reverse=True)


def live_merge_of(child: Child) -> ChildMerge | None:
    """The merge that made `child` part of another record, if it has not been undone."""
    if child.merged_into_id is None:
        return None
    return (ChildMerge.objects.filter(merged=child, undone_at__isnull=True)
            .select_related("kept", "merged_by").first())


def merges_into(child: Child) -> list[ChildMerge]:
    """Records merged into `child` (and not undone), newest first."""
    return list(ChildMerge.objects.filter(kept=child, undone_at__isnull=True).select_related("merged", "merged_by"))


def merge_moves(merge: ChildMerge, key: str = "moved") -> list[tuple[str, int]]:
    """What a merge moved (or, with key="left", left where it was), as (what, how many)."""
    found = []
    for entry in (merge.moved or {}).get(key, []):
        label = LABELS.get(entry["model"]) or entry["model"].split(".")[-1].capitalize()
        found.append((label, len(entry["ids"])))
    return found


def name_list(child: Child) -> list[str]:
    """The other names recorded for a child, as a person would write them."""
    shown = []
    for name in child.names.order_by("kind", "last_name", "first_name"):
        words = " ".join(p for p in (name.first_name, name.last_name) if p)
        shown.append(words if name.kind == NameKind.ALIAS else f"{words} ({name.get_kind_display().lower()})")
    return shown


def merge_for_undo(*, user: Any, merge_id: int, request: Any = None) -> ChildMerge:
    """A merge an officer may undo, with both records read (and logged). Another LA's
    merge is not found."""
    require(user, Action.MERGE_CHILDREN)
    merge = ChildMerge.objects.filter(pk=merge_id).select_related("kept", "merged", "merged_by", "undone_by").first()
    if merge is None or merge.kept.local_authority_id != user.local_authority_id:
        raise Http404("No merge with that number")
    for child in (merge.merged, merge.kept):
        child_for_view(user=user, child_id=child.pk, purpose="Undo a merge of two records", request=request)
    return merge


# -- comparing two records before merging -------------------------------------------

@dataclass
class ComparisonRow:
    label: str
    values: tuple[str, str]

    @property
    def different(self) -> bool:
        return self.values[0].casefold() != self.values[1].casefold()


@dataclass
class Comparison:
    records: tuple[Child, Child]
    details: list[ComparisonRow] = field(default_factory=list)
    holdings: list[tuple[str, int, int]] = field(default_factory=list)  # (what, in the first, in the second)
    version: str = ""

    @property
    def differences(self) -> int:
        return sum(row.different for row in self.details)


def _shown(value: Any, missing: str = "Not known") -> str:
    if value in (None, "", []):
        return missing
    if isinstance(value, dt.date):
        return f"{value.day} {value:%B %Y}"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def _details(child: Child) -> list[tuple[str, str]]:
    current = child.current_address()
    return [
        ("Name", child.full_name),
        ("Date of birth", _shown(child.date_of_birth)),
        ("Sex", child.get_sex_display()),
        ("UPN", _shown(child.upn)),
        ("Former UPNs", _shown(child.former_upns, "None")),
        ("Also known as", "; ".join(([child.other_names] if child.other_names else []) + name_list(child))
         or "None recorded"),
        ("Current address", _shown(str(current) if current else "")),
        ("Ethnicity", _shown(child.ethnicity, "Not recorded")),
        ("Special educational needs", child.get_sen_status_display()),
        ("In care", "Yes" if child.looked_after else "No"),
        ("Record added", _shown(child.created_at.date() if child.created_at else None)),
    ]


def merge_comparison(first: Child, second: Child) -> Comparison:
    """Two records side by side: their details, what each holds, and a version that
    changes whenever anything shown (or either record) changes, to catch stale forms."""
    comparison = Comparison(records=(first, second))
    for (label, a), (_, b) in zip(_details(first), _details(second), strict=True):
        comparison.details.append(ComparisonRow(label, (a, b)))
    for relation in child_relations():
        counts = [relation.model._base_manager.filter(**{relation.field.attname: child.pk}).count()
                  for child in (first, second)]
        if any(counts):
            comparison.holdings.append((relation_label(relation), counts[0], counts[1]))
    state = {
        "records": [[c.pk, c.updated_at.isoformat() if c.updated_at else "", c.merged_into_id] for c in (first, second)],
        "details": [[row.label, *row.values] for row in comparison.details],
        "holdings": comparison.holdings,
    }
    comparison.version = hashlib.sha256(json.dumps(state, sort_keys=True, default=str).encode()).hexdigest()[:32]
    return comparison


# -- change history -------------------------------------------------------------------

HIDDEN_HISTORY_FIELDS = {"updated_at", "created_at", "moved", "version", "import_fingerprint", "first_name_key",
                         "last_name_key", "first_name_dm", "last_name_dm"}
VERBS = {"insert": "Added", "update": "Changed", "delete": "Removed"}
CHILD_FIELDS = {"child_id": "child record", "merged_into_id": "merged into", "kept_id": "kept record",
                "merged_id": "merged record"}
NOTHING = "nothing"


def _what(event) -> str:
    try:
        noun = apps.get_model(event.pgh_obj_model)._meta.verbose_name
    except (LookupError, ValueError):
        noun = event.pgh_model.split(".")[-1].removesuffix("Event").lower()
    return f"{VERBS.get(event.pgh_label, event.pgh_label.capitalize())} {noun}"


def _merge_event(event) -> tuple[str, list[tuple[str, str, str]]] | None:
    """A merge or its undoing, in words, from a ChildMerge history event."""
    if not event.pgh_model.endswith(".ChildMergeEvent"):
        return None
    data = event.pgh_data or {}
    kept, merged = child_reference(data.get("kept_id") or 0), child_reference(data.get("merged_id") or 0)
    if event.pgh_label == "insert":
        return f"Merged {merged} into {kept}", [("reason", "", data.get("reason") or "")]
    if data.get("undone_at") and "undone_at" in (event.pgh_diff or {}):
        return f"Undid the merge of {merged} into {kept}", [("reason", "", data.get("undo_reason") or "")]
    return None


def _model_of(event):
    try:
        return apps.get_model(event.pgh_obj_model)
    except (LookupError, ValueError):
        return None


class _Names:
    """People's and records' names for the history, looked up once per page."""

    def __init__(self):
        self.cache: dict[tuple[str, int], str] = {}

    def of(self, model, pk: Any) -> str:
        key = (model._meta.label_lower, pk)
        if key not in self.cache:
            found = model._base_manager.filter(pk=pk).first()
            self.cache[key] = (getattr(found, "full_name", "") or str(found)) if found is not None else f"a removed "\
                f"{model._meta.verbose_name}"
        return self.cache[key]


def _shown_value(field, value: Any, names: _Names) -> str:
    """A stored value as a person reads it: a label, a name, a date in words; never a raw id."""
    from cme.core.templating import govuk_date, govuk_datetime

    if value in (None, "", []):
        return NOTHING
    if field is None:
        return str(value)
    if field.is_relation and field.related_model is not None:
        if field.related_model is Child:
            return child_reference(value)
        return names.of(field.related_model, value)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        return "Yes" if value else "No"
    if isinstance(field, models.DateTimeField):
        try:
            return govuk_datetime(dt.datetime.fromisoformat(str(value)))
        except ValueError:
            return str(value)
    if isinstance(field, models.DateField):
        try:
            return govuk_date(dt.date.fromisoformat(str(value)))
        except ValueError:
            return str(value)
    if isinstance(value, list):
        return ", ".join(str(item) for item in value) or NOTHING
    return str(value)


def _change(model, field_name: str, change: list, names: _Names) -> tuple[str, str, str]:
    before, after = change
    if field_name in CHILD_FIELDS:
        return (CHILD_FIELDS[field_name], child_reference(before) if before else NOTHING,
                child_reference(after) if after else NOTHING)
    field = None
    if model is not None:
        try:
            field = model._meta.get_field(field_name.removesuffix("_id"))
        except Exception:
            field = None
    label = str(field.verbose_name) if field is not None else field_name.removesuffix("_id").replace("_", " ")
    return label, _shown_value(field, before, names), _shown_value(field, after, names)


def _who(context: dict, names: _Names) -> str:
    from cme.accounts.models import User

    if context.get("user"):
        return names.of(User, context["user"])
    return context.get("user_email") or "CME Tracker (automatic)"


def child_for_history(*, user: Any, child_id: int, request: Any = None) -> Child:
    """A child's record for reading its change history (managers and auditors), logged."""
    return child_for_view(user=user, child_id=child_id, purpose="Viewed change history", request=request,
                          action=Action.VIEW_CHANGE_HISTORY)


def child_history(*, user: Any, child: Child) -> list[dict]:
    """The change history of a child's record, newest first, from the database triggers:
    the record, everything that points at it, and merges it took part in."""
    require(user, Action.VIEW_CHANGE_HISTORY, child)
    from pghistory.models import Events

    return event_rows(Events.objects.references(child))


def event_rows(events, *, limit: int = 200) -> list[dict]:
    """Change-history events (pghistory's Events, newest first) as a person reads them: when, who, what
    and each field's before and after in words. Used by every history page."""
    events = events.order_by("-pgh_created_at", "-pgh_id").select_related(None)
    rows = []
    names = _Names()
    for event in events[:limit]:
        context = event.pgh_context or {}
        merge = _merge_event(event)
        if merge:
            what, changes = merge
        else:
            what = _what(event)
            model = _model_of(event)
            changes = [_change(model, name, change, names) for name, change in (event.pgh_diff or {}).items()
                       if name not in HIDDEN_HISTORY_FIELDS]
        rows.append({
            "at": event.pgh_created_at,
            "label": event.pgh_label,
            "model": event.pgh_model,
            "what": what,
            "changes": changes,
            "is_merge": merge is not None,
            "by": _who(context, names),
            "url": context.get("url", ""),
        })
    return rows


def children_matching(*, user: Any, person: Person, purpose: str, request: Any = None,
                      limit: int = 5) -> list[Candidate]:
    """Children of the user's own council who may be `person` (as another council described
    them), best first, each read in the access log. Referrals are not records: they are left out."""
    require(user, Action.VIEW_CHILD, user.local_authority)
    candidates = find_candidates(person, local_authority_id=user.local_authority_id, limit=limit,
                                 include_referrals=False)
    _log_candidates(user=user, candidates=candidates, purpose=purpose, request=request)
    return candidates


def known_elsewhere(*, user: Any, first_name: str, last_name: str, date_of_birth: dt.date | None, upn: str = "",
                    about: str, names: tuple[str, ...] = ()) -> list[Elsewhere]:
    """Which other councils on this deployment hold a matching child, and how to reach them; never
    their records. Answered (and logged on both sides) by the partners app, if it is installed."""
    return [answer for answers in events.ask(KnownElsewhereWanted(
        local_authority_id=user.local_authority_id, user_id=user.pk, first_name=first_name or "",
        last_name=last_name or "", date_of_birth=date_of_birth, upn=upn or "", about=about, names=names))
        for answer in answers or []]


def known_elsewhere_for_search(*, user: Any, found: ChildList) -> list[Elsewhere]:
    """For a search of the Children list that names a child exactly (a UPN, or two or more names
    and a date of birth) and finds no such child here: which other councils on the deployment hold
    one, and whom to contact, never their records. Asked only then, so a search that found the
    child here, or browses by part of a name, tells no other council anything."""
    # Later pages are not asked: the best matches are on the first, which has been asked already,
    # and a child found here may be on it rather than on this page.
    if not found.searched or found.page.number > 1:
        return []
    terms = search_terms(found.query)
    upn = terms.upns[0] if len(terms.upns) == 1 else ""
    names = tuple(name.lower() for name in terms.names)
    born = terms.dates[0] if len(terms.dates) == 1 else None
    if not upn and not (len(names) >= 2 and born):
        return []
    for row in found.rows:
        child = row.child
        if upn and child.upn.upper() == upn:
            return []
        if not upn and child.date_of_birth == born and {child.first_name.lower(), child.last_name.lower()} <= set(names):
            return []
    return known_elsewhere(user=user, first_name="", last_name="", date_of_birth=born, upn=upn, names=names,
                           about=f"searching the Children list for “{found.query[:150]}”")
