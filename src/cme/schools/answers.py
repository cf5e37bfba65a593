"""A return's answers as its check-answers page shows them: each question's label, the
answer in words (choices by their label, dates the GOV.UK way) and a Change link back to
the question."""

from __future__ import annotations

import datetime as dt

from django import forms

from cme.core.forms import YesNoField
from cme.core.templating import govuk_date

NOT_GIVEN = "Not given"


def _shown(field: forms.Field, value) -> str:
    if value in (None, "", [], ()):
        return NOT_GIVEN
    if isinstance(field, YesNoField):
        return "Yes" if value else "No"
    if isinstance(value, dt.date):
        return govuk_date(value)
    if isinstance(field, forms.ChoiceField):
        return str(dict(field.choices).get(value, dict(field.choices).get(str(value), value)))
    return str(value)


def _question(field: forms.Field) -> str:
    return str(field.label).removesuffix(" (optional)")


def check_rows(form: forms.Form, change_url: str, *, leave_out: tuple[str, ...] = ()) -> list[dict]:
    """govukSummaryList rows for a valid form's answers, each with a Change link to its question."""
    rows = []
    for name, field in form.fields.items():
        if name in leave_out or isinstance(field.widget, forms.HiddenInput):
            continue
        value = form.cleaned_data.get(name)
        if not field.required and value in (None, "", [], ()) and name.startswith(("parent_2", "enquiry_2", "enquiry_3")):
            continue  # a second parent or enquiry not given: nothing to check
        question = _question(field)
        anchor = form[name].auto_id + getattr(field.widget, "govuk_first_input_suffix", "")
        hidden = question if question[1:2].isupper() else question[:1].lower() + question[1:]  # "UPN" stays
        rows.append({"key": {"text": question}, "value": {"text": _shown(field, value)},
                     "actions": {"items": [{"href": f"{change_url}#{anchor}", "text": "Change",
                                            "visuallyHiddenText": hidden}]}})
    return rows
