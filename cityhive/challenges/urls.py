from django.urls import path

from cityhive.challenges import views

urlpatterns = [
    path("challenges/", views.challenge_list, name="challenge_list"),
    path("challenges/new/", views.challenge_create, name="challenge_create"),
    path("challenges/<int:challenge_id>/", views.challenge_detail, name="challenge_detail"),
    path("challenges/<int:challenge_id>/edit/", views.challenge_edit, name="challenge_edit"),
    path("organisations/<slug:slug>/needs/", views.needs_edit, name="needs_edit"),
]
