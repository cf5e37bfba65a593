"""Whatever text a client sends in any field, the API answers with a JSON error naming the
field, never a server error: lone surrogates (which are valid JSON escapes but cannot be
stored), NUL characters and other text PostgreSQL refuses."""

import copy
import json

import pytest

from cme.accounts.roles import Role
from cme.accounts.tokens import token_create
from cme.core import clock
from tests.factories.models import SchoolFactory, user_with_role
from tests.referrals.helpers import api_answers

pytestmark = pytest.mark.django_db
TODAY = clock.today().isoformat()
PUPIL = {"first_name": "Api", "last_name": "Pupil", "date_of_birth": "2013-05-17", "sex": "F",
         "address_line_1": "3 Fiction Way", "town": "Demoford", "postcode": "TE1 3AB",
         "parents": [{"name": "Pat Pupil", "relationship": "Father", "phone": "07700 900222"}]}
BODIES = {
    "/api/v1/referrals": api_answers(),
    "/api/v1/returns/deletions": {"pupil": PUPIL, "ground": "9(1)(k)", "deletion_date": TODAY, "new_address": "x",
                                  "destination_school_name": "Somewhere", "joint_enquiries": [{"what": "x"}]},
    "/api/v1/returns/new-pupils": {"pupil": PUPIL, "entered_on": TODAY, "starting_day": TODAY, "year_group": "7",
                                   "previous_school": "Old School", "most_junior_class": False},
}
HOSTILE = ["\ud800", "a\udfffb", "\x00", "Ann\x00e"]


def string_paths(value, path=()):
    """Every place in a JSON body that holds a string (dictionary keys included)."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from string_paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from string_paths(item, (*path, index))
    elif isinstance(value, str):
        yield path


def replaced(body, path, text):
    body = copy.deepcopy(body)
    target = body
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = text
    return body


@pytest.fixture
def auth(la, settings):
    settings.CME_API_RATE = "100000/m"
    school = SchoolFactory(local_authority=la)
    token = token_create(user=user_with_role(Role.SCHOOL_USER, la, school=school), name="MIS")[1]
    return {"Authorization": f"Bearer {token}"}


def send(client, auth, url, body):
    return client.post(url, data=json.dumps(body), content_type="application/json", headers=auth)


def test_hostile_text_in_every_field_is_refused_with_a_json_error(client, auth):
    """Tried as it was found: a lone surrogate (and NUL) in every text field of every operation."""
    answers = []
    for url, body in BODIES.items():
        for path in string_paths(body):
            for text in HOSTILE:
                response = send(client, auth, url, replaced(body, path, text))
                answers.append((url, path, text, response.status_code))
                assert response.status_code in (201, 400, 422), (url, path, repr(text), response.content[:300])
                if response.status_code != 201:
                    errors = response.json()["errors"]
                    assert errors and all({"field", "message"} <= set(e) for e in errors)
    assert len(answers) > 200


def test_the_field_with_the_bad_character_is_named(client, auth):
    body = replaced(BODIES["/api/v1/referrals"], ("child", "first_name"), "Am\ud800ara")
    response = send(client, auth, "/api/v1/referrals", body)
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "child.first_name",
                                          "message": "Remove the character that cannot be stored (\\ud800)"}]


def test_hostile_dictionary_keys_and_raw_bytes(client, auth):
    body = copy.deepcopy(BODIES["/api/v1/referrals"])
    body["indicators"]["\ud800"] = {"answer": "yes"}
    assert send(client, auth, "/api/v1/referrals", body).status_code == 422
    raw = client.post("/api/v1/referrals", data=b'{"child": {"first_name": "\xff\xfe"}}',
                      content_type="application/json", headers=auth)
    assert raw.status_code in (400, 422) and raw.json()["errors"]


def test_hostile_text_in_the_address(client, auth):
    for reference in ("%ED%A0%80", "%00", "A%00B", "%F0%28%8C%28"):
        response = client.get(f"/api/v1/referrals/{reference}", headers=auth)
        assert response.status_code in (400, 404, 422), reference
        assert response.json()["errors"][0]["message"]
