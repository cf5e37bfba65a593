"""Reading Leicestershire's "Referral Checklist for Children Missing out on Education"
(the CME policy's Appendix A) from a filled-in Word document.

Schools and agencies send the checklist as a .docx, usually password-protected because
the form tells them to. People fill it in by hand, so the same form arrives with labels
followed by colons, extra blank rows, answers typed into the next row or paragraph,
unwanted "Yes/No" left in place, ticks instead of words and the form's own italic hints
still there. The reader therefore finds each part of the form by its wording, never by
its position, and reports what it could not read instead of guessing: a case worker
checks those fields by hand.

Pure Python (python-docx, lxml, msoffcrypto-tool): no Django, so the command line, the
web service and the tests share it. Password-protected documents are decrypted in
memory only and the password is not kept.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import io
import os
import re
import struct
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, BinaryIO, Literal

import docx
import msoffcrypto
from docx.opc.exceptions import PackageNotFoundError
from lxml import etree
from msoffcrypto import exceptions as crypto_errors
from msoffcrypto.format.doc97 import Doc97File
from msoffcrypto.format.ooxml import OOXMLFile

from cme.rules.dates import DateError, parse_uk_date
from cme.rules.risk_indicators import INDICATORS

__all__ = [
    "ACTIONS",
    "ActionOutcome",
    "Assessment",
    "ChecklistError",
    "ChecklistReading",
    "ChildDetails",
    "IndicatorReading",
    "NotAChecklist",
    "PasswordRequired",
    "ReferrerDetails",
    "WrongPassword",
    "parse_checklist_date",
    "parse_gender",
    "parse_indicator",
    "parse_status",
    "parse_yes_no",
    "read_checklist",
    "split_pupil_name",
]


# --- Errors --------------------------------------------------------------------------


class ChecklistError(Exception):
    """The document cannot be read as a referral checklist; the message says why in words
    a case worker can act on."""


class PasswordRequired(ChecklistError):
    def __init__(self, message: str = "This document is password-protected: give the password") -> None:
        super().__init__(message)


class WrongPassword(ChecklistError):
    def __init__(self, message: str = "The password does not open this document") -> None:
        super().__init__(message)


class NotAChecklist(ChecklistError):
    pass


NOT_A_WORD_DOCUMENT = "This is not a Word document (.docx)"
NO_CHECKLIST_FOUND = "No referral checklist table found in this document"
OLD_WORD_FORMAT = ("This is an old-style Word document (.doc): open it in Word, save it as a Word Document (.docx) "
                   "and try again")
DAMAGED = "This password-protected document is damaged and cannot be opened"
UNSUPPORTED_ENCRYPTION = ("This document's password protection is of a kind that cannot be read here: ask the sender "
                          "to save it again from a current version of Word")

# A real checklist is a few hundred kilobytes; the limit stops a "zip bomb" attachment
# from filling memory before anything is read.
MAX_UNPACKED_BYTES = 100 * 1024 * 1024


# --- The result ----------------------------------------------------------------------

Answer = Literal["yes", "no"]
Status = Literal["current", "historic"]

# The short wording of each action, as a case worker would quote it; the third action's
# form wording goes on to ask for extra information, which is not part of the action.
ACTIONS: tuple[str, ...] = (
    "Check possible whereabouts with staff, siblings, friends & other pupils",
    "Contact any known extended family and/or emergency contact numbers",
    "Complete a visit to last known address",
)


@dataclass(frozen=True)
class ChildDetails:
    first_name: str | None = None
    last_name: str | None = None
    other_names: str | None = None
    date_of_birth: dt.date | None = None
    gender: str | None = None
    ethnicity: str | None = None
    sen_disability: str | None = None
    child_in_care: bool | None = None


@dataclass(frozen=True)
class ActionOutcome:
    number: int
    action: str
    outcome: str | None = None


@dataclass(frozen=True)
class IndicatorReading:
    number: int
    answer: Answer
    status: Status | None = None


@dataclass(frozen=True)
class Assessment:
    working_well: str | None = None
    worried_about: str | None = None
    next_steps: str | None = None


@dataclass(frozen=True)
class ReferrerDetails:
    name: str | None = None
    position: str | None = None
    contact: str | None = None
    organisation: str | None = None
    date_completed: dt.date | None = None


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


@dataclass(frozen=True)
class ChecklistReading:
    """What one filled-in checklist says. `unread` names, in form order, every field that
    was left blank or could not be read, so nothing missing goes unnoticed."""

    child: ChildDetails = field(default_factory=ChildDetails)
    last_known_address: str | None = None
    additional_information: str | None = None
    parents_carers: str | None = None
    telephone: str | None = None
    email: str | None = None
    school: str | None = None
    date_last_attended: dt.date | None = None
    actions: tuple[ActionOutcome, ...] = ()
    indicators: tuple[IndicatorReading, ...] = ()
    social_care_referral_considered: bool | None = None
    parental_consent: bool | None = None
    assessment: Assessment = field(default_factory=Assessment)
    referrer: ReferrerDetails = field(default_factory=ReferrerDetails)
    unread: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        """The published shape (the command line prints it as JSON): plain values only,
        dates as YYYY-MM-DD. Other tools depend on these exact keys."""
        child = self.child
        return {
            "child": {
                "first_name": child.first_name,
                "last_name": child.last_name,
                "other_names": child.other_names,
                "date_of_birth": _iso(child.date_of_birth),
                "gender": child.gender,
                "ethnicity": child.ethnicity,
                "sen_disability": child.sen_disability,
                "child_in_care": child.child_in_care,
            },
            "last_known_address": self.last_known_address,
            "additional_information": self.additional_information,
            "parents_carers": self.parents_carers,
            "telephone": self.telephone,
            "email": self.email,
            "school": self.school,
            "date_last_attended": _iso(self.date_last_attended),
            "actions": [{"action": action.action, "outcome": action.outcome} for action in self.actions],
            "indicators": [{"number": indicator.number, "answer": indicator.answer, "status": indicator.status}
                           for indicator in self.indicators],
            "social_care_referral_considered": self.social_care_referral_considered,
            "parental_consent": self.parental_consent,
            "assessment": {
                "working_well": self.assessment.working_well,
                "worried_about": self.assessment.worried_about,
                "next_steps": self.assessment.next_steps,
            },
            "referrer": {
                "name": self.referrer.name,
                "position": self.referrer.position,
                "contact": self.referrer.contact,
                "organisation": self.referrer.organisation,
                "date_completed": _iso(self.referrer.date_completed),
            },
            "unread": list(self.unread),
        }


# --- Small parsers for what people type ---------------------------------------------

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))
_NOT_APPLICABLE = {"n/a", "n.a.", "n.a", "n / a"}


def clean_text(text: str | None) -> str | None:
    """Stripped, inner whitespace collapsed line by line, blank lines dropped; None when
    nothing is left. A lone dash or "N/A" is a way of leaving a box empty, so it is None too."""
    if text is None:
        return None
    lines = [" ".join(line.translate(_ZERO_WIDTH).split()) for line in text.splitlines()]
    result = "\n".join(line for line in lines if line)
    if not result or not re.search(r"[^\W_]|[✓✔☒☑✅]", result) or result.lower() in _NOT_APPLICABLE:
        return None
    return result


_MARKS_YES = {"yes", "y", "true", "ticked", "x", "✓", "✔", "☒", "☑", "✅"}
_MARKS_NO = {"no", "n", "false"}
_BOXES = {"☐", "☒", "☑"}
_CHECKED = {"☒", "☑"}
_TOKEN = re.compile(r"[^\W\d_]+|[✓✔☒☑☐✅✗✘]")


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.lower())


def parse_yes_no(text: str | None) -> bool | None:
    """True/False for a Yes/No box; None when blank, left as the form's "Yes/No", or
    unclear (a cross "✗" is used for both answers, so it is not guessed at)."""
    cleaned = clean_text(text)
    if cleaned is None:
        return None
    tokens = _tokens(cleaned)
    if not tokens:
        return None
    if _BOXES & set(tokens) and {"yes", "no"} <= set(tokens):
        return _ticked_box_answer(tokens)
    yes = [t for t in tokens if t in _MARKS_YES]
    no = [t for t in tokens if t in _MARKS_NO]
    if yes and no and len(tokens) == 2:  # "Yes/No", "Y/N", "Yes No": nothing was chosen
        return None
    if re.fullmatch(r"yes\s*(/|or)\s*no\W*", cleaned.lower()):
        return None
    if tokens[0] in _MARKS_YES:
        return True
    if tokens[0] in _MARKS_NO:
        return False
    return None


def _ticked_box_answer(tokens: list[str]) -> bool | None:
    """For "☒ Yes ☐ No" or "Yes ☒ No ☐": the word next to the ticked box."""
    box_first = tokens[0] in _BOXES
    chosen: set[str] = set()
    for index, token in enumerate(tokens):
        if token not in _CHECKED:
            continue
        neighbour = index + 1 if box_first else index - 1
        if 0 <= neighbour < len(tokens) and tokens[neighbour] in {"yes", "no"}:
            chosen.add(tokens[neighbour])
    if chosen == {"yes"}:
        return True
    if chosen == {"no"}:
        return False
    return None


def parse_status(text: str | None) -> Status | None:
    """"C"/"Current" or "H"/"Historic"; None when blank, "C/H" left unedited, or both."""
    cleaned = clean_text(text)
    if cleaned is None:
        return None
    tokens = set(_tokens(cleaned))
    current = bool(tokens & {"c", "current", "curr", "currently", "now"})
    historic = bool(tokens & {"h", "historic", "historical", "hist", "history", "past"})
    if current and not historic:
        return "current"
    if historic and not current:
        return "historic"
    return None


def parse_indicator(answer_text: str | None, status_text: str | None = None) -> tuple[Answer | None, Status | None]:
    """One row of the indicators table. When the status box is empty but the answer box
    says more ("Yes (C)", "Y - historic"), the status is taken from the answer box."""
    answer = parse_yes_no(answer_text)
    if answer is None:
        return None, None
    if clean_text(status_text) is not None:
        status = parse_status(status_text)
    else:
        tokens = _tokens(clean_text(answer_text) or "")
        status = parse_status(" ".join(tokens[1:])) if len(tokens) > 1 else None
    return ("yes" if answer else "no"), status


_FEMALE = {"f", "female", "girl", "fem"}
_MALE = {"m", "male", "boy"}


def parse_gender(text: str | None) -> str | None:
    """"female"/"male" for the usual ways of writing them; anything else as written, since
    the referrer's own words are better than a wrong category."""
    cleaned = clean_text(text)
    if cleaned is None:
        return None
    key = cleaned.lower().strip(" .")
    if key in _FEMALE:
        return "female"
    if key in _MALE:
        return "male"
    return cleaned


