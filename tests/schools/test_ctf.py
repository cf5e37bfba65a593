"""The Common Transfer File reader, writer and synthetic generator, tested through what
an importer or a CME officer would see: the values read, the errors reported and the
files written. No database is needed."""

from __future__ import annotations

import datetime as dt
import functools
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cme.formats.ctf import (
    CtfAddress,
    CtfContact,
    CtfError,
    CtfFile,
    CtfPhone,
    CtfPupil,
    CtfSchool,
    CtfStructureError,
    CtfSyntaxError,
    CtfVersionError,
    abroad_destination,
    lost_pupil_destination,
    parse_ctf,
    write_ctf,
)
from cme.rules import upn
from cme.synth.ctf import ERROR_KINDS, synth_ctf, synth_on, write_synth_ctf_file
from cme.synth.population import PopulationGenerator

# The synthetic generator uses LA 999, which no real authority has; accept it for its files.
VALIDATE_WITH_999 = functools.partial(upn.validate, la_codes=upn.DEFAULT_LA_CODES | {"999"})

FULL_25 = """<?xml version="1.0" encoding="UTF-8"?>
<CTfile>
  <Header>
    <DocumentName>Common Transfer File</DocumentName>
    <CTFversion>25.0</CTFversion>
    <DateTime>2025-10-06T14:05:09</DateTime>
    <DocumentQualifier>partial</DocumentQualifier>
    <DataQualifier>Full</DataQualifier>
    <DataDescriptor>Transfer</DataDescriptor>
    <SupplierID>Some MIS</SupplierID>
    <SourceSchool>
      <LEA>801</LEA>
      <Estab>2000</Estab>
      <URN>108921</URN>
      <SchoolName>Example Primary School</SchoolName>
      <AcademicYear>2025</AcademicYear>
    </SourceSchool>
    <DestSchool>
      <LEA>801</LEA>
      <Estab>4001</Estab>
      <URN>109000</URN>
    </DestSchool>
  </Header>
  <CTFpupilData>
    <Pupil>
      <UPN>B801200005001</UPN>
      <UniqueLearnerNumber>1234567890</UniqueLearnerNumber>
      <UCI>Z801200005001</UCI>
      <Surname>Wiśniewska-Hart</Surname>
      <Forename>Zofia</Forename>
      <DOB>2014-05-17</DOB>
      <Sex>F</Sex>
      <BasicDetails>
        <FormerUPN>M80120000500A</FormerUPN>
        <PreferredSurname>Hart</PreferredSurname>
        <PreferredForename>Zosia</PreferredForename>
        <FormerSurname>Wiśniewska</FormerSurname>
        <FormerSurname>O'Neill</FormerSurname>
        <FormerForename>Sophie</FormerForename>
        <MiddleNames>Anna Maria</MiddleNames>
        <NCyearActual>6</NCyearActual>
        <Ethnicity>WOTH</Ethnicity>
        <EthnicitySource>P</EthnicitySource>
        <Languages>
          <Type><LanguageType>H</LanguageType><Language>ENG</Language></Type>
          <Type><LanguageType>F</LanguageType><Language>POL</Language></Type>
        </Languages>
        <EnrolStatus>C</EnrolStatus>
        <MedicalFlag>false</MedicalFlag>
        <Disabilities><Disability>NONE</Disability></Disabilities>
      </BasicDetails>
      <LookedAfter>
        <InCare>true</InCare>
        <CareAuthority>802</CareAuthority>
      </LookedAfter>
      <FSMhistory><FSMinstance><FSMstartDate>2020-01-06</FSMstartDate></FSMinstance></FSMhistory>
      <SENhistory/>
      <Admissions/>
      <Address>
        <BS7666Address>
          <SAON>Flat 3</SAON>
          <PAON>12</PAON>
          <Street>Fictional Road</Street>
          <Locality>Upper Notton</Locality>
          <Town>Demoford</Town>
          <AdministrativeArea>Demoshire</AdministrativeArea>
          <PostTown>Demoford</PostTown>
          <UniquePropertyReferenceNumber>999000000001</UniquePropertyReferenceNumber>
        </BS7666Address>
        <County>Demoshire</County>
        <PostCode>DM1 2AB</PostCode>
        <Country>GBR</Country>
        <Easting>123456</Easting>
        <Northing>654321</Northing>
      </Address>
      <Phones>
        <Phone><TelephoneType>H</TelephoneType><PhoneNo>01632 960001</PhoneNo></Phone>
        <Phone><TelephoneType>ZZ</TelephoneType><PhoneNo>07700 900002</PhoneNo></Phone>
      </Phones>
      <Email>zofia@example.com</Email>
      <Contacts>
        <Contact>
          <Order>1</Order>
          <Title>Mrs</Title>
          <Surname>Wiśniewska</Surname>
          <Forename>Ewa</Forename>
          <MiddleNames>Maria</MiddleNames>
          <Gender>F</Gender>
          <Relationship>PAM</Relationship>
          <Responsibility>true</Responsibility>
          <Address><AddressAsPupil>true</AddressAsPupil></Address>
          <Phones><Phone><TelephoneType>M</TelephoneType><PhoneNo>07700 900003</PhoneNo></Phone></Phones>
          <Email>ewa@example.com</Email>
        </Contact>
        <Contact>
          <Order>2</Order>
          <Title>Mr</Title>
          <Surname>Hart</Surname>
          <Forename>Daniel</Forename>
          <Gender>M</Gender>
          <Relationship>Stepfather (local code)</Relationship>
          <Responsibility>false</Responsibility>
          <Address>
            <AddressAsPupil>false</AddressAsPupil>
            <AddressLines>
              <AddressLine1>The Old Forge</AddressLine1>
              <AddressLine2>Mill Lane</AddressLine2>
              <AddressLine3>Fictonbridge</AddressLine3>
            </AddressLines>
            <PostCode>DM9 9ZZ</PostCode>
          </Address>
        </Contact>
      </Contacts>
      <Attendance><YearData><Year>2024</Year><SessionsPossible>380</SessionsPossible></YearData></Attendance>
      <StageAssessments><KeyStage><Stage>KS1</Stage></KeyStage></StageAssessments>
      <SchoolHistory>
        <School>
          <LEA>802</LEA>
          <Estab>2100</Estab>
          <SchoolName>Another Infant School</SchoolName>
          <EntryDate>2018-09-05</EntryDate>
          <LeavingDate>2021-07-21</LeavingDate>
          <LeavingReason>XYZ</LeavingReason>
          <LastSchool>false</LastSchool>
        </School>
        <School>
          <LEA>801</LEA>
          <Estab>2000</Estab>
          <SchoolName>Example Primary School</SchoolName>
          <EntryDate>2021-09-01</EntryDate>
          <LeavingDate>2025-10-03</LeavingDate>
          <LastSchool>true</LastSchool>
        </School>
      </SchoolHistory>
      <SomethingNewIn2026>ignored</SomethingNewIn2026>
    </Pupil>
    <Pupil>
      <UPN>P207000016049</UPN>
      <Surname>Okafor</Surname>
      <Forename>Chinedu</Forename>
      <DOB>2012-11-30</DOB>
      <Sex>M</Sex>
      <Address>
        <AddressLines>
          <AddressLine1>4 Example Street</AddressLine1>
          <AddressLine2>Demoford</AddressLine2>
        </AddressLines>
        <PostCode>DM2 3CD</PostCode>
      </Address>
    </Pupil>
  </CTFpupilData>
</CTfile>
"""


