"""Setting up the authenticator app: allauth's page, which also counts the code the
person has just entered as this session's second factor."""

from __future__ import annotations

from allauth.mfa.totp.views import ActivateTOTPView

from .access import signed_in
from .mfa import mark_second_factor


def key_in_groups(secret: str, size: int = 4) -> str:
    """'ABCDEFGHIJ' -> 'ABCD EFGH IJ': easier to read and type into an app."""
    return " ".join(secret[start:start + size] for start in range(0, len(secret), size))


class ActivateTotpView(ActivateTOTPView):
    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        context["setup_key"] = key_in_groups(context["form"].secret)
        return context

    def form_valid(self, form):
        response = super().form_valid(form)
        mark_second_factor(self.request.session, self.request.user)
        return response


activate_totp = signed_in(ActivateTotpView.as_view())
