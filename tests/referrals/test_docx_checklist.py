"""The referral checklist reader, against generated checklists filled in tidily, untidily
and not at all, and against hand-built documents for the layouts the generator does not
make. None of these tests needs the database."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Callable

import docx
import openpyxl
import pytest
from docx.document import Document
from docx.enum.text import WD_BREAK
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cme.referrals.docx_checklist import (
    ChecklistError,
    NotAChecklist,
    PasswordRequired,
    WrongPassword,
    parse_checklist_date,
    parse_gender,
    parse_indicator,
    parse_yes_no,
    read_checklist,
    split_pupil_name,
)
from cme.rules.dates import DateError
from cme.synth.checklist_docx import (
    ACTIONS,
    CONSENT_QUESTION,
    HINT_TEXTS,
    SOCIAL_CARE_QUESTION,
    blank_checklist_data,
    checklist_data,
    complete_checklist_data,
    make_checklist_docx,
)

PUBLISHED_SHAPE = {
    "child": {"first_name", "last_name", "other_names", "date_of_birth", "gender", "ethnicity", "sen_disability",
              "child_in_care"},
    "last_known_address": None, "additional_information": None, "parents_carers": None, "telephone": None,
    "email": None, "school": None, "date_last_attended": None,
    "actions": {"action", "outcome"},
    "indicators": {"number", "answer", "status"},
    "social_care_referral_considered": None, "parental_consent": None,
    "assessment": {"working_well", "worried_about", "next_steps"},
    "referrer": {"name", "position", "contact", "organisation", "date_completed"},
    "unread": None,
}


def assert_published_shape(result: dict) -> None:
    assert list(result) == list(PUBLISHED_SHAPE)
    for key, inner in PUBLISHED_SHAPE.items():
        if inner is None:
            continue
        items = result[key] if isinstance(result[key], list) else [result[key]]
        for item in items:
            assert set(item) == inner, key


def strings_in(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for inner in value.values() for text in strings_in(inner)]
    if isinstance(value, list):
        return [text for inner in value for text in strings_in(inner)]
    return []


def docx_bytes(build: Callable[[Document], None]) -> bytes:
    document = docx.Document()
    build(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def referrer_table(document: Document) -> None:
    """Enough of the checklist for the reader to accept the document."""
    table = document.add_table(rows=2, cols=4)
    for cell, text in zip(table.rows[0].cells, ("Name", "Jo Bloggs", "Position/Title", "Attendance Officer"), strict=True):
        cell.text = text
    for cell, text in zip(table.rows[1].cells, ("Signature", "", "Date Completed", "01/06/2026"), strict=True):
        cell.text = text


# --- The standard, messy and blank forms ---------------------------------------------


@pytest.fixture(scope="module")
def standard() -> dict:
    return read_checklist(make_checklist_docx()).as_dict()


def test_the_standard_sample_is_read_field_by_field(standard):
    expected = checklist_data()
    child = expected["child"]
    assert standard["child"] == {
        "first_name": child["first_name"], "last_name": child["last_name"], "other_names": child["other_names"],
        "date_of_birth": child["date_of_birth"], "gender": child["gender"], "ethnicity": child["ethnicity"],
        "sen_disability": child["sen_disability"], "child_in_care": child["child_in_care"],
    }
    for key in ("last_known_address", "additional_information", "parents_carers", "telephone", "email", "school",
                "date_last_attended", "social_care_referral_considered", "parental_consent"):
        assert standard[key] == expected[key], key
    assert "\n" in standard["last_known_address"]  # an address keeps its lines
    assert [action["action"] for action in standard["actions"]] == list(ACTIONS)
    assert [action["outcome"] for action in standard["actions"]] == [a["outcome"] for a in expected["actions"]]
    assert standard["indicators"] == expected["indicators"]
    assert len(standard["indicators"]) == 20
    assert standard["assessment"] == expected["assessment"]
    assert standard["referrer"] == expected["referrer"]
    assert standard["unread"] == []


def test_the_standard_sample_has_these_fictional_values(standard):
    """Pinned so a change to the generator's seeding shows up here, not in browser tests."""
    assert standard["child"]["first_name"] == "Elaine"
    assert standard["child"]["last_name"] == "Wright"
    assert standard["child"]["date_of_birth"] == "2015-10-25"
    assert standard["date_last_attended"] == "2026-05-06"
    assert [i["number"] for i in standard["indicators"] if i["answer"] == "yes"] == [7, 8, 9, 16, 18, 20]


