"""The Children list's search: the matcher finds misspelt names, dates of birth, references and UPNs,
results are ranked with the reason shown and paginated with a count, and every search is logged."""

import datetime as dt

import pytest
from django.urls import reverse

from cme.audit.models import AccessEvent
from cme.rules.child_records import SearchTerms, search_terms
from tests.conftest import html, text_of
from tests.factories.models import ChildFactory

pytestmark = pytest.mark.django_db


def names_found(client, query: str, **params) -> list[str]:
    page = html(client.get(reverse("children:list"), {"q": query, **params}))
    return [text_of(a) for a in page.select("tbody a")]


@pytest.mark.parametrize(("typed", "first_name", "last_name"), [
    ("hosain", "Amina", "Hossain"),
    ("Harjit", "Harjot", "Singh"),
    ("Harjit Singh", "Harjot", "Singh"),
    ("Singh Harjot", "Harjot", "Singh"),
    ("Mohammed Chowdhury", "Muhammad", "Choudhury"),
    ("Bill", "William", "Hart"),
])
def test_misspelt_and_other_forms_of_a_name_find_the_child(client, officer, signed_in, la, typed, first_name, last_name):
    ChildFactory(local_authority=la, first_name=first_name, last_name=last_name)
    ChildFactory(local_authority=la, first_name="Zebedee", last_name="Quarrington")
    signed_in(officer)
    assert names_found(client, typed) == [f"{last_name}, {first_name}"]


def test_the_closest_match_comes_first_and_the_reason_is_shown(client, officer, signed_in, la):
    ChildFactory(local_authority=la, first_name="Amina", last_name="Hassan")
    ChildFactory(local_authority=la, first_name="Rafi", last_name="Hossain")
    ChildFactory(local_authority=la, first_name="Sara", last_name="Hosain")
    signed_in(officer)
    page = html(client.get(reverse("children:list"), {"q": "hosain"}))
    assert [text_of(a) for a in page.select("tbody a")][:2] == ["Hosain, Sara", "Hossain, Rafi"]
    reasons = [text_of(cell) for cell in page.select("[data-testid=reasons]")]
    assert reasons[0] == "Last name: the same"
    assert reasons[1] == "Last name: a very similar spelling"
    assert "closest match first" in text_of(page.select_one("caption"))
    assert not page.select("th[aria-sort]")  # ranked by match, not sorted by a column


@pytest.mark.parametrize("typed", ["14/03/2012", "2012-03-14", "14 March 2012", "20120314"])
def test_a_date_of_birth_finds_the_child(client, officer, signed_in, la, typed):
    ChildFactory(local_authority=la, first_name="Isla", last_name="Reed", date_of_birth=dt.date(2012, 3, 14))
    ChildFactory(local_authority=la, first_name="Oscar", last_name="Lane", date_of_birth=dt.date(2013, 5, 1))
    signed_in(officer)
    assert names_found(client, typed) == ["Reed, Isla"]


def test_a_reference_or_a_upn_finds_the_child(client, officer, signed_in, la):
    child = ChildFactory(local_authority=la, first_name="Isla", last_name="Reed", upn="B801200005001")
    ChildFactory(local_authority=la, first_name="Oscar", last_name="Lane")
    signed_in(officer)
    for typed in (child.reference, child.reference.lower(), str(child.pk), "B801200005001", "b801200005001"):
        assert names_found(client, typed) == ["Reed, Isla"], typed


def test_a_name_and_a_date_must_both_match(client, officer, signed_in, la):
    ChildFactory(local_authority=la, first_name="Isla", last_name="Reed", date_of_birth=dt.date(2012, 3, 14))
    ChildFactory(local_authority=la, first_name="Isla", last_name="Reed", date_of_birth=dt.date(2009, 8, 1))
    signed_in(officer)
    page = html(client.get(reverse("children:list"), {"q": "Isla Reed 14/03/2012"}))
    assert len(page.select("tbody tr")) == 1
    assert "Date of birth: the same" in text_of(page.select_one("[data-testid=reasons]"))