_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december")
_WEEKDAY = r"(?:(?:mon|tue|tues|wed|wednes|thu|thur|thurs|fri|sat|satur|sun)(?:day)?\.?,?\s+)?"
_DAY_FIRST = re.compile(_WEEKDAY + r"(\d{1,2})(?:st|nd|rd|th)?(?:\s+of)?[\s\-/.,]+([a-z]+)\.?,?[\s\-/.,]+(\d{4}|\d{2})")
_MONTH_FIRST = re.compile(_WEEKDAY + r"([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4}|\d{2})")


def _month_number(word: str) -> int | None:
    if word == "sept":
        return 9
    if len(word) < 3:
        return None
    matches = [number for number, name in enumerate(_MONTHS, start=1) if name.startswith(word)]
    return matches[0] if len(matches) == 1 else None


def parse_checklist_date(text: str) -> dt.date:
    """A date as written on the form: day first (31/12/2015, 3.4.15, 31-12-15), ISO, or with
    the month in words ("12 March 2015", "Thursday 12th Mar 2015", "March 12, 2015").
    Raises DateError rather than guess at an impossible or unclear date."""
    compact = " ".join((text or "").split())
    numeric = re.sub(r"\s*([/.\-])\s*", r"\1", compact)
    if not re.search(r"[a-zA-Z]", compact):
        return parse_uk_date(numeric)
    lowered = compact.lower()
    match = _DAY_FIRST.fullmatch(lowered)
    if match:
        day, month_word, year_text = match.groups()
    else:
        match = _MONTH_FIRST.fullmatch(lowered)
        if not match:
            raise DateError(f"'{text}' is not a date in the form DD/MM/YYYY or 12 March 2015")
        month_word, day, year_text = match.groups()
    month = _month_number(month_word)
    if month is None:
        raise DateError(f"'{text}' is not a date: '{month_word}' is not a month")
    year = int(year_text)
    if len(year_text) == 2:
        year += 2000 if year < 50 else 1900  # the same pivot as parse_uk_date
    try:
        return dt.date(year, month, int(day))
    except ValueError:
        raise DateError(f"'{text}' is not a real date: {_MONTHS[month - 1].title()} {year} has no day {int(day)}") from None


