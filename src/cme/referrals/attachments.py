"""Checking uploaded files by what they contain, not by what they are called.

Referrers attach letters, photos and reports. Only PDF, Word (.docx) and common image
files are accepted, up to a size limit; anything else is refused with a message that
says why. Files are stored outside the web root and served only to permitted users."""

from __future__ import annotations

import io
import zipfile

from django.core.exceptions import ValidationError

from cme.core import uploads
from cme.core.uploads import Upload

ALLOWED = {
    "application/pdf": "PDF",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word document",
    "image/png": "PNG image",
    "image/jpeg": "JPEG image",
}


def sniff(head: bytes, data: bytes | None = None) -> str | None:
    """The content type of a file from its first bytes (and, for .docx, its parts)."""
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"PK\x03\x04") and data is not None:
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            return None
        if "word/document.xml" in names and "[Content_Types].xml" in names:
            return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    return None


def limit_text() -> str:
    """What the attachments page says about the files it takes."""
    limit = uploads.limit(Upload.ATTACHMENT)
    return (f"Files must be PDF, Word (.docx), JPG or PNG, and smaller than {limit.megabytes}MB. "
            f"You can attach up to {limit.count} files.")


def check_upload(upload, *, attached: int = 0) -> str:
    """The content type of an acceptable upload; ValidationError saying what is wrong with
    any other (empty, too large, one file too many, not what its name says)."""
    limit = uploads.limit(Upload.ATTACHMENT)
    if problem := limit.size_error(upload.size):
        raise ValidationError(problem)
    if limit.count is not None and attached >= limit.count:
        raise ValidationError(f"A referral can have up to {limit.count} files: remove one to attach another")
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    content_type = sniff(data[:16], data)
    if content_type is None:
        raise ValidationError("The selected file must be a PDF, a Word document (.docx), or a JPG or PNG image")
    if content_type.startswith("image/"):
        from PIL import Image, UnidentifiedImageError

        try:
            with Image.open(io.BytesIO(data)) as image:
                image.verify()
        except (UnidentifiedImageError, OSError, SyntaxError):
            raise ValidationError("The selected image file is damaged or not really an image") from None
    return content_type
