"""Every page of the service says who may open it, and means it (after GOV.UK Notify's
tests/app/main/test_permissions.py): a view without a `cme.accounts.access` decorator
fails here, and every role is tried against every page."""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter

from cme.accounts.roles import Role
from tests.factories.models import user_with_role

# Pages the service takes from libraries, which guard themselves: sign-in and MFA
# (django-allauth), the Django admin site and the API (its own token authentication).
LIBRARY_PREFIXES = ("allauth.", "django.", "ninja.")


def _walk(resolvers, namespace: str = ""):
    for entry in resolvers:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", entry


def service_pages() -> list[tuple[str, URLPattern]]:
    pages = []
    for name, pattern in _walk(get_resolver().url_patterns):
        module = getattr(pattern.callback, "__module__", "") or ""
        if module.startswith("cme.") and not module.startswith("cme.api"):
            pages.append((name, pattern))
    return sorted(pages, key=lambda item: item[0])


def url_for(name: str, pattern: URLPattern) -> str:
    """The page's URL with arguments that name nothing: the record lookups are not what this tests."""
    converters = getattr(pattern.pattern, "converters", {})
    kwargs = {key: 987654 if isinstance(converter, IntConverter) else "ZZZZ-ZZZZ"
              for key, converter in converters.items()}
    return reverse(name, kwargs=kwargs)


def test_the_walk_finds_the_service_pages():
    names = {name for name, _ in service_pages()}
    assert {"home", "children:detail", "cases:list", "referrals:queue", "schools:returns", "public:start"} <= names


@pytest.mark.parametrize(("name", "pattern"), service_pages(), ids=lambda value: value if isinstance(value, str) else "")
def test_every_page_says_who_may_open_it(name, pattern):
    access = getattr(pattern.callback, "access", None)
    assert access is not None, f"{name} ({pattern.callback.__module__}.{pattern.callback.__name__}) has no access rule"
    # Home shows each role its own work; everyone signed in must be able to set up their authenticator app.
    assert access.public or access.actions or name in ("home", "mfa_activate_totp"), f"{name} lets any signed-in person in"


@pytest.mark.django_db
def test_a_visitor_who_is_not_signed_in_is_sent_to_sign_in_for_every_page_but_the_public_ones(client):
    for name, pattern in service_pages():
        response = client.get(url_for(name, pattern))
        if pattern.callback.access.public:
            assert response.status_code != 403, name
        else:
            assert response.status_code == 302 and reverse("account_login") in response.url, name


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(Role))
def test_each_role_opens_only_the_pages_its_role_allows(client, signed_in, la, role):
    """A role refused every action a page needs is refused it (403 with the reason, or 404 where
    saying more would tell whether a record exists); a role allowed one gets past the door (the
    record lookup then finds nothing: 404, or a form, or a redirect)."""
    user = user_with_role(role, la)
    signed_in(user)  # with the second factor, as every session that reaches a page has
    for name, pattern in service_pages():
        access = pattern.callback.access
        response = client.get(url_for(name, pattern))
        assert response.status_code < 500, f"{role} {name}: {response.status_code}"
        if access.allows(user):
            assert response.status_code != 403 or "outside" in response.content.decode(), f"{role} {name}"
        else:
            assert response.status_code in (403, 404), f"{role} should not open {name} ({response.status_code})"
