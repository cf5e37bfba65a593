"""Writing partners' work: agency checks sent and answered, enquiries and transfers between
councils, secure links. What it changes on a case (its chronology, a task, its closure, a
new case in the receiving council) goes through `cme.cases.services`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse

from cme.accounts.models import Agency, Council, LocalAuthority, User
from cme.accounts.policy import Action, Scope, can, require
from cme.accounts.roles import Role
from cme.cases import services as cases
from cme.cases.models import Case, CaseSource, TaskKind, TimelineKind
from cme.children import services as children
from cme.children.models import SAFEGUARDING_FLAGS, Child
from cme.core import clock
from cme.core.history import save_if_current
from cme.referrals.attachments import check_upload
from cme.rules import dfe_return
from cme.rules.case_lifecycle import EnquiryKind
from cme.schools.calendars import add_school_days_or_calendar_days

from .links import link_make, link_use
from .mail import message_send
from .models import (
    DOCUMENTS_MAX,
    NOT_KNOWN_HERE,
    AgencyCheck,
    CheckDocument,
    CheckStatus,
    CouncilEnquiry,
    EnquiryStatus,
    LinkPurpose,
    Message,
    MessageStatus,
    SecureLink,
    SharedField,
)
from .selectors import enquiry_person


def _site() -> str:
    return settings.CME_SERVICE_URL.rstrip("/")


def _date(value: dt.date | None) -> str:
    return f"{value:%-d %B %Y}" if value else ""


# -- what a partner is told about the child -------------------------------------------------

def child_details(child: Child, fields: list[str]) -> dict[str, str]:
    """The child's details a partner needs, by label, and nothing else."""
    shown: dict[str, str] = {}
    if SharedField.NAME in fields:
        shown["Name"] = child.full_name
        if child.other_names:
            shown["Also known as"] = child.other_names
    if SharedField.DATE_OF_BIRTH in fields and child.date_of_birth:
        shown["Date of birth"] = _date(child.date_of_birth)
    if SharedField.ADDRESS in fields and (address := child.addresses.first()) is not None:
        shown["Last known address"] = str(address)
    if SharedField.UPN in fields and child.upn:
        shown["Unique pupil number"] = child.upn
    if SharedField.CARERS in fields:
        carers = [" ".join(p for p in (c.first_name, c.last_name) if p) + (f" ({c.relationship})" if c.relationship else "")
                  for c in child.contacts.all()]
        if carers:
            shown["Parents and carers"] = "; ".join(carers)
    return shown


def _record_message(message: Message, case: Case | None, what: str) -> None:
    if case is None:
        return
    if message.status == MessageStatus.SENT:
        text = f"Email sent to {message.to}: {what}"
    else:
        text = f"Email to {message.to} NOT sent ({message.problem}): {what}"
    cases.timeline_add(case=case, kind=TimelineKind.ENQUIRY, text=text)


# -- agency checks ------------------------------------------------------------------------------

def agency_has_accounts(agency: Agency) -> bool:
    return User.objects.filter(agency=agency, role=Role.AGENCY_USER, is_active=True).exists()


@transaction.atomic
def check_send(*, case: Case, officer: Any, agency: Agency, team: str, question: str, fields: list[str],
               school_days: int, email: str = "") -> AgencyCheck:
    """Send a check from a case. An agency with accounts finds it in its queue; one without gets an
    email with a secure link (to `email`, or the agency's address). A task waits for the answer."""
    require(officer, Action.EDIT_CASE, case)
    if not case.is_open:
        raise ValidationError("The case is closed: reopen it to send a check")
    if agency.local_authority_id != case.local_authority_id:
        raise ValidationError("Choose one of this council's partner agencies")
    if not question.strip():
        raise ValidationError("Say what you are asking the agency")
    if SharedField.NAME not in fields:
        raise ValidationError("The agency needs at least the child's name")
    if not 1 <= school_days <= 60:
        raise ValidationError("Give the number of school days, from 1 to 60")
    with_accounts = agency_has_accounts(agency)
    to_email = (email.strip() or agency.email) if not with_accounts else ""
    if not with_accounts and not to_email:
        raise ValidationError(f"{agency.name} has no accounts and no email address: give the email address to send "
                              "the check to")
    today = clock.today()
    due_on, counted = add_school_days_or_calendar_days(case.local_authority_id, today, school_days)
    check = AgencyCheck.objects.create(
        local_authority_id=case.local_authority_id, case=case, agency=agency, team=team.strip()[:160],
        question=question.strip(), shared=child_details(case.child, fields), due_on=due_on, by_email_to=to_email,
        sent_by=officer, sent_at=clock.now())
    task = cases.task_raise(local_authority_id=case.local_authority_id, kind=TaskKind.OTHER,
                            title=f"Waiting for {agency.name} to answer check {check.reference}", due_on=due_on,
                            child=case.child, case=case, detail=check.question[:500])
    check.task = task
    check.save(update_fields=["task"])
    how = "to its queue in CME Tracker" if with_accounts else f"by email with a secure link to {to_email}"
    cases.timeline_add(case=case, kind=TimelineKind.ENQUIRY, by=officer,
                       text=f"Check {check.reference} sent to {agency.name}{f' ({check.team})' if check.team else ''} "
                            f"{how}, due {_date(due_on)}"
                            f"{'' if counted else ' (weekdays counted: term dates not entered that far ahead)'}: "
                            f"{check.question}")
    if not with_accounts:
        token = link_make(purpose=LinkPurpose.AGENCY_CHECK, sent_to=to_email, agency_check=check)
        link = _site() + reverse("partners:answer-link", args=[token])
        message = message_send(
            local_authority_id=case.local_authority_id, case=case, to=to_email, secret=link,
            subject=f"A check from {case.local_authority.name} children missing education team ({check.reference})",
            body=(f"The children missing education team at {case.local_authority.name} asks {agency.name} to check "
                  f"its records for a child.\n\nAnswer by {_date(due_on)} through this secure link (it works once and "
                  f"expires in {settings.CME_SECURE_LINK_DAYS} days):\n{link}\n\nThe child's details are on that page, "
                  "not in this email.\n"))
        _record_message(message, case, f"check {check.reference}")
        check.sent_message = message
    return check


