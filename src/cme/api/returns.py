"""POST /api/v1/returns/deletions and /api/v1/returns/new-pupils, for school systems.

A school's token sends for its own school only. An Idempotency-Key header makes a
retry safe: the same key with the same body returns the return already made (200);
the same key with a different body is refused (409). The body's digest is stored with
the return, in the same transaction, so there is no moment when a return exists without
it; a return with no digest (sent before digests were kept) matches no retry. A return
the school has already sent (the same pupil and date), under another key or none, is
refused with 409 and says when it was sent."""

from __future__ import annotations

import hashlib
import json

from django.core.exceptions import PermissionDenied, ValidationError
from ninja import Header, Router, Schema
from ninja.responses import Status
from pydantic import Field, StrictBool

from cme.rules import deletion_grounds
from cme.rules.dates import parse_iso_date
from cme.rules.deletion_grounds import NextStep
from cme.schools import services
from cme.schools.forms import DeletionDetailsForm, DeletionGroundForm, NewPupilForm, PupilFields
from cme.schools.models import DeletionReturn, NewPupilReturn, ReturnSource, School
from cme.schools.views import SCHOOL_NEXT_STEP

from .referrals import Errors, Strict

router = Router(tags=["school returns"])


class ParentIn(Strict):
    required_fields = ("name", "phone")
    name: str = ""
    relationship: str = ""
    phone: str = ""


class PupilIn(Strict):
    required_fields = ("first_name", "last_name", "date_of_birth", "sex", "address_line_1", "postcode", "parents")
    first_name: str = ""
    middle_names: str = ""
    last_name: str = ""
    other_names: str = ""
    date_of_birth: str | None = Field(None, description="YYYY-MM-DD")
    sex: str = Field("", description="F or M")
    upn: str = ""
    address_line_1: str = ""
    address_line_2: str = ""
    town: str = ""
    postcode: str = ""
    parents: list[ParentIn] = Field(default_factory=list, max_length=2)


class JointEnquiryIn(Strict):
    date: str | None = Field(None, description="YYYY-MM-DD")
    what: str = ""


class DeletionIn(Strict):
    school_laestab: str = Field("", description="Your school's LAESTAB; must be the token's school")
    pupil: PupilIn
    ground: str = Field(description="e.g. 9(1)(i), or the full code 2024-9(1)(i)")
    deletion_date: str = Field(description="YYYY-MM-DD")
    new_address: str = ""
    new_address_from: str | None = None
    new_la_code: str = ""
    destination_school_laestab: str = ""
    destination_school_name: str = ""
    destination_start_date: str | None = None
    joint_enquiries: list[JointEnquiryIn] = Field(default_factory=list, max_length=3)


class NewPupilIn(Strict):
    school_laestab: str = ""
    pupil: PupilIn
    entered_on: str = Field(description="YYYY-MM-DD: the day the name was entered in the admission register")
    starting_day: str = Field(description="YYYY-MM-DD")
    year_group: str = ""
    previous_school: str = ""
    most_junior_class: StrictBool = Field(description="true if the pupil joined the school's most junior class, "
                                                      "false if not")


class ReturnCreated(Schema):
    id: int
    kind: str
    late: bool
    next_step: str
    replayed: bool = False


def _school_for(request, laestab: str) -> School:
    school = request.user.school
    if school is None:
        raise PermissionDenied("Only a school's token can send school returns")
    if laestab and laestab != school.laestab:
        raise PermissionDenied(f"This token sends returns for {school.laestab} only, not {laestab}")
    return school


def _pupil_data(pupil: PupilIn) -> dict:
    data = pupil.model_dump(exclude={"parents"})
    for index, parent in enumerate(pupil.parents, start=1):
        data[f"parent_{index}_name"] = parent.name
        data[f"parent_{index}_relationship"] = parent.relationship
        data[f"parent_{index}_phone"] = parent.phone
    return {key: "" if value is None else value for key, value in data.items()}


