"""Issue 13 item 15: drafts are not made by every click and can be deleted; a sent
referral's documents cannot be changed; optional questions say so."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cme.referrals.models import Attachment, Referral, Status
from tests.conftest import html, text_of

from .helpers import CHILD, fill_all_pages, start_referral

pytestmark = pytest.mark.django_db


def test_pressing_refer_a_child_again_reuses_the_empty_draft(client, school_user, signed_in):
    signed_in(school_user)
    first = start_referral(client)
    assert start_referral(client) == first
    assert Referral.objects.filter(status=Status.DRAFT).count() == 1
    # Once something is saved in it, a new referral is a new draft.
    client.post(reverse("referrals:section", args=[first, "child"]), CHILD)
    second = start_referral(client)
    assert second != first
    assert Referral.objects.filter(status=Status.DRAFT).count() == 2


def test_the_person_who_started_a_draft_can_delete_it(client, school_user, signed_in):
    signed_in(school_user)
    reference = start_referral(client)
    client.post(reverse("referrals:section", args=[reference, "child"]), CHILD)
    client.post(reverse("referrals:attachments", args=[reference]),
                {"file": SimpleUploadedFile("letter.pdf", b"%PDF-1.7\n%fictional\n")})
    task_list = html(client.get(reverse("referrals:task-list", args=[reference])))
    link = task_list.find("a", string="Delete this draft")
    assert link["href"] == reverse("referrals:delete", args=[reference])
    confirm = html(client.get(link["href"]))
    assert text_of(confirm.select_one("h1")) == f"Are you sure you want to delete draft referral {reference}?"
    response = client.post(link["href"])
    assert response.url == reverse("referrals:mine")
    mine = html(client.get(response.url))
    assert f"Draft referral {reference} deleted" in text_of(mine)
    assert "You have no draft referrals." in text_of(mine)
    assert not Referral.objects.filter(reference=reference).exists() and not Attachment.objects.exists()
    # The deletion is in the change history.
    from django.apps import apps

    events = apps.get_model("referrals", "ReferralEvent").objects.filter(reference=reference)
    assert "delete" in set(events.values_list("pgh_label", flat=True))


def test_a_sent_referral_or_someone_elses_draft_cannot_be_deleted(client, school_user, signed_in, la):
    from cme.accounts.roles import Role
    from tests.factories.models import user_with_role

    signed_in(school_user)
    reference = start_referral(client)
    fill_all_pages(client, reference)
    client.post(reverse("referrals:check", args=[reference]))
    assert client.post(reverse("referrals:delete", args=[reference])).status_code == 302
    assert Referral.objects.get(reference=reference).status == Status.SUBMITTED
    colleague = user_with_role(Role.SCHOOL_USER, la, school=school_user.school)
    signed_in(colleague)
    draft = start_referral(client)
    signed_in(school_user)
    assert client.post(reverse("referrals:delete", args=[draft])).status_code in (403, 404)
    assert Referral.objects.filter(reference=draft).exists()


def test_a_sent_referrals_documents_page_offers_no_upload_or_remove(client, school_user, signed_in):
    signed_in(school_user)
    reference = start_referral(client)
    client.post(reverse("referrals:attachments", args=[reference]),
                {"file": SimpleUploadedFile("letter.pdf", b"%PDF-1.7\n%fictional\n")})
    page = html(client.get(reverse("referrals:attachments", args=[reference])))
    assert any("Remove" in text_of(b) for b in page.select("main button")) and page.select_one("input[type=file]")
    fill_all_pages(client, reference)
    client.post(reverse("referrals:check", args=[reference]))
    page = html(client.get(reverse("referrals:attachments", args=[reference])))
    assert "letter.pdf" in text_of(page)
    assert not any("Remove" in text_of(b) or "Upload" in text_of(b) for b in page.select("main button"))
    assert page.select_one("input[type=file]") is None
    assert "can no longer be changed" in text_of(page.select_one("[data-testid=sent-documents]"))
    # A remove sent anyway (an old tab) changes nothing and says why.
    response = client.post(reverse("referrals:attachments", args=[reference]),
                           {"remove": str(Attachment.objects.get().pk)}, follow=True)
    assert "can no longer be changed" in text_of(html(response))
    assert Attachment.objects.count() == 1


@pytest.mark.parametrize(("section", "optional", "not_optional"), [
    ("child", ["Middle names (optional)", "Other names the child is known by (optional)", "Ethnicity (optional)",
               "Unique pupil number (UPN) (optional)"], ["First name", "Last name"]),
    ("address", ["Address line 2 (optional)", "Town or city (optional)", "Postcode (optional)"], ["Address line 1"]),
    ("carers", ["Relationship to the child (optional)", "Phone number (optional)"], ["Full name"]),
    ("school", ["Date the child last attended (optional)"], []),
    ("referrer", [], ["Your full name", "Email address"]),
])
def test_every_optional_question_says_optional(client, school_user, signed_in, section, optional, not_optional):
    signed_in(school_user)
    reference = start_referral(client)
    page = html(client.get(reverse("referrals:section", args=[reference, section])))
    labels = [text_of(label) for label in page.select("label.govuk-label, legend.govuk-fieldset__legend")]
    for text in optional:
        assert text in labels, (text, labels)
    for text in not_optional:
        assert text in labels, (text, labels)
    assert not any(label.count("(optional)") > 1 for label in labels)