def _documents_checked(documents: Any) -> list[str]:
    """The content type of each document, checked as referral attachments are; a
    ValidationError naming the file that cannot be taken (nothing is saved then)."""
    if len(documents) > DOCUMENTS_MAX:
        raise ValidationError(f"Send up to {DOCUMENTS_MAX} documents with an answer")
    types = []
    for upload in documents:
        try:
            types.append(check_upload(upload))
        except ValidationError as problem:
            raise ValidationError(f"{upload.name}: {problem.messages[0]}") from None
    return types


def _size(size: int) -> str:
    return f"{size / 1_048_576:.1f} MB" if size >= 1_048_576 else f"{max(1, round(size / 1024))} KB"


def _answer_words(check: AgencyCheck) -> str:
    parts = ["known to them" if check.known else "not known to them"]
    if check.last_contact:
        parts.append(f"last contact {_date(check.last_contact)}")
    if check.address_held:
        parts.append(f"address held: {check.address_held}")
    if check.worker_name:
        parts.append(f"worker: {check.worker_name}")
    if check.answer:
        parts.append(check.answer)
    return "; ".join(parts)


@transaction.atomic
def check_answer(*, check: AgencyCheck, known: bool, last_contact: dt.date | None, address_held: str,
                 worker_name: str, answer: str, user: Any = None, link: SecureLink | None = None,
                 answered_by_name: str = "", version: int | None = None,
                 documents: list[Any] | tuple[Any, ...] = ()) -> AgencyCheck:
    """An agency's answer, by one of its users or through a secure link, with any documents it
    sent (each checked as referral attachments are): the case's chronology records the answer
    and each document, and the task that waited for it is done."""
    if link is not None:
        if link.agency_check_id != check.pk:
            raise PermissionDenied("This link is for another check")
        link_use(link)
        if not answered_by_name.strip():
            raise ValidationError("Enter your name")
    else:
        require(user, Action.ANSWER_AGENCY_CHECK, check)
    if check.status != CheckStatus.SENT:
        raise ValidationError(f"This check is {check.get_status_display().lower()}: it cannot be answered again")
    if last_contact and last_contact > clock.today():
        raise ValidationError("The date of last contact cannot be in the future")
    content_types = _documents_checked(documents)
    check.known, check.last_contact = known, last_contact
    check.address_held, check.worker_name, check.answer = address_held.strip(), worker_name.strip()[:160], answer.strip()
    check.status, check.answered_at = CheckStatus.ANSWERED, clock.now()
    check.answered_by = user if link is None else None
    check.answered_by_name = (answered_by_name.strip() if link is not None else user.full_name)[:160]
    save_if_current(check, version=version, fields=["known", "last_contact", "address_held", "worker_name", "answer",
                                                    "status", "answered_at", "answered_by", "answered_by_name"])
    who = f"{check.answered_by_name}, {check.agency.name}" + (" (by secure link)" if link is not None else "")
    saved = []
    for upload, content_type in zip(documents, content_types, strict=True):
        document = CheckDocument(check_answered=check, original_name=upload.name[:200], content_type=content_type,
                                 size=upload.size, uploaded_at=clock.now(), uploaded_by=check.answered_by,
                                 uploaded_by_name=check.answered_by_name)
        document.file.save(upload.name, upload, save=False)
        document.save()
        saved.append(document)
    sent_with = f" (with {len(saved)} document{'s' if len(saved) != 1 else ''})" if saved else ""
    cases.timeline_add(case=check.case, kind=TimelineKind.ENQUIRY, by=check.answered_by,
                       text=f"Check {check.reference} answered by {who}{sent_with}: {_answer_words(check)}")
    for number, document in enumerate(saved, start=1):
        cases.timeline_add(case=check.case, kind=TimelineKind.DOCUMENT, by=check.answered_by,
                           text=f"Document {number} of {len(saved)} from {check.agency.name} with check "
                                f"{check.reference}: {document.original_name} ({_size(document.size)})")
    if check.task_id:
        cases.task_done_by_partner(task=check.task, note=f"{check.agency.name} answered", by=check.answered_by)
    return check


