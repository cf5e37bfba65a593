"""The CTF trail of a child on a case, and the rule it feeds: a case cannot close as
"whereabouts unknown" until the lost-pupil CTF is recorded."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from cme.cases import selectors as case_selectors
from cme.rules import case_lifecycle
from cme.rules.case_lifecycle import Outcome
from tests.conftest import html, text_of
from tests.factories.models import open_case

pytestmark = pytest.mark.django_db


def test_recording_the_lost_pupil_ctf_is_on_the_trail_and_lifts_the_closure_refusal(signed_in, officer):
    case = open_case(officer=officer, start_date=dt.date(2026, 10, 1))
    case.enquiries.exclude(kind="lost-pupil-database").update(status="not-possible", result="Not needed in this test")
    refusal = case_lifecycle.close_refusal(case_selectors.case_facts(case), Outcome.WHEREABOUTS_UNKNOWN, "Evidence")
    assert refusal and "Lost Pupil Database" in refusal
    assert not case_selectors.case_facts(case).lost_pupil_ctf_recorded
    client = signed_in(officer)
    response = client.post(reverse("partners:ctf-new", args=[case.pk]), {
        "kind": "lost-received", "on-day": "2", "on-month": "11", "on-year": "2026",
        "other_party": "9994001 Testford Academy", "note": ""})
    assert response.status_code == 302
    facts = case_selectors.case_facts(case)
    assert facts.lost_pupil_ctf_recorded
    refusal = case_lifecycle.close_refusal(facts, Outcome.WHEREABOUTS_UNKNOWN, "Evidence")
    assert refusal is None  # every enquiry answered and the lost-pupil CTF recorded: it may close
    page = html(client.get(reverse("partners:case", args=[case.pk])))
    assert "Lost-pupil CTF (XXX) received from a school – 9994001 Testford Academy" in text_of(
        page.select_one("[data-testid=ctf-trail]"))
    assert "CTF trail" in " ".join(case.timeline.values_list("text", flat=True))
