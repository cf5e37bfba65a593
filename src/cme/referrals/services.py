"""Writing referrals: starting and saving drafts, submitting, attachments, importing
the emailed Word form, and the officer's triage decision."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse

from cme.accounts.models import LocalAuthority
from cme.accounts.policy import Action, require
from cme.accounts.roles import Role
from cme.children.models import Child, ChildAddress, SenStatus
from cme.core import clock
from cme.core import events as core_events
from cme.core.history import save_if_current
from cme.core.notify import queue_email
from cme.rules import identity, risk_indicators
from cme.rules.risk_indicators import Answer, IndicatorAnswer, Timing

from .attachments import check_upload
from .events import PassedOn, ReferralPassedOn
from .models import (
    Attachment,
    Decision,
    Kind,
    RedirectKind,
    Referral,
    ReferralEscalationAnswer,
    ReferralIndicator,
    Source,
    Status,
)
from .validation import FieldError, validate_answers

logger = logging.getLogger(__name__)


class ReferralIncomplete(ValidationError):
    def __init__(self, errors: list[FieldError]):
        self.field_errors = errors
        super().__init__([error.message for error in errors])


def _schools_for(local_authority_id: int) -> list[tuple[str, str]]:
    from cme.schools.models import School

    return [(str(pk), name) for pk, name in
            School.objects.filter(local_authority_id=local_authority_id, is_open=True).values_list("pk", "name")]


def referral_schools(referral: Referral) -> list[tuple[str, str]]:
    return _schools_for(referral.local_authority_id)


# -- drafts ---------------------------------------------------------------------------

def referral_start(*, local_authority: LocalAuthority, kind: Kind, user: Any = None, session_key: str = "",
                   source: Source | None = None) -> Referral:
    if kind == Kind.PROFESSIONAL:
        require(user, Action.SUBMIT_REFERRAL, user.organisation)
    if source is None:
        source = _source_for(user) if kind == Kind.PROFESSIONAL else Source.PUBLIC
    if kind == Kind.PROFESSIONAL and (empty := _empty_draft(user, local_authority, source)) is not None:
        return empty  # "Refer a child" pressed again before anything was saved: the same draft, not another
    referral = Referral(local_authority=local_authority, kind=kind, source=source,
                        created_by=user if getattr(user, "is_authenticated", False) else None,
                        public_session_key=session_key if kind == Kind.PUBLIC else "")
    if referral.created_by is not None:
        referral.school = user.school
        referral.agency = user.agency
        referral.referrer_email = user.email
        referral.answers = {"referrer": {"name": user.full_name, "position": user.job_title, "phone": user.phone,
                                         "email": user.email, "organisation": str(user.organisation or "")}}
    referral.save()
    return referral


def _empty_draft(user: Any, local_authority: LocalAuthority, source: Source) -> Referral | None:
    """The person's newest draft if nothing has been saved in it yet (only the details of
    the referrer, which start filled in from their account), so that pressing "Refer a
    child" again does not leave another empty draft behind."""
    drafts = Referral.objects.filter(created_by=user, kind=Kind.PROFESSIONAL, status=Status.DRAFT, source=source,
                                     local_authority=local_authority, attachments__isnull=True).order_by("-created_at")
    for draft in drafts[:5]:
        if not draft.sections_done and set(draft.answers) <= {"referrer"}:
            return draft
    return None


def referral_delete_draft(*, referral: Referral, user: Any) -> None:
    """The person who started a draft deletes it, with its documents. The deletion is in
    the change history (the referral's history records it); a sent referral cannot be deleted."""
    if not referral.is_draft:
        raise PermissionDenied("This referral has been sent and cannot be deleted")
    if referral.created_by_id != getattr(user, "pk", None):
        raise PermissionDenied("Only the person who started this referral can delete it")
    with transaction.atomic():
        for attachment in referral.attachments.all():
            attachment.file.delete(save=False)
        referral.delete()


def _source_for(user: Any) -> Source:
    return {Role.SCHOOL_USER: Source.SCHOOL, Role.AGENCY_USER: Source.AGENCY}.get(user.role_enum,
                                                                                  Source.LOCAL_AUTHORITY)


