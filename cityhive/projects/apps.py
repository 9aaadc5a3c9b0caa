from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "cityhive.projects"
    label = "projects"
    verbose_name = "Projects"
