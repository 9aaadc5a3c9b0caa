from django.urls import path

from cityhive.taxonomy import views

urlpatterns = [
    path("sdgs/", views.sdg_list, name="sdg_list"),
    path("sdgs/<int:number>/", views.sdg_detail, name="sdg_detail"),
    path("kpis/", views.kpi_list, name="kpi_list"),
    path("kpis/<slug:slug>/", views.kpi_detail, name="kpi_detail"),
]
