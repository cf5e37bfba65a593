"""POST /api/v1/referrals and GET /api/v1/referrals/{reference}."""

from __future__ import annotations

import datetime as dt
import re
from typing import ClassVar

from ninja import Router, Schema
from ninja.responses import Status
from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic_core import PydanticCustomError

from cme.audit.models import Channel
from cme.referrals import selectors, services

router = Router(tags=["referrals"])


# Text JSON can carry but PostgreSQL cannot store: lone UTF-16 surrogates ("\ud800" is a
# valid JSON escape) and NUL.
UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def _unstorable(value) -> str | None:
    """The first unstorable character in a string, a dictionary's keys or a list's strings
    (the values of objects are checked by their own schemas, so the error names them)."""
    if isinstance(value, str):
        found = UNSTORABLE.search(value)
        return found.group() if found else None
    if isinstance(value, dict):
        return next((bad for key in value if isinstance(key, str) and (bad := _unstorable(key))), None)
    if isinstance(value, list):
        return next((bad for item in value if isinstance(item, str) and (bad := _unstorable(item))), None)
    return None


def _document_requirements(schema: dict, model: type) -> None:
    """The OpenAPI document says which fields the server requires. They are checked by the
    same forms as the web pages (whose messages name what is missing), so the models keep
    a default and only the document marks them required, not blank and not null."""
    required = getattr(model, "required_fields", ())
    if not required:
        return
    order = list(schema["properties"])
    schema["required"] = sorted({*schema.get("required", []), *required}, key=order.index)
    for name in required:
        prop = schema["properties"][name]
        prop.pop("default", None)
        options = [option for option in prop.get("anyOf", []) if option.get("type") != "null"]
        if len(options) == 1:
            del prop["anyOf"]
            prop.update(options[0])
        if prop.get("type") == "string":
            prop.setdefault("minLength", 1)
        elif prop.get("type") == "array":
            prop.setdefault("minItems", 1)


def date_field(default=None, **kwargs):
    return Field(default, description="YYYY-MM-DD", json_schema_extra={"format": "date"}, **kwargs)


def choice_field(default: str, choices: list[str], description: str = ""):
    return Field(default, description=description or ", ".join(choices), json_schema_extra={"enum": choices})


class Strict(BaseModel):
    """Input bodies: exactly these fields, so a misspelt field is an error, not ignored, and
    text that could not be stored is refused, naming the field. `required_fields` are the
    ones the server refuses when missing or blank."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=_document_requirements)
    required_fields: ClassVar[tuple[str, ...]] = ()

    @field_validator("*", mode="before")
    @classmethod
    def storable_text(cls, value):
        bad = _unstorable(value)
        if bad is not None:
            raise PydanticCustomError("unstorable_text", "Remove the character that cannot be stored ({character})",
                                      {"character": bad.encode("unicode_escape").decode()})
        return value


class ChildIn(Strict):
    required_fields = ("first_name", "last_name", "date_of_birth", "sex", "sen", "child_in_care")
    first_name: str = ""
    middle_names: str = ""
    last_name: str = ""
    other_names: str = ""
    date_of_birth: str | None = date_field(examples=["2014-03-14"])
    sex: str = choice_field("", ["F", "M", "U"], "F, M or U (not known)")
    ethnicity: str = ""
    sen: str = choice_field("", ["none", "sen-support", "ehcp", "not-known"])
    sen_details: str = ""
    child_in_care: str = choice_field("", ["yes", "no", "not-known"])
    upn: str = ""


class AddressIn(Strict):
    required_fields = ("line_1",)
    line_1: str = ""
    line_2: str = ""
    town: str = ""
    postcode: str = ""
    additional_addresses: str = ""


class CarerIn(Strict):
    required_fields = ("name",)
    name: str = ""
    relationship: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""


class SiblingIn(Strict):
    name: str = ""
    date_of_birth: str | None = date_field()
    school: str = ""


class SchoolIn(Strict):
    school_id: int | None = None
    other_school: str = ""
    date_last_attended: str | None = date_field()


class ActionIn(Strict):
    required_fields = ("outcome",)
    outcome: str = ""
    date: str | None = date_field()


class ActionsIn(Strict):
    required_fields = ("whereabouts", "family", "visit")
    whereabouts: ActionIn = ActionIn()
    family: ActionIn = ActionIn()
    visit: ActionIn = ActionIn()


class IndicatorIn(Strict):
    model_config = ConfigDict(json_schema_extra=lambda schema, model: schema.update(
        {"if": {"properties": {"answer": {"const": "yes"}}}, "then": {"required": ["status"]}}))
    answer: str = Field(description="yes or no", json_schema_extra={"enum": ["yes", "no"]})
    status: str | None = Field(None, description="current or historic: required when the answer is yes",
                               json_schema_extra={"enum": ["current", "historic", None]})


class SafeguardingIn(Strict):
    required_fields = ("social_care_referral_considered", "parental_consent")
    social_care_referral_considered: str = choice_field("", ["yes", "no"])
    parental_consent: str = choice_field("", ["yes", "no", "not-applicable"])
    social_care_outcome: str = ""


class AssessmentIn(Strict):
    required_fields = ("working_well", "worried_about", "next_steps")
    working_well: str = ""
    worried_about: str = ""
    next_steps: str = ""


class ReferrerIn(Strict):
    required_fields = ("name", "position", "organisation", "phone", "email")
    name: str = ""
    position: str = ""
    organisation: str = ""
    phone: str = ""
    email: str = ""


INDICATOR_KEYS = [str(number) for number in range(1, 21)]


class ReferralIn(Strict):
    required_fields = ("actions", "indicators", "safeguarding", "assessment", "referrer")
    child: ChildIn
    address: AddressIn
    carers: list[CarerIn] = []
    siblings: list[SiblingIn] = []
    school: SchoolIn = SchoolIn()
    actions: ActionsIn = ActionsIn()
    indicators: dict[str, IndicatorIn] = Field(
        default_factory=dict, description="Keys 1 to 20, as on the checklist: every one answered",
        json_schema_extra={"required": INDICATOR_KEYS, "propertyNames": {"enum": INDICATOR_KEYS}})
    safeguarding: SafeguardingIn = SafeguardingIn()
    assessment: AssessmentIn = AssessmentIn()
    referrer: ReferrerIn = ReferrerIn()


class ReferralCreated(Schema):
    reference: str
    status: str


class ErrorItem(Schema):
    field: str
    message: str


class Errors(Schema):
    errors: list[ErrorItem]


class ReferralOut(Schema):
    reference: str
    status: str
    submitted_at: dt.datetime | None
    decided_at: dt.datetime | None
    decision: str
    outcome_message: str
    child_first_name: str
    child_last_name: str


@router.post("", response={201: ReferralCreated, 400: Errors, 401: Errors, 403: Errors, 422: Errors, 429: Errors},
             summary="Send a referral about a child who may be missing education")
def create_referral(request, payload: ReferralIn):
    try:
        referral = services.referral_create_from_api(user=request.user, answers=payload.model_dump())
    except services.ReferralIncomplete as problem:
        return Status(422, {"errors": [error.as_dict() for error in problem.field_errors]})
    return Status(201, {"reference": referral.reference, "status": referral.status})


@router.get("/{reference}", response={200: ReferralOut, 401: Errors, 404: Errors, 429: Errors},
            summary="See a referral you sent and what became of it")
def get_referral(request, reference: str):
    referral = selectors.referral_for_view(user=request.user, reference=reference, purpose="Read referral (API)",
                                           request=request, channel=Channel.API)
    return Status(200, referral)
