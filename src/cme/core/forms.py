"""Form fields that follow the GOV.UK Design System's patterns and error messages,
shared by every journey and by the API (which validates through the same forms)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.core.validators import validate_email
from django.utils.functional import lazy

from cme.rules import identity

from . import clock, uploads
from .rules_config import validate_upn


class VersionedForm(forms.Form):
    """A form that edits a `cme.core.history.Versioned` record: it carries the version the edit
    started from, for `save_if_current`."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class GovukMessages:
    """A form mixin: a text too long gets the GOV.UK message ("First name must be 100
    characters or fewer"), not Django's "Ensure this value has at most 100 characters"."""

    def full_clean(self):
        for field in self.fields.values():  # fields added after __init__ included
            limit = getattr(field, "max_length", None)
            if limit and "max_length" not in field.error_messages:
                noun = str(field.label or "This answer").removesuffix(" (optional)").removesuffix(", if known")
                field.error_messages["max_length"] = f"{noun} must be {limit:,} characters or fewer"
        super().full_clean()


class YesNoField(forms.TypedChoiceField):
    """A yes/no question as two radios (cleaned to True or False); anything but yes or no
    (from a form, a CSV cell or the API) is refused with `error`."""

    def __init__(self, *, error: str, **kwargs):
        kwargs.setdefault("widget", forms.RadioSelect)
        super().__init__(choices=[("yes", "Yes"), ("no", "No")], coerce=lambda value: value == "yes",
                         empty_value=None, error_messages={"required": error, "invalid_choice": error}, **kwargs)


YES_NO_WORDS = {"yes": "yes", "y": "yes", "true": "yes", "no": "no", "n": "no", "false": "no"}


def yes_no(value: str) -> str:
    """A yes/no cell as "yes" or "no" (yes, y, true, no, n, false in any case); anything else
    as written, for YesNoField to refuse."""
    return YES_NO_WORDS.get(value.strip().lower(), value)


class DatePartsWidget(forms.Widget):
    """Three inputs, name-day, name-month and name-year (the GOV.UK date input)."""

    govuk_first_input_suffix = "-day"

    def value_from_datadict(self, data, files, name):
        if name in data:  # an ISO date string, as the API and stored answers give it
            return data.get(name)
        return tuple((data.get(f"{name}-{part}") or "").strip() for part in ("day", "month", "year"))

    def value_omitted_from_data(self, data, files, name):
        return name not in data and not any(f"{name}-{part}" in data for part in ("day", "month", "year"))

    def format_value(self, value):
        if isinstance(value, dt.date):
            return (str(value.day), str(value.month), str(value.year))
        if isinstance(value, str) and value:
            try:
                parsed = dt.date.fromisoformat(value)
            except ValueError:
                return ("", "", "")
            return (str(parsed.day), str(parsed.month), str(parsed.year))
        if isinstance(value, list | tuple):
            return tuple(value) + ("",) * (3 - len(value))
        return ("", "", "")


class DateField(forms.Field):
    """A date typed as day, month and year, with GOV.UK error messages.

    `noun` names the date in messages ("date of birth"); `past_only` and `future_only`
    reject dates on the wrong side of today."""

    widget = DatePartsWidget

    def __init__(self, *, noun: str, past_only: bool = False, not_future: bool = False,
                 earliest: dt.date | None = None, **kwargs):
        self.noun = noun
        self.past_only = past_only
        self.not_future = not_future
        self.earliest = earliest or dt.date(1900, 1, 1)
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, dt.date):
            return value
        if value in (None, "", ()):
            return None
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                raise forms.ValidationError(f"{self.noun.capitalize()} must be a real date", code="invalid") from None
        day, month, year = ([*list(value), "", "", ""])[:3]
        if not any((day, month, year)):
            return None
        missing = [name for name, part in (("day", day), ("month", month), ("year", year)) if not part]
        if missing:
            raise forms.ValidationError(f"{self.noun.capitalize()} must include a {' and a '.join(missing)}",
                                        code="incomplete")
        if not (day.isdigit() and month.isdigit() and year.isdigit()):
            raise forms.ValidationError(f"{self.noun.capitalize()} must be a real date", code="invalid")
        if len(year) != 4:
            raise forms.ValidationError("Year must include 4 numbers", code="invalid")
        try:
            return dt.date(int(year), int(month), int(day))
        except ValueError:
            raise forms.ValidationError(f"{self.noun.capitalize()} must be a real date", code="invalid") from None

    def validate(self, value):
        if value is None:
            if self.required:
                raise forms.ValidationError(f"Enter the {self.noun}", code="required")
            return
        today = clock.today()
        if self.past_only and value >= today:
            raise forms.ValidationError(f"{self.noun.capitalize()} must be in the past", code="future")
        if self.not_future and value > today:
            raise forms.ValidationError(f"{self.noun.capitalize()} must be today or in the past", code="future")
        if value < self.earliest:
            raise forms.ValidationError(f"{self.noun.capitalize()} must be after {self.earliest.year}", code="too_early")

    def prepare_value(self, value):
        return value


