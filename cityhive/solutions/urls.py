from django.urls import include, path

from cityhive.solutions import views

solution_urls = [
    path("", views.solution_detail, name="solution_detail"),
    path("edit/", views.solution_edit, name="solution_edit"),
    path("publish/", views.solution_publish, name="solution_publish"),
    path("sdg-suggestions/", views.solution_sdg_suggestions, name="solution_sdg_suggestions"),
    path("implementations/new/", views.implementation_create, name="implementation_create"),
]

implementation_urls = [
    path("confirm/", views.implementation_confirm, name="implementation_confirm"),
]

urlpatterns = [
    path("solutions/", views.solution_list, name="solution_list"),
    path("solutions/new/", views.solution_create, name="solution_create"),
    path("solutions/<int:solution_id>/", include(solution_urls)),
    path("implementations/<int:implementation_id>/", include(implementation_urls)),
]
