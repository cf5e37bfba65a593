"""Reading a council's staff list (cme.formats.staff): headings in any case or usual name, every
bad row named by its line, and any text at all read without an exception."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cme.formats.staff import HEADINGS, read_staff, template

ROLES = {"CME officer": "cme-officer", "School user": "school-user", "Partner agency user": "agency-user"}


def test_the_template_is_the_headings_the_reader_wants():
    read = read_staff(template() + "ann@school.example,Ann Example,,School user,Testford Academy\r\n", roles=ROLES)
    assert not read.errors and [(p.line, p.email, p.role, p.organisation) for p in read.people] == [
        (2, "ann@school.example", "school-user", "Testford Academy")]
    assert template().split(",")[0] == HEADINGS[0]


@pytest.mark.parametrize("headings", [
    "Email address,Full name,Job title,Role,School or agency",
    "EMAIL,Name,Title,role,Organisation",
    "\ufeffE-mail , full_name , job title , Role , School",
])
def test_the_usual_headings_are_understood(headings):
    read = read_staff(f"{headings}\nBen@Agency.example,Ben Example,Police officer,partner agency user,Testshire Police\n",
                      roles=ROLES)
    assert not read.errors
    [person] = read.people
    assert (person.email, person.full_name, person.job_title, person.role, person.organisation) == (
        "ben@agency.example", "Ben Example", "Police officer", "agency-user", "Testshire Police")


@pytest.mark.parametrize(("row", "problem"), [
    (",Ann Example,,CME officer,", "there is no email address"),
    ("Ann Example,Ann Example,,CME officer,", "“Ann Example” is not an email address"),
    ("ann@council.example,,,CME officer,", "there is no full name"),
    ("ann@council.example,Ann Example,,Head teacher,", "the role “Head teacher” is not one of: CME officer, "
                                                        "School user, Partner agency user"),
    ("ann@council.example,Ann Example,,,", "there is no role"),
])
def test_each_bad_row_says_what_is_wrong_by_its_line(row, problem):
    read = read_staff(f"Email address,Full name,Job title,Role,School or agency\n\n{row}\n", roles=ROLES)
    assert read.errors == [(3, problem)] and not read.people


def test_the_same_address_twice_is_named_with_both_lines():
    read = read_staff("Email,Name,Role\na@x.example,A,CME officer\nA@X.example,B,CME officer\n", roles=ROLES)
    assert read.errors == [(3, "a@x.example is also on line 2")]


def test_a_file_without_the_headings_says_which_are_missing():
    read = read_staff("ann@council.example,Ann Example,CME officer\n", roles=ROLES)
    assert read.errors == [(1, "The first row must name the columns: there is no “Email address”, “Full name”, "
                               "“Role” column")]


@given(st.text(max_size=300))
def test_any_text_at_all_is_read_without_an_exception(text):
    read = read_staff("Email,Name,Role\n" + text, roles=ROLES)
    assert all(line >= 1 for line, _ in read.errors)
    assert all(person.email and person.full_name and person.role in ROLES.values() for person in read.people)
