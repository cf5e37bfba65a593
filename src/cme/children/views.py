from __future__ import annotations

from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from cme.accounts.access import requires
from cme.accounts.policy import Action, can, require
from cme.audit.selectors import stale_message
from cme.core import clock
from cme.core.history import StaleEdit
from cme.core.rules_config import leaving_rule, validate_upn
from cme.rules import child_records, school_age

from . import selectors, services
from .forms import (
    AddressForm,
    ContactForm,
    DetailsForm,
    MergeConfirmForm,
    MergeReferenceForm,
    NewChildForm,
    SchoolForm,
    SiblingForm,
    UndoMergeForm,
)

NEW_CHILD_SALT = "cme.children.new"
NEW_CHILD_MAX_AGE = 2 * 60 * 60  # seconds a search stays good for creating from it


@requires(Action.VIEW_CHILD)
def child_list(request):
    query = request.GET.get("q", "")[:200]
    found = selectors.children_search(user=request.user, query=query, page=request.GET.get("page"), request=request)
    return render(request, "children/list.html", {"found": found, "query": query,
                                                  "can_add": can(request.user, Action.CREATE_CHILD),
                                                  "elsewhere": selectors.known_elsewhere_for_search(user=request.user,
                                                                                                    found=found)})


@requires(Action.VIEW_CHILD)
def child_detail(request, child_id: int):
    child = selectors.child_for_view(user=request.user, child_id=child_id, purpose="Viewed child record",
                                     request=request)
    today = clock.today()
    age = school_age.school_age(child.date_of_birth, leaving_rule()) if child.date_of_birth else None
    can_merge = can(request.user, Action.MERGE_CHILDREN, child)
    context = {
        "child": child,
        "addresses": list(child.addresses.all()),
        "contacts": list(child.contacts.all()), "siblings": list(child.siblings.all()),
        "can_edit": can(request.user, Action.EDIT_CHILD, child) and not child.merged_into_id,
        "other_names": selectors.name_list(child),  # with child.other_names, the "Also known as" row
        "cases": selectors.child_cases(child) if can(request.user, Action.VIEW_CASE, child) else [],
        "age": age,
        "of_csa": age.on(today) if age else None,
        "year_group": school_age.year_group(child.date_of_birth, today) if child.date_of_birth else None,
        "upn_check": validate_upn(child.upn) if child.upn else None,
        "can_see_history": can(request.user, Action.VIEW_CHANGE_HISTORY, child),
        "can_merge": can_merge,
        "merge": selectors.live_merge_of(child),
        "merged_here": selectors.merges_into(child),
    }
    return render(request, "children/detail.html", context)


@requires(Action.VIEW_CHANGE_HISTORY)
def child_history(request, child_id: int):
    child = selectors.child_for_history(user=request.user, child_id=child_id, request=request)
    history = selectors.child_history(user=request.user, child=child)
    return render(request, "children/history.html", {"child": child, "history": history,
                                                     "can_see_child": can(request.user, Action.VIEW_CHILD, child)})


# -- adding a child: search first, then create --------------------------------------

def _search_token(request, form: NewChildForm) -> str:
    return signing.dumps({"user": request.user.pk, "details": form.as_hidden_values()}, salt=NEW_CHILD_SALT)


def _searched(request, form: NewChildForm) -> bool:
    """Were the possible matches for exactly these details shown to this user?"""
    try:
        signed = signing.loads(request.POST.get("searched", ""), salt=NEW_CHILD_SALT, max_age=NEW_CHILD_MAX_AGE)
    except signing.BadSignature:
        return False
    return signed.get("user") == request.user.pk and [tuple(p) for p in signed.get("details", [])] == \
        form.as_hidden_values()


def _show_candidates(request, form: NewChildForm):
    candidates = selectors.new_child_candidates(user=request.user, details=form.cleaned_data, request=request)
    details = form.cleaned_data
    elsewhere = selectors.known_elsewhere(user=request.user, first_name=details.get("first_name"),
                                          last_name=details.get("last_name"), upn=details.get("upn"),
                                          date_of_birth=details.get("date_of_birth"), about="adding a child")
    return render(request, "children/new_candidates.html", {
        "title": "Check if the team already knows this child", "form": form, "candidates": candidates,
        "hidden": form.as_hidden_values(), "searched": _search_token(request, form),
        "likelihood": child_records.likelihood_in_words, "elsewhere": elsewhere})