@transaction.atomic
def check_withdraw(*, check: AgencyCheck, officer: Any, reason: str) -> AgencyCheck:
    require(officer, Action.EDIT_CASE, check.case)
    if check.status != CheckStatus.SENT:
        raise ValidationError("Only a check still waiting for an answer can be withdrawn")
    check.status = CheckStatus.WITHDRAWN
    save_if_current(check, version=None, fields=["status"])
    check.links.filter(used_at__isnull=True).update(expires_at=F("created_at"))
    cases.timeline_add(case=check.case, kind=TimelineKind.ENQUIRY, by=officer,
                       text=f"Check {check.reference} to {check.agency.name} withdrawn: {reason.strip()}")
    if check.task_id:
        cases.task_done_by_partner(task=check.task, note="The check was withdrawn")
    return check


# -- enquiries and transfers between councils ---------------------------------------------------

SAFEGUARDING_KEY = "Safeguarding"
ENQUIRY_FIELDS = [SharedField.NAME, SharedField.DATE_OF_BIRTH, SharedField.ADDRESS, SharedField.UPN,
                  SharedField.CARERS]


def _deliver(enquiry: CouncilEnquiry, case: Case | None) -> tuple[bool, str]:
    """Into the other council's own queue when it uses this deployment; otherwise by email with a
    secure link to its CME team. Returns (sent, what happened in words)."""
    council = enquiry.to_council
    if enquiry.to_la_id:
        return True, f"It is in {council.name}'s queue of enquiries from other councils in CME Tracker"
    if not council.cme_team_email:
        return False, (f"Nothing was sent: the directory has no CME team email for {council.name}. "
                       "Ask an administrator to add it, or contact them another way")
    token = link_make(purpose=LinkPurpose.COUNCIL_ENQUIRY, sent_to=council.cme_team_email, council_enquiry=enquiry)
    link = _site() + reverse("partners:answer-link", args=[token])
    message = message_send(
        local_authority_id=enquiry.from_la_id, case=case, to=council.cme_team_email, secret=link,
        subject=f"Children missing education: enquiry {enquiry.reference} from {enquiry.from_la.name}",
        body=(f"The children missing education team at {enquiry.from_la.name} believes a child has moved to "
              f"{council.name}, and asks your CME team to help trace them.\n\nAnswer through this secure link (it works "
              f"once and expires in {settings.CME_SECURE_LINK_DAYS} days):\n{link}\n\nThe child's details are on that "
              "page, not in this email.\n"))
    enquiry.by_email_to = council.cme_team_email
    enquiry.save(update_fields=["by_email_to"])
    _record_message(message, case, f"enquiry {enquiry.reference}")
    if message.status != MessageStatus.SENT:
        return False, f"The email to {council.cme_team_email} was not sent ({message.problem})"
    return True, f"Emailed to {council.name}'s CME team at {council.cme_team_email} with a secure link"


@transaction.atomic
def enquiry_send(*, case: Case, officer: Any, council: Council, questions: str) -> tuple[CouncilEnquiry, bool, str]:
    """"Believed moved to another council": ask that council's CME team. Returns the enquiry,
    whether it reached them, and what happened in words."""
    require(officer, Action.EDIT_CASE, case)
    if not case.is_open:
        raise ValidationError("The case is closed: reopen it to send an enquiry")
    if council.local_authority_id == case.local_authority_id:
        raise ValidationError("Choose another council, not your own")
    if not questions.strip():
        raise ValidationError("Say what you are asking the other council")
    if CouncilEnquiry.objects.filter(from_case=case, to_council=council).exclude(
            status__in=[EnquiryStatus.REJECTED, EnquiryStatus.WITHDRAWN, EnquiryStatus.NOT_KNOWN]).exists():
        raise ValidationError(f"This case already has an open enquiry to {council.name}")
    details = child_details(case.child, ENQUIRY_FIELDS)
    if case.child.safeguarding_flags:
        # Another council's CME team needs these to judge how urgently to look, and carries them over
        # if it accepts the child (seed §6: share what keeps the child safe).
        details[SAFEGUARDING_KEY] = "; ".join(case.child.safeguarding_flags)
    enquiry = CouncilEnquiry.objects.create(
        from_la_id=case.local_authority_id, from_case=case, to_council=council, to_la=council.local_authority,
        child=details, questions=questions.strip(), sent_by=officer,
        sent_at=clock.now())
    try:
        with transaction.atomic():
            cases.enquiry_add(case=case, officer=officer, kind=EnquiryKind.OTHER_LA, about=council.name)
    except (IntegrityError, ValidationError):
        pass  # already on the checklist
    sent, how = _deliver(enquiry, case)
    cases.timeline_add(case=case, kind=TimelineKind.ENQUIRY, by=officer,
                       text=f"Enquiry {enquiry.reference} to {council.name}: {enquiry.questions}. {how}.")
    if not sent:
        enquiry.status = EnquiryStatus.WITHDRAWN
        enquiry.answer = f"Not sent: {how}"
        enquiry.save(update_fields=["status", "answer"])
    return enquiry, sent, how


