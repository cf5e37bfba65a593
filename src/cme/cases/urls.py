from django.urls import path

from . import views

app_name = "cases"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("<int:case_id>/", views.case_detail, name="detail"),
    path("tasks/", views.task_list, name="tasks"),
    path("tasks/<int:task_id>/done/", views.task_done, name="task-done"),
    path("accept-referral/<str:reference>/", views.accept_referral, name="accept-referral"),
    path("found-on-roll/<int:pk>/", views.found_on_roll, name="found-on-roll"),
]