def _field_path(name: str) -> str:
    """A form field's name as the path into the JSON body."""
    if name == "__all__":
        return ""
    if name.startswith("parent_"):
        index, _, part = name.removeprefix("parent_").partition("_")
        return f"pupil.parents[{int(index) - 1}].{part}"
    if name.startswith("enquiry_"):
        index, _, part = name.removeprefix("enquiry_").partition("_")
        return f"joint_enquiries[{int(index) - 1}].{part}"
    return f"pupil.{name}" if name in PupilFields.base_fields else name


def _errors(form) -> list[dict]:
    return [{"field": _field_path(name), "message": str(message)}
            for name, messages in form.errors.items() for message in messages]


def _digest(payload) -> str:
    return hashlib.sha256(json.dumps(payload.model_dump(), sort_keys=True).encode()).hexdigest()


def _key_reused() -> Status:
    return Status(409, {"errors": [{"field": "Idempotency-Key",
                                    "message": "This key was used for a different return; use a new key"}]})


def _replay(model, school: School, key: str, digest: str):
    """The return this key already made (the same body), a 409 (another body), or None."""
    if not key:
        return None
    existing = model.objects.filter(school=school, idempotency_key=key).first()
    if existing is None:
        return None
    return existing if existing.request_digest == digest else _key_reused()


def _already_sent(duplicate: services.DuplicateReturn) -> Status:
    message = f"{duplicate.messages[0]} (return {duplicate.existing.pk})"
    return Status(409, {"errors": [{"field": "pupil", "message": message}]})


@router.post("/deletions", response={200: ReturnCreated, 201: ReturnCreated, 400: Errors, 401: Errors, 403: Errors,
                                     409: Errors, 422: Errors, 429: Errors},
             summary="Send a deletion return (regulation 13(4))")
def deletion_return(request, payload: DeletionIn, idempotency_key: str = Header("", alias="Idempotency-Key")):
    school = _school_for(request, payload.school_laestab)
    digest = _digest(payload)
    replay = _replay(DeletionReturn, school, idempotency_key[:100], digest)
    if isinstance(replay, Status):
        return replay
    if replay is not None:
        return Status(200, _created(replay, "deletion", replayed=True))
    code = payload.ground if payload.ground.startswith(("2006-", "2024-")) else ""
    if not code:
        try:
            paragraph = payload.ground.rstrip(")").rsplit("(", 1)[-1]
            code = deletion_grounds.ground_for_date(paragraph, parse_iso_date(payload.deletion_date)).code
        except (KeyError, ValueError, deletion_grounds.NoGroundsError):
            code = payload.ground
    step_one = DeletionGroundForm({"deletion_date": payload.deletion_date, "ground": code})
    if not step_one.is_valid():
        return Status(422, {"errors": _errors(step_one)})
    ground = deletion_grounds.ground(code)
    authorities = [(la_code, la_code) for la_code in ([payload.new_la_code] if payload.new_la_code else [])]
    destination = School.objects.filter(laestab=payload.destination_school_laestab).first() \
        if payload.destination_school_laestab else None
    data = {**_pupil_data(payload.pupil), "new_address": payload.new_address,
            "new_address_from": payload.new_address_from or "", "new_la_code": payload.new_la_code,
            "destination_school": str(destination.pk) if destination else "",
            "destination_school_name": payload.destination_school_name,
            "destination_start_date": payload.destination_start_date or ""}
    for index, enquiry in enumerate(payload.joint_enquiries, start=1):
        data[f"enquiry_{index}_what"] = enquiry.what
        data[f"enquiry_{index}_date"] = enquiry.date or ""
    schools = [(str(destination.pk), destination.name)] if destination else []
    form = DeletionDetailsForm(data, ground=ground, schools=schools, authorities=authorities)
    if not form.is_valid():
        return Status(422, {"errors": _errors(form)})
    cleaned = form.cleaned_data
    try:
        record = services.deletion_return_submit(
            school=school, user=request.user, source=ReturnSource.API, idempotency_key=idempotency_key[:100],
            pupil=_pupil(cleaned, form), details=services.DeletionDetails(
                ground_code=code, deletion_date=step_one.cleaned_data["deletion_date"],
                new_address=cleaned.get("new_address", ""), new_address_from=cleaned.get("new_address_from"),
                new_la_code=cleaned.get("new_la_code", ""),
                destination_school_id=destination.pk if destination else None,
                destination_school_name=cleaned.get("destination_school_name", ""),
                destination_start_date=cleaned.get("destination_start_date"), joint_enquiries=form.joint_enquiries()),
            request_digest=digest)
    except services.DuplicateReturn as duplicate:
        return _already_sent(duplicate)
    except ValidationError as problem:
        return Status(422, {"errors": [{"field": "", "message": m} for m in problem.messages]})
    if record.request_digest != digest:  # another request with this key and another body got there first
        return _key_reused()
    return Status(201, _created(record, "deletion"))