@requires(Action.CREATE_CHILD)
def child_new(request):
    """Step 1: the child's details. A valid form leads to step 2, the possible matches."""
    require(request.user, Action.CREATE_CHILD, request.user.local_authority)
    if request.method == "POST":
        form = NewChildForm(request.POST)
        if form.is_valid() and not request.POST.get("change"):
            return _show_candidates(request, form)
        if request.POST.get("change"):
            form = NewChildForm(initial={name: request.POST.get(name, "") for name in NewChildForm.base_fields})
    else:
        form = NewChildForm()
    return render(request, "children/new.html", {"title": "Add a child", "form": form},
                  status=400 if form.errors else 200)


@requires(Action.CREATE_CHILD)
@require_POST
def child_new_create(request):
    """Step 2's button: create the record, from the details checked again."""
    require(request.user, Action.CREATE_CHILD, request.user.local_authority)
    form = NewChildForm(request.POST)
    if not form.is_valid():
        return render(request, "children/new.html", {"title": "Add a child", "form": form}, status=400)
    if not _searched(request, form):
        # The matches for these exact details were not shown (or too long ago): show them now.
        return _show_candidates(request, form)
    child = services.child_create(user=request.user, local_authority=request.user.local_authority,
                                  **form.cleaned_data)
    messages.success(request, f"{child.full_name} added as {child.reference}")
    return redirect("children:detail", child_id=child.pk)


# -- merging and unmerging ----------------------------------------------------------

def _posted(request):
    """The submitted data on a POST (even an empty one, so its errors show), else None."""
    return request.POST if request.method == "POST" else None


def _child_for_merge(request, child_id: int, purpose: str):
    require(request.user, Action.MERGE_CHILDREN)
    child = selectors.child_for_view(user=request.user, child_id=child_id, purpose=purpose, request=request)
    require(request.user, Action.MERGE_CHILDREN, child)
    return child


@requires(Action.MERGE_CHILDREN)
def merge_start(request, child_id: int):
    """Choose the other record: from the likely matches, or by its reference."""
    child = _child_for_merge(request, child_id, "Looked for another record of the same child")
    form = MergeReferenceForm(_posted(request))
    problem = child_records.record_refusal(selectors.record_facts(child))
    if not problem and request.method == "POST" and form.is_valid():
        other_id = form.cleaned_data["reference"]
        reference = child_records.child_reference(other_id)
        if other_id == child.pk:
            form.add_error("reference", f"{reference} is this record: enter the reference of the other record")
        else:
            try:
                other = selectors.child_for_view(user=request.user, child_id=other_id, request=request,
                                                 purpose="Looked for another record of the same child")
            except Http404:
                form.add_error("reference", f"There is no child with the reference {reference}")
            else:
                refusal = child_records.record_refusal(selectors.record_facts(other))
                if refusal:
                    form.add_error("reference", refusal)
                else:
                    return redirect("children:merge-confirm", child_id=child.pk, other_id=other.pk)
    candidates = [] if problem else selectors.merge_candidates(user=request.user, child=child, request=request)
    return render(request, "children/merge_start.html", {
        "title": "Merge with another record of this child", "child": child, "form": form, "problem": problem,
        "error": problem,
        "candidates": candidates, "likelihood": child_records.likelihood_in_words},
        status=400 if form.errors or problem else 200)