def referral_save_section(*, referral: Referral, section: str, answers: Any = None, raw: dict | None = None,
                          complete: bool) -> Referral:
    """Save one page. A page with errors keeps exactly what was typed (`raw`), so
    nothing is lost; a page without errors replaces it with the cleaned answers."""
    if not referral.is_draft:
        raise PermissionDenied("This referral has been sent and can no longer be changed")
    stored = dict(referral.answers)
    raw_store = dict(stored.get("_raw") or {})
    if complete:
        stored[section] = answers
        raw_store.pop(section, None)
        if section not in referral.sections_done:
            referral.sections_done = [*referral.sections_done, section]
    else:
        raw_store[section] = {key: value for key, value in (raw or {}).items() if key != "csrfmiddlewaretoken"}
        referral.sections_done = [done for done in referral.sections_done if done != section]
    if raw_store:
        stored["_raw"] = raw_store
    else:
        stored.pop("_raw", None)
    referral.answers = stored
    _sync_columns(referral)
    referral.save()
    _sync_rows(referral)
    return referral


def _sync_columns(referral: Referral) -> None:
    answers = referral.answers
    child = answers.get("child") or {}
    referral.child_first_name = (child.get("first_name") or "")[:100]
    referral.child_last_name = (child.get("last_name") or "")[:100]
    dob = child.get("date_of_birth") or (answers.get("age") or {}).get("date_of_birth")
    try:
        referral.child_dob = dt.date.fromisoformat(dob) if dob else None
    except (TypeError, ValueError):
        referral.child_dob = None
    postcode = (answers.get("address") or {}).get("postcode") or ""
    referral.child_postcode = identity.normalise_postcode(postcode) if identity.is_uk_postcode(postcode) else ""
    referral.child_upn = (child.get("upn") or "")[:13]
    school = answers.get("school") or {}
    school_id = school.get("school_id")
    referral.child_school_id = int(school_id) if str(school_id or "").isdigit() and _is_school_of(
        referral.local_authority_id, int(school_id)) else None
    referral.child_school_name = (school.get("other_school") or "")[:200]
    referral.date_last_attended = _iso_date(school.get("date_last_attended"))
    summary = risk_summary(referral)
    referral.risk_level = summary.level.value if summary else ""
    referral.risk_score = summary.score if summary else 0
    referrer = answers.get("referrer") or {}
    if referral.kind == Kind.PUBLIC:
        referral.referrer_email = referrer.get("email") or ""
    elif referrer.get("email"):
        referral.referrer_email = referrer["email"]


def _iso_date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def _is_school_of(local_authority_id: int, school_id: int) -> bool:
    from cme.schools.models import School

    return School.objects.filter(pk=school_id, local_authority_id=local_authority_id).exists()


def _answered_indicators(answers: dict) -> list[IndicatorAnswer]:
    """The risk indicators in a referral's answers ({"1": {"answer": "yes", "status": "current"}})."""
    result = []
    for number, value in (answers.get("indicators") or {}).items():
        try:
            answer = Answer(value.get("answer"))
            timing = Timing(value["status"]) if value.get("status") else None
            result.append(IndicatorAnswer(int(number), answer, timing))
        except (ValueError, KeyError, TypeError, AttributeError):
            continue
    return result


def _sync_rows(referral: Referral) -> None:
    """The typed rows the rest of the service reads: the risk indicators, kept in step with the answers."""
    wanted = {item.number: item for item in _answered_indicators(referral.answers)}
    referral.indicators.exclude(number__in=wanted).delete()
    for number, item in wanted.items():
        ReferralIndicator.objects.update_or_create(
            referral=referral, number=number,
            defaults={"answer": item.answer.value, "timing": item.timing.value if item.timing else ""})


def indicator_answers(referral: Referral) -> list[IndicatorAnswer]:
    """The referral's risk indicators, from its typed rows."""
    result = []
    for row in referral.indicators.all():
        try:
            result.append(IndicatorAnswer(row.number, Answer(row.answer), Timing(row.timing) if row.timing else None))
        except ValueError:
            continue
    return result


