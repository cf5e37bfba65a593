"""Writing the child index: adding a child by hand, and merging two records of the same
child (and undoing that). Every write runs inside the change-history context the
middleware sets for a web request, so it shows in the child's history."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from cme.accounts.models import LocalAuthority
from cme.accounts.policy import Action, require
from cme.core import clock, events
from cme.core.history import save_if_current
from cme.rules import child_records
from cme.rules.child_records import Name

from .events import ChildrenMerged
from .models import AddressKind, Child, ChildAddress, ChildMerge, ChildName, Contact, NameKind, Sibling
from .relations import Relation, child_relations
from .selectors import record_facts

logger = logging.getLogger("cme.children")


# -- adding a child -----------------------------------------------------------------

@transaction.atomic
def child_create(*, user: Any, local_authority: LocalAuthority, first_name: str, middle_names: str = "",
                 last_name: str, date_of_birth: dt.date | None, sex: str, postcode: str = "",
                 upn: str = "", address_line_1: str = "") -> Child:
    """A new record for a child the team did not know, with their address if a postcode or
    an address line is given. The caller has shown the officer the possible matches first."""
    require(user, Action.CREATE_CHILD, local_authority)
    child = Child.objects.create(local_authority=local_authority, first_name=first_name, middle_names=middle_names,
                                 last_name=last_name, date_of_birth=date_of_birth, sex=sex, upn=upn)
    if postcode or address_line_1:
        ChildAddress.objects.create(child=child, kind=AddressKind.HOME, line_1=address_line_1[:200], postcode=postcode)
    logger.info("Child %s added by user %s", child.reference, user.pk)
    return child


# -- changing what the index holds about a child ------------------------------------------------

DETAIL_FIELDS = ("first_name", "middle_names", "last_name", "other_names", "date_of_birth", "sex", "upn", "ethnicity",
                 "sen_status", "last_school", "date_last_attended")


@transaction.atomic
def child_update(*, user: Any, child: Child, version: int | None, **details: Any) -> Child:
    """Change a child's details; an edit begun before someone else's save is refused (StaleEdit)."""
    require(user, Action.EDIT_CHILD, child)
    unknown = set(details) - set(DETAIL_FIELDS)
    if unknown:
        raise ValidationError(f"Unknown details: {', '.join(sorted(unknown))}")
    if details.get("date_of_birth") and details["date_of_birth"] > clock.today():
        raise ValidationError("The date of birth must be in the past")
    if details.get("date_last_attended") and details["date_last_attended"] > clock.today():
        raise ValidationError("The date last attended cannot be in the future")
    for name, value in details.items():
        setattr(child, name, value)
    return save_if_current(child, version=version, fields=list(details))


def _row_of(child: Child, model, row_id: int | None):
    if row_id is None:
        return model(child=child)
    row = model.objects.filter(pk=row_id, child=child).first()
    if row is None:
        raise ValidationError("That record is not this child's")
    return row


@transaction.atomic
def contact_save(*, user: Any, child: Child, contact_id: int | None = None, first_name: str, last_name: str,
                 relationship: str, phones: list[str], email: str = "", address: str = "",
                 parental_responsibility: bool | None = None) -> Contact:
    """Add a parent, carer or other contact of the child, or change one."""
    require(user, Action.EDIT_CHILD, child)
    if not (first_name.strip() or last_name.strip()):
        raise ValidationError("Enter the contact's name")
    contact = _row_of(child, Contact, contact_id)
    if contact.pk is None:
        contact.order = child.contacts.count() + 1
    contact.first_name, contact.last_name = first_name.strip()[:100], last_name.strip()[:100]
    contact.relationship, contact.email, contact.address = relationship.strip()[:60], email.strip(), address.strip()[:300]
    contact.phones = [phone.strip() for phone in phones if phone and phone.strip()]
    contact.parental_responsibility = parental_responsibility
    contact.save()
    return contact


@transaction.atomic
def address_save(*, user: Any, child: Child, address_id: int | None = None, kind: str, line_1: str, line_2: str = "",
                 town: str = "", postcode: str = "", moved_in: dt.date | None = None,
                 moved_out: dt.date | None = None) -> ChildAddress:
    require(user, Action.EDIT_CHILD, child)
    if not line_1.strip():
        raise ValidationError("Enter the first line of the address")
    if moved_in and moved_out and moved_out < moved_in:
        raise ValidationError("The date the child moved out must be after the date they moved in")
    address = _row_of(child, ChildAddress, address_id)
    address.kind, address.line_1, address.line_2, address.town = kind, line_1.strip()[:200], line_2.strip()[:200], \
        town.strip()[:100]
    address.postcode, address.moved_in, address.moved_out = postcode, moved_in, moved_out
    address.save()
    return address


@transaction.atomic
def sibling_save(*, user: Any, child: Child, sibling_id: int | None = None, name: str,
                 date_of_birth: dt.date | None = None, school: str = "") -> Sibling:
    require(user, Action.EDIT_CHILD, child)
    if not name.strip():
        raise ValidationError("Enter the brother or sister's name")
    sibling = _row_of(child, Sibling, sibling_id)
    sibling.name, sibling.date_of_birth, sibling.school = name.strip()[:150], date_of_birth, school.strip()[:200]
    sibling.save()
    return sibling


@transaction.atomic
def child_take_details(*, user: Any, child: Child, contacts: list[dict], siblings: list[dict],
                       last_school: str = "", date_last_attended: dt.date | None = None,
                       other_addresses: str = "") -> Child:
    """What a referral or a return told the team about a child, added to the child's record
    without overwriting anything already recorded (a contact or sibling already there by name
    is not added twice)."""
    require(user, Action.EDIT_CHILD, child)
    known = {(c.first_name + " " + c.last_name).strip().casefold() for c in child.contacts.all()}
    for details in contacts:
        name = (details.get("name") or "").strip()
        if not name or name.casefold() in known:
            continue
        first, _, last = name.rpartition(" ")
        contact_save(user=user, child=child, first_name=first or last, last_name=last if first else "",
                     relationship=details.get("relationship", ""), phones=[details.get("phone", "")],
                     email=details.get("email", ""), address=details.get("address", ""))
        known.add(name.casefold())
    names = {s.name.casefold() for s in child.siblings.all()}
    for details in siblings:
        name = (details.get("name") or "").strip()
        if name and name.casefold() not in names:
            sibling_save(user=user, child=child, name=name, date_of_birth=details.get("date_of_birth"),
                         school=details.get("school", ""))
            names.add(name.casefold())
    changed = []
    if last_school and not child.last_school:
        child.last_school, changed = last_school[:200], [*changed, "last_school"]
    if date_last_attended and not child.date_last_attended:
        child.date_last_attended, changed = date_last_attended, [*changed, "date_last_attended"]
    if changed:
        save_if_current(child, version=None, fields=changed)
    if other_addresses.strip() and not child.addresses.filter(kind=AddressKind.ADDITIONAL,
                                                              line_1=other_addresses.strip()[:200]).exists():
        ChildAddress.objects.create(child=child, kind=AddressKind.ADDITIONAL, line_1=other_addresses.strip()[:200])
    return child


# -- what every page must say about a child -------------------------------------------------

FLAGS = ("has_social_worker", "child_protection_plan", "looked_after", "gypsy_roma_traveller", "service_family",
         "new_arrival", "temporary_accommodation")


def child_set_flags(*, user: Any, child: Child, flags: dict[str, bool]) -> Child:
    """The child's safeguarding and vulnerable-group flags (only those given change)."""
    require(user, Action.EDIT_CHILD, child)
    unknown = set(flags) - set(FLAGS)
    if unknown:
        raise ValidationError(f"Unknown flags: {', '.join(sorted(unknown))}")
    changed = [name for name, value in flags.items() if getattr(child, name) != bool(value)]
    for name in changed:
        setattr(child, name, bool(flags[name]))
    if changed:
        save_if_current(child, version=None, fields=changed)
    return child


