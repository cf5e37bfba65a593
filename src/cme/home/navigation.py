"""The service navigation each role sees. Items appear only when the policy allows."""

from __future__ import annotations

from dataclasses import dataclass

from cme.accounts.policy import Action, can
from cme.core.templating import url


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    action: Action | None = None


ITEMS: tuple[NavItem, ...] = (
    NavItem("Home", "home"),
    NavItem("Triage", "referrals:queue", Action.TRIAGE_REFERRAL),
    NavItem("Cases", "cases:list", Action.VIEW_CASE),
    NavItem("Tasks", "cases:tasks", Action.EDIT_CASE),
    NavItem("Returns", "schools:returns", Action.VIEW_SCHOOL_RETURN),
    NavItem("Children", "children:list", Action.VIEW_CHILD),
    NavItem("Data matching", "linkage:home", Action.IMPORT_DATA),
    NavItem("Reports", "reports:dashboard", Action.VIEW_REPORTS),
    NavItem("Checks", "partners:agency-queue", Action.ANSWER_AGENCY_CHECK),
    NavItem("Panels", "partners:panels", Action.EDIT_CASE),
    NavItem("Referrals", "referrals:mine", Action.SUBMIT_REFERRAL),
    NavItem("Access log", "audit:access-log", Action.VIEW_ACCESS_LOG),
    NavItem("Users", "administration:users", Action.MANAGE_USERS),
    NavItem("Schools and agencies", "administration:organisations", Action.MANAGE_ORGANISATIONS),
    NavItem("Councils", "partners:councils", Action.MANAGE_COUNCILS),
)


def navigation_for(request) -> list[dict]:
    user = request.user
    items = [{"href": url(item.url_name), "text": item.label} for item in ITEMS
             if item.action is None or can(user, item.action)]
    # The most specific link containing the current page is the active one.
    matching = [item for item in items if request.path == item["href"]
                or (item["href"] != "/home/" and request.path.startswith(item["href"]))]
    if matching:
        max(matching, key=lambda item: len(item["href"]))["active"] = True
    return items
