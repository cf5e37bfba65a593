"""Attachments are checked by what they contain and served only to people who may see the referral."""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from cme.audit.models import AccessEvent
from cme.referrals.models import Attachment
from cme.synth.checklist_docx import make_checklist_docx
from tests.conftest import html, text_of

from .helpers import fill_all_pages, start_referral

pytestmark = pytest.mark.django_db


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.mark.parametrize(("name", "content", "kind"), [
    ("letter.pdf", b"%PDF-1.7\n%fictional letter\n", "application/pdf"),
    ("photo.png", None, "image/png"),
    ("report.docx", None, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
])
def test_accepted_files_are_stored_with_their_real_type(client, school_user, signed_in, name, content, kind):
    signed_in(school_user)
    reference = start_referral(client)
    content = content or (png() if name.endswith(".png") else make_checklist_docx())
    response = client.post(reverse("referrals:attachments", args=[reference]),
                           {"file": SimpleUploadedFile(name, content, content_type="application/octet-stream")})
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert (attachment.original_name, attachment.content_type) == (name, kind)
    stored = Path(attachment.file.path).resolve()
    storage_root = Path(settings.STORAGES["default"]["OPTIONS"]["location"]).resolve()
    static_dirs = [Path(folder).resolve() for folder in (settings.SRC_DIR / "static", settings.STATIC_ROOT) if folder]
    assert stored.is_file() and stored.is_relative_to(storage_root)  # private storage, served only through a view
    assert not any(stored.is_relative_to(folder) for folder in static_dirs)
    assert stored.read_bytes() == content


@pytest.mark.parametrize(("name", "content", "message"), [
    ("script.pdf", b"#!/bin/sh\necho pretending to be a PDF", "must be a PDF, a Word document"),
    ("photo.png", b"\x89PNG\r\n\x1a\nbroken", "damaged or not really an image"),
    ("empty.pdf", b"", "The selected file is empty"),
])
def test_refused_files_say_why(client, school_user, signed_in, name, content, message):
    signed_in(school_user)
    reference = start_referral(client)
    response = client.post(reverse("referrals:attachments", args=[reference]), {"file": SimpleUploadedFile(name, content)})
    assert response.status_code == 400
    assert message in text_of(html(response).select_one(".govuk-error-summary"))
    assert not Attachment.objects.exists()


def test_files_over_the_size_limit_are_refused(client, school_user, signed_in, settings):
    settings.CME_MAX_UPLOAD_MB = 1
    signed_in(school_user)
    reference = start_referral(client)
    big = b"%PDF-1.7\n" + b"0" * (1024 * 1024 + 10)
    response = client.post(reverse("referrals:attachments", args=[reference]), {"file": SimpleUploadedFile("big.pdf", big)})
    assert "must be smaller than 1MB" in text_of(html(response).select_one(".govuk-error-summary"))


def test_only_permitted_users_can_download_and_each_download_is_logged(client, school_user, signed_in, officer, la):
    from cme.accounts.roles import Role
    from tests.factories.models import user_with_role

    signed_in(school_user)
    reference = start_referral(client)
    client.post(reverse("referrals:attachments", args=[reference]),
                {"file": SimpleUploadedFile("letter.pdf", b"%PDF-1.7\nfictional\n")})
    fill_all_pages(client, reference)
    client.post(reverse("referrals:check", args=[reference]))
    attachment = Attachment.objects.get()
    url = reverse("referrals:attachment", args=[reference, attachment.pk])
    signed_in(officer)
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    assert "attachment" in response["Content-Disposition"]
    assert AccessEvent.objects.filter(record_type="attachment", user=officer).count() == 1
    signed_in(user_with_role(Role.SCHOOL_USER, la))  # another school
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302  # to sign in
