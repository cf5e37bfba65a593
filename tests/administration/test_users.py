"""A council's administrator adds people and changes their accounts: a new person is emailed (over
real SMTP) a link to choose a password, a school or agency user belongs to one of the council's
own, nobody switches off their own account, and a stale edit is refused."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from cme.accounts.models import User
from cme.accounts.roles import Role
from cme.audit.selectors import last_change
from tests.accounts.totp import totp_code
from tests.conftest import html, text_of
from tests.factories.models import AgencyFactory, LocalAuthorityFactory, SchoolFactory, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(la):
    return user_with_role(Role.ADMINISTRATOR, la, full_name="Ada Admin")


def _refusals(client, account, changes: list[dict]) -> list[str]:
    """Each change posted to the account's page from the form as it was first shown: each must be
    refused (400), and the page's text is returned."""
    url = reverse("administration:user", args=[account.pk])
    version = html(client.get(url)).select_one("input[name=version]")["value"]
    pages = []
    for change in changes:
        response = client.post(url, {"full_name": account.full_name, "version": version} | change)
        assert response.status_code == 400
        pages.append(text_of(html(response)))
    return pages


def _errors(response) -> dict[str, str]:
    page = html(response)
    return {link["href"]: text_of(link) for link in page.select(".govuk-error-summary a")}


def test_an_administrator_adds_a_school_user_who_chooses_a_password_through_the_emailed_link(
        client, la, admin, signed_in, mailbox):
    school = SchoolFactory(local_authority=la, name="Testford Academy")
    signed_in(admin)
    response = client.post(reverse("administration:user-new"), {
        "full_name": "Sam Schooladmin", "email": "Sam.Schooladmin@school.example", "job_title": "Office manager",
        "role": Role.SCHOOL_USER, "school": school.pk}, follow=True)
    assert "An invitation to choose a password has been emailed to sam.schooladmin@school.example" in text_of(
        html(response))
    account = User.objects.get(email="sam.schooladmin@school.example")
    assert (account.role, account.school, account.local_authority, account.has_usable_password()) == (
        Role.SCHOOL_USER, school, la, False)
    assert "Not yet: invited" in text_of(html(response).select_one("[data-testid=accounts]"))
    [mail] = mailbox.wait_for(1)
    assert mail.recipients == ["sam.schooladmin@school.example"] and "as School user" in mail.body
    assert mail.subject == "Your CME Tracker account at Testshire County Council"
    path = re.search(r"https?://[^/\s]+(/account/password/reset/key/\S+)", mail.body).group(1)
    # The person follows the link, out of the administrator's session, and chooses a password.
    client.logout()
    page = client.get(path, follow=True)
    assert page.status_code == 200 and html(page).select_one("input[name=password1]") is not None
    form_url = page.redirect_chain[-1][0] if page.redirect_chain else path
    done = client.post(form_url, {"password1": "a-long-new-password-9", "password2": "a-long-new-password-9"},
                       follow=True)
    assert done.status_code == 200
    account.refresh_from_db()
    assert account.has_usable_password() and account.check_password("a-long-new-password-9")
    # Signing in for the first time, they set up an authenticator app (allauth refuses one to an
    # address not proved: following the emailed link proved it).
    client.post(reverse("account_login"), {"login": account.email, "password": "a-long-new-password-9"})
    setup = html(client.get(reverse("mfa_activate_totp")))
    assert text_of(setup.h1) == "Set up your authenticator app"
    client.post(reverse("mfa_activate_totp"), {"code": totp_code(text_of(setup.select_one("[data-testid=totp-secret]")))})
    assert client.get(reverse("referrals:mine")).status_code == 200


def test_the_new_persons_organisation_must_fit_their_role_and_be_the_councils_own(client, la, admin, signed_in,
                                                                                  mailbox):
    elsewhere = SchoolFactory(local_authority=LocalAuthorityFactory(code="992"))
    signed_in(admin)
    missing = client.post(reverse("administration:user-new"), {
        "full_name": "Pat Partner", "email": "pat@agency.example", "role": Role.AGENCY_USER})
    assert missing.status_code == 400
    assert _errors(missing) == {"#id_agency": "Choose the agency this person works for"}
    foreign = client.post(reverse("administration:user-new"), {
        "full_name": "Sam Other", "email": "sam@other.example", "role": Role.SCHOOL_USER, "school": elsewhere.pk})
    assert _errors(foreign) == {"#id_school": "Choose a school from the list"}
    taken = client.post(reverse("administration:user-new"), {
        "full_name": "Ada Again", "email": admin.email.upper(), "role": Role.CME_OFFICER})
    assert _errors(taken) == {"#id_email": f"There is already an account for {admin.email}"}
    assert not User.objects.filter(email__in=["pat@agency.example", "sam@other.example"]).exists()
    assert mailbox.wait_for(0) == []


