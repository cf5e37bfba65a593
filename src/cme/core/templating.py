"""Helpers available in every Jinja2 template: URLs, static files, dates in GOV.UK
style, and the adapter that turns Django form fields into GOV.UK component parameters."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django import forms
from django.conf import settings
from django.templatetags.static import static
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from jinja2 import pass_context
from markupsafe import Markup

from . import clock
from .words import counted


def url(name: str, *args: Any, **kwargs: Any) -> str:
    """reverse(), with the shape of each URL that takes whole numbers worked out once per process:
    a list page links every row (`url('cases:detail', case.pk)`), and reversing is the slow part."""
    if not kwargs and all(type(arg) is int and arg >= 0 for arg in args):
        prefix = get_script_prefix()
        shape = _url_shapes.get((prefix, name, len(args)))
        if shape is None:
            shape = _url_shape(prefix, name, len(args))
        if shape:
            return shape.format(*args) if args else shape
    return reverse(name, args=args or None, kwargs=kwargs or None)


# Stand-ins for the numbers, chosen so that no URL's own text contains them.
_PLACEHOLDERS = tuple(918273640 + n for n in range(10))
_url_shapes: dict[tuple[str, str, int], str] = {}


def _url_shape(prefix: str, name: str, count: int) -> str:
    """The URL with "{0}", "{1}"... where its numbers go, or "" when a URL is better reversed each time."""
    shape = ""
    if count <= len(_PLACEHOLDERS):
        example = reverse(name, args=_PLACEHOLDERS[:count])
        if "{" not in example and "}" not in example and all(example.count(str(p)) == 1 for p in _PLACEHOLDERS[:count]):
            shape = example
            for index, placeholder in enumerate(_PLACEHOLDERS[:count]):
                shape = shape.replace(str(placeholder), f"{{{index}}}")
    _url_shapes[(prefix, name, count)] = shape
    return shape


_static_urls: dict[tuple[str, str], str] = {}


def static_url(path: str) -> str:
    """static(): a file's address, worked out once per process for each file (and static address)."""
    key = (path, settings.STATIC_URL)
    found = _static_urls.get(key)
    if found is None:
        if len(_static_urls) >= 1000:  # the service's files are few; this only bounds a surprise
            _static_urls.clear()
        found = _static_urls[key] = static(path)
    return found


def govuk_date(value: dt.date | dt.datetime | None, missing: str = "Not known") -> str:
    """22 November 2026, the GOV.UK style."""
    if value is None or value == "":
        return missing
    if isinstance(value, dt.datetime):
        value = value.astimezone(clock.LONDON) if timezone.is_aware(value) else value
        return f"{value.day} {value:%B %Y}"
    return f"{value.day} {value:%B %Y}"


def govuk_datetime(value: dt.datetime | None, missing: str = "Not known") -> str:
    """22 November 2026 at 2:05pm."""
    if value is None:
        return missing
    value = value.astimezone(clock.LONDON) if timezone.is_aware(value) else value
    hour = value.hour % 12 or 12
    return f"{value.day} {value:%B %Y} at {hour}:{value:%M}{'am' if value.hour < 12 else 'pm'}"


def _label_text(field: forms.BoundField) -> str:
    return str(field.label)


def error_message(field: forms.BoundField) -> dict | None:
    if field.errors:
        return {"text": " ".join(str(e) for e in field.errors)}
    return None


