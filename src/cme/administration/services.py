"""Writes for the council's administrator: invite a person (an account with no password and an
email to choose one), change an account's name, role or organisation, switch it off and on.
Every change is in the account's change history (pghistory on User, with who made it)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse

from cme.accounts.models import Agency, User
from cme.accounts.policy import Action, require
from cme.accounts.roles import ROLE_LABELS, Role
from cme.cases.selectors import open_work_of
from cme.core import clock
from cme.core.history import save_if_current
from cme.core.uploads import FileRefused
from cme.core.words import counted
from cme.partners.mail import message_send
from cme.partners.models import Message, MessageStatus
from cme.schools.models import School


@dataclass(frozen=True)
class AccountDetails:
    """What an administrator says of a person: the same for a new account and a changed one."""

    full_name: str
    job_title: str
    role: Role
    school_id: int | None = None
    agency_id: int | None = None


def _checked(by: Any, details: AccountDetails) -> dict[str, Any]:
    """The account's fields, once the organisation fits the role and belongs to the council."""
    if not details.full_name.strip():
        raise ValidationError({"full_name": "Enter the person's full name"})
    school_id = details.school_id if details.role is Role.SCHOOL_USER else None
    agency_id = details.agency_id if details.role is Role.AGENCY_USER else None
    if details.role is Role.SCHOOL_USER and not School.objects.filter(
            pk=school_id, local_authority_id=by.local_authority_id).exists():
        raise ValidationError({"school": "Choose the school this person works at, from this council's schools"})
    if details.role is Role.AGENCY_USER and not Agency.objects.filter(
            pk=agency_id, local_authority_id=by.local_authority_id).exists():
        raise ValidationError({"agency": "Choose the agency this person works for, from this council's partner "
                                         "agencies"})
    return {"full_name": details.full_name.strip()[:150], "job_title": details.job_title.strip()[:120],
            "role": details.role.value, "school_id": school_id, "agency_id": agency_id}


def invitation_link(account: User) -> str:
    """A link to choose a password (allauth's password-reset key: it works until the password is set, and
    for PASSWORD_RESET_TIMEOUT)."""
    from allauth.account.forms import default_token_generator
    from allauth.account.utils import user_pk_to_url_str

    path = reverse("account_reset_password_from_key",
                   kwargs={"uidb36": user_pk_to_url_str(account), "key": default_token_generator.make_token(account)})
    return settings.CME_SERVICE_URL.rstrip("/") + path