def enquiry_from_referral(*, referral: Any, council: Council, officer: Any, note: str = "") -> tuple[bool, str]:
    """Triage redirected a referral to another council: the same enquiry, without a case."""
    answers = referral.answers or {}
    shown = {"Name": " ".join(p for p in (referral.child_first_name, referral.child_last_name) if p) or "Name not given"}
    if referral.child_dob:
        shown["Date of birth"] = _date(referral.child_dob)
    if referral.child_upn:
        shown["Unique pupil number"] = referral.child_upn
    address = answers.get("address") or {}
    line = ", ".join(x for x in (address.get("line_1"), address.get("town"), referral.child_postcode) if x)
    if line:
        shown["Address given"] = line
    enquiry = CouncilEnquiry.objects.create(
        from_la_id=referral.local_authority_id, from_referral=referral.reference, to_council=council,
        to_la=council.local_authority, child=shown, sent_by=officer, sent_at=clock.now(),
        questions=("A referral to us says this child lives in your area, so we have not opened a case. Please take "
                   "the referral on." + (f" {note.strip()}" if note.strip() else "")))
    sent, how = _deliver(enquiry, None)
    if not sent:
        enquiry.status, enquiry.answer = EnquiryStatus.WITHDRAWN, f"Not sent: {how}"
        enquiry.save(update_fields=["status", "answer"])
    return sent, how


def may_answer_enquiry(user: Any, enquiry: CouncilEnquiry) -> bool:
    return enquiry.to_la_id is not None and can(user, Action.TRIAGE_REFERRAL, Scope(enquiry.to_la_id))


ANSWERS = (EnquiryStatus.ACKNOWLEDGED, EnquiryStatus.FOUND, EnquiryStatus.NOT_KNOWN, EnquiryStatus.ACCEPTED,
           EnquiryStatus.REJECTED)


def answer_uses_link(status: EnquiryStatus) -> bool:
    """An acknowledgement leaves a secure link open for the answer that follows; any other answer uses it up."""
    return status != EnquiryStatus.ACKNOWLEDGED


@transaction.atomic
def enquiry_respond(*, enquiry: CouncilEnquiry, status: EnquiryStatus, answer: str, user: Any = None,
                    link: SecureLink | None = None, answered_by_name: str = "",
                    version: int | None = None, record: int | str | None = None) -> CouncilEnquiry:
    """The other council answers: acknowledged, found, not known, rejected (with the reason) or
    accepted. Accepting through the service opens the child's case in the receiving council
    (from the moved-in reason) for `record`: the id of the receiving council's own record of the
    child the officer answered from, or NOT_KNOWN_HERE for a new record (None: search for one).
    The sending case then closes as moved to another council."""
    if status not in ANSWERS:
        raise ValidationError("Choose an answer")
    if link is not None:
        if link.council_enquiry_id != enquiry.pk:
            raise PermissionDenied("This link is for another enquiry")
        if not answered_by_name.strip():
            raise ValidationError("Enter your name")
    elif not may_answer_enquiry(user, enquiry):
        raise PermissionDenied("This enquiry was not sent to your council")
    if enquiry.is_final:
        raise ValidationError(f"This enquiry is already closed: {enquiry.get_status_display().lower()}")
    if status == EnquiryStatus.REJECTED and not answer.strip():
        raise ValidationError("Give the reason for rejecting the enquiry")
    if link is not None and answer_uses_link(status):
        link_use(link)
    enquiry.status, enquiry.answer, enquiry.answered_at = status, answer.strip(), clock.now()
    enquiry.answered_by = user if link is None else None
    enquiry.answered_by_name = (answered_by_name.strip() if link is not None else user.full_name)[:160]
    save_if_current(enquiry, version=version, fields=["status", "answer", "answered_at", "answered_by",
                                                      "answered_by_name"])
    council = enquiry.to_council.name
    if status == EnquiryStatus.ACCEPTED and link is None:
        enquiry.receiving_case = _open_receiving_case(enquiry, user, record)
        enquiry.save(update_fields=["receiving_case"])
    case = enquiry.from_case
    if case is not None:
        said = f"{council} answered enquiry {enquiry.reference} ({enquiry.answered_by_name}): " \
               f"{enquiry.get_status_display()}" + (f". {enquiry.answer}" if enquiry.answer else "")
        cases.timeline_add(case=case, kind=TimelineKind.ENQUIRY, text=said)
        if status == EnquiryStatus.ACCEPTED:
            where = f" as case {enquiry.receiving_case.reference}" if enquiry.receiving_case_id else ""
            off_service = " They answered through the secure link and open the child's case in their own system: " \
                          "no case was opened in CME Tracker." if link is not None else ""
            cases.case_close_transferred(
                case=case, council_name=council,
                evidence=f"{council} accepted the child{where} on {_date(clock.today())} "
                         f"(enquiry {enquiry.reference}, {enquiry.answered_by_name}).{off_service}")
    return enquiry


