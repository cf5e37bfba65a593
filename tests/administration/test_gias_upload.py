"""The administrator brings the council's schools up to date from a Get Information about Schools
extract on the Schools and agencies page: all or nothing, every bad row listed by its line."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cme.accounts.roles import Role
from cme.schools.models import School
from tests.conftest import html, text_of
from tests.factories.models import LocalAuthorityFactory, SchoolFactory, user_with_role
from tests.schools.test_gias import extract, row

pytestmark = pytest.mark.django_db


@pytest.fixture
def council():
    return LocalAuthorityFactory(code="994", name="Testshire County Council")


@pytest.fixture
def admin(council):
    return user_with_role(Role.ADMINISTRATOR, council, full_name="Ada Admin")


def upload(client, text: str, name: str = "edubasealldata20261130.csv"):
    return client.post(reverse("administration:schools-gias"),
                       {"file": SimpleUploadedFile(name, text.encode("cp1252"), content_type="text/csv")}, follow=True)


def test_the_administrator_loads_the_councils_schools_and_is_told_what_changed(client, council, admin, signed_in):
    SchoolFactory(local_authority=council, laestab="9942001", name="Old name", email="office@school.example")
    client = signed_in(admin)
    organisations = html(client.get(reverse("administration:organisations")))
    assert organisations.find("a", string="Bring schools up to date from Get Information about Schools")
    page = html(client.get(reverse("administration:schools-gias")))
    assert "The file must be smaller than" in text_of(page.select_one(".govuk-hint"))
    response = upload(client, extract(row("2001"), row("2002", urn="199002", name="Testford Primary (fictional)",
                                                     kind="Community school", phase="Primary"),
                                      row("3001", la="201"), row("2003", urn="199003", kind="Further education")))
    banner = text_of(html(response).select_one(".govuk-notification-banner"))
    assert "2 schools of Testshire County Council in the file: 1 added, 1 brought up to date, 0 unchanged." in banner
    assert "Left out, as CME Tracker does not record them: Further education (1)." in banner
    assert "Testford Primary (fictional)" in text_of(html(response).select_one("[data-testid=schools]"))
    assert School.objects.get(laestab="9942001").email == "office@school.example"  # kept


def test_a_file_with_bad_rows_loads_nothing_and_lists_each_by_line(client, council, admin, signed_in):
    client = signed_in(admin)
    response = upload(client, extract(row("2001"), row("9"), row("2005", urn="x")))
    assert response.status_code == 400
    page = html(response)
    assert "2 bad rows: nothing was loaded" in text_of(page.select_one(".govuk-error-summary"))
    assert text_of(page.title).startswith("Error: ")
    lines = [text_of(cell) for cell in page.select("[data-testid=bad-rows] tbody tr td:first-child")]
    assert lines == ["3", "4"]
    assert not School.objects.exists()


@pytest.mark.parametrize(("text", "name", "error"), [
    ("a,b\n1,2\n", "edubase.csv", "This is not a GIAS establishment extract"),
    (None, "schools.xlsx", "The selected file must be a CSV file"),
    ("", "edubase.csv", "The selected file is empty"),
])
def test_the_wrong_file_is_refused_with_a_clear_reason(client, council, admin, signed_in, text, name, error):
    client = signed_in(admin)
    response = upload(client, extract(row()) if text is None else text, name)
    assert response.status_code == 400
    assert error in text_of(html(response).select_one(".govuk-error-summary")) + text_of(html(response))
    assert not School.objects.exists()


def test_a_file_of_another_councils_schools_loads_nothing(client, council, admin, signed_in):
    response = upload(signed_in(admin), extract(row(la="201")))
    assert "The file has no schools of Testshire County Council (LA 994)" in text_of(
        html(response).select_one(".govuk-error-summary"))


@pytest.mark.parametrize("role", [Role.CME_OFFICER, Role.CME_MANAGER, Role.SCHOOL_USER, Role.AUDITOR])
def test_only_an_administrator_loads_schools(client, council, signed_in, role):
    client = signed_in(user_with_role(role, council))
    before = list(School.objects.values_list("laestab", "name"))
    response = upload(client, extract(row("2999", name="Not loaded (fictional)")))
    assert response.status_code == 403 and list(School.objects.values_list("laestab", "name")) == before
