"""How large each kind of upload may be, said once: every upload page states its limits
in these words and every upload point enforces them, so that no single file can hold a
worker for long (the mail waits on another queue, but an import still takes minutes at
tens of thousands of rows)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings
from django.core.exceptions import ValidationError


class Upload(StrEnum):
    NEW_PUPILS_CSV = "new-pupils-csv"
    ROLL_CSV = "roll-csv"
    SCHOOL_CTF = "school-ctf"
    CTF = "ctf"
    POPULATION_CSV = "population-csv"
    REFERRAL_DOCX = "referral-docx"
    ATTACHMENT = "attachment"
    GIAS_CSV = "gias-csv"
    STAFF_CSV = "staff-csv"


@dataclass(frozen=True)
class UploadLimit:
    megabytes: int
    count: int | None = None  # rows, pupils or files
    noun: str = "rows"
    per: str = "in one file"

    @property
    def bytes(self) -> int:
        return self.megabytes * 1024 * 1024

    def describe(self) -> str:
        """"The file must be smaller than 10 MB and have no more than 2,000 pupils." """
        text = f"The file must be smaller than {self.megabytes}MB"
        if self.count is not None and self.per == "in one file":
            text += f" and have no more than {self.count:,} {self.noun}"
        return text + "."

    def size_error(self, size: int) -> str | None:
        if size == 0:
            return "The selected file is empty"
        if size > self.bytes:
            return f"The selected file must be smaller than {self.megabytes}MB"
        return None

    def count_error(self, count: int) -> str | None:
        if self.count is not None and count > self.count:
            return (f"The file has {count:,} {self.noun}; the most {self.per} is {self.count:,}. "
                    f"Split it into files of {self.count:,} {self.noun} or fewer")
        return None


def limit(kind: Upload) -> UploadLimit:
    mb = settings.CME_MAX_UPLOAD_MB
    return {
        Upload.NEW_PUPILS_CSV: UploadLimit(mb, 2_000, "pupils"),
        Upload.ROLL_CSV: UploadLimit(mb, 5_000, "pupils"),
        Upload.SCHOOL_CTF: UploadLimit(max(mb, 50), 5_000, "pupils"),
        Upload.CTF: UploadLimit(max(mb, settings.CME_MAX_IMPORT_MB), 60_000, "pupils"),
        Upload.POPULATION_CSV: UploadLimit(mb, 100_000, "rows"),
        Upload.REFERRAL_DOCX: UploadLimit(mb),  # one referral a document
        Upload.ATTACHMENT: UploadLimit(mb, 20, "files", per="on one referral"),
        # The whole of England's extract is about 60MB; a council's own download is far smaller.
        Upload.GIAS_CSV: UploadLimit(max(mb, settings.CME_MAX_IMPORT_MB)),
        # Each person is emailed while the administrator waits.
        Upload.STAFF_CSV: UploadLimit(mb, 300, "people"),
    }[kind]


class FileRefused(ValidationError):
    """An uploaded file that loads nothing: the one reason (`summary`) and every bad row by its line."""

    def __init__(self, summary: str, lines: list[tuple[int, str]] | None = None):
        super().__init__(summary)
        self.summary, self.lines = summary, lines or []
