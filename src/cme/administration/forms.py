"""The administrator's account form: GOV.UK fields, a person's role and, for a school or agency
user, the organisation they work for."""

from __future__ import annotations

from django import forms

from cme.accounts.roles import ROLE_LABELS, Role
from cme.core.forms import CsvFileField, GovukMessages, VersionedForm
from cme.core.uploads import Upload

ROLE_HINTS = {
    Role.CME_OFFICER: "Triages referrals and works on cases",
    Role.CME_MANAGER: "An officer who also allocates cases and sees the whole team's work",
    Role.SCHOOL_USER: "Sends the school's returns and referrals, and sees what became of them",
    Role.AGENCY_USER: "Answers the CME team's checks for their agency, and refers children",
    Role.AUDITOR: "Reads the statistics and who has looked at children's records; no casework",
    Role.ADMINISTRATOR: "Adds and changes user accounts, schools and partner agencies; no casework",
}


class AccountForm(GovukMessages, VersionedForm):
    full_name = forms.CharField(label="Full name", max_length=150,
                                error_messages={"required": "Enter the person's full name"})
    email = forms.EmailField(label="Email address", max_length=254,
                             help_text="Their work email address: the invitation goes there, and they sign in with it",
                             error_messages={"required": "Enter the person's email address",
                                             "invalid": "Enter an email address in the correct format, like "
                                                        "name@example.gov.uk"})
    job_title = forms.CharField(label="Job title (optional)", max_length=120, required=False)
    role = forms.ChoiceField(label="What do they do in CME Tracker?", widget=forms.RadioSelect,
                             choices=[(role.value, ROLE_LABELS[role]) for role in Role],
                             error_messages={"required": "Select what the person does in CME Tracker"})
    school = forms.TypedChoiceField(label="School (for a school user)", coerce=int, required=False, empty_value=None,
                                    error_messages={"invalid_choice": "Choose a school from the list"})
    agency = forms.TypedChoiceField(label="Partner agency (for a partner agency user)", coerce=int, required=False,
                                    empty_value=None,
                                    error_messages={"invalid_choice": "Choose an agency from the list"})
    active = forms.TypedChoiceField(label="Can they sign in?", widget=forms.RadioSelect, coerce=lambda v: v == "yes",
                                    choices=[("yes", "Yes: the account is on"),
                                             ("no", "No: switch the account off (its history is kept)")],
                                    error_messages={"required": "Select whether the person can sign in"})

    def __init__(self, *args, schools: list[tuple[int, str]], agencies: list[tuple[int, str]], new: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choice_hints = {role.value: hint for role, hint in ROLE_HINTS.items()}
        self.fields["school"].choices = [("", "Choose a school"), *((str(pk), name) for pk, name in schools)]
        self.fields["agency"].choices = [("", "Choose an agency"), *((str(pk), name) for pk, name in agencies)]
        if new:  # a new account is on; its email address is who it is, and is not changed afterwards
            del self.fields["active"], self.fields["version"]
        else:
            del self.fields["email"]

    def clean(self):
        data = super().clean()
        role = data.get("role")
        if role == Role.SCHOOL_USER and not data.get("school") and "school" not in self.errors:
            self.add_error("school", "Choose the school this person works at")
        if role == Role.AGENCY_USER and not data.get("agency") and "agency" not in self.errors:
            self.add_error("agency", "Choose the agency this person works for")
        return data


class SchoolForm(GovukMessages, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)  # cme.core.history.Versioned

    class Meta:
        from cme.schools.models import School

        model = School
        fields = ["name", "laestab", "urn", "phase", "establishment_type", "postcode", "email", "is_open"]
        labels = {"name": "School name", "laestab": "LAESTAB", "urn": "URN (optional)", "phase": "Phase",
                  "establishment_type": "Type of school", "postcode": "Postcode (optional)",
                  "email": "Office email address (optional)", "is_open": "Open"}
        help_texts = {"laestab": "The council's 3-digit number and the school's 4-digit establishment number, "
                                 "like 8552001",
                      "urn": "The school's 6-digit unique reference number, from Get Information about Schools",
                      "is_open": "Untick when the school closes: returns and records that name it are kept"}
        error_messages = {"name": {"required": "Enter the school's name"},
                          "laestab": {"required": "Enter the school's LAESTAB",
                                      "unique": "A school with this LAESTAB is already in CME Tracker"},
                          "urn": {"unique": "A school with this URN is already in CME Tracker"},
                          "phase": {"required": "Select the school's phase"},
                          "establishment_type": {"required": "Select the type of school"},
                          "email": {"invalid": "Enter an email address in the correct format, like "
                                               "office@school.example"}}
        widgets = {"phase": forms.RadioSelect, "establishment_type": forms.Select}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phase"].choices = [c for c in self.fields["phase"].choices if c[0] != ""]
        self.fields["establishment_type"].choices = [("", "Choose the type"),
                                                     *(c for c in self.fields["establishment_type"].choices if c[0])]


class AgencyForm(GovukMessages, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)  # cme.core.history.Versioned

    class Meta:
        from cme.accounts.models import Agency

        model = Agency
        fields = ["name", "kind", "email", "phone"]
        labels = {"name": "Agency or team name", "kind": "What kind of agency is it?",
                  "email": "Email address for checks (optional)", "phone": "Phone (optional)"}
        help_texts = {"email": "Checks go here by email, with a secure link, when nobody at the agency has an account"}
        error_messages = {"name": {"required": "Enter the agency's name"},
                          "kind": {"required": "Select what kind of agency it is"},
                          "email": {"invalid": "Enter an email address in the correct format, like "
                                               "team@agency.example"}}
        widgets = {"kind": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [c for c in self.fields["kind"].choices if c[0] != ""]


class GiasUploadForm(GovukMessages, forms.Form):
    file = CsvFileField(upload=Upload.GIAS_CSV, label="Get Information about Schools extract (CSV)",
                        error_messages={"required": "Select the CSV file from Get Information about Schools",
                                        "empty": "The selected file is empty"})


class StaffUploadForm(GovukMessages, forms.Form):
    file = CsvFileField(upload=Upload.STAFF_CSV, label="The list of people (CSV)",
                        error_messages={"required": "Select the CSV file of people to add",
                                        "empty": "The selected file is empty"})
