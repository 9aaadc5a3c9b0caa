from django.urls import path

from cityhive.sdg import views

urlpatterns = [
    path("sdgs/suggest/", views.suggest, name="sdg_suggest"),
]
