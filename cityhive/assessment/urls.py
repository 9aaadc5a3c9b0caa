from django.urls import path

from cityhive.assessment import views

urlpatterns = [
    path("organisations/<slug:slug>/assessment/", views.assessment_city, name="assessment_city"),
    path(
        "organisations/<slug:slug>/assessment/snapshot/",
        views.assessment_snapshot,
        name="assessment_snapshot",
    ),
    path(
        "organisations/<slug:slug>/assessment/edit/", views.assessment_edit, name="assessment_edit"
    ),
    path(
        "organisations/<slug:slug>/assessment/import/",
        views.assessment_import,
        name="assessment_import",
    ),
    path(
        "organisations/<slug:slug>/assessment/export/",
        views.assessment_export,
        name="assessment_export",
    ),
    path(
        "organisations/<slug:slug>/assessment/submit/",
        views.assessment_submit,
        name="assessment_submit",
    ),
    path(
        "organisations/<slug:slug>/assessment/needs/",
        views.assessment_needs,
        name="assessment_needs",
    ),
    path(
        "organisations/<slug:slug>/assessment/gaps/", views.assessment_gaps, name="assessment_gaps"
    ),
    path(
        "organisations/<slug:slug>/assessment/evidence/",
        views.assessment_evidence_add,
        name="assessment_evidence_add",
    ),
    path(
        "organisations/<slug:slug>/assessment/evidence/file/",
        views.assessment_evidence_file,
        name="assessment_evidence_file",
    ),
]
