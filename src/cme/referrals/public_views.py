"""The public referral journey: no account, one question a page, anonymous if the person
wishes. A draft belongs to the browser that started it (a random token in its session)."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from cme.accounts.access import public_page
from cme.accounts.models import LocalAuthority
from cme.core import throttle
from cme.core.http import client_ip

from . import presentation, services
from .forms import PUBLIC_SECTIONS
from .journey import section_page
from .models import Kind, Referral, Status

SESSION_KEY = "cme_public_referral"
ORDER = [form.section for form in PUBLIC_SECTIONS]
SECTIONS = {form.section: form for form in PUBLIC_SECTIONS}


def _councils():
    return LocalAuthority.objects.order_by("name")


def _current_draft(request) -> Referral | None:
    held = request.session.get(SESSION_KEY) or {}
    if not held:
        return None
    return Referral.objects.filter(pk=held.get("id"), public_session_key=held.get("token"), kind=Kind.PUBLIC,
                                   status=Status.DRAFT).select_related("local_authority").first()


START_TITLE = "Tell a council about a child who may be missing education"


def _start_context(councils, selected: str = "") -> dict:
    return {"title": START_TITLE, "councils": councils,
            "council_items": [{"value": str(c.pk), "text": c.name, "selected": str(c.pk) == selected} for c in councils]}


@public_page
def start(request):
    return render(request, "public/start.html", {**_start_context(list(_councils())), "draft": _current_draft(request)})


@public_page
@require_POST
def begin(request):
    councils = list(_councils())
    council_id = request.POST.get("council")
    if len(councils) == 1:
        council = councils[0]
    else:
        council = next((c for c in councils if str(c.pk) == council_id), None)
        if council is None:
            return render(request, "public/start.html", {
                **_start_context(councils, council_id or ""),
                "council_error": "Select the council area where the child lives",
                "error": "Select the council area where the child lives", "error_field": "council"}, status=400)
    draft = _current_draft(request)
    if draft is not None and draft.local_authority_id == council.pk:
        # Starting again in the same browser carries on with the referral already begun.
        return redirect("public:question", section=ORDER[0])
    if not throttle.allow("public-referral-draft", client_ip(request), settings.CME_PUBLIC_DRAFT_RATE):
        return render(request, "public/start.html", {
            **_start_context(councils, str(council.pk)), "draft": draft, "too_many": council}, status=429)
    token = secrets.token_urlsafe(24)
    referral = services.referral_start(local_authority=council, kind=Kind.PUBLIC, session_key=token)
    request.session[SESSION_KEY] = {"id": referral.pk, "token": token}
    return redirect("public:question", section=ORDER[0])


@public_page
def question(request, section: str):
    form_class = SECTIONS.get(section)
    if form_class is None:
        raise Http404("No such question")
    referral = _current_draft(request)
    if referral is None:
        return redirect("public:start")
    index = ORDER.index(section)
    coming_back = request.GET.get("change") == "1"
    next_url = reverse("public:check") if coming_back or index == len(ORDER) - 1 else reverse(
        "public:question", args=[ORDER[index + 1]])
    back_url = reverse("public:start") if index == 0 else reverse("public:question", args=[ORDER[index - 1]])
    return section_page(request, referral=referral, form_class=form_class, template=f"public/{section}.html",
                        next_url=next_url, context={"back_url": back_url, "step": index + 1, "steps": len(ORDER)})


@public_page
def check(request):
    referral = _current_draft(request)
    if referral is None:
        return redirect("public:start")
    errors = []
    if request.method == "POST":
        try:
            services.referral_submit(referral=referral)
        except services.ReferralIncomplete as problem:
            errors = problem.field_errors
        else:
            request.session.pop(SESSION_KEY, None)
            request.session["cme_public_sent"] = referral.reference
            return redirect("public:done")
    summary = presentation.check_answers(referral)
    for section in summary:
        section["href"] += "?change=1"
    return render(request, "public/check.html", {
        "referral": referral, "title": "Check your answers before sending", "summary": summary,
        "warnings": presentation.warnings(referral), "errors": presentation.error_links(referral, errors)}, status=400 if errors else 200)


@public_page
def done(request):
    reference = request.session.get("cme_public_sent")
    if not reference:
        return redirect("public:start")
    referral = Referral.objects.select_related("local_authority").get(reference=reference)
    return render(request, "public/done.html", {"reference": reference, "council": referral.local_authority,
                                                "emailed": bool(referral.referrer_email),
                                                "title": "Thank you: your referral has been sent"})
