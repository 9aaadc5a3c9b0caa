from django.urls import include, path

from cityhive.engagement import views

interest_urls = [
    path("", views.interest_detail, name="interest_detail"),
    path("accept/", views.interest_accept, name="interest_accept"),
    path("decline/", views.interest_decline, name="interest_decline"),
    path("withdraw/", views.interest_withdraw, name="interest_withdraw"),
]

conversation_urls = [
    path("", views.conversation_detail, name="conversation_detail"),
    path("messages/", views.conversation_messages, name="conversation_messages"),
    path("participants/", views.participant_add, name="participant_add"),
]

response_urls = [
    path("shortlist/", views.response_shortlist, name="response_shortlist"),
    path("decline/", views.response_decline, name="response_decline"),
]

engagement_urls = [
    path("", views.inbox, name="engagement_inbox"),
    path("interests/new/", views.interest_create, name="interest_create"),
    path("not-relevant/", views.match_not_relevant, name="match_not_relevant"),
    path("interests/<int:interest_id>/", include(interest_urls)),
    path(
        "introductions/<int:introduction_id>/",
        views.introduction_detail,
        name="introduction_detail",
    ),
    path("conversations/<int:conversation_id>/", include(conversation_urls)),
    path(
        "message-files/<int:message_file_id>/",
        views.message_attachment_download,
        name="message_attachment_download",
    ),
    path("responses/<int:response_id>/", include(response_urls)),
    path(
        "response-files/<int:response_file_id>/",
        views.response_attachment_download,
        name="response_attachment_download",
    ),
    path("settings/", views.programme_settings, name="programme_settings"),
]

urlpatterns = [
    path("engagement/", include(engagement_urls)),
    path("challenges/<int:challenge_id>/respond/", views.response_create, name="response_create"),
    path(
        "challenges/<int:challenge_id>/responses/",
        views.challenge_responses,
        name="challenge_responses",
    ),
]
