from django.urls import path

from cityhive.solutions import views

urlpatterns = [
    path("solutions/", views.solution_list, name="solution_list"),
    path("solutions/new/", views.solution_create, name="solution_create"),
    path("solutions/<int:solution_id>/", views.solution_detail, name="solution_detail"),
    path("solutions/<int:solution_id>/edit/", views.solution_edit, name="solution_edit"),
    path("solutions/<int:solution_id>/publish/", views.solution_publish, name="solution_publish"),
    path(
        "solutions/<int:solution_id>/sdg-suggestions/",
        views.solution_sdg_suggestions,
        name="solution_sdg_suggestions",
    ),
    path(
        "solutions/<int:solution_id>/implementations/new/",
        views.implementation_create,
        name="implementation_create",
    ),
    path(
        "implementations/<int:implementation_id>/confirm/",
        views.implementation_confirm,
        name="implementation_confirm",
    ),
]