def ctf_text(*pupils: str, version: str | None = "25.0", dest: tuple[str, str] = ("801", "4001")) -> str:
    """A minimal CTF around the given <Pupil> fragments."""
    version_element = f"<CTFversion>{version}</CTFversion>" if version is not None else ""
    return ("<?xml version=\"1.0\"?>\n<CTfile>\n<Header>\n<DocumentName>Common Transfer File</DocumentName>\n"
            f"{version_element}\n<SourceSchool><LEA>801</LEA><Estab>2000</Estab></SourceSchool>\n"
            f"<DestSchool><LEA>{dest[0]}</LEA><Estab>{dest[1]}</Estab></DestSchool>\n</Header>\n"
            "<CTFpupilData>\n" + "\n".join(pupils) + "\n</CTFpupilData>\n</CTfile>\n")


def pupil_xml(upn_value: str = "B801200005001", surname: str = "Smith", forename: str = "Ava",
              dob: str = "2015-03-01", extra: str = "") -> str:
    parts = [f"<UPN>{upn_value}</UPN>" if upn_value else "", f"<Surname>{surname}</Surname>" if surname else "",
             f"<Forename>{forename}</Forename>" if forename else "", f"<DOB>{dob}</DOB>" if dob else "", extra]
    return "<Pupil>" + "".join(parts) + "</Pupil>"


# -- reading a full hand-written file ---------------------------------------------------


@pytest.fixture(scope="module")
def full() -> CtfFile:
    return parse_ctf(FULL_25.encode("utf-8"))


def test_header_is_read(full):
    header = full.header
    assert full.version == header.version == "25.0"
    assert header.generated_at == dt.datetime(2025, 10, 6, 14, 5, 9)
    assert header.document_qualifier == "partial"
    assert (header.source_lea, header.source_estab, header.source_urn) == ("801", "2000", "108921")
    assert header.source_school_name == "Example Primary School"
    assert header.academic_year == 2025
    assert (header.dest_lea, header.dest_estab, header.dest_urn) == ("801", "4001", "109000")
    assert header.supplier_id == "Some MIS"
    assert header.destination_kind == "school"
    assert header.source_laestab == "8012000"


