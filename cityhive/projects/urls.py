from django.urls import include, path

from cityhive.projects import views

project_urls = [
    path("", views.project_detail, name="project_detail"),
    path("advance/", views.project_advance, name="project_advance"),
    path("invite/", views.member_invite, name="project_member_invite"),
    path("plan/", views.plan_edit, name="project_plan"),
    path("close/", views.financial_close, name="project_financial_close"),
    path("opportunity/", views.opportunity_open, name="project_opportunity_open"),
    path("ocds.json", views.project_ocds, name="project_ocds"),
    path("edit/", views.project_edit, name="project_edit"),
    path("progress/", views.project_progress, name="project_progress"),
    path("milestones/add/", views.milestone_add, name="project_milestone_add"),
    path("targets/add/", views.target_add, name="project_target_add"),
    path("documents/", views.project_documents, name="project_documents"),
]

milestone_urls = [
    path("", views.milestone_update, name="project_milestone_update"),
    path("reached/", views.milestone_reach, name="project_milestone_reach"),
    path("remove/", views.milestone_remove, name="project_milestone_remove"),
]

target_urls = [
    path("", views.target_update, name="project_target_update"),
    path("remove/", views.target_remove, name="project_target_remove"),
    path("after/", views.target_after, name="project_target_after"),
    path("confirm/", views.target_confirm, name="project_target_confirm"),
]

document_urls = [
    path("", views.document_download, name="project_document_download"),
    path("remove/", views.document_remove, name="project_document_remove"),
]

member_urls = [
    path("answer/", views.member_answer, name="project_member_answer"),
    path("withdraw/", views.member_withdraw, name="project_member_withdraw"),
]

opportunity_urls = [
    path("", views.opportunity_detail, name="opportunity_detail"),
    path("interest/", views.opportunity_interest, name="opportunity_interest"),
]

urlpatterns = [
    path("projects/", views.project_list, name="project_list"),
    path("projects/new/", views.project_create, name="project_create"),
    path("projects/sdg-report/", views.programme_sdg_report, name="programme_sdg_report"),
    path("projects/<int:project_id>/", include(project_urls)),
    path("projects/milestones/<int:milestone_id>/", include(milestone_urls)),
    path("projects/targets/<int:target_id>/", include(target_urls)),
    path("projects/documents/<int:document_id>/", include(document_urls)),
    path("projects/members/<int:member_id>/", include(member_urls)),
    path("opportunities/", views.opportunity_list, name="opportunity_list"),
    path("opportunities/<int:opportunity_id>/", include(opportunity_urls)),
    path("financiers/<slug:slug>/mandate/", views.mandate_edit, name="mandate_edit"),
    path(
        "organisations/<slug:slug>/sdg-contribution/",
        views.sdg_contribution,
        name="sdg_contribution",
    ),
]
