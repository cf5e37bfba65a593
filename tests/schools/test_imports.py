"""CTF and roll imports into the child index, and CTF export."""

import datetime as dt
import functools
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cme.cases.models import Case
from cme.children.models import Child, ChildName, Contact
from cme.core import clock
from cme.formats import ctf
from cme.rules import upn
from cme.schools import imports
from cme.schools.exports import ExportError, export_ctf
from cme.schools.models import ImportJob, ImportStatus, NewPupilReturn, Registration
from cme.synth.ctf import synth_ctf
from tests.conftest import html, text_of
from tests.factories.models import SchoolFactory

from .helpers import new_pupil_row, new_pupils_csv

pytestmark = pytest.mark.django_db

accept_999 = functools.partial(upn.validate, la_codes=upn.DEFAULT_LA_CODES | {"999"})


def test_a_ctf_imports_children_with_names_contacts_addresses_and_history(la):
    data = synth_ctf(30, seed=4)
    outcome = imports.import_ctf(data, local_authority_id=la.pk, file_name="t.xml")
    assert outcome.as_dict() == {"file": "t.xml", "ctf_version": "25.0", "pupils": 30, "created": 30,
                                 "updated": 0, "unchanged": 0, "errors": []}
    parsed = ctf.parse_ctf(data, validate_upn=accept_999)
    first = parsed.pupils[0]
    child = Child.objects.get(upn=first.upn)
    assert (child.first_name, child.last_name, child.date_of_birth) == (first.forename, first.surname, first.dob)
    assert child.contacts.count() == len(first.contacts)
    assert child.addresses.exists()
    assert child.registrations.count() == len({(s.laestab, s.entry_date) for s in first.school_history})
    assert Contact.objects.filter(parental_responsibility=True).exists()
    assert ChildName.objects.exists() or not any(p.former_surnames or p.preferred_forename for p in parsed.pupils)


def test_importing_the_same_file_twice_changes_nothing(la):
    data = synth_ctf(20, seed=5)
    imports.import_ctf(data, local_authority_id=la.pk)
    again = imports.import_ctf(data, local_authority_id=la.pk)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 20)
    assert Child.objects.count() == 20


def test_a_file_with_any_invalid_pupil_imports_nothing_and_lists_every_error(la):
    data = synth_ctf(12, seed=6, errors={"bad_upn_check_letter": [2], "impossible_dob": [5], "missing_surname": [9]})
    outcome = imports.import_ctf(data, local_authority_id=la.pk)
    assert [(e["pupil"], e["field"]) for e in outcome.errors] == [(2, "UPN"), (5, "DOB"), (9, "Surname")]
    assert outcome.created == 0 and not Child.objects.exists()


def test_malformed_xml_names_the_line():
    with pytest.raises(imports.ImportFailed, match="line 3"):
        imports.import_ctf(b"<CTfile>\n<Header>\n<CTFversion>25.0</Header>\n</CTfile>", local_authority_id=1)


def test_a_lost_pupil_ctf_opens_a_cme_enquiry(la):
    data = synth_ctf(1, seed=7, dest=("XXX", "XXXX"))
    outcome = imports.import_ctf(data, local_authority_id=la.pk)
    case = Case.objects.get()
    assert outcome.enquiries_opened == 1 and case.primary_reason == 18
    assert "lost-pupil CTF" in case.timeline.get(kind="opened").text


def test_an_mmm_ctf_is_believed_moved_abroad(la):
    imports.import_ctf(synth_ctf(1, seed=8, dest=("MMM", "MMMM")), local_authority_id=la.pk)
    assert Case.objects.get().primary_reason == 17


def test_import_ctf_command_prints_the_published_shape(tmp_path, la, cme_command):
    path = tmp_path / "pupils.xml"
    path.write_bytes(synth_ctf(5, seed=9))
    result = cme_command("import-ctf", str(path), "--la", la.code, "--dry-run")
    data = json.loads(result.stdout)
    assert list(data) == ["file", "ctf_version", "pupils", "created", "updated", "unchanged", "errors"]
    assert result.returncode == 0 and data["pupils"] == 5


