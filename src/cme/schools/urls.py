from django.urls import path

from . import views

app_name = "schools"
urlpatterns = [
    path("returns/", views.returns_home, name="returns"),
    path("returns/deletions/new/", views.deletion_start, name="deletion-start"),
    path("returns/deletions/new/details/", views.deletion_details, name="deletion-details"),
    path("returns/deletions/new/check/", views.deletion_check, name="deletion-check"),
    path("returns/deletions/<int:pk>/sent/", views.deletion_sent, name="deletion-sent"),
    path("returns/deletions/<int:pk>/", views.deletion_return_detail, name="deletion-return"),
    path("returns/new-pupils/new/", views.new_pupil, name="new-pupil"),
    path("returns/new-pupils/new/check/", views.new_pupil_check, name="new-pupil-check"),
    path("returns/new-pupils/<int:pk>/sent/", views.new_pupil_sent, name="new-pupil-sent"),
    path("returns/<slug:kind>/<int:pk>/correct/", views.return_correct, name="return-correct"),
    path("returns/<slug:kind>/<int:pk>/withdraw/", views.return_withdraw, name="return-withdraw"),
    path("returns/new-pupils/upload/", views.new_pupils_upload, name="new-pupils-upload"),
    path("returns/new-pupils/template.csv", views.new_pupils_template, name="new-pupils-template"),
    path("returns/files/upload/", views.school_file_upload, name="school-file-upload"),
    path("returns/files/roll-template.csv", views.roll_template, name="school-roll-template"),
    path("returns/new-pupils/<int:pk>/", views.new_pupil_return_detail, name="new-pupil-return"),
    path("returns/reporting/", views.reporting, name="reporting"),
    path("returns/reporting/<int:school_id>/", views.unreported, name="unreported"),
    path("imports/", views.import_upload, name="import"),
    path("imports/roll-template.csv", views.roll_template, name="roll-template"),
    path("imports/<int:pk>/", views.import_status, name="import-status"),
]
