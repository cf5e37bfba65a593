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


# -- a lost-pupil CTF in a school's CTF import goes on the trail by itself --------------------

def _lost_ctf(seed: int, dest=("XXX", "XXXX")) -> bytes:
    from cme.synth.ctf import synth_ctf

    return synth_ctf(1, seed=seed, dest=dest)


def test_a_lost_pupil_ctf_imported_from_a_school_is_on_the_trail_and_the_case_may_close_without_rekeying(
        signed_in, officer, la):
    from cme.cases.models import Case
    from cme.partners.models import CtfEvent, CtfKind
    from cme.schools import imports

    imports.import_ctf(_lost_ctf(31), local_authority_id=la.pk, file_name="9994001_CTF_XXXXXXX_001.xml")
    case = Case.objects.get()
    imports.import_ctf(_lost_ctf(31), local_authority_id=la.pk, file_name="9994001_CTF_XXXXXXX_001.xml")
    # The same file again: one step on the trail (unpacked below) and one answer to the enquiry.
    assert Case.objects.get() == case
    assert case.timeline.filter(text__startswith="The Lost Pupil Database").count() == 1
    [event] = CtfEvent.objects.filter(case=case)
    assert event.kind == CtfKind.LOST_RECEIVED and event.by is None
    assert event.other_party.startswith("9994001") and event.from_file == "9994001_CTF_XXXXXXX_001.xml"
    lpd = case.enquiries.get(kind="lost-pupil-database")
    assert lpd.status == "done" and "9994001" in lpd.result
    case.enquiries.exclude(kind="lost-pupil-database").update(status="not-possible", result="Not needed in this test")
    facts = case_selectors.case_facts(case)
    assert facts.lost_pupil_ctf_recorded
    assert case_lifecycle.close_refusal(facts, Outcome.WHEREABOUTS_UNKNOWN, "Evidence") is None
    page = html(signed_in(officer).get(reverse("partners:case", args=[case.pk])))
    trail = text_of(page.select_one("[data-testid=ctf-trail]"))
    assert "Lost-pupil CTF (XXX) received from a school – 9994001" in trail
    assert "from the school's CTF 9994001_CTF_XXXXXXX_001.xml" in trail


def test_a_lost_pupil_ctf_for_a_child_with_an_open_case_goes_on_that_cases_trail(officer, la):
    from cme.cases.models import Case
    from cme.children.models import Child
    from cme.partners.models import CtfEvent
    from cme.schools import imports

    imports.import_ctf(_lost_ctf(32, dest=("999", "4002")), local_authority_id=la.pk, file_name="leavers.xml")
    assert not Case.objects.exists()  # an ordinary transfer: no case, nothing on a trail
    child = Child.objects.get()
    case = open_case(officer=officer, child=child, start_date=dt.date(2026, 10, 1))
    imports.import_ctf(_lost_ctf(32), local_authority_id=la.pk, file_name="lost.xml")
    assert Case.objects.get() == case and CtfEvent.objects.get().case == case
    assert case.enquiries.get(kind="lost-pupil-database").status == "done"


def test_an_mmm_ctf_is_on_the_trail_but_is_not_the_lost_pupil_ctf(la):
    from cme.cases.models import Case
    from cme.partners.models import CtfEvent, CtfKind
    from cme.schools import imports

    imports.import_ctf(_lost_ctf(33, dest=("MMM", "MMMM")), local_authority_id=la.pk, file_name="abroad.xml")
    case = Case.objects.get()
    assert CtfEvent.objects.get(case=case).kind == CtfKind.ABROAD
    assert case.enquiries.get(kind="lost-pupil-database").status == "to-do"


def test_an_imported_lost_pupil_ctf_leaves_an_officers_not_possible_decision_as_it_is(officer, la):
    """As recording the CTF by hand does: only an enquiry still to do is answered by it."""
    from cme.children.models import Child
    from cme.schools import imports

    imports.import_ctf(_lost_ctf(34, dest=("999", "4002")), local_authority_id=la.pk, file_name="leavers.xml")
    case = open_case(officer=officer, child=Child.objects.get(), start_date=dt.date(2026, 10, 1))
    case.enquiries.filter(kind="lost-pupil-database").update(status="not-possible", result="Searched by phone")
    imports.import_ctf(_lost_ctf(34), local_authority_id=la.pk, file_name="lost.xml")
    lpd = case.enquiries.get(kind="lost-pupil-database")
    assert (lpd.status, lpd.result) == ("not-possible", "Searched by phone")
