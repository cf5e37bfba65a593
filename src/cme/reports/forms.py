from __future__ import annotations

import datetime as dt

from django import forms

from cme.core import clock
from cme.core.forms import DateField, GovukMessages
from cme.rules import statistics

from .figures import ReportFilters
from .selectors import ExportFilters


class ChoiceOrBlank(forms.ChoiceField):
    """A select whose choices are set per council; anything not offered is refused."""

    def __init__(self, *, label: str, blank: str, **kwargs):
        super().__init__(label=label, required=False, choices=[("", blank)], **kwargs)


class _Narrowing(GovukMessages, forms.Form):
    officer = ChoiceOrBlank(label="Officer", blank="All officers")
    school = ChoiceOrBlank(label="Last school", blank="All schools")
    area = ChoiceOrBlank(label="Area (postcode district)", blank="All areas")

    def __init__(self, *args, officers=(), schools=(), areas=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer"].choices = [("", "All officers"), ("none", "Not allocated"),
                                          *((str(user.pk), user.full_name) for user in officers)]
        self.fields["school"].choices = [("", "All schools"), *((name, name) for name in schools)]
        self.fields["area"].choices = [("", "All areas"), *((area, area) for area in areas)]


class DashboardForm(_Narrowing):
    date_from = DateField(noun="first day", required=False, label="From",
                          help_text="New and closed cases are counted from this day. For example, 1 9 2026")
    date_to = DateField(noun="last day", required=False, label="To", not_future=True,
                        help_text="Up to and including this day; the trends end with its month")

    field_order = ["date_from", "date_to", "officer", "school", "area"]

    def clean(self):
        data = super().clean()
        first, last = data.get("date_from"), data.get("date_to")
        if first and last and first > last:
            self.add_error("date_to", "The last day must be the same as or after the first day")
        if first and last and (last - first).days > 3 * 366:
            self.add_error("date_from", "Choose at most three years at a time")
        return data

    def filters(self) -> ReportFilters:
        """The filters chosen, or this month so far where a date is not given (or not valid)."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        today = clock.today()
        last = data.get("date_to") or today
        first = data.get("date_from") or statistics.month_start(last)
        return ReportFilters(date_from=first, date_to=last, officer=data.get("officer", ""),
                             school=data.get("school", ""), area=data.get("area", ""))


class CensusForm(GovukMessages, forms.Form):
    census_date = DateField(noun="census date", not_future=True, earliest=dt.date(2022, 9, 1),
                            help_text="DfE sets the date each term; it is usually the first Thursday of October, "
                                      "the third Thursday of January or the third Thursday of May. "
                                      "For example, 2 10 2025")


class SnapshotForm(GovukMessages, forms.Form):
    month = forms.ChoiceField(label="Month", choices=())
    correction_reason = forms.CharField(
        label="If this month is already frozen: why a corrected version is needed", required=False,
        max_length=2000, widget=forms.Textarea,
        help_text="Only needed when the figures for the month have changed since it was frozen, for example "
                  "after a start date was corrected. The earlier version is kept.")

    def __init__(self, *args, months: list[dt.date], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["month"].choices = [(month.strftime("%Y-%m"), month.strftime("%B %Y")) for month in months]

    def month_chosen(self) -> dt.date:
        return statistics.parse_month(self.cleaned_data["month"])


class ExportForm(_Narrowing):
    status = forms.ChoiceField(label="Cases", choices=[("open", "Open cases"), ("closed", "Closed cases"),
                                                       ("all", "Open and closed cases")], initial="open",
                               widget=forms.RadioSelect)
    started_from = DateField(noun="earliest start date", required=False, label="Started on or after")
    started_to = DateField(noun="latest start date", required=False, label="Started on or before")
    file_format = forms.ChoiceField(label="File", choices=[("xlsx", "Excel spreadsheet (XLSX)"),
                                                          ("csv", "Comma-separated values (CSV)")],
                                    initial="xlsx", widget=forms.RadioSelect)

    field_order = ["status", "started_from", "started_to", "officer", "school", "area", "file_format"]

    def clean(self):
        data = super().clean()
        first, last = data.get("started_from"), data.get("started_to")
        if first and last and first > last:
            self.add_error("started_to", "The latest start date must be the same as or after the earliest")
        return data

    def filters(self) -> ExportFilters:
        data = self.cleaned_data
        return ExportFilters(status=data["status"], started_from=data.get("started_from"),
                             started_to=data.get("started_to"), officer=data.get("officer", ""),
                             school=data.get("school", ""), area=data.get("area", ""))