def test_an_administrator_changes_a_role_switches_an_account_off_and_the_history_says_who(client, la, admin,
                                                                                          signed_in):
    agency = AgencyFactory(local_authority=la, name="Testshire Police")
    officer = user_with_role(Role.CME_OFFICER, la, full_name="Olu Officer")
    signed_in(admin)
    page = html(client.get(reverse("administration:user", args=[officer.pk])))
    version = page.select_one("input[name=version]")["value"]
    response = client.post(reverse("administration:user", args=[officer.pk]), {
        "full_name": "Olu Officer", "job_title": "", "role": Role.AGENCY_USER, "agency": agency.pk, "active": "no",
        "version": version}, follow=True)
    assert "Olu Officer's account saved" in text_of(html(response))
    officer.refresh_from_db()
    assert (officer.role, officer.agency, officer.is_active) == (Role.AGENCY_USER, agency, False)
    row = next(tr for tr in html(response).select("[data-testid=accounts] tr") if "Olu Officer" in text_of(tr))
    assert "Testshire Police" in text_of(row) and "Switched off" in text_of(row)
    change = last_change(officer)
    assert change.who == admin.email and {"role", "is active"} <= set(change.fields)


def test_a_change_made_meanwhile_is_not_overwritten(client, la, admin, signed_in):
    officer = user_with_role(Role.CME_OFFICER, la, full_name="Olu Officer")
    other_admin = user_with_role(Role.ADMINISTRATOR, la, full_name="Bo Second")
    signed_in(admin)
    version = html(client.get(reverse("administration:user", args=[officer.pk]))).select_one(
        "input[name=version]")["value"]
    signed_in(other_admin)
    client.post(reverse("administration:user", args=[officer.pk]), {
        "full_name": "Olu Officer", "role": Role.CME_MANAGER, "active": "yes", "version": version})
    signed_in(admin)
    response = client.post(reverse("administration:user", args=[officer.pk]), {
        "full_name": "Olu Officer", "role": Role.AUDITOR, "active": "yes", "version": version}, follow=True)
    assert "after you opened this page" in text_of(html(response))
    officer.refresh_from_db()
    assert officer.role == Role.CME_MANAGER  # Bo Second's change stands


def test_an_administrator_cannot_switch_off_their_own_account_or_drop_their_role(client, la, admin, signed_in):
    signed_in(admin)
    for page in _refusals(client, admin, [{"role": Role.ADMINISTRATOR, "active": "no"},
                                          {"role": Role.CME_OFFICER, "active": "yes"}]):
        assert "You cannot switch off your own account or change your own role" in page
    admin.refresh_from_db()
    assert admin.is_active and admin.role == Role.ADMINISTRATOR


@pytest.mark.parametrize("role", [role for role in Role if role is not Role.ADMINISTRATOR])
def test_only_an_administrator_manages_accounts(client, la, signed_in, role):
    someone = user_with_role(role, la)
    signed_in(user_with_role(role, la))
    for name, args in (("administration:users", []), ("administration:user-new", []),
                       ("administration:user", [someone.pk])):
        assert client.get(reverse(name, args=args)).status_code == 403


def test_another_councils_account_is_not_found(client, la, admin, signed_in):
    theirs = user_with_role(Role.CME_OFFICER, LocalAuthorityFactory(code="992"))
    signed_in(admin)
    assert client.get(reverse("administration:user", args=[theirs.pk])).status_code == 404
    assert theirs.email not in text_of(html(client.get(reverse("administration:users"))))


