from django.urls import include, path

from cityhive.groups import views

group_urls = [
    path("", views.group_detail, name="group_detail"),
    path("edit/", views.group_edit, name="group_edit"),
    path("join/", views.group_join, name="group_join"),
    path("leave/", views.group_leave, name="group_leave"),
    path(
        "requests/<int:group_membership_id>/decide/",
        views.group_request_decide,
        name="group_request_decide",
    ),
    path(
        "members/<int:group_membership_id>/remove/",
        views.group_member_remove,
        name="group_member_remove",
    ),
    path("posts/", views.group_posts, name="group_posts"),
    path("posts/new/", views.group_post_create, name="group_post_create"),
    path("posts/<int:post_id>/remove/", views.group_post_remove, name="group_post_remove"),
]

urlpatterns = [
    path("groups/", views.group_list, name="group_list"),
    path("groups/new/", views.group_create, name="group_create"),
    path("groups/<int:group_id>/", include(group_urls)),
]
