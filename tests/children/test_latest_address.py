"""Which address is a child's latest: the record page, merge and the matcher must agree."""

import datetime as dt

import pytest

from cme.children import candidates
from cme.children.selectors import latest_postcode
from cme.rules.identity import Person
from tests.factories.models import ChildAddressFactory, ChildFactory

pytestmark = pytest.mark.django_db


def test_a_dated_move_counts_as_later_than_an_address_with_no_date(la):
    child = ChildFactory(local_authority=la, first_name="Ada", last_name="Movewell", date_of_birth=dt.date(2015, 4, 2))
    ChildAddressFactory(child=child, postcode="DM1 1AA", moved_in=None)
    ChildAddressFactory(child=child, postcode="DM7 2BB", moved_in=dt.date(2025, 9, 1))
    assert child.current_address().postcode == "DM7 2BB"
    assert latest_postcode(child) == "DM7 2BB"
    incoming = Person(first_name="Ada", last_name="Movewell", date_of_birth=dt.date(2015, 4, 2),
                                      postcode="DM7 2BB")
    found = candidates.find_candidates(incoming, local_authority_id=la.pk, include_referrals=False)
    postcode = next(c for c in found[0].comparisons if c.field == "postcode")
    assert found[0].record_id == child.pk and postcode.theirs == "DM7 2BB"
