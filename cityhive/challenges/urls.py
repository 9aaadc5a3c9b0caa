from django.urls import include, path

from cityhive.challenges import views

challenge_urls = [
    path("", views.challenge_detail, name="challenge_detail"),
    path("edit/", views.challenge_edit, name="challenge_edit"),
]

urlpatterns = [
    path("challenges/", views.challenge_list, name="challenge_list"),
    path("challenges/new/", views.challenge_create, name="challenge_create"),
    path("challenges/<int:challenge_id>/", include(challenge_urls)),
    path("organisations/<slug:slug>/needs/", views.needs_edit, name="needs_edit"),
]
