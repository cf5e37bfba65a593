"""Finding children without a school place: population lists, the check, the review."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cme.accounts.roles import Role
from cme.audit.models import AccessEvent
from cme.cases.models import Case, CaseState, EheRecord
from cme.children.models import Child, ChildAddress
from cme.linkage import datasets, services
from cme.linkage.models import (
    CandidateStatus,
    DatasetStatus,
    PopulationDataset,
    PopulationRecord,
    RunStatus,
    SourceKind,
    UnplacedCandidate,
)
from cme.schools.models import Registration
from cme.synth.errors import ErrorMaker, PersonRecord, synthetic_children
from cme.synth.lists import population_list_csv
from tests.conftest import html, text_of
from tests.factories.models import LocalAuthorityFactory, user_with_role

pytestmark = pytest.mark.django_db
ON = dt.date(2026, 11, 2)


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="text/csv")


def imported(user, data: bytes, kind=SourceKind.HEALTH, name="GP list", leave_out=False) -> PopulationDataset:
    dataset = services.dataset_upload(user=user, name=name, kind=kind, extract_date=ON, upload=upload("list.csv", data))
    result = services.dataset_import(user=user, dataset=dataset, mapping=dataset.column_mapping,
                                     leave_out_problem_rows=leave_out)
    assert not result.problems or leave_out, [p.as_dict() for p in result.problems]
    dataset.refresh_from_db()
    return dataset


# -- reading a list through a column mapping -------------------------------------------

def test_the_mapping_is_guessed_from_the_header_names_councils_use():
    header = ["Patient Ref", "Forename", "Middle Names", "Surname", "Date of Birth", "Gender", "Address Line 1",
              "Postcode", "GP practice"]
    assert datasets.guess_mapping(header) == {
        "source_id": "Patient Ref", "first_name": "Forename", "middle_names": "Middle Names", "last_name": "Surname",
        "date_of_birth": "Date of Birth", "sex": "Gender", "address_line_1": "Address Line 1", "postcode": "Postcode"}


@pytest.mark.parametrize(("mapping", "field", "message"), [
    ({"last_name": "Surname"}, "date_of_birth", "Select the column with the date of birth"),
    ({"date_of_birth": "DOB"}, "last_name", "Select the column with the last name"),
    ({"last_name": "Surname", "date_of_birth": "Nope"}, "date_of_birth", "The file has no column “Nope”"),
    ({"last_name": "Surname", "first_name": "Surname", "date_of_birth": "DOB"}, "first_name", "more than one field"),
])
def test_a_mapping_that_cannot_work_says_why(mapping, field, message):
    problems = datasets.check_mapping(mapping, ["Surname", "Forename", "DOB"])
    assert message in problems[field]


def test_every_bad_row_is_reported_with_its_line_and_the_good_rows_are_read():
    data = (b"Forename,Surname,DOB,Gender,Postcode,UPN\n"
            b"Ava,Example,14/03/2016,F,DM1 1AA,\n"
            b"\"Multi\nLine\",Example,31/02/2016,F,DM1 1AA,\n"  # lines 3-4: an impossible date
            b"Ben,,01/01/2015,M,NOTAPOSTCODE,\n"  # line 5: a bad postcode
            b",,02/02/2015,boy,,\n"  # line 6: no name at all
            b"Cai,Example,03/03/2015,Q,,A12345\n"  # line 7: a sex and a UPN not understood
            b"Dee,Example,2030-01-01,,,\n"  # line 8: in the future
            b"\n"
            b"Eli,Example,2015-05-05,male,dm11aa,\n")
    mapping = {"first_name": "Forename", "last_name": "Surname", "date_of_birth": "DOB", "sex": "Gender",
               "postcode": "Postcode", "upn": "UPN"}
    result = datasets.read_rows(data, mapping, today=ON)
    assert [(p.line, p.field) for p in result.problems] == [
        (3, "Date of birth"), (5, "Postcode"), (6, "Last name"), (7, "Sex"), (7, "UPN"), (8, "Date of birth")]
    assert "month 2 of 2016 has no day 31" in result.problems[0].message
    assert result.problems[0].text == "\"Multi\nLine\",Example,31/02/2016,F,DM1 1AA,"
    assert [(row.line, row.first_name, row.sex, row.postcode) for row in result.rows] == [
        (2, "Ava", "F", "DM1 1AA"), (10, "Eli", "M", "DM1 1AA")]


@pytest.mark.parametrize(("value", "expected"), [
    ("SMITH, John Paul", ("John", "Paul", "Smith")),
    ("O'CONNOR-WHITE, Aoife", ("Aoife", "", "O'Connor-White")),
    ("Smith, JOHN", ("JOHN", "", "Smith")),
    ("John Paul Smith", ("John", "Paul", "Smith")),
    ("Smith", ("", "", "Smith")),
    ("Nur Al Hassan", ("Nur", "Al", "Hassan")),
])
def test_a_full_name_column_is_split(value, expected):
    assert datasets.split_full_name(value) == expected


@pytest.mark.parametrize(("data", "message"), [
    (b"", "The file is empty"),
    ("Forename,Surname\n".encode("utf-16"), "not UTF-8"),
    (b"Surname,Surname,DOB\n", "repeated: Surname"),
])
def test_a_file_that_is_not_a_usable_csv_is_refused_with_the_reason(officer, data, message):
    with pytest.raises(datasets.DatasetError, match=message):
        services.dataset_upload(user=officer, name="x", kind=SourceKind.HEALTH, extract_date=ON,
                                upload=upload("x.csv", data))
    assert not PopulationDataset.objects.exists()


def test_a_list_with_problems_imports_nothing_unless_the_officer_leaves_those_rows_out(
        officer, django_capture_on_commit_callbacks):
    data = b"Forename,Surname,DOB\nAva,Example,14/03/2016\nBea,Example,99/99/2016\n"
    dataset = services.dataset_upload(user=officer, name="x", kind=SourceKind.HEALTH, extract_date=ON,
                                      upload=upload("x.csv", data))
    result = services.dataset_import(user=officer, dataset=dataset, mapping=dataset.column_mapping)
    assert [p.line for p in result.problems] == [3]
    assert not PopulationRecord.objects.exists()
    assert PopulationDataset.objects.get().status == DatasetStatus.UPLOADED
    with django_capture_on_commit_callbacks(execute=True):
        services.dataset_import(user=officer, dataset=dataset, mapping=dataset.column_mapping,
                                leave_out_problem_rows=True)
    dataset.refresh_from_db()
    assert (dataset.status, dataset.rows) == (DatasetStatus.IMPORTED, 1)
    assert dataset.left_out[0]["line"] == 3 and "Bea,Example,99/99/2016" in dataset.left_out[0]["text"]
    assert not dataset.file  # the upload is not kept once its rows are in the database
    with pytest.raises(ValidationError, match="already been imported"):
        services.dataset_import(user=officer, dataset=dataset, mapping=dataset.column_mapping)


# -- the check -------------------------------------------------------------------------

@dataclasses.dataclass
class Area:
    on_roll: Child
    left_roll: Child
    home_educated: Child
    open_case: Child
    gp: PopulationDataset
    council_tax: PopulationDataset
    truth: dict[str, str]


def child_from(record: PersonRecord, la) -> Child:
    child = Child.objects.create(local_authority=la, first_name=record.first_name, middle_names=record.middle_names,
                                 last_name=record.last_name, date_of_birth=dt.date.fromisoformat(record.dob),
                                 sex=record.sex, upn=record.upn, is_fictional=True)
    ChildAddress.objects.create(child=child, line_1=record.address, postcode=record.postcode)
    return child


@pytest.fixture
def area(la, officer) -> Area:
    """Four known children in different situations and the lists that mention them, plus
    four children the council does not know: one under five, one in both lists."""
    population = [child for child in synthetic_children(400, seed=31)
                  if dt.date(2012, 9, 1) <= child.dob <= dt.date(2020, 8, 31)]
    twice = [child for child in synthetic_children(400, seed=32) if child.dob.year == 2016][:1]
    under_five = synthetic_children(1, seed=33)
    known = [PersonRecord.from_child(child) for child in population[:4]]
    on_roll, left_roll, home_educated, open_case = (child_from(record, la) for record in known)
    Registration.objects.create(child=on_roll, school_laestab="9992001", school_name="Demo Primary",
                                entry_date=dt.date(2022, 9, 1), source="roll-csv")
    Registration.objects.create(child=left_roll, school_laestab="9992001", school_name="Demo Primary",
                                entry_date=dt.date(2021, 9, 1), leaving_date=dt.date(2026, 7, 22), source="roll-csv")
    EheRecord.objects.create(local_authority=la, child=home_educated, notified_on=dt.date(2026, 1, 5), source="Parent")
    Case.objects.create(local_authority=la, child=open_case, primary_reason=18, start_date=dt.date(2026, 10, 1))
    maker = ErrorMaker(seed=3)
    unknown = [PersonRecord.from_child(child) for child in population[4:6]]
    gp_records = [maker.record(child, f"G{n}") for n, child in enumerate(population[:6])]
    gp_records += [PersonRecord.from_child(twice[0]),
                   dataclasses.replace(PersonRecord.from_child(under_five[0]), dob="2023-02-14")]
    ct_records = [maker.record(twice[0], "T1")]
    gp = imported(officer, population_list_csv(gp_records, "health"), name="GP list")
    council_tax = imported(officer, population_list_csv(ct_records, "council-tax"), kind=SourceKind.COUNCIL_TAX,
                           name="Council tax")
    truth = {"unknown": [f"{r.first_name} {r.last_name}" for r in unknown], "twice": twice[0].first_name}
    return Area(on_roll, left_roll, home_educated, open_case, gp, council_tax, truth)


def test_the_check_lists_only_children_of_school_age_on_no_roll_and_not_otherwise_known(area, officer):
    run = services.run_start(user=officer, dataset_ids=[area.gp.pk, area.council_tax.pk], on=ON)
    run.refresh_from_db()
    assert run.status == RunStatus.DONE, run.error
    candidates = {(c.child_id, c.first_name): c for c in run.candidates.all()}
    assert (area.left_roll.pk, area.left_roll.first_name) in candidates
    assert not {area.on_roll.pk, area.home_educated.pk, area.open_case.pk} & {c.child_id for c in candidates.values()}
    assert run.summary["not_candidates"] == {"on a school roll": 1, "home educated": 1, "already an open CME case": 1,
                                             "not of compulsory school age": 1}
    twice = [c for c in candidates.values() if c.first_name == area.truth["twice"]]
    assert len(twice) == 1 and twice[0].sources == ["council-tax", "health"]
    assert twice[0].records.count() == 2
    assert run.summary["candidates"] == len(candidates) == 4  # left the roll, two unknown, one in both lists


def test_a_list_of_alternative_provision_places_children(area, officer):
    gp_left_roll = area.gp.records.get(line=3)  # the second GP record is the child who left the roll
    ap = imported(officer, population_list_csv([PersonRecord(
        id="AP1", first_name=gp_left_roll.first_name, middle_names="", last_name=gp_left_roll.last_name,
        dob=gp_left_roll.date_of_birth.isoformat(), sex="", upn="", address="", postcode="")], "health"),
        kind=SourceKind.ALTERNATIVE_PROVISION, name="AP placements")
    run = services.run_start(user=officer, dataset_ids=[area.gp.pk, ap.pk], on=ON)
    run.refresh_from_db()
    assert area.left_roll.pk not in {c.child_id for c in run.candidates.all()}
    assert run.summary["not_candidates"]["in alternative provision"] == 1


def test_opening_an_enquiry_adds_an_unknown_child_to_the_index_and_opens_a_case(area, officer):
    run = services.run_start(user=officer, dataset_ids=[area.gp.pk, area.council_tax.pk], on=ON)
    candidate = run.candidates.get(child__isnull=True, sources=["council-tax", "health"])
    decided = services.candidate_open_enquiry(user=officer, candidate=candidate, primary_reason=18, note="Visit booked")
    assert decided.status == CandidateStatus.ENQUIRY_OPENED
    case = decided.case
    assert case.state == CaseState.MAKING_ENQUIRIES and case.child == decided.child
    assert case.child.first_name == candidate.first_name
    source = candidate.records.exclude(postcode="").order_by("-dataset__extract_date", "-id").first()
    address = case.child.addresses.get()
    assert (address.line_1, address.postcode) == (source.address[:200], source.postcode)
    timeline = [entry.text for entry in case.timeline.order_by("id")]
    assert "Council tax" in timeline[0] and "line 2" in timeline[0] and timeline[-1] == "Visit booked"
    with pytest.raises(ValidationError, match="already been reviewed"):
        services.candidate_dismiss(user=officer, candidate=candidate, reason="moved-away", note="")


def test_a_dismissal_needs_a_reason_and_other_needs_words(area, officer):
    run = services.run_start(user=officer, dataset_ids=[area.gp.pk], on=ON)
    candidate = run.candidates.first()
    with pytest.raises(ValidationError, match="Say what the other reason is"):
        services.candidate_dismiss(user=officer, candidate=candidate, reason="other", note=" ")
    with pytest.raises(ValidationError, match="Select why"):
        services.candidate_dismiss(user=officer, candidate=candidate, reason="bored", note="")
    services.candidate_dismiss(user=officer, candidate=candidate, reason="moved-away", note="Moved to Wales")
    candidate.refresh_from_db()
    assert (candidate.status, candidate.dismiss_reason, candidate.decided_by) == ("dismissed", "moved-away", officer)


def test_a_run_that_fails_is_marked_failed_with_the_reason(area, officer, monkeypatch):
    from cme.linkage import unplaced

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(unplaced, "find_children", broken)
    run = services.run_start(user=officer, dataset_ids=[area.gp.pk], on=ON)
    run.refresh_from_db()
    assert (run.status, run.error) == (RunStatus.FAILED, "RuntimeError: disk full")
    assert not UnplacedCandidate.objects.exists()


# -- the pages --------------------------------------------------------------------------

def test_an_officer_adds_a_list_matches_its_columns_runs_the_check_and_decides(la, officer, signed_in, area):
    client = signed_in(officer)
    data = population_list_csv([PersonRecord(id="X1", first_name="Zara", middle_names="", last_name="Example",
                                             dob="2016-04-04", sex="F", upn="", address="1 Fictional Way",
                                             postcode="DM1 2AB")], "council-tax")
    response = client.post(reverse("linkage:dataset-upload"), {
        "name": "Housing list", "kind": "housing", "extract_date-day": "1", "extract_date-month": "11",
        "extract_date-year": "2026", "file": upload("housing.csv", data)})
    dataset = PopulationDataset.objects.get(name="Housing list")
    assert response.status_code == 302 and response.url == reverse("linkage:dataset-columns", args=[dataset.pk])
    page = html(client.get(response.url))
    assert page.select_one("#id_date_of_birth option[selected]")["value"] == "DOB"
    assert page.select_one("#id_full_name option[selected]")["value"] == "Child Name"
    mapping = {name: dataset.column_mapping.get(name, "") for name in datasets.FIELDS}
    checked = html(client.post(response.url, {**mapping, "action": "check"}))
    assert "1 row can be imported" in text_of(checked.select_one("main"))
    assert text_of(checked.select_one("tbody tr")).startswith("2 Zara Example 4 April 2016")
    response = client.post(reverse("linkage:dataset-columns", args=[dataset.pk]), {**mapping, "action": "import"})
    assert response.status_code == 302
    dataset.refresh_from_db()
    assert dataset.status == DatasetStatus.IMPORTED and dataset.records.get().first_name == "Zara"

    response = client.post(reverse("linkage:run-start"), {
        "datasets": [area.gp.pk, dataset.pk], "on-day": "2", "on-month": "11", "on-year": "2026"})
    run_url = response.url
    page = html(client.get(run_url))
    names = [text_of(row.select_one("td")) for row in page.select("#candidates ~ table tbody tr")]
    reasons = [text_of(row.select_one("td")) for row in page.select("table tbody tr")]
    assert "Already an open CME case" in reasons and "Already an open cme case" not in reasons  # issue 13 item 20
    assert "Zara Example" in names and f"{area.left_roll.first_name} {area.left_roll.last_name}" in names
    zara = UnplacedCandidate.objects.get(first_name="Zara")
    page = html(client.get(reverse("linkage:candidate", args=[zara.run_id, zara.pk])))
    assert "Housing list" in text_of(page.select_one("thead")) and "1 Fictional Way" in text_of(page.select_one("tbody"))
    assert AccessEvent.objects.filter(record_type="unplaced-candidate", record_id=zara.pk, user=officer).exists()
    response = client.post(reverse("linkage:candidate", args=[zara.run_id, zara.pk]), {"decision": "dismiss"})
    assert response.status_code == 400
    assert "Select why this child is not missing education" in text_of(html(response).select_one(".govuk-error-summary"))
    response = client.post(reverse("linkage:candidate", args=[zara.run_id, zara.pk]),
                           {"decision": "enquiry", "primary_reason": "14", "enquiry_note": ""})
    zara.refresh_from_db()
    assert response.url == reverse("cases:detail", kwargs={"case_id": zara.case_id})
    assert zara.case.primary_reason == 14


def test_a_list_with_bad_rows_shows_each_problem_and_imports_only_when_told(officer, signed_in):
    client = signed_in(officer)
    data = b"Forename,Surname,DOB\nAva,Example,14/03/2016\nBea,Example,31/13/2016\n"
    client.post(reverse("linkage:dataset-upload"), {
        "name": "GP", "kind": "health", "extract_date-day": "1", "extract_date-month": "11",
        "extract_date-year": "2026", "file": upload("gp.csv", data)})
    dataset = PopulationDataset.objects.get()
    url = reverse("linkage:dataset-columns", args=[dataset.pk])
    form = {"first_name": "Forename", "last_name": "Surname", "date_of_birth": "DOB"}
    response = client.post(url, {**form, "action": "import"})
    page = html(response)
    assert response.status_code == 400
    assert "there is no month 13" in text_of(page.select_one("#problems"))
    assert "1 problem was found" in text_of(page.select_one(".govuk-error-summary"))
    assert not PopulationRecord.objects.exists()
    client.post(url, {**form, "action": "import", "leave_out_problem_rows": "on"})
    assert PopulationRecord.objects.count() == 1


@pytest.mark.parametrize("role", [Role.SCHOOL_USER, Role.AGENCY_USER, Role.AUDITOR, Role.ADMINISTRATOR])
def test_only_cme_staff_can_use_data_matching(role, la, signed_in):
    client = signed_in(user_with_role(role, la))
    assert client.get(reverse("linkage:home")).status_code == 403
    assert client.get(reverse("linkage:dataset-upload")).status_code == 403


def test_another_councils_runs_and_lists_are_not_found(area, officer, signed_in):
    run = services.run_start(user=officer, dataset_ids=[area.gp.pk], on=ON)
    stranger = user_with_role(Role.CME_MANAGER, LocalAuthorityFactory(code="992"))
    client = signed_in(stranger)
    assert client.get(reverse("linkage:run", args=[run.pk])).status_code == 404
    assert client.get(reverse("linkage:dataset", args=[area.gp.pk])).status_code == 404
    candidate = run.candidates.first()
    assert client.get(reverse("linkage:candidate", args=[run.pk, candidate.pk])).status_code == 404
    with pytest.raises(ValidationError, match="Select at least one imported dataset"):
        services.run_start(user=stranger, dataset_ids=[area.gp.pk], on=ON)


def test_deleting_a_list_needs_the_box_ticked_then_removes_it_and_its_records(officer, signed_in):
    dataset = imported(officer, b"Forename,Surname,DOB\nAva,Example,14/03/2016\nBea,Example,02/05/2015\n")
    client = signed_in(officer)
    url = reverse("linkage:dataset-delete", args=[dataset.pk])
    page = html(client.post(url, follow=True))
    assert "Tick the box to confirm that the list and its records should be deleted" in text_of(page)
    assert PopulationRecord.objects.filter(dataset=dataset).count() == 2
    page = html(client.post(url, {"confirm": "yes"}, follow=True))
    assert "GP list and its records were deleted" in text_of(page)
    assert not PopulationDataset.objects.exists() and not PopulationRecord.objects.exists()
