from django.urls import path

from . import views

app_name = "children"
urlpatterns = [
    path("", views.child_list, name="list"),
    path("new/", views.child_new, name="new"),
    path("new/create/", views.child_new_create, name="new-create"),
    path("<int:child_id>/", views.child_detail, name="detail"),
    path("<int:child_id>/history/", views.child_history, name="history"),
    path("<int:child_id>/details/", views.details_edit, name="details"),
    path("<int:child_id>/school/", views.school_edit, name="school"),
    path("<int:child_id>/contacts/new/", views.contact_edit, name="contact-new"),
    path("<int:child_id>/contacts/<int:contact_id>/", views.contact_edit, name="contact"),
    path("<int:child_id>/addresses/new/", views.address_edit, name="address-new"),
    path("<int:child_id>/addresses/<int:address_id>/", views.address_edit, name="address"),
    path("<int:child_id>/siblings/new/", views.sibling_edit, name="sibling-new"),
    path("<int:child_id>/siblings/<int:sibling_id>/", views.sibling_edit, name="sibling"),
    path("<int:child_id>/merge/", views.merge_start, name="merge"),
    path("<int:child_id>/merge/<int:other_id>/", views.merge_confirm, name="merge-confirm"),
    path("merges/<int:merge_id>/undo/", views.merge_undo, name="merge-undo"),
]
