"""The monthly frozen record (never changed; corrections are new, linked versions; who
downloaded it) and case exports (only the fields a role may see, formula-safe, logged)."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, transaction
from django.urls import reverse
from openpyxl import load_workbook

from cme.audit.models import AccessEvent
from cme.cases import services as cases
from cme.ops.schedule import run_due_jobs
from cme.reports import services
from cme.reports.models import Snapshot
from tests.conftest import html, text_of
from tests.factories.models import ChildFactory

pytestmark = pytest.mark.django_db
OCTOBER = dt.date(2026, 10, 1)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2026, 11, 30, 12, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def open_in_october(la, officer):
    named = ChildFactory(local_authority=la, first_name="=HYPERLINK(\"http://x\",\"y\")", last_name="Ochoa")
    plain = ChildFactory(local_authority=la, last_name="Parry")
    later = ChildFactory(local_authority=la, last_name="Later")
    cases.earlier_cases_record(local_authority_id=la.pk, cases=[
        cases.EarlierCase(child_id=named.pk, primary_reason=3, episodes=((dt.date(2026, 9, 1), None),),
                          allocated_to_id=officer.pk),
        cases.EarlierCase(child_id=plain.pk, primary_reason=16, outcome="moved-abroad",
                          episodes=((dt.date(2026, 8, 1), dt.date(2026, 11, 5)),)),  # open on 31 October
        cases.EarlierCase(child_id=later.pk, primary_reason=18, episodes=((dt.date(2026, 11, 2), None),)),
    ])
    return named, plain, later


def test_a_month_is_frozen_with_every_case_open_at_its_end(la, open_in_october):
    outcome = services.snapshot_take(local_authority=la, month=OCTOBER)
    frozen = outcome.snapshot
    assert outcome.outcome == "taken" and frozen.as_at == dt.date(2026, 10, 31)
    assert [row[1] for row in frozen.rows] == ["Parry", "Ochoa"]  # the longest missing first
    row = dict(zip(frozen.columns, frozen.rows[0], strict=True))
    assert row["State"] == "Open then (closed since)" and row["Days missing"] == 91
    assert row["DfE primary reason"] == "Believed to have moved to another local authority"
    assert len(frozen.checksum) == 64


def test_a_frozen_record_cannot_be_changed_or_deleted_even_in_the_database(la, open_in_october):
    frozen = services.snapshot_take(local_authority=la, month=OCTOBER).snapshot
    for change in (lambda: Snapshot.objects.filter(pk=frozen.pk).update(row_count=0),
                   lambda: Snapshot.objects.filter(pk=frozen.pk).delete()):
        with pytest.raises(DatabaseError, match="Cannot update or delete"), transaction.atomic():
            change()
    assert Snapshot.objects.get(pk=frozen.pk).row_count == 2


def test_freezing_again_changes_nothing_and_a_correction_is_a_new_linked_version(la, officer, open_in_october):
    first = services.snapshot_take(local_authority=la, month=OCTOBER).snapshot
    assert services.snapshot_take(local_authority=la, month=OCTOBER).outcome == "unchanged"
    # Someone corrects a start date: October's figures change.
    case = open_in_october[2].cases.get()
    cases.case_change_start_date(case=case, officer=officer, start_date=dt.date(2026, 10, 20), version=None)
    differs = services.snapshot_take(local_authority=la, month=OCTOBER)
    assert differs.outcome == "differs" and differs.snapshot == first and Snapshot.objects.count() == 1
    corrected = services.snapshot_take(local_authority=la, month=OCTOBER, correction_reason="Start date corrected")
    assert corrected.outcome == "corrected"
    assert (corrected.snapshot.version, corrected.snapshot.supersedes, corrected.snapshot.row_count) == (2, first, 3)
    assert Snapshot.objects.get(pk=first.pk).checksum == first.checksum


def test_a_month_that_has_not_ended_cannot_be_frozen(la):
    with pytest.raises(ValidationError, match="November 2026 has not ended yet"):
        services.snapshot_take(local_authority=la, month=dt.date(2026, 11, 1))


def test_the_command_freezes_a_month_and_says_when_it_would_need_a_correction(la, officer, open_in_october, capsys):
    call_command("reports", "snapshot", "--month", "2026-10")
    assert "is frozen: 2 open cases" in capsys.readouterr().out
    call_command("reports", "snapshot", "--month", "2026-10", "--la", la.code)
    assert "already frozen and the figures have not changed" in capsys.readouterr().out
    with pytest.raises(CommandError, match="YYYY-MM"):
        call_command("reports", "snapshot", "--month", "October")


def test_on_the_first_of_the_month_the_scheduler_freezes_last_month(la, open_in_october):
    with time_machine.travel(dt.datetime(2026, 12, 1, 3, tzinfo=dt.UTC), tick=False):
        assert "monthly-central-record" in run_due_jobs()
        assert run_due_jobs() == []  # once a month, however often the scheduler looks
    frozen = Snapshot.objects.get()
    assert (frozen.month, frozen.taken_how, frozen.row_count) == (dt.date(2026, 11, 1), "schedule", 2)


def test_a_manager_downloads_last_months_record_and_the_page_lists_who_did(client, signed_in, manager, la,
                                                                          open_in_october):
    frozen = services.snapshot_take(local_authority=la, month=OCTOBER).snapshot
    signed_in(manager)
    xlsx = client.get(reverse("reports:snapshot-download", args=[frozen.pk, "xlsx"]))
    assert xlsx.status_code == 200 and xlsx["Content-Disposition"].endswith('cme-central-record-2026-10-v1.xlsx"')
    sheet = load_workbook(io.BytesIO(xlsx.content))["October 2026"]
    assert sheet["C3"].value.startswith("'=HYPERLINK")  # the child's "name" is text, not a link that runs
    text = client.get(reverse("reports:snapshot-download", args=[frozen.pk, "csv"])).content.decode("utf-8-sig")
    assert next(iter(csv.reader(io.StringIO(text)))) == frozen.columns
    page = html(client.get(reverse("reports:snapshot", args=[frozen.pk])))
    downloads = text_of(page.select_one("[data-testid=downloads]"))
    assert downloads.count(manager.email) == 2 and "XLSX" in downloads and "CSV" in downloads
    event = AccessEvent.objects.filter(record_type="snapshot").first()
    assert set(event.child_ids) == {c.pk for c in open_in_october[:2]} and event.channel == "export"


def test_an_officer_sees_the_record_list_but_cannot_download_or_freeze(client, signed_in, officer, la, open_in_october):
    frozen = services.snapshot_take(local_authority=la, month=OCTOBER).snapshot
    signed_in(officer)
    assert client.get(reverse("reports:snapshots")).status_code == 200
    assert client.get(reverse("reports:snapshot-download", args=[frozen.pk, "csv"])).status_code == 403
    assert client.post(reverse("reports:snapshots"), {"month": "2026-09"}).status_code == 403
    assert "Only a CME manager can download" in text_of(html(client.get(reverse("reports:snapshot", args=[frozen.pk]))))


def test_a_manager_freezes_a_month_from_the_page_and_must_say_why_to_correct_one(client, signed_in, manager, la,
                                                                                  open_in_october):
    signed_in(manager)
    response = client.post(reverse("reports:snapshots"), {"month": "2026-10"})
    frozen = Snapshot.objects.get()
    assert response.status_code == 302 and response.url == reverse("reports:snapshot", args=[frozen.pk])
    assert frozen.taken_by == manager
    cases.case_change_start_date(case=open_in_october[2].cases.get(), officer=manager, start_date=dt.date(2026, 10, 20),
                              version=None)
    again = client.post(reverse("reports:snapshots"), {"month": "2026-10"})
    assert again.status_code == 200 and "give the reason" in text_of(html(again).select_one(".govuk-error-summary"))
    assert Snapshot.objects.count() == 1


# -- exports ---------------------------------------------------------------------------------------

def export(client, **filters):
    return client.get(reverse("reports:export"), {"status": "all", "file_format": "csv", **filters})


def rows_of(response):
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_a_manager_exports_cases_with_every_field_and_formulas_made_safe(client, signed_in, manager, open_in_october):
    signed_in(manager)
    response = export(client)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = rows_of(response)
    assert len(rows) == 3 and {"Last name", "Date of birth", "Officer", "In care"} <= set(rows[0])
    assert any(row["First name"].startswith("'=HYPERLINK") for row in rows)
    event = AccessEvent.objects.get(record_type="case-export")
    assert event.channel == "export" and "Exported 3 cases as CSV" in event.purpose
    assert set(event.child_ids) == {c.pk for c in open_in_october}


def test_an_auditor_exports_cases_without_what_identifies_a_child(client, signed_in, auditor, open_in_october):
    signed_in(auditor)
    page = html(client.get(reverse("reports:export")))
    assert "Names, dates of birth, addresses" in text_of(page)
    rows = rows_of(export(client))
    assert len(rows) == 3
    assert not {"Last name", "First name", "Date of birth", "UPN", "Postcode", "Officer"} & set(rows[0])
    assert {"Case reference", "DfE primary reason", "Year group today", "Sex"} <= set(rows[0])
    assert "Ochoa" not in str(rows)


def test_an_officer_may_not_export(client, signed_in, officer):
    signed_in(officer)
    assert export(client).status_code == 403


def test_the_export_filters_choose_the_cases(client, signed_in, manager, open_in_october):
    signed_in(manager)
    assert len(rows_of(export(client, status="open"))) == 2
    assert len(rows_of(export(client, status="closed"))) == 1
    assert len(rows_of(export(client, **{"started_from-day": "1", "started_from-month": "9",
                                          "started_from-year": "2026"}))) == 2
    workbook = client.get(reverse("reports:export"), {"status": "open", "file_format": "xlsx"})
    assert load_workbook(io.BytesIO(workbook.content))["Cases"].max_row == 3


def test_a_bad_filter_is_a_clear_error_not_a_file(client, signed_in, manager):
    signed_in(manager)
    page = client.get(reverse("reports:export"), {"status": "open", "file_format": "pdf", "officer": "99999"})
    assert page.status_code == 200 and page["Content-Type"].startswith("text/html")
    assert "Select a valid choice" in text_of(html(page).select_one(".govuk-error-summary"))
