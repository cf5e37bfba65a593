"""The case page an officer opens from the cases list."""

import datetime as dt

import pytest
from django.urls import reverse

from cme.cases.models import Case
from tests.conftest import html, text_of
from tests.factories.models import ChildFactory

pytestmark = pytest.mark.django_db


def test_the_case_page_links_to_the_childs_record(la, officer, signed_in):
    child = ChildFactory(local_authority=la, first_name="Ada", last_name="Caseworth")
    case = Case.objects.create(local_authority=la, child=child, primary_reason=18, start_date=dt.date(2026, 10, 1))
    page = html(signed_in(officer).get(reverse("cases:detail", kwargs={"case_id": case.pk})))
    link = page.find("a", string=child.reference)
    assert link is not None and link["href"] == reverse("children:detail", args=[child.pk])
    assert "<a" not in text_of(page.select_one("main"))  # no markup shown as text
