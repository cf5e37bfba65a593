from django.urls import path

from . import views

app_name = "cases"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("<int:case_id>/", views.case_detail, name="detail"),
    path("<int:case_id>/history/", views.case_history, name="history"),
    path("<int:case_id>/whereabouts/", views.whereabouts, name="whereabouts"),
    path("<int:case_id>/reason/", views.reason, name="reason"),
    path("<int:case_id>/start-date/", views.start_date, name="start-date"),
    path("<int:case_id>/progress/", views.move, name="move"),
    path("<int:case_id>/enquiries/record/", views.action_new, name="action"),
    path("<int:case_id>/enquiries/add/", views.enquiry_add, name="enquiry-add"),
    path("<int:case_id>/enquiries/<int:enquiry_id>/", views.enquiry_status, name="enquiry-status"),
    path("<int:case_id>/visit/", views.visit_new, name="visit"),
    path("<int:case_id>/needs/", views.needs, name="needs"),
    path("<int:case_id>/provision/", views.placement, name="placement"),
    path("<int:case_id>/provision/<int:placement_id>/", views.placement, name="placement-edit"),
    path("<int:case_id>/attendance/", views.attendance, name="attendance"),
    path("<int:case_id>/risk/", views.risk, name="risk"),
    path("<int:case_id>/escalate/", views.escalation_new, name="escalate"),
    path("escalations/<int:escalation_id>/outcome/", views.escalation_outcome, name="escalation-outcome"),
    path("<int:case_id>/note/", views.note_new, name="note"),
    path("<int:case_id>/documents/add/", views.document_new, name="document-add"),
    path("documents/<int:document_id>/", views.document_download, name="document"),
    path("<int:case_id>/tasks/add/", views.task_new, name="task-add"),
    path("<int:case_id>/allocate/", views.allocate, name="allocate"),
    path("<int:case_id>/take/", views.take, name="take"),
    path("<int:case_id>/close/", views.close, name="close"),
    path("<int:case_id>/reopen/", views.reopen, name="reopen"),
    path("tasks/", views.task_list, name="tasks"),
    path("tasks/<int:task_id>/done/", views.task_done, name="task-done"),
    path("accept-referral/<str:reference>/", views.accept_referral, name="accept-referral"),
    path("found-on-roll/<int:pk>/", views.found_on_roll, name="found-on-roll"),
]