def test_the_messy_variant_reads_the_same_as_the_tidy_one(standard):
    messy = read_checklist(make_checklist_docx(variant="messy")).as_dict()
    assert messy == standard == complete_checklist_data()


def test_the_messy_variant_really_is_messy():
    document = docx.Document(io.BytesIO(make_checklist_docx(variant="messy")))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert "Date of Birth:" in cells and "Wright, Elaine" in cells
    assert "25.10.15" in cells and "6 May 2026" in cells and "✓" in cells
    assert f"{SOCIAL_CARE_QUESTION} Yes/No\nYes\n" in text


def test_the_blank_form_reads_as_nothing_and_says_so():
    result = read_checklist(make_checklist_docx(variant="blank")).as_dict()
    assert result == blank_checklist_data()
    assert all(value is None for value in result["child"].values())
    assert result["indicators"] == []
    assert result["assessment"] == {"working_well": None, "worried_about": None, "next_steps": None}
    assert [action["outcome"] for action in result["actions"]] == [None, None, None]
    assert len(result["unread"]) == 8 + 7 + 3 + 20 + 2 + 3 + 5
    assert {"child.date_of_birth", "telephone", "assessment.worried_about", "referrer.date_completed", "indicator 7",
            "action 3 outcome", "parental_consent"} <= set(result["unread"])


def test_no_hint_text_leaks_into_answers():
    for variant in ("blank", "standard", "messy"):
        strings = strings_in(read_checklist(make_checklist_docx(variant=variant)).as_dict())
        for hint in HINT_TEXTS:
            assert not any(hint.lower().strip(" :.") in text.lower() for text in strings), (variant, hint)


def test_an_answer_that_begins_with_a_hints_words_is_kept_whole():
    data = {"assessment": {"worried_about": "Risk taking behaviour by the child has increased since March",
                           "working_well": "Include protective factors: grandmother visits weekly"}}
    assessment = read_checklist(make_checklist_docx(data)).as_dict()["assessment"]
    assert assessment["worried_about"] == "Risk taking behaviour by the child has increased since March"
    assert assessment["working_well"] == "grandmother visits weekly"


def test_as_dict_always_has_exactly_the_published_keys():
    for variant in ("standard", "messy", "blank"):
        assert_published_shape(read_checklist(make_checklist_docx(variant=variant)).as_dict())


# --- Names ---------------------------------------------------------------------------


@pytest.mark.parametrize(("written", "first", "last"), [
    ("Amy Smith", "Amy", "Smith"),
    ("Amy Jane Smith", "Amy Jane", "Smith"),
    ("Amy Smith-Jones", "Amy", "Smith-Jones"),
    ("Sean O'Brien", "Sean", "O'Brien"),
    ("Smith, Amy Jane", "Amy Jane", "Smith"),
    ("Smith-Jones,Amy", "Amy", "Smith-Jones"),
    ("van der Berg, Lara", "Lara", "van der Berg"),
    ("Lara van der Berg", "Lara", "van der Berg"),
    ("Mohammed Al Amin", "Mohammed", "Al Amin"),
    ("SMITH Amy Jane", "Amy Jane", "SMITH"),
    ("AMY SMITH", "AMY", "SMITH"),
    ("  amy   smith ", "amy", "smith"),
    ("Amy", "Amy", None),
    ("Smith,", None, "Smith"),
    ("Amy Smith\nBen Smith", None, None),
    ("Amy & Ben Smith", None, None),
    ("Amy and Ben Smith", None, None),
    ("Smith, Amy, Ben", None, None),
    ("", None, None),
    ("-", None, None),
])
def test_pupil_names_are_split(written, first, last):
    assert split_pupil_name(written) == (first, last)


def test_middle_names_join_the_first_name_and_aka_is_other_names():
    data = {"child": {"first_name": "Amy Jane", "last_name": "Smith-Jones", "other_names": "AJ Brown"}}
    for variant in ("standard", "messy"):
        child = read_checklist(make_checklist_docx(data, variant=variant)).as_dict()["child"]
        assert (child["first_name"], child["last_name"], child["other_names"]) == ("Amy Jane", "Smith-Jones", "AJ Brown")


