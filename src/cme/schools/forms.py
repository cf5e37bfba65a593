"""The statutory return forms. Each asks only what its ground needs."""

from __future__ import annotations

from django import forms

from cme.accounts.councils import council_picker
from cme.core import clock
from cme.core.forms import DateField, GovukMessages, PhoneField, PostcodeField, UpnField, YesNoField
from cme.rules import deletion_grounds
from cme.rules.deletion_grounds import NextStep

SEX = [("F", "Female"), ("M", "Male")]


class PupilFields(GovukMessages, forms.Form):
    """The pupil, their address and parents: what reg 13 returns carry from the admission register."""

    first_name = forms.CharField(label="First name", max_length=100, error_messages={"required": "Enter the pupil's first name"})
    middle_names = forms.CharField(label="Middle names", max_length=150, required=False)
    last_name = forms.CharField(label="Last name", max_length=100, error_messages={"required": "Enter the pupil's last name"})
    other_names = forms.CharField(label="Other names the pupil is known by", max_length=250, required=False)
    date_of_birth = DateField(label="Date of birth", noun="date of birth", past_only=True)
    sex = forms.ChoiceField(label="Sex", choices=SEX, widget=forms.RadioSelect,
                            error_messages={"required": "Select the pupil's sex",
                                            "invalid_choice": "Sex must be F (female) or M (male)"})
    upn = UpnField(label="UPN", help_text="Unique pupil number, like B801200005001")
    address_line_1 = forms.CharField(label="Address line 1", max_length=200,
                                     error_messages={"required": "Enter the first line of the pupil's address"})
    address_line_2 = forms.CharField(label="Address line 2 (optional)", max_length=200, required=False)
    town = forms.CharField(label="Town or city", max_length=100, required=False)
    postcode = PostcodeField(label="Postcode", error_messages={"required": "Enter the pupil's postcode"})
    parent_1_name = forms.CharField(label="Name of the parent the pupil lives with", max_length=150,
                                    error_messages={"required": "Enter the name of the parent the pupil lives with"})
    parent_1_relationship = forms.CharField(label="Relationship to the pupil", max_length=60, required=False)
    parent_1_phone = PhoneField(label="Emergency phone number for this parent",
                                error_messages={"required": "Enter an emergency phone number for the parent"})
    parent_2_name = forms.CharField(label="Name of another parent the pupil lives with (optional)", max_length=150,
                                    required=False)
    parent_2_relationship = forms.CharField(label="Relationship to the pupil", max_length=60, required=False)
    parent_2_phone = PhoneField(label="Emergency phone number for this parent", required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("parent_2_phone") and not cleaned.get("parent_2_name"):
            self.add_error("parent_2_name", "Enter the name of the second parent, or remove their phone number")
        return cleaned

    def parents(self) -> tuple[dict, ...]:
        result = []
        for index in (1, 2):
            name = self.cleaned_data.get(f"parent_{index}_name")
            if name:
                result.append({"name": name, "relationship": self.cleaned_data.get(f"parent_{index}_relationship", ""),
                               "phone": self.cleaned_data.get(f"parent_{index}_phone", "")})
        return tuple(result)


def ground_choices() -> list[tuple[str, str]]:
    return [(g.code, g.label) for g in deletion_grounds.GROUNDS_2024 + deletion_grounds.GROUNDS_2006]


class DeletionGroundForm(forms.Form):
    deletion_date = DateField(label="Date the pupil's name is deleted from the admission register",
                              noun="deletion date", help_text="For example, 21 11 2026")
    ground = forms.ChoiceField(label="Ground for deletion", widget=forms.RadioSelect,
                               error_messages={"required": "Select the ground for deletion",
                                               "invalid_choice": "Select a ground for deletion from the list"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ground"].choices = ground_choices()

    def clean(self):
        cleaned = super().clean()
        day, code = cleaned.get("deletion_date"), cleaned.get("ground")
        if day and code:
            try:
                in_force = deletion_grounds.regulations_in_force(day)
            except deletion_grounds.NoGroundsError as problem:
                self.add_error("deletion_date", str(problem))
                return cleaned
            ground = deletion_grounds.ground(code)
            if ground.regulations is not in_force:
                self.add_error("ground", f"For a deletion on {day:%-d %B %Y}, choose a ground from the "
                                         f"{in_force.value} regulations")
            elif deletion_grounds.too_far_ahead(day, clock.today()):
                self.add_error("deletion_date", deletion_grounds.TOO_FAR_AHEAD)
        return cleaned


def asks_for_destination(ground: deletion_grounds.DeletionGround) -> bool:
    return ground.destination_decides or ground.next_step is NextStep.AWAIT_NEW_PUPIL_RETURN


def asks_for_new_address(ground: deletion_grounds.DeletionGround) -> bool:
    return ground.destination_decides


class DeletionDetailsForm(PupilFields):
    """The pupil, and what this ground needs: a destination, a new address, or the
    joint enquiries made with the LA."""

    def __init__(self, *args, ground: deletion_grounds.DeletionGround, schools: list[tuple[str, str]],
                 authorities: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.ground = ground
        if asks_for_destination(ground):
            self.fields["destination_school"] = forms.ChoiceField(
                label="The school the pupil is going to, if known", required=False,
                error_messages={"invalid_choice": "Select the school the pupil is going to from the list"},
                choices=[("", "Not known, or not in this list"), *schools])
            self.fields["destination_school_name"] = forms.CharField(
                label="Or its name, if it is not in the list", max_length=200, required=False,
                error_messages={"max_length": "The school's name must be 200 characters or fewer"})
            self.fields["destination_start_date"] = DateField(label="Date the pupil starts there, if known",
                                                              noun="start date", required=False)
        if asks_for_new_address(ground):
            self.fields["new_address"] = forms.CharField(label="The pupil's new address, if known", max_length=300,
                                                         required=False, widget=forms.Textarea)
            self.fields["new_address_from"] = DateField(label="Date the pupil lives there from", noun="date",
                                                        required=False)
            self.fields["new_la_code"] = forms.ChoiceField(label="The local authority the pupil has moved to, if known",
                                                           required=False, widget=council_picker(), error_messages={
                                                               "invalid_choice": "Select the local authority the pupil "
                                                                                 "has moved to from the list"},
                                                           choices=[("", "Not known"), *authorities])
        if ground.joint_enquiries_required:
            for index in (1, 2, 3):
                self.fields[f"enquiry_{index}_date"] = DateField(label="Date", noun=f"date of enquiry {index}",
                                                                 not_future=True, required=False)
                self.fields[f"enquiry_{index}_what"] = forms.CharField(
                    label=f"Joint enquiry {index}: what the school and the LA did", max_length=500, required=False,
                    widget=forms.Textarea,
                    error_messages={"max_length": f"Joint enquiry {index} must be 500 characters or fewer"})

    def clean(self):
        cleaned = super().clean()
        if self.ground.joint_enquiries_required:
            rows = self.joint_enquiries()
            if not rows:
                self.add_error("enquiry_1_what", "This ground needs the reasonable enquiries the school and the LA made "
                                                 "together: describe at least one, with its date")
            for index in (1, 2, 3):
                if cleaned.get(f"enquiry_{index}_what") and not cleaned.get(f"enquiry_{index}_date"):
                    self.add_error(f"enquiry_{index}_date", f"Enter the date of enquiry {index}")
        return cleaned

    def joint_enquiries(self) -> tuple[dict, ...]:
        rows = []
        for index in (1, 2, 3):
            what = self.cleaned_data.get(f"enquiry_{index}_what")
            if what:
                day = self.cleaned_data.get(f"enquiry_{index}_date")
                rows.append({"date": day.isoformat() if day else None, "what": what})
        return tuple(rows)

    def section_fields(self) -> dict[str, list[str]]:
        names = list(self.fields)
        pupil = [n for n in names if not n.startswith(("parent_", "address_", "town", "postcode", "destination_",
                                                        "new_", "enquiry_"))]
        return {
            "pupil": pupil,
            "address": [n for n in names if n.startswith(("address_", "town", "postcode"))],
            "parents": [n for n in names if n.startswith("parent_")],
            "destination": [n for n in names if n.startswith(("destination_", "new_"))],
            "enquiries": [n for n in names if n.startswith("enquiry_")],
        }


class NewPupilForm(PupilFields):
    entered_on = DateField(label="Date the pupil's name was entered in the admission register", noun="date entered",
                           not_future=True)
    starting_day = DateField(label="The pupil's starting day", noun="starting day",
                             help_text="The first day the school agreed or was told the pupil would attend")
    year_group = forms.CharField(label="Year group", max_length=20, required=False)
    previous_school = forms.CharField(label="Previous school, if any", max_length=200, required=False)
    most_junior_class = YesNoField(label="Did the pupil join the school's most junior class?",
                                   help_text="Reception in most primary schools, Year 7 in most secondary schools",
                                   error="Select yes if the pupil joined the school's most junior class, or no if not")


class CorrectionForm(PupilFields):
    """A school corrects the pupil's details on a return it sent, and says why."""

    correction_reason = forms.CharField(
        label="Why are you correcting this return?", max_length=500, widget=forms.Textarea,
        help_text="For example, the date of birth was typed wrongly. The council sees this reason.",
        error_messages={"required": "Enter why you are correcting the return"})
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    @staticmethod
    def initial_from(record) -> dict:
        initial = {name: getattr(record, name) for name in (
            "first_name", "middle_names", "last_name", "other_names", "date_of_birth", "sex", "upn",
            "address_line_1", "address_line_2", "town", "postcode")}
        for index, parent in enumerate(record.parents[:2], start=1):
            initial[f"parent_{index}_name"] = parent.get("name", "")
            initial[f"parent_{index}_relationship"] = parent.get("relationship", "")
            initial[f"parent_{index}_phone"] = parent.get("phone", "")
        initial["version"] = record.version
        return initial


class WithdrawalForm(GovukMessages, forms.Form):
    """A school withdraws a return it sent in error, and says why."""

    withdrawal_reason = forms.CharField(
        label="Why are you withdrawing this return?", max_length=500, widget=forms.Textarea,
        help_text="For example, it was sent for the wrong pupil, or the pupil is not leaving after all. "
                  "The council sees this reason.",
        error_messages={"required": "Enter why you are withdrawing the return"})
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
