"""Filled-in copies of Leicestershire's CME referral checklist (Appendix A) as .docx bytes.

Tests, browser tests and demo data need checklists like the ones schools really send:
the council's layout with its italic and bulleted hints, answered the tidy way or the
untidy way, and password-protected as the form asks. The data uses the same shape as
`ChecklistReading.as_dict()`, so what goes in is exactly what the reader should give
back. Everyone in these documents is fictional: defaults come from Faker's en_GB
provider, seeded so every run makes the same document.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import random
from typing import Any

import docx
from docx.document import Document
from docx.enum.text import WD_BREAK
from docx.table import _Cell
from faker import Faker
from msoffcrypto.format.ooxml import OOXMLFile

from cme.rules.risk_indicators import INDICATORS

VARIANTS = ("standard", "messy", "blank")
DEFAULT_SEED = 3

# --- The form's own wording ---------------------------------------------------------

TITLE = "Referral Checklist for Children Missing out on Education (CME)"
# (label, italic hint, field) pairs, left and right, row by row.
PUPIL_ROWS: tuple[tuple[tuple[str, str | None, str] | None, ...], ...] = (
    (("Name of Pupil (s)", None, "name"), ("Address", "(Last Known)", "last_known_address")),
    (("AKA", None, "other_names"), ("Parents'/Carers' Names", None, "parents_carers")),
    (("Date of Birth", None, "date_of_birth"), ("Telephone No.", None, "telephone")),
    (("Gender", None, "gender"), ("Email", None, "email")),
    (("Ethnicity", None, "ethnicity"), ("School/College", None, "school")),
    (("SEN & Disability", None, "sen_disability"), None),
    (("Child in Care?", None, "child_in_care"), ("Date Last Attended", None, "date_last_attended")),
)
ADDITIONAL_INFORMATION = ("Any Additional Information",
                          "(E.G. additional addresses, information surrounding SEN/Care etc)")
ACTION_HEADING = "Action to be Taken by Referrer"
ACTION_HEADER = ("Action", "Outcome", "(Include date completed)")
# Each action as (plain, italic) pieces of its cell.
ACTION_ROWS: tuple[tuple[tuple[str, bool], ...], ...] = (
    (("Check possible whereabouts with staff, siblings, friends & other pupils", False),),
    (("Contact any known extended family and/or emergency contact numbers", False),),
    (("Complete a visit to last known address ", False),
     ("(Check visible signs of property being occupied, checks with neighbours etc) ", True),
     ("Please include any additional & relevant information about the child or family ", False),
     ("(E.g known agencies with involvement & names of contacts)", True)),
)
INDICATOR_INTRO = ("Please complete the table below. Indicate as appropriate and mark whether the indicators are "
                   "current or historic")
INDICATOR_HEADER = ("No", "Vulnerabilities, Warning Signs & Risk Indicators (for the child and/or family)",
                    "Yes or No?", "Current / Historic (C/H?)")
SOCIAL_CARE_QUESTION = ("Based on the above indicators, if there are any safeguarding concerns or worries, have you "
                        "considered a referral to Social Care?")
CONSENT_QUESTION = "If so, have you gained consent from parents?"
ASSESSMENT_HEADING = "Referrer Assessment"
QUESTIONS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("working_well", "What do you think is working well?", (
        "Include protective factors:",
        "People, situations & actions that contribute to the wellbeing of the child & to plans about how they could "
        "be made safe",
        "Actions already being taken to make sure the child is safe",
    )),
    ("worried_about", "What are you worried about?", (
        "Include risk factors, whether they are suffering or likely to suffer significant harm.",
        "Harm – actual hurt, injury or abuse (likely) caused by adults in the past or present",
        "Risk taking behaviour by the child",
    )),
    ("next_steps", "What do you think needs to happen next?", (
        "This is the initial plan and should include what outcomes you are hoping are achieved and by when",
    )),
)
PROFESSIONAL_JUDGMENT = (
    "Professional Judgment",
    "Please use your professional judgement to reflect upon the indicators you have ticked above and consider the "
    "health, welfare and safety of the child in question",
)
HINT_TEXTS: tuple[str, ...] = (*(hint for _, _, hints in QUESTIONS for hint in hints), *PROFESSIONAL_JUDGMENT,
                               ADDITIONAL_INFORMATION[1], ACTION_HEADER[2])
REFERRER_HEADING = "Referrer's Details"
REFERRER_ROWS: tuple[tuple[tuple[str, str | None], ...], ...] = (
    (("Name", "name"), ("Position/Title", "position")),
    (("Contact Details", "contact"), ("School/College or Agency", "organisation")),
    (("Signature", None), ("Date Completed", "date_completed")),
)
CLOSING = "Please password protect the completed form and email to cme@leics.gov.uk"
ACTIONS = ("Check possible whereabouts with staff, siblings, friends & other pupils",
           "Contact any known extended family and/or emergency contact numbers",
           "Complete a visit to last known address")

# --- Data ---------------------------------------------------------------------------

_ETHNICITIES = ("White – British", "White – Irish", "Any other White background", "White – Gypsy/Roma",
                "Asian or Asian British – Pakistani", "Asian or Asian British – Indian", "Black or Black British – African",
                "Mixed – White and Black Caribbean", "Any other ethnic group")
_SEN = ("None known", "SEN support – speech, language and communication needs",
        "SEN support – social, emotional and mental health", "EHC plan – autistic spectrum disorder")
_POSITIONS = ("Designated Safeguarding Lead", "Attendance Officer", "Pastoral Manager", "Deputy Headteacher",
              "Family Support Worker")
_SCHOOL_KINDS = ("Primary School", "Academy", "Church of England Primary School", "Community College",
                 "Junior School")
_faker = Faker("en_GB")


def blank_checklist_data() -> dict[str, Any]:
    """What the reader should give back for the blank form: every field None and unread."""
    data: dict[str, Any] = {
        "child": dict.fromkeys(("first_name", "last_name", "other_names", "date_of_birth", "gender", "ethnicity",
                                "sen_disability", "child_in_care")),
        **dict.fromkeys(("last_known_address", "additional_information", "parents_carers", "telephone", "email",
                         "school", "date_last_attended")),
        "actions": [{"action": action, "outcome": None} for action in ACTIONS],
        "indicators": [],
        "social_care_referral_considered": None,
        "parental_consent": None,
        "assessment": dict.fromkeys(("working_well", "worried_about", "next_steps")),
        "referrer": dict.fromkeys(("name", "position", "contact", "organisation", "date_completed")),
    }
    data["unread"] = expected_unread(data)
    return data


def _day(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randrange((end - start).days + 1))


def checklist_data(seed: int = DEFAULT_SEED) -> dict[str, Any]:
    """A complete, realistic, fictional referral: every box answered, as a careful referrer
    would; the same seed always gives the same referral."""
    rng = random.Random(seed)
    fake = _faker
    fake.seed_instance(seed)
    girl = rng.random() < 0.5
    first = fake.first_name_female() if girl else fake.first_name_male()
    middle = (fake.first_name_female() if girl else fake.first_name_male()) if rng.random() < 0.5 else None
    last = fake.last_name()
    she, her = ("she", "her") if girl else ("he", "his")
    born = _day(rng, dt.date(2011, 9, 1), dt.date(2020, 8, 31))
    last_attended = _day(rng, dt.date(2026, 1, 5), dt.date(2026, 5, 22))
    completed = last_attended + dt.timedelta(days=rng.randint(10, 20))
    city, other_city = fake.city(), fake.city()
    mother, partner = f"{fake.first_name_female()} {last}", f"{fake.first_name_male()} {fake.last_name()}"
    school = f"{fake.city()} {rng.choice(_SCHOOL_KINDS)}"
    teacher = f"{rng.choice(('Mrs', 'Mr', 'Ms', 'Miss'))} {fake.last_name()}"
    aunt = f"{fake.first_name_female()} {fake.last_name()}"
    checked = last_attended + dt.timedelta(days=rng.randint(3, 6))
    yes_numbers = set(rng.sample(range(1, 21), rng.randint(3, 6)))
    referrer = fake.name()
    data: dict[str, Any] = {
        "child": {
            "first_name": f"{first} {middle}" if middle else first,
            "last_name": last,
            "other_names": f"{first} {fake.last_name()}",
            "date_of_birth": born.isoformat(),
            "gender": "female" if girl else "male",
            "ethnicity": rng.choice(_ETHNICITIES),
            "sen_disability": rng.choice(_SEN),
            "child_in_care": rng.random() < 0.15,
        },
        "last_known_address": fake.address(),
        "additional_information": f"Previously lived at {fake.street_address().replace(chr(10), ', ')}, {other_city}.\n"
                                  f"Maternal grandmother lives in {city} and may know where the family is.",
        "parents_carers": f"{mother} (mother)\n{partner} (mother's partner)",
        "telephone": fake.cellphone_number(),
        "email": fake.free_email(),
        "school": school,
        "date_last_attended": last_attended.isoformat(),
        "actions": [
            {"action": ACTIONS[0],
             "outcome": f"Spoke to {teacher} and {her} friends on {checked:%d/%m/%Y}: {first} told friends "
                        f"{she} was moving to {other_city}."},
            {"action": ACTIONS[1],
             "outcome": f"Phoned both emergency contacts on {checked:%d/%m/%Y}; no answer from mum. "
                        f"Aunt {aunt} has not seen the family since Easter."},
            {"action": ACTIONS[2],
             "outcome": f"Home visit on {checked + dt.timedelta(days=1):%d/%m/%Y}: curtains closed, post piling up.\n"
                        "Neighbour says the family left in a van two weeks ago. Early Help were involved until March."},
        ],
        "indicators": [
            {"number": number, "answer": "yes" if number in yes_numbers else "no",
             "status": rng.choice(("current", "historic")) if number in yes_numbers else None}
            for number in range(1, 21)
        ],
        "social_care_referral_considered": True,
        "parental_consent": rng.random() < 0.5,
        "assessment": {
            "working_well": f"{first} has a close relationship with {her} maternal grandmother.\n"
                            f"Attendance was good until the spring term and {she} was settled in class.",
            "worried_about": f"No one has seen {first} since {last_attended:%d/%m/%Y} and the house appears empty.\n"
                             f"{mother.split()[0]} has said she wants to move away from {partner.split()[0]}.",
            "next_steps": f"CME team to check with admissions in {other_city} by {completed + dt.timedelta(days=7):%d/%m/%Y}.\n"
                          f"School to keep {first} on roll and carry on first-day calling.",
        },
        "referrer": {
            "name": referrer,
            "position": rng.choice(_POSITIONS),
            "contact": f"{fake.free_email()}\n{fake.phone_number()}",
            "organisation": school,
            "date_completed": completed.isoformat(),
        },
    }
    data["unread"] = []
    return data


_SECTIONS = ("child", "assessment", "referrer")


def complete_checklist_data(data: dict[str, Any] | None = None, *, seed: int = DEFAULT_SEED) -> dict[str, Any]:
    """The given data laid over the seeded defaults, with "unread" worked out: exactly what
    `read_checklist(...).as_dict()` should return for `make_checklist_docx(data)`."""
    result = checklist_data(seed)
    for key, value in (data or {}).items():
        if key not in result:
            raise KeyError(f"'{key}' is not part of the checklist's shape: use the keys of ChecklistReading.as_dict()")
        if key in _SECTIONS:
            unknown = set(value) - set(result[key])
            if unknown:
                raise KeyError(f"{key} has no {', '.join(sorted(unknown))}: use the keys of ChecklistReading.as_dict()")
            result[key] = {**result[key], **value}
        elif key == "actions":
            result[key] = [{"action": action, "outcome": None} for action in ACTIONS]
            for index, given in enumerate(value[: len(ACTIONS)]):
                result[key][index]["outcome"] = given.get("outcome")
        elif key != "unread":
            result[key] = copy.deepcopy(value)
    result["indicators"] = sorted(result["indicators"], key=lambda indicator: indicator["number"])
    result["unread"] = expected_unread(result)
    return result


def expected_unread(data: dict[str, Any]) -> list[str]:
    """The rule the reader follows, stated independently: every None field by its dotted
    key in the shape's order, an unanswered indicator as "indicator N", a Yes without
    current/historic as "indicator N status"."""
    unread: list[str] = []
    for key, value in data.items():
        if key == "unread":
            continue
        if key == "actions":
            unread += [f"action {number} outcome" for number, action in enumerate(value, start=1)
                       if action["outcome"] is None]
        elif key == "indicators":
            by_number = {indicator["number"]: indicator for indicator in value}
            for number in range(1, len(INDICATORS) + 1):
                if number not in by_number:
                    unread.append(f"indicator {number}")
                elif by_number[number]["answer"] == "yes" and by_number[number]["status"] is None:
                    unread.append(f"indicator {number} status")
        elif isinstance(value, dict):
            unread += [f"{key}.{name}" for name, inner in value.items() if inner is None]
        elif value is None:
            unread.append(key)
    return unread


# --- Writing the document -----------------------------------------------------------


def make_checklist_docx(data: dict[str, Any] | None = None, *, password: str | None = None,
                        variant: str = "standard", seed: int = DEFAULT_SEED) -> bytes:
    """A filled-in checklist as .docx bytes (encrypted as Word does when `password` is given).

    "standard" is filled in tidily; "messy" the way many arrive: labels with colons, rows
    in another order and an extra blank row, the additional information in the row
    below its label, "Yes/No" left in place with the answer in the next paragraph, dates
    like "3.4.15" and "12 March 2015", ticks for Yes, "Surname, Forename", one answer in a
    box and one typed on the hint's own line. "blank" is the form with nothing filled in
    (`data` is ignored). None in `data` leaves that box empty; a date that is not YYYY-MM-DD
    is written exactly as given."""
    if variant not in VARIANTS:
        raise ValueError(f"Unknown variant '{variant}': choose one of {', '.join(VARIANTS)}")
    filled = blank_checklist_data() if variant == "blank" else complete_checklist_data(data, seed=seed)
    plain = _Writer(filled, messy=variant == "messy", rng=random.Random(seed)).write()
    if password is None:
        return plain
    encrypted = io.BytesIO()
    OOXMLFile(io.BytesIO(plain)).encrypt(password, encrypted)
    return encrypted.getvalue()


def _uk_date(value: str | None, style: str) -> str:
    if value is None:
        return ""
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        return value  # not an ISO date: written exactly as given, so tests can send "31/02/2015"
    if style == "dotted":  # 3.4.15
        return f"{day.day}.{day.month}.{day:%y}"
    if style == "words":  # 12 March 2015
        return f"{day.day} {day:%B %Y}"
    if style == "short":  # 3/4/15
        return f"{day.day}/{day.month}/{day:%y}"
    return f"{day:%d/%m/%Y}"


class _Writer:
    def __init__(self, data: dict[str, Any], *, messy: bool, rng: random.Random) -> None:
        self.data = data
        self.messy = messy
        self.rng = rng
        self.document: Document = docx.Document()

    def write(self) -> bytes:
        document = self.document
        document.add_heading(TITLE, level=1)
        document.add_paragraph("Appendix A")
        self._pupil_table()
        document.add_heading(ACTION_HEADING, level=2)
        self._actions_table()
        document.add_paragraph(INDICATOR_INTRO)
        self._indicators_table()
        self._yes_no(SOCIAL_CARE_QUESTION, self.data["social_care_referral_considered"])
        self._yes_no(CONSENT_QUESTION, self.data["parental_consent"])
        document.add_heading(ASSESSMENT_HEADING, level=2)
        for key, question, hints in QUESTIONS:
            self._assessment(key, question, hints)
        document.add_heading(REFERRER_HEADING, level=2)
        self._referrer_table()
        document.add_paragraph().add_run(CLOSING).bold = True
        out = io.BytesIO()
        document.save(out)
        return out.getvalue()

    # Cells and paragraphs

    def _label(self, cell: _Cell, label: str, hint: str | None = None) -> None:
        paragraph = cell.paragraphs[0]
        paragraph.add_run(label).bold = True
        if hint:
            paragraph.add_run(" ")
            paragraph.add_run(hint).italic = True
        if self.messy:
            paragraph.add_run(":").bold = True

    def _fill(self, cell: _Cell, text: str | None) -> None:
        """Several lines go in as paragraphs, or in the messy copy as line breaks."""
        if not text:
            return
        lines = text.split("\n")
        if self.messy:
            run = cell.paragraphs[0].add_run(lines[0])
            for line in lines[1:]:
                run.add_break(WD_BREAK.LINE)
                run.add_text(line)
            return
        cell.paragraphs[0].add_run(lines[0])
        for line in lines[1:]:
            cell.add_paragraph(line)

    # The pupil's details

    def _pupil_value(self, field: str) -> str | None:
        data, child, messy = self.data, self.data["child"], self.messy
        if field == "name":
            first, last = child["first_name"], child["last_name"]
            if messy and last:
                return f"{last}, {first}" if first else f"{last},"
            return " ".join(part for part in (first, last) if part) or None
        if field == "gender":
            words = {"female": "F", "male": "M"} if messy else {"female": "Female", "male": "Male"}
            return words.get(child["gender"], child["gender"])
        if field == "child_in_care":
            answer = child["child_in_care"]
            return None if answer is None else ("Y" if messy else "Yes") if answer else ("N" if messy else "No")
        if field == "date_of_birth":
            return _uk_date(child["date_of_birth"], "dotted" if messy else "standard")
        if field == "date_last_attended":
            return _uk_date(data["date_last_attended"], "words" if messy else "standard")
        return child[field] if field in child else data[field]

    def _pupil_table(self) -> None:
        rows: list[Any] = list(PUPIL_ROWS)
        if self.messy:  # another order, and a stray empty row
            rows = [rows[0], rows[2], rows[1], rows[4], rows[3], "blank", rows[5], rows[6]]
        extra = 2 if self.messy else 1
        table = self.document.add_table(rows=len(rows) + extra, cols=4)
        table.style = "Table Grid"
        for row_number, row in enumerate(rows):
            if row == "blank":
                continue
            for side, entry in enumerate(row):
                if entry is None:
                    continue
                label, hint, field = entry
                self._label(table.cell(row_number, side * 2), label, hint)
                self._fill(table.cell(row_number, side * 2 + 1), self._pupil_value(field))
        label_row = len(rows)
        if self.messy:  # the label across the whole row, its value in the row below
            label_cell = table.cell(label_row, 0).merge(table.cell(label_row, 3))
            value_cell = table.cell(label_row + 1, 0).merge(table.cell(label_row + 1, 3))
        else:
            label_cell = table.cell(label_row, 0)
            value_cell = table.cell(label_row, 1).merge(table.cell(label_row, 3))
        self._label(label_cell, *ADDITIONAL_INFORMATION)
        self._fill(value_cell, self.data["additional_information"])

    # Actions and indicators

    def _actions_table(self) -> None:
        rows = [None, *range(len(ACTION_ROWS))] if self.messy else list(range(len(ACTION_ROWS)))
        table = self.document.add_table(rows=len(rows) + 1, cols=2)
        table.style = "Table Grid"
        header = table.rows[0].cells
        header[0].paragraphs[0].add_run(ACTION_HEADER[0]).bold = True
        header[1].paragraphs[0].add_run(ACTION_HEADER[1] + " ").bold = True
        header[1].paragraphs[0].add_run(ACTION_HEADER[2]).italic = True
        for row_number, index in enumerate(rows, start=1):
            if index is None:
                continue
            cells = table.rows[row_number].cells
            for text, italic in ACTION_ROWS[index]:
                cells[0].paragraphs[0].add_run(text).italic = italic
            self._fill(cells[1], self.data["actions"][index]["outcome"])

    def _indicators_table(self) -> None:
        answers = {indicator["number"]: indicator for indicator in self.data["indicators"]}
        order: list[Any] = list(INDICATORS)
        if self.messy:
            self.rng.shuffle(order)
            order.insert(0, None)
        table = self.document.add_table(rows=len(order) + 1, cols=4)
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, INDICATOR_HEADER, strict=True):
            cell.paragraphs[0].add_run(text).bold = True
        for row_number, indicator in enumerate(order, start=1):
            if indicator is None:
                continue
            cells = table.rows[row_number].cells
            cells[0].paragraphs[0].add_run(str(indicator.number))
            cells[1].paragraphs[0].add_run(indicator.text)
            given = answers.get(indicator.number)
            if given is None:
                continue
            if given["answer"] == "yes":
                cells[2].paragraphs[0].add_run("✓" if self.messy else "Yes")
            else:
                cells[2].paragraphs[0].add_run("N" if self.messy else "No")
            if given["status"]:
                status = given["status"].title() if self.messy else given["status"][0].upper()
                cells[3].paragraphs[0].add_run(status)

    # The Yes/No questions and the assessment

    def _yes_no(self, question: str, answer: bool | None) -> None:
        """Tidy: the unwanted one of "Yes/No" deleted. Messy: "Yes/No" left alone and the
        answer written in the next paragraph."""
        paragraph = self.document.add_paragraph(question + " ")
        word = None if answer is None else ("Yes" if answer else "No")
        if self.messy or word is None:
            paragraph.add_run("Yes/No").bold = True
            if self.messy and word:
                self.document.add_paragraph(word)
        else:
            paragraph.add_run(word).bold = True

    def _assessment(self, key: str, question: str, hints: tuple[str, ...]) -> None:
        document = self.document
        document.add_paragraph().add_run(question).bold = True
        answer = self.data["assessment"][key]
        lines = answer.split("\n") if answer else []
        for number, hint in enumerate(hints):
            paragraph = document.add_paragraph(style="List Bullet")
            paragraph.add_run(hint).italic = True
            if self.messy and key == "working_well" and number == 0 and lines:
                paragraph.add_run(" " + lines.pop(0))  # typed straight after "Include protective factors:"
        if lines and self.messy and key == "worried_about":
            box = document.add_table(rows=1, cols=1)
            box.style = "Table Grid"
            self._fill(box.cell(0, 0), "\n".join(lines))
        else:
            for line in lines:
                document.add_paragraph(line)
        if key == "worried_about":
            document.add_paragraph().add_run(PROFESSIONAL_JUDGMENT[0]).bold = True
            document.add_paragraph().add_run(PROFESSIONAL_JUDGMENT[1]).italic = True

    # The referrer

    def _referrer_table(self) -> None:
        referrer = self.data["referrer"]
        table = self.document.add_table(rows=len(REFERRER_ROWS), cols=4)
        table.style = "Table Grid"
        for row_number, row in enumerate(REFERRER_ROWS):
            for side, (label, field) in enumerate(row):
                self._label(table.cell(row_number, side * 2), label)
                if field == "date_completed":
                    value = _uk_date(referrer[field], "short" if self.messy else "standard")
                else:
                    value = referrer[field] if field else None
                self._fill(table.cell(row_number, side * 2 + 1), value)