def test_a_switched_off_account_is_signed_out_at_its_next_page(client, la, admin, signed_in):
    from django.test import Client

    from cme.accounts.mfa import mark_second_factor

    leaver = user_with_role(Role.CME_OFFICER, la, full_name="Lee Leaver")
    theirs = Client()
    theirs.force_login(leaver, backend="cme.accounts.backends.ModelBackend")
    session = theirs.session
    mark_second_factor(session, leaver)
    session.save()
    assert theirs.get(reverse("cases:list")).status_code == 200
    signed_in(admin)
    version = html(client.get(reverse("administration:user", args=[leaver.pk]))).select_one(
        "input[name=version]")["value"]
    client.post(reverse("administration:user", args=[leaver.pk]), {
        "full_name": "Lee Leaver", "role": Role.CME_OFFICER, "active": "no", "version": version})
    response = theirs.get(reverse("cases:list"))
    assert response.status_code == 302 and "/account/login/" in response["Location"]


def test_an_administrator_adds_a_school_and_an_agency_and_changes_one(client, la, admin, signed_in):
    from cme.accounts.models import Agency
    from cme.schools.models import School

    signed_in(admin)
    refused = client.post(reverse("administration:school-new"), {"name": "Testford Academy", "laestab": "12"})
    assert refused.status_code == 400
    assert set(_errors(refused)) == {"#id_laestab", "#id_phase", "#id_establishment_type"}
    added = client.post(reverse("administration:school-new"), {
        "name": "Testford Academy", "laestab": f"{la.code}4001", "phase": "secondary",
        "establishment_type": "academy", "postcode": "TE1 1AA", "is_open": "on"}, follow=True)
    assert "Testford Academy saved" in text_of(html(added))
    school = School.objects.get(laestab=f"{la.code}4001")
    assert school.local_authority == la and school.is_open
    again = client.post(reverse("administration:school-new"), {
        "name": "Another", "laestab": f"{la.code}4001", "phase": "primary", "establishment_type": "community"})
    assert _errors(again) == {"#id_laestab": "A school with this LAESTAB is already in CME Tracker"}
    client.post(reverse("administration:agency-new"), {"name": "Testshire Housing", "kind": "housing",
                                                       "email": "housing@agency.example"})
    agency = Agency.objects.get(local_authority=la, name="Testshire Housing")
    duplicate = client.post(reverse("administration:agency-new"), {"name": "testshire housing", "kind": "other"})
    assert _errors(duplicate) == {"#id_name": "This council already has an agency called testshire housing"}
    version = html(client.get(reverse("administration:agency", args=[agency.pk]))).select_one(
        "input[name=version]")["value"]
    client.post(reverse("administration:agency", args=[agency.pk]), {
        "name": "Testshire Housing Options", "kind": "housing", "email": "", "version": version})
    agency.refresh_from_db()
    assert agency.name == "Testshire Housing Options" and agency.email == ""
    stale = client.post(reverse("administration:agency", args=[agency.pk]), {
        "name": "Overwritten", "kind": "other", "version": version}, follow=True)
    assert "after you opened this page" in text_of(html(stale))
    agency.refresh_from_db()
    assert agency.name == "Testshire Housing Options"
    page = text_of(html(client.get(reverse("administration:organisations"))))
    assert "Testford Academy" in page and "Testshire Housing Options" in page
    # Another council's school is not found.
    theirs = SchoolFactory(local_authority=LocalAuthorityFactory(code="992"))
    assert client.get(reverse("administration:school", args=[theirs.pk])).status_code == 404


@pytest.mark.parametrize("role", [role for role in Role if role is not Role.ADMINISTRATOR])
def test_only_an_administrator_manages_schools_and_agencies(client, la, signed_in, role):
    signed_in(user_with_role(role, la))
    for name in ("administration:organisations", "administration:school-new", "administration:agency-new"):
        assert client.get(reverse(name)).status_code == 403


def test_an_officer_with_open_work_keeps_their_role_until_a_manager_hands_it_on(client, la, admin, signed_in):
    from cme.cases.models import Case
    from tests.factories.models import open_case

    officer = user_with_role(Role.CME_OFFICER, la, full_name="Olu Officer")
    case = open_case(officer=officer)
    signed_in(admin)
    for page in _refusals(client, officer, [{"role": Role.CME_OFFICER, "active": "no"},
                                            {"role": Role.AUDITOR, "active": "yes"}]):
        assert ("Olu Officer still has 1 open case and 2 open tasks: ask a CME manager to allocate them to someone "
                "else first") in page
    officer.refresh_from_db()
    assert officer.is_active and officer.role == Role.CME_OFFICER
    # A manager is still an officer: the work stays visible, so that change is allowed.
    version = html(client.get(reverse("administration:user", args=[officer.pk]))).select_one(
        "input[name=version]")["value"]
    response = client.post(reverse("administration:user", args=[officer.pk]), {
        "full_name": "Olu Officer", "role": Role.CME_MANAGER, "active": "yes", "version": version})
    assert response.status_code == 302 and Case.objects.get(pk=case.pk).allocated_to == officer


