"""A city's assessment files: CSV import and export, and evidence files."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from cityhive.assessment import csvio, selectors, services
from cityhive.assessment.forms import ImportForm, this_year
from cityhive.assessment.models import Assessment
from cityhive.assessment.views import city_for, year_asked
from cityhive.core.errors import DomainError, Forbidden
from cityhive.core.uploads import file_response

_IMPORTS = {
    "values": (services.kpi_values_import, gettext_lazy("KPI values imported.")),
    "risks": (services.climate_risks_import, gettext_lazy("Climate risks imported.")),
    "emissions": (services.emissions_import, gettext_lazy("Emissions inventory imported.")),
}


@login_required
def assessment_import(request, slug: str):
    city = city_for(request, slug, "assessment.add_assessment_for")
    form = ImportForm(request.POST or None, request.FILES or None, initial={"year": this_year()})
    problems: dict = {}
    if request.method == "POST" and form.is_valid():
        import_file, done = _IMPORTS[form.cleaned_data["what"]]
        try:
            assessment = services.year_rows_store(
                actor=request.user,
                city=city,
                year=form.cleaned_data["year"],
                service=import_file,
                text=csvio.csv_text(form.cleaned_data["file"]),
            )
            messages.success(request, done)
            return redirect(
                f"{reverse('assessment_city', args=[city.slug])}?year={assessment.year}"
            )
        except DomainError as error:
            problems = error.field_errors or {"": [error.message]}
    status = 400 if problems or form.errors else 200
    context = {"city": city, "form": form, "problems": problems}
    return render(request, "assessment/import.html", context, status=status)


@login_required
def assessment_export(request, slug: str):
    city = city_for(request, slug, "assessment.add_assessment_for")
    year = year_asked(request) or this_year()
    assessment = Assessment.objects.filter(city=city, year=year).first()
    rows = selectors.assessment_export_rows(assessment)
    response = HttpResponse(
        csvio.csv_write(rows, (*csvio.KPI_VALUES.columns, *csvio.KPI_VALUES.informative)),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{city.slug}-assessment-{year}.csv"'
    return response


def _back_to_values(city, year: int | None):
    url = reverse("assessment_edit", args=[city.slug])
    return redirect(f"{url}?year={year}" if year else url)


@login_required
@require_POST
def assessment_evidence_add(request, slug: str):
    city = city_for(request, slug, "assessment.add_assessment_for")
    year, kpi = year_asked(request), request.POST.get("kpi", "")
    upload = request.FILES.get("file")
    if year is None or not kpi.isdigit() or upload is None:
        messages.error(request, _("Choose a KPI with a value and a file."))
        return _back_to_values(city, year)
    try:
        value = selectors.kpi_value_get_for_city(
            actor=request.user, city=city, year=year, kpi_id=int(kpi)
        )
        services.kpi_evidence_add(
            actor=request.user, kpi_value=value, upload=upload, title=request.POST.get("title", "")
        )
        messages.success(request, _("The evidence file was added."))
    except DomainError as error:
        if isinstance(error, Forbidden):
            raise
        problems = [p for found in error.field_errors.values() for p in found] or [error.message]
        messages.error(request, " ".join(problems))
    return _back_to_values(city, year)


@login_required
def assessment_evidence_file(request, slug: str):
    city = city_for(request, slug, "assessment.add_assessment_for")
    evidence_id = request.GET.get("id", "")
    if not evidence_id.isdigit():
        return _back_to_values(city, None)
    evidence = selectors.kpi_evidence_get(
        actor=request.user, city=city, evidence_id=int(evidence_id)
    )
    return file_response(evidence.file, filename=f"evidence-{evidence.pk}")
