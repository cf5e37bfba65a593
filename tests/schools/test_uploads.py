"""Uploads of pupil files (issue 13, items 2, 3, 12 and 14): every upload point states and
enforces its limits; checking is linear; imports run on their own queue, show their progress
while they run, and always end, with a message a person can act on and their file deleted;
schools send their own CTFs; CSV columns and messages are the template's and GOV.UK's."""

import threading
import time
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse

from cme.accounts.mfa import mark_second_factor
from cme.children.models import Child
from cme.core import jobs, uploads
from cme.core.notify import send_email
from cme.linkage.tasks import run_unplaced
from cme.schools import imports, services
from cme.schools.models import ImportJob, ImportKind, ImportStatus, NewPupilReturn
from cme.schools.services import INTERRUPTED
from cme.schools.tasks import UNEXPECTED, run_import
from cme.synth.ctf import synth_ctf
from tests.conftest import html, text_of
from tests.factories.models import SchoolFactory

from .helpers import new_pupil_row, new_pupils_csv

pytestmark = pytest.mark.django_db

LONG_FIELD = "x" * 140_000


def upload(client, url: str, name: str, content: bytes, **data):
    return client.post(url, {"file": SimpleUploadedFile(name, content), **data})


def error_text(response) -> str:
    summary = html(response).select_one(".govuk-error-summary")
    return text_of(summary) if summary else ""


def problems_text(response) -> str:
    """What an import's status page lists as the reasons nothing was imported."""
    listed = html(response).select_one("[data-testid=import-problems]")
    return text_of(listed) if listed else ""


def lift_row_limit(monkeypatch, kind: uploads.Upload, count: int) -> None:
    real = uploads.limit
    monkeypatch.setattr(uploads, "limit", lambda asked: uploads.UploadLimit(100, count, "pupils")
                        if asked == kind else real(asked))


def queued_job(user, kind: ImportKind, content: bytes, name: str = "file.csv", school=None) -> ImportJob:
    job = ImportJob(local_authority=user.local_authority, school=school, kind=kind, original_name=name,
                    created_by=user)
    job.file.save(name, ContentFile(content))
    return job


# -- item 2: limits, stated and enforced ---------------------------------------------------

def _draft_referral(client) -> str:
    return client.post(reverse("referrals:start")).url.rstrip("/").split("/")[-1]


@pytest.mark.parametrize(("who", "page", "says"), [
    ("school", "schools:new-pupils-upload", "smaller than 10MB and have no more than 2,000 pupils"),
    ("school", "schools:school-file-upload", "smaller than 50MB and have no more than 5,000 pupils"),
    ("school", "schools:school-file-upload", "smaller than 10MB and have no more than 5,000 pupils"),
    ("officer", "schools:import", "smaller than 200MB and have no more than 60,000 pupils"),
    ("officer", "schools:import", "smaller than 10MB and have no more than 5,000 pupils"),
    ("officer", "linkage:dataset-upload", "smaller than 10MB and have no more than 100,000 rows"),
    ("officer", "referrals:import-docx", "One referral a document. The file must be smaller than 10MB"),
    ("school", "referrals:attachments", "smaller than 10MB. You can attach up to 20 files"),
])
def test_every_upload_page_states_its_limits(client, signed_in, school_user, officer, who, page, says):
    signed_in(school_user if who == "school" else officer)
    url = reverse(page, args=[_draft_referral(client)]) if page == "referrals:attachments" else reverse(page)
    assert says in text_of(html(client.get(url)).select_one("main"))


def test_a_file_over_the_size_limit_is_refused_on_each_upload_page(client, signed_in, school_user, officer, settings):
    settings.CME_MAX_UPLOAD_MB = 1
    big = b"a" * (1024 * 1024 + 1)
    signed_in(school_user)
    for url, name, data in [(reverse("schools:new-pupils-upload"), "big.csv", {}),
                            (reverse("schools:school-file-upload"), "big.csv", {"kind": "roll-csv"}),
                            (reverse("referrals:attachments", args=[_draft_referral(client)]), "big.pdf", {})]:
        assert "The selected file must be smaller than 1MB" in error_text(upload(client, url, name, big, **data)), url
    signed_in(officer)
    school = SchoolFactory(local_authority=officer.local_authority)
    for url, name, data in [(reverse("schools:import"), "big.csv", {"kind": "roll-csv", "school": school.pk}),
                            (reverse("referrals:import-docx"), "big.docx", {})]:
        assert "The selected file must be smaller than 1MB" in error_text(upload(client, url, name, big, **data)), url
    response = client.post(reverse("linkage:dataset-upload"), {
        "name": "Big", "kind": "health", "extract_date-day": "1", "extract_date-month": "1", "extract_date-year": "2026",
        "file": SimpleUploadedFile("big.csv", big)})
    assert "The selected file must be smaller than 1MB" in error_text(response)
    assert not ImportJob.objects.exists()


