from django.urls import path

from . import views

app_name = "linkage"
urlpatterns = [
    path("", views.home, name="home"),
    path("datasets/new/", views.dataset_upload, name="dataset-upload"),
    path("datasets/<int:dataset_id>/", views.dataset_detail, name="dataset"),
    path("datasets/<int:dataset_id>/columns/", views.dataset_columns, name="dataset-columns"),
    path("datasets/<int:dataset_id>/delete/", views.dataset_delete, name="dataset-delete"),
    path("runs/new/", views.run_start, name="run-start"),
    path("runs/<int:run_id>/", views.run_detail, name="run"),
    path("runs/<int:run_id>/candidates/<int:candidate_id>/", views.candidate_detail, name="candidate"),
]
