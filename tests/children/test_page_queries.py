"""The children list and a child's page read the database a fixed number of times, however
many children, addresses, contacts and cases there are, and still log every child shown."""

import pytest
from django.urls import reverse

from cme.audit.models import AccessEvent
from tests.factories.models import ChildAddressFactory, ChildFactory, open_case
from tests.queries import queries_to_open, show

pytestmark = pytest.mark.django_db

CHILDREN_LIST_QUERIES = 5  # session, user with council, count, the page of children, log
CHILD_PAGE_QUERIES = 10


def test_the_children_list_takes_the_same_queries_for_3_children_as_for_15(client, la, officer, signed_in):
    signed_in(officer)
    ChildFactory.create_batch(3, local_authority=la)
    few = queries_to_open(client, reverse("children:list"))
    ChildFactory.create_batch(12, local_authority=la, looked_after=True)
    many = queries_to_open(client, reverse("children:list"))
    assert len(many) == len(few) <= CHILDREN_LIST_QUERIES, show(many)
    logged = AccessEvent.objects.filter(record_type="child-list").latest("pk")
    assert len(logged.child_ids) == 15


def test_a_childs_page_takes_the_same_queries_however_much_the_record_holds(client, la, officer, signed_in):
    signed_in(officer)
    plain = ChildFactory(local_authority=la)
    few = queries_to_open(client, reverse("children:detail", args=[plain.pk]))
    full = ChildFactory(local_authority=la)
    ChildAddressFactory.create_batch(4, child=full)
    open_case(officer=officer, child=full)
    many = queries_to_open(client, reverse("children:detail", args=[full.pk]))
    assert len(many) == len(few) <= CHILD_PAGE_QUERIES, show(many)
    assert AccessEvent.objects.filter(record_type="child", record_id=full.pk, user=officer).count() == 2
