"""Queries asked on every page whose shape never changes (the signed-in user, the session, a case
by its id): Django builds and compiles a query to SQL each time it is asked, which costs more
processor time than PostgreSQL takes to answer it. A FixedQuery builds and compiles its query
once for each database connection, with stand-in values, and then runs the same SQL with each
use's own values: the same SQL, the same rows, the same model instances as the queryset gives.

Only values that reach the SQL unchanged can stand in (an id, a date, a word compared exactly):
a stand-in that Django rewrote (`icontains` makes "%word%"), or that is missing from the
query's parameters, is refused at the first use, never guessed at.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import connections
from django.db.models import QuerySet


@dataclass
class _Compiled:
    queryset: QuerySet
    compiler: Any
    sql: str
    params: tuple
    positions: tuple[tuple[int, int], ...]  # (index in params, index of the value)


class FixedQuery:
    """`FixedQuery(build, *stand_ins)`: `build(*values)` returns the queryset; each stand-in is a
    value of the type the query takes there that no real use passes and no query contains
    otherwise. Calling the FixedQuery with values returns the queryset's rows as a list; a value
    of another type than its stand-in's (None, a number as text) is asked by the queryset itself."""

    def __init__(self, build: Callable[..., QuerySet], *stand_ins: Any):
        if len(set(stand_ins)) != len(stand_ins):
            raise ImproperlyConfigured("A FixedQuery's stand-ins must differ from each other")
        self.build = build
        self.stand_ins = stand_ins
        self.alias: str | None = None

    def __call__(self, *values: Any, known: dict[str, Any] | None = None) -> list:
        """The rows for these values. `known` names records the rows point to that are at hand
        ({"case": case}), as a related manager (case.enquiries) sets them: no query to read them again."""
        if len(values) != len(self.stand_ins):
            raise TypeError(f"this query takes {len(self.stand_ins)} values, not {len(values)}")
        if any(type(value) is not type(stand_in) for value, stand_in in zip(values, self.stand_ins, strict=True)):
            # A value of another type may make another query (None above all: `pk=None` is IS NULL):
            # Django builds and compiles it, as it would without a FixedQuery.
            return self._known(list(self.build(*values)), known)
        compiled = self._compiled()
        params = list(compiled.params)
        for index, value_index in compiled.positions:
            params[index] = values[value_index]
        compiler = compiled.compiler
        # The connection's own compiler (one thread uses a connection at a time), told this use's SQL.
        compiler.as_sql = lambda *args, **kwargs: (compiled.sql, tuple(params))
        template = compiled.queryset
        queryset = template.__class__(model=template.model, query=template.query, using=template._db,
                                      hints=template._hints)
        queryset._iterable_class = template._iterable_class
        queryset._fields = template._fields
        queryset._fetch_mode = template._fetch_mode
        queryset._known_related_objects = template._known_related_objects
        return self._known(list(queryset), known)

    @staticmethod
    def _known(rows: list, known: dict[str, Any] | None) -> list:
        for name, instance in (known or {}).items():
            for row in rows:
                field = row._meta.get_field(name)
                if getattr(row, field.attname) == instance.pk:
                    field.set_cached_value(row, instance)
        return rows

    def _compiled(self) -> _Compiled:
        if self.alias is None:
            self.alias = self.build(*self.stand_ins).db
        connection = connections[self.alias]
        kept = connection.__dict__.setdefault("_cme_fixed_queries", {})
        compiled = kept.get(self)
        if compiled is None:
            compiled = kept[self] = self._compile(connection)
        return compiled

    def _compile(self, connection) -> _Compiled:
        queryset = self.build(*self.stand_ins)
        if queryset._prefetch_related_lookups:
            raise ImproperlyConfigured("A FixedQuery cannot prefetch")
        query = queryset.query
        compiler = query.get_compiler(connection=connection)
        sql, params = compiler.as_sql()
        positions = []
        for value_index, stand_in in enumerate(self.stand_ins):
            found = [index for index, param in enumerate(params) if type(param) is type(stand_in) and param == stand_in]
            if not found or str(stand_in) in sql:
                raise ImproperlyConfigured(f"The stand-in {stand_in!r} does not reach the SQL unchanged: {sql}")
            positions += [(index, value_index) for index in found]
        # Every queryset made from this one asks this compiler, whose SQL each use sets.
        query.get_compiler = lambda *args, **kwargs: compiler
        return _Compiled(queryset, compiler, sql, tuple(params), tuple(positions))


class FixedInsert:
    """Adding one row of `model` as Model.save() adds it (every field's value as save() prepares
    it, the new id read back), with the INSERT Django writes for the model compiled once per
    database connection. Only for models without parents, database defaults or expressions
    for values; a model that anything listens to the saving of is saved by save() itself."""

    def __init__(self, model):
        meta = model._meta
        if meta.parents or any(field.has_db_default() or field.generated for field in meta.local_concrete_fields):
            raise ImproperlyConfigured(f"{model.__name__} is not saved by one plain INSERT")
        self.model = model
        self.fields = [field for field in meta.local_concrete_fields if field is not meta.auto_field]
        self.returning = list(meta.db_returning_fields)

    def save(self, obj) -> None:
        from django.db import router, transaction
        from django.db.models import signals

        if (type(obj) is not self.model or not obj._state.adding or obj.pk is not None
                or signals.pre_save.has_listeners(self.model) or signals.post_save.has_listeners(self.model)):
            obj.save()
            return
        obj._prepare_related_fields_for_save(operation_name="save")  # an unsaved related record is refused, as save() refuses it
        alias = router.db_for_write(self.model, instance=obj)
        connection = connections[alias]
        values = [field.pre_save(obj, add=True) for field in self.fields]
        if any(hasattr(value, "resolve_expression") for value in values):
            obj.save()
            return
        kept = connection.__dict__.setdefault("_cme_fixed_queries", {})
        sql = kept.get(self)
        if sql is None:
            sql = kept[self] = self._compile(obj, connection)
            # Compiling prepared the values again (auto_now_add is now a moment later): the row stores these.
            values = [field.pre_save(obj, add=True) for field in self.fields]
        params = [field.get_db_prep_save(value, connection) for field, value in zip(self.fields, values, strict=True)]
        with transaction.mark_for_rollback_on_error(alias), connection.cursor() as cursor:
            cursor.execute(sql, params)
            returned = cursor.fetchone()
        for field, value in zip(self.returning, returned, strict=True):
            setattr(obj, field.attname, value)
        obj._state.adding = False
        obj._state.db = alias

    def _compile(self, obj, connection) -> str:
        from django.db.models.sql import InsertQuery

        query = InsertQuery(self.model)
        query.insert_values(self.fields, [obj])
        compiler = query.get_compiler(connection=connection)
        compiler.returning_fields = self.returning
        statements = compiler.as_sql()
        if len(statements) != 1 or statements[0][1].count(None) > len(self.fields) \
                or len(statements[0][1]) != len(self.fields):
            raise ImproperlyConfigured(f"{self.model.__name__} is not saved by one plain INSERT")
        return statements[0][0]
