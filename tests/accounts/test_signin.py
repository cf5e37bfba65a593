"""Signing in: password, then a code from an authenticator app; MFA set-up is forced
on first sign-in; failed sign-ins are throttled; sessions time out."""

import datetime as dt
import time

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cme.accounts.middleware import SESSION_STARTED_KEY, SESSION_USED_KEY
from cme.accounts.roles import Role
from cme.core import clock
from tests.conftest import html, text_of
from tests.factories.models import TEST_PASSWORD, user_with_role

from .totp import totp_code

pytestmark = pytest.mark.django_db


def sign_in_with_password(client, user, password=TEST_PASSWORD):
    return client.post(reverse("account_login"), {"login": user.email, "password": password})


def test_sign_in_page_has_labelled_fields(client):
    page = html(client.get(reverse("account_login")))
    assert text_of(page.title) == "Sign in to CME Tracker – CME Tracker"
    assert text_of(page.select_one("h1")) == "Sign in to CME Tracker"
    assert text_of(page.select_one("label[for=id_login]")) == "Email address"
    assert text_of(page.select_one("label[for=id_password]")) == "Password"


def test_password_then_authenticator_code_signs_in(client, officer):
    response = sign_in_with_password(client, officer)
    assert response.status_code == 302 and response.url == reverse("mfa_authenticate")
    assert client.get(reverse("home")).status_code == 302  # not signed in yet
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(officer.totp_secret)})
    assert response.status_code == 302
    page = html(client.get(reverse("home")))
    assert text_of(page.select_one("h1")) == "Home" and officer.full_name in text_of(page.select_one(".govuk-caption-l"))


def test_wrong_code_is_refused_with_a_message(client, officer):
    sign_in_with_password(client, officer)
    response = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    page = html(response)
    assert text_of(page.title).startswith("Error: ")
    assert "Incorrect code" in text_of(page.select_one(".govuk-error-summary"))


def test_wrong_password_shows_an_error_summary(client, officer):
    page = html(sign_in_with_password(client, officer, "not-the-password"))
    assert text_of(page.title).startswith("Error: Sign in")
    summary = page.select_one(".govuk-error-summary")
    assert summary is not None and "email address and/or password" in text_of(summary)


def test_first_sign_in_without_an_app_must_set_one_up(client, la):
    newcomer = user_with_role(Role.CME_OFFICER, la, mfa=False)
    response = sign_in_with_password(client, newcomer)
    assert response.status_code == 302
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response.url == reverse("mfa_activate_totp")
    # Children's records are out of reach until the app is set up.
    assert client.get(reverse("children:list")).url == reverse("mfa_activate_totp")
    page = html(client.get(reverse("mfa_activate_totp")))
    assert text_of(page.select_one("h1")) == "Set up your authenticator app"
    secret = text_of(page.select_one("[data-testid=totp-secret]"))
    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert response.status_code == 302 and response.url == reverse("mfa_view_recovery_codes")
    codes = html(client.get(response.url)).select("[data-testid=recovery-codes] li")
    assert len(codes) == 10
    assert Authenticator.objects.filter(user=newcomer, type="totp").exists()
    assert client.get(reverse("home")).status_code == 200


def test_a_recovery_code_works_once(client, la):
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    user = user_with_role(Role.CME_MANAGER, la)
    code = RecoveryCodes.activate(user).generate_codes()[0]
    sign_in_with_password(client, user)
    assert client.post(reverse("mfa_authenticate"), {"code": code}).status_code == 302
    client.logout()
    sign_in_with_password(client, user)
    assert client.post(reverse("mfa_authenticate"), {"code": code}).status_code == 200  # refused


def test_repeated_failed_sign_ins_are_throttled(client, officer):
    for _ in range(5):
        sign_in_with_password(client, officer, "wrong")
    page = html(sign_in_with_password(client, officer))  # even the right password now
    assert "Too many failed login attempts" in text_of(page.select_one(".govuk-error-summary"))


def test_throttle_is_shared_through_the_database_cache(settings):
    assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"


def test_sessions_end_after_the_maximum_length(client, officer, signed_in, settings):
    signed_in(officer)
    assert client.get(reverse("home")).status_code == 200
    session = client.session
    session[SESSION_STARTED_KEY] = int(time.time()) - settings.CME_SESSION_MAX_HOURS * 3600 - 1
    session.save()
    response = client.get(reverse("home"))
    assert response.status_code == 302 and "expired=1" in response.url
    assert "session ended" in text_of(html(client.get(response.url)))


def _stored_expiry(client):
    return Session.objects.get(session_key=client.session.session_key).expire_date


def _idle_for(client, minutes):
    """As if the session was last used (and its expiry last moved on) `minutes` ago."""
    session = client.session
    session[SESSION_USED_KEY] = int(time.time()) - minutes * 60
    session.save()
    Session.objects.filter(session_key=session.session_key).update(
        expire_date=clock.now() + dt.timedelta(minutes=30 - minutes))


def test_a_session_ends_after_30_idle_minutes(client, officer, signed_in, settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    signed_in(officer)
    assert client.get(reverse("home")).status_code == 200
    _idle_for(client, 31)
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))


def test_using_the_service_keeps_a_session_alive_written_at_most_once_a_minute(client, officer, signed_in):
    signed_in(officer)
    client.get(reverse("home"))
    _idle_for(client, 25)
    assert client.get(reverse("home")).status_code == 200
    renewed = _stored_expiry(client)
    assert renewed > clock.now() + dt.timedelta(minutes=29)  # the idle half hour starts again
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("cases:list")).status_code == 200
    assert not [q for q in queries.captured_queries if "django_session" in q["sql"] and "UPDATE" in q["sql"]]
    assert _stored_expiry(client) == renewed  # the second request within the minute wrote nothing
    _idle_for(client, 1)
    client.get(reverse("home"))
    assert _stored_expiry(client) > clock.now() + dt.timedelta(minutes=29)


def test_a_session_signed_in_before_the_backends_were_renamed_stays_signed_in(client, officer, signed_in):
    signed_in(officer)
    session = client.session
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session.save()
    assert client.get(reverse("home")).status_code == 200
    assert client.session[BACKEND_SESSION_KEY] == "cme.accounts.backends.ModelBackend"


def test_nobody_can_sign_up(client):
    response = client.get(reverse("account_signup"))
    assert "cannot create an account" in text_of(html(response).select_one("h1"))


def test_sign_out_is_a_post(client, officer, signed_in):
    signed_in(officer)
    assert client.get(reverse("account_logout")).status_code == 200  # a confirmation page
    assert client.get(reverse("home")).status_code == 200  # still signed in
    client.post(reverse("account_logout"))
    assert client.get(reverse("home")).status_code == 302
