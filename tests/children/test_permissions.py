"""Who may use the add-a-child and merge pages, role by role, written out as a table
(as tests/accounts/test_policy.py does for the policy) so that a change nobody meant
shows up as a failing test. Refusals say why; links appear only for those allowed."""

import datetime as dt

import pytest
from django.urls import reverse

from cme.accounts.roles import Role
from cme.children import services
from tests.conftest import html, text_of
from tests.factories.models import ChildFactory, user_with_role

pytestmark = pytest.mark.django_db

OFF, MGR, SCH, AGY, AUD, ADM = (Role.CME_OFFICER, Role.CME_MANAGER, Role.SCHOOL_USER, Role.AGENCY_USER, Role.AUDITOR,
                                Role.ADMINISTRATOR)
PAGES = ["add a child", "add a child: create", "merge: choose", "merge: confirm", "merge: undo"]
# The status each role gets on a GET of each page. The create step takes only a POST:
# an empty one is refused with the form's errors (400) to those allowed, 403 to others.
EXPECTED = {
    "add a child": {OFF: 200, MGR: 200, SCH: 403, AGY: 403, AUD: 403, ADM: 403},
    "add a child: create": {OFF: 400, MGR: 400, SCH: 403, AGY: 403, AUD: 403, ADM: 403},
    "merge: choose": {OFF: 403, MGR: 200, SCH: 403, AGY: 403, AUD: 403, ADM: 403},
    "merge: confirm": {OFF: 403, MGR: 200, SCH: 403, AGY: 403, AUD: 403, ADM: 403},
    "merge: undo": {OFF: 403, MGR: 200, SCH: 403, AGY: 403, AUD: 403, ADM: 403},
}
REFUSAL = {"add a child": "cannot add a child", "add a child: create": "cannot add a child"}


@pytest.fixture
def records(la):
    a = ChildFactory(local_authority=la, first_name="Amira", last_name="Testchild", date_of_birth=dt.date(2015, 6, 15))
    b = ChildFactory(local_authority=la, first_name="Amirah", last_name="Testchild", date_of_birth=dt.date(2015, 6, 15))
    c = ChildFactory(local_authority=la)
    d = ChildFactory(local_authority=la)
    merge = services.merge_children(user=user_with_role(MGR, la), kept=c, merged=d, reason="Same child")
    return {"add a child": reverse("children:new"), "add a child: create": reverse("children:new-create"),
            "merge: choose": reverse("children:merge", args=[a.pk]),
            "merge: confirm": reverse("children:merge-confirm", args=[a.pk, b.pk]),
            "merge: undo": reverse("children:merge-undo", args=[merge.pk])}


def test_the_table_covers_every_role_and_page():
    assert set(EXPECTED) == set(PAGES)
    assert all(set(row) == set(Role) for row in EXPECTED.values())


CASES = [(page, role) for page in PAGES for role in Role]


@pytest.mark.parametrize(("page", "role"), CASES, ids=[f"{p}-{r.value}" for p, r in CASES])
def test_page_by_role(client, signed_in, la, records, page, role):
    signed_in(user_with_role(role, la))
    response = (client.post if page == "add a child: create" else client.get)(records[page])
    assert response.status_code == EXPECTED[page][role]
    if response.status_code == 403:
        words = REFUSAL.get(page, "cannot merge two records of the same child")
        assert words in text_of(html(response))


@pytest.mark.parametrize("page", PAGES)
def test_signed_out_people_are_sent_to_sign_in(client, records, page):
    response = (client.post if page == "add a child: create" else client.get)(records[page])
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))


def test_officers_and_managers_see_the_add_a_child_button(client, signed_in, la):
    for role, shown in ((OFF, True), (MGR, True)):
        signed_in(user_with_role(role, la))
        page = html(client.get(reverse("children:list")))
        assert bool(page.find("a", string=lambda s: s and "Add a child" in s)) is shown


def test_only_managers_see_the_merge_link(client, signed_in, la):
    child = ChildFactory(local_authority=la)
    for role, shown in ((OFF, False), (MGR, True)):
        signed_in(user_with_role(role, la))
        page = html(client.get(reverse("children:detail", args=[child.pk])))
        link = page.find("a", string="Merge with another record of this child")
        assert bool(link) is shown
        if link:
            assert link["href"] == reverse("children:merge", args=[child.pk])


def test_officers_see_a_merge_but_cannot_undo_it(client, officer, signed_in, la, records):
    from cme.children.models import ChildMerge

    merge = ChildMerge.objects.get()
    signed_in(officer)
    page = html(client.get(reverse("children:detail", args=[merge.merged_id])))
    assert f"This record was merged into {merge.kept.reference}" in text_of(page.select_one("[data-testid=merged-banner]"))
    assert not page.find("a", string="Undo this merge")


def test_an_officer_cannot_merge_by_posting_either(client, officer, signed_in, records):
    from cme.children.models import ChildMerge

    signed_in(officer)
    assert client.post(records["merge: confirm"], {"keep": "1", "reason": "x", "version": "x"}).status_code == 403
    assert client.post(records["merge: undo"], {"reason": "x"}).status_code == 403
    assert ChildMerge.objects.filter(undone_at__isnull=True).count() == 1
