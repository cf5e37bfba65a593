"""Loading a council's schools from Get Information about Schools: the reader (table-driven), and
`cme import-gias`, all or nothing, every bad row named by its line."""

from __future__ import annotations

import csv
import io
import subprocess

import pytest
from django.core.management import CommandError, call_command
from hypothesis import given, settings
from hypothesis import strategies as st

from cme.formats.gias import COLUMNS, read_gias
from cme.formats.spreadsheets import decode_text
from cme.schools.models import School

HEADER = [*COLUMNS, "LA (name)", "OfstedRating (name)"]  # the real extract has some 130 columns more


def extract(*rows: dict) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=HEADER, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(dict.fromkeys(HEADER, "") | row)
    return out.getvalue()


def row(number="2001", *, la="994", name="Testford Academy (fictional)", urn="199001", kind="Academy converter",
        status="Open", phase="Secondary", postcode="te1 1aa"):
    return {"URN": urn, "LA (code)": la, "EstablishmentNumber": number, "EstablishmentName": name,
            "TypeOfEstablishment (name)": kind, "EstablishmentStatus (name)": status,
            "PhaseOfEducation (name)": phase, "Postcode": postcode}


@pytest.mark.parametrize(("kind", "phase", "expected"), [
    ("Community school", "Primary", ("community", "primary")),
    ("Academy sponsor led", "Middle deemed secondary", ("academy", "middle")),
    ("Community special school", "Not applicable", ("special", "special")),
    ("Academy special converter", "Secondary", ("special", "special")),
    ("Pupil referral unit", "Not applicable", ("pupil-referral-unit", "alternative-provision")),
    ("Free schools alternative provision", "Secondary", ("free-school", "alternative-provision")),
    ("Local authority nursery school", "Not applicable", ("community", "nursery")),
    ("Academy 16-19 converter", "16 plus", ("academy", "16-plus")),
    ("Other independent school", "All-through", ("independent", "all-through")),
])
def test_each_gias_type_and_phase_becomes_the_services_own(kind, phase, expected):
    [school] = read_gias(extract(row(kind=kind, phase=phase)), la_code="994").schools
    assert (school.establishment_type, school.phase) == expected


def test_only_the_councils_schools_are_read_and_others_are_counted_not_loaded():
    read = read_gias(extract(row("2001"), row("2002", la="995"), row("2003", kind="Further education"),
                             row("2004", kind="Welsh establishment"), row("2005", status="Closed", urn="199005"),
                             row("2006", kind="Other independent school", phase="Not applicable", urn="")),
                     la_code="994")
    assert [(s.laestab, s.is_open, s.urn) for s in read.schools] == [
        ("9942001", True, "199001"), ("9942005", False, "199005"), ("9942006", True, "")]
    assert read.schools[0].postcode == "TE1 1AA"
    assert read.other_councils == 1 and read.left_out == {"Further education": 1, "Welsh establishment": 1}
    assert read.phase_not_given == 1 and not read.errors


def test_every_bad_row_is_named_by_its_line():
    read = read_gias(extract(row("2001"), row("21", urn="199021"), row("2003", urn="12"),
                             row("2004", name="", urn="199004"), row("2001", urn="199099"), row("2006")),
                     la_code="994")
    assert read.errors == [(3, "the establishment number “21” is not 4 digits"),
                           (4, "the URN “12” is not 6 digits"), (5, "the establishment has no name"),
                           (6, "the LAESTAB 9942001 is also on line 2"), (7, "the URN 199001 is also on line 2")]


def test_a_file_that_is_not_a_gias_extract_says_which_columns_it_lacks():
    read = read_gias("Name,Postcode\r\nA school,TE1 1AA\r\n", la_code="994")
    assert read.errors[0][0] == 1 and "“URN”" in read.errors[0][1] and not read.schools


def test_windows_1252_text_is_read():
    data = extract(row(name="St Æthelred’s School")).encode("cp1252")
    assert read_gias(decode_text(data), la_code="994").schools[0].name == "St Æthelred’s School"


def _run(*args) -> subprocess.CompletedProcess:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_gias", *args, stdout=out, stderr=err)
    except CommandError as problem:
        return subprocess.CompletedProcess(args, 1, out.getvalue(), err.getvalue() + str(problem))
    return subprocess.CompletedProcess(args, 0, out.getvalue(), err.getvalue())


@pytest.mark.django_db
def test_the_command_loads_and_updates_all_or_nothing(tmp_path):
    from tests.factories.models import LocalAuthorityFactory, SchoolFactory

    la = LocalAuthorityFactory(code="994")
    SchoolFactory(local_authority=la, laestab="9942001", name="Old name", email="office@school.example")
    path = tmp_path / "edubasealldata20261130.csv"
    path.write_bytes(extract(row("2001"), row("2002", urn="199002", name="Testford Primary (fictional)",
                                              kind="Community school", phase="Primary")).encode("cp1252"))
    done = _run(str(path), "--la", "994")
    assert done.returncode == 0, done.stderr
    assert "Added 1, brought 1 up to date, 0 unchanged." in done.stdout
    updated = School.objects.get(laestab="9942001")
    assert (updated.name, updated.email, updated.establishment_type) == ("Testford Academy (fictional)",
                                                                         "office@school.example", "academy")
    assert "Added 0, brought 0 up to date, 2 unchanged." in _run(str(path), "--la", "994").stdout
    bad = tmp_path / "bad.csv"
    bad.write_text(extract(row("2003", urn="199003"), row("9"), row("2005", urn="x")))
    refused = _run(str(bad), "--la", "994")
    assert refused.returncode == 1 and "Line 3:" in refused.stderr and "Line 4:" in refused.stderr
    assert "2 bad rows: nothing was loaded" in refused.stderr
    assert not School.objects.filter(laestab="9942003").exists()
    clash = tmp_path / "clash.csv"
    clash.write_text(extract(row("2009", urn="199002")))  # Testford Primary's URN on another school
    refused = _run(str(clash), "--la", "994")
    assert refused.returncode == 1 and "URN 199002" in refused.stderr
    assert not School.objects.filter(laestab="9942009").exists()


def test_the_command_runs_as_a_person_would_run_it(cme_command, tmp_path):
    done = cme_command("import-gias", str(tmp_path / "missing.csv"), "--la", "994")
    assert done.returncode == 1 and "No file at" in done.stderr


@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet=st.characters(codec="utf-8"), max_size=400),
       header=st.booleans())
def test_any_text_at_all_is_read_without_an_error(text, header):
    read = read_gias((",".join(HEADER) + "\r\n" if header else "") + text, la_code="994")
    assert all(line >= 1 and problem for line, problem in read.errors)
    assert all(len(school.laestab) == 7 and school.laestab.isdigit() for school in read.schools)
