"""Background jobs (imports, linkage runs) that people watch while they run.

A job does its work in one transaction, so that a failure leaves nothing half-done; what
it says about its progress must not wait for that transaction, or the page would show 0%
until the end. `running` gives the job a database connection of its own for that:
progress written there is seen at once. The same connection holds a PostgreSQL advisory
lock for as long as the job runs, and PostgreSQL frees the lock when the connection goes,
however the process ended. A job marked as running whose lock is free was therefore
stopped (by a restart, a deployment or a crash) and can be marked failed rather than left
"running" for ever: `is_running` asks.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connection, connections, models

# The task queues (settings.TASKS lists them): mail and other short tasks on one, imports and
# linkage runs on the other, each with its own worker, so that mail never waits behind an import.
MAIL_QUEUE = "default"
IMPORTS_QUEUE = "imports"
QUEUES = (MAIL_QUEUE, IMPORTS_QUEUE)

# One advisory-lock namespace per kind of job (the first of the lock's two keys).
LOCK_SPACES = {"import": 4101, "unplaced-run": 4102}


class JobConnection:
    """Writes a running job's progress outside the job's transaction."""

    def __init__(self, wrapper: Any) -> None:
        self._wrapper = wrapper

    def update(self, model: type[models.Model], pk: int, **values: Any) -> None:
        """UPDATE one row of `model` with `values` (model field names), committed at once."""
        fields = [model._meta.get_field(name) for name in values]
        assignments = ", ".join(f"{self._wrapper.ops.quote_name(field.column)} = %s" for field in fields)
        parameters = [field.get_db_prep_save(values[field.name], self._wrapper) for field in fields]
        with self._wrapper.cursor() as cursor:
            cursor.execute(f"UPDATE {self._wrapper.ops.quote_name(model._meta.db_table)} SET {assignments} "  # noqa: S608
                           f"WHERE {self._wrapper.ops.quote_name(model._meta.pk.column)} = %s", [*parameters, pk])


@contextmanager
def running(space: str, pk: int) -> Iterator[JobConnection]:
    """Hold the job's lock, and give it a connection for its progress, while the block runs."""
    wrapper = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        with wrapper.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s, %s)", [LOCK_SPACES[space], pk])
        yield JobConnection(wrapper)
    finally:
        wrapper.close()  # and with it the lock


def is_running(space: str, pk: int) -> bool:
    """Whether some process is running this job now (holds its lock)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [LOCK_SPACES[space], pk])
        free = cursor.fetchone()[0]
        if free:
            cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [LOCK_SPACES[space], pk])
    return not free