def _date_or_none(text: str | None) -> dt.date | None:
    cleaned = clean_text(text)
    if cleaned is None:
        return None
    try:
        return parse_checklist_date(cleaned)
    except DateError:
        return None


# Words that join a surname to the word after it ("van der Berg", "Al Amin"); they are
# never read as a middle name when they come just before the last word.
_SURNAME_PARTICLES = {"van", "von", "de", "der", "den", "da", "das", "dos", "du", "del", "della", "di", "le", "la",
                      "ter", "ten", "al", "el", "bin", "binti", "ibn", "mac", "st", "st."}
_SEVERAL = re.compile(r"\n|;|\s&\s|\band\b", re.IGNORECASE)


def _in_capitals(word: str) -> bool:
    letters = [character for character in word if character.isalpha()]
    return len(letters) > 1 and all(character.isupper() for character in letters)


def split_pupil_name(text: str | None) -> tuple[str | None, str | None]:
    """(first_name, last_name) from the "Name of Pupil (s)" box.

    "First Middle Last": the last word is the surname (hyphenated and apostrophe names are
    one word; "van der Berg" style particles stay with it) and every word before it is the
    first name, middle names included. "Surname, Forenames" (one comma) is read surname
    first. A single word is a first name. When the box names several pupils (lines, "&",
    "and", ";" or more than one comma) neither is returned: which child the referral is
    about is for a person to decide. School systems write "SMITH Amy": leading words in
    capitals, followed by words that are not, are the surname."""
    cleaned = clean_text(text)
    if cleaned is None:
        return None, None
    if _SEVERAL.search(cleaned) or cleaned.count(",") > 1:
        return None, None
    if "," in cleaned:
        last, first = (clean_text(part) for part in cleaned.split(","))
        return first, last
    words = cleaned.split(" ")
    if len(words) == 1:
        return words[0], None
    capitals = 0
    while capitals < len(words) and _in_capitals(words[capitals]):
        capitals += 1
    if 0 < capitals < len(words):
        return " ".join(words[capitals:]), " ".join(words[:capitals])
    start = len(words) - 1
    while start > 1 and words[start - 1].lower() in _SURNAME_PARTICLES:
        start -= 1
    return " ".join(words[:start]), " ".join(words[start:])


# --- Opening the document -----------------------------------------------------------

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _source_bytes(source: bytes | str | os.PathLike | BinaryIO) -> bytes:
    if isinstance(source, bytes | bytearray | memoryview):
        return bytes(source)
    if isinstance(source, str | os.PathLike):
        with open(source, "rb") as handle:
            return handle.read()
    if hasattr(source, "read"):
        data = source.read()
        if isinstance(data, str):
            raise TypeError("The checklist file was opened as text: open it in binary mode ('rb')")
        return bytes(data)
    raise TypeError(f"Give the checklist as bytes, a path or a binary file, not {type(source).__name__}")


def _decrypt(data: bytes, password: str | None) -> bytes:
    """The .docx inside Word's password protection (an OLE container), in memory only."""
    try:
        office = msoffcrypto.OfficeFile(io.BytesIO(data))
    except (crypto_errors.FileFormatError, crypto_errors.ParseError, OSError, ValueError, KeyError, IndexError,
            struct.error) as error:  # whatever the container's damage, it is not a Word document we can read
        raise NotAChecklist(NOT_A_WORD_DOCUMENT) from error
    if isinstance(office, Doc97File):
        raise NotAChecklist(OLD_WORD_FORMAT)
    if not isinstance(office, OOXMLFile) or not office.is_encrypted():
        raise NotAChecklist(NOT_A_WORD_DOCUMENT)
    if not password:
        raise PasswordRequired()
    if office.type not in {"agile", "standard"}:
        raise ChecklistError(UNSUPPORTED_ENCRYPTION)
    try:
        office.load_key(password=password, verify_password=True)
    except crypto_errors.InvalidKeyError:
        raise WrongPassword() from None
    except (crypto_errors.DecryptionError, crypto_errors.ParseError, ValueError, KeyError) as error:
        raise ChecklistError(f"{DAMAGED}: {error}") from None
    decrypted = io.BytesIO()
    try:
        office.decrypt(decrypted)
    except crypto_errors.InvalidKeyError:
        raise ChecklistError(DAMAGED) from None
    except (crypto_errors.DecryptionError, crypto_errors.ParseError, ValueError, OSError) as error:
        raise ChecklistError(f"{DAMAGED}: {error}") from None
    return decrypted.getvalue()


