from django.urls import include, path

from cityhive.notifications import views

notification_urls = [
    path("", views.notification_list, name="notification_list"),
    path("read/", views.notification_read, name="notification_read"),
    path("read-all/", views.notification_read_all, name="notification_read_all"),
    path("preferences/", views.notification_preferences, name="notification_preferences"),
    path("threshold/<slug:slug>/", views.match_threshold_edit, name="notification_threshold"),
    path(
        "unsubscribe/<str:token>/",
        views.notification_unsubscribe,
        name="notification_unsubscribe",
    ),
]

urlpatterns = [
    path("notifications/", include(notification_urls)),
]
