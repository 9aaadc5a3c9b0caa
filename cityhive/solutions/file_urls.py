from django.urls import path

from cityhive.solutions import file_views

urlpatterns = [
    path("solutions/<int:solution_id>/files/", file_views.solution_files, name="solution_files"),
    path(
        "solutions/<int:solution_id>/files/<int:file_id>/",
        file_views.solution_file_download,
        name="solution_file_download",
    ),
    path(
        "solutions/<int:solution_id>/files/<int:file_id>/remove/",
        file_views.solution_file_remove,
        name="solution_file_remove",
    ),
]