def _body(data: bytes, password: str | None) -> etree._Element:
    if data.startswith(_OLE_MAGIC):
        data = _decrypt(data, password)
    stream = io.BytesIO(data)
    if not zipfile.is_zipfile(stream):
        raise NotAChecklist(NOT_A_WORD_DOCUMENT)
    try:
        with zipfile.ZipFile(stream) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
        if unpacked > MAX_UNPACKED_BYTES:
            raise NotAChecklist(f"This document unpacks to {unpacked // (1024 * 1024)} MB, far more than a referral "
                                "checklist: it was not read")
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, ValueError, KeyError, zipfile.BadZipFile, etree.XMLSyntaxError) as error:
        raise NotAChecklist(NOT_A_WORD_DOCUMENT) from error
    return document.element.body


# --- Text from WordprocessingML -----------------------------------------------------

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_TRANSPARENT = {W + "sdt", W + "sdtContent", W + "customXml", W + "smartTag"}
_TEXT_TAGS = (W + "t", W + "tab", W + "br", W + "cr", W + "noBreakHyphen", W + "sym", W + "checkBox")
_SKIPPED_ANCESTORS = {_MC_FALLBACK, W + "del", W + "moveFrom"}
_OFF = {"false", "0", "off", "none"}
# Tick and box glyphs that Word's Insert Symbol puts in as w:sym, by font and code.
_SYMBOLS = {
    ("wingdings", "fc"): "✓", ("wingdings", "fe"): "☑", ("wingdings", "fd"): "☒", ("wingdings", "fb"): "✗",
    ("wingdings", "a8"): "☐", ("wingdings 2", "50"): "✓", ("wingdings 2", "52"): "☑", ("wingdings 2", "54"): "☒",
    ("wingdings 2", "4f"): "✗", ("wingdings 2", "a3"): "☐",
}


def _switched_on(element: etree._Element | None) -> bool:
    return element is not None and element.get(W + "val", "true").lower() not in _OFF


def _invisible(run: etree._Element) -> bool:
    """Struck-through text is how people delete "Yes" or "No" on a printed-style form,
    and hidden text is not part of what was sent, so neither is read."""
    properties = run.find(W + "rPr")
    if properties is None:
        return False
    return any(_switched_on(properties.find(W + tag)) for tag in ("strike", "dstrike", "vanish"))


def _belongs_to(element: etree._Element, paragraph: etree._Element) -> tuple[bool, etree._Element | None]:
    """Whether the text element is this paragraph's own (not a text box's, not deleted,
    not the duplicate fallback of a drawing), and the run it is in."""
    run = None
    node = element.getparent()
    while node is not None and node is not paragraph:
        if node.tag in _SKIPPED_ANCESTORS or node.tag == W + "p":
            return False, None
        if node.tag == W + "r" and run is None:
            run = node
        node = node.getparent()
    return node is paragraph, run


def _paragraph_text(paragraph: etree._Element) -> str:
    parts: list[str] = []
    for element in paragraph.iter(*_TEXT_TAGS):
        own, run = _belongs_to(element, paragraph)
        if not own or run is None or _invisible(run):  # outside a run, w:tab is a tab stop, not a tab
            continue
        tag = element.tag
        if tag == W + "t":
            parts.append(element.text or "")
        elif tag == W + "tab":
            parts.append(" ")
        elif tag in (W + "br", W + "cr"):
            parts.append("\n")
        elif tag == W + "noBreakHyphen":
            parts.append("-")
        elif tag == W + "sym":
            font = (element.get(W + "font") or "").lower()
            code = (element.get(W + "char") or "").lower()[-2:]
            parts.append(_SYMBOLS.get((font, code), ""))
        elif tag == W + "checkBox" and element.getparent() is not None and element.getparent().tag == W + "ffData":
            checked = element.find(W + "checked")
            default = element.find(W + "default")
            ticked = _switched_on(checked) if checked is not None else _switched_on(default)
            parts.append(" ☒ " if ticked else " ☐ ")
    return "".join(parts)


def _children(element: etree._Element, *tags: str) -> Iterator[etree._Element]:
    """Children with these tags, looking through content controls and custom XML, which
    Word wraps around form fields and whole blocks."""
    for child in element:
        if child.tag in tags:
            yield child
        elif child.tag in _TRANSPARENT:
            yield from _children(child, *tags)


@dataclass(frozen=True)
class _Cell:
    text: str
    column: int
    span: int
    merged_from_above: bool
    element: etree._Element = field(repr=False)

    @property
    def end(self) -> int:
        return self.column + self.span


@dataclass(frozen=True)
class _Table:
    element: etree._Element
    rows: tuple[tuple[_Cell, ...], ...]


def _cell_text(cell: etree._Element) -> str:
    lines = []
    for paragraph in cell.iter(W + "p"):
        if any(ancestor.tag == _MC_FALLBACK for ancestor in paragraph.iterancestors()):
            continue
        lines.append(_paragraph_text(paragraph))
    return "\n".join(lines)


def _int_val(element: etree._Element | None, default: int) -> int:
    try:
        return int(element.get(W + "val")) if element is not None else default
    except (TypeError, ValueError):
        return default