@requires(Action.MERGE_CHILDREN)
def merge_confirm(request, child_id: int, other_id: int):
    """Both records side by side; choose which to keep, say why, merge."""
    purpose = "Compared two records of the same child to merge them"
    child = _child_for_merge(request, child_id, purpose)
    other = _child_for_merge(request, other_id, purpose)
    comparison = selectors.merge_comparison(child, other)
    refusal = child_records.merge_refusal(kept=selectors.record_facts(child), merged=selectors.record_facts(other),
                                          local_authority_id=request.user.local_authority_id)
    form = MergeConfirmForm(_posted(request), records=[child, other], initial={"version": comparison.version})
    if request.method == "POST" and not refusal and form.is_valid():
        if form.cleaned_data["version"] != comparison.version:
            # The page shows the records as they are now, with the new version: merging
            # again after reading it works.
            form.add_error(None, "One of these records changed while you were looking at it. "
                                 "Check the details below again, then merge")
        else:
            kept, merged = (child, other) if form.cleaned_data["keep"] == str(child.pk) else (other, child)
            try:
                merge = services.merge_children(user=request.user, kept=kept, merged=merged,
                                                reason=form.cleaned_data["reason"])
            except ValidationError as problem:
                form.add_error(None, problem.messages[0])
            else:
                messages.success(request, _merged_message(merge))
                return redirect("children:detail", child_id=kept.pk)
    return render(request, "children/merge_confirm.html", {
        "title": "Check and merge these records", "child": child, "other": other, "comparison": comparison,
        "form": form if not refusal else MergeConfirmForm(records=[child, other]), "refusal": refusal,
        "error": refusal, "error_title": "These records cannot be merged"}, status=400 if refusal or form.errors else 200)


def _counted(moves: list[tuple[str, int]]) -> str:
    """'addresses (2), CME cases (1)': what moved, in a sentence."""
    def lower_first(what: str) -> str:
        return what if what[:3].isupper() else what[:1].lower() + what[1:]

    return ", ".join(f"{lower_first(what)} ({count})" for what, count in moves)


def _merged_message(merge) -> str:
    kept, merged = merge.kept.reference, merge.merged.reference
    message = f"{merged} merged into {kept}."
    moved, left = selectors.merge_moves(merge), selectors.merge_moves(merge, "left")
    if moved:
        message += f" Moved to {kept}: {_counted(moved)}."
    if left:
        message += f" Already on {kept}, so kept on {merged}: {_counted(left)}."
    return message


@requires(Action.MERGE_CHILDREN)
def merge_undo(request, merge_id: int):
    merge = selectors.merge_for_undo(user=request.user, merge_id=merge_id, request=request)
    refusal = child_records.unmerge_refusal(undone=merge.is_undone, kept_merged_into_id=merge.kept.merged_into_id)
    form = UndoMergeForm(_posted(request))
    if request.method == "POST" and not refusal and form.is_valid():
        try:
            services.unmerge(user=request.user, merge=merge, reason=form.cleaned_data["reason"])
        except ValidationError as problem:
            form.add_error(None, problem.messages[0])
        else:
            messages.success(request, f"Merge undone: {merge.merged.reference} is a separate record again")
            return redirect("children:detail", child_id=merge.merged_id)
    moved = _counted(selectors.merge_moves(merge)) or "Nothing"
    return render(request, "children/merge_undo.html", {
        "title": f"Undo the merge of {merge.merged.reference} into {merge.kept.reference}", "merge": merge,
        "form": form if not refusal else UndoMergeForm(), "refusal": refusal, "moved": moved,
        "error": refusal, "error_title": "This merge cannot be undone",
        "back": reverse("children:detail", args=[merge.merged_id])},
        status=400 if (request.method == "POST" and (refusal or form.errors)) else 200)


# -- changing what the record holds ---------------------------------------------------------

def _for_edit(request, child_id: int, purpose: str):
    child = selectors.child_for_view(user=request.user, child_id=child_id, purpose=purpose, request=request)
    require(request.user, Action.EDIT_CHILD, child)
    if child.merged_into_id:
        raise PermissionDenied(f"This record was merged into {child.merged_into.reference}: change that record")
    return child


def _edit_page(request, child, form, *, title: str, write, done: str, what: str = "this child's record"):
    """A one-question page for the child's record: save through the service, show its refusal,
    or what someone else changed meanwhile."""
    status = 200
    if form.is_bound and form.is_valid():
        try:
            write(form.cleaned_data)
        except StaleEdit as stale:
            form.add_error(None, stale_message(stale.current, what))
            data = form.data.copy()
            data["version"] = str(stale.current.version)
            form.data, status = data, 409
        except (ValidationError, PermissionDenied) as problem:
            form.add_error(None, problem.messages[0] if isinstance(problem, ValidationError) else str(problem))
        else:
            messages.success(request, done)
            return redirect("children:detail", child_id=child.pk)
    if form.is_bound and form.errors and status == 200:
        status = 400
    return render(request, "children/form.html", {"title": title, "child": child, "form": form,
                                                  "back": reverse("children:detail", args=[child.pk])}, status=status)


