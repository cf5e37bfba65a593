from django.urls import path

from . import triage_views, views

app_name = "referrals"
urlpatterns = [
    path("", views.my_referrals, name="mine"),
    path("start/", views.start, name="start"),
    path("triage/", triage_views.queue, name="queue"),
    path("triage/import/", triage_views.import_docx, name="import-docx"),
    path("<str:reference>/", views.task_list, name="task-list"),
    path("<str:reference>/check/", views.check, name="check"),
    path("<str:reference>/sent/", views.sent, name="sent"),
    path("<str:reference>/delete/", views.delete_draft, name="delete"),
    path("<str:reference>/attachments/", views.attachments, name="attachments"),
    path("<str:reference>/attachments/<int:attachment_id>/", views.attachment_download, name="attachment"),
    path("<str:reference>/triage/", triage_views.triage_page, name="triage"),
    path("<str:reference>/triage/checks/", triage_views.save_checks, name="save-checks"),
    path("<str:reference>/triage/redirect/", triage_views.redirect_referral, name="redirect"),
    path("<str:reference>/triage/reject/", triage_views.reject, name="reject"),
    path("<str:reference>/<slug:section>/", views.section, name="section"),
]
