"""The administrator adds many people from a CSV on the Users page: nobody is added while any row is
wrong, each such row listed by its line; otherwise each person is emailed (over real SMTP) their
invitation, as when one person is added."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from cme.accounts.models import User
from cme.accounts.roles import Role
from tests.conftest import html, text_of
from tests.factories.models import AgencyFactory, LocalAuthorityFactory, SchoolFactory, user_with_role

pytestmark = pytest.mark.django_db

HEADINGS = "Email address,Full name,Job title,Role,School or agency\n"


@pytest.fixture
def admin(la):
    return user_with_role(Role.ADMINISTRATOR, la, full_name="Ada Admin")


def upload(client, text: str):
    return client.post(reverse("administration:users-upload"),
                       {"file": SimpleUploadedFile("people.csv", text.encode(), content_type="text/csv")}, follow=True)


def test_the_administrator_adds_a_list_of_people_who_are_each_invited(client, la, admin, signed_in, mailbox):
    school = SchoolFactory(local_authority=la, name="Testford Academy", laestab=f"{la.code}4001", urn="199401")
    AgencyFactory(local_authority=la, name="Testshire Police")
    client = signed_in(admin)
    users_page = html(client.get(reverse("administration:users")))
    link = users_page.find("a", string="Add people from a list (CSV)")["href"]
    template = client.get(html(client.get(link)).find("a", string="Download the list to fill in (CSV)")["href"])
    assert template.content.decode().startswith("Email address,Full name,Job title,Role,School or agency")
    response = upload(client, HEADINGS
                      + "sam@school.example,Sam Schoolson,Office manager,School user,Testford Academy\n"
                      + f"tia@school.example,Tia Schoolson,,school user,{la.code}4001\n"
                      + "pc@police.example,Pat Constable,,Partner agency user,testshire police\n"
                      + "ola@council.example,Ola Officer,,CME officer,\n")
    banner = text_of(html(response).select_one(".govuk-notification-banner"))
    assert "4 people added. 4 invitations to choose a password emailed." in banner
    assert sorted(mail.recipients[0] for mail in mailbox.wait_for(4)) == [
        "ola@council.example", "pc@police.example", "sam@school.example", "tia@school.example"]
    sam, tia = User.objects.get(email="sam@school.example"), User.objects.get(email="tia@school.example")
    assert (sam.school, sam.job_title, tia.school, sam.has_usable_password()) == (school, "Office manager", school, False)
    assert User.objects.get(email="pc@police.example").agency.name == "Testshire Police"
    assert "Not yet: invited" in text_of(html(response).select_one("[data-testid=accounts]"))


def test_one_bad_row_adds_nobody_and_every_row_to_correct_is_listed(client, la, admin, signed_in, mailbox):
    user_with_role(Role.CME_OFFICER, la, email="taken@council.example")
    SchoolFactory(local_authority=LocalAuthorityFactory(), name="Elsewhere Academy")  # another council's
    response = upload(signed_in(admin), HEADINGS
                      + "ok@council.example,Ok Person,,CME officer,\n"
                      + "taken@council.example,Taken Person,,CME officer,\n"
                      + "sam@school.example,Sam Schoolson,,School user,Elsewhere Academy\n"
                      + "not an address,Nobody,,CME officer,\n"
                      + "pc@police.example,Pat Constable,,Partner agency user,\n")
    assert response.status_code == 400
    page = html(response)
    assert "4 rows to correct: nobody was added" in text_of(page.select_one(".govuk-error-summary"))
    rows = [[text_of(cell) for cell in row.select("td")] for row in page.select("[data-testid=bad-rows] tbody tr")]
    assert rows == [
        ["3", "There is already an account for taken@council.example"],
        ["4", f"A school user needs a school of {la.name}: “Elsewhere Academy” is not one"],
        ["5", "“not an address” is not an email address"],
        ["6", "A partner agency user needs their agency's name"],
    ]
    assert not User.objects.filter(email="ok@council.example").exists() and not mailbox.messages


@pytest.mark.parametrize(("text", "error"), [
    (HEADINGS, "The file has nobody in it"),
    ("", "The selected file is empty"),
    ("name,role\n", "The first row must name the columns"),
])
def test_an_empty_or_wrong_file_adds_nobody_and_says_why(client, la, admin, signed_in, text, error):
    response = upload(signed_in(admin), text)
    assert response.status_code == 400 and error in text_of(html(response))


def test_a_list_over_the_limit_is_refused(client, la, admin, signed_in, settings, monkeypatch):
    from cme.core import uploads

    real = uploads.limit
    monkeypatch.setattr(uploads, "limit", lambda kind: uploads.UploadLimit(10, 1, "people")
                        if kind == uploads.Upload.STAFF_CSV else real(kind))
    response = upload(signed_in(admin), HEADINGS + "a@council.example,A,,CME officer,\nb@council.example,B,,CME officer,\n")
    assert "The file has 2 people; the most in one file is 1" in text_of(html(response).select_one(".govuk-error-summary"))
    assert not User.objects.filter(email="a@council.example").exists()


@pytest.mark.parametrize("role", [Role.CME_OFFICER, Role.CME_MANAGER, Role.SCHOOL_USER, Role.AUDITOR])
def test_only_an_administrator_adds_people_from_a_list(client, la, signed_in, role):
    response = upload(signed_in(user_with_role(role, la)), HEADINGS + "a@council.example,A,,CME officer,\n")
    assert response.status_code == 403 and not User.objects.filter(email="a@council.example").exists()


@hypothesis_settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(data=st.binary(max_size=2000) | st.text(max_size=500).map(lambda text: (HEADINGS + text).encode()))
def test_any_file_at_all_is_answered_without_a_server_error(client, la, admin, signed_in, data):
    signed_in(admin)
    for url in (reverse("administration:users-upload"), reverse("administration:schools-gias")):
        response = client.post(url, {"file": SimpleUploadedFile("file.csv", data, content_type="text/csv")})
        assert response.status_code in (302, 400), (url, data[:80])


def test_invitations_the_mail_server_did_not_take_are_named_and_the_people_kept(client, la, admin, signed_in,
                                                                               settings):
    from tests.conftest import free_port

    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                                    "OPTIONS": {"host": "127.0.0.1", "port": free_port(), "timeout": 2}}}
    response = upload(signed_in(admin), HEADINGS + "a@council.example,Ann Able,,CME officer,\n")
    page = html(response)
    assert "1 person added. 0 invitations to choose a password emailed." in text_of(page)
    error = text_of(page.select(".govuk-notification-banner")[-1])
    assert error.startswith("Important These invitations could not be sent: a@council.example (")
    assert "Use “Send the invitation again” on each person's page" in error
    assert User.objects.get(email="a@council.example").waiting_for_password == "invited"
