"""Querysets compiled once give the rows the ORM gives, with the columns' converters applied."""

import datetime

import pytest

from chinhquyenso.core.compiled import CompiledQuery
from chinhquyenso.core.models import Agency, RoleAssignment

pytestmark = pytest.mark.django_db


def test_rows_equal_the_querysets_rows_for_every_argument(registry):
    registry.user("a", "clerk")
    user = registry.user("b", "leader")
    RoleAssignment.objects.filter(user=user).update(valid_from=datetime.date(2026, 1, 2))

    def build(user_id, role):
        return RoleAssignment.objects.filter(user_id=user_id, role=role).values_list(
            "pk", "role", "valid_from", "created_at", "agency__name"
        )

    compiled = CompiledQuery(build, int, str)
    for assignment in RoleAssignment.objects.all():
        args = (assignment.user_id, assignment.role)
        assert compiled.rows(*args) == list(build(*args))
    row = compiled.rows(user.pk, "leader")[0]
    assert row[2] == datetime.date(2026, 1, 2) and isinstance(row[3], datetime.datetime)
    assert compiled.rows(user.pk, "clerk") == []


def test_an_argument_that_does_not_reach_the_sql_as_given_is_refused(registry):
    compiled = CompiledQuery(lambda pk: Agency.objects.filter(pk=pk // 1000).values_list("pk"), int)
    with pytest.raises(ValueError):
        compiled.rows(registry.office.pk)


def test_queries_are_logged_and_prepared_on_postgresql(registry):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    compiled = CompiledQuery(lambda pk: Agency.objects.filter(pk=pk).values_list("name"), int)
    with CaptureQueriesContext(connection) as queries:
        assert compiled.rows(registry.office.pk) == [(registry.office.name,)]
    assert len(queries) == 1 and str(registry.office.pk) in queries[0]["sql"]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s",
                ['%"core_agency"."name"%'],
            )
            assert cursor.fetchone()[0] == 1


def test_insert_row_stores_what_save_would(registry):
    from chinhquyenso.core.compiled import insert_row
    from chinhquyenso.core.models import AuditEvent

    first = AuditEvent(
        occurred_at=datetime.datetime(2026, 11, 25, 7, 0, tzinfo=datetime.UTC),
        action="test.one",
        object_type="core.agency",
        object_id="1",
        after={"name": "Sở Tư pháp", "n": [1, 2]},
        prev_hash="0" * 64,
        hash="a" * 64,
    )
    insert_row(first)
    second = AuditEvent(action="test.two", occurred_at=first.occurred_at, prev_hash="a" * 64)
    second.hash = "b" * 64
    insert_row(second)  # the statement built for the first row serves the second
    assert first.pk and second.pk == first.pk + 1 and not first._state.adding
    stored = AuditEvent.objects.get(pk=first.pk)
    assert stored.after == {"name": "Sở Tư pháp", "n": [1, 2]} and stored.before is None
    assert stored.occurred_at == first.occurred_at and stored.hash == "a" * 64
    with pytest.raises(ValueError):
        insert_row(stored)