def escalation_answers(referral: Referral) -> dict[str, bool | None]:
    """The triage officer's answers to the police and social care questions (from its typed rows)."""
    return {row.question: row.answer for row in referral.escalation_answers.all()}


def risk_summary(referral: Referral) -> risk_indicators.RiskSummary | None:
    if referral.kind == Kind.PUBLIC:
        return None
    return risk_indicators.summarise(_answered_indicators(referral.answers))


# -- submission -----------------------------------------------------------------------

def referral_submit(*, referral: Referral, user: Any = None) -> Referral:
    if not referral.is_draft:
        raise PermissionDenied("This referral has already been sent")
    cleaned, errors = validate_answers(referral.kind, referral.answers, schools=referral_schools(referral))
    if errors:
        raise ReferralIncomplete(errors)
    with transaction.atomic():
        referral.answers = cleaned
        referral.status = Status.SUBMITTED
        referral.submitted_at = clock.now()
        _sync_columns(referral)
        referral.save()
        _sync_rows(referral)
    _notify_submitted(referral)
    return referral


def _service_url(path: str) -> str:
    return settings.CME_SERVICE_URL.rstrip("/") + path


def _notify_submitted(referral: Referral) -> None:
    la = referral.local_authority
    if referral.referrer_email:
        body = (
            f"Thank you. Your referral to {la.name}'s children missing education team has been received.\n\n"
            f"Your reference number is {referral.reference}.\n\n"
            "What happens next: an officer will check the information, look for the child in the council's records "
            "and decide what to do, usually within one working day. "
            + ("You can see what happened to your referral in CME Tracker.\n\n" if referral.kind == Kind.PROFESSIONAL
               else "We will email you when we have looked into it.\n\n")
            + "If you think a child is in immediate danger, call 999. If you are worried about a child's safety, "
              "contact children's social care"
            + (f" on {la.social_care_phone}" if la.social_care_phone else "") + ".\n"
        )
        queue_email(to=referral.referrer_email, subject=f"Referral received: {referral.reference}", body=body)
    if la.cme_contact_email:
        risk = f" Risk from the checklist: {referral.risk_level}." if referral.risk_level else ""
        body = (f"A new referral is waiting for triage: {referral.reference} ({referral.get_source_display()}).{risk}\n\n"
                f"Open it in CME Tracker: {_service_url(reverse('referrals:triage', args=[referral.reference]))}\n")
        queue_email(to=la.cme_contact_email, subject=f"New CME referral {referral.reference}", body=body)


# -- save and come back later (public drafts) ---------------------------------------------

RESUME_SALT = "cme.referrals.public-resume"


def public_resume_token(referral: Referral) -> str:
    """A signed, dated token naming a public draft and the secret that ties it to its browser."""
    return signing.dumps({"r": referral.pk, "k": referral.public_session_key}, salt=RESUME_SALT)


def public_draft_from_token(token: str) -> Referral | None:
    """The public draft a resume link names, if the link is genuine, not expired and the draft
    not yet sent; otherwise None."""
    try:
        held = signing.loads(token, salt=RESUME_SALT, max_age=dt.timedelta(days=settings.CME_PUBLIC_RESUME_DAYS))
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if not isinstance(held, dict) or not held.get("k"):
        return None
    return Referral.objects.filter(pk=held.get("r"), public_session_key=held["k"], kind=Kind.PUBLIC,
                                   status=Status.DRAFT).select_related("local_authority").first()


def public_resume_link_send(*, referral: Referral, email: str, link: str) -> bool:
    """Email a link back to a public draft, through the service's mail queue. Returns whether
    the email was handed to the queue: the page says it was sent only then. The address is
    not kept (the person may still choose to stay anonymous)."""
    if referral.kind != Kind.PUBLIC or not referral.is_draft:
        return False
    days = settings.CME_PUBLIC_RESUME_DAYS
    body = (f"You started telling {referral.local_authority.name} about a child who may be missing education.\n\n"
            f"To carry on where you left off, open this link within {days} days:\n{link}\n\n"
            "Anyone with this link can see and change what you have written, so do not share it. "
            "If you did not ask for this email, you can ignore it.\n\n"
            "If you think a child is in immediate danger, call 999.\n")
    try:
        queue_email(to=email, subject="Your unfinished referral: a link to carry on", body=body)
    except Exception:  # the queue or the mail server refused: say so, never claim it was sent
        logger.exception("Could not queue the resume link for public referral %s", referral.pk)
        return False
    return True


