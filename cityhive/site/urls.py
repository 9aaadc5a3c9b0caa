from django.urls import path

from cityhive.site import privacy_views, views

urlpatterns = [
    path("", views.home, name="home"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("programme/", views.programme_dashboard, name="programme_dashboard"),
    path("healthz", views.healthz, name="healthz"),
    path("styleguide/", views.styleguide, name="styleguide"),
    path("sources/", views.data_sources, name="data_sources"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("me/data/", privacy_views.user_data, name="user_data"),
    path("me/data/download/", privacy_views.user_data_download, name="user_data_download"),
    path("me/delete/", privacy_views.user_delete_view, name="user_delete"),
]
