"""django-allauth adapters: staff accounts are made by administrators, never by sign-up,
and a Microsoft Entra ID sign-in only reaches an account that already exists."""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.core.exceptions import PermissionDenied

from cme.core.http import client_ip

from .mfa import ENTRA_MFA_SESSION_KEY, session_mfa_satisfied


def user_display(user) -> str:
    return user.full_name or user.email


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        return False

    def get_client_ip(self, request) -> str:
        # The same address the access log records, through the proxies the deployment trusts.
        address = client_ip(request)
        if not address:
            raise PermissionDenied("Unable to determine client IP address")
        return address

    def add_message(self, request, level, message_template=None, message_context=None, extra_tags="", message=None):
        # "Successfully signed in" waits until the second factor is set up: until then the
        # person is not signed in to anything but setting it up.
        if message_template == "account/messages/logged_in.txt" and not session_mfa_satisfied(request):
            return
        super().add_message(request, level, message_template, message_context, extra_tags, message)

    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        # A sign-in (password and, when set up, the app code) in the last few minutes
        # counts as recent: someone setting up their authenticator app, or reading
        # their new recovery codes, straight after signing in is not asked again.
        import time

        from allauth.account import app_settings
        from allauth.account.authentication import get_authentication_records
        from allauth.core import context

        request = self.request or context.request
        user = getattr(request, "user", None)
        if app == "allauth.mfa" and user is not None and user.is_authenticated:
            records = get_authentication_records(request, user)
            if records and time.time() - records[-1]["at"] < app_settings.REAUTHENTICATION_TIMEOUT:
                return False
        return super().is_reauthentication_required(app=app, **kwargs)


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request, sociallogin) -> bool:
        return False

    def pre_social_login(self, request, sociallogin):
        # Entra ID says in the token's "amr" claim how the person signed in; when it
        # includes "mfa", the second factor has been checked there.
        extra = sociallogin.account.extra_data or {}
        claims = extra.get("id_token") or extra.get("userinfo") or extra
        methods = claims.get("amr", []) if isinstance(claims, dict) else []
        request.session[ENTRA_MFA_SESSION_KEY] = "mfa" in methods
