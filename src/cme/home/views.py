"""The start page, the help pages every visitor can reach, and the signed-in home page: each
person's own work first (an officer's cases and tasks, a manager's whole team), then what
their role lets them do, every item a link to a page that does it."""

from __future__ import annotations

from dataclasses import dataclass

from django.shortcuts import render
from django.urls import reverse

from cme.accounts.access import public_page, signed_in
from cme.accounts.models import LocalAuthority
from cme.accounts.policy import Action, can
from cme.administration import selectors as administration
from cme.cases import selectors as casework
from cme.core import clock
from cme.partners import selectors as partners
from cme.referrals import selectors as referrals


@dataclass(frozen=True)
class Link:
    text: str
    url_name: str
    action: Action
    query: str = ""

    @property
    def href(self) -> str:
        return reverse(self.url_name) + (f"?{self.query}" if self.query else "")


# What each role can do, as links to the pages that do it (in the order people need them).
LINKS = (
    Link("Triage referrals", "referrals:queue", Action.TRIAGE_REFERRAL),
    Link("Work on your CME cases", "cases:list", Action.EDIT_CASE, "officer=me"),
    Link("Allocate cases (the unallocated queue)", "cases:list", Action.ALLOCATE_CASE, "officer=none"),
    Link("See every CME case, open and closed", "cases:list", Action.VIEW_CASE, "status=all"),
    Link("Your tasks", "cases:tasks", Action.EDIT_CASE),
    Link("Multi-agency panels", "partners:panels", Action.EDIT_CASE),
    Link("Answer checks sent to your agency", "partners:agency-queue", Action.ANSWER_AGENCY_CHECK),
    Link("Find a child", "children:list", Action.VIEW_CHILD),
    Link("Add a child", "children:new", Action.CREATE_CHILD),
    Link("Refer a child missing education", "referrals:mine", Action.SUBMIT_REFERRAL),
    Link("Tell the council about a deletion from your register", "schools:deletion-start",
         Action.SUBMIT_SCHOOL_RETURN),
    Link("Tell the council about a new pupil", "schools:new-pupil", Action.SUBMIT_SCHOOL_RETURN),
    Link("See school returns", "schools:returns", Action.VIEW_SCHOOL_RETURN),
    Link("Import school rolls and Common Transfer Files", "schools:import", Action.IMPORT_DATA),
    Link("Find children without a school place (data matching)", "linkage:home", Action.IMPORT_DATA),
    Link("See statistics and reports", "reports:dashboard", Action.VIEW_REPORTS),
    Link("Export cases to a spreadsheet", "reports:export", Action.EXPORT_DATA),
    Link("Produce the DfE termly return", "reports:dfe-return", Action.EXPORT_DATA),
    Link("See who has looked at children's records", "audit:access-log", Action.VIEW_ACCESS_LOG),
    Link("Add and change user accounts", "administration:users", Action.MANAGE_USERS),
    Link("Add and change schools and partner agencies", "administration:organisations", Action.MANAGE_ORGANISATIONS),
    Link("Change the directory of councils and their CME contacts", "partners:councils", Action.MANAGE_COUNCILS),
)


@public_page
def start(request):
    if request.user.is_authenticated:
        return home(request)
    return render(request, "core/start.html", {"councils": list(LocalAuthority.objects.order_by("name"))})


@signed_in
def home(request):
    user = request.user
    links = [link for link in LINKS if can(user, link.action)]
    context = {"user": user, "links": links, "today": clock.today()}
    if can(user, Action.EDIT_CASE):
        context["work"] = casework.workload(user=user, request=request)
        context["referrals_waiting"] = casework.referrals_waiting(user)
        context["returns_waiting"] = casework.returns_needing_a_decision(user)
        context["enquiries_waiting"] = partners.enquiries_waiting_count(user=user)
        context["task_state"] = casework.task_state
    if can(user, Action.ANSWER_AGENCY_CHECK):
        context["checks"] = partners.agency_checks_waiting(user=user)
    context["unsent_referrals"] = referrals.unsent_drafts_count(user=user)
    if can(user, Action.MANAGE_USERS):
        context["setting_up"] = administration.council_setup_steps(user=user)
    return render(request, "core/home.html", context)


@public_page
def accessibility(request):
    return render(request, "core/accessibility.html")


@public_page
def privacy(request):
    return render(request, "core/privacy.html")


@public_page
def cookies(request):
    return render(request, "core/cookies.html")