def test_another_councils_children_are_never_found(client, officer, signed_in, la, other_la):
    ChildFactory(local_authority=other_la, first_name="Amina", last_name="Hossain")
    signed_in(officer)
    assert names_found(client, "hossain") == []


def test_the_list_is_paginated_with_the_count_and_sorted_as_its_header_says(client, officer, signed_in, la):
    for number in range(120):
        ChildFactory(local_authority=la, first_name=f"Child{number:03d}", last_name=f"Surname{119 - number:03d}")
    signed_in(officer)
    page = html(client.get(reverse("children:list")))
    assert text_of(page.select_one("[data-testid=result-count]")) == "Showing 1 to 50 of 120 children"
    names = [text_of(a) for a in page.select("tbody a")]
    assert names == sorted(names) and names[0] == "Surname000, Child119"
    assert page.select_one("th[aria-sort=ascending]").get_text(strip=True) == "Name"
    last = html(client.get(reverse("children:list"), {"page": 3}))
    assert text_of(last.select_one("[data-testid=result-count]")) == "Showing 101 to 120 of 120 children"
    assert len(last.select("tbody tr")) == 20


def test_search_results_are_paginated_too(client, officer, signed_in, la):
    for number in range(60):
        ChildFactory(local_authority=la, first_name=f"Amina{number}", last_name="Hossain")
    signed_in(officer)
    page = html(client.get(reverse("children:list"), {"q": "hossain"}))
    assert text_of(page.select_one("[data-testid=result-count]")) == "Showing 1 to 50 of 60 children"
    second = html(client.get(reverse("children:list"), {"q": "hossain", "page": 2}))
    assert text_of(second.select_one("[data-testid=result-count]")) == "Showing 51 to 60 of 60 children"
    assert second.select_one("a[rel=prev]") is not None or "Previous" in text_of(second)


def test_every_search_is_logged_and_listing_is_not(client, officer, signed_in, la):
    ChildFactory(local_authority=la, first_name="Amina", last_name="Hossain")
    signed_in(officer)
    client.get(reverse("children:list"))
    client.get(reverse("children:list"), {"q": "hosain"})
    client.get(reverse("children:list"), {"q": "no such child"})
    logged = list(AccessEvent.objects.filter(record_type="child-search").order_by("pk").values_list("purpose", flat=True))
    assert logged == ["Searched children for “hosain”", "Searched children for “no such child”"]


def test_nothing_found_says_so(client, officer, signed_in, la):
    signed_in(officer)
    assert "No children match “Zzyzx”" in text_of(html(client.get(reverse("children:list"), {"q": "Zzyzx"})))


@pytest.mark.parametrize(("typed", "terms"), [
    ("hosain", SearchTerms(names=("hosain",))),
    ("C000305", SearchTerms(reference=305)),
    ("c305 Reed", SearchTerms(reference=305, names=("Reed",))),
    ("305", SearchTerms(reference=305)),
    ("B801200005001", SearchTerms(upns=("B801200005001",))),
    ("Isla, Reed 14/03/2012", SearchTerms(dates=(dt.date(2012, 3, 14),), names=("Isla", "Reed"))),
    ("14 Mar 2012", SearchTerms(dates=(dt.date(2012, 3, 14),))),
    ("31/02/2012", SearchTerms()),
    ("", SearchTerms()),
])
def test_what_a_search_is_read_as(typed, terms):
    assert search_terms(typed) == terms


def test_the_list_sorts_surnames_as_a_person_reads_them(client, officer, signed_in, la):
    """Issue 13 item 20: rows follow the sort the header claims ("by surname"), whatever the case of the letters."""
    for last in ("Zeller", "de Souza", "Abbott", "van Dijk", "Mahmood"):
        ChildFactory(local_authority=la, first_name="Sam", last_name=last)
    signed_in(officer)
    page = html(client.get(reverse("children:list")))
    surnames = [text_of(a).split(",")[0] for a in page.select("tbody a")]
    assert surnames == ["Abbott", "de Souza", "Mahmood", "van Dijk", "Zeller"]
