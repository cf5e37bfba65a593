"""The questions of the casework pages, one thing per page. Every form that changes what is
already recorded carries the version it was opened at (a hidden field), so a save that
began before someone else's is refused rather than written over theirs."""

from __future__ import annotations

import datetime as dt

from django import forms

from cme.core import clock
from cme.core.forms import DateField, TimeField, VersionedForm
from cme.rules import escalation
from cme.rules.case_lifecycle import EnquiryKind, Outcome, State
from cme.rules.dfe_return import PRIMARY_REASONS
from cme.rules.risk_indicators import INDICATORS

from .models import (
    ActionMethod,
    ActionOutcome,
    Attending,
    EnquiryStatus,
    EscalationAgency,
    Occupied,
    PlacementKind,
    PlacementStatus,
)

YES_NO = [("yes", "Yes"), ("no", "No")]
YES_NO_UNKNOWN = [("yes", "Yes"), ("no", "No"), ("", "Not known")]
TEXT_MAX = 5000


def _text(label: str, *, required: bool = True, rows: bool = True, max_length: int = TEXT_MAX, hint: str = "",
          missing: str = "") -> forms.CharField:
    return forms.CharField(label=label if required else f"{label} (optional)", required=required,
                           max_length=max_length, help_text=hint or None,
                           widget=forms.Textarea if rows else forms.TextInput,
                           error_messages={"required": missing or f"Enter {label[0].lower()}{label[1:]}",
                                           "max_length": f"{label} must be {max_length} characters or fewer"})


def at(day: dt.date, time: dt.time | None) -> dt.datetime:
    """A date and (optional) time in Europe/London as an aware moment. Without a time: now, for
    today; otherwise the start of that day (so the chronology keeps the days in order)."""
    if time is None:
        return clock.now() if day == clock.today() else dt.datetime.combine(day, dt.time(0, 0), tzinfo=clock.LONDON)
    return dt.datetime.combine(day, time, tzinfo=clock.LONDON)


class WhereaboutsForm(VersionedForm):
    known = forms.ChoiceField(label="Do you know where the child is now?", choices=YES_NO, widget=forms.RadioSelect,
                              error_messages={"required": "Select yes if you know where the child is"})
    where = _text("Where the child is, and how you know", required=False,
                  hint="For example, the address, who told you and when")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("known") == "yes" and not (cleaned.get("where") or "").strip():
            self.add_error("where", "Say where the child is, and how you know")
        return cleaned


class ReasonForm(VersionedForm):
    primary_reason = forms.TypedChoiceField(
        label="Main reason the child is missing education", coerce=int,
        choices=[(r.code, r.label) for r in PRIMARY_REASONS],
        error_messages={"required": "Select the main reason the child is missing education"},
        help_text="From the DfE list, for the termly return. The change is kept in the case's history")


class StartDateForm(VersionedForm):
    start_date = DateField(label="Date the child started missing education", noun="start date", not_future=True)


class MoveForm(VersionedForm):
    to = forms.ChoiceField(label="Where has the case got to?", widget=forms.RadioSelect,
                           error_messages={"required": "Select where the case has got to"})

    def __init__(self, *args, choices: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].choices = choices


