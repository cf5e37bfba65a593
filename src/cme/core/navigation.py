"""The service navigation each role sees. Items appear only when the policy allows."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from cme.accounts.policy import Action, can


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    action: Action | None = None


ITEMS: tuple[NavItem, ...] = (
    NavItem("Home", "home"),
    NavItem("Children", "children:list", Action.VIEW_CHILD),
    NavItem("Access log", "audit:access-log", Action.VIEW_ACCESS_LOG),
)


def navigation_for(request) -> list[dict]:
    user = request.user
    items = []
    for item in ITEMS:
        if item.action is not None and not can(user, item.action):
            continue
        href = reverse(item.url_name)
        active = request.path == href if item.url_name == "home" else request.path.startswith(href)
        items.append({"href": href, "text": item.label, "active": active})
    return items
