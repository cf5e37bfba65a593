"""A NUL character in an address or a form is answered with "bad request", never a
database error (PostgreSQL text cannot hold it)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_nul_in_a_search_address_or_form_is_a_bad_request(client, officer, signed_in):
    signed_in(officer)
    for url in (reverse("children:list") + "?q=%00", reverse("referrals:queue") + "?q=a%00b", "/referrals/%00/"):
        assert client.get(url).status_code == 400, url
    response = client.post(reverse("children:new"), {"first_name": "A\x00", "last_name": "B"})
    assert response.status_code == 400
    assert client.get(reverse("children:list") + "?q=ordinary").status_code == 200