def test_a_csv_over_the_row_limit_is_refused_before_it_is_queued(client, signed_in, school_user):
    signed_in(school_user)
    text = new_pupils_csv(*[new_pupil_row(first_name=f"Nia{chr(97 + i % 26)}{chr(97 + i // 26 % 26)}")
                            for i in range(2_001)])
    response = upload(client, reverse("schools:new-pupils-upload"), "intake.csv", text.encode())
    assert response.status_code == 400
    assert "The file has 2,001 pupils; the most in one file is 2,000. Split it into files of 2,000 pupils or fewer" \
        in error_text(response)
    assert not ImportJob.objects.exists()


def test_a_ctf_over_the_pupil_limit_is_refused(la, monkeypatch):
    lift_row_limit(monkeypatch, uploads.Upload.CTF, 3)
    with pytest.raises(imports.ImportFailed, match="The file has 4 pupils; the most in one file is 3"):
        imports.import_ctf(synth_ctf(4, seed=3), local_authority_id=la.pk, limit=uploads.limit(uploads.Upload.CTF))
    assert not Child.objects.exists()


def _time_bad_rows(school_user, rows: int) -> float:
    bad = new_pupil_row(first_name="", last_name="", date_of_birth="31/02/2021", sex="X", postcode="NOPE",
                        parent_1_phone="12", entered_on="32/13/2026", most_junior_class="maybe")
    text = new_pupils_csv(*[bad] * rows)
    best = float("inf")
    for _ in range(2):
        # This process's processor time, not the clock: other work on the machine (CI runs
        # two suites side by side) stretches the clock time of one run more than another's.
        start = time.process_time()
        outcome = imports.import_new_pupils_csv(text, school=school_user.school, user=school_user)
        best = min(best, time.process_time() - start)
        assert len(outcome.errors) >= 7 * rows
    return best


def test_checking_bad_rows_takes_time_in_proportion_to_the_rows(school_user, monkeypatch):
    """Found: 1,000 bad rows took 8.5 s and 4,000 took 181 s (every error was compared with
    every other, so even 500 rows were mostly that comparison). Four times the rows may now
    take about four times as long, not sixteen."""
    lift_row_limit(monkeypatch, uploads.Upload.NEW_PUPILS_CSV, 10_000)
    small, large = _time_bad_rows(school_user, 500), _time_bad_rows(school_user, 2_000)
    assert large < 6.5 * small, (small, large)


def test_imports_and_linkage_runs_wait_on_their_own_queue_not_the_mails():
    assert run_import.queue_name == run_unplaced.queue_name == jobs.IMPORTS_QUEUE
    assert send_email.queue_name == jobs.MAIL_QUEUE != jobs.IMPORTS_QUEUE


@pytest.mark.django_db(transaction=True)
def test_the_mail_worker_sends_mail_while_an_import_waits(settings, school_user):
    """With the database queue, the mail worker takes mail and leaves imports to the
    imports worker: a long import cannot hold up a password reset."""
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": list(jobs.QUEUES)}}
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    job = queued_job(school_user, ImportKind.NEW_PUPILS_CSV, new_pupils_csv(new_pupil_row()).encode(),
                     school=school_user.school)
    run_import.enqueue(job.pk)
    send_email.enqueue(to=["school@example.test"], subject="Your code", body="A fictional message")
    call_command("worker", "--queue", "mail", "--batch")
    states = dict(DBTaskResult.objects.values_list("queue_name", "status"))
    assert states == {jobs.MAIL_QUEUE: "SUCCESSFUL", jobs.IMPORTS_QUEUE: "READY"}
    call_command("worker", "--queue", "imports", "--batch")
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE and NewPupilReturn.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_progress_shows_on_the_status_page_while_the_import_runs(client, signed_in, school_user, monkeypatch):
    """Found: the bar stayed at 0% because progress was written inside the import's
    transaction. Another request, while the import is half done, now sees how far it is."""
    signed_in(school_user)
    seen: list[dict] = []
    real_submit = services.new_pupil_return_submit
    calls = 0

    def look_from_another_request() -> None:
        try:
            other = Client()
            other.force_login(school_user, backend="django.contrib.auth.backends.ModelBackend")
            session = other.session
            mark_second_factor(session, school_user)  # as if the code from the app was entered
            session.save()
            job = ImportJob.objects.get()
            seen.append(other.get(reverse("schools:import-status", args=[job.pk]) + "?format=json").json())
        finally:
            connection.close()

    def submit(**kwargs):
        nonlocal calls
        calls += 1
        if calls == 120:  # part-way through sending
            thread = threading.Thread(target=look_from_another_request)
            thread.start()
            thread.join()
        return real_submit(**kwargs)

    monkeypatch.setattr(services, "new_pupil_return_submit", submit)
    rows = [new_pupil_row(first_name="Pupil", last_name=f"Number{chr(97 + i % 26)}{chr(97 + i // 26)}")
            for i in range(150)]
    upload(client, reverse("schools:new-pupils-upload"), "intake.csv", new_pupils_csv(*rows).encode())
    assert seen[0]["status"] == "running" and seen[0]["done"] >= 100 and seen[0]["total"] == 150, seen
    assert seen[0]["progress_text"].startswith("Sending: ") and "of 150 pupils" in seen[0]["progress_text"]
    assert NewPupilReturn.objects.count() == 150