# -- merging ------------------------------------------------------------------------

def _locked(*children: Child) -> list[Child]:
    """The children again, locked until the transaction ends, so two people cannot merge
    the same record at once and the checks below see the latest state."""
    rows = {c.pk: c for c in Child.objects.select_for_update().filter(pk__in=[c.pk for c in children]).order_by("pk")}
    return [rows[c.pk] for c in children]


def _move(relation: Relation, from_id: int, to_id: int, ids: list[int] | None = None) -> tuple[list[int], list[int]]:
    """Point the rows of one relation at another child. Returns the ids moved and the
    ids left where they were because the target already has the same (a unique
    constraint said no: the same other name, the same school registration)."""
    manager = relation.model._base_manager
    column = relation.field.attname
    rows = manager.filter(**{column: from_id})
    if ids is not None:
        rows = rows.filter(pk__in=ids)
    pks = sorted(rows.values_list("pk", flat=True))
    if not pks:
        return [], []
    try:
        with transaction.atomic():
            manager.filter(pk__in=pks).update(**{column: to_id})
        return pks, []
    except IntegrityError:
        moved, left = [], []
        for pk in pks:
            try:
                with transaction.atomic():
                    manager.filter(pk=pk).update(**{column: to_id})
                moved.append(pk)
            except IntegrityError:
                left.append(pk)
        return moved, left


def _announce(merge: ChildMerge, *, user: Any, text: str, undone: bool = False) -> None:
    """Tell the rest of the service (casework notes it on the children's cases)."""
    events.publish(ChildrenMerged(kept_id=merge.kept_id, merged_id=merge.merged_id, merge_id=merge.pk, by=user,
                                  text=text, undone=undone))