def _table(element: etree._Element) -> _Table:
    rows = []
    for row in _children(element, W + "tr"):
        row_properties = row.find(W + "trPr")
        column = _int_val(row_properties.find(W + "gridBefore") if row_properties is not None else None, 0)
        cells = []
        for cell in _children(row, W + "tc"):
            properties = cell.find(W + "tcPr")
            span = max(1, _int_val(properties.find(W + "gridSpan") if properties is not None else None, 1))
            vmerge = properties.find(W + "vMerge") if properties is not None else None
            continued = vmerge is not None and (vmerge.get(W + "val") or "continue") != "restart"
            cells.append(_Cell("" if continued else _cell_text(cell), column, span, continued, cell))
            column += span
        rows.append(tuple(cells))
    return _Table(element, tuple(rows))


def _words(text: str) -> str:
    """A label reduced to lower-case words, without the form's bracketed hints, apostrophes
    or punctuation, so "Parents'/Carers' Names:" and "parents carers names" are the same."""
    text = text.lower().replace("’", "'").replace("‘", "'")
    previous = None
    while previous != text:
        previous, text = text, re.sub(r"\([^()]*\)", " ", text)
    text = re.sub(r"\(.*", " ", text).replace("'", "")
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def _compact(text: str) -> str:
    return "".join(character for character in text.lower().replace("’", "'") if character.isalnum())


# --- Labelled tables: the pupil's details and the referrer's details --------------

_LABELS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (key, re.compile(pattern)) for key, pattern in (
        ("child.name", r"(?:full )?names? of (?:the )?(?:pupil|child|young person)s?|pupils? names?|childs? names?"),
        ("child.other_names", r"aka|a k a|also known as|other names?|known as"),
        ("child.date_of_birth", r"date of birth|dob|d o b"),
        ("child.gender", r"gender|sex"),
        ("child.ethnicity", r"ethnicity|ethnic (?:origin|group|background)"),
        ("child.sen_disability", r"sen (?:and |or )?disability|special educational needs(?: and disability)?"),
        ("child.child_in_care", r"(?:is the )?child in care|looked after(?: child)?"),
        ("last_known_address", r"(?:last known )?address(?: last known)?"),
        ("parents_carers", r"parents? (?:and |or )?carers? names?|parents? carers?|parent carer names?|parents? names?"),
        ("telephone", r"telephone(?: no| number)?|tel(?: no)?|phone(?: no| number)?"),
        ("email", r"e ?mail(?: address)?"),
        ("school", r"school(?: college)?|school or college|(?:current |last )?school(?: college)? attended"),
        ("date_last_attended", r"date (?:last attended|of last attendance)|last attended"),
        ("additional_information", r"(?:any )?additional information"),
        ("referrer.name", r"name|(?:referrers? )?name of referrer|referrers? name|your name"),
        ("referrer.position", r"position(?: title)?|position or title|(?:job )?title|role"),
        ("referrer.contact", r"contact(?: details)?"),
        ("referrer.organisation", r"school college or agency|school or agency|school college agency|agency|organi[sz]ation"),
        ("referrer.signature", r"signature|signed"),
        ("referrer.date_completed", r"date(?: completed)?|date form completed"),
    )
)
_PUPIL_KEYS = {key for key, _ in _LABELS if not key.startswith("referrer.")}
_REFERRER_KEYS = {key for key, _ in _LABELS if key.startswith("referrer.")}


def _label_key(text: str) -> str | None:
    words = _words(text)
    if not words or len(words) > 80:
        return None
    for key, pattern in _LABELS:
        if pattern.fullmatch(words):
            return key
    return None


def _label_in(text: str) -> tuple[str, str] | None:
    """(field key, any value typed into the label's own cell) when the cell is a label.
    The label may run over two or three lines and be followed by the form's hint on its
    own line ("(E.G. additional addresses...)"), which is not a value."""
    lines = [line for line in text.split("\n") if line.strip()]
    for count in range(1, min(3, len(lines)) + 1):
        key = _label_key(" ".join(lines[:count]))
        if key:
            rest = [line for line in lines[count:]
                    if _words(line) and not re.match(r"\s*(?:\(|e\.?\s?g\b)", line, re.IGNORECASE)]
            return key, "\n".join(rest)
    return None


def _row_labels(row: tuple[_Cell, ...]) -> list[tuple[int, tuple[str, str]]]:
    """The label cells of a row. The cell straight after a label is that label's value even
    when its text looks like a label (a referrer who writes "School" as their agency)."""
    found: list[tuple[int, tuple[str, str]]] = []
    value_expected = False
    for index, cell in enumerate(row):
        match = None if value_expected else _label_in(cell.text)
        if match:
            found.append((index, match))
        value_expected = bool(match) and not match[1]
    return found


def _labelled_values(table: _Table) -> dict[str, str]:
    """Each label's value: the cells to its right up to the next label. When a label has
    a row to itself and nothing beside it, its value is in the unlabelled rows below it
    (how "Any Additional Information" is often laid out); when the label cell is merged
    down over several rows, the cells beside it in those rows are part of the value."""
    labels = [_row_labels(row) for row in table.rows]
    found: dict[str, str] = {}
    for row_number, row in enumerate(table.rows):
        row_labels = labels[row_number]
        for position, (index, (key, inline)) in enumerate(row_labels):
            label = row[index]
            stop = row[row_labels[position + 1][0]].column if position + 1 < len(row_labels) else None
            parts = [inline, *(cell.text for cell in row[index + 1:] if stop is None or cell.column < stop)]
            below = row_number + 1
            while below < len(table.rows) and _merged_down(table.rows[below], label):
                parts += [cell.text for cell in table.rows[below]
                          if cell.column >= label.end and (stop is None or cell.column < stop)]
                below += 1
            if not any(part.strip() for part in parts) and len(row_labels) == 1:
                for following in range(row_number + 1, len(table.rows)):
                    if labels[following]:
                        break
                    parts += [cell.text for cell in table.rows[following]]
            value = "\n".join(part for part in parts if part.strip())
            if key not in found or (not found[key].strip() and value.strip()):
                found[key] = value
    return found


