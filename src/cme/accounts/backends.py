"""Signing in (Django's and django-allauth's password checks, unchanged) and, on every request
of a signed-in person, loading them: the user and their council come in one query, since
every page's header, menu and permission checks read both."""

from __future__ import annotations

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend

from cme.core.fixed import FixedQuery


def _user_with_council(user_id: int):
    from .models import User

    return User._default_manager.select_related("local_authority").filter(pk=user_id)


# Compiled to SQL once per database connection (cme.core.fixed): it is asked on every page.
USER_WITH_COUNCIL = FixedQuery(_user_with_council, 918273645)


class _UserWithCouncil:
    def get_user(self, user_id):
        found = USER_WITH_COUNCIL(user_id)
        user = found[0] if found else None
        return user if user is not None and self.user_can_authenticate(user) else None


class ModelBackend(_UserWithCouncil, DjangoModelBackend):
    pass


class AuthenticationBackend(_UserWithCouncil, AllauthBackend):
    pass


# Sessions signed in before these backends were named here still name Django's and allauth's;
# cme.accounts.middleware.SessionActivityMiddleware moves them across instead of signing them out.
RENAMED = {
    "django.contrib.auth.backends.ModelBackend": "cme.accounts.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend": "cme.accounts.backends.AuthenticationBackend",
}