def _carry_safeguarding_flags(enquiry: CouncilEnquiry, child: Child, user: Any) -> list[str]:
    """The sending council's safeguarding flags, set on the receiving council's record (never cleared:
    a flag this council holds and the sender did not is kept). Returns the flags' words."""
    said = {part.strip() for part in (enquiry.child or {}).get(SAFEGUARDING_KEY, "").split(";")}
    flags = {flag: True for flag, label in SAFEGUARDING_FLAGS.items() if label in said}
    if flags:
        children.child_set_flags(user=user, child=child, flags=flags)
    return [SAFEGUARDING_FLAGS[flag] for flag in flags]


def _open_receiving_case(enquiry: CouncilEnquiry, user: Any, record: int | str | None) -> Case:
    """The receiving council's own case, opened as moved in from another council, for the child's
    record in its index: the one the officer chose, else the one it holds already (same UPN, or
    same name and date of birth), or a new record. An open case there is linked instead of a
    second one."""
    # The name read as the answer page reads it (first, middle names, last), so the record the
    # page drafted the answer from is the one found here, not a second record made beside it.
    person = enquiry_person(enquiry)
    first, last = person.first_name or "Unknown", person.last_name or "Unknown"
    born, upn = person.date_of_birth, person.upn
    source = f"case {enquiry.from_case.reference}" if enquiry.from_case_id else f"referral {enquiry.from_referral}"
    summary = f"accepted from {enquiry.from_la.name} (enquiry {enquiry.reference}, their {source})"
    known = Child.objects.filter(local_authority=enquiry.to_la, merged_into__isnull=True)
    if isinstance(record, int):
        child = known.filter(pk=record).first()
        if child is None:
            raise ValidationError("The record you answered from is no longer in your council's index "
                                  "(it may have been merged): choose the record again")
    elif record == NOT_KNOWN_HERE:
        child = None
    else:  # Search before create: the receiving council may already know the child.
        known = known.filter(upn__iexact=upn) if upn else known.filter(
            first_name__iexact=first, last_name__iexact=last, date_of_birth=born) if born else known.none()
        child = known.first()
    if child is None:
        child = children.child_create(user=user, local_authority=enquiry.to_la, first_name=first, last_name=last,
                                      middle_names=person.middle_names, date_of_birth=born, sex="U", upn=upn)
    if carried := _carry_safeguarding_flags(enquiry, child, user):
        summary += f". {enquiry.from_la.name} said: {'; '.join(carried)}"
    if (open_case := Case.objects.open_for(child)) is not None:
        cases.timeline_add(case=open_case, kind=TimelineKind.ENQUIRY, by=user,
                           text=f"Enquiry {enquiry.reference} {summary}: linked to this open case")
        cases.risk_refresh(case=open_case)
        return open_case
    return cases.case_open(child=child, opened_by=user, primary_reason=dfe_return.REASONS_BY_SLUG[
        "moved-in-from-another-la"].code, start_date=clock.today(), source=CaseSource.OTHER_LA,
        allocate_to_id=user.pk if user.role in (Role.CME_OFFICER, Role.CME_MANAGER) else None,
        summary=f"Case opened: {summary}")


@transaction.atomic
def enquiry_withdraw(*, enquiry: CouncilEnquiry, officer: Any, reason: str) -> CouncilEnquiry:
    if enquiry.from_case is None:
        raise ValidationError("Only an enquiry from a case can be withdrawn here")
    require(officer, Action.EDIT_CASE, enquiry.from_case)
    if enquiry.is_final:
        raise ValidationError("This enquiry is already closed")
    if not reason.strip():
        raise ValidationError("Give the reason for withdrawing the enquiry")
    enquiry.status, enquiry.answer = EnquiryStatus.WITHDRAWN, reason.strip()
    save_if_current(enquiry, version=None, fields=["status", "answer"])
    enquiry.links.filter(used_at__isnull=True).update(expires_at=F("created_at"))
    cases.timeline_add(case=enquiry.from_case, kind=TimelineKind.ENQUIRY, by=officer,
                       text=f"Enquiry {enquiry.reference} to {enquiry.to_council.name} withdrawn: {reason.strip()}")
    return enquiry


