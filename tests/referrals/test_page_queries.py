"""The triage queue reads the database a fixed number of times however many referrals wait,
and still logs every child it shows."""

import pytest
from django.urls import reverse

from cme.accounts.roles import Role
from cme.audit.models import AccessEvent
from cme.referrals import services
from tests.factories.models import user_with_role
from tests.queries import queries_to_open, show

from .helpers import api_answers

pytestmark = pytest.mark.django_db

TRIAGE_QUEUE_QUERIES = 6  # session, user with council, the referrals, log, enquiries from other councils, email imports


def _referrals(la, how_many):
    agency_user = user_with_role(Role.AGENCY_USER, la)
    for n in range(how_many):
        answers = api_answers()
        answers["child"]["first_name"] = f"Fictional{n}"
        services.referral_create_from_api(user=agency_user, answers=answers)


def test_the_triage_queue_takes_the_same_queries_for_1_referral_as_for_6(client, la, officer, signed_in):
    signed_in(officer)
    _referrals(la, 1)
    few = queries_to_open(client, reverse("referrals:queue"))
    _referrals(la, 5)
    many = queries_to_open(client, reverse("referrals:queue"))
    assert len(many) == len(few) <= TRIAGE_QUEUE_QUERIES, show(many)
    logged = AccessEvent.objects.filter(record_type="referral-list", user=officer).latest("pk")
    assert logged.record_label == "6 referrals shown"
