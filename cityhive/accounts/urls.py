from django.urls import path

from cityhive.accounts import privacy_views, views

urlpatterns = [
    path("me/tokens/", views.api_token_list, name="api_token_list"),
    path("me/tokens/<int:token_id>/revoke/", views.api_token_revoke_view, name="api_token_revoke"),
    path("me/data/", privacy_views.user_data, name="user_data"),
    path("me/data/download/", privacy_views.user_data_download, name="user_data_download"),
    path("me/delete/", privacy_views.user_delete_view, name="user_delete"),
]