# -- attachments ----------------------------------------------------------------------

def attachment_add(*, referral: Referral, upload: Any, user: Any = None) -> Attachment:
    if not referral.is_draft:
        raise PermissionDenied("Files can only be added before the referral is sent")
    content_type = check_upload(upload, attached=referral.attachments.count())
    attachment = Attachment(referral=referral, original_name=upload.name[:200], content_type=content_type,
                            size=upload.size, uploaded_by=user if getattr(user, "is_authenticated", False) else None)
    attachment.file.save(upload.name, upload, save=False)
    attachment.save()
    return attachment


def attachment_remove(*, attachment: Attachment) -> None:
    if not attachment.referral.is_draft:
        raise PermissionDenied("Files cannot be removed once the referral is sent")
    attachment.file.delete(save=False)
    attachment.delete()


# -- the emailed Word form --------------------------------------------------------------

def answers_from_checklist(reading: dict) -> dict:
    """The Word checklist's fields as referral answers (what it did not give stays empty)."""
    child = reading.get("child") or {}
    sex = {"female": "F", "male": "M"}.get((child.get("gender") or "").lower(), "U")
    in_care = child.get("child_in_care")
    address_text = reading.get("last_known_address") or ""
    lines = [line.strip() for line in address_text.replace(",", "\n").splitlines() if line.strip()]
    postcode = next((line for line in reversed(lines) if identity.is_uk_postcode(line)), "")
    street = [line for line in lines if line != postcode]
    carers_text = reading.get("parents_carers") or ""
    carers = [{"name": name.strip(), "relationship": "", "phone": "", "email": "", "address": ""}
              for name in carers_text.replace(" and ", ",").split(",") if name.strip()]
    if carers:
        carers[0]["phone"] = reading.get("telephone") or ""
        carers[0]["email"] = reading.get("email") or ""
    actions = {}
    for key, action in zip(("whereabouts", "family", "visit"), reading.get("actions") or [], strict=False):
        actions[key] = {"outcome": action.get("outcome") or "", "date": None}
    indicators = {str(item["number"]): {"answer": item["answer"], "status": item.get("status")}
                  for item in reading.get("indicators") or []}
    assessment = reading.get("assessment") or {}
    referrer = reading.get("referrer") or {}
    contact = referrer.get("contact") or ""
    yes_no = {True: "yes", False: "no"}
    return {
        "child": {"first_name": child.get("first_name") or "", "middle_names": "",
                  "last_name": child.get("last_name") or "", "other_names": child.get("other_names") or "",
                  "date_of_birth": child.get("date_of_birth"), "sex": sex, "ethnicity": "",
                  "sen": "not-known", "sen_details": child.get("sen_disability") or "",
                  "child_in_care": yes_no.get(in_care, "not-known"), "upn": ""},
        "address": {"line_1": street[0] if street else "", "line_2": ", ".join(street[1:-1]) if len(street) > 2 else "",
                    "town": street[-1] if len(street) > 1 else "", "postcode": postcode,
                    "additional_addresses": reading.get("additional_information") or ""},
        "carers": carers,
        "school": {"school_id": None, "other_school": reading.get("school") or "",
                   "date_last_attended": reading.get("date_last_attended")},
        "actions": actions,
        "indicators": indicators,
        "safeguarding": {"social_care_referral_considered": yes_no.get(reading.get("social_care_referral_considered"), ""),
                         "parental_consent": yes_no.get(reading.get("parental_consent"), ""), "social_care_outcome": ""},
        "assessment": {"working_well": assessment.get("working_well") or "",
                       "worried_about": assessment.get("worried_about") or "",
                       "next_steps": assessment.get("next_steps") or ""},
        "referrer": {"name": referrer.get("name") or "", "position": referrer.get("position") or "",
                     "organisation": referrer.get("organisation") or "",
                     "phone": contact if contact and "@" not in contact else "",
                     "email": contact if "@" in contact else ""},
    }


