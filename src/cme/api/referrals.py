"""POST /api/v1/referrals and GET /api/v1/referrals/{reference}."""

from __future__ import annotations

import datetime as dt

from ninja import Router, Schema
from ninja.responses import Status
from pydantic import BaseModel, ConfigDict, Field

from cme.audit.models import Channel
from cme.referrals import selectors, services

router = Router(tags=["referrals"])


class Strict(BaseModel):
    """Input bodies: exactly these fields, so a misspelt field is an error, not ignored."""

    model_config = ConfigDict(extra="forbid")


class ChildIn(Strict):
    first_name: str = ""
    middle_names: str = ""
    last_name: str = ""
    other_names: str = ""
    date_of_birth: str | None = Field(None, description="YYYY-MM-DD", examples=["2014-03-14"])
    sex: str = Field("", description="F, M or U (not known)")
    ethnicity: str = ""
    sen: str = Field("", description="none, sen-support, ehcp or not-known")
    sen_details: str = ""
    child_in_care: str = Field("", description="yes, no or not-known")
    upn: str = ""


class AddressIn(Strict):
    line_1: str = ""
    line_2: str = ""
    town: str = ""
    postcode: str = ""
    additional_addresses: str = ""


class CarerIn(Strict):
    name: str = ""
    relationship: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""


class SiblingIn(Strict):
    name: str = ""
    date_of_birth: str | None = None
    school: str = ""


class SchoolIn(Strict):
    school_id: int | None = None
    other_school: str = ""
    date_last_attended: str | None = None


class ActionIn(Strict):
    outcome: str = ""
    date: str | None = None


class ActionsIn(Strict):
    whereabouts: ActionIn = ActionIn()
    family: ActionIn = ActionIn()
    visit: ActionIn = ActionIn()


class IndicatorIn(Strict):
    answer: str = Field(description="yes or no")
    status: str | None = Field(None, description="current or historic, when the answer is yes")


class SafeguardingIn(Strict):
    social_care_referral_considered: str = ""
    parental_consent: str = ""
    social_care_outcome: str = ""


class AssessmentIn(Strict):
    working_well: str = ""
    worried_about: str = ""
    next_steps: str = ""


class ReferrerIn(Strict):
    name: str = ""
    position: str = ""
    organisation: str = ""
    phone: str = ""
    email: str = ""


class ReferralIn(Strict):
    child: ChildIn
    address: AddressIn
    carers: list[CarerIn] = []
    siblings: list[SiblingIn] = []
    school: SchoolIn = SchoolIn()
    actions: ActionsIn = ActionsIn()
    indicators: dict[str, IndicatorIn] = Field(default_factory=dict, description="Keys 1 to 20, as on the checklist")
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
