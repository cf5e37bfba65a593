"""Choice labels worked out once per process read the same as Django's own get_FOO_display()."""

from django.db import models

from cme.cases.models import Case, Enquiry, TimelineEntry, TimelineKind


def test_each_label_is_djangos_own_and_an_unknown_value_shows_as_it_is():
    for model, field_name in ((Case, "state"), (Case, "risk_level"), (Case, "source"), (Enquiry, "kind"),
                              (Enquiry, "status"), (TimelineEntry, "kind")):
        field = model._meta.get_field(field_name)
        for value in [value for value, _ in field.flatchoices] + ["no-such-value"]:
            record = model(**{field_name: value})
            assert record._get_FIELD_display(field) == models.Model._get_FIELD_display(record, field)
            assert getattr(record, f"get_{field_name}_display")() == models.Model._get_FIELD_display(record, field)
    assert TimelineEntry(kind=TimelineKind.NOTE).get_kind_display() == TimelineKind.NOTE.label