def field_params(field: forms.BoundField, *, label_classes: str = "", is_page_heading: bool = False,
                 **overrides: Any) -> dict:
    """Parameters for govukInput, govukTextarea, govukSelect, govukRadios and govukCheckboxes."""
    widget = field.field.widget
    value = field.value()
    params: dict[str, Any] = {
        "id": field.auto_id or field.html_name,
        "name": field.html_name,
        "label": {"text": _label_text(field), "classes": label_classes, "isPageHeading": is_page_heading},
        "errorMessage": error_message(field),
    }
    if field.help_text:
        params["hint"] = {"text": str(field.help_text)}
    if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        legend = {"text": _label_text(field), "classes": label_classes, "isPageHeading": is_page_heading}
        params.pop("label")
        params["idPrefix"] = params.pop("id")
        params["fieldset"] = {"legend": legend}
        selected = {str(v) for v in (value if isinstance(value, list | tuple) else [value]) if v is not None}
        # A field may carry a hint for each choice (`choice_hints`, by value), shown under its label.
        hints = getattr(field.field, "choice_hints", {})
        params["items"] = [{"value": str(choice_value), "text": str(choice_label),
                            "checked": str(choice_value) in selected}
                           | ({"hint": {"text": hints[str(choice_value)]}} if str(choice_value) in hints else {})
                           for choice_value, choice_label in field.field.choices if str(choice_value) != ""]
    elif isinstance(widget, forms.Select):
        params["items"] = [{"value": str(choice_value), "text": str(choice_label),
                            "selected": str(choice_value) == str(value if value is not None else "")}
                           for choice_value, choice_label in field.field.choices]
    else:
        params["value"] = "" if value is None else value
        if isinstance(widget, forms.FileInput):
            params.pop("value")
            params["multiple"] = widget.allow_multiple_selected
        elif isinstance(widget, forms.PasswordInput):
            params["value"] = ""
            params["type"] = "password"
        elif isinstance(widget, forms.EmailInput):
            params["type"] = "email"
            params["spellcheck"] = False
    autocomplete = widget.attrs.get("autocomplete")
    if autocomplete:
        params["autocomplete"] = autocomplete
    if module := widget.attrs.get("data-module"):  # a script that enhances the field (app.mjs)
        params["attributes"] = {"data-module": module}
    params.update(overrides)
    return params


def widget_kind(field: forms.BoundField) -> str:
    """Which GOV.UK component renders a field."""
    from cme.core.forms import DatePartsWidget

    widget = field.field.widget
    if isinstance(widget, DatePartsWidget):
        return "date"
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.FileInput):
        return "file"
    return "input"


def date_params(field: forms.BoundField, *, legend_classes: str = "govuk-fieldset__legend--s",
                is_page_heading: bool = False, **overrides: Any) -> dict:
    """Parameters for govukDateInput from a DateField."""
    day, month, year = field.field.widget.format_value(field.value())
    error = error_message(field)
    item_class = " govuk-input--error" if error else ""
    params: dict[str, Any] = {
        "id": field.auto_id or field.html_name,
        "namePrefix": field.html_name,
        "fieldset": {"legend": {"text": str(field.label), "classes": legend_classes, "isPageHeading": is_page_heading}},
        "errorMessage": error,
        "items": [
            {"name": "day", "label": "Day", "classes": "govuk-input--width-2" + item_class, "value": day,
             "inputmode": "numeric"},
            {"name": "month", "label": "Month", "classes": "govuk-input--width-2" + item_class, "value": month,
             "inputmode": "numeric"},
            {"name": "year", "label": "Year", "classes": "govuk-input--width-4" + item_class, "value": year,
             "inputmode": "numeric"},
        ],
    }
    if field.help_text:
        params["hint"] = {"text": str(field.help_text)}
    params.update(overrides)
    return params


def error_summary(*forms_: forms.BaseForm | None) -> list[dict]:
    """Items for govukErrorSummary: each error links to its field."""
    items: list[dict] = []
    for form in forms_:
        if form is None:
            continue
        for error in form.non_field_errors():
            items.append({"text": str(error), "href": "#main-content"})
        for field in form:
            if field.errors:
                widget = field.field.widget
                anchor = field.auto_id or field.html_name
                if getattr(widget, "govuk_first_input_suffix", None):
                    anchor += widget.govuk_first_input_suffix
                for error in field.errors:
                    items.append({"text": str(error), "href": f"#{anchor}"})
    return items


@pass_context
def page_errors(context) -> list[dict]:
    """The error summary's items for the page being rendered, worked out by the layout (so no
    page template repeats it): every bound form in the context that has errors, then a
    view's `errors` (a list of {"text", "href"}) and `error` (one message, for the field
    `error_field`, or the page)."""
    items: list[dict] = []
    seen: set[int] = set()
    for value in context.get_all().values():
        candidates = value if isinstance(value, list | tuple) else [value]
        for form in candidates:
            if isinstance(form, forms.BaseForm) and form.is_bound and id(form) not in seen and form.errors:
                seen.add(id(form))
                items += error_summary(form)
    errors = context.get("errors")
    if isinstance(errors, list | tuple):
        items += [item if isinstance(item, dict) else {"text": str(item), "href": "#main-content"} for item in errors]
    error = context.get("error")
    if isinstance(error, str) and error:
        field = context.get("error_field")
        items.append({"text": error, "href": f"#{field}" if isinstance(field, str) and field else "#main-content"})
    return items


