from __future__ import annotations

import pytest

from cme.accounts.mfa import mark_second_factor
from cme.accounts.roles import Role

from .models import LocalAuthorityFactory, user_with_role


@pytest.fixture
def la(db):
    return LocalAuthorityFactory(code="990", name="Testshire County Council")


@pytest.fixture
def other_la(db):
    return LocalAuthorityFactory(code="991", name="Otherborough Council")


@pytest.fixture
def officer(la):
    return user_with_role(Role.CME_OFFICER, la)


@pytest.fixture
def manager(la):
    return user_with_role(Role.CME_MANAGER, la)


@pytest.fixture
def auditor(la):
    return user_with_role(Role.AUDITOR, la)


@pytest.fixture
def school_user(la):
    return user_with_role(Role.SCHOOL_USER, la)


@pytest.fixture
def signed_in(client):
    """Sign a user in through the session (the browser tests cover the sign-in pages)."""

    def sign_in(user, *, second_factor: bool = True):
        client.force_login(user, backend="cme.accounts.backends.ModelBackend")
        if second_factor:  # as if the code from their authenticator app was entered
            session = client.session
            mark_second_factor(session, user)
            session.save()
        return client

    return sign_in