# -- the directory of councils ---------------------------------------------------------------

@transaction.atomic
def council_contact_save(*, council: Council, user: Any, email: str, phone: str, address: str) -> Council:
    require(user, Action.MANAGE_COUNCILS)
    council.cme_team_email, council.cme_team_phone = email.strip(), phone.strip()
    council.cme_team_address, council.contact_updated_at = address.strip(), clock.now()
    council.save(update_fields=["cme_team_email", "cme_team_phone", "cme_team_address", "contact_updated_at"])
    return council


# -- multi-agency panels ------------------------------------------------------------------------

@transaction.atomic
def panel_create(*, officer: Any, meets_on: dt.date, title: str, chair_id: int, attendees: list[dict[str, Any]]):
    """A panel meeting with its chair and attendees (`name`, optional `agency_id` and `role`)."""
    from .models import Panel, PanelAttendee

    require(officer, Action.EDIT_CASE, officer.local_authority)
    chair = User.objects.filter(pk=chair_id, local_authority_id=officer.local_authority_id, is_active=True).first()
    if chair is None:
        raise ValidationError("Choose the chair from this council's staff")
    panel = Panel.objects.create(local_authority_id=officer.local_authority_id, meets_on=meets_on,
                                 title=title.strip() or "Multi-agency CME panel", chair=chair, created_by=officer)
    for attendee in attendees:
        agency_id = attendee.get("agency_id")
        if agency_id and not Agency.objects.filter(pk=agency_id, local_authority_id=panel.local_authority_id).exists():
            raise ValidationError("Choose an agency of this council")
        PanelAttendee.objects.create(panel=panel, name=attendee["name"].strip()[:160], agency_id=agency_id or None,
                                     role=attendee.get("role", "").strip()[:160])
    return panel


@transaction.atomic
def panel_add_case(*, panel: Any, officer: Any, case: Case):
    from .models import PanelCase

    require(officer, Action.EDIT_CASE, case)
    if case.local_authority_id != panel.local_authority_id:
        raise ValidationError("That case is not this council's")
    item, made = PanelCase.objects.get_or_create(panel=panel, case=case)
    if not made:
        raise ValidationError(f"Case {case.reference} is already on this panel's list")
    cases.timeline_add(case=case, kind=TimelineKind.NOTE, by=officer,
                       text=f"To be discussed at {panel.title} on {_date(panel.meets_on)}")
    return item


@transaction.atomic
def panel_record(*, item: Any, officer: Any, decision: str, action: str = "", due_on: dt.date | None = None,
                 owner_id: int | None = None, agency_id: int | None = None):
    """The panel's decision on a case, and an action if one was agreed: an officer's task, or a
    check in the agency's queue (or emailed, for an agency without accounts)."""
    from .models import PanelAction

    case = item.case
    require(officer, Action.EDIT_CASE, case)
    if not decision.strip():
        raise ValidationError("Record the panel's decision")
    item.decision = decision.strip()
    item.save(update_fields=["decision"])
    panel = item.panel
    cases.timeline_add(case=case, kind=TimelineKind.NOTE, by=officer,
                       text=f"{panel.title} on {_date(panel.meets_on)} decided: {item.decision}")
    if not action.strip():
        return None
    if due_on is None:
        raise ValidationError("Give the date the action is due")
    if bool(owner_id) == bool(agency_id):
        raise ValidationError("Give the action to an officer or to an agency")
    record = PanelAction(item=item, text=action.strip(), due_on=due_on)
    if owner_id:
        owner = User.objects.filter(pk=owner_id, local_authority_id=case.local_authority_id,
                                    role__in=[Role.CME_OFFICER, Role.CME_MANAGER], is_active=True).first()
        if owner is None:
            raise ValidationError("Choose an officer of this council")
        record.owner = owner
        record.task = cases.task_raise(local_authority_id=case.local_authority_id, kind=TaskKind.OTHER,
                                       title=f"Panel action: {record.text}"[:200], due_on=due_on, child=case.child,
                                       case=case, owner=owner, detail=f"Agreed at {panel.title} on "
                                                                      f"{_date(panel.meets_on)}")
    else:
        agency = Agency.objects.filter(pk=agency_id, local_authority_id=case.local_authority_id).first()
        if agency is None:
            raise ValidationError("Choose an agency of this council")
        record.agency = agency
        days = max(1, sum(1 for n in range((due_on - clock.today()).days) if
                          (clock.today() + dt.timedelta(days=n + 1)).weekday() < 5))
        record.agency_check = check_send(case=case, officer=officer, agency=agency, team="",
                                         question=f"Panel action ({panel.title}, {_date(panel.meets_on)}): "
                                                  f"{record.text}", fields=[SharedField.NAME, SharedField.DATE_OF_BIRTH],
                                         school_days=min(days, 60))
    record.save()
    cases.timeline_add(case=case, kind=TimelineKind.TASK, by=officer,
                       text=f"Panel action for {record.owner.full_name if record.owner else record.agency.name}: "
                            f"{record.text}, due {_date(due_on)}")
    return record