def referral_from_checklist(*, local_authority: LocalAuthority, reading: dict, user: Any = None) -> Referral:
    """A draft referral from an emailed Word checklist, for an officer to review."""
    if user is not None:
        require(user, Action.TRIAGE_REFERRAL, local_authority)
    referral = Referral(local_authority=local_authority, kind=Kind.PROFESSIONAL, source=Source.EMAIL,
                        created_by=user, docx_unread=list(reading.get("unread") or []))
    referral.answers = answers_from_checklist(reading)
    referral.referrer_email = referral.answers["referrer"]["email"]
    _, errors = validate_answers(Kind.PROFESSIONAL, referral.answers, schools=_schools_for(local_authority.pk))
    failing = {error.field.split(".")[0].split("[")[0] for error in errors}
    referral.sections_done = [s for s in ("child", "address", "carers", "siblings", "school", "actions", "indicators",
                                          "safeguarding", "assessment", "referrer") if s not in failing]
    _sync_columns(referral)
    referral.save()
    _sync_rows(referral)
    return referral


# -- the API --------------------------------------------------------------------------

def referral_create_from_api(*, user: Any, answers: dict) -> Referral:
    """A partner system's referral: validated whole by the same page forms, submitted at once."""
    require(user, Action.SUBMIT_REFERRAL, user.organisation)
    cleaned, errors = validate_answers(Kind.PROFESSIONAL, answers, schools=_schools_for(user.local_authority_id))
    if errors:
        raise ReferralIncomplete(errors)
    with transaction.atomic():
        referral = Referral(local_authority_id=user.local_authority_id, kind=Kind.PROFESSIONAL, source=Source.API,
                            created_by=user, school=user.school, agency=user.agency, answers=cleaned,
                            sections_done=list(cleaned), status=Status.SUBMITTED, submitted_at=clock.now())
        _sync_columns(referral)
        referral.save()
        _sync_rows(referral)
    _notify_submitted(referral)
    return referral


# -- triage -----------------------------------------------------------------------------

@transaction.atomic
def referral_save_checks(*, referral: Referral, officer: Any, checks: dict, escalation: dict[str, bool | None],
                         version: int | None) -> Referral:
    """The triage officer's checks (residence, roll, EHE, alternative provision) and answers to the
    police and social care questions. A save begun before someone else's is refused (StaleEdit),
    never silently over their answers."""
    require(officer, Action.TRIAGE_REFERRAL, referral)
    referral.triage_checks = {**referral.triage_checks, **checks}
    save_if_current(referral, version=version, fields=["triage_checks"])
    for question, answer in escalation.items():
        ReferralEscalationAnswer.objects.update_or_create(referral=referral, question=question,
                                                          defaults={"answer": answer})
    return referral


def child_from_referral(*, referral: Referral, officer: Any) -> Child:
    """Add the child a referral is about to the index (the officer found no record of them)."""
    require(officer, Action.CREATE_CHILD, referral.local_authority)
    answers = referral.answers
    child_answers = answers.get("child") or {}
    sen = {"none": SenStatus.NONE, "sen-support": SenStatus.SEN_SUPPORT, "ehcp": SenStatus.EHCP}.get(
        child_answers.get("sen", ""), SenStatus.UNKNOWN)
    child = Child.objects.create(
        local_authority=referral.local_authority, first_name=referral.child_first_name or "Not known",
        middle_names=child_answers.get("middle_names", ""), last_name=referral.child_last_name or "Not known",
        other_names=child_answers.get("other_names", ""), date_of_birth=referral.child_dob,
        sex=child_answers.get("sex") or "U", upn=referral.child_upn, ethnicity=child_answers.get("ethnicity", ""),
        sen_status=sen, looked_after=child_answers.get("child_in_care") == "yes")
    address = answers.get("address") or {}
    if address.get("line_1"):
        ChildAddress.objects.create(child=child, line_1=address["line_1"][:200], line_2=address.get("line_2", "")[:200],
                                    town=address.get("town", "")[:100], postcode=referral.child_postcode)
    return child