def test_an_invitation_the_mail_server_did_not_take_is_said_so_and_can_be_sent_again(client, la, admin, signed_in,
                                                                                     mail_sink, settings):
    from cme.partners.models import Message
    from tests.conftest import free_port

    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                                    "OPTIONS": {"host": "127.0.0.1", "port": free_port(), "timeout": 2}}}
    signed_in(admin)
    response = client.post(reverse("administration:user-new"), {
        "full_name": "Nia Newstarter", "email": "nia@council.example", "role": Role.CME_OFFICER}, follow=True)
    page = text_of(html(response))
    assert "The email to nia@council.example could not be sent" in page and "has been emailed" not in page
    account = User.objects.get(email="nia@council.example")
    assert Message.objects.get(to="nia@council.example").status == "failed"
    # The mail server is back: the administrator sends it again from the person's page.
    mail_sink.clear()
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                                    "OPTIONS": {"host": "127.0.0.1", "port": mail_sink.port, "timeout": 5}}}
    person_page = html(client.get(reverse("administration:user", args=[account.pk])))
    assert person_page.select_one(f"form[action='{reverse('administration:user-invite', args=[account.pk])}']")
    response = client.post(reverse("administration:user-invite", args=[account.pk]), follow=True)
    assert "An invitation to choose a password has been emailed to nia@council.example" in text_of(html(response))
    [mail] = mail_sink.wait_for(1)
    assert mail.recipients == ["nia@council.example"] and "/account/password/reset/key/" in mail.body


def test_a_switched_off_account_is_not_sent_an_invitation(client, la, admin, signed_in, mailbox):
    leaver = user_with_role(Role.CME_OFFICER, la, full_name="Lee Leaver", is_active=False)
    signed_in(admin)
    response = client.post(reverse("administration:user-invite", args=[leaver.pk]), follow=True)
    assert "The account is switched off: switch it on before inviting the person" in text_of(html(response))
    assert mailbox.wait_for(0) == []


def test_the_administrators_home_links_only_to_pages_they_can_open(client, la, admin, signed_in):
    page = html(signed_in(admin).get(reverse("home")))
    links = {text_of(a): a["href"] for a in page.select("[data-testid=allowed-actions] a")}
    assert links == {"Add and change user accounts": reverse("administration:users"),
                     "Add and change schools and partner agencies": reverse("administration:organisations"),
                     "Change the directory of councils and their CME contacts": reverse("partners:councils")}
    assert "has no role" not in text_of(page)
    for href in links.values():
        assert client.get(href).status_code == 200, href


def test_a_new_councils_administrator_is_shown_what_to_set_up_until_it_is_done(client, admin, signed_in):
    la = admin.local_authority

    def steps():
        page = html(signed_in(admin).get(reverse("home")))
        found = page.select("[data-testid=setting-up] .govuk-task-list__item")
        for item in found:
            assert client.get(item.a["href"]).status_code == 200, item.a["href"]
        return {text_of(item.a): text_of(item.select_one(".govuk-task-list__status")) for item in found}

    assert steps() == {"Load the council's schools": "Not yet started",
                       "Add the partner agencies the CME team sends checks to": "Not yet started",
                       "Add the CME team": "Not yet started",
                       "Add the staff of schools and agencies": "Not yet started"}
    school = SchoolFactory(local_authority=la)
    user_with_role(Role.CME_MANAGER, la)
    assert list(steps().values()) == ["Completed", "Not yet started", "Completed", "Not yet started"]
    AgencyFactory(local_authority=la)
    user_with_role(Role.SCHOOL_USER, la, school=school)
    assert steps() == {}  # all done: the home page is the usual one