TIME = re.compile(r"^(\d{1,2})[:.](\d{2})\s*(am|pm)?$", re.IGNORECASE)


class TimeField(forms.CharField):
    """A time of day typed as 14:30 or 2:30pm (GOV.UK has no time component; this follows its
    advice: one text input, a hint with an example, and a specific message)."""

    def __init__(self, *, noun: str = "time", **kwargs):
        self.noun = noun
        kwargs.setdefault("max_length", 10)
        kwargs.setdefault("help_text", "For example, 14:30 or 2:30pm")
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        match = TIME.match(value.strip())
        if not match:
            raise forms.ValidationError(f"Enter the {self.noun} like 14:30 or 2:30pm", code="invalid")
        hour, minute, half = int(match.group(1)), int(match.group(2)), (match.group(3) or "").lower()
        if half:
            if not 1 <= hour <= 12:
                raise forms.ValidationError(f"Enter the {self.noun} like 14:30 or 2:30pm", code="invalid")
            hour = hour % 12 + (12 if half == "pm" else 0)
        if hour > 23 or minute > 59:
            raise forms.ValidationError(f"Enter a real {self.noun}, like 14:30", code="invalid")
        return dt.time(hour, minute)


class PostcodeField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 16)
        kwargs.setdefault("error_messages", {})
        kwargs["error_messages"].setdefault("max_length", "Enter a real postcode, like DM1 4AB")
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return value
        if not identity.is_uk_postcode(value):
            raise forms.ValidationError("Enter a real postcode, like DM1 4AB", code="invalid")
        return identity.normalise_postcode(value)


class UpnField(forms.CharField):
    """A unique pupil number: checked (length, check letter, LA number) and returned in capitals."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value or not value.strip():
            return ""
        result = validate_upn(value)
        if not result.valid:
            raise forms.ValidationError(f"Enter a valid UPN: {result.error[0].lower()}{result.error[1:]}",
                                        code="invalid")
        return result.upn


PHONE_ALLOWED = re.compile(r"^\+?[0-9 ()\-]+$")


def normalise_phone(value: str) -> str:
    digits = re.sub(r"[^0-9+]", "", value)
    if digits.startswith("+44"):
        digits = "0" + digits[3:]
    return digits


class PhoneField(forms.CharField):
    """A UK or international phone number, kept as typed but checked for length."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 30)
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return value
        digits = normalise_phone(value)
        if not PHONE_ALLOWED.match(value) or not 10 <= len(digits.lstrip("+")) <= 15:
            raise forms.ValidationError("Enter a phone number, like 01632 960 001 or 07700 900 982", code="invalid")
        return value.strip()


class EmailAddressField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 254)
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return value
        try:
            validate_email(value)
        except forms.ValidationError:
            raise forms.ValidationError("Enter an email address in the correct format, like name@example.com",
                                        code="invalid") from None
        return value.strip()


def uk_date_or_none(value: str | None) -> dt.date | None:
    """An ISO date string from stored answers, or None."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return None


class CsvFileField(forms.FileField):
    """A CSV file upload within the limits of one kind of upload (cme.core.uploads), which its hint states."""

    def __init__(self, *, upload: Any, **kwargs):
        self.upload = upload
        # Read when shown, not when the form class is made: the limits follow the settings.
        kwargs.setdefault("help_text", lazy(lambda: uploads.limit(upload).describe(), str)())
        super().__init__(**kwargs)

    @property
    def limit(self) -> uploads.UploadLimit:
        return uploads.limit(self.upload)

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload and not upload.name.lower().endswith(".csv"):
            raise forms.ValidationError("The selected file must be a CSV file")
        if upload and (problem := self.limit.size_error(upload.size)):
            raise forms.ValidationError(problem)
        return upload
