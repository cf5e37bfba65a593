"""The questions of the referral journeys, one form per page.

Each form knows how to read its initial values from a referral's stored answers and
how to write its cleaned data back (`initial_from` / `answers_from`). The API runs the
same forms over a JSON body (see `cme.referrals.validation`), so every channel obeys
the same rules and gives the same messages.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from django import forms

from cme.core.forms import DateField, EmailAddressField, PhoneField, PostcodeField, UpnField
from cme.rules.risk_indicators import INDICATORS

ETHNICITIES = [
    "White – British", "White – Irish", "Traveller of Irish heritage", "Gypsy or Roma", "Any other White background",
    "White and Black Caribbean", "White and Black African", "White and Asian", "Any other mixed background",
    "Indian", "Pakistani", "Bangladeshi", "Chinese", "Any other Asian background", "Caribbean", "African",
    "Any other Black background", "Arab", "Any other ethnic group", "Not known", "Refused",
]
SEX_CHOICES = [("F", "Female"), ("M", "Male"), ("U", "Not known")]
YES_NO_UNKNOWN = [("yes", "Yes"), ("no", "No"), ("not-known", "Not known")]
YES_NO = [("yes", "Yes"), ("no", "No")]
SEN_CHOICES = [("none", "No special educational needs known"), ("sen-support", "SEN support"),
               ("ehcp", "Education, health and care plan"), ("not-known", "Not known")]
INDICATOR_CHOICES = [("no", "No"), ("yes-current", "Yes – current"), ("yes-historic", "Yes – historic")]

# The three actions on the Leicestershire checklist, in its order.
ACTIONS = (
    ("whereabouts", "Check possible whereabouts with staff, siblings, friends and other pupils"),
    ("family", "Contact any known extended family and emergency contact numbers"),
    ("visit", "Visit the last known address (signs the property is occupied, checks with neighbours)"),
)
MAX_CARERS = 6
MAX_SIBLINGS = 8


def _get(answers: dict, path: str, default: Any = "") -> Any:
    value: Any = answers
    for key in path.split("."):
        if not isinstance(value, dict):
            return default
        value = value.get(key)
    return default if value is None else value


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


class SectionForm(forms.Form):
    """A page of a journey. `section` is its key in the answers and in the task list."""

    section: ClassVar[str]
    title: ClassVar[str]
    # Fields that are each optional but of which one must be answered (the page says so);
    # every other field that may be left blank is labelled "(optional)", the GOV.UK way.
    one_of: ClassVar[frozenset[str]] = frozenset()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.mark_optional()

    def mark_optional(self) -> None:
        for name, field in self.fields.items():
            label = str(field.label or "")
            if not field.required and name not in self.one_of and not label.endswith("(optional)"):
                field.label = f"{label} (optional)"

    @classmethod
    def initial_from(cls, answers: dict) -> dict:
        return dict(answers.get(cls.section) or {})

    def answers_from(self, cleaned: dict) -> Any:
        return {key: (_iso(value) if isinstance(value, dt.date) else value) for key, value in cleaned.items()}


# -- professional journey -------------------------------------------------------------

class ChildForm(SectionForm):
    section = "child"
    title = "About the child"

    first_name = forms.CharField(label="First name", max_length=100,
                                 error_messages={"required": "Enter the child's first name"})
    middle_names = forms.CharField(label="Middle names", max_length=150, required=False)
    last_name = forms.CharField(label="Last name", max_length=100,
                                error_messages={"required": "Enter the child's last name"})
    other_names = forms.CharField(label="Other names the child is known by", max_length=250, required=False,
                                  help_text="For example a nickname, a previous surname or another spelling")
    date_of_birth = DateField(label="Date of birth", noun="date of birth", past_only=True,
                              help_text="For example, 27 3 2015")
    sex = forms.ChoiceField(label="Sex", choices=SEX_CHOICES, widget=forms.RadioSelect,
                            error_messages={"required": "Select the child's sex, or Not known"})
    ethnicity = forms.ChoiceField(label="Ethnicity", choices=[("", "Select ethnicity")] + [(e, e) for e in ETHNICITIES],
                                  required=False)
    sen = forms.ChoiceField(label="Special educational needs and disability", choices=SEN_CHOICES,
                            widget=forms.RadioSelect,
                            error_messages={"required": "Select the child's special educational needs, or Not known"})
    sen_details = forms.CharField(label="Details of special educational needs or disability", required=False,
                                  widget=forms.Textarea, max_length=2000)
    child_in_care = forms.ChoiceField(label="Is the child in the care of a local authority?", choices=YES_NO_UNKNOWN,
                                      widget=forms.RadioSelect,
                                      error_messages={"required": "Select whether the child is in care, or Not known"})
    upn = UpnField(label="Unique pupil number (UPN)",
                          help_text="13 characters, starting with a letter, like B801200005001")


class AddressForm(SectionForm):
    section = "address"
    title = "Where the child lives"

    line_1 = forms.CharField(label="Address line 1", max_length=200,
                             error_messages={"required": "Enter the first line of the last known address"})
    line_2 = forms.CharField(label="Address line 2", max_length=200, required=False)
    town = forms.CharField(label="Town or city", max_length=100, required=False)
    postcode = PostcodeField(label="Postcode", required=False)
    additional_addresses = forms.CharField(
        label="Any other addresses where the child may live or stay", required=False, widget=forms.Textarea,
        max_length=2000, help_text="For example a separated parent's address or temporary accommodation")


class ListSectionForm(SectionForm):
    """A page of repeated rows (carers, siblings) that works without JavaScript: the
    "Add another" button posts the page back with one more empty row."""

    row_fields: ClassVar[tuple[str, ...]]
    required_in_row: ClassVar[str]
    max_rows: ClassVar[int]
    noun: ClassVar[str]

    def __init__(self, *args, rows: int = 1, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = max(1, min(rows, self.max_rows))
        for index in range(1, self.rows + 1):
            for name, field in type(self).row_field_definitions().items():  # defined by each list page
                self.fields[f"{index}-{name}"] = field
        self.one_of = frozenset(f"{index}-{self.required_in_row}" for index in range(1, self.rows + 1))
        self.mark_optional()

    @classmethod
    def initial_from(cls, answers: dict) -> dict:
        initial = {}
        for index, row in enumerate(answers.get(cls.section) or [], start=1):
            for key, value in row.items():
                initial[f"{index}-{key}"] = value
        return initial

    @classmethod
    def rows_in(cls, answers: dict) -> int:
        return max(1, len(answers.get(cls.section) or []))

    def clean(self):
        cleaned = super().clean()
        for index in range(1, self.rows + 1):
            row = {name: cleaned.get(f"{index}-{name}") for name in self.row_fields}
            if any(row.values()) and not row.get(self.required_in_row):
                self.add_error(f"{index}-{self.required_in_row}", f"Enter the name of {self.noun} {index}")
        return cleaned

    def answers_from(self, cleaned: dict) -> list[dict]:
        rows = []
        for index in range(1, self.rows + 1):
            row = {name: cleaned.get(f"{index}-{name}") for name in self.row_fields}
            row = {k: (_iso(v) if isinstance(v, dt.date) else (v or "")) for k, v in row.items()}
            if any(row.values()):
                rows.append(row)
        return rows

    def row_names(self, index: int) -> list[str]:
        return [f"{index}-{name}" for name in self.row_fields]


class CarersForm(ListSectionForm):
    section = "carers"
    title = "Parents and carers"
    row_fields = ("name", "relationship", "phone", "email", "address")
    required_in_row = "name"
    max_rows = MAX_CARERS
    noun = "parent or carer"

    @classmethod
    def row_field_definitions(cls) -> dict[str, forms.Field]:
        return {
            "name": forms.CharField(label="Full name", max_length=150, required=False),
            "relationship": forms.CharField(label="Relationship to the child", max_length=60, required=False,
                                            help_text="For example mother, father, grandparent, foster carer"),
            "phone": PhoneField(label="Phone number", required=False),
            "email": EmailAddressField(label="Email address", required=False),
            "address": forms.CharField(label="Address, if different from the child's", max_length=300, required=False),
        }


class SiblingsForm(ListSectionForm):
    section = "siblings"
    title = "Brothers and sisters"
    row_fields = ("name", "date_of_birth", "school")
    required_in_row = "name"
    max_rows = MAX_SIBLINGS
    noun = "brother or sister"

    @classmethod
    def row_field_definitions(cls) -> dict[str, forms.Field]:
        return {
            "name": forms.CharField(label="Full name", max_length=150, required=False),
            "date_of_birth": DateField(label="Date of birth", noun="date of birth", past_only=True, required=False),
            "school": forms.CharField(label="School or college", max_length=200, required=False),
        }


class SchoolForm(SectionForm):
    section = "school"
    title = "School and attendance"

    school_id = forms.ChoiceField(label="School or college", required=False,
                                  help_text="Choose the child's last school in this area, or type it below")
    other_school = forms.CharField(label="Another school or college", max_length=200, required=False,
                                   help_text="If the school is not in the list, or is outside this area")
    date_last_attended = DateField(label="Date the child last attended", noun="date last attended",
                                   not_future=True, required=False)

    def __init__(self, *args, schools: list[tuple[str, str]] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school_id"].choices = [("", "Not in this list, or not known")] + (schools or [])

    def answers_from(self, cleaned: dict) -> dict:
        answers = super().answers_from(cleaned)
        answers["school_id"] = int(cleaned["school_id"]) if cleaned.get("school_id") else None
        return answers


class ActionsForm(SectionForm):
    section = "actions"
    title = "What you have done to find the child"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, label in ACTIONS:
            self.fields[f"{key}-outcome"] = forms.CharField(
                label=label, widget=forms.Textarea, max_length=3000,
                help_text="What you did and what you found. Write “Not done” and why, if you could not do it.",
                error_messages={"required": f"Say what happened when you tried to: {label[0].lower()}{label[1:]}"})
            self.fields[f"{key}-date"] = DateField(label="Date completed", noun="date completed", not_future=True,
                                                   required=False)
        self.mark_optional()

    @classmethod
    def initial_from(cls, answers: dict) -> dict:
        initial = {}
        for key, _ in ACTIONS:
            action = _get(answers, f"actions.{key}", {})
            initial[f"{key}-outcome"] = action.get("outcome", "")
            initial[f"{key}-date"] = action.get("date", "")
        return initial

    def answers_from(self, cleaned: dict) -> dict:
        return {key: {"outcome": cleaned.get(f"{key}-outcome", ""), "date": _iso(cleaned.get(f"{key}-date"))}
                for key, _ in ACTIONS}


class IndicatorsForm(SectionForm):
    section = "indicators"
    title = "Vulnerabilities, warning signs and risk indicators"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for indicator in INDICATORS:
            self.fields[f"indicator_{indicator.number}"] = forms.ChoiceField(
                label=f"{indicator.number}. {indicator.text}", choices=INDICATOR_CHOICES, widget=forms.RadioSelect,
                error_messages={
                    "required": f"Answer indicator {indicator.number}: {indicator.short.lower()}",
                    "invalid_choice": f"Indicator {indicator.number}: answer No, or Yes and whether it is current or historic",
                })

    @classmethod
    def initial_from(cls, answers: dict) -> dict:
        initial = {}
        for number, value in (answers.get("indicators") or {}).items():
            answer, status = value.get("answer"), value.get("status")
            if answer == "no":
                initial[f"indicator_{number}"] = "no"
            elif answer == "yes":
                initial[f"indicator_{number}"] = f"yes-{status or 'unsaid'}"
            elif answer:
                initial[f"indicator_{number}"] = str(answer)
        return initial

    def answers_from(self, cleaned: dict) -> dict:
        result = {}
        for indicator in INDICATORS:
            value = cleaned.get(f"indicator_{indicator.number}")
            if value == "no":
                result[str(indicator.number)] = {"answer": "no", "status": None}
            elif value:
                result[str(indicator.number)] = {"answer": "yes", "status": value.removeprefix("yes-")}
        return result


class SafeguardingForm(SectionForm):
    section = "safeguarding"
    title = "Safeguarding"

    social_care_referral_considered = forms.ChoiceField(
        label="Based on the indicators, have you considered a referral to children's social care?", choices=YES_NO,
        widget=forms.RadioSelect, error_messages={"required": "Select whether you have considered a referral to social care"})
    parental_consent = forms.ChoiceField(
        label="Have you gained consent from the parents for that referral?",
        choices=[("yes", "Yes"), ("no", "No"), ("not-applicable", "Not applicable")], widget=forms.RadioSelect,
        error_messages={"required": "Select whether you have the parents' consent, or Not applicable"})
    social_care_outcome = forms.CharField(label="Outcome of any referral to social care or the MASH", required=False,
                                          widget=forms.Textarea, max_length=2000)


class AssessmentForm(SectionForm):
    section = "assessment"
    title = "Your assessment"

    working_well = forms.CharField(
        label="What do you think is working well?", widget=forms.Textarea, max_length=5000,
        help_text="Protective factors: people, situations and actions that help the child's wellbeing and safety",
        error_messages={"required": "Say what you think is working well, or write “Nothing known”"})
    worried_about = forms.CharField(
        label="What are you worried about?", widget=forms.Textarea, max_length=5000,
        help_text="Risk factors, including whether the child is suffering or likely to suffer significant harm",
        error_messages={"required": "Say what you are worried about"})
    next_steps = forms.CharField(
        label="What do you think needs to happen next?", widget=forms.Textarea, max_length=5000,
        help_text="The outcomes you hope for, and by when",
        error_messages={"required": "Say what you think needs to happen next"})


class ReferrerForm(SectionForm):
    section = "referrer"
    title = "Your details"

    name = forms.CharField(label="Your full name", max_length=150, error_messages={"required": "Enter your full name"})
    position = forms.CharField(label="Position or job title", max_length=150,
                               error_messages={"required": "Enter your position or job title"})
    organisation = forms.CharField(label="School, college or agency", max_length=200,
                                   error_messages={"required": "Enter your school, college or agency"})
    phone = PhoneField(label="Phone number", error_messages={"required": "Enter a phone number we can call you on"})
    email = EmailAddressField(label="Email address", help_text="We send the reference number and the outcome here",
                              error_messages={"required": "Enter your email address"})


PROFESSIONAL_SECTIONS: tuple[type[SectionForm], ...] = (
    ChildForm, AddressForm, CarersForm, SiblingsForm, SchoolForm, ActionsForm, IndicatorsForm, SafeguardingForm,
    AssessmentForm, ReferrerForm,
)
# Sections that may be left empty (a child may have no known siblings).
OPTIONAL_SECTIONS = {"siblings"}

# -- public journey -------------------------------------------------------------------


class PublicChildNameForm(SectionForm):
    section = "child"
    title = "What is the child's name?"
    one_of = frozenset({"first_name", "last_name", "other_names"})

    first_name = forms.CharField(label="First name", max_length=100, required=False)
    last_name = forms.CharField(label="Last name", max_length=100, required=False)
    other_names = forms.CharField(label="Any other name they are known by", max_length=250, required=False)

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("first_name") or cleaned.get("last_name") or cleaned.get("other_names")):
            self.add_error("first_name", "Enter the child's first name, last name or a name they are known by")
        return cleaned


class PublicChildAgeForm(SectionForm):
    section = "age"
    title = "How old is the child?"
    one_of = frozenset({"date_of_birth", "approximate_age"})

    date_of_birth = DateField(label="Date of birth, if you know it", noun="date of birth", past_only=True,
                              required=False, help_text="For example, 27 3 2015")
    approximate_age = forms.IntegerField(label="Or their approximate age in years", required=False, min_value=3,
                                         max_value=19, error_messages={
                                             "min_value": "Approximate age must be 3 or more",
                                             "max_value": "Approximate age must be 19 or less",
                                             "invalid": "Approximate age must be a number, like 11"})

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("date_of_birth") and cleaned.get("approximate_age") is None and not self.errors:
            self.add_error("date_of_birth", "Enter the child's date of birth or their approximate age")
        return cleaned


class PublicWhereForm(SectionForm):
    section = "address"
    title = "Where does the child live?"

    line_1 = forms.CharField(label="Address or description of where they live", max_length=300,
                             error_messages={"required": "Enter the address, or describe where the child lives"},
                             help_text="If you do not know the address, describe the street or area")
    town = forms.CharField(label="Town or city", max_length=100, required=False)
    postcode = PostcodeField(label="Postcode", required=False)


class PublicConcernForm(SectionForm):
    section = "concern"
    title = "Why do you think the child is not in education?"

    why = forms.CharField(label="Why do you think the child is not in education?", widget=forms.Textarea,
                          max_length=5000, help_text="For example, you see them at home during school hours",
                          error_messages={"required": "Tell us why you think the child is not in education"})
    school = forms.CharField(label="Their last school", max_length=200, required=False)


class PublicYouForm(SectionForm):
    section = "referrer"
    title = "Your details"
    one_of = frozenset({"email", "phone"})

    anonymous = forms.ChoiceField(label="Do you want to give your details?", choices=[
        ("no", "Yes, you can contact me"), ("yes", "No, I want to stay anonymous")], widget=forms.RadioSelect,
        error_messages={"required": "Select whether you want to give your details"})
    name = forms.CharField(label="Your name", max_length=150, required=False)
    email = EmailAddressField(label="Email address", required=False,
                              help_text="We send your reference number here, and tell you what happened")
    phone = PhoneField(label="Phone number", required=False)
    relationship = forms.CharField(label="How do you know the child?", max_length=150, required=False,
                                   help_text="For example neighbour, relative, family friend")

    CONTACT_FIELDS: ClassVar[tuple[str, ...]] = ("name", "email", "phone")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("anonymous") == "no" and not (cleaned.get("email") or cleaned.get("phone")) and not self.errors:
            self.add_error("email", "Enter an email address or a phone number, or choose to stay anonymous")
        if cleaned.get("anonymous") == "yes":
            # The contact details are hidden once "stay anonymous" is chosen: whatever was
            # typed in them before is ignored, never checked.
            for field in self.CONTACT_FIELDS:
                self._errors.pop(field, None)
                cleaned[field] = ""
        return cleaned


PUBLIC_SECTIONS: tuple[type[SectionForm], ...] = (
    PublicChildNameForm, PublicChildAgeForm, PublicWhereForm, PublicConcernForm, PublicYouForm,
)
