from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("quarterly/", views.quarterly, name="quarterly"),
    path("quarterly/<str:slug>.pdf", views.quarterly_pdf, name="quarterly-pdf"),
    path("central-record/", views.snapshots, name="snapshots"),
    path("central-record/<int:snapshot_id>/", views.snapshot, name="snapshot"),
    path("central-record/<int:snapshot_id>.<str:file_format>", views.snapshot_download, name="snapshot-download"),
    path("dfe-return/", views.dfe_return, name="dfe-return"),
    path("export/", views.export, name="export"),
]
