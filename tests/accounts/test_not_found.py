"""A record a user may not see gets exactly the answer a record that does not exist gets
(404), so ids cannot be stepped through to learn what exists; no child's name travels in
a cookie; schools are not shown numbers of records they cannot open."""

import pytest
from django.urls import reverse

from cme.accounts.roles import Role
from cme.referrals import services as referral_services
from cme.schools import services as school_services
from cme.schools.models import DeletionReturn, School
from tests.conftest import html, text_of
from tests.factories.models import SchoolFactory, user_with_role
from tests.referrals.helpers import api_answers
from tests.schools.helpers import PUPIL, deletion

pytestmark = pytest.mark.django_db
MISSING = 987654


@pytest.fixture
def records(la):
    school_staff = user_with_role(Role.SCHOOL_USER, la)
    record = school_services.deletion_return_submit(school=school_staff.school, user=school_staff, pupil=PUPIL,
                                                    details=deletion("2024-9(1)(i)"))
    record.refresh_from_db()
    referral = referral_services.referral_create_from_api(user=user_with_role(Role.AGENCY_USER, la),
                                                          answers=api_answers())
    other_school = SchoolFactory(local_authority=la)
    return {
        "child": (reverse("children:detail", args=[record.child_id]), reverse("children:detail", args=[MISSING])),
        "child history": (reverse("children:history", args=[record.child_id]),
                          reverse("children:history", args=[MISSING])),
        "case": (reverse("cases:detail", args=[record.case_id]), reverse("cases:detail", args=[MISSING])),
        "referral": (reverse("referrals:triage", args=[referral.reference]),
                     reverse("referrals:triage", args=["ZZZZ-ZZZZ"])),
        "return": (reverse("schools:deletion-return", args=[record.pk]),
                   reverse("schools:deletion-return", args=[MISSING])),
        "school": (reverse("schools:unreported", args=[other_school.pk]),
                   reverse("schools:unreported", args=[MISSING])),
    }


ROLES = [Role.SCHOOL_USER, Role.AGENCY_USER, Role.AUDITOR, Role.ADMINISTRATOR]
CASES = [(role, what) for role in ROLES for what in ("child", "case", "referral", "return", "school")]


@pytest.mark.parametrize(("role", "what"), CASES, ids=[f"{r.value}-{w}" for r, w in CASES])
def test_a_record_out_of_reach_looks_like_one_that_does_not_exist(client, signed_in, la, records, role, what):
    """Tried as it was found: every role against an existing id and a missing one."""
    signed_in(user_with_role(role, la))
    existing, missing = (client.get(url) for url in records[what])
    if existing.status_code == 403 and missing.status_code == 403:
        return  # the whole page is closed to this role, whatever the id: nothing to learn
    assert (existing.status_code, missing.status_code) == (404, 404)
    assert text_of(html(existing).select_one("main")) == text_of(html(missing).select_one("main"))


def test_the_same_for_another_councils_staff(client, signed_in, other_la, records):
    signed_in(user_with_role(Role.CME_MANAGER, other_la))
    for what, (existing, missing) in records.items():
        assert (client.get(existing).status_code, client.get(missing).status_code) == (404, 404), what


def test_a_school_cannot_step_through_school_ids(client, signed_in, la, records):
    school_staff = user_with_role(Role.SCHOOL_USER, la)
    signed_in(school_staff)
    assert client.get(reverse("schools:unreported", args=[school_staff.school_id])).status_code == 200
    answers = {client.get(reverse("schools:unreported", args=[pk])).status_code
               for pk in School.objects.exclude(pk=school_staff.school_id).values_list("pk", flat=True)}
    assert answers == {404}


def test_no_childs_name_travels_in_a_cookie(client, officer, signed_in):
    from tests.children.test_add_child import NEW_DETAILS, create_form, hidden_fields

    signed_in(officer)
    page = html(client.post(reverse("children:new"), NEW_DETAILS))
    response = client.post(reverse("children:new-create"), hidden_fields(create_form(page)))
    assert response.status_code == 302
    assert "messages" not in response.cookies
    assert all("Nobodyknows" not in morsel.value for morsel in client.cookies.values())
    shown = html(client.get(response.url))
    assert "Quentin Rhys Nobodyknows added as" in text_of(shown.select_one(".govuk-notification-banner"))


def test_a_school_is_not_shown_numbers_it_cannot_open(client, signed_in, la, records):
    record = DeletionReturn.objects.get()
    signed_in(record.sent_by)
    page = html(client.get(reverse("schools:deletion-return", args=[record.pk])))
    text = text_of(page.select_one("main"))
    assert record.child.reference not in text and record.case.reference not in text
    assert not page.select(f"a[href='{reverse('children:detail', args=[record.child_id])}']")
    signed_in(user_with_role(Role.CME_OFFICER, la))
    text = text_of(html(client.get(reverse("schools:deletion-return", args=[record.pk]))).select_one("main"))
    assert record.child.reference in text and record.case.reference in text
