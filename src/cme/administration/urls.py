from django.urls import path

from . import views

app_name = "administration"
urlpatterns = [
    path("users/", views.users, name="users"),
    path("users/new/", views.user_new, name="user-new"),
    path("users/upload/", views.users_upload, name="users-upload"),
    path("users/upload/template.csv", views.users_upload_template, name="users-upload-template"),
    path("users/<int:user_id>/", views.user_edit, name="user"),
    path("users/<int:user_id>/invite/", views.user_invite_again, name="user-invite"),
    path("users/<int:user_id>/reset-sign-in/", views.user_sign_in_reset, name="user-reset"),
]
urlpatterns += [
    path("organisations/", views.organisations, name="organisations"),
    path("organisations/schools/new/", views.school_edit, name="school-new"),
    path("organisations/schools/gias/", views.schools_gias, name="schools-gias"),
    path("organisations/schools/<int:school_id>/", views.school_edit, name="school"),
    path("organisations/agencies/new/", views.agency_edit, name="agency-new"),
    path("organisations/agencies/<int:agency_id>/", views.agency_edit, name="agency"),
]
