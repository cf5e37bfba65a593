import datetime as dt

import pytest
from django.urls import reverse

from cme.audit.models import AccessEvent
from tests.conftest import html, text_of
from tests.factories.models import ChildAddressFactory, ChildFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def child(la):
    child = ChildFactory(local_authority=la, first_name="Amira", last_name="Testchild",
                         date_of_birth=dt.date(2015, 6, 15), upn="B801200005001")
    ChildAddressFactory(child=child, postcode="TE1 1AA")
    return child


def test_child_record_shows_school_age_and_logs_the_view(client, officer, signed_in, child):
    signed_in(officer)
    page = html(client.get(reverse("children:detail", args=[child.pk])))
    assert text_of(page.select_one("h1")) == "Amira Testchild"
    rows = {text_of(r.select_one("dt")): text_of(r.select_one("dd")) for r in page.select(".govuk-summary-list__row")}
    assert rows["Date of birth"] == "15 June 2015"
    assert rows["Compulsory school age"] == "Of compulsory school age until 27 June 2031"
    assert rows["UPN"] == "B801200005001"
    assert "TE1 1AA" in text_of(page.select_one("table"))
    event = AccessEvent.objects.get()
    assert (event.user, event.record_type, event.record_id, event.purpose, event.granted) == (
        officer, "child", child.pk, "Viewed child record", True)
    assert event.path == f"/children/{child.pk}/"


def test_an_invalid_upn_is_flagged_on_the_record(client, officer, signed_in, la):
    child = ChildFactory(local_authority=la, upn="Q207000016049")
    signed_in(officer)
    page = html(client.get(reverse("children:detail", args=[child.pk])))
    assert "check letter is wrong" in text_of(page)


def test_another_las_child_is_not_found_and_the_attempt_is_logged(client, officer, signed_in, other_la):
    child = ChildFactory(local_authority=other_la)
    signed_in(officer)
    response = client.get(reverse("children:detail", args=[child.pk]))
    assert response.status_code == 404
    event = AccessEvent.objects.get()
    assert not event.granted and event.local_authority_id == officer.local_authority_id
    assert child.first_name not in event.record_label  # nothing about the other LA's child is revealed


def test_school_users_cannot_open_child_records(client, school_user, signed_in, child):
    signed_in(school_user)
    response = client.get(reverse("children:detail", args=[child.pk]))
    # Refused at the door, by role, before the record is looked up: the same answer whether it exists or not.
    assert response.status_code == 403
    assert "cannot see a child's record" in text_of(html(response)) and child.last_name not in text_of(html(response))
    assert client.get(reverse("children:detail", args=[child.pk + 1000])).status_code == 403
    assert not AccessEvent.objects.exists()


def test_search_finds_by_name_and_upn_and_is_logged(client, officer, signed_in, child, la):
    ChildFactory(local_authority=la, first_name="Bertie", last_name="Other")
    signed_in(officer)
    names = [text_of(a) for a in html(client.get(reverse("children:list"), {"q": "testchild"})).select("tbody a")]
    assert names == ["Testchild, Amira"]
    names = [text_of(a) for a in html(client.get(reverse("children:list"), {"q": "B801200005001"})).select("tbody a")]
    assert names == ["Testchild, Amira"]
    assert AccessEvent.objects.filter(record_type="child-search").count() == 2


def test_change_history_shows_who_changed_what(client, manager, signed_in, child):
    signed_in(manager)
    # A change made through a request carries the user in the history context.
    import pghistory

    with pghistory.context(user=manager.pk, user_email=manager.email):
        child.last_name = "Renamed"
        child.save()
    page = html(client.get(reverse("children:history", args=[child.pk])))
    text = text_of(page.select_one("table"))
    assert "last name : Testchild → Renamed" in text
    assert "updated at" not in text  # bookkeeping fields are not shown as changes
    assert manager.full_name in text and "blank" not in text


def test_officers_cannot_see_change_history(client, officer, signed_in, child):
    signed_in(officer)
    assert client.get(reverse("children:history", args=[child.pk])).status_code == 403


def test_change_history_shows_people_labels_and_dates_not_raw_values(client, manager, officer, signed_in, child, la):
    """Issue 13 item 20: "decided by: blank -> 1" and ISO timestamps were shown."""
    import datetime as dt

    import pghistory

    from cme.core import clock
    from cme.referrals.models import Decision, Kind, Referral, Source, Status

    referral = Referral.objects.create(local_authority=la, kind=Kind.PUBLIC, source=Source.PUBLIC,
                                       status=Status.SUBMITTED, child=child)
    with pghistory.context(user=officer.pk, user_email=officer.email):
        referral.decided_by = officer
        referral.decided_at = dt.datetime(2026, 11, 3, 14, 5, tzinfo=clock.LONDON)
        referral.decision = Decision.ACCEPT
        referral.status = Status.ACCEPTED
        referral.save()
    signed_in(manager)
    text = text_of(html(client.get(reverse("children:history", args=[child.pk]))).select_one("table"))
    assert f"decided by : nothing → {officer.full_name}" in text
    assert "decided at : nothing → 3 November 2026 at 2:05pm" in text
    assert "status : Waiting for triage → Accepted" in text
    assert "2026-11-03" not in text and f"→ {officer.pk} " not in text + " " and "blank" not in text
