"""Signing in (Django's and django-allauth's password checks, unchanged) and, on every request
of a signed-in person, loading them: the user and their council come in one query, since
every page's header, menu and permission checks read both."""

from __future__ import annotations

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend


class _UserWithCouncil:
    def get_user(self, user_id):
        from .models import User

        user = User._default_manager.select_related("local_authority").filter(pk=user_id).first()
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
