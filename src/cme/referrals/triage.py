"""What the triage page works out for an officer: is the child missing education (and
which test fails if not), the police and social care questions, the risk summary and
the children the referral may be about. Pure reading; decisions are in services."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django import forms

from cme.accounts.councils import council_picker
from cme.children.candidates import find_candidates
from cme.core import clock
from cme.core.forms import DateField
from cme.core.rules_config import leaving_rule
from cme.matching.scoring import Candidate
from cme.rules import classification, escalation
from cme.rules.classification import ChildFacts, EheStatus
from cme.rules.dfe_return import PRIMARY_REASONS
from cme.rules.identity import Person

from .models import RedirectKind, Referral
from .services import escalation_answers as services_escalation_answers
from .services import indicator_answers, risk_summary

CHECK_CHOICES = [("yes", "Yes"), ("no", "No"), ("", "Not checked yet")]
EHE_CHOICES = [("none", "Not home educated"), ("not-assessed", "Home educated, not yet assessed"),
               ("suitable", "Home educated, suitable"), ("unsuitable", "Home educated, assessed as unsuitable"),
               ("", "Not checked yet")]


def _yes_no(value) -> bool | None:
    return {"yes": True, "no": False}.get(value)


def postcode_in_area(referral: Referral) -> bool | None:
    """A postcode whose district is in the LA's list says the child lives here; any other
    postcode leaves residence to be checked (boundaries cut across districts)."""
    if not referral.child_postcode:
        return None
    district = referral.child_postcode.split()[0]
    return True if district in referral.local_authority.districts else None


def facts_for(referral: Referral, on: dt.date | None = None) -> ChildFacts:
    checks = referral.triage_checks or {}
    resident = _yes_no(checks.get("resident"))
    if resident is None:
        resident = postcode_in_area(referral)
    ehe = checks.get("ehe")
    return ChildFacts(
        on=on or clock.today(), dob=referral.child_dob, resident_in_la=resident,
        on_school_roll=_yes_no(checks.get("on_roll")), ehe=EheStatus(ehe) if ehe else None,
        alternative_provision=_yes_no(checks.get("alternative_provision")))


def classify(referral: Referral) -> classification.Classification:
    return classification.classify(facts_for(referral), leaving_rule())


def escalation_answers(referral: Referral) -> dict[str, bool | None]:
    stored = services_escalation_answers(referral)
    answers: dict[str, bool | None] = {q.key: stored.get(q.key) for q in escalation.QUESTIONS}
    in_care = (referral.answers.get("child") or {}).get("child_in_care")
    if answers["social-care-looked-after"] is None and in_care in ("yes", "no"):
        answers["social-care-looked-after"] = in_care == "yes"
    return answers


def recommendations(referral: Referral) -> list[escalation.Recommendation]:
    return escalation.recommend(escalation_answers(referral), indicator_answers(referral))


def candidates(referral: Referral) -> list[Candidate]:
    child = referral.answers.get("child") or {}
    incoming = Person(first_name=referral.child_first_name, last_name=referral.child_last_name,
                             other_names=child.get("other_names", ""), date_of_birth=referral.child_dob, sex=child.get("sex", ""),
                             postcode=referral.child_postcode, upn=referral.child_upn)
    return find_candidates(incoming, local_authority_id=referral.local_authority_id, exclude_referral_id=referral.pk)


@dataclass
class TriageView:
    classification: classification.Classification
    recommendations: list[escalation.Recommendation]
    escalation_answers: dict[str, bool | None]
    risk: object
    candidates: list[Candidate]


def triage_view(referral: Referral, found: list[Candidate] | None = None) -> TriageView:
    """Everything the triage page shows; `found` is the candidates if the caller has already matched."""
    return TriageView(classify(referral), recommendations(referral), escalation_answers(referral),
                      risk_summary(referral), candidates(referral) if found is None else found)


# -- the officer's forms ------------------------------------------------------------------

class ChecksForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    resident = forms.ChoiceField(label="Does the child live in this local authority?", choices=CHECK_CHOICES,
                                 widget=forms.RadioSelect, required=False)
    on_roll = forms.ChoiceField(label="Is the child on a school roll?", choices=CHECK_CHOICES, widget=forms.RadioSelect,
                                required=False)
    ehe = forms.ChoiceField(label="Is the child electively home educated?", choices=EHE_CHOICES,
                            widget=forms.RadioSelect, required=False)
    alternative_provision = forms.ChoiceField(label="Is the child in alternative provision arranged by the council?",
                                              choices=CHECK_CHOICES, widget=forms.RadioSelect, required=False)


class EscalationForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for question in escalation.QUESTIONS:
            self.fields[question.key] = forms.ChoiceField(label=question.text, choices=CHECK_CHOICES,
                                                          widget=forms.RadioSelect, required=False)


class AcceptForm(forms.Form):
    match = forms.ChoiceField(label="Who is this child?", widget=forms.RadioSelect,
                              error_messages={"required": "Select whether this is a new child or one already known"})
    primary_reason = forms.TypedChoiceField(
        label="Main reason the child is missing education", coerce=int,
        choices=[("", "Select the DfE reason")] + [(r.code, r.label) for r in PRIMARY_REASONS],
        error_messages={"required": "Select the main reason the child is missing education"},
        help_text="From the DfE list, for the termly return")
    start_date = DateField(label="Date the child started missing education", noun="start date", not_future=True,
                           required=False, help_text="Leave blank to use the day after the child last attended school")
    allocate_to = forms.ChoiceField(label="Allocate to", required=False)

    def __init__(self, *args, match_choices: list[tuple[str, str]], officers: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["match"].choices = match_choices
        self.fields["allocate_to"].choices = [("", "Do not allocate yet"), *officers]


class RedirectForm(forms.Form):
    kind = forms.ChoiceField(label="Why is the child not missing education?", choices=RedirectKind.choices,
                             widget=forms.RadioSelect, error_messages={"required": "Select where the referral goes instead"})
    other_la = forms.ChoiceField(label="The local authority the child lives in", required=False, widget=council_picker(),
                                 help_text="From the directory of councils. Type to jump to a name.")
    other_la_name = forms.CharField(label="Or type its name, if it is not in the list", max_length=120, required=False)
    note = forms.CharField(label="Note for the record (not sent to the referrer)", widget=forms.Textarea,
                           required=False, max_length=2000)

    def __init__(self, *args, authorities: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["other_la"].choices = [("", "Select a local authority"), *authorities]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == RedirectKind.OTHER_LA and not (cleaned.get("other_la") or cleaned.get("other_la_name")):
            self.add_error("other_la", "Select or type the local authority the child lives in")
        return cleaned


class RejectForm(forms.Form):
    reason = forms.CharField(label="Why are you not accepting this referral?", widget=forms.Textarea, max_length=2000,
                             help_text="The referrer is told this reason",
                             error_messages={"required": "Give the reason for not accepting the referral"})