class ActionForm(forms.Form):
    """One enquiry or contact attempt: who asked whom, when, how, and the answer."""

    enquiry = forms.ChoiceField(label="Which enquiry is this?", required=False)
    day = DateField(label="Date", noun="date", not_future=True)
    time = TimeField(label="Time (optional)", required=False)
    method = forms.ChoiceField(label="How", choices=ActionMethod.choices, widget=forms.RadioSelect,
                               error_messages={"required": "Select how you made the enquiry"})
    whom = forms.CharField(label="Who did you ask or contact?", max_length=200,
                           help_text="Their name and role, or the service, and the number or address you used",
                           error_messages={"required": "Enter who you asked or contacted",
                                           "max_length": "Who you asked must be 200 characters or fewer"})
    outcome = forms.ChoiceField(label="What happened?", choices=ActionOutcome.choices, widget=forms.RadioSelect,
                                error_messages={"required": "Select what happened"})
    answer = _text("What they said", required=False, hint="The answer, or what you will do next")

    def __init__(self, *args, enquiries: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enquiry"].choices = [("", "Not on the checklist"), *enquiries]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("outcome") == ActionOutcome.OTHER and not (cleaned.get("answer") or "").strip():
            self.add_error("answer", "Say what happened")
        return cleaned


class EnquiryStatusForm(forms.Form):
    status = forms.ChoiceField(label="What is the state of this enquiry?", widget=forms.RadioSelect,
                               choices=[(EnquiryStatus.DONE, "Done: the answer came another way"),
                                        (EnquiryStatus.NOT_POSSIBLE, "Not possible or not needed")],
                               error_messages={"required": "Select the state of this enquiry"})
    result = _text("What you found out, or why it is not possible", missing="Say what you found out, or why the "
                                                                            "enquiry is not possible")


class EnquiryAddForm(forms.Form):
    kind = forms.ChoiceField(label="Who is the enquiry with?", choices=[(k.value, k.label) for k in EnquiryKind],
                             error_messages={"required": "Select who the enquiry is with"})
    about = forms.CharField(label="Details (optional)", max_length=200, required=False,
                            help_text="For example, a name and number, or which council",
                            error_messages={"max_length": "Details must be 200 characters or fewer"})


class VisitForm(forms.Form):
    day = DateField(label="Date of the visit", noun="date of the visit", not_future=True)
    time = TimeField(label="Time of the visit", noun="time of the visit",
                     error_messages={"required": "Enter the time of the visit"})
    visitors = forms.CharField(label="Who went?", max_length=200,
                               error_messages={"required": "Enter who went on the visit"})
    address = forms.CharField(label="Address visited", max_length=300,
                              error_messages={"required": "Enter the address you visited"})
    seen = forms.CharField(label="Who was seen?", max_length=300, help_text="Write “No one” if no one answered",
                           error_messages={"required": "Enter who was seen, or “No one”"})
    occupied = forms.ChoiceField(label="Did the property look lived in?", choices=Occupied.choices,
                                 widget=forms.RadioSelect,
                                 error_messages={"required": "Select whether the property looked lived in"})
    neighbours = _text("What neighbours said", required=False)
    notes = _text("Anything else you noticed", required=False)


class NeedsForm(VersionedForm):
    sen = _text("Special educational needs or disability", required=False,
                hint="Whether the child has an EHCP or SEN support, and what they need")
    health = _text("Health needs", required=False)
    first_language = forms.CharField(label="First language (optional)", max_length=80, required=False,
                                     error_messages={"max_length": "First language must be 80 characters or fewer"})
    interpreter_needed = forms.ChoiceField(label="Does the family need an interpreter?", choices=YES_NO_UNKNOWN,
                                           widget=forms.RadioSelect, required=False)
    safeguarding = _text("Safeguarding concerns", required=False)
    other = _text("Anything else the child needs", required=False)
    flags = forms.MultipleChoiceField(
        label="Which of these apply to the child?", required=False, widget=forms.CheckboxSelectMultiple,
        choices=[("child_protection_plan", "Subject of a child protection plan"), ("looked_after", "In care"),
                 ("has_social_worker", "Has a social worker"),
                 ("gypsy_roma_traveller", "Gypsy, Roma or Traveller family"),
                 ("service_family", "Armed Forces family"),
                 ("new_arrival", "New to the country (including asylum-seeking or refugee)"),
                 ("temporary_accommodation", "In temporary accommodation")],
        help_text="These are shown wherever the child appears in CME Tracker")

    def clean(self):
        cleaned = super().clean()
        cleaned["interpreter"] = {"yes": True, "no": False}.get(cleaned.get("interpreter_needed") or "")
        return cleaned


class PlacementForm(VersionedForm):
    kind = forms.ChoiceField(label="What kind of provision?", choices=PlacementKind.choices, widget=forms.RadioSelect,
                             error_messages={"required": "Select what kind of provision"})
    school = forms.ChoiceField(label="School (if it is in the list)", required=False)
    provider_name = forms.CharField(label="Or the school or provider's name", max_length=200, required=False,
                                    error_messages={"max_length": "The name must be 200 characters or fewer"})
    status = forms.ChoiceField(label="Where has it got to?", choices=PlacementStatus.choices, widget=forms.RadioSelect,
                               error_messages={"required": "Select where it has got to"})
    applied_on = DateField(label="Date applied (optional)", noun="date applied", not_future=True, required=False)
    offered_on = DateField(label="Date offered (optional)", noun="date offered", not_future=True, required=False)
    start_date = DateField(label="Start date", noun="start date", required=False,
                           help_text="The day the child started, or will start")
    notes = _text("Notes", required=False)

    def __init__(self, *args, schools: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].choices = [("", "Not in the list"), *schools]

    def clean(self):
        cleaned = super().clean()
        if (cleaned.get("kind") and cleaned.get("kind") != PlacementKind.ELECTIVE_HOME_EDUCATION
                and not cleaned.get("school") and not (cleaned.get("provider_name") or "").strip()):
            self.add_error("school", "Select the school, or give the name of the school or provider")
        if cleaned.get("status") == PlacementStatus.STARTED:
            start = cleaned.get("start_date")
            if start is None and "start_date" not in self.errors:
                self.add_error("start_date", "Enter the day the child started")
            elif start and start > clock.today():
                self.add_error("start_date", "A child cannot have started in the future: choose Accepted instead")
        return cleaned


class AttendanceForm(forms.Form):
    checked_on = DateField(label="Date of the check", noun="date of the check", not_future=True)
    attending = forms.ChoiceField(label="Is the child attending?", choices=Attending.choices, widget=forms.RadioSelect,
                                  error_messages={"required": "Select whether the child is attending"})
    percent = forms.IntegerField(label="Attendance since the last check, as a percentage (optional)", required=False,
                                 min_value=0, max_value=100,
                                 error_messages={"invalid": "Enter attendance as a whole number, like 92",
                                                 "min_value": "Attendance must be 0% or more",
                                                 "max_value": "Attendance must be 100% or less"})
    told_by = forms.CharField(label="Who told you?", max_length=200, help_text="Their name and role at the school",
                              error_messages={"required": "Enter who told you"})
    note = _text("Notes", required=False)


class RiskForm(VersionedForm):
    """The 20 indicators and the police and social care questions, answered again on the case."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for indicator in INDICATORS:
            self.fields[f"indicator_{indicator.number}"] = forms.ChoiceField(
                label=f"{indicator.number}. {indicator.text}", required=False, widget=forms.RadioSelect,
                choices=[("no", "No"), ("yes-current", "Yes – current"), ("yes-historic", "Yes – historic"),
                         ("", "Not known")])
        for question in escalation.QUESTIONS:
            self.fields[question.key] = forms.ChoiceField(label=question.text, required=False, widget=forms.RadioSelect,
                                                          choices=YES_NO_UNKNOWN)

    def indicator_answers(self) -> dict[int, tuple[str, str]]:
        result = {}
        for indicator in INDICATORS:
            value = self.cleaned_data.get(f"indicator_{indicator.number}") or ""
            if value:
                answer, _, timing = value.partition("-")
                result[indicator.number] = (answer, timing)
        return result

    def escalation_answers(self) -> dict[str, bool | None]:
        return {q.key: {"yes": True, "no": False}.get(self.cleaned_data.get(q.key) or "") for q in escalation.QUESTIONS}


class EscalationForm(forms.Form):
    agency = forms.ChoiceField(label="Who did you refer the child to?", choices=EscalationAgency.choices,
                               widget=forms.RadioSelect, error_messages={"required": "Select who you referred the child to"})
    made_on = DateField(label="Date of the referral", noun="date of the referral", not_future=True)
    reference = forms.CharField(label="Their reference (optional)", max_length=60, required=False,
                                error_messages={"max_length": "The reference must be 60 characters or fewer"})
    reason = _text("Why you made the referral")


class EscalationOutcomeForm(VersionedForm):
    outcome = _text("What they did")
    outcome_on = DateField(label="Date you heard", noun="date you heard", not_future=True)


class NoteForm(forms.Form):
    text = _text("Note", missing="Enter the note")


class DocumentForm(forms.Form):
    file = forms.FileField(label="Document", error_messages={"required": "Select a document",
                                                             "empty": "The selected file is empty"},
                           help_text="A PDF, Word document (.docx) or a JPG or PNG image")
    description = forms.CharField(label="What is it? (optional)", max_length=200, required=False,
                                  error_messages={"max_length": "The description must be 200 characters or fewer"})


class TaskForm(forms.Form):
    title = forms.CharField(label="What needs doing?", max_length=200,
                            error_messages={"required": "Enter what needs doing",
                                            "max_length": "The task must be 200 characters or fewer"})
    due_on = DateField(label="Due date", noun="due date")
    owner = forms.ChoiceField(label="Who will do it?", required=False)

    def __init__(self, *args, officers: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [("", "The case officer"), *officers]


class TaskDoneForm(VersionedForm):
    outcome = forms.CharField(label="Outcome (optional)", max_length=300, required=False,
                              error_messages={"max_length": "The outcome must be 300 characters or fewer"})


class AllocateForm(VersionedForm):
    officer = forms.ChoiceField(label="Who should work on this case?", widget=forms.RadioSelect,
                                error_messages={"required": "Select an officer, or leave the case unallocated"})

    def __init__(self, *args, officers: list[tuple[str, str, str]], **kwargs):
        """officers: (id, name and role, their workload: a hint under the name)."""
        super().__init__(*args, **kwargs)
        self.fields["officer"].choices = [*((value, label) for value, label, _ in officers),
                                          ("none", "Nobody: put it back in the unallocated queue")]
        self.fields["officer"].choice_hints = {value: hint for value, _, hint in officers}


class CloseForm(VersionedForm):
    outcome = forms.ChoiceField(label="Why is the case closing?", choices=[(o.value, o.label) for o in Outcome],
                                widget=forms.RadioSelect, error_messages={"required": "Select why the case is closing"})
    evidence = _text("The evidence", hint="What you saw or were told, by whom and when. Name the school, council or "
                                          "agency that confirmed it", missing="Give the evidence for this outcome")


class ReopenForm(VersionedForm):
    reason = _text("Why are you reopening the case?", missing="Give the reason for reopening the case")


STATE_CHOICES = [(state.value, state.label) for state in State if state is not State.CLOSED]