def test_a_name_box_with_two_pupils_is_left_for_a_person():
    data = {"child": {"first_name": "Amy Smith\nBen", "last_name": "Smith"}}
    result = read_checklist(make_checklist_docx(data)).as_dict()
    assert (result["child"]["first_name"], result["child"]["last_name"]) == (None, None)
    assert result["unread"][:2] == ["child.first_name", "child.last_name"]


# --- Dates, gender, yes/no and indicators -----------------------------------------------


@pytest.mark.parametrize(("written", "expected"), [
    ("12/03/2015", dt.date(2015, 3, 12)),
    ("1/2/15", dt.date(2015, 2, 1)),
    ("3.4.15", dt.date(2015, 4, 3)),
    ("03.04.2015", dt.date(2015, 4, 3)),
    ("12-03-2015", dt.date(2015, 3, 12)),
    (" 12 / 03 / 2015 ", dt.date(2015, 3, 12)),
    ("2015-03-12", dt.date(2015, 3, 12)),
    ("29/02/2016", dt.date(2016, 2, 29)),
    ("12 March 2015", dt.date(2015, 3, 12)),
    ("12th March 2015", dt.date(2015, 3, 12)),
    ("1st of Sept 2015", dt.date(2015, 9, 1)),
    ("Thursday 12 March 2015", dt.date(2015, 3, 12)),
    ("12 Mar 15", dt.date(2015, 3, 12)),
    ("12-Mar-2015", dt.date(2015, 3, 12)),
    ("March 12, 2015", dt.date(2015, 3, 12)),
    ("7 JUNE 1999", dt.date(1999, 6, 7)),
])
def test_dates_are_read_day_first(written, expected):
    assert parse_checklist_date(written) == expected


@pytest.mark.parametrize(("written", "message"), [
    ("31/02/2015", "no day 31"),
    ("29/02/2015", "no day 29"),
    ("31 April 2015", "April 2015 has no day 31"),
    ("12/13/2015", "no month 13"),
    ("12 Marchember 2015", "'marchember' is not a month"),
    ("12 Ju 2015", "'ju' is not a month"),
    ("12/03", "not a date"),
    ("Summer 2015", "not a date"),
    ("tomorrow", "not a date"),
])
def test_impossible_or_unclear_dates_are_refused(written, message):
    with pytest.raises(DateError, match=message):
        parse_checklist_date(written)


def test_an_impossible_date_in_the_form_is_null_and_unread():
    data = {"child": {"date_of_birth": "31/02/2015"}, "date_last_attended": "last term",
            "referrer": {"date_completed": "12 March 2026"}}
    result = read_checklist(make_checklist_docx(data)).as_dict()
    assert result["child"]["date_of_birth"] is None
    assert result["date_last_attended"] is None
    assert result["referrer"]["date_completed"] == "2026-03-12"
    assert result["unread"] == ["child.date_of_birth", "date_last_attended"]


@pytest.mark.parametrize(("written", "expected"), [
    ("F", "female"), ("female", "female"), ("Girl", "female"), ("f.", "female"),
    ("M", "male"), ("MALE", "male"), ("boy", "male"),
    (" Non-binary ", "Non-binary"), ("Not  known", "Not known"), ("", None), ("  ", None),
])
def test_gender(written, expected):
    assert parse_gender(written) == expected


@pytest.mark.parametrize(("written", "expected"), [
    ("Yes", True), ("y", True), ("TRUE", True), ("✓", True), ("✔", True), ("x", True), ("X", True), ("☒", True),
    ("Yes - referral made 12/05/2026", True), ("Yes.", True),
    ("No", False), ("n", False), ("false", False), ("No.", False),
    ("☒ Yes ☐ No", True), ("Yes ☐ No ☒", False), ("☐ Yes ☐ No", None),
    ("", None), ("Yes/No", None), ("Yes / No", None), ("Y/N", None), ("yes or no", None), ("N/A", None),
    ("✗", None), ("Not known", None), ("☐", None),
])
def test_yes_no_answers(written, expected):
    assert parse_yes_no(written) is expected


@pytest.mark.parametrize(("answer", "status", "expected"), [
    ("Yes", "C", ("yes", "current")),
    ("y", "Historic", ("yes", "historic")),
    ("✓", "h", ("yes", "historic")),
    ("YES", "", ("yes", None)),
    ("Yes", "C/H", ("yes", None)),
    ("Yes (C)", "", ("yes", "current")),
    ("Y - historic", None, ("yes", "historic")),
    ("No", "", ("no", None)),
    ("N", None, ("no", None)),
    ("", "C", (None, None)),
    ("Yes/No", "", (None, None)),
])
def test_indicator_answers(answer, status, expected):
    assert parse_indicator(answer, status) == expected