def test_a_person_who_lost_their_phone_has_their_sign_in_reset_and_sets_up_again(client, la, admin, signed_in,
                                                                                   mailbox):
    from allauth.mfa.models import Authenticator
    from django.test import Client

    from cme.accounts.mfa import mark_second_factor
    from cme.partners.models import Message

    officer = user_with_role(Role.CME_OFFICER, la, full_name="Pat Phoneless")
    officer.last_login = officer.date_joined
    officer.save(update_fields=["last_login"])
    theirs = Client()  # still signed in on another computer
    theirs.force_login(officer, backend="cme.accounts.backends.ModelBackend")
    session = theirs.session
    mark_second_factor(session, officer)
    session.save()
    signed_in(admin)
    account_page = html(client.get(reverse("administration:user", args=[officer.pk])))
    link = account_page.find("a", string=re.compile("reset their sign-in"))
    asked = client.get(link["href"])
    assert "Reset Pat Phoneless's sign-in" in text_of(html(asked).h1)
    assert not mailbox.messages and Authenticator.objects.filter(user=officer).exists()  # asking changes nothing

    done = client.post(link["href"], follow=True)
    assert ("Pat Phoneless's password and authenticator app no longer work. A link to choose a new password has "
            f"been emailed to {officer.email}") in text_of(html(done))
    officer.refresh_from_db()
    assert not officer.has_usable_password() and not Authenticator.objects.filter(user=officer).exists()
    assert "/account/login/" in theirs.get(reverse("cases:list"))["Location"]  # signed out there
    history = text_of(html(done).select_one("table"))
    assert "Ada Admin" in history and "sign-in reset" in history
    assert "They have not chosen a new password yet" in text_of(html(done))
    row = next(row for row in html(client.get(reverse("administration:users"))).select("[data-testid=accounts] tr")
               if "Pat Phoneless" in text_of(row))
    assert "Sign-in reset: waiting for a new password" in text_of(row)
    [mail] = mailbox.wait_for(1)
    assert "has reset how you sign in" in mail.body and "no longer work" in mail.body
    path = re.search(r"https?://[^/\s]+(/account/password/reset/key/\S+)", mail.body).group(1)
    # The record of the email says it went, without the link that would let a reader choose the password.
    kept = Message.objects.get(to=officer.email)
    assert path not in kept.body and "[the link, not kept]" in kept.body

    # They choose a new password and, signing in, are asked to set up an authenticator app again.
    person = Client()
    page = person.get(path, follow=True)
    form_url = page.redirect_chain[-1][0] if page.redirect_chain else path
    person.post(form_url, {"password1": "a-long-new-password-9", "password2": "a-long-new-password-9"})
    signed = person.post(reverse("account_login"), {"login": officer.email, "password": "a-long-new-password-9"})
    assert signed.status_code == 302
    assert person.get(reverse("cases:list")).url == reverse("mfa_activate_totp")
    setup = html(person.get(reverse("mfa_activate_totp")))
    assert text_of(setup.h1) == "Set up your authenticator app"
    secret = text_of(setup.select_one("[data-testid=totp-secret]"))
    person.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert person.get(reverse("cases:list")).status_code == 200
    # Their account no longer waits for anything.
    again = text_of(html(client.get(reverse("administration:user", args=[officer.pk]))))
    assert "They have not chosen a new password yet" not in again and "They have not signed in yet" not in again


@pytest.mark.parametrize(("active", "password", "signed_in_before_reset", "reset", "expected"), [
    (True, False, None, False, "invited"),  # never signed in
    (True, True, None, False, ""),  # has a password, has not signed in yet
    (True, False, True, True, "reset"),  # signed in, then reset
    (True, False, False, True, ""),  # reset, then signed in (through Entra ID: no password of their own)
    (True, False, True, False, ""),  # signs in through Entra ID only
    (False, False, None, False, ""),  # switched off: waits for nothing
])
def test_what_an_account_waits_for(la, active, password, signed_in_before_reset, reset, expected):
    import datetime as dt

    account = user_with_role(Role.CME_OFFICER, la, is_active=active)
    if not password:
        account.set_unusable_password()
    moment = dt.datetime(2026, 11, 30, 9, tzinfo=dt.UTC)
    if signed_in_before_reset is not None:
        account.last_login = moment if signed_in_before_reset else moment + dt.timedelta(hours=1)
    account.sign_in_reset_at = moment + dt.timedelta(minutes=5) if reset else None
    assert account.waiting_for_password == expected


def test_an_administrator_cannot_reset_their_own_sign_in(client, la, admin, signed_in, mailbox):
    signed_in(admin)
    response = client.post(reverse("administration:user-reset", args=[admin.pk]), follow=True)
    assert "You cannot reset your own sign-in: ask another administrator" in text_of(html(response))
    admin.refresh_from_db()
    assert admin.has_usable_password() and not mailbox.messages
