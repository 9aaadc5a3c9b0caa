from django.urls import path

from cityhive.places import views

urlpatterns = [path("places/autocomplete/", views.place_autocomplete, name="place_autocomplete")]
