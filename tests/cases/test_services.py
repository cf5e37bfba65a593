"""Opening CME cases: by an officer, and by the system from a school's statutory notice."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cme.cases.models import Case, CaseState, TimelineKind
from cme.cases.services import enquiry_for
from cme.rules import dfe_return
from tests.factories.models import ChildFactory

pytestmark = pytest.mark.django_db


def test_a_notice_opens_one_unallocated_enquiry_and_later_notices_join_it(la):
    child = ChildFactory(local_authority=la)
    case, opened = enquiry_for(child=child, primary_reason=dfe_return.UNKNOWN, start_date=dt.date(2026, 10, 1),
                               opened_because="a deletion return: destination unknown")
    assert opened and case.state == CaseState.RECEIVED and case.allocated_to is None
    assert case.primary_reason == 18 and case.start_date == dt.date(2026, 10, 1)
    assert case.timeline.get(kind=TimelineKind.OPENED).text == (
        "CME enquiry opened from a deletion return: destination unknown")
    again, opened_again = enquiry_for(child=child, primary_reason=dfe_return.BELIEVED_MOVED_TO_ANOTHER_COUNTRY,
                                      start_date=dt.date(2026, 10, 5), opened_because="a CTF to MMM")
    assert again == case and not opened_again and again.primary_reason == 18
    assert Case.objects.filter(child=child).count() == 1


def test_a_closed_case_does_not_stop_a_new_enquiry(la):
    child = ChildFactory(local_authority=la)
    first, _ = enquiry_for(child=child, primary_reason=dfe_return.UNKNOWN, start_date=dt.date(2026, 9, 1),
                           opened_because="a lost-pupil CTF")
    Case.objects.filter(pk=first.pk).update(state=CaseState.CLOSED, closed_on=dt.date(2026, 9, 20))
    second, opened = enquiry_for(child=child, primary_reason=dfe_return.BELIEVED_MOVED_TO_ANOTHER_LA,
                                 start_date=dt.date(2026, 10, 1), opened_because="a deletion return")
    assert opened and second != first and second.primary_reason == 16


def test_a_notice_dated_ahead_starts_the_enquiry_today_and_a_made_up_reason_is_refused(la):
    child = ChildFactory(local_authority=la)
    future = timezone.localdate() + dt.timedelta(days=10)
    case, _ = enquiry_for(child=child, primary_reason=dfe_return.UNKNOWN, start_date=future, opened_because="x")
    assert case.start_date == timezone.localdate()
    with pytest.raises(ValidationError, match="not a DfE primary reason"):
        enquiry_for(child=ChildFactory(local_authority=la), primary_reason=21, start_date=future, opened_because="x")


def test_cases_from_earlier_records_get_the_same_checklist_as_one_case_at_a_time(la):
    """earlier_cases_record writes the checklists of many cases at once; each is what
    enquiries_generate gives the same case, item for item and in the same order."""
    from cme.cases import services
    from cme.cases.models import Enquiry
    from cme.children.models import Contact
    from tests.factories.models import ChildAddressFactory

    with_contacts, with_address, with_nothing = (ChildFactory(local_authority=la) for _ in range(3))
    Contact.objects.create(child=with_contacts, first_name="Pat", last_name="Parent (fictional)",
                           relationship="mother", phones=["07700 900001", "", "07700 900002"], order=2)
    Contact.objects.create(child=with_contacts, first_name="", last_name="", phones=["07700 900003"], order=1)
    ChildAddressFactory(child=with_address)
    children = (with_contacts, with_address, with_nothing)
    services.earlier_cases_record(local_authority_id=la.pk, cases=[
        services.EarlierCase(child_id=child.pk, primary_reason=reason, episodes=((dt.date(2026, 9, 1), None),),
                             state=CaseState.MAKING_ENQUIRIES)
        for child, reason in zip(children, (18, 5, 11), strict=True)])
    for child in children:
        case = Case.objects.get(child=child)
        bulk = list(case.enquiries.values_list("kind", "about", "position"))
        case.enquiries.all().delete()
        assert services.enquiries_generate(case) == len(bulk) > 0
        assert bulk == list(Enquiry.objects.filter(case=case).values_list("kind", "about", "position"))
