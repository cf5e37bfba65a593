"""Every page has a GOV.UK title and one h1, and the security headers are set."""

import pytest
from django.urls import reverse

from tests.conftest import html, text_of

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = [
    ("start", "CME Tracker", "CME Tracker"),
    ("accessibility", "Accessibility statement for CME Tracker – CME Tracker", "Accessibility statement for CME Tracker"),
    ("privacy", "Privacy notice – CME Tracker", "Privacy notice"),
    ("cookies", "Cookies – CME Tracker", "Cookies"),
    ("account_login", "Sign in to CME Tracker – CME Tracker", "Sign in to CME Tracker"),
    ("account_reset_password", "Reset your password – CME Tracker", "Reset your password"),
]


@pytest.mark.parametrize(("name", "title", "h1"), PUBLIC_PAGES)
def test_public_pages(client, name, title, h1):
    response = client.get(reverse(name))
    assert response.status_code == 200
    page = html(response)
    assert text_of(page.title) == title
    assert [text_of(h) for h in page.select("h1")] == [h1]
    assert page.select_one("a.govuk-skip-link[href='#main-content']") is not None
    assert page.select_one("main#main-content") is not None
    assert page.html["lang"] == "en"
    footer_links = [text_of(a) for a in page.select("footer a")]
    assert footer_links[:3] == ["Accessibility statement", "Privacy notice", "Cookies"]


def test_header_uses_the_generic_header_not_the_crown(client):
    page = html(client.get(reverse("start")))
    assert page.select_one(".govuk-generic-header") is not None
    assert page.select_one(".govuk-header__logotype") is None
    assert text_of(page.select_one(".govuk-service-navigation__service-name")) == "CME Tracker"
    assert "Beta" in text_of(page.select_one(".govuk-phase-banner"))


def test_signed_in_header_names_the_la_and_offers_sign_out(client, officer, signed_in):
    signed_in(officer)
    page = html(client.get(reverse("home")))
    assert text_of(page.select_one(".govuk-generic-header__homepage-link")).startswith("Testshire County Council")
    assert page.select_one("form[action='/account/logout/'] button").get_text(strip=True) == "Sign out"


def test_security_headers(client):
    response = client.get(reverse("account_login"))
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    nonce = html(response).select_one("body script").get("nonce")
    assert nonce and f"'nonce-{nonce}'" in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "no-store" in response.headers["Cache-Control"]
    assert "camera=()" in response.headers["Permissions-Policy"]


def test_every_script_tag_is_allowed_by_the_policy(client):
    page = html(client.get(reverse("account_login")))
    for script in page.select("script"):
        assert script.get("src", "").startswith("/static/") or script.get("nonce")


def test_no_asset_comes_from_another_site(client):
    page = html(client.get(reverse("start")))
    for tag, attribute in (("script", "src"), ("link", "href"), ("img", "src")):
        for element in page.select(f"{tag}[{attribute}]"):
            assert element[attribute].startswith(("/", "data:")), element


def test_static_assets_are_built_and_served(client):
    css = client.get("/static/build/app.css")
    assert css.status_code == 200
    body = b"".join(css.streaming_content) if css.streaming else css.content
    assert b"arial" in body and b"GDS Transport" not in body


def test_unknown_page_is_a_gov_uk_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert text_of(html(response).select_one("h1")) == "Page not found"


def test_home_lists_what_the_role_may_do_each_a_link_that_opens(client, school_user, signed_in):
    signed_in(school_user)
    page = html(client.get(reverse("home")))
    links = {text_of(a): a["href"] for a in page.select("[data-testid=allowed-actions] a")}
    assert "Refer a child missing education" in links and "Tell the council about a new pupil" in links
    assert not any("child" in text.lower() and "find" in text.lower() for text in links)
    assert len(page.select("[data-testid=allowed-actions] li")) == len(links)  # nothing that is not a link
    for href in links.values():
        assert client.get(href).status_code == 200, href
    assert school_user.school.name in text_of(page)


def test_an_officers_home_is_their_work_and_a_managers_adds_the_team(client, officer, manager, signed_in, la):
    import datetime as dt

    from cme.cases.models import Task, TaskStatus
    from tests.factories.models import open_case

    case = open_case(officer=officer)
    Task.objects.filter(case=case, status=TaskStatus.OPEN).update(due_on=dt.date(2020, 1, 6))
    open_case(officer=officer, allocate=False)
    signed_in(officer)
    page = html(client.get(reverse("home")))
    work = text_of(page.select_one("[data-testid=workload]"))
    assert "tasks overdue" in work and "1 case not allocated to anyone" in work
    assert "Making enquiries 1" in text_of(page.select_one("[data-testid=my-cases]"))
    assert page.select_one("[data-testid=team]") is None
    signed_in(manager)
    team = text_of(html(client.get(reverse("home"))).select_one("[data-testid=team]"))
    assert officer.full_name in team


def test_home_requires_sign_in(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))
