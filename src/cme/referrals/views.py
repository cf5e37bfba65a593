"""The professional referral journey (signed-in school, agency and council staff)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from cme.accounts.access import requires
from cme.accounts.policy import Action, require
from cme.audit.services import access_record, access_record_list, shown

from . import presentation, selectors, services
from .attachments import limit_text as attachments_limit_text
from .forms import PROFESSIONAL_SECTIONS, SchoolForm
from .journey import section_page
from .models import Attachment, Kind, Status

SECTIONS = {form.section: form for form in PROFESSIONAL_SECTIONS}


def _own_draft(request, reference: str):
    referral = selectors.referral_for_view(user=request.user, reference=reference, purpose="Edited draft referral",
                                           request=request)
    if referral.created_by_id != request.user.pk:
        raise PermissionDenied("Only the person who started this referral can change it")
    return referral


@requires(Action.SUBMIT_REFERRAL)
def my_referrals(request):
    require(request.user, Action.SUBMIT_REFERRAL, request.user.organisation)
    referrals = list(selectors.drafts_and_sent(user=request.user)[:200])
    access_record_list(user=request.user, record_type="referral-list", child_ids=[r.child_id for r in referrals],
                       label=shown(len(referrals), "referral", "referrals"), purpose="Listed your referrals",
                       request=request)
    return render(request, "referrals/mine.html", {
        "drafts": [r for r in referrals if r.status == Status.DRAFT],
        "sent": [r for r in referrals if r.status != Status.DRAFT],
        "title": "Your referrals",
    })


@requires(Action.SUBMIT_REFERRAL)
@require_POST
def start(request):
    referral = services.referral_start(local_authority=request.user.local_authority, kind=Kind.PROFESSIONAL,
                                       user=request.user)
    return redirect("referrals:task-list", reference=referral.reference)


@requires(Action.VIEW_REFERRAL)
def task_list(request, reference: str):
    referral = selectors.referral_for_view(user=request.user, reference=reference, purpose="Viewed referral",
                                           request=request)
    if not referral.is_draft:
        return render(request, "referrals/sent_summary.html", {
            "referral": referral, "title": f"{referral.child_name}: referral {referral.reference}",
            "summary": presentation.check_answers(referral)})
    if referral.created_by_id != request.user.pk:
        raise PermissionDenied("Only the person who started this referral can change it")
    return render(request, "referrals/task_list.html", {
        "referral": referral, "title": "Refer a child missing education",
        "tasks": presentation.task_list(referral), "attachments": referral.attachments.all()})


@requires(Action.SUBMIT_REFERRAL, keep_post=True)
def section(request, reference: str, section: str):
    form_class = SECTIONS.get(section)
    if form_class is None:
        raise Http404("No such page")
    referral = _own_draft(request, reference)
    if not referral.is_draft:
        return redirect("referrals:task-list", reference=referral.reference)
    schools = services.referral_schools(referral) if form_class is SchoolForm else None
    return section_page(request, referral=referral, form_class=form_class, template=f"referrals/section_{section}.html",
                        next_url=reverse("referrals:task-list", args=[referral.reference]), schools=schools,
                        context={"back_url": reverse("referrals:task-list", args=[referral.reference])})


@requires(Action.SUBMIT_REFERRAL, keep_post=True)
def attachments(request, reference: str):
    referral = _own_draft(request, reference)
    error = None
    if request.method == "POST" and not referral.is_draft:
        messages.info(request, "This referral has been sent: its documents can no longer be changed")
        return redirect("referrals:attachments", reference=referral.reference)
    if request.method == "POST":
        if "remove" in request.POST:
            attachment = get_object_or_404(Attachment, pk=request.POST["remove"], referral=referral)
            services.attachment_remove(attachment=attachment)
            messages.success(request, f"Removed {attachment.original_name}")
            return redirect("referrals:attachments", reference=referral.reference)
        upload = request.FILES.get("file")
        if upload is None:
            error = "Select a file to upload"
        else:
            try:
                services.attachment_add(referral=referral, upload=upload, user=request.user)
            except ValidationError as problem:
                error = problem.messages[0]
            else:
                messages.success(request, f"Uploaded {upload.name}")
                return redirect("referrals:attachments", reference=referral.reference)
    return render(request, "referrals/attachments.html", {
        "referral": referral, "attachments": referral.attachments.all(), "error": error,
        "title": "Attach documents" if referral.is_draft else "Documents sent with the referral",
        "back_url": reverse("referrals:task-list", args=[referral.reference]),
        "limit": attachments_limit_text()},
        status=400 if error else 200)


@requires(Action.VIEW_REFERRAL, Action.TRIAGE_REFERRAL)
def attachment_download(request, reference: str, attachment_id: int):
    referral = selectors.referral_for_view(user=request.user, reference=reference,
                                           purpose="Downloaded a referral attachment", request=request)
    attachment = get_object_or_404(Attachment, pk=attachment_id, referral=referral)
    access_record(user=request.user, local_authority_id=referral.local_authority_id, record_type="attachment",
                  record_id=attachment.pk, record_label=attachment.original_name,
                  purpose=f"Downloaded {attachment.original_name} from referral {referral.reference}", request=request,
                  child_ids=[referral.child_id])
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name,
                        content_type=attachment.content_type)


@requires(Action.SUBMIT_REFERRAL, keep_post=True)
def check(request, reference: str):
    referral = _own_draft(request, reference)
    if not referral.is_draft:
        return redirect("referrals:task-list", reference=referral.reference)
    errors = []
    if request.method == "POST":
        try:
            services.referral_submit(referral=referral, user=request.user)
        except services.ReferralIncomplete as problem:
            errors = problem.field_errors
        else:
            return redirect("referrals:sent", reference=referral.reference)
    return render(request, "referrals/check.html", {
        "referral": referral, "title": "Check your answers before sending your referral",
        "summary": presentation.check_answers(referral), "errors": presentation.error_links(referral, errors),
        "error_title": "You need to finish some sections before you can send the referral",
        "warnings": presentation.warnings(referral)}, status=400 if errors else 200)


@requires(Action.SUBMIT_REFERRAL)
def sent(request, reference: str):
    referral = selectors.referral_for_view(user=request.user, reference=reference, purpose="Viewed referral",
                                           request=request)
    if referral.status == Status.DRAFT:
        return redirect("referrals:task-list", reference=referral.reference)
    return render(request, "referrals/sent.html", {"referral": referral, "title": "Referral sent"})


@requires(Action.SUBMIT_REFERRAL)
def delete_draft(request, reference: str):
    referral = _own_draft(request, reference)
    if not referral.is_draft:
        return redirect("referrals:task-list", reference=referral.reference)
    if request.method == "POST":
        services.referral_delete_draft(referral=referral, user=request.user)
        messages.success(request, f"Draft referral {referral.reference} deleted")
        return redirect("referrals:mine")
    return render(request, "referrals/delete.html", {
        "referral": referral, "title": f"Are you sure you want to delete draft referral {referral.reference}?"})