# -- "known elsewhere" ------------------------------------------------------------------------

def known_elsewhere(*, user: Any, first_name: str, last_name: str, date_of_birth: dt.date | None, upn: str = "",
                    about: str = "", names: tuple[str, ...] = ()) -> list[Any]:
    """Whether other councils on this deployment hold a matching child (same UPN, or same name and
    date of birth; a search's `names` may come in any order): only which council and how to reach
    its CME team, never the record. The lookup is in the access log of the council that looked
    and of each council that holds one."""
    from django.db.models.functions import Lower

    from cme.audit.services import access_record
    from cme.children.events import Elsewhere

    named = bool(first_name and last_name) or len(names) >= 2
    if not can(user, Action.TRIAGE_REFERRAL) or not (upn or (named and date_of_birth)):
        return []
    # Only the councils that share the deployment, named, so the search uses each council's name
    # and date-of-birth indexes; a deployment of one council has nobody to ask and nothing to log.
    other_councils = list(LocalAuthority.objects.exclude(pk=user.local_authority_id).values_list("pk", flat=True))
    if not other_councils:
        return []
    others = Child.objects.filter(local_authority_id__in=other_councils, merged_into__isnull=True)
    if upn:
        matches = others.filter(upn=upn)
    elif names:
        lowered = [name.lower() for name in names]
        matches = others.annotate(first=Lower("first_name"), last=Lower("last_name")).filter(
            first__in=lowered, last__in=lowered, date_of_birth=date_of_birth)
    else:
        matches = others.filter(first_name__iexact=first_name.strip(), last_name__iexact=last_name.strip(),
                                date_of_birth=date_of_birth)
    found: dict[int, list[int]] = {}
    for child_id, la_id in matches.values_list("pk", "local_authority_id")[:20]:
        found.setdefault(la_id, []).append(child_id)
    answers = []
    for la_id, child_ids in found.items():
        council = Council.objects.filter(local_authority_id=la_id).select_related("local_authority").first()
        # A council on the deployment missing from the directory is still named, from its own record.
        la = council.local_authority if council else LocalAuthority.objects.filter(pk=la_id).first()
        name = council.name if council else la.name if la else "another council"
        email = (council.cme_team_email if council else "") or (la.cme_contact_email if la else "")
        phone = (council.cme_team_phone if council else "") or (la.cme_contact_phone if la else "")
        access_record(user=user, local_authority_id=la_id, record_type="known-elsewhere", record_id=None,
                      record_label=f"Lookup by {user.local_authority.name if user.local_authority_id else 'a user'}",
                      purpose=f"Another council's lookup found a matching child{f' ({about})' if about else ''}",
                      child_ids=child_ids)
        answers.append(Elsewhere(council=name, contact=", ".join(x for x in (email, phone) if x)))
    access_record(user=user, local_authority_id=user.local_authority_id, record_type="known-elsewhere",
                  record_id=None, record_label=about[:200],
                  purpose="Looked for the child in other councils: " + (
                      "held by " + ", ".join(a.council for a in answers) if answers else "none found"))
    return answers


# -- the CTF trail ------------------------------------------------------------------------------

@transaction.atomic
def ctf_record(*, case: Case, officer: Any, kind: str, on: dt.date, other_party: str, note: str):
    """A step in the child's CTF trail. A lost-pupil CTF received or uploaded answers the case's
    Lost Pupil Database enquiry, which "whereabouts unknown" needs before the case can close."""
    from cme.cases.models import EnquiryStatus as CaseEnquiryStatus

    from .models import LOST_PUPIL_KINDS, CtfEvent, CtfKind

    require(officer, Action.EDIT_CASE, case)
    if kind not in CtfKind.values:
        raise ValidationError("Choose what happened to the CTF")
    if on > clock.today():
        raise ValidationError("The date cannot be in the future")
    event = CtfEvent.objects.create(case=case, kind=kind, on=on, other_party=other_party.strip()[:200],
                                    note=note.strip(), by=officer, at=clock.now())
    words = f"{event.get_kind_display()} on {_date(on)}" + (f" ({event.other_party})" if event.other_party else "")
    if kind in LOST_PUPIL_KINDS or kind == CtfKind.LPD_SEARCHED:
        enquiry = case.enquiries.filter(kind=EnquiryKind.LOST_PUPIL_DATABASE).first()
        if enquiry is None:
            enquiry = cases.enquiry_add(case=case, officer=officer, kind=EnquiryKind.LOST_PUPIL_DATABASE, about="")
        if enquiry.status == CaseEnquiryStatus.TO_DO and kind in LOST_PUPIL_KINDS:
            cases.enquiry_set_status(enquiry=enquiry, officer=officer, status=CaseEnquiryStatus.DONE,
                                     result=f"CTF trail: {words}")
            return event
    cases.timeline_add(case=case, kind=TimelineKind.ENQUIRY, by=officer, text=f"CTF trail: {words}. {note}".strip())
    return event


