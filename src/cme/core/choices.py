"""Choice labels read quickly: `get_FOO_display()` as Django writes it, with each field's labels
worked out once per process rather than on every call. Django builds the dictionary of a field's
choices each time; a case page shows a hundred labels (its chronology, checklist, provision)."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable

_labels: dict[models.Field, dict] = {}


class ChoiceLabels:
    """Mixin for models whose fields have fixed choices (TextChoices, not a callable)."""

    def _get_FIELD_display(self, field: models.Field) -> Any:
        labels = _labels.get(field)
        if labels is None:
            labels = _labels[field] = dict(make_hashable(field.flatchoices))
        # As Django's own: an unknown value is shown as it is; force_str() turns lazy labels into text.
        return force_str(labels.get(make_hashable(getattr(self, field.attname)), getattr(self, field.attname)),
                         strings_only=True)