def test_a_clean_file_has_no_errors_and_every_pupil_in_order(full):
    assert full.errors == []
    assert [(pupil.position, pupil.upn) for pupil in full.pupils] == [(1, "B801200005001"), (2, "P207000016049")]


def test_identity_and_basic_details(full):
    pupil = full.pupils[0]
    assert pupil.uln == "1234567890"
    assert pupil.uci == "Z801200005001"
    assert (pupil.surname, pupil.forename, pupil.middle_names) == ("Wiśniewska-Hart", "Zofia", "Anna Maria")
    assert pupil.dob == dt.date(2014, 5, 17)
    assert pupil.sex == "F"
    assert pupil.former_upns == ["M80120000500A"]
    assert (pupil.preferred_surname, pupil.preferred_forename) == ("Hart", "Zosia")
    assert pupil.former_surnames == ["Wiśniewska", "O'Neill"]
    assert pupil.former_forenames == ["Sophie"]
    assert pupil.nc_year_actual == "6"
    assert pupil.ethnicity == "WOTH"
    assert pupil.first_language == "POL", "the first language is the Type marked F, not the first listed"
    assert pupil.enrol_status == "C"
    assert pupil.in_care is True
    assert pupil.care_authority == "802"
    assert pupil.email == "zofia@example.com"
    assert pupil.phones == [CtfPhone("H", "01632 960001"), CtfPhone("ZZ", "07700 900002")]


def test_bs7666_address(full):
    (address,) = full.pupils[0].addresses
    assert (address.saon, address.paon, address.street, address.locality) == ("Flat 3", "12", "Fictional Road",
                                                                               "Upper Notton")
    assert (address.town, address.administrative_area, address.post_town) == ("Demoford", "Demoshire", "Demoford")
    assert address.uprn == "999000000001"
    assert (address.county, address.postcode, address.country) == ("Demoshire", "DM1 2AB", "GBR")
    assert (address.easting, address.northing) == ("123456", "654321")
    assert address.lines == []
    assert address.lines_for_display() == ["Flat 3", "12 Fictional Road", "Upper Notton", "Demoford", "Demoshire",
                                           "DM1 2AB"]
    assert address.one_line() == "Flat 3, 12 Fictional Road, Upper Notton, Demoford, Demoshire, DM1 2AB"


def test_address_lines_form(full):
    (address,) = full.pupils[1].addresses
    assert address.lines == ["4 Example Street", "Demoford"]
    assert address.postcode == "DM2 3CD"
    assert not address.is_bs7666
    assert address.one_line() == "4 Example Street, Demoford, DM2 3CD"


def test_contacts_with_and_without_address_as_pupil(full):
    mother, stepfather = full.pupils[0].contacts
    assert mother == CtfContact(order=1, title="Mrs", surname="Wiśniewska", forename="Ewa", middle_names="Maria",
                                gender="F", relationship="PAM", parental_responsibility=True, address_as_pupil=True,
                                address=None, phones=[CtfPhone("M", "07700 900003")], email="ewa@example.com")
    assert stepfather.relationship == "Stepfather (local code)", "codes outside any table are kept as written"
    assert stepfather.parental_responsibility is False
    assert stepfather.address_as_pupil is False
    assert stepfather.address == CtfAddress(lines=["The Old Forge", "Mill Lane", "Fictonbridge"], postcode="DM9 9ZZ")
    assert stepfather.address.lines_for_display() == ["The Old Forge", "Mill Lane", "Fictonbridge", "DM9 9ZZ"]


def test_school_history(full):
    first, last = full.pupils[0].school_history
    assert first == CtfSchool(lea="802", estab="2100", name="Another Infant School", entry_date=dt.date(2018, 9, 5),
                              leaving_date=dt.date(2021, 7, 21), leaving_reason="XYZ", last_school=False)
    assert first.laestab == "8022100"
    assert last.last_school is True
    assert last.leaving_reason == ""
    assert (last.entry_date, last.leaving_date) == (dt.date(2021, 9, 1), dt.date(2025, 10, 3))


def test_a_pupil_with_little_recorded_reads_as_blank_not_absent(full):
    pupil = full.pupils[1]
    assert pupil.in_care is None
    assert pupil.contacts == [] and pupil.school_history == [] and pupil.former_surnames == []
    assert pupil.uln == "" and pupil.first_language == ""


# -- older, namespaced and odd files ------------------------------------------------------


def test_ctf_24_with_gender_instead_of_sex():
    text = ctf_text(pupil_xml(extra="<Gender>M</Gender>"), pupil_xml("P207000016049", extra="<Gender>f</Gender>"),
                    version="24.0")
    parsed = parse_ctf(text)
    assert parsed.version == "24.0"
    assert [pupil.sex for pupil in parsed.pupils] == ["M", "F"]
    assert parsed.errors == []


