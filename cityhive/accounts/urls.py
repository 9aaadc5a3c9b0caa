from django.urls import path

from cityhive.accounts import views

urlpatterns = [
    path("me/tokens/", views.api_token_list, name="api_token_list"),
    path("me/tokens/<int:token_id>/revoke/", views.api_token_revoke_view, name="api_token_revoke"),
    path("i18n/setlang/", views.language_set, name="set_language"),
]