def _merged_down(row: tuple[_Cell, ...], label: _Cell) -> bool:
    return any(cell.merged_from_above and cell.column == label.column for cell in row)


# --- The actions table --------------------------------------------------------------


def _action_number(text: str) -> int | None:
    compact = _compact(text)
    if "possiblewhereabouts" in compact or ("whereabouts" in compact and "siblings" in compact):
        return 1
    if "extendedfamily" in compact or "emergencycontact" in compact:
        return 2
    if "visittolastknownaddress" in compact or ("visit" in compact and "address" in compact and len(compact) < 400):
        return 3
    return None


def _is_actions_header(row: tuple[_Cell, ...]) -> bool:
    words = [_words(cell.text) for cell in row]
    return any(word.startswith("action") for word in words) and any(word.startswith("outcome") for word in words)


def _actions_score(table: _Table) -> int:
    numbers = {number for row in table.rows for cell in row[:2] if (number := _action_number(cell.text))}
    header = any(_is_actions_header(row) for row in table.rows)
    return len(numbers) + (2 if header else 0)


def _read_actions(table: _Table | None) -> dict[int, str | None]:
    outcomes: dict[int, str | None] = {}
    if table is None:
        return outcomes
    for row in table.rows:
        for index, cell in enumerate(row[:2]):
            number = _action_number(cell.text)
            if number is not None:
                outcome = clean_text("\n".join(other.text for other in row[index + 1:]))
                if outcomes.get(number) is None:
                    outcomes[number] = outcome
                break
    return outcomes


# --- The indicators table -----------------------------------------------------------

_INDICATOR_TEXTS = {_compact(indicator.text): indicator.number for indicator in INDICATORS}
_INDICATOR_PREFIXES = {compact[:24]: number for compact, number in _INDICATOR_TEXTS.items()}


def _indicator_number(text: str) -> int | None:
    """Which indicator a cell's wording is, allowing for small edits to the wording."""
    compact = _compact(text)
    if len(compact) < 8 or len(compact) > 400:
        return None
    if compact in _INDICATOR_TEXTS:
        return _INDICATOR_TEXTS[compact]
    if compact[:24] in _INDICATOR_PREFIXES:
        return _INDICATOR_PREFIXES[compact[:24]]
    best, best_ratio = None, 0.0
    for known, number in _INDICATOR_TEXTS.items():
        matcher = difflib.SequenceMatcher(None, compact, known, autojunk=False)
        if matcher.real_quick_ratio() < 0.85 or matcher.quick_ratio() < 0.85:
            continue
        ratio = matcher.ratio()
        if ratio > best_ratio:
            best, best_ratio = number, ratio
    return best if best_ratio >= 0.85 else None


def _row_number(cell: _Cell) -> int | None:
    match = re.fullmatch(r"\s*(\d{1,2})\s*[.)]?\s*", cell.text)
    number = int(match.group(1)) if match else None
    return number if number is not None and 1 <= number <= len(INDICATORS) else None


def _indicators_score(table: _Table) -> int:
    matched = {number for row in table.rows for cell in row if (number := _indicator_number(cell.text))}
    header = any("vulnerabilities" in _words(cell.text) or "risk indicators" in _words(cell.text)
                 for row in table.rows[:3] for cell in row)
    return len(matched) + (5 if header else 0)


def _indicator_columns(table: _Table) -> tuple[int | None, int | None]:
    """Grid columns of the "Yes or No?" and "Current / Historic" boxes, from the header."""
    answer_column = status_column = None
    for row in table.rows[:3]:
        for cell in row:
            words = _words(cell.text).split()
            if "yes" in words and ("no" in words or "or" in words) and answer_column is None:
                answer_column = cell.column
            elif ("current" in words or "historic" in words) and status_column is None:
                status_column = cell.column
    return answer_column, status_column


def _cell_at(row: tuple[_Cell, ...], column: int | None) -> _Cell | None:
    if column is None:
        return None
    return next((cell for cell in row if cell.column <= column < cell.end), None)


def _among(cell: _Cell | None, cells: Iterable[_Cell]) -> bool:
    return cell is not None and any(cell is other for other in cells)


def _read_indicators(table: _Table | None) -> tuple[dict[int, IndicatorReading], set[int]]:
    """Answered indicators, and those answered Yes without saying current or historic.
    A row's wording decides which indicator it is; its number is used only when the
    wording is unrecognisable, so reordered or renumbered rows are still read right."""
    answered: dict[int, IndicatorReading] = {}
    missing_status: set[int] = set()
    if table is None:
        return answered, missing_status
    answer_column, status_column = _indicator_columns(table)
    for row in table.rows:
        text_index = next((index for index, cell in enumerate(row) if _indicator_number(cell.text)), None)
        if text_index is not None:
            number = _indicator_number(row[text_index].text)
        else:
            number = next((n for cell in row[:1] if (n := _row_number(cell))), None)
            text_index = 1 if number is not None and len(row) > 2 else None
        if number is None or number in answered:
            continue
        after = row[text_index + 1:] if text_index is not None else row[1:]
        answer_cell = _cell_at(row, answer_column)
        if not _among(answer_cell, after):
            answer_cell = after[0] if after else None
        status_cell = _cell_at(row, status_column)
        if status_cell is answer_cell or not _among(status_cell, after):
            following = [cell for index, cell in enumerate(after[1:]) if after[index] is answer_cell]
            status_cell = following[0] if following else None
        answer, status = parse_indicator(answer_cell.text if answer_cell else None, status_cell.text if status_cell else None)
        if answer is None:
            continue
        answered[number] = IndicatorReading(number, answer, status)
        if answer == "yes" and status is None:
            missing_status.add(number)
    return answered, missing_status


# --- Paragraphs: the Yes/No questions and the referrer's assessment ---------------