def details_for_child(referral: Referral) -> dict:
    """What the referral says about the child beyond who they are: their parents and carers, brothers
    and sisters, last school and other addresses (for the child's record)."""
    answers = referral.answers
    school = referral.child_school.name if referral.child_school_id else referral.child_school_name
    return {
        "contacts": [{key: carer.get(key, "") for key in ("name", "relationship", "phone", "email", "address")}
                     for carer in answers.get("carers") or [] if isinstance(carer, dict)],
        "siblings": [{"name": sibling.get("name", ""), "date_of_birth": _iso_date(sibling.get("date_of_birth")),
                      "school": sibling.get("school", "")} for sibling in answers.get("siblings") or []
                     if isinstance(sibling, dict)],
        "last_school": school, "date_last_attended": referral.date_last_attended,
        "other_addresses": (answers.get("address") or {}).get("additional_addresses") or "",
    }


def referral_record_acceptance(*, referral: Referral, officer: Any, child: Child, case: Any) -> Referral:
    """Casework accepted the referral into `case`: record it, and tell the referrer."""
    require(officer, Action.TRIAGE_REFERRAL, referral)
    require_waiting(referral)
    referral.status = Status.ACCEPTED
    referral.decision = Decision.ACCEPT
    referral.child = child
    referral.case = case
    _decided(referral, officer, outcome_for_accept(referral))
    return referral


def default_start_date(referral: Referral) -> dt.date:
    """When the child started missing education, if the officer does not say: the day after they last
    attended school, or the day the referral was sent."""
    if referral.date_last_attended:
        return referral.date_last_attended + dt.timedelta(days=1)
    return clock.local_date(referral.submitted_at) if referral.submitted_at else clock.today()


def referrer_label(referral: Referral) -> str:
    if referral.kind == Kind.PUBLIC:
        return "a member of the public"
    organisation = (referral.answers.get("referrer") or {}).get("organisation")
    return organisation or referral.get_source_display().lower()


@transaction.atomic
def referral_redirect(*, referral: Referral, officer: Any, kind: RedirectKind, other_la: LocalAuthority | None = None,
                      other_la_name: str = "", note: str = "", council: Any = None) -> Referral:
    """Redirect a referral that is not this team's to the service that should have it. To another
    council in the directory (`council`), it is passed on through the partners app (`ReferralPassedOn`),
    and the referrer is told what really happened; `referral.passed_on` says so for the page."""
    require(officer, Action.TRIAGE_REFERRAL, referral)
    require_waiting(referral)
    if council is not None:
        other_la = council.local_authority
        other_la_name = council.name
    if kind == RedirectKind.OTHER_LA and not (other_la or other_la_name):
        raise ValidationError("Say which local authority the child lives in")
    referral.status = Status.REDIRECTED
    referral.decision = Decision.REDIRECT
    referral.redirect_kind = kind
    referral.redirect_la = other_la
    referral.redirect_la_name = other_la.name if other_la and council is None else other_la_name
    referral.decision_note = note
    passed_on = None
    if kind == RedirectKind.OTHER_LA:
        if council is not None:
            referral.save()
            answers = [answer for answer in core_events.ask(ReferralPassedOn(
                referral_id=referral.pk, council_id=council.pk, officer_id=officer.pk, note=note)) if answer]
            passed_on = answers[0] if answers else None
        if passed_on is None:
            passed_on = PassedOn(sent=False, how="", text=f"Nothing was sent to {referral.redirect_la_name}: "
                                                          "contact their children missing education team yourself")
    referral.passed_on = passed_on
    contact = ", ".join(x for x in (council.cme_team_email, council.cme_team_phone) if x) if council is not None else ""
    _decided(referral, officer, outcome_for_redirect(referral, passed_on, contact))
    return referral