# -- item 3: every failure ends the job, says what to do, and deletes the file -----------------

def test_a_field_over_128kb_is_refused_on_the_page_with_what_to_do(client, signed_in, school_user):
    signed_in(school_user)
    text = new_pupils_csv(new_pupil_row(address_line_1=LONG_FIELD))
    response = upload(client, reverse("schools:new-pupils-upload"), "long.csv", text.encode())
    assert response.status_code == 400
    assert ("Line 2 has a value longer than 131,072 characters. Check that every value with a comma, a quote mark or "
            "a line break in it is inside double quotes") in error_text(response)
    assert not ImportJob.objects.exists()


def test_a_field_over_128kb_that_reaches_the_worker_fails_the_job_and_deletes_the_file(school_user):
    job = queued_job(school_user, ImportKind.NEW_PUPILS_CSV, new_pupils_csv(new_pupil_row(town=LONG_FIELD)).encode(),
                     school=school_user.school)
    path = Path(job.file.path)
    run_import.enqueue(job.pk)
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED and "Line 2 has a value longer than" in job.result["message"]
    assert not path.exists() and not job.file


def test_a_roll_listing_a_known_pupil_twice_with_one_detail_changed_is_refused(client, signed_in, officer):
    """Found: a database error, and the job left "Importing" for ever with its file."""
    school = SchoolFactory(local_authority=officer.local_authority)
    imports.import_roll_csv("upn,surname,forename,dob,sex\nP207000016049,Rollcall,Ada,14/03/2015,F\n", school=school)
    twice = ("UPN,Surname,Forename,Date of birth,Sex,Town or city\n"
             "P207000016049,Rollcall,Ada,14/03/2015,F,Demoford\n"
             "P207000016049,Rollcall,Adah,14/03/2015,F,Demoford\n")
    signed_in(officer)
    response = upload(client, reverse("schools:import"), "roll.csv", twice.encode(), kind="roll-csv", school=school.pk)
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.FAILED and not job.file
    assert "Line 3, UPN: This pupil has the same UPN as line 2: list each pupil once" \
        in problems_text(client.get(response.url))
    assert Child.objects.get().first_name == "Ada"


def test_two_pupils_that_are_one_known_child_are_refused_not_a_database_error(la):
    school = SchoolFactory(local_authority=la)
    imports.import_roll_csv("upn,surname,forename,dob\nP207000016049,Rollcall,Ada,14/03/2015\n", school=school)
    # The same child: once by the UPN the index holds, once by name and date of birth with another UPN.
    both = "upn,surname,forename,dob\nP207000016049,Rollcall,Ada,14/03/2015\nB801200005001,Rollcall,Ada,14/03/2015\n"
    with pytest.raises(imports.ImportFailed, match="Line 2 and line 3 are the same child in the council's records"):
        imports.import_roll_csv(both, school=school)
    assert Child.objects.get().upn == "P207000016049"


