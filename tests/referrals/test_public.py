"""The public journey: no account, one question a page, anonymous if wished."""

import pytest
from django.urls import reverse

from cme.referrals.models import Kind, Referral, Status
from tests.conftest import html, text_of

pytestmark = pytest.mark.django_db

ANSWERS = {
    "child": {"first_name": "Kit", "last_name": "Publicchild", "other_names": ""},
    "age": {"date_of_birth-day": "", "date_of_birth-month": "", "date_of_birth-year": "", "approximate_age": "12"},
    "address": {"line_1": "The flats above the shop on Fiction Street", "town": "Demoford", "postcode": ""},
    "concern": {"why": "I see him at home every school day", "school": ""},
}


def begin(client):
    page = html(client.get(reverse("public:start")))
    assert "call 999" in text_of(page)
    assert "children's social care" in text_of(page)
    response = client.post(reverse("public:begin"))
    assert response.url == reverse("public:question", args=["child"])


def test_anonymous_referral_end_to_end(client, la, mailbox):
    begin(client)
    for section, data in ANSWERS.items():
        response = client.post(reverse("public:question", args=[section]), data)
        assert response.status_code == 302, section
    response = client.post(reverse("public:question", args=["referrer"]), {"anonymous": "yes", "name": "Should vanish"})
    assert response.url == reverse("public:check")
    page = html(client.get(response.url))
    assert "Anonymous" in text_of(page) and "Should vanish" not in text_of(page)
    response = client.post(reverse("public:check"))
    page = html(client.get(response.url))
    reference = text_of(page.select_one("[data-testid=reference]"))
    referral = Referral.objects.get(reference=reference)
    assert (referral.kind, referral.status, referral.referrer_email) == (Kind.PUBLIC, Status.SUBMITTED, "")
    assert "cannot tell you the outcome" in text_of(page)
    assert [m.recipients for m in mailbox.wait_for(1)] == [[la.cme_contact_email]]


def test_a_public_referrer_who_gives_an_email_gets_the_reference(client, la, mailbox):
    begin(client)
    for section, data in ANSWERS.items():
        client.post(reverse("public:question", args=[section]), data)
    client.post(reverse("public:question", args=["referrer"]), {"anonymous": "no", "email": "neighbour@example.com"})
    client.post(reverse("public:check"))
    mail = {m.recipients[0]: m for m in mailbox.wait_for(2)}
    assert "Your reference number is" in mail["neighbour@example.com"].body


def test_one_question_a_page_with_specific_errors(client, la):
    begin(client)
    page = html(client.post(reverse("public:question", args=["child"]), {"first_name": "", "last_name": ""}))
    assert text_of(page.select_one("h1")) == "What is the child's name?"
    assert "Enter the child's first name, last name or a name they are known by" in text_of(page)
    page = html(client.post(reverse("public:question", args=["age"]), {"approximate_age": "2"}))
    assert "Approximate age must be 3 or more" in text_of(page.select_one(".govuk-error-summary"))
    page = html(client.post(reverse("public:question", args=["referrer"]), {"anonymous": "no"}))
    assert "Enter an email address or a phone number, or choose to stay anonymous" in text_of(page)


def test_a_public_draft_belongs_to_its_browser(client, la):
    begin(client)
    client.post(reverse("public:question", args=["child"]), ANSWERS["child"])
    other = client.__class__()
    assert other.get(reverse("public:question", args=["child"])).url == reverse("public:start")


def test_change_from_check_answers_returns_to_check(client, la):
    begin(client)
    response = client.post(reverse("public:question", args=["child"]) + "?change=1", ANSWERS["child"])
    assert response.url == reverse("public:check")


def test_several_councils_ask_which_area(client, la, other_la):
    page = html(client.post(reverse("public:begin")))
    assert "Select the council area where the child lives" in text_of(page.select_one(".govuk-error-summary"))
    response = client.post(reverse("public:begin"), {"council": other_la.pk})
    assert response.status_code == 302
    assert Referral.objects.get().local_authority == other_la


def test_starting_again_in_the_same_browser_carries_on_with_the_same_draft(client, la):
    begin(client)
    client.post(reverse("public:question", args=["child"]), ANSWERS["child"])
    begin(client)
    assert Referral.objects.filter(kind=Kind.PUBLIC).count() == 1
    page = html(client.get(reverse("public:question", args=["child"])))
    assert page.select_one("#id_first_name")["value"] == "Kit"


def test_many_new_drafts_from_one_address_are_throttled_without_losing_a_person(client, la):
    """Tried as it was found: 100 new drafts from one address in 10 seconds (a fresh browser each time)."""
    import time

    from django.core.cache import cache

    cache.clear()
    begin(client)  # a real person at the same address, part way through
    client.post(reverse("public:question", args=["child"]), ANSWERS["child"])
    started = time.monotonic()
    answers = [client.__class__().post(reverse("public:begin")).status_code for _ in range(100)]
    assert time.monotonic() - started < 60
    assert answers.count(302) == 19 and answers.count(429) == 81
    assert Referral.objects.filter(kind=Kind.PUBLIC).count() == 20
    refused = html(client.__class__().post(reverse("public:begin")))
    banner = text_of(refused.select_one(".govuk-notification-banner"))
    assert "cannot start another one just now" in banner and la.cme_contact_phone in banner
    # The person part way through carries on, even pressing Start again...
    begin(client)
    assert html(client.get(reverse("public:question", args=["child"]))).select_one("#id_first_name")["value"] == "Kit"
    # ...and someone at another address is not affected.
    assert client.__class__(REMOTE_ADDR="198.51.100.23").post(reverse("public:begin")).status_code == 302
    cache.clear()