_QUESTIONS = {
    "working_well": ("whatdoyouthinkisworkingwell", "whatisworkingwell", "whatsworkingwell"),
    "worried_about": ("whatareyouworriedabout", "whatareweworriedabout", "whatdoyouthinkyouareworriedabout"),
    "next_steps": ("whatdoyouthinkneedstohappennext", "whatneedstohappennext", "whatneedstohappen"),
}
# The form's own guidance under each question; never an answer.
HINTS = (
    "Include protective factors:",
    "People, situations & actions that contribute to the wellbeing of the child & to plans about how they could be "
    "made safe",
    "Actions already being taken to make sure the child is safe",
    "Include risk factors, whether they are suffering or likely to suffer significant harm.",
    "Harm – actual hurt, injury or abuse (likely) caused by adults in the past or present",
    "Risk taking behaviour by the child",
    "Professional Judgment",
    "Professional Judgement",
    "Please use your professional judgement to reflect upon the indicators you have ticked above and consider the "
    "health, welfare and safety of the child in question",
    "Please use your professional judgment to reflect upon the indicators you have ticked above and consider the "
    "health, welfare and safety of the child in question",
    "This is the initial plan and should include what outcomes you are hoping are achieved and by when",
)
_HINTS_COMPACT = tuple(sorted({_compact(hint) for hint in HINTS}, key=len, reverse=True))
_SOCIAL_CARE = ("basedontheaboveindicators", "haveyouconsideredareferraltosocialcare")
_CONSENT = ("ifsohaveyougainedconsent", "haveyougainedconsent")
# Form wording that ends an answer: headings, instructions and the other questions.
_FORM_TEXT = (
    "referralchecklistforchildrenmissing", "actiontobetakenbyreferrer", "pleasecompletethetablebelow",
    *_SOCIAL_CARE, *_CONSENT, "referrerassessment", "referrersdetails", "pleasepasswordprotect",
)


def _cut_after(text: str, compact_length: int) -> str:
    """The part of `text` after its first `compact_length` letters and digits."""
    seen = 0
    for index, character in enumerate(text.lower().replace("’", "'")):
        if seen == compact_length:
            return text[index:]
        if character.isalnum():
            seen += 1
    return ""


def _without_hint(line: str) -> str | None:
    """The line with the form's hint removed: None when it is only the hint. A hint is
    removed from the start of an answer only when a colon or dash follows it, so an answer
    that happens to begin with the same words ("Risk taking behaviour by the child has
    increased") is kept whole."""
    compact = _compact(line)
    for hint in _HINTS_COMPACT:
        if compact == hint:
            return None
        if compact.startswith(hint):
            rest = _cut_after(line, len(hint))
            if rest.lstrip()[:1] in {":", "-", "–", "—"}:
                return clean_text(rest.lstrip().lstrip(":-–— "))
    return line


def _question_in(line: str) -> tuple[str, str] | None:
    """(which question, any answer after it on the same line). The question must end
    with "?", ":" or the end of the line, so an answer that begins "What is working well
    is..." is not taken for the question."""
    compact = _compact(line)
    for key, openings in _QUESTIONS.items():
        for opening in openings:
            if compact.startswith(opening):
                rest = _cut_after(line, len(opening)).lstrip()
                if rest and rest[0] not in "?:":
                    continue
                return key, rest.lstrip("?:-–— ")
    return None


def _is_form_text(line: str) -> bool:
    compact = _compact(line)
    return any(compact.startswith(text) for text in _FORM_TEXT) or _question_in(line) is not None \
        or _without_hint(line) is None


_TABLE_MARK = object()


def _lines(body: etree._Element, recognised: set[etree._Element]) -> list[Any]:
    """Every line of text outside the recognised tables, in document order, with a marker
    where a recognised table stands. Other tables (a one-cell answer box, a layout table)
    are read cell by cell as if their text were paragraphs."""
    lines: list[Any] = []

    def walk(container: etree._Element) -> None:
        for block in _children(container, W + "p", W + "tbl"):
            if block.tag == W + "p":
                lines.extend(_paragraph_text(block).split("\n"))
            elif block in recognised:
                lines.append(_TABLE_MARK)
            else:
                for row in _children(block, W + "tr"):
                    for cell in _children(row, W + "tc"):
                        walk(cell)

    walk(body)
    return [line for line in lines if line is _TABLE_MARK or clean_text(line)]


_SOCIAL_CARE_TAIL = re.compile(r"social\s+care\b\W*", re.IGNORECASE)
_CONSENT_TAIL = re.compile(r"consent\s+from\s+(?:the\s+|their\s+)?(?:parents?|carers?)(?:\W+(?:and|or)?\W*carers?)?\W*",
                           re.IGNORECASE)
_PLACEHOLDER = re.compile(r"\s*(?:yes\s*(?:/|or)\s*no|y\s*/\s*n)\b\W*", re.IGNORECASE)


def _question_answer(lines: list[Any], openings: tuple[str, ...], tail_pattern: re.Pattern[str]) -> bool | None:
    """The answer to a Yes/No question: whatever is left after the question in its own
    paragraph once any unedited "Yes/No" is set aside, otherwise the next line, as long
    as that is not more of the form."""
    for index, line in enumerate(lines):
        if line is _TABLE_MARK or not _compact(line).startswith(openings):
            continue
        match = tail_pattern.search(line)
        tail = line[match.end():] if match else ""
        placeholder = _PLACEHOLDER.match(tail)
        rest = tail[placeholder.end():] if placeholder else tail
        if _tokens(rest):
            return parse_yes_no(rest)
        following = lines[index + 1] if index + 1 < len(lines) else _TABLE_MARK
        if following is _TABLE_MARK or _is_form_text(following):
            return None
        return parse_yes_no(following)
    return None


