"""The administrator's pages: the council's user accounts, adding a person (who is emailed a link
to choose a password) and changing an account. Thin: the rules are in services."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from cme.accounts.access import requires
from cme.accounts.policy import Action
from cme.accounts.roles import ROLE_LABELS, Role
from cme.audit.selectors import stale_message
from cme.core.history import StaleEdit
from cme.core.uploads import FileRefused
from cme.core.words import counted
from cme.partners.models import MessageStatus

from . import forms, selectors, services


def _posted(request):
    return request.POST if request.method == "POST" else None


def _form(request, *, new: bool, initial: dict | None = None) -> forms.AccountForm:
    return forms.AccountForm(_posted(request), initial=initial, new=new, schools=selectors.schools(user=request.user),
                             agencies=selectors.agencies(user=request.user))


def _details(form: forms.AccountForm) -> services.AccountDetails:
    data = form.cleaned_data
    return services.AccountDetails(full_name=data["full_name"], job_title=data["job_title"], role=Role(data["role"]),
                                   school_id=data.get("school"), agency_id=data.get("agency"))


def _invitation_said(request, account, message, *, what: str = "An invitation to choose a password") -> None:
    if message.status == MessageStatus.SENT:
        messages.success(request, f"{what} has been emailed to {account.email}")
    else:
        messages.error(request, f"The email to {account.email} could not be sent ({message.problem}). "
                                "Use “Send the invitation again” once the mail server is working")


def _page(request, form, *, title: str, account=None, status: int | None = None):
    history = selectors.account_history(user=request.user, account=account) if account else []
    return render(request, "administration/user_form.html",
                  {"title": title, "form": form, "account": account, "history": history},
                  status=status or (400 if form.is_bound and form.errors else 200))


@requires(Action.MANAGE_USERS)
def users(request):
    return render(request, "administration/users.html", {
        "title": "User accounts", "accounts": list(selectors.council_users(user=request.user))})


@requires(Action.MANAGE_USERS)
def user_new(request):
    form = _form(request, new=True)
    if form.is_bound and form.is_valid():
        try:
            account, message = services.user_invite(by=request.user, email=form.cleaned_data["email"],
                                                    details=_details(form))
        except ValidationError as problem:
            form.add_error(None, problem)  # an error about one field is shown beside it
        else:
            _invitation_said(request, account, message)
            return redirect("administration:users")
    return _page(request, form, title="Add a person")


def _upload_page(request, form_class, load, said, *, template: str, title: str, done_url: str, **context):
    """An uploaded file loaded all or nothing (`load(data)`), then `said(result)` in the banner; if refused,
    the page again with each row to correct listed by its line."""
    form = form_class(_posted(request), request.FILES or None)
    refused = None
    if form.is_bound and form.is_valid():
        try:
            result = load(form.cleaned_data["file"].read())
        except FileRefused as problem:
            refused = problem
            form.add_error("file", problem.summary)
        else:
            said(result)
            return redirect(done_url)
    return render(request, template, {"title": title, "form": form, "bad_rows": refused.lines if refused else [],
                                      **context}, status=400 if form.is_bound and form.errors else 200)


@requires(Action.MANAGE_USERS)
def users_upload(request):
    """Many people at once from a CSV: nobody is added while any row is wrong."""

    def said(added) -> None:
        sent = len(added.accounts) - len(added.not_sent)
        messages.success(request, f"{counted(len(added.accounts), 'person', 'people')} added. "
                                  f"{counted(sent, 'invitation')} to choose a password emailed.")
        if added.not_sent:
            messages.error(request, "These invitations could not be sent: " + ", ".join(
                f"{message.to} ({message.problem})" for message in added.not_sent)
                + ". Use “Send the invitation again” on each person's page once the mail server is working")

    return _upload_page(request, forms.StaffUploadForm, lambda data: services.staff_invite(by=request.user, data=data),
                        said, template="administration/users_upload.html", title="Add people from a list",
                        done_url="administration:users", roles=[ROLE_LABELS[role] for role in Role])


@requires(Action.MANAGE_USERS)
def users_upload_template(request):
    from cme.formats.staff import template

    response = HttpResponse(template(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="people-to-add.csv"'
    return response


@requires(Action.MANAGE_USERS)
def user_edit(request, user_id: int):
    account = selectors.council_user(user=request.user, user_id=user_id)
    form = _form(request, new=False, initial={
        "full_name": account.full_name, "job_title": account.job_title, "role": account.role,
        "school": account.school_id, "agency": account.agency_id, "active": "yes" if account.is_active else "no",
        "version": account.version})
    title = f"Change {account.full_name}'s account"
    if form.is_bound and form.is_valid():
        try:
            services.user_change(by=request.user, account=account, details=_details(form),
                                 active=form.cleaned_data["active"], version=form.cleaned_data["version"])
        except StaleEdit as stale:
            messages.error(request, stale_message(stale.current, "this account"))
            return redirect("administration:user", user_id=account.pk)
        except ValidationError as problem:
            form.add_error(None, problem)
        else:
            messages.success(request, f"{account.full_name}'s account saved")
            return redirect("administration:users")
    return _page(request, form, title=title, account=account)


@requires(Action.MANAGE_USERS)
@require_POST
def user_invite_again(request, user_id: int):
    account = selectors.council_user(user=request.user, user_id=user_id)
    try:
        message = services.invitation_send(by=request.user, account=account)
    except (ValidationError, PermissionDenied) as problem:
        messages.error(request, problem.messages[0] if isinstance(problem, ValidationError) else str(problem))
    else:
        _invitation_said(request, account, message)
    return redirect("administration:user", user_id=account.pk)


@requires(Action.MANAGE_USERS)
def user_sign_in_reset(request, user_id: int):
    """Asks first (GET), then resets (POST): the person is signed out and must set up again."""
    account = selectors.council_user(user=request.user, user_id=user_id)
    if request.method == "POST":
        try:
            message = services.sign_in_reset(by=request.user, account=account)
        except (ValidationError, PermissionDenied) as problem:
            messages.error(request, problem.messages[0] if isinstance(problem, ValidationError) else str(problem))
        else:
            _invitation_said(request, account, message,
                             what=f"{account.full_name}'s password and authenticator app no longer work. A link to "
                                  "choose a new password")
        return redirect("administration:user", user_id=account.pk)
    return render(request, "administration/user_reset.html",
                  {"title": f"Reset {account.full_name}'s sign-in", "account": account})


# -- schools and partner agencies -----------------------------------------------------------------

@requires(Action.MANAGE_ORGANISATIONS)
def organisations(request):
    return render(request, "administration/organisations.html", {
        "title": "Schools and partner agencies", "schools": list(selectors.council_schools(user=request.user)),
        "agencies": list(selectors.council_agencies(user=request.user))})


def _organisation_page(request, record, form_class, fields: list[str], *, noun: str):
    """Add (record without a pk) or change a school or agency: the same page for both."""
    initial = {"version": record.version} if record.pk else {}
    form = form_class(_posted(request), instance=record if record.pk else None, initial=initial)
    title = f"Change {record.name}" if record.pk else f"Add {noun}"
    if form.is_bound and form.is_valid():
        values = {name: form.cleaned_data[name] for name in fields}
        try:
            saved = services.organisation_save(by=request.user, record=record, values=values,
                                               version=form.cleaned_data.get("version"))
        except StaleEdit as stale:
            messages.error(request, stale_message(stale.current, f"this {noun.split(' ', 1)[1]}"))
            return redirect(request.path)
        except ValidationError as problem:
            form.add_error(None, problem)
        else:
            messages.success(request, f"{saved.name} saved")
            return redirect("administration:organisations")
    return render(request, "administration/organisation_form.html", {"title": title, "form": form},
                  status=400 if form.is_bound and form.errors else 200)


@requires(Action.MANAGE_ORGANISATIONS)
def school_edit(request, school_id: int | None = None):
    from cme.schools.models import School

    school = selectors.council_school(user=request.user, school_id=school_id) if school_id else School()
    return _organisation_page(request, school, forms.SchoolForm, services.SCHOOL_FIELDS, noun="a school")


@requires(Action.MANAGE_ORGANISATIONS)
def agency_edit(request, agency_id: int | None = None):
    from cme.accounts.models import Agency

    agency = selectors.council_agency(user=request.user, agency_id=agency_id) if agency_id else Agency()
    return _organisation_page(request, agency, forms.AgencyForm, services.AGENCY_FIELDS, noun="a partner agency")


@requires(Action.MANAGE_ORGANISATIONS)
def schools_gias(request):
    """Bring the council's schools up to date from a GIAS extract: nothing is loaded while any row is wrong."""

    def said(done) -> None:
        loaded = done.loaded
        messages.success(request, " ".join([
            f"{counted(len(done.read.schools), 'school')} of {request.user.local_authority.name} in the file: "
            f"{loaded.created} added, {loaded.updated} brought up to date, {loaded.unchanged} unchanged.",
            *done.notes]))

    return _upload_page(request, forms.GiasUploadForm,
                        lambda data: services.schools_from_gias(by=request.user, data=data), said,
                        template="administration/gias_upload.html",
                        title="Bring schools up to date from Get Information about Schools",
                        done_url="administration:organisations")
