from django.apps import AppConfig


class PlacesConfig(AppConfig):
    name = "cityhive.places"
    label = "places"
