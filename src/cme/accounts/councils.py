"""The directory of councils (reference data): loading the DfE's numbers and names from a
CSV file, never touching the CME contacts administrators keep. The shipped file
(`data/councils.csv`) says where its numbers come from and when; `cme councils load FILE`
loads the DfE's full published list."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

SHIPPED = Path(__file__).parent / "data" / "councils.csv"


class CouncilFileError(ValueError):
    pass


def read_councils(text: str, *, source: str) -> list[dict[str, Any]]:
    """Rows of a councils file: our own format (code, name, ...) or a DfE statistics download
    (old_la_code, new_la_code, la_name). Lines starting with # are comments."""
    lines = [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    reader = csv.DictReader(io.StringIO("\n".join(lines)))
    columns = set(reader.fieldnames or [])
    code_column = "code" if "code" in columns else "old_la_code" if "old_la_code" in columns else None
    name_column = "name" if "name" in columns else "la_name" if "la_name" in columns else None
    if code_column is None or name_column is None:
        raise CouncilFileError("The file needs a column of DfE numbers (code or old_la_code) and of names "
                               "(name or la_name)")
    found: dict[str, dict[str, Any]] = {}
    for number, row in enumerate(reader, start=2):
        code = (row.get(code_column) or "").strip()
        name = (row.get(name_column) or "").strip()
        if not code and not name:
            continue
        if not (len(code) == 3 and code.isdigit()) or not name:
            raise CouncilFileError(f"Row {number}: a council needs a 3-digit DfE number and a name")
        country = (row.get("country") or "").strip().lower() or ("wales" if code.startswith("6") else "england")
        found[code] = {
            "code": code, "name": name, "country": country,
            "ons_code": (row.get("ons_code") or row.get("new_la_code") or "").strip()[:9],
            "current": (row.get("current") or "yes").strip().lower() not in ("no", "false", "0"),
            "note": (row.get("note") or "").strip()[:300],
            "region": (row.get("region") or row.get("region_name") or "").strip()[:40],
            "source": (f"{source} ({row['confidence']})" if row.get("confidence") else source)[:300],
        }
    return list(found.values())


def load_councils(model: Any, rows: list[dict[str, Any]]) -> tuple[int, int]:
    """Add or update directory entries by DfE number. Returns (added, updated)."""
    added = updated = 0
    known = {field.name for field in model._meta.get_fields()}
    for row in rows:
        code = row["code"]
        # A migration's historical model may not have every column yet (region came later).
        fields = {key: value for key, value in row.items() if key != "code" and key in known}
        existing = model.objects.filter(code=code).first()
        if existing is None:
            model.objects.create(code=code, **fields)
            added += 1
        elif any(getattr(existing, key) != value for key, value in fields.items()):
            for key, value in fields.items():
                setattr(existing, key, value)
            existing.save(update_fields=list(fields))
            updated += 1
    return added, updated


def load_shipped(model: Any) -> tuple[int, int]:
    return load_councils(model, read_councils(SHIPPED.read_text(encoding="utf-8"),
                                              source="CME Tracker's councils.csv, 2026-11-30"))


def council_picker():
    """The widget for choosing from the directory: a select, which app.mjs turns into GOV.UK's
    accessible autocomplete (type part of a name); without JavaScript the select is used."""
    from django import forms

    return forms.Select(attrs={"data-module": "app-autocomplete"})


def council_choices(*, exclude_la_id: int | None = None, include_historic: bool = False) -> list[tuple[str, str]]:
    """The directory for a picker (value: the DfE number): current councils by name, then, if
    asked, the historic ones (for old UPNs and old records)."""
    from .models import Council

    councils = Council.objects.all() if include_historic else Council.objects.filter(current=True)
    if exclude_la_id is not None:
        councils = councils.exclude(local_authority_id=exclude_la_id)
    return [(council.code, council.label) for council in councils.order_by("-current", "name")]


def others_on_deployment(local_authority_id: int | None) -> bool:
    """Whether another council uses this deployment (a regional consortium), so that enquiries
    from it can arrive in this council's own queue. A deployment of one council never gets any."""
    from .models import LocalAuthority

    return LocalAuthority.objects.exclude(pk=local_authority_id).exists()