@transaction.atomic
def referral_reject(*, referral: Referral, officer: Any, reason: str) -> Referral:
    require(officer, Action.TRIAGE_REFERRAL, referral)
    require_waiting(referral)
    if not reason.strip():
        raise ValidationError("Give the reason for not accepting the referral")
    referral.status = Status.REJECTED
    referral.decision = Decision.REJECT
    referral.decision_note = reason.strip()
    _decided(referral, officer, outcome_for_reject(referral))
    return referral


def require_waiting(referral: Referral) -> None:
    if referral.status != Status.SUBMITTED:
        raise ValidationError(f"This referral is {referral.get_status_display().lower()}, not waiting for triage")


def _decided(referral: Referral, officer: Any, outcome: str) -> None:
    referral.outcome_message = outcome
    referral.decided_at = clock.now()
    referral.decided_by = officer
    referral.save()
    if referral.referrer_email:
        queue_email(to=referral.referrer_email, subject=f"Your referral {referral.reference}: what happened",
                    body=f"{outcome}\n\nReference: {referral.reference}\n")


# -- outcome messages: words the referrer can use ----------------------------------------

PUBLIC_OUTCOME = ("Thank you for telling us about this child. The children missing education team has looked into "
                  "your referral and taken the action needed. We cannot tell you more, to protect the child's privacy. "
                  "If you are still worried about the child's safety, contact children's social care, or call 999 "
                  "if the child is in immediate danger.")


def outcome_for_accept(referral: Referral) -> str:
    if referral.kind == Kind.PUBLIC:
        return PUBLIC_OUTCOME
    return (f"The children missing education team has accepted your referral about {referral.child_name} and opened "
            "an enquiry to find the child and get them back into education. An officer may contact you for more "
            "information. Tell the team at once if you hear anything new about where the child is.")


def outcome_for_redirect(referral: Referral, passed_on: PassedOn | None = None, contact: str = "") -> str:
    if referral.kind == Kind.PUBLIC:
        return PUBLIC_OUTCOME
    name = referral.child_name
    kind = referral.redirect_kind
    if kind == RedirectKind.ATTENDANCE_SERVICE:
        return (f"{name} is on a school roll, so they are not missing education. If they are not attending, that is "
                "for the school and the attendance service: the team has passed on your concerns. Follow the school's "
                "attendance procedures for any further absence.")
    if kind == RedirectKind.EHE_TEAM:
        return (f"{name} is known to be educated at home, so they are not missing education. The team has passed "
                "your referral to the elective home education team, who will consider your concerns.")
    if kind == RedirectKind.ALTERNATIVE_PROVISION:
        return (f"{name} is receiving education in alternative provision arranged by the council, so they are not "
                "missing education.")
    if kind == RedirectKind.OTHER_LA:
        la = referral.redirect_la
        if contact:
            contact = f" Their CME team: {contact}."
        elif la is not None and (la.cme_contact_email or la.cme_contact_phone):
            contact = " Their CME team: " + ", ".join(x for x in (la.cme_contact_email, la.cme_contact_phone) if x) + "."
        if passed_on is not None and passed_on.sent:
            done = "The team has passed your referral to them."
        else:
            done = ("The team has not been able to pass your referral to them: please contact that council's "
                    "children missing education team yourself.")
        return (f"{name} lives in {referral.redirect_la_name}, so their children missing education team is responsible. "
                f"{done}{contact}")
    if kind == RedirectKind.EARLY_YEARS:
        return (f"{name} is not yet of compulsory school age, so they are not missing education. The team has told "
                "the early years and admissions teams.")
    return (f"{name} is above compulsory school age, so they are not missing education. The team has told the "
            "post-16 participation team.")


def outcome_for_reject(referral: Referral) -> str:
    if referral.kind == Kind.PUBLIC:
        return PUBLIC_OUTCOME
    return (f"The children missing education team has not taken your referral about {referral.child_name} further: "
            f"{referral.decision_note.rstrip('.')}. If you are still worried about the child's safety, contact "
            "children's social care.")
