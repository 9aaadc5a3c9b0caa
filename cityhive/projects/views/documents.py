"""A project's confidential documents: the list with the upload form, the download and the
removal; access is read on every request (a withdrawn member's people get 404 at once)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cityhive.content.forms import errors_show
from cityhive.content.views import form_page
from cityhive.core.errors import DomainError
from cityhive.core.views import action_run
from cityhive.directory.permissions import organisation_roles
from cityhive.projects import documents, selectors
from cityhive.projects.forms import DocumentForm


@login_required
def project_documents(request, project_id: int):
    project = selectors.project_get_visible_to(actor=request.user, project_id=project_id)
    rows = list(documents.document_list_for(actor=request.user, project=project))
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            documents.document_upload(
                actor=request.user,
                project=project,
                upload=form.cleaned_data["file"],
                title=form.cleaned_data["title"],
            )
        except DomainError as error:
            errors_show(form, error)
        else:
            messages.success(request, _("Document uploaded for the consortium."))
            return redirect("project_documents", project_id=project.pk)
    own = organisation_roles(request.user)
    runs = selectors.project_runs(actor=request.user, project=project)
    context = {
        "project": project,
        "documents": [{"document": d, "removable": runs or d.organisation_id in own} for d in rows],
        "form": form,
    }
    return form_page(request, "projects/project_documents.html", context)


@login_required
def document_download(request, document_id: int):
    document = documents.document_get_visible_to(actor=request.user, document_id=document_id)
    return documents.document_response(document)


@login_required
@require_POST
def document_remove(request, document_id: int):
    document = documents.document_get_visible_to(actor=request.user, document_id=document_id)
    action_run(
        request,
        lambda: documents.document_remove(actor=request.user, document=document),
        _("Document deleted."),
        error_pages=(404,),
    )
    return redirect("project_documents", project_id=document.project_id)
