"""The public referral journey: no account, one question a page, anonymous if the person
wishes. A draft belongs to the browser that started it (a random token in its session)."""

from __future__ import annotations

import secrets

from django import forms
from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from cme.accounts.access import public_page
from cme.accounts.models import LocalAuthority
from cme.core import throttle
from cme.core.forms import EmailAddressField
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


def draft_council(request) -> LocalAuthority | None:
    """The council of the public referral this browser has started, if any (for the header)."""
    held = request.session.get(SESSION_KEY) if hasattr(request, "session") else None
    if not held:
        return None
    return LocalAuthority.objects.filter(referrals__pk=held.get("id"),
                                         referrals__public_session_key=held.get("token")).first()


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
        "warnings": presentation.warnings(referral),
        "errors": presentation.error_links(referral, errors)}, status=400 if errors else 200)


@public_page
def done(request):
    reference = request.session.get("cme_public_sent")
    if not reference:
        return redirect("public:start")
    referral = Referral.objects.select_related("local_authority").get(reference=reference)
    return render(request, "public/done.html", {"reference": reference, "council": referral.local_authority,
                                                "emailed": bool(referral.referrer_email),
                                                "title": "Thank you: your referral has been sent"})


class SaveForLaterForm(forms.Form):
    email = EmailAddressField(label="Email address", error_messages={"required": "Enter your email address"},
                              help_text="We will only use it to send you the link")


def _next_unanswered(referral: Referral) -> str:
    for section in ORDER:
        if section not in referral.sections_done:
            return reverse("public:question", args=[section])
    return reverse("public:check")


@public_page
def save_for_later(request):
    """Save and come back later: a link to this draft, emailed to an address the person gives."""
    referral = _current_draft(request)
    if referral is None:
        return redirect("public:start")
    came_from = request.GET.get("from") or request.POST.get("from") or ""
    back_url = reverse("public:question", args=[came_from]) if came_from in SECTIONS else reverse("public:check") \
        if came_from == "check" else _next_unanswered(referral)
    given = (referral.answers.get("referrer") or {}).get("email") or ""
    form = SaveForLaterForm(request.POST or None, initial={"email": given})
    context = {"title": "Save your answers and come back later", "form": form, "back_url": back_url,
               "came_from": came_from, "days": settings.CME_PUBLIC_RESUME_DAYS, "council": referral.local_authority}
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        if not throttle.allow("public-resume-email", client_ip(request), settings.CME_PUBLIC_RESUME_EMAIL_RATE):
            return render(request, "public/save.html", {**context, "refused": True}, status=429)
        link = settings.CME_SERVICE_URL.rstrip("/") + reverse("public:resume",
                                                              args=[services.public_resume_token(referral)])
        sent = services.public_resume_link_send(referral=referral, email=email, link=link)
        return render(request, "public/saved.html", {**context, "sent": sent, "email": email,
                                                     "title": "Check your email" if sent else
                                                     "We could not send the email"}, status=200 if sent else 503)
    return render(request, "public/save.html", context, status=400 if form.errors else 200)


@public_page
def resume(request, token: str):
    """The emailed link: this browser carries on with the draft it names."""
    referral = services.public_draft_from_token(token) if token.isprintable() else None
    if referral is None:
        return render(request, "public/resume_failed.html", {
            "title": "This link does not work", "days": settings.CME_PUBLIC_RESUME_DAYS}, status=404)
    request.session[SESSION_KEY] = {"id": referral.pk, "token": referral.public_session_key}
    return redirect(_next_unanswered(referral))