def test_indicators_yes_without_status_and_unanswered_are_unread():
    indicators = [{"number": 2, "answer": "yes", "status": "current"}, {"number": 3, "answer": "yes", "status": None},
                  {"number": 9, "answer": "no", "status": None}, {"number": 15, "answer": "yes", "status": "historic"}]
    for variant in ("standard", "messy"):
        result = read_checklist(make_checklist_docx({"indicators": indicators}, variant=variant)).as_dict()
        assert result["indicators"] == indicators
        unanswered = [f"indicator {n}" for n in range(1, 21) if n not in {2, 3, 9, 15}]
        assert [key for key in result["unread"] if key.startswith("indicator")] == [
            "indicator 1", "indicator 3 status", *unanswered[1:]]


def test_indicator_rows_are_found_by_wording_not_position():
    def build(document: Document) -> None:
        referrer_table(document)
        table = document.add_table(rows=4, cols=4)
        rows = [("No", "Vulnerabilities, Warning Signs & Risk Indicators", "Yes or No?", "Current / Historic (C/H?)"),
                ("1", "Gang member or association", "Yes", "C"),  # misnumbered: the wording is indicator 14
                ("", "Evidence of poverty and deprivation", "N", ""),  # no number, slightly edited wording
                ("7", "", "y", "H")]  # no wording: the number is used
        for row, values in zip(table.rows, rows, strict=True):
            for cell, value in zip(row.cells, values, strict=True):
                cell.text = value
    result = read_checklist(docx_bytes(build)).as_dict()
    assert result["indicators"] == [{"number": 7, "answer": "yes", "status": "historic"},
                                    {"number": 14, "answer": "yes", "status": "current"},
                                    {"number": 20, "answer": "no", "status": None}]


def _word_xml(cell, runs_xml: str) -> None:
    """Replace a cell's paragraph with WordprocessingML as Word writes it."""
    paragraph = cell.paragraphs[0]._p
    paragraph.getparent().replace(paragraph, parse_xml(f"<w:p {nsdecls('w')}>{runs_xml}</w:p>"))


def test_ticks_and_form_fields_as_word_writes_them():
    """Insert Symbol ticks (Wingdings), legacy check boxes, content controls and tracked
    deletions all hide their text from a plain text reading."""
    wingdings_tick = '<w:r><w:sym w:font="Wingdings" w:char="F0FC"/></w:r>'
    checkbox = ('<w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:checkBox><w:sizeAuto/>'
                '<w:default w:val="{default}"/>{checked}</w:checkBox></w:ffData></w:fldChar></w:r>'
                '<w:r><w:instrText> FORMCHECKBOX </w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>')
    content_control = '<w:sdt><w:sdtPr/><w:sdtContent><w:r><w:t>{}</w:t></w:r></w:sdtContent></w:sdt>'
    form_text = ('<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> FORMTEXT </w:instrText></w:r>'
                 '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>{}</w:t></w:r>'
                 '<w:r><w:fldChar w:fldCharType="end"/></w:r>')

    def build(document: Document) -> None:
        details = document.add_table(rows=3, cols=2)
        for row, label in zip(details.rows, ("Name of Pupil (s)", "Child in Care?", "Gender"), strict=True):
            row.cells[0].text = label
        _word_xml(details.cell(0, 1), form_text.format("Amy Smith"))
        _word_xml(details.cell(1, 1), '<w:r><w:t xml:space="preserve">Yes </w:t></w:r>'
                  + checkbox.format(default="0", checked="") + '<w:r><w:t xml:space="preserve"> No </w:t></w:r>'
                  + checkbox.format(default="0", checked="<w:checked/>"))
        _word_xml(details.cell(2, 1), '<w:del w:id="1" w:author="A"><w:r><w:delText>Male</w:delText></w:r></w:del>'
                  '<w:ins w:id="2" w:author="A"><w:r><w:t>Female</w:t></w:r></w:ins>')
        indicators = document.add_table(rows=3, cols=4)
        for cell, text in zip(indicators.rows[0].cells, ("No", "Vulnerabilities", "Yes or No?", "C/H?"), strict=True):
            cell.text = text
        for row, indicator in zip(indicators.rows[1:], ("Goes Missing from Home/Care", "Gang Member or Association"),
                                  strict=True):
            row.cells[1].text = indicator
        _word_xml(indicators.cell(1, 2), wingdings_tick)
        _word_xml(indicators.cell(1, 3), content_control.format("Current"))
        _word_xml(indicators.cell(2, 2), content_control.format("☒"))
        indicators.cell(2, 3).text = "H"

    result = read_checklist(docx_bytes(build)).as_dict()
    assert (result["child"]["first_name"], result["child"]["last_name"]) == ("Amy", "Smith")
    assert result["child"]["child_in_care"] is False
    assert result["child"]["gender"] == "female"
    assert result["indicators"] == [{"number": 2, "answer": "yes", "status": "current"},
                                    {"number": 14, "answer": "yes", "status": "historic"}]


