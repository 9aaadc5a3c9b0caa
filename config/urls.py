"""Every URL of the site; each is classified in the authorisation matrix test."""

from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from config.api import api

admin.site.site_header = "CityHive programme administration"
admin.site.site_title = "CityHive admin"
# One way in: the admin's own sign-in form would skip the second factor and the throttle.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", include("cityhive.site.urls")),
    path("", include("cityhive.accounts.urls")),
    path("", include("cityhive.directory.urls")),
    path("", include("cityhive.places.urls")),
    path("", include("cityhive.taxonomy.urls")),
    path("", include("cityhive.solutions.urls")),
    path("", include("cityhive.solutions.file_urls")),
    path("", include("cityhive.challenges.urls")),
    path("", include("cityhive.exchange.urls")),
    path("", include("cityhive.matching.urls")),
    path("", include("cityhive.engagement.urls")),
    path("", include("cityhive.sdg.urls")),
    path("", include("cityhive.assessment.urls")),
    path("", include("cityhive.partnership.urls")),
    path("", include("cityhive.notifications.urls")),
    path("", include("cityhive.audit.urls")),
    path("", include("cityhive.events.urls")),
    path("", include("cityhive.projects.urls")),
    path("", include("cityhive.groups.urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
]
