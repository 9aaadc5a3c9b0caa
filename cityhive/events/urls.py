from django.urls import include, path

from cityhive.events import views

event_urls = [
    path("", views.event_detail, name="event_detail"),
    path("edit/", views.event_edit, name="event_edit"),
    path("status/", views.event_status, name="event_status"),
    path("register/", views.event_register, name="event_register"),
    path("manage/", views.event_manage, name="event_manage"),
    path(
        "registrations/<int:registration_id>/decide/",
        views.registration_decide,
        name="registration_decide",
    ),
    path("schedule/", views.meetings_schedule, name="meetings_schedule"),
    path("schedule/publish/", views.meetings_publish, name="meetings_publish"),
    path("meetings/<int:meeting_id>/move/", views.meeting_move, name="meeting_move"),
    path("calendar.ics", views.event_ics, name="event_ics"),
    path("meetings/", views.event_meetings, name="event_meetings"),
    path("meetings/request/", views.meeting_request_create, name="meeting_request_create"),
]

urlpatterns = [
    path("events/", views.event_list, name="event_list"),
    path("events/new/", views.event_create, name="event_create"),
    path("events/<int:event_id>/", include(event_urls)),
    path(
        "meeting-requests/<int:request_id>/",
        views.meeting_request_action,
        name="meeting_request_action",
    ),
    path(
        "registrations/<int:registration_id>/cancel/",
        views.registration_cancel,
        name="registration_cancel",
    ),
    path("registrations/<int:registration_id>/badge/", views.badge, name="event_badge"),
    path("check-in/<str:token>/", views.check_in, name="check_in"),
    path("calendar/<str:token>.ics", views.event_feed, name="event_feed"),
]