def ctf_from_transfer_file(*, case: Case, lost: bool, on: dt.date, sender: str, file_name: str) -> Any:
    """A school's CTF import held a lost-pupil file (XXX) or one to abroad (MMM) for the case's
    child: the step is on the CTF trail as received from that school, with no officer re-keying
    it, and a lost-pupil file answers the Lost Pupil Database enquiry, as recording it by hand
    does, so the case may close as "whereabouts unknown" once the other enquiries are made."""
    from .models import CtfEvent, CtfKind

    kind = CtfKind.LOST_RECEIVED if lost else CtfKind.ABROAD
    step = {"case": case, "kind": kind, "on": min(on, clock.today()), "other_party": sender[:200],
            "from_file": file_name[:200]}
    if (already := CtfEvent.objects.filter(**step).first()) is not None:
        return already  # the same file imported again: the step is on the trail once
    event = CtfEvent.objects.create(**step, by=None, at=clock.now())
    words = f"{event.get_kind_display()} on {_date(event.on)}" + (f" ({event.other_party})" if sender else "")
    if lost:
        cases.enquiry_done_by_notice(case=case, kind=EnquiryKind.LOST_PUPIL_DATABASE,
                                     result=f"CTF trail: {words}, from the school's CTF {file_name}".strip())
    else:
        cases.timeline_add(case=case, kind=TimelineKind.ENQUIRY, text=f"CTF trail: {words}, from the school's CTF "
                                                                       f"{file_name}".strip())
    return event


# -- reminders ----------------------------------------------------------------------------------

def check_reminders_send(today: dt.date | None = None) -> int:
    """Each morning, for checks due today or overdue and not answered: one email to each agency
    with accounts (to its users, naming no child), and a fresh secure link to an agency without
    (its earlier link stops working). Each reminder is on the case. Returns how many were sent."""
    today = today or clock.today()
    waiting = list(AgencyCheck.objects.filter(status=CheckStatus.SENT, due_on__lte=today)
                   .exclude(reminded_on=today).select_related("agency", "case", "local_authority"))
    sent = 0
    by_agency: dict[int, list[AgencyCheck]] = {}
    for check in waiting:
        if check.by_email_to:
            check.links.filter(used_at__isnull=True).update(expires_at=F("created_at"))
            token = link_make(purpose=LinkPurpose.AGENCY_CHECK, sent_to=check.by_email_to, agency_check=check)
            state = "overdue" if check.due_on < today else "due today"
            link = f"{_site()}{reverse('partners:answer-link', args=[token])}"
            message = message_send(
                local_authority_id=check.local_authority_id, case=check.case, to=check.by_email_to, secret=link,
                subject=f"Reminder: check {check.reference} from {check.local_authority.name} is {state}",
                body=(f"The children missing education team at {check.local_authority.name} is still waiting for "
                      f"{check.agency.name}'s answer to check {check.reference} (due {_date(check.due_on)}).\n\n"
                      f"Answer through this new secure link (the earlier one no longer works):\n{link}\n"))
            _record_message(message, check.case, f"reminder for check {check.reference}")
            sent += message.status == MessageStatus.SENT
        else:
            by_agency.setdefault(check.agency_id, []).append(check)
            cases.timeline_add(case=check.case, kind=TimelineKind.ENQUIRY,
                               text=f"Reminder to {check.agency.name}: check {check.reference} is "
                                    f"{'overdue' if check.due_on < today else 'due today'}")
    for checks in by_agency.values():
        agency = checks[0].agency
        lines = [f"- {c.reference} from {c.local_authority.name}, due {_date(c.due_on)}"
                 + (" (overdue)" if c.due_on < today else "") for c in checks]
        for user in User.objects.filter(agency=agency, role=Role.AGENCY_USER, is_active=True):
            message = message_send(
                local_authority_id=agency.local_authority_id, to=user.email,
                subject=f"CME Tracker: {len(checks)} check{'s' if len(checks) != 1 else ''} waiting for {agency.name}",
                body="\n".join([f"Good morning {user.full_name.split()[0]},", "",
                                "Children missing education teams are waiting for your agency's answers:", *lines, "",
                                f"Your checks: {_site()}{reverse('partners:agency-queue')}", "",
                                "This email names no child. Sign in to CME Tracker to see the details."]))
            sent += message.status == MessageStatus.SENT
    AgencyCheck.objects.filter(pk__in=[c.pk for c in waiting]).update(reminded_on=today)
    return sent
