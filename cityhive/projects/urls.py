from django.urls import path

from cityhive.projects import views

urlpatterns = [
    path("projects/", views.project_list, name="project_list"),
    path("projects/new/", views.project_create, name="project_create"),
    path("projects/sdg-report/", views.programme_sdg_report, name="programme_sdg_report"),
    path("projects/<int:project_id>/", views.project_detail, name="project_detail"),
    path("projects/<int:project_id>/advance/", views.project_advance, name="project_advance"),
    path("projects/<int:project_id>/invite/", views.member_invite, name="project_member_invite"),
    path("projects/<int:project_id>/plan/", views.plan_edit, name="project_plan"),
    path("projects/<int:project_id>/close/", views.financial_close, name="project_financial_close"),
    path(
        "projects/<int:project_id>/opportunity/",
        views.opportunity_open,
        name="project_opportunity_open",
    ),
    path("projects/<int:project_id>/ocds.json", views.project_ocds, name="project_ocds"),
    path("projects/<int:project_id>/edit/", views.project_edit, name="project_edit"),
    path("projects/<int:project_id>/progress/", views.project_progress, name="project_progress"),
    path(
        "projects/<int:project_id>/milestones/add/",
        views.milestone_add,
        name="project_milestone_add",
    ),
    path(
        "projects/milestones/<int:milestone_id>/",
        views.milestone_update,
        name="project_milestone_update",
    ),
    path(
        "projects/milestones/<int:milestone_id>/reached/",
        views.milestone_reach,
        name="project_milestone_reach",
    ),
    path(
        "projects/milestones/<int:milestone_id>/remove/",
        views.milestone_remove,
        name="project_milestone_remove",
    ),
    path("projects/<int:project_id>/targets/add/", views.target_add, name="project_target_add"),
    path("projects/targets/<int:target_id>/", views.target_update, name="project_target_update"),
    path(
        "projects/targets/<int:target_id>/remove/",
        views.target_remove,
        name="project_target_remove",
    ),
    path(
        "projects/targets/<int:target_id>/after/", views.target_after, name="project_target_after"
    ),
    path(
        "projects/targets/<int:target_id>/confirm/",
        views.target_confirm,
        name="project_target_confirm",
    ),
    path(
        "projects/<int:project_id>/documents/",
        views.project_documents,
        name="project_documents",
    ),
    path(
        "projects/documents/<int:document_id>/",
        views.document_download,
        name="project_document_download",
    ),
    path(
        "projects/documents/<int:document_id>/remove/",
        views.document_remove,
        name="project_document_remove",
    ),
    path(
        "projects/members/<int:member_id>/answer/",
        views.member_answer,
        name="project_member_answer",
    ),
    path(
        "projects/members/<int:member_id>/withdraw/",
        views.member_withdraw,
        name="project_member_withdraw",
    ),
    path("opportunities/", views.opportunity_list, name="opportunity_list"),
    path(
        "opportunities/<int:opportunity_id>/", views.opportunity_detail, name="opportunity_detail"
    ),
    path(
        "opportunities/<int:opportunity_id>/interest/",
        views.opportunity_interest,
        name="opportunity_interest",
    ),
    path("financiers/<slug:slug>/mandate/", views.mandate_edit, name="mandate_edit"),
    path(
        "organisations/<slug:slug>/sdg-contribution/",
        views.sdg_contribution,
        name="sdg_contribution",
    ),
]
