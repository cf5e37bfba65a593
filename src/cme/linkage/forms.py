"""Forms for population datasets, runs and decisions on candidates."""

from __future__ import annotations

from django import forms

from cme.core.forms import CsvFileField, DateField, GovukMessages
from cme.core.uploads import Upload
from cme.rules.dfe_return import PRIMARY_REASONS

from . import datasets
from .models import DismissReason, PopulationDataset, SourceKind

NOT_IN_FILE = ""


class DatasetUploadForm(GovukMessages, forms.Form):
    name = forms.CharField(label="Name of the list", max_length=120,
                           help_text="For example, “GP registrations, north locality”",
                           error_messages={"required": "Enter a name for the list"})
    kind = forms.ChoiceField(label="What kind of list is it?", choices=SourceKind.choices, widget=forms.RadioSelect,
                             error_messages={"required": "Select what kind of list it is"})
    extract_date = DateField(noun="date the data was taken", not_future=True, label="When was the data taken?",
                             help_text="For example, 27 3 2026")
    file = CsvFileField(upload=Upload.POPULATION_CSV, label="CSV file",
                        error_messages={"required": "Select the CSV file", "empty": "The selected file is empty"})


class ColumnMappingForm(forms.Form):
    """One select per field, listing the file's columns."""

    leave_out_problem_rows = forms.BooleanField(required=False, label="Leave out the rows with problems")

    def __init__(self, *args, dataset: PopulationDataset, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(NOT_IN_FILE, "Not in this file")] + [(name, name) for name in dataset.headers if name]
        self.mapping_fields = []
        for name, label in datasets.FIELDS.items():
            self.fields[name] = forms.ChoiceField(label=label, choices=choices, required=False,
                                                  initial=dataset.column_mapping.get(name, NOT_IN_FILE))
            self.mapping_fields.append(name)

    def mapping(self) -> dict[str, str]:
        return {name: self.cleaned_data.get(name) or "" for name in self.mapping_fields
                if self.cleaned_data.get(name)}


class RunForm(forms.Form):
    datasets = forms.ModelMultipleChoiceField(queryset=PopulationDataset.objects.none(), widget=forms.CheckboxSelectMultiple,
                                              label="Which lists should be checked?",
                                              error_messages={"required": "Select at least one list"})
    on = DateField(noun="date to check", not_future=True, label="Check school age and rolls as at",
                   help_text="Usually today. For example, 27 3 2026")

    def __init__(self, *args, queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["datasets"].queryset = queryset
        self.fields["datasets"].label_from_instance = (
            lambda d: f"{d.name}: {d.get_kind_display()}, {d.rows:,} rows, taken {d.extract_date:%-d %B %Y}")


class DismissForm(forms.Form):
    reason = forms.ChoiceField(label="Why is this child not missing education?", choices=DismissReason.choices,
                               widget=forms.RadioSelect,
                               error_messages={"required": "Select why this child is not missing education"})
    note = forms.CharField(label="What did you find? (optional unless you chose another reason)", required=False,
                           widget=forms.Textarea, max_length=2000)

    def clean(self):
        data = super().clean()
        if data.get("reason") == DismissReason.OTHER and not (data.get("note") or "").strip():
            self.add_error("note", "Say what the other reason is")
        return data


class OpenEnquiryForm(forms.Form):
    primary_reason = forms.TypedChoiceField(
        label="DfE primary reason", coerce=int,
        choices=[("", "Select a reason")] + [(reason.code, reason.label) for reason in PRIMARY_REASONS],
        help_text="You can change it once the family is contacted. “Unknown” is allowed until then.",
        error_messages={"required": "Select the DfE primary reason"})
    enquiry_note = forms.CharField(label="Note for the case (optional)", required=False, widget=forms.Textarea,
                                   max_length=2000)
