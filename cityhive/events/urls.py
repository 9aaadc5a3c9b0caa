from django.urls import path

from cityhive.events import views

urlpatterns = [
    path("events/", views.event_list, name="event_list"),
    path("events/new/", views.event_create, name="event_create"),
    path("events/<int:event_id>/", views.event_detail, name="event_detail"),
    path("events/<int:event_id>/edit/", views.event_edit, name="event_edit"),
    path("events/<int:event_id>/status/", views.event_status, name="event_status"),
    path("events/<int:event_id>/register/", views.event_register, name="event_register"),
    path("events/<int:event_id>/manage/", views.event_manage, name="event_manage"),
    path(
        "events/<int:event_id>/registrations/<int:registration_id>/decide/",
        views.registration_decide,
        name="registration_decide",
    ),
    path("events/<int:event_id>/schedule/", views.meetings_schedule, name="meetings_schedule"),
    path(
        "events/<int:event_id>/schedule/publish/",
        views.meetings_publish,
        name="meetings_publish",
    ),
    path(
        "events/<int:event_id>/meetings/<int:meeting_id>/move/",
        views.meeting_move,
        name="meeting_move",
    ),
    path("events/<int:event_id>/calendar.ics", views.event_ics, name="event_ics"),
    path("events/<int:event_id>/meetings/", views.event_meetings, name="event_meetings"),
    path(
        "events/<int:event_id>/meetings/request/",
        views.meeting_request_create,
        name="meeting_request_create",
    ),
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
