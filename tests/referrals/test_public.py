"""The public journey: no account, one question a page, anonymous if wished."""

import datetime as dt

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


def _answer_up_to_referrer(client, age: dict):
    begin(client)
    for section, data in {**ANSWERS, "age": age}.items():
        assert client.post(reverse("public:question", args=[section]), data).status_code == 302, section


@pytest.mark.parametrize(("age", "says"), [
    ({"approximate_age": "3"}, "A child aged 3 is not yet of compulsory school age"),
    ({"approximate_age": "19"}, "A child aged 19 is above compulsory school age"),
    ({"date_of_birth-day": "1", "date_of_birth-month": "1", "date_of_birth-year": "1900"},
     "The date of birth means the child was above compulsory school age on 30 June 1916"),
])
def test_a_child_outside_school_age_is_questioned_on_the_check_page_and_the_referral_kept(client, la, age, says):
    """Issue 13 item 16: as the professional journey does, the check page says so; the referral can still be sent."""
    _answer_up_to_referrer(client, age)
    client.post(reverse("public:question", args=["referrer"]), {"anonymous": "yes"})
    page = html(client.get(reverse("public:check")))
    assert says in text_of(page.select_one("[data-testid=age-warning]"))
    response = client.post(reverse("public:check"))
    assert response.url == reverse("public:done")
    assert Referral.objects.get().status == Status.SUBMITTED


def test_a_child_of_school_age_is_not_questioned(client, la):
    _answer_up_to_referrer(client, {"approximate_age": "11"})
    client.post(reverse("public:question", args=["referrer"]), {"anonymous": "yes"})
    assert html(client.get(reverse("public:check"))).select_one("[data-testid=age-warning]") is None


def test_staying_anonymous_ignores_whatever_was_typed_in_the_contact_details(client, la):
    """Issue 13 item 17: a typo in a hidden contact field does not block an anonymous referral."""
    _answer_up_to_referrer(client, {"approximate_age": "11"})
    response = client.post(reverse("public:question", args=["referrer"]), {
        "anonymous": "yes", "name": "Typo", "email": "not-an-email@", "phone": "12", "relationship": "Neighbour"})
    assert response.status_code == 302 and response.url == reverse("public:check")
    client.post(reverse("public:check"))
    referral = Referral.objects.get()
    assert referral.status == Status.SUBMITTED and referral.referrer_email == ""
    assert referral.answers["referrer"]["email"] == "" and referral.answers["referrer"]["relationship"] == "Neighbour"


def test_contact_details_are_revealed_under_the_answer_that_gives_them(client, la):
    """GOV.UK conditional radios: the fields sit inside the "Yes, you can contact me" answer's
    conditional block, so with JavaScript they show only when it is chosen, and without it they
    show beneath it."""
    _answer_up_to_referrer(client, {"approximate_age": "11"})
    page = html(client.get(reverse("public:question", args=["referrer"])))
    yes = page.select_one("input[name=anonymous][value=no]")
    conditional = page.select_one(f"#{yes['data-aria-controls']}")
    assert "govuk-radios__conditional" in conditional["class"]
    assert {i["name"] for i in conditional.select("input")} == {"name", "email", "phone"}
    assert page.select_one("input[name=relationship]").find_parent(class_="govuk-radios__conditional") is None
    # A real mistake while giving details is still pointed out.
    page = html(client.post(reverse("public:question", args=["referrer"]), {"anonymous": "no", "email": "nope@"}))
    assert page.select_one(".govuk-error-summary") is not None


# -- issue 13 item 18: finding the form, the council's own numbers, save and come back later ----

def test_the_start_and_sign_in_pages_lead_to_the_public_form(client, la):
    for name in ("start", "account_login"):
        page = html(client.get(reverse(name)))
        link = page.select_one("[data-testid=public-referral-link]")
        assert link is not None and link["href"] == reverse("public:start"), name


def test_the_pages_give_the_councils_social_care_number_and_name(client, la):
    assert la.social_care_phone
    for name in ("start", "public:start"):
        page = html(client.get(reverse(name)))
        assert la.social_care_phone in text_of(page.select_one("[data-testid=social-care]")), name
        assert text_of(page.select_one(".govuk-template__header")).startswith(la.name), name
        assert "Local authority" not in text_of(page.select_one(".govuk-template__header"))


def test_with_several_councils_each_number_is_listed_and_the_header_names_the_chosen_one(client, la, other_la):
    page = html(client.get(reverse("public:start")))
    text = text_of(page.select_one("main"))
    assert f"{la.name}: {la.social_care_phone}" in text and f"{other_la.name}: {other_la.social_care_phone}" in text
    assert la.name not in text_of(page.select_one(".govuk-template__header"))
    client.post(reverse("public:begin"), {"council": other_la.pk})
    page = html(client.get(reverse("public:question", args=["child"])))
    assert text_of(page.select_one(".govuk-template__header")).startswith(other_la.name)


def test_save_and_come_back_later_emails_a_signed_link_that_carries_on_in_another_browser(client, la, mailbox):
    begin(client)
    client.post(reverse("public:question", args=["child"]), ANSWERS["child"])
    page = html(client.get(reverse("public:question", args=["age"])))
    save = page.find("a", string="Save and come back later")
    assert save["href"] == reverse("public:save") + "?from=age"
    page = html(client.post(reverse("public:save"), {"email": "not-an-email", "from": "age"}))
    assert "Enter an email address in the correct format" in text_of(page.select_one(".govuk-error-summary"))
    page = html(client.post(reverse("public:save"), {"email": "neighbour@example.com", "from": "age"}))
    assert "We are emailing a link to neighbour@example.com" in text_of(page.select_one("[data-testid=resume-sent]"))
    [mail] = mailbox.wait_for(1)
    assert mail.recipients == ["neighbour@example.com"]
    link = next(line for line in mail.body.splitlines() if "/refer/resume/" in line)
    path = link[link.index("/refer/resume/"):]
    # The email address is not kept: the person may still stay anonymous.
    assert "neighbour@example.com" not in str(Referral.objects.get().answers)
    later = client.__class__()
    response = later.get(path)
    assert response.status_code == 302 and response.url == reverse("public:question", args=["age"])
    assert html(later.get(reverse("public:question", args=["child"]))).select_one("#id_first_name")["value"] == "Kit"


def test_a_tampered_expired_or_used_link_does_not_work(client, la, mailbox, settings):
    import time_machine

    from cme.referrals import services

    begin(client)
    referral = Referral.objects.get()
    token = services.public_resume_token(referral)
    assert client.__class__().get(reverse("public:resume", args=[token[:-2] + "xx"])).status_code == 404
    with time_machine.travel(dt.datetime.now(tz=dt.UTC) + dt.timedelta(days=settings.CME_PUBLIC_RESUME_DAYS, hours=1)):
        page = client.__class__().get(reverse("public:resume", args=[token]))
    assert page.status_code == 404 and "This link does not work" in text_of(html(page).select_one("h1"))
    referral.status = Status.SUBMITTED
    referral.save()
    assert client.__class__().get(reverse("public:resume", args=[token])).status_code == 404


def test_the_page_never_claims_a_link_was_sent_when_the_mail_queue_refused_it(client, la, monkeypatch):
    from cme.referrals import services

    def refuse(**kwargs):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr(services, "queue_email", refuse)
    begin(client)
    response = client.post(reverse("public:save"), {"email": "neighbour@example.com"})
    page = html(response)
    assert response.status_code == 503
    assert page.select_one("[data-testid=resume-sent]") is None
    assert "the link was not sent" in text_of(page.select_one("[data-testid=resume-not-sent]"))