@requires(Action.EDIT_CHILD)
def details_edit(request, child_id: int):
    child = _for_edit(request, child_id, "Changed a child's details")
    initial = {name: getattr(child, name) for name in DetailsForm.base_fields if name != "version"}
    form = DetailsForm(_posted(request), initial={**initial, "version": child.version})
    fields = [name for name in DetailsForm.base_fields if name != "version"]
    return _edit_page(request, child, form, title="The child's details", done="Details saved", write=lambda data:
                      services.child_update(user=request.user, child=child, version=data["version"],
                                            **{name: data[name] for name in fields}))


@requires(Action.EDIT_CHILD)
def school_edit(request, child_id: int):
    child = _for_edit(request, child_id, "Changed a child's last school")
    form = SchoolForm(_posted(request), initial={"last_school": child.last_school, "version": child.version,
                                                 "date_last_attended": child.date_last_attended})
    return _edit_page(request, child, form, title="Last school", done="Last school saved", write=lambda data:
                      services.child_update(user=request.user, child=child, version=data["version"],
                                            last_school=data["last_school"],
                                            date_last_attended=data["date_last_attended"]))


@requires(Action.EDIT_CHILD)
def contact_edit(request, child_id: int, contact_id: int | None = None):
    child = _for_edit(request, child_id, "Changed a child's contacts")
    contact = child.contacts.filter(pk=contact_id).first() if contact_id else None
    if contact_id and contact is None:
        raise Http404("No such contact on this record")
    initial = {}
    if contact is not None:
        initial = {"first_name": contact.first_name, "last_name": contact.last_name,
                   "relationship": contact.relationship, "email": contact.email, "address": contact.address,
                   "phone": (contact.phones or [""])[0], "other_phone": (contact.phones[1:] or [""])[0],
                   "parental_responsibility": {True: "yes", False: "no"}.get(contact.parental_responsibility, "")}
    form = ContactForm(_posted(request), initial=initial)
    return _edit_page(request, child, form, title="A parent, carer or contact", done="Contact saved",
                      write=lambda data: services.contact_save(
                          user=request.user, child=child, contact_id=contact_id, first_name=data["first_name"],
                          last_name=data["last_name"], relationship=data["relationship"],
                          phones=[data["phone"], data["other_phone"]], email=data["email"], address=data["address"],
                          parental_responsibility={"yes": True, "no": False}.get(data["parental_responsibility"])))


@requires(Action.EDIT_CHILD)
def address_edit(request, child_id: int, address_id: int | None = None):
    child = _for_edit(request, child_id, "Changed a child's addresses")
    address = child.addresses.filter(pk=address_id).first() if address_id else None
    if address_id and address is None:
        raise Http404("No such address on this record")
    initial = {name: getattr(address, name) for name in AddressForm.base_fields} if address else {}
    form = AddressForm(_posted(request), initial=initial)
    return _edit_page(request, child, form, title="An address", done="Address saved", write=lambda data:
                      services.address_save(user=request.user, child=child, address_id=address_id, **data))


@requires(Action.EDIT_CHILD)
def sibling_edit(request, child_id: int, sibling_id: int | None = None):
    child = _for_edit(request, child_id, "Changed a child's brothers and sisters")
    sibling = child.siblings.filter(pk=sibling_id).first() if sibling_id else None
    if sibling_id and sibling is None:
        raise Http404("No such brother or sister on this record")
    initial = {name: getattr(sibling, name) for name in SiblingForm.base_fields} if sibling else {}
    form = SiblingForm(_posted(request), initial=initial)
    return _edit_page(request, child, form, title="A brother or sister", done="Saved", write=lambda data:
                      services.sibling_save(user=request.user, child=child, sibling_id=sibling_id, **data))
