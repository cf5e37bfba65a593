"""A council's staff list for adding many people at once (the administrator's Users page): a CSV
with one person a row. Pure: no Django, no database; the caller gives the roles' words and checks
the organisations and email addresses against the service.

Columns, by heading (case and spacing do not matter; the usual other names are accepted):
Email address, Full name, Job title (optional), Role, School or agency (for school and partner
agency users: a school's name, LAESTAB or URN, or the agency's name). Every bad row is named by its
line; the caller loads nothing if there is one."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

HEADINGS = ("Email address", "Full name", "Job title", "Role", "School or agency")
ALIASES = {
    "email address": "email", "email": "email", "e-mail": "email", "e-mail address": "email", "work email": "email",
    "full name": "name", "name": "name",
    "job title": "job_title", "title": "job_title", "job": "job_title",
    "role": "role", "role in cme tracker": "role",
    "school or agency": "organisation", "organisation": "organisation", "organization": "organisation",
    "school": "organisation", "agency": "organisation", "laestab": "organisation",
}
REQUIRED = {"email": "Email address", "name": "Full name", "role": "Role"}
# Deliberately simple: one @, something either side, a dot in the domain, no spaces. The mail server
# is the final word; this catches a name typed into the email column.
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True)
class StaffRow:
    line: int
    email: str  # lower case
    full_name: str
    job_title: str
    role: str  # the role's value, from the caller's words
    organisation: str  # as written; the caller finds it


@dataclass
class StaffRead:
    people: list[StaffRow] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)


def template() -> str:
    return ",".join(HEADINGS) + "\r\n"


def _key(heading: str) -> str:
    return " ".join(heading.replace("\ufeff", "").replace("_", " ").split()).lower()


def read_staff(text: str, *, roles: dict[str, str]) -> StaffRead:
    """`roles`: each role's label, as people write it -> its value. A role is found by either, in any case."""
    by_words = {_key(words): value for label, value in roles.items() for words in (label, value)}
    result = StaffRead()
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        headings = next(reader, None)
        if headings is None:
            result.errors.append((1, "The file is empty"))
            return result
        columns = {ALIASES[_key(h)]: index for index, h in reversed(list(enumerate(headings))) if _key(h) in ALIASES}
        missing = [label for key, label in REQUIRED.items() if key not in columns]
        if missing:
            result.errors.append((1, "The first row must name the columns: there is no "
                                     + ", ".join(f"“{label}”" for label in missing) + " column"))
            return result
        seen: dict[str, int] = {}
        for cells in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            value = {key: (cells[index].strip() if index < len(cells) else "") for key, index in columns.items()}
            problems = []
            email = value["email"].lower()
            if not email:
                problems.append("there is no email address")
            elif not EMAIL.match(email):
                problems.append(f"“{value['email']}” is not an email address")
            elif email in seen:
                problems.append(f"{email} is also on line {seen[email]}")
            else:
                seen[email] = line
            if not value["name"]:
                problems.append("there is no full name")
            role = by_words.get(_key(value["role"]))
            if role is None:
                problems.append(f"the role “{value['role']}” is not one of: " + ", ".join(roles) if value["role"]
                                else "there is no role")
            if problems:
                result.errors.append((line, "; ".join(problems)))
                continue
            result.people.append(StaffRow(line=line, email=email, full_name=value["name"][:150],
                                          job_title=value.get("job_title", "")[:120], role=role,
                                          organisation=value.get("organisation", "")))
    except csv.Error as problem:
        result.errors.append((max(1, reader.line_num), f"the file cannot be read as CSV here ({problem})"))
    return result