# --- The Yes/No questions -------------------------------------------------------------

Run = tuple[str, bool]  # text, struck through


@pytest.mark.parametrize(("paragraphs", "expected"), [
    ([[(SOCIAL_CARE_QUESTION + " Yes", False)]], True),
    ([[(SOCIAL_CARE_QUESTION + " No", False)]], False),
    ([[(SOCIAL_CARE_QUESTION + " Yes/", False)]], True),
    ([[(SOCIAL_CARE_QUESTION + " Yes/No", False)]], None),
    ([[(SOCIAL_CARE_QUESTION + " Yes/No   Yes", False)]], True),
    ([[(SOCIAL_CARE_QUESTION + " Yes/No", False)], [("No", False)]], False),
    ([[(SOCIAL_CARE_QUESTION, False)], [("", False)], [("  yes ", False)]], True),
    ([[(SOCIAL_CARE_QUESTION + " Yes/", False), ("No", True)]], True),
    ([[(SOCIAL_CARE_QUESTION + " ", False), ("Yes", True), ("/No", False)]], False),
    ([[(SOCIAL_CARE_QUESTION + " Yes/No", False)], [(CONSENT_QUESTION + " Yes", False)]], None),
    ([[(SOCIAL_CARE_QUESTION + " Yes/No", False)], [("Referrer Assessment", False)], [("Yes", False)]], None),
    ([], None),
])
def test_social_care_question_variants(paragraphs: list[list[Run]], expected):
    def build(document: Document) -> None:
        referrer_table(document)
        for runs in paragraphs:
            paragraph = document.add_paragraph()
            for text, struck in runs:
                paragraph.add_run(text).font.strike = struck
    result = read_checklist(docx_bytes(build)).as_dict()
    assert result["social_care_referral_considered"] is expected
    assert ("social_care_referral_considered" in result["unread"]) is (expected is None)


@pytest.mark.parametrize(("lines", "expected"), [
    ([CONSENT_QUESTION + " No"], False),
    ([CONSENT_QUESTION + " Yes/No", "Yes"], True),
    ([CONSENT_QUESTION + " Yes/No - not yet asked"], None),
    ([CONSENT_QUESTION + " Yes/No"], None),
])
def test_consent_question_variants(lines, expected):
    def build(document: Document) -> None:
        referrer_table(document)
        paragraph = document.add_paragraph(SOCIAL_CARE_QUESTION + " Yes")
        paragraph = document.add_paragraph()
        for number, line in enumerate(lines):
            if number:
                paragraph.add_run().add_break(WD_BREAK.LINE)  # the answer on a new line in the same paragraph
            paragraph.add_run(line)
    result = read_checklist(docx_bytes(build)).as_dict()
    assert result["social_care_referral_considered"] is True
    assert result["parental_consent"] is expected


# --- Other layouts of the details table -----------------------------------------------


