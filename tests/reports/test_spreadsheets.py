"""Files people open in a spreadsheet: nothing in them runs as a formula."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from cme.formats.spreadsheets import csv_bytes, safe_cell, xlsx_bytes

HOSTILE = ["=HYPERLINK(\"http://evil.example\",\"Click\")", "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


@pytest.mark.parametrize("text", HOSTILE)
def test_text_that_a_spreadsheet_would_run_becomes_plain_text(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize(("value", "written"), [
    ("Smith", "Smith"), ("O'Brien", "O'Brien"), ("", ""), (None, ""), (True, "Yes"), (False, "No"), (-5, -5),
    (3.5, 3.5), (dt.date(2026, 1, 2), dt.date(2026, 1, 2)), ("a=b", "a=b")])
def test_ordinary_values_are_written_as_they_are(value, written):
    assert safe_cell(value) == written


def test_a_csv_opens_with_accents_intact_and_formulas_inert():
    content = csv_bytes(["Name", "Born"], [["Zoë =1", dt.date(2015, 3, 1)], ["=1+1", None]])
    assert content.startswith("\ufeff".encode())
    text = content.decode("utf-8-sig")
    assert text.splitlines() == ["Name,Born", "Zoë =1,2015-03-01", "'=1+1,"]
    assert not csv_bytes(["a"], [], bom=False).startswith("\ufeff".encode())


def test_an_xlsx_keeps_dates_as_dates_and_formulas_as_text():
    book = load_workbook(io.BytesIO(xlsx_bytes(["Name", "Born"], [["=cmd|' /C calc'!A0", dt.date(2015, 3, 1)]],
                                               sheet="Cases", notes=["Fictional"])))
    sheet = book["Cases"]
    assert sheet["A2"].value == "'=cmd|' /C calc'!A0" and sheet["A2"].data_type == "s"
    assert sheet["B2"].value.date() == dt.date(2015, 3, 1)
    assert book["About this file"]["A1"].value == "Fictional"
