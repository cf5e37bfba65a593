"""Loading person files (the CSVs of `cme synth` and `cme link`) into the child index.

Training the interactive matcher and benchmarking it both need many thousands of
children in PostgreSQL exactly as the intakes would leave them: the same table, the
same generated name keys, the same indexes. COPY writes them in seconds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from django.db import connection, transaction

from cme.children.models import AddressKind, Child, ChildAddress, SenStatus
from cme.core import clock
from cme.core.bulk import copy_rows, reserve_ids
from cme.rules.identity import Person
from cme.synth.errors import PersonRecord

CHILD_COLUMNS = ("id", "local_authority_id", "first_name", "middle_names", "last_name", "other_names", "date_of_birth",
                 "sex", "upn", "former_upns", "ethnicity", "sen_status", "looked_after", "is_fictional",
                 "import_fingerprint", "created_at", "updated_at")
ADDRESS_COLUMNS = ("child_id", "kind", "line_1", "line_2", "town", "postcode", "uprn")
BATCH = 20_000


def parse_date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def incoming_from_record(record: PersonRecord) -> Person:
    return Person(first_name=record.first_name, last_name=record.last_name, other_names=record.middle_names,
                         date_of_birth=parse_date(record.dob), sex=record.sex, postcode=record.postcode, upn=record.upn)


def _batches(records: Iterable[PersonRecord], size: int) -> Iterable[list[PersonRecord]]:
    batch: list[PersonRecord] = []
    for record in records:
        batch.append(record)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def load_people(records: Sequence[PersonRecord], *, local_authority_id: int) -> dict[str, int]:
    """Copy fictional children (with a home address where there is one) into the index.
    Returns each record's child id."""
    now = clock.now()
    child_ids: dict[str, int] = {}
    with transaction.atomic():
        for batch in _batches(records, BATCH):
            ids = reserve_ids(Child, len(batch))
            copy_rows(Child, CHILD_COLUMNS, (
                (child_id, local_authority_id, record.first_name, record.middle_names, record.last_name, "",
                 parse_date(record.dob), record.sex if record.sex in ("F", "M") else "U", record.upn, [], "",
                 SenStatus.UNKNOWN, False, True, "", now, now)
                for child_id, record in zip(ids, batch, strict=True)))
            copy_rows(ChildAddress, ADDRESS_COLUMNS, (
                (child_id, AddressKind.HOME, record.address[:200], "", "", record.postcode[:8], "")
                for child_id, record in zip(ids, batch, strict=True) if record.address or record.postcode))
            child_ids.update((record.id, child_id) for child_id, record in zip(ids, batch, strict=True))
        with connection.cursor() as cursor:
            # So the planner knows the new rows at once (autovacuum would take a while,
            # and cannot see them at all before the transaction commits).
            cursor.execute("ANALYZE children_child")
            cursor.execute("ANALYZE children_childaddress")
    return child_ids
