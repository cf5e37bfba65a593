"""Population lists under Data matching (issue 13, items 2 and 3): the upload page states
its limits and enforces them, and a file that cannot be read is refused when it is added,
with what to do, never an error page later."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cme.core import uploads
from cme.linkage.models import PopulationDataset, SourceKind
from tests.conftest import html, text_of

pytestmark = pytest.mark.django_db

LONG_ROW = b"Forename,Surname,DOB\nAda," + b"x" * 140_000 + b",14/03/2015\n"
FORM = {"name": "GP list", "kind": "health", "extract_date-day": "1", "extract_date-month": "11",
        "extract_date-year": "2026"}


def add(client, data: bytes):
    return client.post(reverse("linkage:dataset-upload"), {**FORM, "file": SimpleUploadedFile("gp.csv", data)})


def test_a_field_over_128kb_is_refused_as_the_list_is_added(officer, signed_in):
    """Found: accepted, then HTTP 500 on the page that lists its rows."""
    client = signed_in(officer)
    response = add(client, LONG_ROW)
    assert response.status_code == 400
    assert "Line 2 has a value longer than 131,072 characters" in text_of(html(response).select_one(".govuk-error-summary"))
    assert not PopulationDataset.objects.exists()
    assert client.get(reverse("linkage:home")).status_code == 200


def test_a_list_kept_from_before_that_cannot_be_read_is_deleted_with_a_message_not_a_500(officer, signed_in):
    client = signed_in(officer)
    dataset = PopulationDataset(local_authority=officer.local_authority, name="Old", kind=SourceKind.HEALTH,
                                extract_date="2026-11-01", original_name="old.csv", created_by=officer,
                                headers=["Forename", "Surname", "DOB"])
    dataset.file.save("old.csv", ContentFile(LONG_ROW))
    response = client.post(reverse("linkage:dataset-columns", args=[dataset.pk]), {
        "first_name": "Forename", "last_name": "Surname", "date_of_birth": "DOB", "action": "check"}, follow=True)
    assert response.status_code == 200
    assert "old.csv cannot be read, so it was not imported and has been deleted. Line 2 has a value longer" \
        in text_of(html(response))
    assert not PopulationDataset.objects.exists()


def test_a_list_over_the_row_limit_is_refused(officer, signed_in, monkeypatch):
    real = uploads.limit
    monkeypatch.setattr(uploads, "limit", lambda kind: uploads.UploadLimit(10, 2, "rows")
                        if kind == uploads.Upload.POPULATION_CSV else real(kind))
    client = signed_in(officer)
    response = add(client, b"Forename,Surname,DOB\nA,B,01/01/2015\nC,D,01/01/2015\nE,F,01/01/2015\n\n")
    assert "The file has 3 rows; the most in one file is 2. Split it into files of 2 rows or fewer" \
        in text_of(html(response).select_one(".govuk-error-summary"))
    assert "have no more than 2 rows" in text_of(html(response).select_one("main"))
