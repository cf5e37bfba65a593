"""The questions of the child index pages: adding a child (after searching for them),
and merging or unmerging two records of the same child."""

from __future__ import annotations

from django import forms

from cme.core.forms import DateField, EmailAddressField, PhoneField, PostcodeField, UpnField, VersionedForm
from cme.rules.child_records import parse_child_reference

from .models import AddressKind, SenStatus, Sex

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


class DetailsForm(VersionedForm):
    """Change who the child is: every change goes into the record's history."""

    first_name = NewChildForm.base_fields["first_name"]
    middle_names = NewChildForm.base_fields["middle_names"]
    last_name = NewChildForm.base_fields["last_name"]
    other_names = forms.CharField(label="Other names the child is known by (optional)", max_length=250, required=False,
                                  error_messages={"max_length": "Other names must be 250 characters or fewer"})
    date_of_birth = DateField(label="Date of birth", noun="date of birth", past_only=True, required=False)
    sex = NewChildForm.base_fields["sex"]
    upn = NewChildForm.base_fields["upn"]
    ethnicity = forms.CharField(label="Ethnicity (optional)", max_length=80, required=False,
                                error_messages={"max_length": "Ethnicity must be 80 characters or fewer"})
    sen_status = forms.ChoiceField(label="Special educational needs", choices=SenStatus.choices,
                                   widget=forms.RadioSelect,
                                   error_messages={"required": "Select the child's special educational needs"})


class SchoolForm(VersionedForm):
    last_school = forms.CharField(label="The last school the child attended", max_length=200, required=False,
                                  error_messages={"max_length": "The school must be 200 characters or fewer"})
    date_last_attended = DateField(label="Date the child last attended", noun="date last attended", not_future=True,
                                   required=False)


class ContactForm(forms.Form):
    first_name = forms.CharField(label="First name", max_length=100, required=False,
                                 error_messages={"max_length": "First name must be 100 characters or fewer"})
    last_name = forms.CharField(label="Last name", max_length=100, required=False,
                                error_messages={"max_length": "Last name must be 100 characters or fewer"})
    relationship = forms.CharField(label="Relationship to the child", max_length=60, required=False,
                                   help_text="For example mother, father, grandparent, foster carer")
    phone = PhoneField(label="Phone number (optional)", required=False)
    other_phone = PhoneField(label="Another phone number (optional)", required=False)
    email = EmailAddressField(label="Email address (optional)", required=False)
    address = forms.CharField(label="Address, if different from the child's (optional)", max_length=300, required=False)
    parental_responsibility = forms.ChoiceField(
        label="Do they have parental responsibility?", required=False, widget=forms.RadioSelect,
        choices=[("yes", "Yes"), ("no", "No"), ("", "Not known")])

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("first_name") or "").strip() and not (cleaned.get("last_name") or "").strip() \
                and "first_name" not in self.errors:
            self.add_error("first_name", "Enter the contact's name")
        return cleaned


class AddressForm(forms.Form):
    kind = forms.ChoiceField(label="What kind of address is it?", choices=AddressKind.choices,
                             widget=forms.RadioSelect, error_messages={"required": "Select what kind of address it is"})
    line_1 = forms.CharField(label="Address line 1", max_length=200,
                             error_messages={"required": "Enter the first line of the address",
                                             "max_length": "Address line 1 must be 200 characters or fewer"})
    line_2 = forms.CharField(label="Address line 2 (optional)", max_length=200, required=False)
    town = forms.CharField(label="Town or city (optional)", max_length=100, required=False)
    postcode = PostcodeField(label="Postcode (optional)", required=False)
    moved_in = DateField(label="Date the child moved in (optional)", noun="date the child moved in", not_future=True,
                         required=False)
    moved_out = DateField(label="Date the child moved out (optional)", noun="date the child moved out",
                          not_future=True, required=False)


class SiblingForm(forms.Form):
    name = forms.CharField(label="Full name", max_length=150,
                           error_messages={"required": "Enter the brother or sister's name"})
    date_of_birth = DateField(label="Date of birth (optional)", noun="date of birth", past_only=True, required=False)
    school = forms.CharField(label="School or college (optional)", max_length=200, required=False)