def test_an_unrecognised_sex_is_reported_under_the_element_used():
    parsed = parse_ctf(ctf_text(pupil_xml(extra="<Gender>X</Gender>"), version="24.0"))
    assert parsed.pupils[0].sex == ""
    assert [(error.field, error.message) for error in parsed.errors] == [
        ("Gender", "'X' is not a sex a CTF records (M or F), so it has been left blank")]


def test_namespaced_files_read_the_same_as_plain_ones(full):
    default_namespace = FULL_25.replace("<CTfile>", '<CTfile xmlns="urn:example:ctf">')
    prefixed = re.sub(r"<(/?)(\w+)", r"<\1c:\2", FULL_25).replace("<c:CTfile>", '<c:CTfile xmlns:c="urn:example:ctf">')
    for text in (default_namespace, prefixed):
        parsed = parse_ctf(text.encode("utf-8"))
        assert parsed.header == full.header
        assert parsed.pupils == full.pupils
        assert parsed.errors == []


def test_reads_paths_and_open_files(tmp_path, full):
    path = tmp_path / "8012000_CTF_8014001_001.xml"
    path.write_text(FULL_25, encoding="utf-8")
    assert parse_ctf(path).pupils == full.pupils
    assert parse_ctf(str(path)).pupils == full.pupils
    with path.open("rb") as handle:
        assert parse_ctf(handle).pupils == full.pupils


@pytest.mark.parametrize(("version", "expected"), [("24.0", "24.0"), ("26.0", "26.0"), ("25", "25.0")])
def test_supported_versions_are_accepted(version, expected):
    assert parse_ctf(ctf_text(pupil_xml(), version=version)).version == expected


def test_version_23_is_rejected_by_name():
    with pytest.raises(CtfVersionError) as caught:
        parse_ctf(ctf_text(pupil_xml(), version="23.0"))
    assert str(caught.value) == ("CTF version 23.0 is not supported; this reader supports CTF versions "
                                 "24.0, 25.0 and 26.0")


def test_a_missing_version_is_rejected():
    with pytest.raises(CtfVersionError, match="The Header has no CTFversion"):
        parse_ctf(ctf_text(pupil_xml(), version=None))


def test_supported_versions_can_be_narrowed():
    with pytest.raises(CtfVersionError) as caught:
        parse_ctf(ctf_text(pupil_xml(), version="24.0"), supported_versions=("25.0",))
    assert str(caught.value) == "CTF version 24.0 is not supported; this reader supports CTF versions 25.0"


def test_an_unclosed_tag_names_its_line():
    lines = ctf_text(pupil_xml(), pupil_xml("P207000016049")).splitlines()
    broken_line = next(number for number, line in enumerate(lines, start=1) if "P207000016049" in line)
    lines[broken_line - 1] = lines[broken_line - 1].replace("</Surname>", "")
    with pytest.raises(CtfSyntaxError) as caught:
        parse_ctf("\n".join(lines))
    message = str(caught.value)
    assert message.startswith(f"Malformed XML at line {broken_line}: ")
    assert f"Surname line {broken_line}" in message
    assert isinstance(caught.value, CtfError) and isinstance(caught.value, ValueError)


def test_an_empty_file_is_a_syntax_error():
    with pytest.raises(CtfSyntaxError, match="The file is empty or is not XML"):
        parse_ctf(b"")


def test_entities_are_expanded_only_when_the_file_defines_them_safely():
    doctype = '<!DOCTYPE CTfile [<!ENTITY fam "Hart">]>'
    text = ctf_text(pupil_xml(surname="O&apos;Neill-&fam;")).replace("<CTfile>", doctype + "<CTfile>")
    assert parse_ctf(text).pupils[0].surname == "O'Neill-Hart"
    external = '<!DOCTYPE CTfile [<!ENTITY secret SYSTEM "file:///etc/hostname">]>'
    with pytest.raises(CtfSyntaxError, match="Entity 'secret' not defined"):
        parse_ctf(ctf_text(pupil_xml(surname="&secret;")).replace("<CTfile>", external + "<CTfile>"))
    laughs = "".join(f'<!ENTITY e{n} "{f"&e{n - 1};" * 10}">' for n in range(1, 10))
    bomb = f'<!DOCTYPE CTfile [<!ENTITY e0 "ha">{laughs}]>'
    with pytest.raises(CtfSyntaxError, match="amplification"):
        parse_ctf(ctf_text(pupil_xml(surname="&e9;")).replace("<CTfile>", bomb + "<CTfile>"))


def test_another_kind_of_xml_is_refused():
    with pytest.raises(CtfStructureError, match="The root element is <SchoolCensus>, not <CTfile>"):
        parse_ctf(b"<SchoolCensus><Header><CTFversion>25.0</CTFversion></Header></SchoolCensus>")