@router.post("/new-pupils", response={200: ReturnCreated, 201: ReturnCreated, 400: Errors, 401: Errors, 403: Errors,
                                      409: Errors, 422: Errors, 429: Errors},
             summary="Send a new-pupil return (regulation 13(1))")
def new_pupil_return(request, payload: NewPupilIn, idempotency_key: str = Header("", alias="Idempotency-Key")):
    school = _school_for(request, payload.school_laestab)
    digest = _digest(payload)
    replay = _replay(NewPupilReturn, school, idempotency_key[:100], digest)
    if isinstance(replay, Status):
        return replay
    if replay is not None:
        return Status(200, _created(replay, "new-pupil", replayed=True))
    data = {**_pupil_data(payload.pupil), "entered_on": payload.entered_on, "starting_day": payload.starting_day,
            "year_group": payload.year_group, "previous_school": payload.previous_school,
            "most_junior_class": "yes" if payload.most_junior_class else "no"}
    form = NewPupilForm(data)
    if not form.is_valid():
        return Status(422, {"errors": _errors(form)})
    cleaned = form.cleaned_data
    try:
        record = services.new_pupil_return_submit(
            school=school, user=request.user, pupil=_pupil(cleaned, form), source=ReturnSource.API,
            idempotency_key=idempotency_key[:100], entry=services.EntryDetails(
                entered_on=cleaned["entered_on"], starting_day=cleaned["starting_day"], year_group=cleaned["year_group"],
                previous_school=cleaned["previous_school"], most_junior_class=cleaned["most_junior_class"]),
            request_digest=digest)
    except services.DuplicateReturn as duplicate:
        return _already_sent(duplicate)
    except ValidationError as problem:
        return Status(422, {"errors": [{"field": "", "message": m} for m in problem.messages]})
    if record.request_digest != digest:
        return _key_reused()
    return Status(201, _created(record, "new-pupil"))


def _pupil(cleaned: dict, form) -> services.Pupil:
    return services.Pupil(
        first_name=cleaned["first_name"], middle_names=cleaned["middle_names"], last_name=cleaned["last_name"],
        other_names=cleaned["other_names"], date_of_birth=cleaned["date_of_birth"], sex=cleaned["sex"],
        upn=cleaned["upn"], address_line_1=cleaned["address_line_1"], address_line_2=cleaned["address_line_2"],
        town=cleaned["town"], postcode=cleaned["postcode"], parents=form.parents())


def _created(record, kind: str, replayed: bool = False) -> dict:
    if kind == "deletion":
        next_step = SCHOOL_NEXT_STEP[NextStep(record.route_step)]
    else:
        next_step = "The council has recorded the new pupil."
    return {"id": record.pk, "kind": kind, "late": record.is_late, "next_step": next_step, "replayed": replayed}
