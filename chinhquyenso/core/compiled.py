"""Querysets compiled once and run many times, for the few queries every API request makes.

Building a queryset's SQL costs the ORM more CPU than PostgreSQL spends answering a lookup by key
(measured ~0.8 ms against ~0.2 ms for the token lookup, docs/benchmarks.md). A `CompiledQuery`
builds its queryset once per database alias with placeholder arguments, keeps the SQL, where the
placeholders sit among the parameters and the columns' converters; later calls only execute.

Only for querysets whose SQL does not depend on the argument values (lookups by key, no `None`,
no lists): a placeholder that does not come out unchanged among the parameters is an error.

On PostgreSQL these statements are also prepared on the server, so the database does not parse
and plan them again on every request either: planning cost it 3 to 5 times what executing them
did (EXPLAIN: 0.65 ms against 0.14 ms for the token lookup). Only these few statements are
prepared (Django's own cursors never prepare). Behind a connection pooler in transaction mode
that does not keep prepared statements (PgBouncer before 1.21), set
`COMPILED_QUERIES_PREPARED = False` in the settings.
"""

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connections
from django.db.models import QuerySet
from django.db.models.constants import OnConflict
from django.db.models.sql import InsertQuery

# Placeholders: values no real argument has, kept within a 32-bit integer column's range so that
# lookups do not treat them as out of range.
_INT_MARK = 1_987_654_300
_STR_MARK = "\ue000cqs-param-{}\ue000"


@dataclass
class _Plan:
    sql: str
    params: list
    positions: list[list[int]]
    converters: dict


def cursor(connection):
    """A cursor for statements run on every request: on PostgreSQL it binds on the server and
    prepares what it runs (see the module's docstring); elsewhere Django's own cursor."""
    options = connection.settings_dict["OPTIONS"]
    if (
        connection.vendor != "postgresql"
        or options.get("server_side_binding")
        or not getattr(settings, "COMPILED_QUERIES_PREPARED", True)
    ):
        return connection.cursor()
    from psycopg.pq import Format

    connection.close_if_health_check_failed()
    connection.ensure_connection()
    with connection.wrap_database_errors:
        raw = connection.connection
        if raw.prepare_threshold is None:
            # Django turns psycopg's preparing off; it only matters to cursors binding on the
            # server, which Django does not use, so turning it back on changes only this one.
            raw.prepare_threshold = 5
        prepared = _preparing_cursor_class()(raw)
        # As Django's own cursors: timestamps in the connection's time zone (backends/postgresql).
        loader = raw.adapters.get_loader(_TIMESTAMPTZ_OID, Format.TEXT)
        if connection.timezone != loader.timezone:
            from django.db.backends.postgresql.psycopg_any import register_tzloader

            register_tzloader(connection.timezone, prepared)
        return connection._prepare_cursor(prepared)


_TIMESTAMPTZ_OID = 1184


@functools.cache
def _preparing_cursor_class():
    import psycopg

    class Executed:
        """What Django's query log reads (`cursor._query.query`), made only when read: psycopg
        keeps no query text for a prepared statement."""

        def __init__(self, connection, sql, params):
            self._connection, self._sql, self._params = connection, sql, params

        @property
        def query(self) -> bytes:
            mogrify = psycopg.ClientCursor(self._connection).mogrify
            return mogrify(self._sql, self._params).encode()

    class PreparingCursor(psycopg.Cursor):
        """Prepares every statement it runs (psycopg would wait for the fifth run)."""

        def execute(self, query, params=None, *, prepare=None, binary=None):
            result = super().execute(query, params, prepare=True, binary=binary)
            self._query = Executed(self.connection, query, params)
            return result

    return PreparingCursor