def test_a_file_without_a_header_is_refused():
    with pytest.raises(CtfStructureError, match="has a <Pupil> before any <Header>"):
        parse_ctf("<CTfile><CTFpupilData>" + pupil_xml() + "</CTFpupilData></CTfile>")
    with pytest.raises(CtfStructureError, match="has no <Header>"):
        parse_ctf("<CTfile><CTFpupilData/></CTfile>")


# -- problems with pupils ---------------------------------------------------------------


def test_every_problem_with_every_pupil_is_reported():
    school = "<School><EntryDate>{}</EntryDate><LeavingDate>{}</LeavingDate></School>"
    text = ctf_text(
        pupil_xml(),  # 1: good
        pupil_xml("C801200005001", surname=""),  # 2: wrong check letter and no surname
        pupil_xml("", forename="", dob="2015-02-30"),  # 3: no UPN (allowed), no forename, impossible DOB
        pupil_xml("P207000016049", dob="",  # 4: no DOB, bad former UPN, bad school dates
                  extra="<BasicDetails><FormerUPN>B80120000500</FormerUPN></BasicDetails><SchoolHistory>"
                  + school.format("2018-09-05", "2019-07-19") + school.format("2019-09-31", "")
                  + school.format("2021-09-01", "2020-07-20") + "</SchoolHistory>"),
        pupil_xml("M80120000500A"),  # 5: good (temporary UPN)
    )
    parsed = parse_ctf(text)
    assert len(parsed.pupils) == 5, "pupils with problems are still returned"
    assert [(error.pupil, error.upn, error.field) for error in parsed.errors] == [
        (2, "C801200005001", "UPN"),
        (2, "C801200005001", "Surname"),
        (3, "", "Forename"),
        (3, "", "DOB"),
        (4, "P207000016049", "DOB"),
        (4, "P207000016049", "BasicDetails/FormerUPN"),
        (4, "P207000016049", "SchoolHistory/School[2]/EntryDate"),
        (4, "P207000016049", "SchoolHistory/School[3]/LeavingDate"),
    ]
    messages = {(error.pupil, error.field): error.message for error in parsed.errors}
    assert messages[2, "UPN"] == upn.validate("C801200005001").error
    assert messages[3, "DOB"] == "'2015-02-30' is not a real date: month 2 of 2015 has no day 30"
    assert messages[4, "DOB"] == "DOB is missing: every pupil in a CTF must have a date of birth"
    assert messages[4, "BasicDetails/FormerUPN"] == "FormerUPN 'B80120000500' is not valid: A UPN has 13 characters; this has 12"
    assert messages[4, "SchoolHistory/School[2]/EntryDate"] == "'2019-09-31' is not a real date: month 9 of 2019 has no day 31"
    assert messages[4, "SchoolHistory/School[3]/LeavingDate"] == ("The LeavingDate 2020-07-20 is before the EntryDate "
                                                                  "2021-09-01")
    assert parsed.pupils[2].dob is None
    assert parsed.pupils[3].school_history[1].entry_date is None


def test_errors_serialise_for_the_import_report():
    parsed = parse_ctf(ctf_text(pupil_xml("C801200005001")))
    assert [error.as_dict() for error in parsed.errors] == [
        {"pupil": 1, "upn": "C801200005001", "field": "UPN", "message": upn.validate("C801200005001").error}]


def test_upn_validation_can_be_replaced():
    text = ctf_text(pupil_xml(upn.make_upn("999", "4001", 2020, 7)))
    assert [error.message for error in parse_ctf(text).errors] == [
        "Characters 2 to 4 (999) are not a DfE local authority number"]
    assert parse_ctf(text, validate_upn=VALIDATE_WITH_999).errors == []


# -- special destinations ----------------------------------------------------------------


@pytest.mark.parametrize(("dest", "kind"), [
    (("XXX", "XXXX"), "lost"),
    (("MMM", "MMMM"), "outside-maintained-or-abroad"),
    (("802", "LLLL"), "local-authority"),
    (("802", "4001"), "school"),
    (("", ""), "none"),
])
def test_special_destinations_are_recognised(dest, kind):
    assert parse_ctf(ctf_text(pupil_xml(), dest=dest)).header.destination_kind == kind


def test_the_writer_addresses_lost_and_abroad_files():
    for (lea, estab), kind in ((lost_pupil_destination(), "lost"), (abroad_destination(), "outside-maintained-or-abroad")):
        data = write_ctf(version="25.0", source_lea="801", source_estab="2000", dest_lea=lea, dest_estab=estab,
                         generated_at=dt.datetime(2026, 11, 30, 9, 30),
                         pupils=[CtfPupil(upn="B801200005001", surname="Smith", forename="Ava", dob=dt.date(2015, 3, 1))])
        header = parse_ctf(data).header
        assert (header.dest_lea, header.dest_estab, header.destination_kind) == (lea, estab, kind)
    assert lost_pupil_destination() == ("XXX", "XXXX")
    assert abroad_destination() == ("MMM", "MMMM")


