"""The questions of the child index pages: adding a child (after searching for them),
and merging or unmerging two records of the same child."""

from __future__ import annotations

from django import forms

from cme.core.forms import DateField, PostcodeField, UpnField
from cme.rules.child_records import parse_child_reference

from .models import Sex

SEX_CHOICES = [(Sex.FEMALE.value, "Female"), (Sex.MALE.value, "Male"), (Sex.UNKNOWN.value, "Not known")]
REASON_MAX = 1000


class NewChildForm(forms.Form):
    """What an officer knows about a child they are adding. The same form checks the
    details again when they come back from the search page as hidden fields."""

    first_name = forms.CharField(label="First name", max_length=100,
                                 error_messages={"required": "Enter the child's first name",
                                                 "max_length": "First name must be 100 characters or fewer"})
    middle_names = forms.CharField(label="Middle names (optional)", max_length=150, required=False,
                                   error_messages={"max_length": "Middle names must be 150 characters or fewer"})
    last_name = forms.CharField(label="Last name", max_length=100,
                                error_messages={"required": "Enter the child's last name",
                                                "max_length": "Last name must be 100 characters or fewer"})
    date_of_birth = DateField(label="Date of birth", noun="date of birth", past_only=True,
                              help_text="For example, 27 3 2015")
    sex = forms.ChoiceField(label="Sex", choices=SEX_CHOICES, widget=forms.RadioSelect,
                            error_messages={"required": "Select the child's sex, or Not known",
                                            "invalid_choice": "Select the child's sex, or Not known"})
    postcode = PostcodeField(label="Postcode (optional)", required=False,
                             help_text="Of the address where the child lives or was last known to live")
    upn = UpnField(label="Unique pupil number (UPN) (optional)",
                          help_text="13 characters, starting with a letter, like B801200005001")

    def clean_first_name(self):
        return " ".join(self.cleaned_data["first_name"].split())

    def clean_middle_names(self):
        return " ".join(self.cleaned_data.get("middle_names", "").split())

    def clean_last_name(self):
        return " ".join(self.cleaned_data["last_name"].split())

    def as_hidden_values(self) -> list[tuple[str, str]]:
        """The cleaned details as (name, value) pairs for hidden inputs."""
        data = self.cleaned_data
        return [("first_name", data["first_name"]), ("middle_names", data["middle_names"]),
                ("last_name", data["last_name"]), ("date_of_birth", data["date_of_birth"].isoformat()),
                ("sex", data["sex"]), ("postcode", data["postcode"]), ("upn", data["upn"])]


class MergeReferenceForm(forms.Form):
    reference = forms.CharField(
        label="Reference of the other record", max_length=20,
        help_text="It starts with C, like C000123. You can find it above the child's name on their record",
        error_messages={"required": "Enter the reference of the other record, like C000123",
                        "max_length": "Enter a child reference like C000123"})

    def clean_reference(self):
        record_id = parse_child_reference(self.cleaned_data["reference"])
        if record_id is None:
            raise forms.ValidationError("Enter a child reference like C000123")
        return record_id


class MergeConfirmForm(forms.Form):
    keep = forms.ChoiceField(label="Which record do you want to keep?", widget=forms.RadioSelect,
                             error_messages={"required": "Select which record to keep",
                                             "invalid_choice": "Select which record to keep"})
    reason = forms.CharField(label="Why are these the same child?", widget=forms.Textarea, max_length=REASON_MAX,
                             help_text="For example, what you checked. This is shown on both records and in "
                                       "their history",
                             error_messages={"required": "Enter why these records are the same child",
                                             "max_length": f"Reason must be {REASON_MAX} characters or fewer"})
    version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, records: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["keep"].choices = [(str(child.pk), f"Keep {child.reference} ({child.full_name})")
                                       for child in records]

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError("Enter why these records are the same child")
        return reason


class UndoMergeForm(forms.Form):
    reason = forms.CharField(label="Why are you undoing this merge?", widget=forms.Textarea, max_length=REASON_MAX,
                             help_text="For example, what shows these are two different children",
                             error_messages={"required": "Enter why you are undoing this merge",
                                             "max_length": f"Reason must be {REASON_MAX} characters or fewer"})

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError("Enter why you are undoing this merge")
        return reason