@transaction.atomic
def merge_children(*, user: Any, kept: Child, merged: Child, reason: str) -> ChildMerge:
    """Merge `merged` into `kept`: every row that points at `merged` is moved to `kept`
    (found generically, so new models are covered), the merged record's name and UPNs
    are added to the kept record, and `merged` points to `kept`. Nothing is deleted;
    what moved and what was added is recorded so `unmerge` can put it all back."""
    require(user, Action.MERGE_CHILDREN)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("Enter why these records are the same child")
    if kept.pk == merged.pk:
        raise ValidationError("You cannot merge a record with itself: choose the other record of this child")
    kept, merged = _locked(kept, merged)
    refusal = child_records.merge_refusal(kept=record_facts(kept), merged=record_facts(merged),
                                          local_authority_id=user.local_authority_id)
    if refusal:
        raise ValidationError(refusal)
    require(user, Action.MERGE_CHILDREN, kept)
    require(user, Action.MERGE_CHILDREN, merged)

    moved, left = [], []
    for relation in child_relations():
        ids, stayed = _move(relation, merged.pk, kept.pk)
        if ids:
            moved.append({"model": relation.model._meta.label_lower, "field": relation.field.name, "ids": ids})
        if stayed:
            left.append({"model": relation.model._meta.label_lower, "field": relation.field.name, "ids": stayed})

    # The kept record remembers the merged record's name and UPNs, so the child can
    # still be found by them.
    known = [Name(kept.first_name, kept.last_name)] + [Name(n.first_name, n.last_name) for n in kept.names.all()]
    added_names = [ChildName.objects.create(child=kept, kind=NameKind.ALIAS, first_name=name.first_name,
                                            last_name=name.last_name).pk
                   for name in child_records.names_to_add(kept_names=known,
                                                          merged_names=[Name(merged.first_name, merged.last_name)])]
    set_upn = ""
    upns = child_records.upns_to_add(kept_upn=kept.upn, kept_former=kept.former_upns, merged_upn=merged.upn,
                                     merged_former=merged.former_upns)
    if not kept.upn and merged.upn:
        set_upn = merged.upn.upper()
        kept.upn = set_upn
        upns = [u for u in upns if u != set_upn]
    if upns or set_upn:
        kept.former_upns = [*kept.former_upns, *upns]
        kept.save(update_fields=["upn", "former_upns", "updated_at"])

    merged.merged_into = kept
    merged.save(update_fields=["merged_into", "updated_at"])
    merge = ChildMerge.objects.create(kept=kept, merged=merged, reason=reason, merged_by=user, moved={
        "moved": moved, "left": left, "added_names": added_names, "added_former_upns": upns, "set_upn": set_upn})
    _announce(merge, user=user,
              text=f"Records merged: {merged.reference} ({merged.full_name}) is now part of {kept.reference} "
                   f"({kept.full_name}). Reason: {reason}")
    logger.info("Child %s merged into %s by user %s (merge %s)", merged.reference, kept.reference, user.pk, merge.pk)
    return merge


@transaction.atomic
def unmerge(*, user: Any, merge: ChildMerge, reason: str) -> ChildMerge:
    """Undo a merge: move exactly the rows it moved back to the merged record, remove
    the names and UPNs it added to the kept record, and make the merged record a record
    of its own again."""
    require(user, Action.MERGE_CHILDREN, merge)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("Enter why you are undoing this merge")
    merge = ChildMerge.objects.select_for_update().get(pk=merge.pk)
    kept, merged = _locked(merge.kept, merge.merged)
    refusal = child_records.unmerge_refusal(undone=merge.is_undone, kept_merged_into_id=kept.merged_into_id)
    if refusal:
        raise ValidationError(refusal)
    if merged.merged_into_id != kept.pk:
        raise ValidationError("This merge can no longer be undone: the merged record has changed since")

    record = merge.moved or {}
    for entry in record.get("moved", []):
        try:
            model = apps.get_model(entry["model"])
        except LookupError:
            continue  # a table removed since: nothing of it left to move
        relation = Relation(model, model._meta.get_field(entry["field"]))
        _, stayed = _move(relation, kept.pk, merged.pk, ids=entry["ids"])
        if stayed:  # the whole undo is rolled back
            raise ValidationError(f"Some {model._meta.verbose_name_plural} could not be moved back to "
                                  f"{merged.reference} because it already has the same. Nothing has been changed")
    ChildName.objects.filter(pk__in=record.get("added_names", []), child=kept).delete()
    added_upns = set(record.get("added_former_upns", []))
    changed = [u for u in kept.former_upns if u not in added_upns]
    if changed != kept.former_upns or (record.get("set_upn") and kept.upn == record["set_upn"]):
        kept.former_upns = changed
        if record.get("set_upn") and kept.upn == record["set_upn"]:
            kept.upn = ""
        kept.save(update_fields=["upn", "former_upns", "updated_at"])

    merged.merged_into = None
    merged.save(update_fields=["merged_into", "updated_at"])
    merge.undone_at = clock.now()
    merge.undone_by = user
    merge.undo_reason = reason
    merge.save(update_fields=["undone_at", "undone_by", "undo_reason"])
    _announce(merge, user=user, undone=True,
              text=f"Merge undone: {merged.reference} ({merged.full_name}) is a separate record from "
                   f"{kept.reference} ({kept.full_name}) again. Reason: {reason}")
    logger.info("Merge %s of %s into %s undone by user %s", merge.pk, merged.reference, kept.reference, user.pk)
    return merge