def sentence(value: str) -> str:
    """First letter upper case, the rest as written (unlike Jinja's capitalize, which
    would turn "CME" into "cme")."""
    return value[:1].upper() + value[1:] if value else value


def to_items(choices, selected=None) -> list[dict]:
    """Choice pairs as GOV.UK radio or checkbox items, ticking the selected value(s)."""
    chosen = {str(selected)} if isinstance(selected, str | int) else {str(s) for s in (selected or ())}
    return [{"value": str(value), "text": str(text), "checked": str(value) in chosen} for value, text in choices]


def nl2br(value: str) -> Markup:
    from markupsafe import escape

    return Markup("<br>".join(escape(line) for line in (value or "").splitlines()))  # noqa: S704 - every line is escaped


# Stands for the sign-out form's CSRF field in a kept header; no page's text contains it.
_CSRF_PLACEHOLDER = "<!-- cme-csrf-input -->"
_HEADER_VARIABLES = ("local_authority", "navigation", "signed_in", "setting_up_mfa", "service_name", "sign_out_url")
_headers: dict[tuple, str] = {}


@pass_context
def service_header(context) -> Markup:
    """The page header (council name, menu, sign out), the same for everyone with the same council,
    menu and current page: rendered once per process for each and kept, with the sign-out form's
    CSRF token (different on every page) put in each time."""
    values = {name: context.get(name) for name in _HEADER_VARIABLES}
    council = values["local_authority"]
    key = (getattr(council, "name", None), getattr(council, "is_fictional", None), bool(values["signed_in"]),
           bool(values["setting_up_mfa"]), values["service_name"], values["sign_out_url"], get_script_prefix(),
           tuple((item.get("href"), item.get("text"), bool(item.get("active"))) for item in values["navigation"] or ()))
    html = _headers.get(key)
    if html is None:
        if len(_headers) >= 1000:  # menus and councils are few; this only bounds a surprise
            _headers.clear()
        html = context.environment.get_template("includes/header.html").render(
            **values, csrf_input=Markup(_CSRF_PLACEHOLDER))  # noqa: S704 - a constant of ours
        _headers[key] = html
    return Markup(html.replace(_CSRF_PLACEHOLDER, str(context.get("csrf_input") or "")))  # noqa: S704 - rendered escaped


_kept: dict[tuple[str, str], Markup] = {}


def kept(macro: Any, params: dict) -> Markup:
    """A GOV.UK macro's HTML for these parameters, rendered once per process and kept: for
    components whose parameters are the service's own choices, never people's text (a filter's
    radios and checkboxes, a button). A filter form of three such components took the triage
    queue longer to write than everything else on the page."""
    key = (macro.name, json.dumps(params, sort_keys=True, default=str))
    html = _kept.get(key)
    if html is None:
        if len(_kept) >= 2000:  # the choices are few; this only bounds a surprise
            _kept.clear()
        html = _kept[key] = Markup(macro(params))  # noqa: S704 - the macro's own escaped output
    return html


def govuk_tag(text: Any, classes: str = "") -> Markup:
    """GOV.UK Frontend's tag, as govukTag({"text": ..., "classes": ...}) writes it, for table rows:
    the macro (which imports another macro on every call) costs a page of 50 rows milliseconds."""
    from markupsafe import escape

    return Markup(f'<strong class="govuk-tag{" " + escape(classes) if classes else ""}">\n  {escape(text)}\n</strong>\n')  # noqa: S704 - escaped


def query_string(request, **changes: Any) -> str:
    """The current query string with some parameters replaced (for pagination links)."""
    params = request.GET.copy()
    for key, value in changes.items():
        params[key] = value
    return params.urlencode()


def social_providers(request) -> list:
    from allauth.socialaccount.adapter import get_adapter

    return get_adapter().list_providers(request)


GLOBALS = {
    "query_string": query_string,
    "service_header": service_header,
    "govuk_tag": govuk_tag,
    "counted": counted,
    "kept": kept,
    "social_providers": social_providers,
    "url": url,
    "static": static_url,
    "field_params": field_params,
    "date_params": date_params,
    "widget_kind": widget_kind,
    "error_summary": error_summary,
    "page_errors": page_errors,
    "now": clock.now,
}
FILTERS = {
    "govuk_date": govuk_date,
    "govuk_datetime": govuk_datetime,
    "nl2br": nl2br,
    "sentence": sentence,
    "to_items": to_items,
}