class CompiledQuery:
    """`build(*args)` must return a values_list() queryset; `rows(*args)` returns its tuples.

    `kinds` gives each argument's type (int or str), used for its placeholder.
    """

    def __init__(self, build: Callable[..., QuerySet], *kinds: type):
        self._build = build
        self._kinds = kinds
        self._plans: dict[str, _Plan] = {}

    def _marks(self) -> list[Any]:
        return [
            _INT_MARK + i if kind is int else _STR_MARK.format(i)
            for i, kind in enumerate(self._kinds)
        ]

    def _plan(self, alias: str) -> _Plan:
        plan = self._plans.get(alias)
        if plan is not None:
            return plan
        marks = self._marks()
        compiler = self._build(*marks).query.get_compiler(using=alias)
        sql, params = compiler.as_sql()
        params = list(params)
        positions = [[i for i, p in enumerate(params) if p == mark] for mark in marks]
        if any(not found for found in positions):
            raise ValueError("A CompiledQuery argument did not reach the SQL parameters as given")
        fields = [s[0] for s in compiler.select[: compiler.col_count]]
        plan = _Plan(sql, params, positions, compiler.get_converters(fields))
        self._plans[alias] = plan
        return plan

    def rows(self, *args: Any, using: str = "default") -> list[tuple]:
        plan = self._plan(using)
        params = list(plan.params)
        for value, places in zip(args, plan.positions, strict=True):
            for i in places:
                params[i] = value
        connection = connections[using]
        with cursor(connection) as raw_cursor:
            raw_cursor.execute(plan.sql, params)
            rows = raw_cursor.fetchall()
        if not plan.converters:
            return rows
        converted = []
        for row in rows:
            row = list(row)
            for pos, (functions, expression) in plan.converters.items():
                value = row[pos]
                for function in functions:
                    value = function(value, expression, connection)
                row[pos] = value
            converted.append(tuple(row))
        return converted


@dataclass
class _Insert:
    sql: str
    fields: list
    returning: list


_INSERTS: dict[tuple[type, str, bool], _Insert] = {}


def insert_row(obj, using: str = "default", *, skip_conflicts: bool = False) -> bool:
    """`obj.save(force_insert=True)` for a new row whose key the database assigns, with the
    INSERT statement built once per model (and prepared on PostgreSQL).

    The values are prepared by the fields as `save()` does (`pre_save`, `get_db_prep_save`), but
    no pre_save/post_save signal is sent: use it only for models no receiver listens to (the
    registration's document, trace and audit rows).

    With `skip_conflicts`, a row that would break a unique constraint is not inserted (one
    statement: ON CONFLICT DO NOTHING, or SQLite's INSERT OR IGNORE, rather than a savepoint
    around the insert) and False is returned.
    """
    model = type(obj)
    meta = model._meta
    if obj.pk is not None or meta.parents:
        raise ValueError("insert_row inserts new rows of models without parents only")
    connection = connections[using]
    plan = _INSERTS.get((model, using, skip_conflicts))
    if plan is None:
        fields = [f for f in meta.local_concrete_fields if not f.generated and f is not meta.pk]
        returning = (
            list(meta.db_returning_fields)
            if connection.features.can_return_columns_from_insert
            else []
        )
        if skip_conflicts and not returning:
            raise ValueError("skip_conflicts needs a database that returns inserted columns")
        query = InsertQuery(model, on_conflict=OnConflict.IGNORE if skip_conflicts else None)
        query.insert_values(fields, [obj])
        compiler = query.get_compiler(using=using)
        compiler.returning_fields = returning
        [(sql, _params)] = compiler.as_sql()
        plan = _Insert(sql, fields, returning)
        _INSERTS[(model, using, skip_conflicts)] = plan
    params = [f.get_db_prep_save(f.pre_save(obj, True), connection=connection) for f in plan.fields]
    with cursor(connection) as insert_cursor:
        insert_cursor.execute(plan.sql, params)
        if plan.returning:
            row = insert_cursor.fetchone()
            if row is None:
                return False  # skip_conflicts: the row was not inserted
            for field, value in zip(plan.returning, row, strict=True):
                setattr(obj, field.attname, value)
        else:
            obj.pk = connection.ops.last_insert_id(insert_cursor, meta.db_table, meta.pk.column)
    obj._state.adding = False
    obj._state.db = using
    return True