def invitation_send(*, by: Any, account: User, reset: bool = False) -> Message:
    """Email the person a link to choose their password (a new account's, or after `sign_in_reset`).
    Sent while the administrator waits: the record says whether it went."""
    require(by, Action.MANAGE_USERS, by.local_authority)
    if account.local_authority_id != by.local_authority_id:
        raise PermissionDenied("That account is another council's")
    if not account.is_active:
        raise ValidationError("The account is switched off: switch it on before inviting the person")
    council = by.local_authority.name
    days = max(1, settings.PASSWORD_RESET_TIMEOUT // 86_400)
    link = invitation_link(account)
    return message_send(
        local_authority_id=by.local_authority_id, to=account.email, secret=link,
        subject=f"Your CME Tracker account at {council}",
        body=((f"{by.full_name} has reset how you sign in to CME Tracker, {council}'s service for children "
               "missing education: your old password and authenticator app no longer work." if reset else
               f"{by.full_name} has made you an account in CME Tracker, {council}'s service for children missing "
               f"education, as {Role(account.role).label}.")
              + f"\n\nChoose your password through this link (it works once, for {counted(days, 'day')}):\n"
              f"{link}\n\n"
              "Then sign in with your email address and that password. The first time, you will set up an "
              "authenticator app on your phone: CME Tracker asks for a code from it every time you sign in.\n\n"
              "If you did not expect this email, tell the council's CME team.\n"))


@transaction.atomic
def user_invite(*, by: Any, email: str, details: AccountDetails) -> tuple[User, Message]:
    """A new account in the administrator's council, with no password until the person chooses one
    through the emailed link."""
    require(by, Action.MANAGE_USERS, by.local_authority)
    email = email.strip().lower()
    if not email:
        raise ValidationError({"email": "Enter the person's email address"})
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": f"There is already an account for {email}"})
    account = User.objects.create_user(email, None, local_authority_id=by.local_authority_id,
                                       **_checked(by, details))
    return account, invitation_send(by=by, account=account)


@transaction.atomic
def sign_in_reset(*, by: Any, account: User) -> Message:
    """For a person who has lost the phone with their authenticator app, or cannot reset their own
    password: their password and authenticator go, which signs them out everywhere (Django checks the
    password's hash on every request), and they are emailed a link to choose a new password, then set up
    an authenticator app again. The reset is in the account's change history (`sign_in_reset_at`)."""
    from allauth.mfa.models import Authenticator

    require(by, Action.MANAGE_USERS, by.local_authority)
    if account.local_authority_id != by.local_authority_id:
        raise PermissionDenied("That account is another council's")
    if account.pk == by.pk:
        raise ValidationError("You cannot reset your own sign-in: ask another administrator")
    if not account.is_active:
        raise ValidationError("The account is switched off: switch it on before resetting its sign-in")
    Authenticator.objects.filter(user=account).delete()  # the app's secret and the recovery codes
    account.set_unusable_password()
    account.sign_in_reset_at = clock.now()
    account.save(update_fields=["password", "sign_in_reset_at"])
    return invitation_send(by=by, account=account, reset=True)


@transaction.atomic
def user_change(*, by: Any, account: User, details: AccountDetails, active: bool, version: int | None) -> User:
    """Change an account. Refused if someone changed it since the form was opened (its version), and for
    the administrator's own role or access (so a council is never left without one who can sign in)."""
    require(by, Action.MANAGE_USERS, by.local_authority)
    if account.local_authority_id != by.local_authority_id:
        raise PermissionDenied("That account is another council's")
    if account.pk == by.pk and (not active or details.role is not Role.ADMINISTRATOR):
        raise ValidationError("You cannot switch off your own account or change your own role: ask another "
                              "administrator")
    officer_roles = {Role.CME_OFFICER, Role.CME_MANAGER}
    if account.role in officer_roles and (not active or details.role not in officer_roles):
        cases, tasks = open_work_of(user_id=account.pk)
        if cases or tasks:
            # Administrators do no casework: a manager hands the work on, so no case is left with nobody
            # able to see it in the team's queue.
            raise ValidationError(
                f"{account.full_name} still has {counted(cases, 'open case')} and {counted(tasks, 'open task')}: "
                "ask a CME manager to allocate them to someone else first")
    fields = _checked(by, details) | {"is_active": active}
    for name, value in fields.items():
        setattr(account, name, value)
    return save_if_current(account, version=version, fields=[name.removesuffix("_id") for name in fields])


@dataclass(frozen=True)
class CouncilSetUp:
    local_authority: Any
    administrator: User
    council_made: bool
    administrator_made: bool
    link: str  # for the administrator to choose a password ("" once they have one)


@transaction.atomic
def council_setup(*, code: str, name: str, admin_email: str, admin_name: str) -> CouncilSetUp:
    """A new deployment's first step (`cme setup_council`): the council, by its DfE number, and its
    first administrator, who then adds everyone else from the Users page. Run again, it makes
    nothing twice and gives a fresh link while the administrator has not yet chosen a password."""
    from cme.accounts.models import Council, LocalAuthority, three_digits

    three_digits(code)
    directory = Council.objects.filter(code=code).first()
    la = LocalAuthority.objects.filter(code=code).first()
    council_made = la is None
    if la is None:
        name = name.strip() or (directory.name if directory else "")
        if not name:
            raise ValidationError(f"No council with the number {code} is in the directory: give its name with --name")
        la = LocalAuthority.objects.create(code=code, name=name[:120])
    if directory is not None and directory.local_authority_id is None:
        directory.local_authority = la
        directory.save(update_fields=["local_authority"])
    email = admin_email.strip().lower()
    account = User.objects.filter(email__iexact=email).first()
    administrator_made = account is None
    if account is None:
        if not admin_name.strip():
            raise ValidationError("Give the administrator's name with --admin-name")
        account = User.objects.create_user(email, None, local_authority=la, role=Role.ADMINISTRATOR.value,
                                           full_name=admin_name.strip()[:150])
    elif account.local_authority_id != la.pk or account.role != Role.ADMINISTRATOR:
        raise ValidationError(f"{email} already has an account that is not {la.name}'s administrator")
    link = "" if account.has_usable_password() else invitation_link(account)
    return CouncilSetUp(la, account, council_made, administrator_made, link)


SCHOOL_FIELDS = ["name", "laestab", "urn", "phase", "establishment_type", "postcode", "email", "is_open"]
AGENCY_FIELDS = ["name", "kind", "email", "phone"]


@transaction.atomic
def organisation_save(*, by: Any, record: School | Agency, values: dict[str, Any], version: int | None = None) -> Any:
    """Add a school or partner agency to the administrator's council, or change one. A change made by
    someone else since the form was opened (its version) is not overwritten."""
    require(by, Action.MANAGE_ORGANISATIONS, by.local_authority)
    if record.pk is not None and record.local_authority_id != by.local_authority_id:
        raise PermissionDenied("That is another council's")
    fields = SCHOOL_FIELDS if isinstance(record, School) else AGENCY_FIELDS
    if isinstance(record, Agency) and Agency.objects.filter(
            local_authority_id=by.local_authority_id, name__iexact=values.get("name", "").strip()).exclude(
            pk=record.pk).exists():
        raise ValidationError({"name": f"This council already has an agency called {values['name'].strip()}"})
    record.local_authority_id = by.local_authority_id
    for name in fields:
        if name in values:
            setattr(record, name, values[name])
    record.full_clean()
    if record.pk is None:
        record.save()
        return record
    return save_if_current(record, version=version, fields=fields)


def schools_from_gias(*, by: Any, data: bytes) -> Any:
    """The council's schools from a Get Information about Schools extract, uploaded by its administrator:
    all or nothing, as `cme import-gias` loads it (schools.services.schools_import_gias)."""
    from cme.schools.services import schools_import_gias

    require(by, Action.MANAGE_ORGANISATIONS, by.local_authority)
    return schools_import_gias(local_authority=by.local_authority, data=data)


@dataclass(frozen=True)
class StaffAdded:
    accounts: list[User]
    not_sent: list[Message]  # invitations the mail server did not take: sent again from each person's page


def _organisation_ids(by: Any, people: list[Any]) -> tuple[dict[int, dict[str, int]], list[tuple[int, str]]]:
    """Each school or agency user's organisation (by line), found among the council's own: a school by
    its LAESTAB, URN or name, an agency by its name. Council staff belong to none: a name there is ignored."""
    schools: dict[str, int] = {}
    for pk, laestab, urn, name in School.objects.filter(local_authority_id=by.local_authority_id).values_list(
            "pk", "laestab", "urn", "name"):
        schools.update({laestab: pk, name.lower(): pk, **({urn: pk} if urn else {})})
    agencies = {name.lower(): pk for pk, name in Agency.objects.filter(
        local_authority_id=by.local_authority_id).values_list("pk", "name")}
    found, errors = {}, []
    council = by.local_authority.name
    for person in people:
        written = person.organisation.strip()
        if person.role == Role.SCHOOL_USER:
            school = schools.get(written) or schools.get(written.lower())
            if school is None:
                errors.append((person.line, f"a school user needs a school of {council}: “{written}” is not one"
                               if written else "a school user needs their school (its name, LAESTAB or URN)"))
            found[person.line] = {"school_id": school}
        elif person.role == Role.AGENCY_USER:
            agency = agencies.get(written.lower())
            if agency is None:
                errors.append((person.line, f"a partner agency user needs one of {council}'s agencies: “{written}” "
                               "is not one" if written else "a partner agency user needs their agency's name"))
            found[person.line] = {"agency_id": agency}
        else:
            found[person.line] = {}
    return found, errors


def staff_invite(*, by: Any, data: bytes) -> StaffAdded:
    """Many people at once from a CSV (cme.formats.staff): all or nothing, every bad row by its line.
    Each account is made as on the Users page and each person emailed their invitation."""
    from cme.core import uploads
    from cme.formats.spreadsheets import decode_text
    from cme.formats.staff import read_staff

    require(by, Action.MANAGE_USERS, by.local_authority)
    read = read_staff(decode_text(data), roles={label: role.value for role, label in ROLE_LABELS.items()})
    if problem := uploads.limit(uploads.Upload.STAFF_CSV).count_error(len(read.people)):
        raise FileRefused(problem)
    organisations, errors = _organisation_ids(by, read.people)
    errors += read.errors
    taken = set(User.objects.filter(email__in=[p.email for p in read.people]).values_list("email", flat=True))
    errors += [(p.line, f"there is already an account for {p.email}") for p in read.people if p.email in taken]
    if not errors and not read.people:
        raise FileRefused("The file has nobody in it: one person a row, under the headings")
    if errors:
        errors.sort()
        raise FileRefused(f"{counted(len({line for line, _ in errors}), 'row')} to correct: nobody was added",
                           errors)
    with transaction.atomic():
        accounts = [User.objects.create_user(
            person.email, None, local_authority_id=by.local_authority_id, full_name=person.full_name,
            job_title=person.job_title, role=person.role, **organisations[person.line]) for person in read.people]
    # Sent once every account is made, each recorded; one the mail server refused is sent again later.
    sent = [invitation_send(by=by, account=account) for account in accounts]
    return StaffAdded(accounts, [message for message in sent if message.status != MessageStatus.SENT])
