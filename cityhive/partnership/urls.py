from django.urls import include, path

from cityhive.partnership import views

application_urls = [
    path("", views.application_detail, name="partnership_application_detail"),
    path("edit/", views.application_edit, name="partnership_application_edit"),
    path("submit/", views.application_submit, name="partnership_application_submit"),
    path("decision/", views.application_decide, name="partnership_application_decide"),
]

partnership_urls = [
    path("tiers/", views.tier_list, name="partnership_tier_list"),
    path("tiers/new/", views.tier_create, name="partnership_tier_create"),
    path("tiers/<int:tier_id>/edit/", views.tier_edit, name="partnership_tier_edit"),
    path("apply/", views.application_create, name="partnership_apply"),
    path("applications/", views.application_queue, name="partnership_application_queue"),
    path("applications/<int:application_id>/", include(application_urls)),
]

urlpatterns = [
    path("partners/", views.partner_directory, name="partner_directory"),
    path("partnership/", include(partnership_urls)),
]
