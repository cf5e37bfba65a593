from django.urls import path

from . import views

app_name = "administration"
urlpatterns = [
    path("", views.users, name="users"),
    path("new/", views.user_new, name="user-new"),
    path("<int:user_id>/", views.user_edit, name="user"),
    path("<int:user_id>/invite/", views.user_invite_again, name="user-invite"),
]