def test_an_unexpected_error_ends_the_job_as_failed_and_deletes_the_file(school_user, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("a fault no one foresaw")

    monkeypatch.setattr("cme.schools.tasks.import_new_pupils_csv", broken)
    job = queued_job(school_user, ImportKind.NEW_PUPILS_CSV, b"First name\n", school=school_user.school)
    path = Path(job.file.path)
    run_import.enqueue(job.pk)
    job.refresh_from_db()
    assert (job.status, job.result["message"]) == (ImportStatus.FAILED, UNEXPECTED)
    assert not path.exists()


@pytest.mark.django_db(transaction=True)
def test_an_import_a_restart_interrupted_is_failed_when_the_worker_starts(school_user, settings):
    """A job left "running" by a restart ends as not imported, with its file deleted; a job
    another worker is running now is left alone."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": list(jobs.QUEUES)}}
    stopped = queued_job(school_user, ImportKind.NEW_PUPILS_CSV, b"x", school=school_user.school)
    running = queued_job(school_user, ImportKind.NEW_PUPILS_CSV, b"x", school=school_user.school)
    ImportJob.objects.update(status=ImportStatus.RUNNING)
    path = Path(stopped.file.path)
    with jobs.running("import", running.pk):  # another worker, alive
        call_command("worker", "--queue", "imports", "--batch")
    stopped.refresh_from_db()
    running.refresh_from_db()
    assert (stopped.status, stopped.result["message"]) == (ImportStatus.FAILED, INTERRUPTED) and not path.exists()
    assert running.status == ImportStatus.RUNNING


def test_the_status_page_of_an_interrupted_import_says_so(client, signed_in, school_user):
    job = queued_job(school_user, ImportKind.NEW_PUPILS_CSV, b"x", school=school_user.school)
    ImportJob.objects.update(status=ImportStatus.RUNNING)
    signed_in(school_user)
    response = client.get(reverse("schools:import-status", args=[job.pk]))
    assert "Nothing was imported: the import was stopped when the service restarted. Upload the file again" \
        in problems_text(response)


# -- item 12: schools send their own CTF -------------------------------------------------------

@pytest.fixture
def ctf_school(la):
    return SchoolFactory(local_authority=la, laestab="9994001", name="Fiction Primary")


@pytest.fixture
def ctf_staff(la, ctf_school):
    from cme.accounts.roles import Role
    from tests.factories.models import user_with_role

    return user_with_role(Role.SCHOOL_USER, la, school=ctf_school)


def test_a_school_sends_its_own_ctf(client, signed_in, ctf_staff):
    signed_in(ctf_staff)
    response = upload(client, reverse("schools:school-file-upload"), "leavers.xml",
                      synth_ctf(3, seed=21, source_lea="999", source_estab="4001"), kind="ctf")
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.DONE and job.result["created"] == 3 and Child.objects.count() == 3
    assert "Imported 3 pupils" in text_of(html(client.get(response.url)).select_one(".govuk-panel"))


def test_a_lost_pupil_ctf_from_a_school_opens_an_enquiry(client, signed_in, ctf_staff):
    from cme.cases.models import Case

    signed_in(ctf_staff)
    upload(client, reverse("schools:school-file-upload"), "lost.xml", synth_ctf(1, seed=22, dest=("XXX", "XXXX")),
           kind="ctf")
    assert ImportJob.objects.get().result["enquiries_opened"] == 1 and Case.objects.count() == 1


def test_a_schools_ctf_with_one_bad_pupil_imports_nothing(client, signed_in, ctf_staff):
    signed_in(ctf_staff)
    response = upload(client, reverse("schools:school-file-upload"), "leavers.xml",
                      synth_ctf(4, seed=23, errors={"impossible_dob": [3]}), kind="ctf")
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.FAILED and not Child.objects.exists()
    assert "Pupil 3" in problems_text(client.get(response.url))


def test_a_school_cannot_send_another_schools_ctf(client, signed_in, ctf_staff):
    signed_in(ctf_staff)
    response = upload(client, reverse("schools:school-file-upload"), "other.xml",
                      synth_ctf(2, seed=24, source_estab="4009"), kind="ctf")
    assert "This CTF was made by 9994009, not by Fiction Primary (9994001)" in problems_text(client.get(response.url))
    assert not Child.objects.exists()


def test_the_school_upload_asks_what_kind_of_file_and_checks_its_name(client, signed_in, ctf_staff):
    signed_in(ctf_staff)
    response = upload(client, reverse("schools:school-file-upload"), "leavers.csv", b"a,b\n")
    assert "Select what kind of file it is" in error_text(response)
    response = upload(client, reverse("schools:school-file-upload"), "leavers.csv", b"a,b\n", kind="ctf")
    assert "The selected file must be a CTF (an XML file)" in error_text(response)


def test_a_school_sends_its_roll(client, signed_in, ctf_staff):
    signed_in(ctf_staff)
    upload(client, reverse("schools:school-file-upload"), "roll.csv", imports.roll_template().encode(), kind="roll-csv")
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.DONE and Child.objects.get().registrations.get().school == ctf_staff.school


# -- item 14: the template's columns and GOV.UK messages ------------------------------------------

def test_the_template_has_the_web_forms_second_parent_and_other_names(client, signed_in, school_user):
    signed_in(school_user)
    header = client.get(reverse("schools:new-pupils-template")).content.decode().splitlines()[0].split(",")
    assert {"Other names", "Parent 2 name", "Parent 2 relationship", "Parent 2 phone", "Joined most junior class"} \
        <= set(header)


def test_a_second_parent_and_other_names_from_the_csv_are_kept(school_user):
    text = new_pupils_csv(new_pupil_row(other_names="Nee", parent_2_name="Sam Newby", parent_2_relationship="Father",
                                        parent_2_phone="07700 900456"))
    outcome = imports.import_new_pupils_csv(text, school=school_user.school, user=school_user)
    assert outcome.errors == []
    record = NewPupilReturn.objects.get()
    assert record.other_names == "Nee"
    assert record.parents[1] == {"name": "Sam Newby", "relationship": "Father", "phone": "07700 900456"}


def test_headings_from_other_systems_are_read_as_the_identity_rules_know_them(school_user):
    headings = tuple({"first_name": "Forename", "last_name": "Surname", "date_of_birth": "DOB", "sex": "Gender",
                      "postcode": "Post code"}.get(column.key, column.heading) for column in imports.NEW_PUPILS.columns)
    outcome = imports.import_new_pupils_csv(new_pupils_csv(new_pupil_row(sex="female"), headings=headings),
                                            school=school_user.school, user=school_user)
    assert outcome.errors == [] and NewPupilReturn.objects.get().sex == "F"


def test_a_missing_column_is_named_as_the_template_heads_it(school_user):
    with pytest.raises(imports.ImportFailed, match="Missing: Date entered in admission register, Joined most junior"):
        imports.import_new_pupils_csv("First name,Last name,Date of birth,Sex,Address line 1,Postcode,Parent 1 name,"
                                      "Parent 1 phone,Starting day\n", school=school_user.school, user=school_user)


@pytest.mark.parametrize(("cells", "column", "message"), [
    ({"first_name": "N" * 101}, "First name", "First name must be 100 characters or fewer"),
    ({"address_line_2": "a" * 5000}, "Address line 2", "Address line 2 must be 200 characters or fewer"),
    ({"sex": "Q"}, "Sex", "Sex must be F (female) or M (male)"),
    ({"sex": ""}, "Sex", "Enter the pupil's sex: F (female) or M (male)"),
    ({"upn": "Q207000016049"}, "UPN", "Enter a valid UPN: the check letter is wrong: a UPN ending 207000016049 "
                                      "starts with P, not Q (P207000016049)"),
    ({"upn": "207000016049"}, "UPN", "If the rest is right, the check letter is P: P207000016049"),
    ({"entered_on": "3rd Sept"}, "Date entered in admission register",
     "Date entered in admission register must be a date like 14/03/2015, not “3rd Sept”"),
    ({"parent_2_phone": "07700 900456"}, "Parent 2 name", "Enter the name of the second parent, or remove their phone"),
    ({"most_junior_class": "maybe"}, "Joined most junior class", "Joined most junior class must be yes or no"),
    ({"most_junior_class": ""}, "Joined most junior class", "Enter yes or no: did the pupil join the school's most"),
])
def test_each_row_error_names_its_column_and_says_what_to_do(school_user, cells, column, message):
    outcome = imports.import_new_pupils_csv(new_pupils_csv(new_pupil_row(**cells)), school=school_user.school,
                                            user=school_user)
    assert [(error["line"], error["field"]) for error in outcome.errors] == [(2, column)]
    assert message in outcome.errors[0]["message"]
    assert not any(django_default in outcome.errors[0]["message"]
                   for django_default in ("Ensure this value", "Select a valid choice", "This field is required"))


def test_a_binary_file_is_refused_as_not_a_csv_without_counting_problems(client, signed_in, school_user):
    signed_in(school_user)
    response = upload(client, reverse("schools:new-pupils-upload"), "photo.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR")
    assert "The selected file is not a CSV file. Save it from your spreadsheet as “CSV UTF-8”" in error_text(response)
    job = queued_job(school_user, ImportKind.NEW_PUPILS_CSV, b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR", "photo.csv",
                     school=school_user.school)
    run_import.enqueue(job.pk)
    page = text_of(html(client.get(reverse("schools:import-status", args=[job.pk]))).select_one("main"))
    assert "not a CSV file" in page and "0 problems" not in page


def test_one_pupil_is_one_pupil(client, signed_in, officer):
    signed_in(officer)
    response = upload(client, reverse("schools:import"), "one.xml", synth_ctf(1, seed=25), kind="ctf")
    assert text_of(html(client.get(response.url)).select_one(".govuk-panel")) == "Imported 1 pupil"