def test_a_two_column_table_with_merged_cells_and_colons():
    def build(document: Document) -> None:
        table = document.add_table(rows=8, cols=2)
        table.cell(2, 0).merge(table.cell(3, 0))  # "Address" merged down over two rows
        values = [("Date of Birth:", "12th March 2015"), ("Name of Pupil(s):", "Smith, Amy"),
                  ("Address (Last Known):", "1 High Street"), (None, "Leicester LE1 1AA"),
                  ("Gender:", "Girl"), ("Child in Care?", "Yes/No"), ("", ""),
                  ("Any Additional Information\n(E.G. additional addresses, information surrounding SEN/Care etc)\n"
                   "Lived with aunt in Hinckley until 2024", "")]
        for row_number, (label, value) in enumerate(values):
            if label is not None:
                table.cell(row_number, 0).text = label
            table.cell(row_number, 1).text = value
    result = read_checklist(docx_bytes(build)).as_dict()
    assert result["child"]["first_name"] == "Amy" and result["child"]["last_name"] == "Smith"
    assert result["child"]["date_of_birth"] == "2015-03-12"
    assert result["child"]["gender"] == "female"
    assert result["child"]["child_in_care"] is None and "child.child_in_care" in result["unread"]
    assert result["last_known_address"] == "1 High Street\nLeicester LE1 1AA"
    assert result["additional_information"] == "Lived with aunt in Hinckley until 2024"
    assert result["referrer"]["name"] is None  # no referrer table: unread, not an error
    assert "referrer.name" in result["unread"]


def test_a_value_that_looks_like_a_label_is_still_a_value():
    data = {"referrer": {"name": "Contact", "position": "Title", "organisation": "School"}, "child": {"gender": "Sex"}}
    result = read_checklist(make_checklist_docx(data)).as_dict()
    assert (result["referrer"]["name"], result["referrer"]["position"], result["referrer"]["organisation"]) == (
        "Contact", "Title", "School")
    assert result["referrer"]["contact"] == checklist_data()["referrer"]["contact"]
    assert result["child"]["gender"] == "Sex"


def test_content_in_a_one_cell_box_is_an_answer():
    def build(document: Document) -> None:
        referrer_table(document)
        document.add_paragraph("What do you think needs to happen next?")
        document.add_paragraph("This is the initial plan and should include what outcomes you are hoping are "
                               "achieved and by when", style="List Bullet")
        box = document.add_table(rows=1, cols=1)
        box.cell(0, 0).text = "Home visit by CME officer\nCheck with health visitor"
        document.add_paragraph("Referrer's Details")
    assessment = read_checklist(docx_bytes(build)).as_dict()["assessment"]
    assert assessment == {"working_well": None, "worried_about": None,
                          "next_steps": "Home visit by CME officer\nCheck with health visitor"}


# --- Passwords ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def encrypted() -> bytes:
    return make_checklist_docx(password="Leics-CME-2026")


def test_an_encrypted_checklist_opens_with_its_password(encrypted, standard):
    assert not zipfile.is_zipfile(io.BytesIO(encrypted))  # really encrypted, not a plain .docx
    reading = read_checklist(encrypted, password="Leics-CME-2026")
    assert reading.as_dict() == standard
    assert "Leics-CME-2026" not in repr(reading)


@pytest.mark.parametrize("password", [None, ""])
def test_an_encrypted_checklist_without_a_password(encrypted, password):
    with pytest.raises(PasswordRequired, match=r"^This document is password-protected: give the password$"):
        read_checklist(encrypted, password=password)


def test_an_encrypted_checklist_with_the_wrong_password(encrypted):
    with pytest.raises(WrongPassword, match=r"^The password does not open this document$") as raised:
        read_checklist(encrypted, password="leics-cme-2026")
    assert "leics-cme-2026" not in str(raised.value)
    assert isinstance(raised.value, ChecklistError)


# --- Things that are not a checklist -------------------------------------------------------


def _xlsx() -> bytes:
    out = io.BytesIO()
    openpyxl.Workbook().save(out)
    return out.getvalue()


def _zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("notes.txt", "hello")
    return out.getvalue()


@pytest.mark.parametrize("content", [
    b"Name of Pupil (s): Amy Smith", b"%PDF-1.7\n", b"", _xlsx(), _zip(),
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600),  # the start of an Office file, then nothing
], ids=["text", "pdf", "empty", "xlsx", "zip", "broken-ole"])
def test_a_file_that_is_not_a_word_document(content):
    with pytest.raises(NotAChecklist, match=r"^This is not a Word document \(\.docx\)$"):
        read_checklist(content)


def test_a_word_document_without_the_checklist():
    def build(document: Document) -> None:
        document.add_heading("Minutes of the attendance panel", level=1)
        document.add_paragraph("What do you think is working well? Everything.")
        table = document.add_table(rows=2, cols=2)
        table.cell(0, 0).text = "Item"
        table.cell(0, 1).text = "Owner"
    with pytest.raises(NotAChecklist, match=r"^No referral checklist table found in this document$"):
        read_checklist(docx_bytes(build))


