"""Tables written as CSV and XLSX for people to open in a spreadsheet, and CSV text read back.

A cell that begins with =, +, -, @, a tab or a carriage return can run as a formula when the
file is opened (OWASP "CSV injection"); such text is written with a leading apostrophe,
which spreadsheets show as plain text. Numbers and dates stay numbers and dates.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def decode_text(data: bytes) -> str:
    """A CSV file as text: UTF-8 (with or without the byte-order mark spreadsheets add), else
    Windows-1252, as GIAS and older spreadsheets write it."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def safe_cell(value: object) -> object:
    """The value as a spreadsheet should receive it: text that could run as a formula
    becomes inert text; None becomes empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, (int, float, dt.date)):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_bytes(headings: Sequence[str], rows: Iterable[Sequence[object]], *, bom: bool = True) -> bytes:
    """UTF-8, by default with a byte-order mark so Excel reads names with accents correctly
    (files for other systems, like DfE's return, go without)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([safe_cell(heading) for heading in headings])
    for row in rows:
        writer.writerow([_csv_text(safe_cell(value)) for value in row])
    return (("\ufeff" if bom else "") + buffer.getvalue()).encode("utf-8")


def _csv_text(value: object) -> object:
    return value.isoformat() if isinstance(value, dt.date) else value


def xlsx_bytes(headings: Sequence[str], rows: Iterable[Sequence[object]], *, sheet: str = "Data",
               notes: Sequence[str] = ()) -> bytes:
    """One sheet of data (headings bold, frozen, filterable) and, if given, a sheet of notes."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook(write_only=False)
    data = book.active
    data.title = sheet[:31]
    data.append([safe_cell(heading) for heading in headings])
    for cell in data[1]:
        cell.font = Font(bold=True)
    for row in rows:
        data.append([safe_cell(value) for value in row])
        for cell in data[data.max_row]:
            if isinstance(cell.value, dt.date):
                cell.number_format = "DD/MM/YYYY"
    data.freeze_panes = "A2"
    if headings:
        data.auto_filter.ref = data.dimensions
    for index, heading in enumerate(headings, start=1):
        data.column_dimensions[data.cell(row=1, column=index).column_letter].width = min(40, max(12, len(heading) + 2))
    if notes:
        about = book.create_sheet("About this file")
        for line in notes:
            about.append([safe_cell(line)])
        about.column_dimensions["A"].width = 120
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
