"""School systems send returns over the API: for their own school only, with
structured errors, and with idempotency keys that make retries safe."""

import json

import pytest

from cme.accounts.roles import Role
from cme.accounts.tokens import token_create
from cme.cases.models import Case
from cme.core import clock
from cme.schools.models import DeletionReturn, NewPupilReturn
from tests.factories.models import SchoolFactory, user_with_role

pytestmark = pytest.mark.django_db
TODAY = clock.today().isoformat()

PUPIL = {"first_name": "Api", "last_name": "Pupil", "date_of_birth": "2013-05-17", "sex": "F",
         "address_line_1": "3 Fiction Way", "town": "Demoford", "postcode": "TE1 3AB",
         "parents": [{"name": "Pat Pupil", "relationship": "Father", "phone": "07700 900222"}]}


@pytest.fixture
def school(la):
    return SchoolFactory(local_authority=la)


@pytest.fixture
def token(la, school):
    return token_create(user=user_with_role(Role.SCHOOL_USER, la, school=school), name="MIS")[1]


def post(client, token, path, body, key=""):
    headers = {"Authorization": f"Bearer {token}"}
    if key:
        headers["Idempotency-Key"] = key
    return client.post(f"/api/v1/returns/{path}", data=json.dumps(body), content_type="application/json", headers=headers)


def test_deletion_with_unknown_destination_opens_an_enquiry(client, token, school):
    response = post(client, token, "deletions", {"school_laestab": school.laestab, "pupil": PUPIL, "ground": "9(1)(g)",
                                                 "deletion_date": TODAY})
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["kind"] == "deletion" and "opened an enquiry" in body["next_step"] and body["replayed"] is False
    assert Case.objects.get().child.first_name == "Api"


def test_a_retry_with_the_same_key_makes_no_duplicate(client, token):
    body = {"pupil": PUPIL, "ground": "9(1)(k)", "deletion_date": TODAY}
    first = post(client, token, "deletions", body, key="retry-1")
    again = post(client, token, "deletions", body, key="retry-1")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"] and again.json()["replayed"] is True
    assert DeletionReturn.objects.count() == 1
    changed = post(client, token, "deletions", {**body, "deletion_date": "2026-01-05"}, key="retry-1")
    assert changed.status_code == 409 and "different return" in changed.json()["errors"][0]["message"]


def test_a_school_cannot_send_for_another_school(client, token, la):
    other = SchoolFactory(local_authority=la)
    response = post(client, token, "deletions", {"school_laestab": other.laestab, "pupil": PUPIL, "ground": "9(1)(k)",
                                                 "deletion_date": TODAY})
    assert response.status_code == 403 and other.laestab in response.json()["errors"][0]["message"]


def test_an_officers_token_cannot_send_returns(client, la):
    key = token_create(user=user_with_role(Role.CME_OFFICER, la), name="x")[1]
    assert post(client, key, "new-pupils", {"pupil": PUPIL, "entered_on": TODAY, "starting_day": TODAY,
                                            "most_junior_class": False}).status_code == 403


def test_errors_name_each_field_in_the_body(client, token):
    body = {"pupil": {**PUPIL, "date_of_birth": "2013-02-30", "parents": [{"name": "No Phone"}]}, "ground": "9(1)(i)",
            "deletion_date": TODAY}
    response = post(client, token, "deletions", body)
    assert response.status_code == 422
    errors = {e["field"]: e["message"] for e in response.json()["errors"]}
    assert errors["pupil.date_of_birth"] == "Date of birth must be a real date"
    assert errors["pupil.parents[0].phone"] == "Enter an emergency phone number for the parent"
    assert "reasonable enquiries" in errors["joint_enquiries[0].what"]


def test_a_ground_that_does_not_exist_is_a_422(client, token):
    response = post(client, token, "deletions", {"pupil": PUPIL, "ground": "9(1)(z)", "deletion_date": TODAY})
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "ground"


NEW_PUPIL = {"pupil": PUPIL, "entered_on": TODAY, "starting_day": TODAY, "year_group": "Year 8",
             "most_junior_class": False}


def test_new_pupil_return_over_the_api(client, token):
    response = post(client, token, "new-pupils", NEW_PUPIL, key="np-1")
    assert response.status_code == 201 and response.json()["late"] is False
    assert NewPupilReturn.objects.get().year_group == "Year 8"
    assert post(client, token, "new-pupils", NEW_PUPIL, key="np-1").status_code == 200


def test_returns_are_in_the_openapi_document(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {"/api/v1/returns/deletions", "/api/v1/returns/new-pupils"} <= set(paths)


@pytest.mark.parametrize("value", ["yes", "no", "maybe", 1, None])
def test_the_most_junior_class_is_true_or_false_and_nothing_else(client, token, value):
    response = post(client, token, "new-pupils", {**NEW_PUPIL, "most_junior_class": value})
    assert response.status_code == 422 and not NewPupilReturn.objects.exists()
    assert response.json()["errors"][0]["field"] == "most_junior_class"


def test_the_most_junior_class_must_be_answered(client, token):
    body = {key: value for key, value in NEW_PUPIL.items() if key != "most_junior_class"}
    response = post(client, token, "new-pupils", body)
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "most_junior_class"


def test_a_return_already_sent_is_refused_whatever_its_key(client, token):
    """The same pupil and date again, under another key or none, is a duplicate: 409, saying when it was sent."""
    first = post(client, token, "new-pupils", NEW_PUPIL, key="np-first")
    for key in ("np-second", ""):
        again = post(client, token, "new-pupils", {**NEW_PUPIL, "year_group": "Year 9"}, key=key)
        assert again.status_code == 409, again.json()
        error = again.json()["errors"][0]
        assert error["field"] == "pupil" and "You have already sent a new-pupil return for Api Pupil" in error["message"]
        assert f"(return {first.json()['id']})" in error["message"]
    body = {"pupil": PUPIL, "ground": "9(1)(k)", "deletion_date": TODAY}
    assert post(client, token, "deletions", body).status_code == 201
    assert post(client, token, "deletions", body).status_code == 409
    assert (NewPupilReturn.objects.count(), DeletionReturn.objects.count()) == (1, 1)


def test_the_digest_is_written_with_the_return_not_after_it(client, token):
    """No moment exists when the return is saved without its digest: the row is inserted with
    it (one insert in the change history, no update)."""
    from cme.schools.models import NewPupilReturnEvent

    response = post(client, token, "new-pupils", NEW_PUPIL, key="np-digest")
    events = list(NewPupilReturnEvent.objects.filter(pgh_obj_id=response.json()["id"]).values_list("pgh_label",
                                                                                                  "request_digest"))
    assert len(events) == 1 and events[0][0] == "insert" and len(events[0][1]) == 64


def test_a_return_with_no_digest_never_matches_a_retry(client, token, school):
    """A return kept without a digest (sent before digests were kept, or by another channel
    with the key) is not taken for the same request: the key is refused, not replayed."""
    post(client, token, "new-pupils", NEW_PUPIL, key="np-old")
    NewPupilReturn.objects.update(request_digest="")
    again = post(client, token, "new-pupils", NEW_PUPIL, key="np-old")
    assert again.status_code == 409 and again.json()["errors"][0]["field"] == "Idempotency-Key"
    different = post(client, token, "new-pupils", {**NEW_PUPIL, "year_group": "Year 10"}, key="np-old")
    assert different.status_code == 409
    assert NewPupilReturn.objects.count() == 1
