"""Every table that points at a child's record, found from the models themselves, so a
model added later (in any app) is covered by merging without changing this code."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from django.db import models

from cme.core.templating import sentence

from .models import Child, ChildMerge

# Friendlier names than the models' own for what the comparison page lists.
LABELS = {
    "children.childaddress": "Addresses",
    "children.childname": "Other names",
    "children.contact": "Parents, carers and contacts",
    "children.sibling": "Brothers and sisters",
    "cases.case": "CME cases",
    "cases.task": "Tasks",
    "cases.eherecord": "Home education notices",
    "cases.lanotification": "Notifications to other councils",
    "referrals.referral": "Referrals",
    "schools.registration": "School registrations",
    "schools.newpupilreturn": "New-pupil returns",
    "schools.deletionreturn": "Deletion returns",
}


@dataclass(frozen=True)
class Relation:
    model: type[models.Model]
    field: models.ForeignKey

    @property
    def key(self) -> str:
        return f"{self.model._meta.label_lower}.{self.field.name}"


@functools.cache
def child_relations() -> tuple[Relation, ...]:
    """Each foreign key from another table to Child, including those hidden with
    related_name="+" (the school returns), which `Child._meta.related_objects` leaves
    out. Not included: the change history's event tables (history stays as it was
    written), a child's own `merged_into`, and the merges themselves. Models are
    fixed once the apps are loaded, so this is worked out once."""
    from pghistory.models import Event

    found = []
    for relation in Child._meta.get_fields(include_hidden=True):
        if relation.concrete or not relation.auto_created or relation.many_to_many:
            continue
        model = relation.related_model
        if (issubclass(model, Event) or model in (Child, ChildMerge) or model._meta.proxy
                or not model._meta.managed):
            continue
        found.append(Relation(model, relation.field))
    order = list(LABELS)
    return tuple(sorted(found, key=lambda r: (order.index(r.model._meta.label_lower) if r.model._meta.label_lower in order
                                        else len(order), r.key)))


def relation_label(relation: Relation) -> str:
    label = LABELS.get(relation.model._meta.label_lower)
    if label is None:
        label = sentence(str(relation.model._meta.verbose_name_plural))
    if sum(r.model is relation.model for r in child_relations()) > 1:
        label = f"{label} ({relation.field.verbose_name})"
    return label
