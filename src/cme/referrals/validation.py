"""Validating a whole referral, whichever way it arrived: the web journey's pages, the
API's JSON body, or an imported Word form all pass through the same page forms, so a
rule is written once and its message is the same everywhere."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from . import forms as referral_forms
from .forms import ActionsForm, IndicatorsForm, ListSectionForm, SchoolForm, SectionForm

_ROW_FIELD = re.compile(r"^(\d+)-(.+)$")


@dataclass(frozen=True)
class FieldError:
    field: str  # a path into the answers, e.g. "child.date_of_birth", "carers[0].phone"
    message: str

    def as_dict(self) -> dict:
        return {"field": self.field, "message": self.message}


def sections_for(kind: str) -> tuple[type[SectionForm], ...]:
    return referral_forms.PUBLIC_SECTIONS if kind == "public" else referral_forms.PROFESSIONAL_SECTIONS


def build_form(form_class: type[SectionForm], *, data: dict | None = None, initial: dict | None = None,
               rows: int | None = None, schools: list[tuple[str, str]] | None = None) -> SectionForm:
    kwargs: dict[str, Any] = {"data": data, "initial": initial}
    if issubclass(form_class, ListSectionForm):
        kwargs["rows"] = rows or 1
    if form_class is SchoolForm:
        kwargs["schools"] = schools or []
    return form_class(**kwargs)


def form_data_from_answers(form_class: type[SectionForm], answers: dict) -> tuple[dict, int | None]:
    """Answers as form data: dates stay ISO strings under the field's own name, which
    the date widget accepts as an alternative to its three inputs."""
    data = {key: ("" if value is None else value) for key, value in form_class.initial_from(answers).items()}
    if form_class is SchoolForm and data.get("school_id") not in ("", None):
        data["school_id"] = str(data["school_id"])
    rows = form_class.rows_in(answers) if issubclass(form_class, ListSectionForm) else None
    return data, rows


def answer_path(form_class: type[SectionForm], field_name: str) -> str:
    if issubclass(form_class, ListSectionForm):
        match = _ROW_FIELD.match(field_name)
        if match:
            return f"{form_class.section}[{int(match.group(1)) - 1}].{match.group(2)}"
    if form_class is ActionsForm:
        key, _, part = field_name.partition("-")
        return f"actions.{key}.{part}"
    if form_class is IndicatorsForm:
        return f"indicators.{field_name.removeprefix('indicator_')}"
    return f"{form_class.section}.{field_name}"


def validate_section(form_class: type[SectionForm], answers: dict, *,
                     schools: list[tuple[str, str]] | None = None) -> tuple[Any, list[FieldError]]:
    data, rows = form_data_from_answers(form_class, answers)
    form = build_form(form_class, data=data, rows=rows, schools=schools)
    if form.is_valid():
        return form.answers_from(form.cleaned_data), []
    errors = []
    for name, messages in form.errors.items():
        path = form_class.section if name == "__all__" else answer_path(form_class, name)
        errors.extend(FieldError(path, str(message)) for message in messages)
    return None, errors


def validate_answers(kind: str, answers: dict, *, schools: list[tuple[str, str]] | None = None,
                     optional: set[str] | None = None) -> tuple[dict, list[FieldError]]:
    """Every section of a referral of this kind: cleaned answers and every error."""
    optional = referral_forms.OPTIONAL_SECTIONS if optional is None else optional
    cleaned: dict = {}
    errors: list[FieldError] = []
    for form_class in sections_for(kind):
        present = answers.get(form_class.section)
        if not present and form_class.section in optional:
            cleaned[form_class.section] = [] if issubclass(form_class, ListSectionForm) else {}
            continue
        section_answers, section_errors = validate_section(form_class, answers, schools=schools)
        if section_errors:
            errors.extend(section_errors)
        else:
            cleaned[form_class.section] = section_answers
    return cleaned, errors
