import pytest
from django.db import DatabaseError, transaction
from django.urls import reverse

from cme.audit.models import AccessEvent
from tests.conftest import html, text_of
from tests.factories.models import ChildFactory

pytestmark = pytest.mark.django_db


def view(client, user, child, signed_in):
    signed_in(user)
    client.get(reverse("children:detail", args=[child.pk]))


def test_auditor_lists_access_by_record_and_by_user(client, officer, manager, auditor, signed_in, la):
    first, second = ChildFactory(local_authority=la), ChildFactory(local_authority=la)
    view(client, officer, first, signed_in)
    view(client, manager, first, signed_in)
    view(client, officer, second, signed_in)
    signed_in(auditor)
    by_record = html(client.get(reverse("audit:access-log"), {"record_type": "child", "record_id": first.pk}))
    assert sorted(text_of(r.select("td")[1]) for r in by_record.select("tbody tr")) == sorted(
        [officer.email, manager.email])
    by_user = html(client.get(reverse("audit:access-log"), {"user": officer.pk}))
    assert len(by_user.select("tbody tr")) == 2


def test_only_auditors_see_the_access_log(client, manager, signed_in):
    signed_in(manager)
    assert client.get(reverse("audit:access-log")).status_code == 403


def test_auditor_sees_only_their_own_las_log(client, auditor, signed_in, other_la):
    from tests.factories.models import UserFactory

    outsider = UserFactory(local_authority=other_la)
    child = ChildFactory(local_authority=other_la)
    view(client, outsider, child, signed_in)
    signed_in(auditor)
    assert "No access recorded" in text_of(html(client.get(reverse("audit:access-log"))))


def test_the_access_log_cannot_be_changed_or_deleted(officer, la):
    from cme.audit.services import access_record

    event = access_record(user=officer, local_authority_id=la.pk, record_type="child", record_id=1,
                          purpose="Viewed child record")
    with pytest.raises(DatabaseError, match="Cannot update or delete"), transaction.atomic():
        AccessEvent.objects.filter(pk=event.pk).update(purpose="nothing to see")
    with pytest.raises(DatabaseError, match="Cannot update or delete"), transaction.atomic():
        AccessEvent.objects.filter(pk=event.pk).delete()
    assert AccessEvent.objects.get(pk=event.pk).purpose == "Viewed child record"


def test_changes_are_recorded_by_triggers_even_for_bulk_updates(la):
    from cme.children.models import Child

    child = ChildFactory(local_authority=la, last_name="Before")
    Child.objects.filter(pk=child.pk).update(last_name="After")  # no save(), no signals
    from pghistory.models import Events

    diffs = [e.pgh_diff for e in Events.objects.references(child).order_by("pgh_created_at") if e.pgh_diff]
    assert {"last_name": ["Before", "After"]} in diffs


def test_a_change_made_in_a_request_records_the_user_and_the_address(rf, manager, la):
    """The history middleware attaches who and where to changes made while handling a request."""
    from django.http import HttpResponse
    from pghistory.models import Events

    from cme.audit.middleware import HistoryContextMiddleware

    child = ChildFactory(local_authority=la, last_name="Before")

    def view(request):
        child.last_name = "After"
        child.save()
        return HttpResponse("done")

    request = rf.post("/children/1/edit/")
    request.user = manager
    HistoryContextMiddleware(view)(request)
    update = next(e for e in Events.objects.references(child) if e.pgh_label == "update")
    assert update.pgh_context["user"] == manager.pk
    assert update.pgh_context["user_email"] == manager.email
    assert update.pgh_context["url"] == "/children/1/edit/"
