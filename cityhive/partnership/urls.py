from django.urls import path

from cityhive.partnership import views

urlpatterns = [
    path("partners/", views.partner_directory, name="partner_directory"),
    path("partnership/tiers/", views.tier_list, name="partnership_tier_list"),
    path("partnership/tiers/new/", views.tier_create, name="partnership_tier_create"),
    path("partnership/tiers/<int:tier_id>/edit/", views.tier_edit, name="partnership_tier_edit"),
    path("partnership/apply/", views.application_create, name="partnership_apply"),
    path(
        "partnership/applications/", views.application_queue, name="partnership_application_queue"
    ),
    path(
        "partnership/applications/<int:application_id>/",
        views.application_detail,
        name="partnership_application_detail",
    ),
    path(
        "partnership/applications/<int:application_id>/edit/",
        views.application_edit,
        name="partnership_application_edit",
    ),
    path(
        "partnership/applications/<int:application_id>/submit/",
        views.application_submit,
        name="partnership_application_submit",
    ),
    path(
        "partnership/applications/<int:application_id>/decision/",
        views.application_decide,
        name="partnership_application_decide",
    ),
]