# -- writing ----------------------------------------------------------------------------

WRITE_ARGS = {"version": "26.0", "source_lea": "801", "source_estab": "2000", "dest_lea": "802", "dest_estab": "4001",
              "generated_at": dt.datetime(2026, 11, 30, 9, 30)}


def test_written_header_and_element_order():
    pupil = CtfPupil(upn="B801200005001", surname="Smith & Sons", forename="Ava", dob=dt.date(2015, 3, 1), sex="F",
                     in_care=False, contacts=[CtfContact(order=1, surname="Smith", address_as_pupil=True)],
                     school_history=[CtfSchool(lea="801", estab="2000", entry_date=dt.date(2019, 9, 4), last_school=True)])
    data = write_ctf(**{**WRITE_ARGS, "generated_at": dt.datetime(2026, 9, 14, 8, 30, 15, 999)}, pupils=[pupil],
                     source_school_name="Example School", source_urn="108921", document_qualifier="full")
    text = data.decode("utf-8")
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<CTfile>')
    assert "<DateTime>2026-09-14T08:30:15</DateTime>" in text
    assert "<AcademicYear>2026</AcademicYear>" in text
    assert "<Surname>Smith &amp; Sons</Surname>" in text
    assert "<InCare>false</InCare>" in text and "<LastSchool>true</LastSchool>" in text
    assert "<UCI>" not in text and "<Email>" not in text, "empty optional elements are left out"
    order = ["<UPN>", "<Surname>", "<Forename>", "<DOB>2015-03-01</DOB>", "<Sex>", "<LookedAfter>", "<Contacts>",
             "<AddressAsPupil>true</AddressAsPupil>", "<SchoolHistory>", "<EntryDate>2019-09-04</EntryDate>"]
    positions = [text.index(tag) for tag in order]
    assert positions == sorted(positions)
    header = parse_ctf(data).header
    assert (header.version, header.document_qualifier, header.source_urn, header.source_school_name) == (
        "26.0", "full", "108921", "Example School")
    assert header.supplier_id == "CME Tracker"


