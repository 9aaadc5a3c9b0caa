from django.urls import path

from cityhive.audit import views

urlpatterns = [
    path("contact-log/", views.contact_log_list, name="contact_log_list"),
    path("contact-log/export.csv", views.contact_log_export, name="contact_log_export"),
    path("security-log/", views.security_log_list, name="security_log_list"),
]
