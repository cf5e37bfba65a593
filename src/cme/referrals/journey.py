"""What the professional and public journeys share: showing a page of questions,
saving it as a draft whatever happens, and keeping what was typed when a session ran
out before the page was sent."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import render

from cme.accounts.access import PENDING_POST_KEY

from . import services
from .forms import ListSectionForm, SectionForm
from .models import Referral
from .validation import build_form


def take_stashed_post(request) -> dict | None:
    pending = request.session.get(PENDING_POST_KEY) or {}
    data = pending.pop(request.path, None)
    if data is not None:
        request.session[PENDING_POST_KEY] = pending
    return data


def section_page(request, *, referral: Referral, form_class: type[SectionForm], template: str, next_url: str,
                 context: dict | None = None, schools: list[tuple[str, str]] | None = None):
    """GET shows the page with the saved answers (or what was typed last time, errors
    and all); POST saves the page as a draft, valid or not, then moves on or shows the
    errors."""
    is_list = issubclass(form_class, ListSectionForm)
    raw = (referral.answers.get("_raw") or {}).get(form_class.section)
    stashed = take_stashed_post(request) if request.method == "GET" else None
    if request.method == "POST":
        data = request.POST
        rows = _rows_from(data, form_class) if is_list else None
        if is_list and "add-row" in data:
            rows = min((rows or 1) + 1, form_class.max_rows)
        form = build_form(form_class, data=data, rows=rows, schools=schools)
        valid = form.is_valid()
        adding_row = is_list and "add-row" in data
        if valid and not adding_row:
            services.referral_save_section(referral=referral, section=form_class.section,
                                           answers=form.answers_from(form.cleaned_data), complete=True)
            return HttpResponseRedirect(next_url)
        services.referral_save_section(referral=referral, section=form_class.section, raw=_plain(data),
                                       complete=False)
        if adding_row:
            form = build_form(form_class, data=None, initial=_initial_from_data(data), rows=rows, schools=schools)
    elif stashed is not None:
        messages.info(request, "Your session ended before you sent this page. We kept what you typed: "
                               "check it and continue.")
        rows = _rows_from(stashed, form_class) if is_list else None
        form = build_form(form_class, data=stashed, rows=rows, schools=schools)
        form.is_valid()
    elif raw is not None:
        rows = _rows_from(raw, form_class) if is_list else None
        form = build_form(form_class, data=raw, rows=rows, schools=schools)
        form.is_valid()  # show the errors it had when it was saved
    else:
        rows = form_class.rows_in(referral.answers) if is_list else None
        form = build_form(form_class, initial=form_class.initial_from(referral.answers), rows=rows, schools=schools)
    return render(request, template, {"referral": referral, "form": form, "title": form_class.title,
                                      "section": form_class.section, **(context or {})})


def _plain(data) -> dict:
    return {key: (data.getlist(key) if len(data.getlist(key)) > 1 else data.get(key)) for key in data}


def _rows_from(data, form_class: type[ListSectionForm]) -> int:
    try:
        rows = int(data.get("rows", 1))
    except (TypeError, ValueError):
        rows = 1
    return max(1, min(rows, form_class.max_rows))


def _initial_from_data(data) -> dict:
    initial = {}
    for key in data:
        if key.endswith(("-day", "-month", "-year")):
            base = key.rsplit("-", 1)[0]
            initial[base] = (data.get(f"{base}-day", ""), data.get(f"{base}-month", ""), data.get(f"{base}-year", ""))
        elif key not in ("csrfmiddlewaretoken", "add-row", "rows"):
            initial[key] = data.get(key)
    return initial
