"""Who may open a page: every view says so with one of these decorators, and
tests/test_permissions.py walks every URL to prove it (as GOV.UK Notify's admin app does).

- `requires(Action.X, ...)`: signed-in people whose role may do at least one of the
  actions to something. The view then checks the record itself (through a selector),
  so a role allowed the action in general still sees only its own council's or
  organisation's records.
- `signed_in`: any signed-in person (the home page, which shows each role its own work).
- `public_page`: anyone, without an account (the start and help pages, the public
  referral form).

A person who is not signed in is sent to sign in (keeping what they had typed into a
form, with `keep_post`); a role that may do none of the actions gets 403 with the reason.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

from django.shortcuts import redirect
from django.urls import reverse

from .policy import Action, decide, require


@dataclass(frozen=True)
class Access:
    """What a view asks of the person opening it."""

    actions: tuple[Action, ...] = ()
    public: bool = False

    def allows(self, user) -> bool:
        if self.public:
            return True
        if not getattr(user, "is_authenticated", False):
            return False
        return not self.actions or any(decide(user, action).allowed for action in self.actions)


PENDING_POST_KEY = "cme_pending_post"


def _stash_post(request) -> None:
    """A form sent after the session ended: keep what was typed until the person signs in again."""
    pending = request.session.get(PENDING_POST_KEY, {})
    pending[request.path] = {key: request.POST.getlist(key) if len(request.POST.getlist(key)) > 1 else value
                             for key, value in request.POST.items() if key != "csrfmiddlewaretoken"}
    request.session[PENDING_POST_KEY] = pending


def _guard(access: Access, keep_post: bool) -> Callable:
    def decorate(view: Callable) -> Callable:
        @functools.wraps(view)
        def guarded(request, *args, **kwargs):
            if not access.public and not request.user.is_authenticated:
                if keep_post and request.method == "POST":
                    _stash_post(request)
                return redirect(f"{reverse('account_login')}?next={request.path}")
            if access.actions and not access.allows(request.user):
                require(request.user, access.actions[0])  # raises PermissionDenied with the reason
            return view(request, *args, **kwargs)

        guarded.access = access
        return guarded

    return decorate


def requires(*actions: Action, keep_post: bool = False) -> Callable:
    if not actions:
        raise ValueError("requires() needs at least one action; use signed_in for any signed-in person")
    return _guard(Access(actions=actions), keep_post)


def signed_in(view: Callable) -> Callable:
    return _guard(Access(), keep_post=False)(view)


def public_page(view: Callable) -> Callable:
    return _guard(Access(public=True), keep_post=False)(view)
