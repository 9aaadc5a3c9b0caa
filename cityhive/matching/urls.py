from django.urls import path

from cityhive.matching import views

urlpatterns = [
    path(
        "organisations/<slug:slug>/recommendations/",
        views.city_recommendations,
        name="city_recommendations",
    ),
    path("organisations/<slug:slug>/peers/", views.city_peers, name="city_peers"),
    path("organisations/<slug:slug>/cities/", views.company_cities, name="company_cities"),
    path(
        "challenges/<int:challenge_id>/matches/", views.challenge_matches, name="challenge_matches"
    ),
    path(
        "solutions/<int:solution_id>/opportunities/",
        views.solution_opportunities,
        name="solution_opportunities",
    ),
]
