"""The forms of partners' work, with GOV.UK error messages."""

from __future__ import annotations

import hashlib

from django import forms

from cme.accounts.councils import council_picker
from cme.core.forms import DateField, GovukMessages

from .models import ANSWERS_ALLOWED, DOCUMENTS_MAX, NOT_KNOWN_HERE, EnquiryStatus, SharedField

TEXT_MAX = 4000


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one file input: a list, empty when none was chosen."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if not files:
            super().clean(None, initial)  # "required", if it is
            return []
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


def _text(label: str, *, required: bool = True, rows: bool = True, max_length: int = TEXT_MAX, hint: str = "",
          missing: str = "") -> forms.CharField:
    optional = required or "(optional" in label
    return forms.CharField(label=label if optional else f"{label} (optional)", required=required,
                           max_length=max_length, help_text=hint or None,
                           widget=forms.Textarea if rows else forms.TextInput,
                           error_messages={"required": missing or f"Enter {label[0].lower()}{label[1:]}"})


class CheckForm(GovukMessages, forms.Form):
    agency = forms.ChoiceField(label="Agency", error_messages={"required": "Select the agency to ask",
                                                                "invalid_choice": "Select the agency to ask"})
    team = _text("Team in the agency", required=False, rows=False, max_length=160,
                 hint="For example, the health visiting team for the north of the county")
    question = _text("What are you asking?", missing="Say what you are asking the agency",
                     hint="For example: is the family known to you, and what is the last address you hold?")
    fields = forms.MultipleChoiceField(
        label="What the agency is told about the child", choices=SharedField.choices,
        widget=forms.CheckboxSelectMultiple, initial=[SharedField.NAME, SharedField.DATE_OF_BIRTH],
        help_text="Only what the agency needs to search its records. The name is always needed.",
        error_messages={"required": "Select what the agency is told about the child"})
    school_days = forms.IntegerField(label="Answer within (school days)", min_value=1, max_value=60, initial=5,
                                     widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
                                     error_messages={"required": "Enter the number of school days",
                                                     "invalid": "Enter the number of school days as a number",
                                                     "min_value": "Give at least 1 school day",
                                                     "max_value": "Give at most 60 school days"})
    email = forms.EmailField(label="Email address for an agency without accounts (optional)", required=False,
                             help_text="Agencies without accounts get an email with a secure link to answer. "
                                       "Leave blank to use the agency's address.",
                             error_messages={"invalid": "Enter an email address in the correct format, like "
                                                        "name@example.gov.uk"})

    def __init__(self, *args, agencies: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = [("", "Select an agency"), *agencies]


class CheckAnswerForm(GovukMessages, forms.Form):
    known = forms.ChoiceField(label="Is the child or family known to you?", widget=forms.RadioSelect,
                              choices=[("yes", "Yes, known"), ("no", "No, not known")],
                              error_messages={"required": "Select whether the child or family is known to you"})
    last_contact = DateField(label="Date of your last contact (optional)", noun="date of last contact",
                             not_future=True, required=False, help_text="For example, 27 3 2026")
    address_held = _text("Address you hold (optional)", required=False, max_length=500)
    worker_name = _text("Worker's name (optional)", required=False, rows=False, max_length=160,
                        hint="Who the CME team can talk to about the family")
    answer = _text("Anything else the team should know (optional)", required=False)
    documents = MultipleFileField(label="Documents (optional)", required=False,
                                  help_text="PDFs, Word documents (.docx) or JPG or PNG images: choose several at once "
                                            f"if you need to, up to {DOCUMENTS_MAX}",
                                  error_messages={"empty": "The selected file is empty"})
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class LinkNameForm(forms.Form):
    answered_by_name = forms.CharField(label="Your name and role", max_length=160,
                                       error_messages={"required": "Enter your name"})


class EnquiryForm(GovukMessages, forms.Form):
    council = forms.ChoiceField(label="Council the child is believed to have moved to", widget=council_picker(),
                                help_text="From the directory of councils. Type part of its name to find it.",
                                error_messages={"required": "Select the council",
                                                "invalid_choice": "Select the council from the list"})
    questions = _text("What are you asking them?", missing="Say what you are asking the other council",
                      hint="For example: is the child known to you, on a school roll or in your CME records? "
                           "If so, will you take the case?")

    def __init__(self, *args, councils: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["council"].choices = [("", "Select a council"), *councils]


class EnquiryAnswerForm(GovukMessages, forms.Form):
    status = forms.ChoiceField(label="What is your answer?", widget=forms.RadioSelect,
                               error_messages={"required": "Select your answer"})
    answer = _text("What you found, or your reason (optional unless you reject)", required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # The record of the receiving council's own the answer was drafted from (a child's id), or
    # "none" when the officer said the child is not known here; accepting opens the case for it.
    record = forms.CharField(widget=forms.HiddenInput, required=False)
    # The answer the words were drafted for, and a digest of the words: sent unchanged under an
    # answer that says the opposite ("not known" words under "we accept"), they are refused.
    drafted_for = forms.CharField(widget=forms.HiddenInput, required=False)
    drafted = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, allow_accept: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [(s.value, ANSWERS_ALLOWED[s]) for s in ANSWERS_ALLOWED
                                         if allow_accept or s != EnquiryStatus.ACCEPTED]

    def clean(self):
        cleaned = super().clean()
        status, answer = cleaned.get("status"), cleaned.get("answer") or ""
        if status == EnquiryStatus.REJECTED and not answer.strip():
            self.add_error("answer", "Give the reason for rejecting the enquiry")
        drafted_for = cleaned.get("drafted_for")
        if (status and drafted_for in EnquiryStatus.values and status != EnquiryStatus.REJECTED
                and (drafted_for == EnquiryStatus.NOT_KNOWN) != (status == EnquiryStatus.NOT_KNOWN)
                and answer.strip() and draft_digest(answer) == cleaned.get("drafted")):
            self.add_error("answer", f"These words were drafted for the answer “{ANSWERS_ALLOWED[EnquiryStatus(drafted_for)]}”"
                                     ". Change them to match your answer, or clear them")
        return cleaned

    def clean_record(self) -> int | str | None:
        """A child's id, NOT_KNOWN_HERE, or None when no record was chosen."""
        record = (self.cleaned_data.get("record") or "").strip()
        if record == NOT_KNOWN_HERE:
            return NOT_KNOWN_HERE
        if record.isdigit() and len(record) < 19:
            return int(record)
        if record:
            raise forms.ValidationError("Choose the record to answer from again")
        return None


def draft_digest(text: str) -> str:
    """The drafted words' digest, as a browser sends them back (line ends as CRLF or not)."""
    return hashlib.sha256(" ".join(text.split()).encode()).hexdigest()


class ReasonForm(forms.Form):
    reason = _text("Why?", missing="Give the reason")


class ContactForm(GovukMessages, forms.Form):
    email = forms.EmailField(label="CME team email", required=False, max_length=254,
                             error_messages={"invalid": "Enter an email address in the correct format, like "
                                                        "cme@example.gov.uk"})
    phone = forms.CharField(label="CME team phone", required=False, max_length=40)
    address = forms.CharField(label="CME team address", required=False, max_length=500, widget=forms.Textarea)


class PanelForm(GovukMessages, forms.Form):
    title = forms.CharField(label="Name of the panel", max_length=160, initial="Multi-agency CME panel",
                            error_messages={"required": "Enter the name of the panel"})
    meets_on = DateField(label="Date of the meeting", noun="date of the meeting",
                         help_text="For example, 14 1 2027")
    chair = forms.ChoiceField(label="Chair", error_messages={"required": "Select who chairs the panel"})
    attendees = forms.CharField(
        label="Attendees", widget=forms.Textarea, max_length=4000,
        help_text="One a line: name, then a comma and their role or organisation. Partner agencies' attendees are "
                  "matched to the agency by its name.",
        error_messages={"required": "List who attends"})

    def __init__(self, *args, staff: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chair"].choices = [("", "Select the chair"), *staff]


class PanelCaseForm(forms.Form):
    reference = forms.CharField(label="Case reference", max_length=12, help_text="For example, CME000123",
                                error_messages={"required": "Enter the case reference"})


class PanelDecisionForm(GovukMessages, forms.Form):
    decision = _text("Decision", missing="Record the panel's decision")
    action = _text("Action agreed (optional)", required=False, rows=False, max_length=500)
    owner = forms.ChoiceField(label="Action for an officer (optional)", required=False)
    agency = forms.ChoiceField(label="Or for an agency (optional)", required=False,
                               help_text="The action goes to the agency's queue of checks")
    due_on = DateField(label="Action due by (optional)", noun="date the action is due", required=False)

    def __init__(self, *args, officers: list[tuple[str, str]], agencies: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [("", "No officer"), *officers]
        self.fields["agency"].choices = [("", "No agency"), *agencies]


class CtfForm(GovukMessages, forms.Form):
    kind = forms.ChoiceField(label="What happened?", widget=forms.RadioSelect,
                             error_messages={"required": "Choose what happened to the CTF"})
    on = DateField(label="Date", noun="date", not_future=True)
    other_party = forms.CharField(label="School or council (optional)", max_length=200, required=False,
                                  help_text="Its name or LAESTAB, for example 9994001")
    note = forms.CharField(label="Note (optional)", required=False, max_length=2000, widget=forms.Textarea)

    def __init__(self, *args, **kwargs):
        from .models import CtfKind

        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = CtfKind.choices
