from django.urls import path

from cityhive.assessment import file_views, review_views, views

urlpatterns = [
    path("organisations/<slug:slug>/assessment/", views.assessment_city, name="assessment_city"),
    path(
        "organisations/<slug:slug>/assessment/snapshot/",
        views.assessment_snapshot,
        name="assessment_snapshot",
    ),
    path(
        "organisations/<slug:slug>/assessment/snapshot.pdf",
        views.assessment_snapshot_pdf,
        name="assessment_snapshot_pdf",
    ),
    path(
        "organisations/<slug:slug>/assessment/edit/", views.assessment_edit, name="assessment_edit"
    ),
    path(
        "organisations/<slug:slug>/assessment/import/",
        file_views.assessment_import,
        name="assessment_import",
    ),
    path(
        "organisations/<slug:slug>/assessment/export/",
        file_views.assessment_export,
        name="assessment_export",
    ),
    path(
        "organisations/<slug:slug>/assessment/submit/",
        views.assessment_submit,
        name="assessment_submit",
    ),
    path(
        "organisations/<slug:slug>/assessment/needs/",
        review_views.assessment_needs,
        name="assessment_needs",
    ),
    path(
        "organisations/<slug:slug>/assessment/gaps/",
        review_views.assessment_gaps,
        name="assessment_gaps",
    ),
    path(
        "organisations/<slug:slug>/assessment/evidence/",
        file_views.assessment_evidence_add,
        name="assessment_evidence_add",
    ),
    path(
        "organisations/<slug:slug>/assessment/evidence/file/",
        file_views.assessment_evidence_file,
        name="assessment_evidence_file",
    ),
]
