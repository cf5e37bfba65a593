from django.urls import path

from . import public_views

app_name = "public"
urlpatterns = [
    path("", public_views.start, name="start"),
    path("begin/", public_views.begin, name="begin"),
    path("check/", public_views.check, name="check"),
    path("sent/", public_views.done, name="done"),
    path("save/", public_views.save_for_later, name="save"),
    path("resume/<str:token>/", public_views.resume, name="resume"),
    path("<slug:section>/", public_views.question, name="question"),
]