def test_the_source_can_be_a_path_a_file_or_bytes(tmp_path, standard):
    content = make_checklist_docx()
    path = tmp_path / "referral.docx"
    path.write_bytes(content)
    assert read_checklist(path).as_dict() == standard
    assert read_checklist(str(path)).as_dict() == standard
    with path.open("rb") as handle:
        assert read_checklist(handle).as_dict() == standard
    assert read_checklist(bytearray(content)).as_dict() == standard
    with path.open("r", encoding="latin-1") as text_handle, pytest.raises(TypeError, match="binary mode"):
        read_checklist(text_handle)


def test_the_generator_is_reproducible_and_checks_its_input():
    assert complete_checklist_data(seed=7) == complete_checklist_data(seed=7)
    assert complete_checklist_data(seed=7)["child"] != complete_checklist_data(seed=8)["child"]
    with pytest.raises(KeyError, match="'dob' is not part of the checklist's shape"):
        complete_checklist_data({"dob": "2015-01-01"})
    with pytest.raises(ValueError, match="Unknown variant 'tidy'"):
        make_checklist_docx(variant="tidy")


# --- Round trip ------------------------------------------------------------------------------

GIVEN_NAMES = ("Amy", "Oliver", "Aisha", "Mohammed", "Zofia", "Hodan", "Mary-Jane", "Chloé", "Tyler", "Ioana")
SURNAMES = ("Smith", "Smith-Jones", "O'Brien", "Khan", "Nowak", "Warsame", "Ní-Bhriain", "Patel", "Evans", "Mac")
WORDS = ("mum", "school", "visit", "police", "nan", "weekly", "safe", "worker", "phoned", "moved", "leicester", "no",
         "contact", "since", "march", "2026", "sibling", "housing", "GP", "12/05/2026", "(aunt)", "well-being")
lines = st.lists(st.sampled_from(WORDS), min_size=1, max_size=8).map(" ".join).filter(lambda line: line[0].isalpha())
texts = st.one_of(st.none(), st.lists(lines, min_size=1, max_size=3).map("\n".join))
dates = st.dates(dt.date(2005, 1, 1), dt.date(2030, 12, 31)).map(dt.date.isoformat)
indicator_answers = st.lists(
    st.one_of(st.none(), st.just(("no", None)),
              st.tuples(st.just("yes"), st.sampled_from(["current", "historic", None]))),
    min_size=20, max_size=20,
).map(lambda answers: [{"number": number, "answer": answer[0], "status": answer[1]}
                       for number, answer in enumerate(answers, start=1) if answer])


@st.composite
def checklists(draw) -> dict:
    given_names = draw(st.lists(st.sampled_from(GIVEN_NAMES), min_size=1, max_size=3))
    return {
        "child": {"first_name": " ".join(given_names), "last_name": draw(st.sampled_from(SURNAMES)),
                  "other_names": draw(st.one_of(st.none(), st.sampled_from(GIVEN_NAMES))),
                  "date_of_birth": draw(st.one_of(st.none(), dates)),
                  "gender": draw(st.sampled_from(["female", "male", "Non-binary", None])),
                  "child_in_care": draw(st.sampled_from([True, False, None]))},
        "date_last_attended": draw(st.one_of(st.none(), dates)),
        "telephone": draw(st.one_of(st.none(), st.from_regex(r"07[0-9]{3} [0-9]{6}", fullmatch=True))),
        "actions": [{"outcome": draw(texts)} for _ in range(3)],
        "indicators": draw(indicator_answers),
        "social_care_referral_considered": draw(st.sampled_from([True, False, None])),
        "parental_consent": draw(st.sampled_from([True, False, None])),
        "assessment": {"working_well": draw(texts), "worried_about": draw(texts), "next_steps": draw(texts)},
        "referrer": {"name": draw(st.one_of(st.none(), lines)), "date_completed": draw(st.one_of(st.none(), dates))},
    }


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=checklists(), variant=st.sampled_from(["standard", "messy"]))
def test_what_is_written_is_what_is_read(data, variant):
    expected = complete_checklist_data(data)
    result = read_checklist(make_checklist_docx(data, variant=variant)).as_dict()
    assert_published_shape(result)
    assert result == expected
