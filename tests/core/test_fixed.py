"""Queries compiled once per connection (cme.core.fixed) give what the queryset gives, refuse what
they cannot stand in for, and the access log's INSERT adds the row save() adds."""

import datetime as dt
import threading

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext

from cme.accounts.models import User
from cme.audit.models import AccessEvent
from cme.cases.models import Case
from cme.core.fixed import FixedInsert, FixedQuery
from tests.factories.models import ChildFactory, UserFactory

pytestmark = pytest.mark.django_db


def _users(la_id, email):
    return User.objects.select_related("local_authority").filter(local_authority_id=la_id, email=email)


def test_a_fixed_query_gives_the_querysets_rows_for_each_use(la, other_la):
    query = FixedQuery(_users, 918270001, "stand-in@example.invalid")
    here, there = UserFactory(local_authority=la), UserFactory(local_authority=other_la)
    for user in (here, there, here):
        with CaptureQueriesContext(connection) as queries:
            found = query(user.local_authority_id, user.email)
        assert [found[0].pk] == [user.pk] and len(queries) == 1
        with CaptureQueriesContext(connection) as queries:
            assert found[0].local_authority.name == user.local_authority.name
        assert len(queries) == 0  # read with the user, as select_related reads it
    assert query(here.local_authority_id, there.email) == []


def test_a_fixed_query_of_values_and_dates(la):
    def cases_since(la_id, day):
        return Case.objects.filter(local_authority_id=la_id, start_date__gte=day).values("pk").order_by("pk")

    query = FixedQuery(cases_since, 918270002, dt.date(1901, 2, 3))
    assert query(la.pk, dt.date(2000, 1, 1)) == list(cases_since(la.pk, dt.date(2000, 1, 1)))


def test_a_value_of_another_type_is_asked_by_the_queryset_and_one_django_rewrites_is_refused(la):
    def users(la_id):
        return User.objects.filter(local_authority_id=la_id).order_by("pk")

    query = FixedQuery(users, 918270003)
    UserFactory(local_authority=la), UserFactory(local_authority=None, role="")
    assert query(None) == list(users(None)) and query(None)  # IS NULL: another query than `= %s`
    assert query(str(la.pk)) == list(users(la.pk)) == query(la.pk)
    rewritten = FixedQuery(lambda name: User.objects.filter(full_name__icontains=name), "stand-in-name")
    with pytest.raises(ImproperlyConfigured):
        rewritten("Jo")
    with pytest.raises(ImproperlyConfigured):
        FixedQuery(lambda a, b: User.objects.filter(pk=a), 1, 1)


def test_each_connection_compiles_its_own(la):
    query = FixedQuery(lambda la_id: User.objects.filter(local_authority_id=la_id).values_list("pk", flat=True),
                       918270004)
    user = UserFactory(local_authority=la)
    assert query(la.pk) == [user.pk]
    seen = []

    def elsewhere():
        try:
            seen.append("_cme_fixed_queries" in connections["default"].__dict__)
        finally:
            connections.close_all()

    thread = threading.Thread(target=elsewhere)
    thread.start()
    thread.join()
    assert seen == [False] and query in connections["default"].__dict__["_cme_fixed_queries"]


def test_the_access_log_insert_adds_the_row_save_adds(officer, la):
    child = ChildFactory(local_authority=la)
    fields = {"user": officer, "user_email": officer.email, "role": officer.role, "local_authority_id": la.pk,
              "record_type": "child", "record_id": child.pk, "record_label": "A label",
              "purpose": "Viewed child record", "channel": "page", "path": "/children/1/", "method": "GET",
              "ip_address": "10.0.0.1", "child_ids": [child.pk, 3]}
    saved, fixed, again = AccessEvent(**fields), AccessEvent(**fields), AccessEvent(**fields)
    saved.save()
    insert = FixedInsert(AccessEvent)
    insert.save(fixed)  # compiled at the first, then the same SQL
    insert.save(again)
    assert again.pk > fixed.pk and AccessEvent.objects.get(pk=again.pk).occurred_at == again.occurred_at
    assert fixed.pk and fixed.pk != saved.pk and not fixed._state.adding and fixed.occurred_at
    columns = [field.attname for field in AccessEvent._meta.concrete_fields if field.attname not in ("id", "occurred_at")]
    stored = {row["id"]: row for row in AccessEvent.objects.filter(pk__in=[saved.pk, fixed.pk]).values()}
    assert {c: stored[fixed.pk][c] for c in columns} == {c: stored[saved.pk][c] for c in columns}
    assert stored[fixed.pk]["occurred_at"] == fixed.occurred_at
    with pytest.raises(ValueError, match="unsaved related object"):
        insert.save(AccessEvent(**{**fields, "user": User(email="unsaved@example.invalid")}))
