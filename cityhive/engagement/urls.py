from django.urls import path

from cityhive.engagement import views

urlpatterns = [
    path("engagement/", views.inbox, name="engagement_inbox"),
    path("engagement/interests/new/", views.interest_create, name="interest_create"),
    path("engagement/not-relevant/", views.match_not_relevant, name="match_not_relevant"),
    path("engagement/interests/<int:interest_id>/", views.interest_detail, name="interest_detail"),
    path(
        "engagement/interests/<int:interest_id>/accept/",
        views.interest_accept,
        name="interest_accept",
    ),
    path(
        "engagement/interests/<int:interest_id>/decline/",
        views.interest_decline,
        name="interest_decline",
    ),
    path(
        "engagement/interests/<int:interest_id>/withdraw/",
        views.interest_withdraw,
        name="interest_withdraw",
    ),
    path(
        "engagement/introductions/<int:introduction_id>/",
        views.introduction_detail,
        name="introduction_detail",
    ),
    path(
        "engagement/conversations/<int:conversation_id>/",
        views.conversation_detail,
        name="conversation_detail",
    ),
    path(
        "engagement/conversations/<int:conversation_id>/messages/",
        views.conversation_messages,
        name="conversation_messages",
    ),
    path(
        "engagement/conversations/<int:conversation_id>/participants/",
        views.participant_add,
        name="participant_add",
    ),
    path(
        "engagement/message-files/<int:message_file_id>/",
        views.message_attachment_download,
        name="message_attachment_download",
    ),
    path("challenges/<int:challenge_id>/respond/", views.response_create, name="response_create"),
    path(
        "challenges/<int:challenge_id>/responses/",
        views.challenge_responses,
        name="challenge_responses",
    ),
    path(
        "engagement/responses/<int:response_id>/shortlist/",
        views.response_shortlist,
        name="response_shortlist",
    ),
    path(
        "engagement/responses/<int:response_id>/decline/",
        views.response_decline,
        name="response_decline",
    ),
    path(
        "engagement/response-files/<int:response_file_id>/",
        views.response_attachment_download,
        name="response_attachment_download",
    ),
    path("engagement/settings/", views.programme_settings, name="programme_settings"),
]
