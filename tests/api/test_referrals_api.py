"""POST /api/v1/referrals and GET /api/v1/referrals/{reference} for partner systems."""

import json

import pytest

from cme.accounts.roles import Role
from cme.accounts.tokens import token_create, token_revoke
from cme.audit.models import AccessEvent
from cme.referrals.models import Referral, Source, Status
from tests.factories.models import user_with_role
from tests.referrals.helpers import api_answers

pytestmark = pytest.mark.django_db


@pytest.fixture
def agency_user(la):
    return user_with_role(Role.AGENCY_USER, la)


@pytest.fixture
def token(agency_user):
    return token_create(user=agency_user, name="Test system")[1]


def post(client, token, body):
    return client.post("/api/v1/referrals", data=json.dumps(body), content_type="application/json",
                       headers={"Authorization": f"Bearer {token}"})


def test_a_valid_referral_is_created_with_201_and_a_reference(client, token, agency_user):
    response = post(client, token, api_answers())
    assert response.status_code == 201
    body = response.json()
    referral = Referral.objects.get(reference=body["reference"])
    assert body["status"] == "submitted"
    assert (referral.source, referral.status, referral.agency) == (Source.API, Status.SUBMITTED, agency_user.agency)
    assert referral.risk_level == "high"


def test_every_field_error_comes_back_as_structured_json(client, token):
    body = api_answers()
    body["child"].update(first_name="", date_of_birth="2014-02-30", upn="Q207000016049")
    body["address"]["postcode"] = "NOT A POSTCODE"
    body["carers"][0]["email"] = "nope"
    body["indicators"]["5"] = {"answer": "yes"}
    response = post(client, token, body)
    assert response.status_code == 422
    errors = {e["field"]: e["message"] for e in response.json()["errors"]}
    assert errors["child.first_name"] == "Enter the child's first name"
    assert errors["child.date_of_birth"] == "Date of birth must be a real date"
    assert errors["child.upn"].startswith("Enter a valid UPN: the check letter is wrong")
    assert errors["address.postcode"] == "Enter a real postcode, like DM1 4AB"
    assert errors["carers[0].email"] == "Enter an email address in the correct format, like name@example.com"
    assert errors["indicators.5"].startswith("Indicator 5: answer No, or Yes and whether it is current or historic")
    assert not Referral.objects.exists()


def test_a_body_of_the_wrong_shape_is_a_structured_422(client, token):
    response = post(client, token, {"child": "not an object", "child_name": "misspelt field"})
    assert response.status_code == 422
    errors = {e["field"]: e["message"] for e in response.json()["errors"]}
    assert "child" in errors and errors["address"] == "Field required"
    assert errors["child_name"] == "Extra inputs are not permitted"


def test_malformed_json_is_a_structured_error(client, token):
    response = client.post("/api/v1/referrals", data="{not json", content_type="application/json",
                           headers={"Authorization": f"Bearer {token}"})
    assert response.status_code in (400, 422)
    assert response.json()["errors"]


def test_no_token_or_a_revoked_token_is_401(client, agency_user):
    assert post(client, "", api_answers()).status_code == 401
    assert post(client, "cme_nothing_wrong", api_answers()).status_code == 401
    api_token, key = token_create(user=agency_user, name="Old")
    token_revoke(token=api_token)
    response = post(client, key, api_answers())
    assert response.status_code == 401 and response.json()["errors"][0]["message"].startswith("Give a valid API token")


def test_an_auditors_token_cannot_refer(client, la):
    auditor = user_with_role(Role.AUDITOR, la)
    response = post(client, token_create(user=auditor, name="x")[1], api_answers())
    assert response.status_code == 403
    assert response.json()["errors"][0]["message"] == "An auditor cannot refer a child"


def test_get_own_referral_and_its_outcome(client, token, la):
    reference = post(client, token, api_answers()).json()["reference"]
    response = client.get(f"/api/v1/referrals/{reference}", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    body = response.json()
    assert (body["reference"], body["status"], body["child_first_name"]) == (reference, "submitted", "Amara")
    event = AccessEvent.objects.get(record_type="referral")
    assert (event.channel, event.purpose) == ("api", "Read referral (API)")


def test_another_organisations_referral_is_404(client, token, la):
    reference = post(client, token, api_answers()).json()["reference"]
    other = user_with_role(Role.AGENCY_USER, la)
    response = client.get(f"/api/v1/referrals/{reference}",
                          headers={"Authorization": f"Bearer {token_create(user=other, name='x')[1]}"})
    assert response.status_code == 404 and response.json()["errors"][0]["message"]


def test_referrals_are_in_the_openapi_document(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/referrals" in schema["paths"] and "/api/v1/referrals/{reference}" in schema["paths"]
    assert "422" in schema["paths"]["/api/v1/referrals"]["post"]["responses"]
