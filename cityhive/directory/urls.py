from django.urls import include, path

from cityhive.directory import views

organisation_urls = [
    path("", views.organisation_detail, name="organisation_detail"),
    path("edit/", views.organisation_edit, name="organisation_edit"),
    path("logo/", views.organisation_logo, name="organisation_logo"),
    path("verify/", views.organisation_verify, name="organisation_verify"),
    path("members/", views.organisation_members, name="organisation_members"),
    path("members/<int:membership_id>/role/", views.membership_role, name="membership_role"),
    path("members/<int:membership_id>/remove/", views.membership_remove, name="membership_remove"),
    path(
        "invitations/<int:invitation_id>/revoke/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
]

urlpatterns = [
    path("organisations/", views.organisation_list, name="organisation_list"),
    path("organisations/new/", views.organisation_create, name="organisation_create"),
    path("organisations/<slug:slug>/", include(organisation_urls)),
    path("invitations/<str:token>/", views.invitation_accept, name="invitation_accept"),
]
