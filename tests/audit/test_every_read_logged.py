"""Every read of a child's data is logged truthfully and can be found by the child: list
pages and commands too; a refusal never reads as a view; auditors see change history."""

import pytest
from django.urls import reverse

from cme.accounts.roles import Role
from cme.audit.models import AccessEvent, Channel
from cme.referrals.models import Referral
from cme.schools import services as school_services
from tests.conftest import html, text_of
from tests.factories.models import ChildFactory, SchoolFactory, user_with_role
from tests.referrals.helpers import api_answers
from tests.schools.helpers import PUPIL, deletion

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(la, school_user):
    """A deletion return with an unknown destination: a child, the return, a case and a task."""
    record = school_services.deletion_return_submit(school=school_user.school, user=school_user, pupil=PUPIL,
                                                    details=deletion("2024-9(1)(i)"))
    record.refresh_from_db()
    return {"return": record, "child": record.child, "case": record.case}


def last_event(**filters) -> AccessEvent:
    return AccessEvent.objects.filter(**filters).order_by("-id").first()


@pytest.mark.parametrize(("page", "record_type"), [
    ("children:list", "child-list"),
    ("cases:list", "case-list"),
    ("cases:tasks", "task-list"),
    ("schools:returns", "return-list"),
])
def test_each_list_page_logs_the_children_it_shows(client, officer, signed_in, world, page, record_type):
    signed_in(officer)
    assert client.get(reverse(page)).status_code == 200
    event = last_event(record_type=record_type)
    assert event is not None and event.user == officer and event.granted
    assert world["child"].pk in event.child_ids
    assert event.purpose.startswith("Listed")


def test_the_schools_own_returns_list_is_logged(client, school_user, signed_in, world):
    signed_in(school_user)
    client.get(reverse("schools:returns"))
    assert world["child"].pk in last_event(record_type="return-list", user=school_user).child_ids


def test_the_triage_queue_is_logged_with_the_children_it_names(client, officer, signed_in, la, world):
    agency = user_with_role(Role.AGENCY_USER, la)
    from cme.referrals import services

    referral = services.referral_create_from_api(user=agency, answers=api_answers())
    Referral.objects.filter(pk=referral.pk).update(child=world["child"])
    signed_in(officer)
    client.get(reverse("referrals:queue"))
    event = last_event(record_type="referral-list")
    assert event.purpose == "Listed referrals to triage" and event.record_label == "1 referral shown"
    assert event.child_ids == [world["child"].pk]


def test_opening_a_triage_page_is_a_view_not_a_decision(client, officer, signed_in, la):
    from cme.referrals import services

    referral = services.referral_create_from_api(user=user_with_role(Role.AGENCY_USER, la), answers=api_answers())
    signed_in(officer)
    client.get(reverse("referrals:triage", args=[referral.reference]))
    assert last_event(record_type="referral").purpose == "Viewed referral for triage"


def test_export_ctf_is_logged_with_who_ran_it(la, tmp_path):
    import io

    from django.core.management import call_command

    child = ChildFactory(local_authority=la, upn="")
    out = tmp_path / "child.xml"
    call_command("export_ctf", "--child", child.reference, "--to", "MMMMMMM", "--out", str(out), stderr=io.StringIO())
    event = last_event(record_type="child", record_id=child.pk)
    assert event.channel == Channel.COMMAND and event.child_ids == [child.pk]
    assert event.purpose == f"Exported a Common Transfer File for MMMMMMM to {out}"
    assert "(command line)" in event.user_email and event.user is None


def test_a_schools_refused_view_reads_as_an_attempt_once(client, la, school_user, signed_in, world, auditor):
    other_school = user_with_role(Role.SCHOOL_USER, la, school=SchoolFactory(local_authority=la))
    signed_in(other_school)
    assert client.get(reverse("schools:deletion-return", args=[world["return"].pk])).status_code == 404
    event = last_event(record_type="deletionreturn")
    assert not event.granted and event.purpose == "Tried to view a deletion return"
    signed_in(auditor)
    row = html(client.get(reverse("audit:access-log"), {"child": world["child"].reference})).select_one("tbody tr")
    assert "Refused Tried to view a deletion return" in text_of(row)
    assert "Refused Refused" not in text_of(row)


def test_a_refused_history_view_is_not_logged_as_a_view(client, signed_in, world, other_la):
    outsider = user_with_role(Role.CME_MANAGER, other_la)  # may read history, but not of this council's child
    signed_in(outsider)
    assert client.get(reverse("children:history", args=[world["child"].pk])).status_code == 404
    event = last_event(record_type="child")
    assert event.user == outsider and event.local_authority_id == other_la.pk
    assert not event.granted and event.purpose == "Tried to view change history"


def test_auditors_see_change_history_as_the_policy_grants(client, auditor, signed_in, world):
    signed_in(auditor)
    response = client.get(reverse("children:history", args=[world["child"].pk]))
    assert response.status_code == 200
    page = html(response)
    assert text_of(page.select_one("h1")) == "History of changes"
    assert page.select_one(".govuk-back-link")["href"] == f"{reverse('audit:access-log')}?child={world['child'].pk}"
    event = last_event(record_type="child")
    assert event.granted and event.purpose == "Viewed change history" and event.user == auditor
    # Auditors still cannot open the child's record itself.
    assert client.get(reverse("children:detail", args=[world["child"].pk])).status_code == 403


def test_the_auditor_finds_every_read_about_a_child(client, officer, auditor, signed_in, world, la):
    other = ChildFactory(local_authority=la)
    signed_in(officer)
    client.get(reverse("children:detail", args=[world["child"].pk]))
    client.get(reverse("cases:detail", args=[world["case"].pk]))
    client.get(reverse("schools:deletion-return", args=[world["return"].pk]))
    client.get(reverse("cases:list"))
    client.get(reverse("children:detail", args=[other.pk]))
    signed_in(auditor)
    page = html(client.get(reverse("audit:access-log"), {"child": world["child"].reference}))
    purposes = [text_of(row.select("td")[3]) for row in page.select("tbody tr")]
    assert purposes == ["Listed cases (open, start)", "Viewed a deletion return", "Viewed case", "Viewed child record"]
    assert page.find("a", string=f"See the history of changes to {world['child'].reference}")


def test_a_mistyped_child_number_is_explained(client, auditor, signed_in):
    signed_in(auditor)
    page = html(client.get(reverse("audit:access-log"), {"child": "CX12"}))
    assert "Enter a child record number, like C000042 or 42" in text_of(page.select_one(".govuk-error-message"))

