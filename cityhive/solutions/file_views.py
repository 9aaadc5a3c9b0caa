"""A solution's images and documents: the provider's page to manage them, and safe serving."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_POST

from cityhive.core.errors import ValidationFailed
from cityhive.core.forms import apply_errors
from cityhive.core.uploads import file_response
from cityhive.solutions import services
from cityhive.solutions.models import SolutionFileKind
from cityhive.solutions.selectors import solution_get_visible_to


class SolutionFileForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=SolutionFileKind.choices)
    file = forms.FileField(
        label=gettext_lazy("File"), help_text=gettext_lazy("PDF, PNG, JPEG or WebP; at most 10 MB.")
    )


@login_required
def solution_files(request, solution_id: int):
    solution = solution_get_visible_to(actor=request.user, solution_id=solution_id)
    if not request.user.has_perm("solutions.change_solution", solution):
        raise Http404()
    form = SolutionFileForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.solution_file_add(
                actor=request.user,
                solution=solution,
                upload=form.cleaned_data["file"],
                title=form.cleaned_data["title"],
                kind=form.cleaned_data["kind"],
            )
            messages.success(request, gettext("File attached."))
            return redirect("solution_files", solution_id=solution.pk)
        except ValidationFailed as error:
            apply_errors(form, error)
    context = {"solution": solution, "files": solution.files.all(), "form": form}
    status = 400 if form.errors else 200
    return render(request, "solutions/files.html", context, status=status)


@login_required
@require_POST
def solution_file_remove(request, solution_id: int, file_id: int):
    solution = solution_get_visible_to(actor=request.user, solution_id=solution_id)
    services.solution_file_remove(actor=request.user, solution=solution, file_id=file_id)
    messages.success(request, gettext("File removed."))
    return redirect("solution_files", solution_id=solution.pk)


def solution_file_download(request, solution_id: int, file_id: int):
    solution = solution_get_visible_to(actor=request.user, solution_id=solution_id)
    attached = solution.files.filter(pk=file_id).first()
    if attached is None:
        raise Http404()
    return file_response(attached.file, filename=f"solution-{solution.pk}-{attached.pk}")
