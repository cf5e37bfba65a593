"""The OpenAPI document says what the server requires: every field it marks required is
refused when left out (with an error naming it), and every field it leaves optional can
be left out of a valid request. Schemathesis found valid requests refused because the
document called required fields optional."""

import copy
import json

import pytest

from cme.accounts.roles import Role
from cme.accounts.tokens import token_create
from tests.factories.models import SchoolFactory, user_with_role

from .test_hostile_text import BODIES

pytestmark = pytest.mark.django_db


def resolve(schema: dict, document: dict) -> dict:
    while True:
        if "$ref" in schema:
            schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
        elif "allOf" in schema and len(schema["allOf"]) == 1:
            schema = schema["allOf"][0]
        else:
            return schema


def child_schema(schema: dict, step, document: dict) -> dict:
    schema = resolve(schema, document)
    if isinstance(step, int):
        return schema["items"]
    return schema.get("properties", {}).get(step) or schema["additionalProperties"]


def leaves(body, schema, document, path=()):
    """(path, required?) for every key in the body, as the document describes it."""
    if isinstance(body, dict):
        parent = resolve(schema, document)
        required = set(parent.get("required", []))
        condition = parent.get("if", {}).get("properties", {})
        if condition and all(body.get(key) == rule.get("const") for key, rule in condition.items()):
            required |= set(parent["then"]["required"])  # e.g. an indicator answered yes needs its status
        for key, value in body.items():
            yield (*path, key), key in required
            yield from leaves(value, child_schema(parent, key, document), document, (*path, key))
    elif isinstance(body, list):
        for index, value in enumerate(body):
            yield from leaves(value, child_schema(schema, index, document), document, (*path, index))


def field_name(path) -> str:
    name = ""
    for step in path:
        name += f"[{step}]" if isinstance(step, int) else (f".{step}" if name else step)
    return name


def without(body, path):
    body = copy.deepcopy(body)
    target = body
    for step in path[:-1]:
        target = target[step]
    del target[path[-1]]
    return body


def test_the_document_marks_exactly_what_the_server_requires(client, la, settings):
    settings.CME_API_RATE = "100000/m"
    school = SchoolFactory(local_authority=la)
    auth = {"Authorization": f"Bearer {token_create(user=user_with_role(Role.SCHOOL_USER, la, school=school), name='x')[1]}"}
    document = client.get("/api/v1/openapi.json").json()
    wrong = []
    checked = 0
    for url, body in BODIES.items():
        schema = document["paths"][url]["post"]["requestBody"]["content"]["application/json"]["schema"]
        assert client.post(url, data=json.dumps(body), content_type="application/json",
                           headers=auth).status_code == 201
        for path, required in leaves(body, schema, document):
            response = client.post(url, data=json.dumps(without(body, path)), content_type="application/json",
                                   headers=auth)
            checked += 1
            # The error names the field, or the object whose rule needs it (an indicator's status).
            named = response.status_code == 422 and any(
                error["field"].startswith(field_name(path)) or error["field"] == field_name(path[:-1])
                for error in response.json()["errors"])
            if required and not named:
                wrong.append(f"{url} {field_name(path)}: marked required, but leaving it out gave {response.status_code}")
            # 409: accepted as complete, then recognised as a return already sent (the valid body's pupil).
            if not required and response.status_code not in (201, 409):
                wrong.append(f"{url} {field_name(path)}: marked optional, but leaving it out gave "
                             f"{response.status_code} {response.content[:120]!r}")
    assert not wrong, "\n".join(wrong)
    assert checked > 80


def test_required_text_may_not_be_blank_in_the_document(client):
    document = client.get("/api/v1/openapi.json").json()
    child = document["components"]["schemas"]["ChildIn"]
    assert child["required"] == ["first_name", "last_name", "date_of_birth", "sex", "sen", "child_in_care"]
    assert child["properties"]["first_name"]["minLength"] == 1
    assert child["properties"]["sex"]["enum"] == ["F", "M", "U"]
    assert child["properties"]["date_of_birth"]["format"] == "date"
