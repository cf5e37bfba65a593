"""Every account that can sign in uses a second factor, whatever its role (or none), on
every page; there is no password-only way in; authenticator secrets are stored encrypted."""

import importlib
import json

import pytest
from allauth.mfa.models import Authenticator
from django.apps import apps
from django.urls import reverse

from cme.accounts.models import User
from tests.conftest import html, text_of
from tests.factories.models import TEST_PASSWORD, UserFactory

from .totp import totp_code

pytestmark = pytest.mark.django_db


def test_there_is_no_django_admin_to_sign_in_to(client, la):
    admin = User.objects.create_superuser("root@test.example", TEST_PASSWORD, full_name="Rooty Root")
    assert client.get("/django-admin/").status_code == 404
    # Tried as it was found: 30 wrong passwords, then the right one.
    for attempt in range(30):
        response = client.post("/django-admin/login/", {"username": admin.email, "password": f"wrong-{attempt}"})
        assert response.status_code == 404
    assert client.post("/django-admin/login/", {"username": admin.email, "password": TEST_PASSWORD}).status_code == 404
    assert "_auth_user_id" not in client.session


def test_a_superuser_without_a_role_must_set_up_an_authenticator_app(client):
    admin = User.objects.create_superuser("root@test.example", TEST_PASSWORD, full_name="Rooty Root")
    response = client.post(reverse("account_login"), {"login": admin.email, "password": TEST_PASSWORD})
    assert response.status_code == 302
    for page in (reverse("home"), reverse("children:list"), reverse("audit:access-log")):
        assert client.get(page).url == reverse("mfa_activate_totp")


def test_a_superuser_with_an_app_is_asked_for_a_code(client, la):
    admin = UserFactory(email="root@test.example", role="", local_authority=None, is_superuser=True, is_staff=True)
    response = client.post(reverse("account_login"), {"login": admin.email, "password": TEST_PASSWORD})
    assert response.url == reverse("mfa_authenticate")
    assert client.get(reverse("home")).status_code == 302  # not signed in without the code
    client.post(reverse("mfa_authenticate"), {"code": totp_code(admin.totp_secret)})
    assert client.get(reverse("home")).status_code == 200


def test_a_session_signed_in_with_a_password_alone_is_signed_out(client, officer, signed_in):
    """However a session got in (a future sign-in page, a script), it needs the second factor."""
    signed_in(officer, second_factor=False)
    response = client.get(reverse("children:list"))
    assert response.status_code == 302 and response.url == reverse("account_login")
    assert client.get(reverse("home")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_the_second_factor_belongs_to_the_person_who_gave_it(client, officer, manager, signed_in):
    signed_in(officer)
    session = client.session
    client.force_login(manager, backend="django.contrib.auth.backends.ModelBackend")
    session = client.session
    assert session.get("cme_second_factor") != manager.pk
    assert client.get(reverse("home")).url == reverse("account_login")


def test_authenticator_secrets_are_stored_encrypted(officer):
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    RecoveryCodes.activate(officer)
    stored = {a.type: a.data for a in Authenticator.objects.filter(user=officer)}
    assert stored["totp"]["secret"].startswith("fernet:")
    assert officer.totp_secret not in json.dumps(stored)
    assert stored["recovery_codes"]["seed"].startswith("fernet:")


def test_secrets_stored_before_are_encrypted_by_the_migration(client, la):
    from allauth.mfa.totp.internal.auth import generate_totp_secret

    user = UserFactory(local_authority=la, mfa=False)
    secret = generate_totp_secret()
    Authenticator.objects.create(user=user, type="totp", data={"secret": secret})
    migration = importlib.import_module("cme.accounts.migrations.0006_encrypt_authenticator_secrets")
    migration.encrypt(apps, None)
    migration.encrypt(apps, None)  # running it twice changes nothing
    stored = Authenticator.objects.get(user=user, type="totp").data["secret"]
    assert stored.startswith("fernet:") and secret not in stored
    client.post(reverse("account_login"), {"login": user.email, "password": TEST_PASSWORD})
    client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert client.get(reverse("home")).status_code == 200
    migration.decrypt(apps, None)
    assert Authenticator.objects.get(user=user, type="totp").data["secret"] == secret


def test_the_set_up_page_shows_no_navigation_and_no_signed_in_message(client, la):
    newcomer = UserFactory(local_authority=la, mfa=False)
    response = client.post(reverse("account_login"), {"login": newcomer.email, "password": TEST_PASSWORD},
                           follow=True)
    page = html(response)
    assert text_of(page.select_one("h1")) == "Set up your authenticator app"
    assert "Successfully signed in" not in text_of(page)
    assert [text_of(a) for a in page.select(".govuk-service-navigation__list a")] == []
    assert "Sign out" in text_of(page.select_one(".govuk-service-navigation"))
    key = text_of(page.select_one("[data-testid=totp-secret]"))
    groups = key.split(" ")
    assert len("".join(groups)) == 32 and all(len(group) == 4 for group in groups)
