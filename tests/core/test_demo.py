import datetime as dt

import pytest
from django.core.exceptions import ImproperlyConfigured

from cme.accounts.models import LocalAuthority, User
from cme.children.models import Child
from cme.core.rules_config import validate_upn
from cme.ops import demo, demo_partners

pytestmark = pytest.mark.django_db


def test_demo_loads_once_and_is_fictional():
    first = demo.demo_load(children=40)
    assert first["children"] == 40 and first["users"] == len(demo.USERS)
    assert demo.demo_load(children=40) == dict.fromkeys(first, 0)
    la = LocalAuthority.objects.get(code=demo.DEMO_LA_CODE)
    assert la.is_fictional and "Demoshire" in la.name
    assert not Child.objects.filter(is_fictional=False).exists()
    assert not User.objects.filter(is_fictional=False).exists()


def test_demo_children_have_valid_upns_and_addresses():
    demo.demo_load(children=30)
    for code, area in ((demo.DEMO_LA_CODE, "DM"), (demo_partners.OTHER_LA_CODE, "OT")):
        children = Child.objects.filter(local_authority__code=code).prefetch_related("addresses")
        assert children and all(validate_upn(c.upn).valid for c in children if c.upn)
        assert all(c.addresses.get().postcode.startswith(area) for c in children)


def test_a_demoshire_officer_searching_for_a_child_only_othershire_holds_is_told_whom_to_contact():
    from cme.children.selectors import known_elsewhere

    demo.demo_load(children=30)
    theirs = Child.objects.filter(local_authority__code=demo_partners.OTHER_LA_CODE).first()
    officer = User.objects.get(email=demo.USERS[0].email)
    assert not Child.objects.filter(local_authority=officer.local_authority, first_name=theirs.first_name,
                                    last_name=theirs.last_name, date_of_birth=theirs.date_of_birth).exists()
    found = known_elsewhere(user=officer, first_name=theirs.first_name, last_name=theirs.last_name,
                            date_of_birth=theirs.date_of_birth, about="a test of the demo")
    assert [answer.council for answer in found] == ["Othershire Council"]




def test_every_role_has_a_demo_sign_in():
    demo.demo_load(children=1)
    assert set(User.objects.values_list("role", flat=True)) >= {
        "cme-officer", "cme-manager", "school-user", "agency-user", "auditor", "administrator"}


def test_demo_code_is_a_working_authenticator_code():
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP

    demo.demo_load(children=1)
    email = demo.USERS[0].email
    authenticator = Authenticator.objects.get(user__email=email, type="totp")
    assert TOTP(authenticator).validate_code(demo.demo_totp_code(email))


def test_demo_refuses_production(settings):
    settings.PRODUCTION = True
    with pytest.raises(ImproperlyConfigured, match="never be loaded into a production"):
        demo.demo_load()


def test_the_full_demo_has_a_referral_about_a_known_child_and_matching_finds_the_children_on_no_roll():
    # One test, because loading the full demo is the slowest thing in this file.
    from cme.linkage.models import RunStatus, UnplacedRun
    from cme.referrals.models import Referral, Status
    from cme.referrals.triage import candidates

    demo.demo_load()
    waiting = Referral.objects.filter(status=Status.SUBMITTED)
    assert waiting.count() >= 3
    best = [candidates(referral)[:1] for referral in waiting]
    assert any(found and found[0].probability > 0.9 for found in best)

    run = UnplacedRun.objects.get()
    assert run.status == RunStatus.DONE, run.error
    candidates = list(run.candidates.select_related("child"))
    known = [c.child for c in candidates if c.child]
    assert known and all(not child.registrations.exists() for child in known)
    assert any(c.child is None for c in candidates)  # children the council did not know
    assert run.summary["not_candidates"]["on a school roll"] > 50


def test_the_demo_has_two_years_of_cases_frozen_months_and_a_return_with_checks_to_make():
    import time_machine

    from cme.reports import dfe
    from cme.reports.models import Snapshot

    with time_machine.travel("2026-11-30 10:00:00+00:00", tick=False):
        made = demo.demo_load(children=120)
        la = LocalAuthority.objects.get(code=demo.DEMO_LA_CODE)
        assert made["earlier_cases"] > 600
        assert [s.month.isoformat() for s in Snapshot.objects.order_by("month")] == ["2026-08-01", "2026-09-01",
                                                                                     "2026-10-01"]
        result = dfe.dfe_return(la, dt.date(2026, 10, 1))
        assert result.total > 30 and result.unreconciled == []
        assert {problem for fix in result.fixes for problem in fix.problems} == {
            "Sex not known", "Not of compulsory school age on the census date"}
        assert result.any_time[2] > result.total
        assert not Child.objects.filter(is_fictional=False).exists()
        assert demo.demo_load(children=120)["earlier_cases"] == 0


def test_the_demos_partners_have_work_a_check_an_enquiry_and_panels_before_and_after_today():
    from cme.accounts.roles import Role
    from cme.ops.demo_accounts import OTHER_USERS
    from cme.partners.selectors import agency_checks_waiting, enquiries_waiting_count

    assert demo.demo_load(children=120)["cases"] > 0
    agency_user = User.objects.get(email=next(u.email for u in demo.USERS if u.role == Role.AGENCY_USER))
    assert agency_checks_waiting(user=agency_user) == {"waiting": 1, "overdue": 0}
    othershire_officer = User.objects.get(email=next(u.email for u in OTHER_USERS if u.role == Role.CME_OFFICER))
    assert enquiries_waiting_count(user=othershire_officer) == 1
    from cme.core import clock
    from cme.partners.models import Panel

    panels = list(Panel.objects.filter(local_authority__code=demo.DEMO_LA_CODE).order_by("meets_on"))
    assert [panel.meets_on < clock.today() for panel in panels] == [True, False]
    [discussed] = panels[0].items.all()
    assert discussed.decision and discussed.actions.get().task.owner.email == demo.USERS[0].email
    assert panels[1].items.get().decision == ""
