"""Importing the emailed Word checklist: from the command line and from triage."""

import json
from pathlib import Path

import pytest
from django.urls import reverse

from cme.referrals.models import Referral, Source, Status
from cme.synth.checklist_docx import complete_checklist_data, make_checklist_docx
from tests.conftest import html, text_of


@pytest.fixture
def run(cme_command):
    return lambda *args: cme_command("referrals", "import-docx", *args)


def test_dry_run_prints_the_published_json_shape_and_writes_nothing(tmp_path, run):
    path = tmp_path / "referral.docx"
    path.write_bytes(make_checklist_docx(variant="messy", password="secret"))
    result = run(str(path), "--password", "secret", "--dry-run")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert list(data) == ["child", "last_known_address", "additional_information", "parents_carers", "telephone",
                          "email", "school", "date_last_attended", "actions", "indicators",
                          "social_care_referral_considered", "parental_consent", "assessment", "referrer", "unread"]
    expected = complete_checklist_data()
    assert data["child"]["date_of_birth"] == expected["child"]["date_of_birth"]
    assert data["child"]["last_name"] == expected["child"]["last_name"]
    assert len(data["indicators"]) == 20 and "secret" not in result.stdout


@pytest.mark.django_db
def test_wrong_password_and_missing_file_fail_clearly(tmp_path):
    from django.core.management import CommandError, call_command

    path = tmp_path / "referral.docx"
    path.write_bytes(make_checklist_docx(password="secret"))
    with pytest.raises(CommandError) as refused:
        call_command("referrals", "import-docx", str(path), "--password", "guess", "--dry-run")
    assert refused.value.returncode == 1 and "The password does not open this document" in str(refused.value)
    with pytest.raises(CommandError) as refused:
        call_command("referrals", "import-docx", str(tmp_path / "missing.docx"), "--dry-run")
    assert refused.value.returncode == 2 and "No such file" in str(refused.value)


@pytest.mark.django_db
def test_import_makes_a_draft_referral_with_unread_fields(la):
    import io

    from django.core.management import call_command

    out = io.StringIO()
    path = Path(__file__).parent / "_tmp_import.docx"
    path.write_bytes(make_checklist_docx(variant="blank"))
    try:
        call_command("referrals", "import-docx", str(path), "--la", la.code, stdout=out)
    finally:
        path.unlink()
    data = json.loads(out.getvalue())
    referral = Referral.objects.get(reference=data["reference"])
    assert (referral.source, referral.status) == (Source.EMAIL, Status.DRAFT)
    assert "child.date_of_birth" in referral.docx_unread


@pytest.mark.django_db
def test_officer_uploads_a_word_form_and_reviews_it(client, officer, signed_in, la):
    signed_in(officer)
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("referral.docx", make_checklist_docx(password="pw"))
    response = client.post(reverse("referrals:import-docx"), {"file": upload, "password": "pw"})
    assert response.status_code == 302
    referral = Referral.objects.get()
    expected = complete_checklist_data()
    assert referral.child_last_name == expected["child"]["last_name"]
    assert referral.answers["indicators"]
    page = html(client.get(response.url))
    assert text_of(page.select_one("h1")) == "Check your answers before sending your referral"
    # The officer completes what the Word form does not ask (ethnicity is optional; sex came from the form).
    queue = html(client.get(reverse("referrals:queue")))
    assert any(referral.reference in text_of(inset) for inset in queue.select(".govuk-inset-text"))


@pytest.mark.django_db
def test_a_file_that_is_not_a_word_document_is_refused(client, officer, signed_in):
    from django.core.files.uploadedfile import SimpleUploadedFile

    signed_in(officer)
    response = client.post(reverse("referrals:import-docx"),
                           {"file": SimpleUploadedFile("referral.docx", b"%PDF-1.4 not a word file")})
    assert response.status_code == 400
    assert "not a Word document" in text_of(html(response).select_one(".govuk-error-summary"))
    assert not Referral.objects.exists()


@pytest.mark.django_db
def test_a_protected_form_without_its_password_asks_for_it(client, officer, signed_in):
    from django.core.files.uploadedfile import SimpleUploadedFile

    signed_in(officer)
    response = client.post(reverse("referrals:import-docx"),
                           {"file": SimpleUploadedFile("r.docx", make_checklist_docx(password="pw"))})
    assert "password-protected" in text_of(html(response).select_one(".govuk-error-summary"))