@pytest.mark.parametrize(("change", "message"), [
    ({"version": "23.0"}, "CTF version '23.0' cannot be written"),
    ({"source_lea": "80"}, "source_lea must be a 3-digit DfE local authority number, not '80'"),
    ({"dest_lea": "XXX", "dest_estab": "4001"}, "A special destination is XXX/XXXX"),
    ({"dest_estab": "40"}, "dest_estab must be a 4-digit establishment number"),
    ({"document_qualifier": "some"}, "document_qualifier must be 'full' or 'partial'"),
])
def test_the_writer_refuses_a_header_others_would_reject(change, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        write_ctf(**{**WRITE_ARGS, **change}, pupils=[])


def test_the_writer_refuses_contradictory_addresses():
    both = CtfAddress(paon="1", street="High Street", lines=["1 High Street"])
    with pytest.raises(ValueError, match="has both BS7666 parts and AddressLines"):
        write_ctf(**WRITE_ARGS, pupils=[CtfPupil(upn="B801200005001", addresses=[both])])
    contact = CtfContact(address_as_pupil=True, address=CtfAddress(postcode="DM1 1AA"))
    with pytest.raises(ValueError, match="contact 1, is marked AddressAsPupil and also has an address"):
        write_ctf(**WRITE_ARGS, pupils=[CtfPupil(upn="B801200005001", contacts=[contact])])
    with pytest.raises(ValueError, match="has 6 AddressLines; a CTF address has at most 5"):
        write_ctf(**WRITE_ARGS, pupils=[CtfPupil(addresses=[CtfAddress(lines=list("abcdef"))])])


# Text a CTF can carry and a reader gives back unchanged: letters (any script), digits,
# punctuation including XML's own & < > ' ", and inner spaces.
TEXT = st.text(st.characters(categories=("L", "N", "P", "S", "Zs"), exclude_characters="\u3000\xa0\u2007\u202f"),
               min_size=1, max_size=12).filter(lambda value: value == value.strip())
OPTIONAL_TEXT = st.one_of(st.just(""), TEXT)
DATES = st.dates(dt.date(1990, 1, 1), dt.date(2035, 12, 31))
LA_CODES = sorted(upn.DEFAULT_LA_CODES)
UPNS = st.builds(upn.make_upn, st.sampled_from(LA_CODES), st.integers(1000, 9999).map(str),
                 st.integers(2000, 2030), st.integers(0, 999))
BOOLS = st.one_of(st.none(), st.booleans())

BS7666 = st.builds(CtfAddress, saon=OPTIONAL_TEXT, paon=TEXT, street=OPTIONAL_TEXT, locality=OPTIONAL_TEXT,
                   town=OPTIONAL_TEXT, administrative_area=OPTIONAL_TEXT, post_town=OPTIONAL_TEXT,
                   uprn=st.one_of(st.just(""), st.integers(1, 10**12).map(str)), county=OPTIONAL_TEXT,
                   postcode=OPTIONAL_TEXT, country=OPTIONAL_TEXT, zip=OPTIONAL_TEXT, easting=OPTIONAL_TEXT,
                   northing=OPTIONAL_TEXT)
LINES = st.builds(CtfAddress, lines=st.lists(TEXT, min_size=1, max_size=5), county=OPTIONAL_TEXT,
                  postcode=OPTIONAL_TEXT, country=OPTIONAL_TEXT)
ADDRESSES = st.one_of(BS7666, LINES)
PHONES = st.builds(CtfPhone, type=OPTIONAL_TEXT, number=OPTIONAL_TEXT)


@st.composite
def contacts(draw) -> CtfContact:
    as_pupil = draw(st.booleans())
    return CtfContact(
        order=draw(st.one_of(st.none(), st.integers(0, 99))), title=draw(OPTIONAL_TEXT), surname=draw(OPTIONAL_TEXT),
        forename=draw(OPTIONAL_TEXT), middle_names=draw(OPTIONAL_TEXT), gender=draw(OPTIONAL_TEXT),
        relationship=draw(OPTIONAL_TEXT), parental_responsibility=draw(BOOLS), address_as_pupil=as_pupil,
        address=None if as_pupil else draw(st.one_of(st.none(), ADDRESSES)),
        phones=draw(st.lists(PHONES, max_size=3)), email=draw(OPTIONAL_TEXT))


SCHOOLS = st.builds(CtfSchool, lea=OPTIONAL_TEXT, estab=OPTIONAL_TEXT, name=OPTIONAL_TEXT,
                    entry_date=st.one_of(st.none(), DATES), leaving_date=st.one_of(st.none(), DATES),
                    leaving_reason=OPTIONAL_TEXT, last_school=BOOLS)
PUPILS = st.builds(
    CtfPupil, upn=st.one_of(st.just(""), UPNS), former_upns=st.lists(UPNS, max_size=2), uln=OPTIONAL_TEXT,
    uci=OPTIONAL_TEXT, surname=OPTIONAL_TEXT, forename=OPTIONAL_TEXT, middle_names=OPTIONAL_TEXT,
    preferred_surname=OPTIONAL_TEXT, preferred_forename=OPTIONAL_TEXT, former_surnames=st.lists(TEXT, max_size=2),
    former_forenames=st.lists(TEXT, max_size=2), dob=st.one_of(st.none(), DATES), sex=st.sampled_from(["M", "F", ""]),
    nc_year_actual=OPTIONAL_TEXT, ethnicity=OPTIONAL_TEXT, first_language=OPTIONAL_TEXT, enrol_status=OPTIONAL_TEXT,
    in_care=BOOLS, care_authority=OPTIONAL_TEXT, addresses=st.lists(ADDRESSES, max_size=2),
    phones=st.lists(PHONES, max_size=3), email=OPTIONAL_TEXT, contacts=st.lists(contacts(), max_size=3),
    school_history=st.lists(SCHOOLS, max_size=3))


@settings(max_examples=60, deadline=None)
@given(pupils=st.lists(PUPILS, max_size=4), version=st.sampled_from(["24.0", "25.0", "26.0"]))
def test_what_is_written_reads_back_the_same(pupils, version):
    data = write_ctf(**{**WRITE_ARGS, "version": version}, pupils=pupils)
    parsed = parse_ctf(data)
    assert parsed.version == version
    assert parsed.pupils == pupils
    assert [pupil.position for pupil in parsed.pupils] == list(range(1, len(pupils) + 1))


# -- synthetic files --------------------------------------------------------------------


def test_planted_errors_are_exactly_the_errors_reported():
    planted = {"bad_upn_check_letter": [2, 7], "impossible_dob": [3, 7], "missing_surname": [5], "missing_forename": [9]}
    parsed = parse_ctf(synth_ctf(12, seed=3, errors=planted), validate_upn=VALIDATE_WITH_999)
    field_for = {"bad_upn_check_letter": "UPN", "impossible_dob": "DOB", "missing_surname": "Surname",
                 "missing_forename": "Forename"}
    expected = sorted((position, field_for[kind]) for kind, positions in planted.items() for position in positions)
    assert sorted((error.pupil, error.field) for error in parsed.errors) == expected
    messages = {(error.pupil, error.field): error.message for error in parsed.errors}
    assert messages[2, "UPN"].startswith("The check letter is wrong")
    assert re.fullmatch(r"'\d{4}-02-30' is not a real date: month 2 of \d{4} has no day 30", messages[3, "DOB"])
    assert len(parsed.pupils) == 12


def test_unknown_planted_errors_are_refused():
    with pytest.raises(ValueError, match="Unknown error kind 'bad_postcode'"):
        synth_ctf(3, errors={"bad_postcode": [1]})
    with pytest.raises(ValueError, match="missing_surname at position 4 is outside the file, which has pupils 1 to 3"):
        synth_ctf(3, errors={"missing_surname": [4]})
    assert set(ERROR_KINDS) == {"bad_upn_check_letter", "impossible_dob", "missing_surname", "missing_forename"}


def test_synthetic_files_are_reproducible():
    assert synth_ctf(20, seed=5) == synth_ctf(20, seed=5)
    assert synth_ctf(20, seed=5) != synth_ctf(20, seed=6)


def test_synthetic_pupils_are_the_populations_children():
    """A CTF made with a seed describes the same children as the rest of the synthetic data for that seed."""
    children = list(PopulationGenerator(4, on=synth_on("25.0")).children(300))
    pupils = parse_ctf(synth_ctf(300, seed=4), validate_upn=VALIDATE_WITH_999).pupils
    assert [(p.forename, p.middle_names, p.surname, p.dob, p.sex) for p in pupils] == [
        (c.first_name, c.middle_names, c.last_name, c.dob, c.sex) for c in children]
    assert all(p.upn == c.upn for p, c in zip(pupils, children, strict=True) if c.upn)
    assert any(not c.upn for c in children), "some children had no UPN and were given one"


def test_synthetic_destination_and_version_are_as_asked():
    header = parse_ctf(synth_ctf(1, version="24.0", dest=lost_pupil_destination()), validate_upn=VALIDATE_WITH_999).header
    assert (header.version, header.destination_kind, header.source_lea, header.source_estab) == ("24.0", "lost", "999",
                                                                                                  "4001")


@pytest.fixture(scope="module")
def five_thousand(tmp_path_factory) -> tuple[Path, CtfFile]:
    path = tmp_path_factory.mktemp("ctf") / "9994001_CTF_9994002_001.xml"
    write_synth_ctf_file(path, 5000, seed=11)
    return path, parse_ctf(path, validate_upn=VALIDATE_WITH_999)


def test_a_large_generated_file_reads_without_errors(five_thousand):
    _path, parsed = five_thousand
    assert len(parsed.pupils) == 5000
    assert parsed.errors == []
    assert [pupil.position for pupil in parsed.pupils[:3]] == [1, 2, 3]
    upns = [pupil.upn for pupil in parsed.pupils]
    assert all(upns) and len(set(upns)) == 5000, "every pupil has a UPN of its own"


def test_generated_pupils_look_like_a_schools_records(five_thousand):
    _path, parsed = five_thousand
    pupils = parsed.pupils
    for pupil in pupils:
        assert 1 <= len(pupil.contacts) <= 2
        assert all(contact.parental_responsibility for contact in pupil.contacts)
        assert 1 <= len(pupil.school_history) <= 3
        assert pupil.school_history[-1].laestab == "9994001" and pupil.school_history[-1].last_school is True
        entries = [school.entry_date for school in pupil.school_history]
        assert entries == sorted(entries)
        assert all(school.entry_date <= school.leaving_date for school in pupil.school_history)
        assert pupil.dob is not None and pupil.surname and pupil.forename and pupil.sex in ("M", "F")
        assert pupil.nc_year_actual in {"N2", "R", *map(str, range(1, 14))}
    addresses = [pupil.addresses[0] for pupil in pupils]
    assert any(address.is_bs7666 for address in addresses) and any(address.lines for address in addresses)
    assert any(contact.surname != pupil.surname for pupil in pupils for contact in pupil.contacts)
    assert any(contact.surname == pupil.surname for pupil in pupils for contact in pupil.contacts)
    assert any(not contact.address_as_pupil and contact.address for pupil in pupils for contact in pupil.contacts)
    assert sum(bool(pupil.former_surnames) for pupil in pupils) > 100
    assert sum(bool(pupil.preferred_forename) for pupil in pupils) > 50
    assert any(pupil.former_upns for pupil in pupils)
    assert any(len(pupil.school_history) == 3 for pupil in pupils)
    phones = {phone.number[:9] for pupil in pupils for contact in pupil.contacts for phone in contact.phones}
    assert phones <= {"07700 900", "01632 960"}, "only numbers Ofcom keeps for drama"


def test_the_file_written_to_disk_is_the_same_as_the_bytes(tmp_path):
    planted = {"impossible_dob": [4]}
    path = write_synth_ctf_file(tmp_path / "synthetic.xml", 40, seed=2, version="26.0", errors=planted)
    assert path.read_bytes() == synth_ctf(40, seed=2, version="26.0", errors=planted)