def test_import_ctf_command_exits_1_on_bad_pupils_and_malformed_xml(tmp_path, la, cme_command):
    bad = tmp_path / "bad.xml"
    bad.write_bytes(synth_ctf(3, seed=9, errors={"missing_forename": [3]}))
    result = cme_command("import-ctf", str(bad), "--la", la.code, "--dry-run")
    assert result.returncode == 1 and json.loads(result.stdout)["errors"][0]["field"] == "Forename"
    broken = tmp_path / "broken.xml"
    broken.write_text("<CTfile>\n<Header>\n</CTfile>\n")
    result = cme_command("import-ctf", str(broken), "--dry-run")
    assert result.returncode == 1 and "line 3" in result.stderr


def test_import_ctf_command_writes_and_is_idempotent(tmp_path, la):
    import io

    from django.core.management import call_command

    path = tmp_path / "pupils.xml"
    path.write_bytes(synth_ctf(6, seed=10))
    for expected in ({"created": 6, "unchanged": 0}, {"created": 0, "unchanged": 6}):
        out = io.StringIO()
        call_command("import_ctf", str(path), "--la", la.code, stdout=out, stderr=io.StringIO())
        data = json.loads(out.getvalue())
        assert {key: data[key] for key in expected} == expected


ROLL = """upn,surname,forename,dob,sex,entry_date,address_line_1,town,postcode,parent_name,parent_phone
,Rollcall,Ada,14/03/2015,F,01/09/2019,1 Fiction Road,Demoford,TE1 1AA,Mo Rollcall,07700 900100
,Rollcall,Bo,02/02/2017,M,01/09/2021,1 Fiction Road,Demoford,TE1 1AA,Mo Rollcall,07700 900100
"""


def test_a_roll_csv_imports_and_a_later_roll_shows_who_left(la):
    school = SchoolFactory(local_authority=la)
    first = imports.import_roll_csv(ROLL, school=school)
    assert (first.created, first.errors) == (2, [])
    second = imports.import_roll_csv(ROLL.rsplit("\n", 2)[0] + "\n", school=school)  # Bo is no longer on the roll
    assert (second.unchanged, second.left_roll) == (1, 1)
    left = Registration.objects.get(child__first_name="Bo")
    assert left.leaving_date == clock.today()


def test_a_roll_csv_with_bad_rows_lists_each_with_its_line_and_imports_nothing(la):
    school = SchoolFactory(local_authority=la)
    text = ROLL + "Q207000016049,Bad,Row,30/02/2015,Q,,,,NOT A CODE,,\n"
    outcome = imports.import_roll_csv(text, school=school)
    assert {(e["line"], e["field"]) for e in outcome.errors} == {(4, "UPN"), (4, "Date of birth"), (4, "Sex"),
                                                                 (4, "Postcode")}
    assert not Child.objects.exists()


def test_a_roll_csv_without_the_columns_is_refused(la):
    with pytest.raises(imports.ImportFailed, match="Missing: Forename, Date of birth"):
        imports.import_roll_csv("surname\nSmith\n", school=SchoolFactory(local_authority=la))


def test_new_pupils_csv_with_one_bad_row_sends_none(la, school_user):
    text = new_pupils_csv(new_pupil_row(first_name="Nia"), new_pupil_row(first_name="Ned", date_of_birth="31/02/2021"))
    outcome = imports.import_new_pupils_csv(text, school=school_user.school, user=school_user)
    assert [(e["line"], e["field"], e["message"]) for e in outcome.errors] == [
        (3, "Date of birth", "Date of birth must be a real date: month 2 of 2021 has no day 31")]
    assert not NewPupilReturn.objects.exists()


def test_the_web_upload_runs_as_a_job_and_reports_each_error(client, signed_in, school_user):
    signed_in(school_user)
    today = clock.today().strftime("%d/%m/%Y")
    text = new_pupils_csv(new_pupil_row(entered_on=today, starting_day=today),
                          new_pupil_row(first_name="Second", entered_on="31/13/2026", starting_day=today))
    response = client.post(reverse("schools:new-pupils-upload"), {"file": SimpleUploadedFile("intake.csv", text.encode())})
    job = ImportJob.objects.get()
    assert response.url == reverse("schools:import-status", args=[job.pk]) and job.status == ImportStatus.FAILED
    page = html(client.get(response.url))
    assert "Nothing was imported" in text_of(page) and "Line 3" in text_of(page.select_one("[data-testid=import-problems]"))
    assert client.get(response.url + "?format=json").json()["status"] == "failed"