def _read_assessment(lines: list[Any]) -> Assessment:
    """Each question's answer is the text after it, up to the next question or the next
    part of the form, without the hints. The "Professional Judgment" prompt is guidance
    within "What are you worried about?", so text written after it belongs there."""
    answers: dict[str, list[str]] = {key: [] for key in _QUESTIONS}
    section: str | None = None
    for line in lines:
        if line is _TABLE_MARK:
            section = None
            continue
        question = _question_in(line)
        if question:
            section, rest = question
            rest = _without_hint(rest) if rest else None
            if rest:
                answers[section].append(rest)
            continue
        compact = _compact(line)
        if any(compact.startswith(text) for text in _FORM_TEXT):
            section = None
            continue
        if section is None:
            continue
        answer = _without_hint(line)
        if answer:
            answers[section].append(answer)
    return Assessment(**{key: clean_text("\n".join(parts)) for key, parts in answers.items()})


# --- Putting it together ------------------------------------------------------------


def _best(tables: list[_Table], score: Callable[[_Table], int], minimum: int) -> _Table | None:
    scored = [(score(table), index) for index, table in enumerate(tables)]
    best_score, best_index = max(scored, default=(0, -1))
    return tables[best_index] if best_score >= minimum else None


def _all_tables(body: etree._Element) -> list[_Table]:
    return [_table(element) for element in body.iter(W + "tbl")
            if not any(ancestor.tag == _MC_FALLBACK for ancestor in element.iterancestors())]


def _label_score(keys: set[str]) -> Callable[[_Table], int]:
    def score(table: _Table) -> int:
        return len(keys & {key for row in table.rows for _, (key, _) in _row_labels(row)})
    return score


def read_checklist(source: bytes | str | os.PathLike | BinaryIO, *, password: str | None = None) -> ChecklistReading:
    """Read a filled-in CME referral checklist (.docx, password-protected or not).

    Raises PasswordRequired or WrongPassword for a protected document without the right
    password, and NotAChecklist when the file is not a Word document or holds none of the
    checklist's tables. Fields left blank or unreadable are None and named in `unread`."""
    body = _body(_source_bytes(source), password)
    tables = _all_tables(body)
    pupil_table = _best(tables, _label_score(_PUPIL_KEYS), 3)
    referrer_table = _best(tables, _label_score(_REFERRER_KEYS), 2)
    actions_table = _best(tables, _actions_score, 2)
    indicators_table = _best(tables, _indicators_score, 5)
    found = [table for table in (pupil_table, referrer_table, actions_table, indicators_table) if table is not None]
    if not found:
        raise NotAChecklist(NO_CHECKLIST_FOUND)

    # Each table supplies only its own fields, so a "Telephone" added to the referrer's
    # table is never taken for the family's number.
    values: dict[str, str] = {}
    for table, keys in ((pupil_table, _PUPIL_KEYS), (referrer_table, _REFERRER_KEYS)):
        if table is not None:
            values.update({key: value for key, value in _labelled_values(table).items() if key in keys})

    def text(key: str) -> str | None:
        return clean_text(values.get(key))

    first_name, last_name = split_pupil_name(text("child.name"))
    child = ChildDetails(
        first_name=first_name,
        last_name=last_name,
        other_names=text("child.other_names"),
        date_of_birth=_date_or_none(text("child.date_of_birth")),
        gender=parse_gender(text("child.gender")),
        ethnicity=text("child.ethnicity"),
        sen_disability=text("child.sen_disability"),
        child_in_care=parse_yes_no(text("child.child_in_care")),
    )
    outcomes = _read_actions(actions_table)
    actions = tuple(ActionOutcome(number, action, outcomes.get(number)) for number, action in enumerate(ACTIONS, start=1))
    answered, missing_status = _read_indicators(indicators_table)
    lines = _lines(body, {table.element for table in found})
    reading = ChecklistReading(
        child=child,
        last_known_address=text("last_known_address"),
        additional_information=text("additional_information"),
        parents_carers=text("parents_carers"),
        telephone=text("telephone"),
        email=text("email"),
        school=text("school"),
        date_last_attended=_date_or_none(text("date_last_attended")),
        actions=actions,
        indicators=tuple(answered[number] for number in sorted(answered)),
        social_care_referral_considered=_question_answer(lines, _SOCIAL_CARE, _SOCIAL_CARE_TAIL),
        parental_consent=_question_answer(lines, _CONSENT, _CONSENT_TAIL),
        assessment=_read_assessment(lines),
        referrer=ReferrerDetails(
            name=text("referrer.name"),
            position=text("referrer.position"),
            contact=text("referrer.contact"),
            organisation=text("referrer.organisation"),
            date_completed=_date_or_none(text("referrer.date_completed")),
        ),
    )
    return _with_unread(reading, missing_status)


def _null_keys(prefix: str, values: dict[str, Any]) -> Iterable[str]:
    for key, value in values.items():
        if value is None:
            yield f"{prefix}{key}"


def _with_unread(reading: ChecklistReading, missing_status: set[int]) -> ChecklistReading:
    """Name every field that is None, in the order of the published shape."""
    shape = reading.as_dict()
    unread: list[str] = []
    for key, value in shape.items():
        if key == "actions":
            unread += [f"action {number} outcome" for number, action in enumerate(value, start=1) if action["outcome"] is None]
        elif key == "indicators":
            answered = {indicator["number"] for indicator in value}
            for indicator in INDICATORS:
                if indicator.number not in answered:
                    unread.append(f"indicator {indicator.number}")
                elif indicator.number in missing_status:
                    unread.append(f"indicator {indicator.number} status")
        elif isinstance(value, dict):
            unread += _null_keys(f"{key}.", value)
        elif value is None:
            unread.append(key)
    return dataclasses.replace(reading, unread=tuple(unread))
