"""Failed sign-ins are throttled per account and per client address, and the address is
the client's own behind the proxies the deployment trusts (never one the client claims)."""

import pytest
from django.core.cache import cache
from django.test import RequestFactory
from django.urls import reverse

from cme.audit.models import AccessEvent
from cme.core.http import client_ip
from tests.conftest import html, text_of
from tests.factories.models import TEST_PASSWORD, ChildFactory, UserFactory

from .totp import totp_code

pytestmark = pytest.mark.django_db
PROXY = "10.0.0.5"


@pytest.fixture(autouse=True)
def _empty_throttle():
    cache.clear()
    yield
    cache.clear()


def sign_in(client, user, password=TEST_PASSWORD, **headers):
    return client.post(reverse("account_login"), {"login": user.email, "password": password}, **headers)


def throttled(response) -> bool:
    return "Too many failed login attempts" in text_of(html(response).select_one(".govuk-error-summary"))


def test_five_wrong_passwords_lock_that_account_not_everyone_at_the_address(client, la):
    victim, colleague = UserFactory(local_authority=la), UserFactory(local_authority=la)
    for _ in range(5):
        sign_in(client, victim, "wrong-password")
    assert throttled(sign_in(client, victim))  # the account waits
    response = sign_in(client, colleague)  # from the same address, someone else signs in
    assert response.status_code == 302 and response.url == reverse("mfa_authenticate")


def test_five_wrong_codes_lock_that_account_not_everyone_at_the_address(client, la):
    victim, colleague = UserFactory(local_authority=la), UserFactory(local_authority=la)
    sign_in(client, victim)
    for _ in range(5):
        client.post(reverse("mfa_authenticate"), {"code": "000000"})
    page = html(client.post(reverse("mfa_authenticate"), {"code": totp_code(victim.totp_secret)}))
    assert "Too many" in text_of(page.select_one(".govuk-error-summary"))
    client.logout()
    sign_in(client, colleague)
    assert client.post(reverse("mfa_authenticate"), {"code": totp_code(colleague.totp_secret)}).status_code == 302


def test_many_failures_from_one_address_lock_that_address(client, la):
    for index in range(30):
        sign_in(client, UserFactory(local_authority=la, mfa=False), f"wrong-{index}")
    assert throttled(sign_in(client, UserFactory(local_authority=la)))


def test_behind_the_proxy_one_client_cannot_lock_out_another(client, la, settings):
    """Tried as it was found: every request arrives from the TLS proxy's address."""
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    attacker = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "203.0.113.66"}
    for index in range(40):
        sign_in(client, UserFactory(local_authority=la, mfa=False), f"wrong-{index}", **attacker)
    assert throttled(sign_in(client, UserFactory(local_authority=la), **attacker))
    officer = UserFactory(local_authority=la)
    response = sign_in(client, officer, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert response.status_code == 302 and response.url == reverse("mfa_authenticate")


def test_a_client_cannot_dodge_the_limit_by_sending_its_own_forwarded_address(client, la, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    for index in range(30):
        # The proxy appends the real address; the client made up the first one.
        sign_in(client, UserFactory(local_authority=la, mfa=False), f"wrong-{index}", REMOTE_ADDR=PROXY,
                HTTP_X_FORWARDED_FOR=f"192.0.2.{index}, 203.0.113.66")
    assert throttled(sign_in(client, UserFactory(local_authority=la), REMOTE_ADDR=PROXY,
                             HTTP_X_FORWARDED_FOR="192.0.2.200, 203.0.113.66"))


@pytest.mark.parametrize(("count", "header", "meta", "expected"), [
    (0, None, {"REMOTE_ADDR": "198.51.100.1", "HTTP_X_FORWARDED_FOR": "203.0.113.9"}, "198.51.100.1"),
    (1, None, {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "203.0.113.9"}, "203.0.113.9"),
    (1, None, {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "1.2.3.4, 203.0.113.9"}, "203.0.113.9"),
    (2, None, {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "1.2.3.4, 203.0.113.9, 10.0.0.4"}, "203.0.113.9"),
    (2, None, {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "203.0.113.9"}, PROXY),  # too few hops
    (1, None, {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "not-an-address"}, PROXY),
    (1, None, {"REMOTE_ADDR": PROXY}, PROXY),
    (0, "X-Real-IP", {"REMOTE_ADDR": PROXY, "HTTP_X_REAL_IP": "203.0.113.9"}, "203.0.113.9"),
    (0, "X-Real-IP", {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "1.2.3.4"}, PROXY),
    (1, None, {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "[2001:db8::1]:443"}, "2001:db8::1"),
])
def test_the_client_address(settings, count, header, meta, expected):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = count
    settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER = header
    assert client_ip(RequestFactory().get("/", **meta)) == expected


def test_the_access_log_records_the_clients_address_behind_the_proxy(client, officer, signed_in, la, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    child = ChildFactory(local_authority=la)
    signed_in(officer)
    client.get(reverse("children:detail", args=[child.pk]), REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert AccessEvent.objects.get(record_type="child", record_id=child.pk).ip_address == "198.51.100.7"


def test_without_a_trusted_proxy_the_access_log_ignores_a_claimed_address(client, officer, signed_in, la):
    child = ChildFactory(local_authority=la)
    signed_in(officer)
    client.get(reverse("children:detail", args=[child.pk]), REMOTE_ADDR="198.51.100.1",
               HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert AccessEvent.objects.get(record_type="child", record_id=child.pk).ip_address == "198.51.100.1"


def test_too_many_sign_ins_from_one_address_get_a_service_page(client, la, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "2/m/ip"}
    user = UserFactory(local_authority=la)
    for _ in range(2):
        sign_in(client, user, "wrong")
    response = sign_in(client, user)
    page = html(response)
    assert response.status_code == 429
    assert text_of(page.select_one("h1")) == "Too many attempts"
    assert text_of(page.title) == "Too many attempts – CME Tracker"