def test_officer_imports_a_ctf_from_the_web(client, signed_in, officer):
    signed_in(officer)
    response = client.post(reverse("schools:import"), {
        "kind": "ctf", "file": SimpleUploadedFile("pupils.xml", synth_ctf(4, seed=12))})
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.DONE and job.result["created"] == 4
    assert "Imported" in text_of(html(client.get(response.url)).select_one(".govuk-panel"))


def test_export_ctf_round_trips_for_a_child(la):
    imports.import_ctf(synth_ctf(1, seed=13), local_authority_id=la.pk)
    child = Child.objects.get()
    data = export_ctf(child, "XXXXXXX")
    parsed = ctf.parse_ctf(data, validate_upn=accept_999)
    assert parsed.header.destination_kind == "lost" and parsed.errors == []
    pupil = parsed.pupils[0]
    assert (pupil.upn, pupil.surname, pupil.dob) == (child.upn, child.last_name, child.date_of_birth)
    assert len(pupil.contacts) == child.contacts.count()
    with pytest.raises(ExportError, match="is not a destination"):
        export_ctf(child, "12345")


def test_export_ctf_command(tmp_path, la):
    imports.import_ctf(synth_ctf(1, seed=14), local_authority_id=la.pk)
    child = Child.objects.get()
    import io

    from django.core.management import call_command

    out = tmp_path / "child.xml"
    call_command("export_ctf", "--child", child.reference, "--to", "MMMMMMM", "--out", str(out), stderr=io.StringIO())
    assert ctf.parse_ctf(out.read_bytes(), validate_upn=accept_999).header.destination_kind == \
        "outside-maintained-or-abroad"


@pytest.mark.parametrize(("args", "message"), [
    (["export_ctf", "--child", "Cabc", "--to", "MMMMMMM"], "'Cabc' is not a child record number"),
    (["export_ctf", "--child", "C999999", "--to", "MMMMMMM"], "No child with the record number C999999"),
    (["import_ctf", "pupils.xml", "--la", "899"], "No local authority with the DfE number 899"),
])
def test_the_ctf_commands_say_what_is_wrong_with_their_arguments(la, tmp_path, monkeypatch, args, message):
    from django.core.management import CommandError, call_command

    monkeypatch.chdir(tmp_path)
    (tmp_path / "pupils.xml").write_bytes(synth_ctf(1, seed=15))
    with pytest.raises(CommandError, match=message) as raised:
        call_command(*args)
    assert raised.value.returncode == 2


def test_import_ctf_asks_which_authority_when_there_are_several(la, other_la, tmp_path):
    from django.core.management import CommandError, call_command

    (tmp_path / "pupils.xml").write_bytes(synth_ctf(1, seed=15))
    with pytest.raises(CommandError, match="Say which local authority's child index to import into: --la CODE"):
        call_command("import_ctf", str(tmp_path / "pupils.xml"))
    assert not Child.objects.exists()


def test_a_roll_links_a_pupil_the_index_knew_under_another_spelling_and_no_upn(la):
    from cme.children.models import ChildAddress, NameKind

    school = SchoolFactory(local_authority=la)
    # Known from a referral: no UPN, the name spelt as the referrer heard it.
    known = Child.objects.create(local_authority=la, first_name="Mohammed", last_name="Choudhury", sex="M",
                                 date_of_birth=dt.date(2014, 6, 9), is_fictional=True)
    ChildAddress.objects.create(child=known, line_1="7 Fiction Street", postcode="TE1 1AB")
    twin = "A207000016050,Choudhury,Yusuf,,,,09/06/2014,M,01/09/2022,,7 Fiction Street,,Demoford,TE1 1AB,,,,,no"
    same = "P207000016049,Chowdhury,Muhammad,,,,09/06/2014,M,01/09/2022,,7 Fiction Street,,Demoford,TE1 1AB,,,,,no"
    outcome = imports.import_roll_csv(",".join(imports.ROLL_COLUMNS) + "\n" + same + "\n" + twin + "\n", school=school)
    assert (outcome.created, outcome.updated, outcome.errors) == (1, 1, [])
    known.refresh_from_db()
    assert (known.upn, known.first_name, known.last_name) == ("P207000016049", "Muhammad", "Chowdhury")
    assert known.names.filter(kind=NameKind.ALIAS, first_name="Mohammed", last_name="Choudhury").exists()
    assert known.registrations.get().school == school
    assert Child.objects.get(first_name="Yusuf").pk != known.pk  # the twin is another child
