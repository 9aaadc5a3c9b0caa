from django.urls import path

from cityhive.groups import views

urlpatterns = [
    path("groups/", views.group_list, name="group_list"),
    path("groups/new/", views.group_create, name="group_create"),
    path("groups/<int:group_id>/", views.group_detail, name="group_detail"),
    path("groups/<int:group_id>/edit/", views.group_edit, name="group_edit"),
    path("groups/<int:group_id>/join/", views.group_join, name="group_join"),
    path("groups/<int:group_id>/leave/", views.group_leave, name="group_leave"),
    path(
        "groups/<int:group_id>/requests/<int:group_membership_id>/decide/",
        views.group_request_decide,
        name="group_request_decide",
    ),
    path(
        "groups/<int:group_id>/members/<int:group_membership_id>/remove/",
        views.group_member_remove,
        name="group_member_remove",
    ),
    path("groups/<int:group_id>/posts/", views.group_posts, name="group_posts"),
    path("groups/<int:group_id>/posts/new/", views.group_post_create, name="group_post_create"),
    path(
        "groups/<int:group_id>/posts/<int:post_id>/remove/",
        views.group_post_remove,
        name="group_post_remove",
    ),
]
