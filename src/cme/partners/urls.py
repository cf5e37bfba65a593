from django.urls import path

from . import views

app_name = "partners"
urlpatterns = [
    path("cases/<int:case_id>/", views.case_partners, name="case"),
    path("cases/<int:case_id>/check/", views.check_new, name="check-new"),
    path("cases/<int:case_id>/other-council/", views.enquiry_new, name="enquiry-new"),
    path("cases/<int:case_id>/ctf/", views.ctf_new, name="ctf-new"),
    path("checks/", views.agency_queue, name="agency-queue"),
    path("checks/<int:check_id>/", views.check_answer, name="check"),
    path("documents/<int:document_id>/", views.check_document, name="check-document"),
    path("checks/<int:check_id>/withdraw/", views.check_withdraw, name="check-withdraw"),
    path("answer/<str:token>/", views.answer_link, name="answer-link"),
    path("enquiries/", views.incoming, name="incoming"),
    path("enquiries/<int:enquiry_id>/", views.enquiry_detail, name="enquiry"),
    path("enquiries/<int:enquiry_id>/withdraw/", views.enquiry_withdraw, name="enquiry-withdraw"),
    path("panels/", views.panels, name="panels"),
    path("panels/new/", views.panel_new, name="panel-new"),
    path("panels/<int:panel_id>/", views.panel_detail, name="panel"),
    path("panels/<int:panel_id>/minutes/", views.panel_minutes, name="panel-minutes"),
    path("councils/", views.councils, name="councils"),
    path("councils/<str:code>/", views.council_edit, name="council-edit"),
]
