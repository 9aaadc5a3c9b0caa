"""A city's assessment pages: dashboard and snapshot, values, imports and exports, derived needs
and the gaps to challenges."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cityhive.assessment import selectors, services
from cityhive.assessment.charts import dimension_bars
from cityhive.assessment.forms import SubmitForm, YearForm
from cityhive.assessment.measures import measure_of
from cityhive.assessment.models import Assessment, DataQuality
from cityhive.assessment.scorecards import scorecard
from cityhive.challenges.selectors import (
    ChallengeFilters,
    challenge_list_visible_to,
)
from cityhive.core.errors import DomainError, NotFound
from cityhive.core.permissions import require
from cityhive.directory.models import OrganisationKind
from cityhive.directory.selectors import organisation_get_visible_to
from cityhive.solutions.selectors import implementation_list_for_city
from cityhive.taxonomy.selectors import facet_labels


def city_for(request, slug: str, permission: str | None = None):
    """The city organisation a page is about (only cities have assessments), checked for
    `permission` when one is given."""
    city = organisation_get_visible_to(actor=request.user, slug=slug)
    if city.kind != OrganisationKind.CITY:
        raise NotFound()
    if permission is not None:
        require(request.user, permission, city)
    return city


def year_asked(request) -> int | None:
    text = request.GET.get("year") or request.POST.get("year") or ""
    return int(text) if text.isdigit() and len(text) == 4 else None


def assessment_shown(request, city) -> Assessment | None:
    """The assessment a page shows: the asked-for year, else the latest the visitor may see."""
    try:
        return selectors.assessment_get_visible_to(
            actor=request.user, city=city, year=year_asked(request)
        )
    except NotFound:
        if year_asked(request) is not None:
            raise
        return None


def _overview(request, city, assessment: Assessment | None) -> dict:
    context = {
        "city": city,
        "assessment": assessment,
        "years": selectors.assessment_list_visible_to(actor=request.user, city=city),
        "can_edit": request.user.has_perm("assessment.add_assessment_for", city),
        "can_submit": request.user.has_perm("assessment.submit_assessment_for", city),
    }
    if assessment is None:
        return context
    card = scorecard(assessment)
    risks = list(assessment.climate_risks.all())
    emissions = list(assessment.emissions.all())
    total = sum(e.tonnes_co2e for e in emissions)
    labels = facet_labels(
        [
            *(("hazard", r.hazard) for r in risks),
            *(("emission_sector", e.sector) for e in emissions),
        ]
    )
    context.update(
        card=card,
        chart=dimension_bars(card.dimensions),
        risks=[(r, labels.get(("hazard", r.hazard), r.hazard)) for r in risks],
        emissions=[
            (
                e,
                round(100 * e.tonnes_co2e / total) if total else 0,
                labels.get(("emission_sector", e.sector), e.sector),
            )
            for e in emissions
        ],
        emissions_total=total,
        previous=selectors.previous_years(actor=request.user, assessment=assessment),
        peers=selectors.peer_results(actor=request.user, assessment=assessment),
        challenges=challenge_list_visible_to(
            actor=request.user, filters=ChallengeFilters(city_id=city.pk, status="open")
        )[:10],
        implementations=implementation_list_for_city(actor=request.user, city=city)[:10],
        sdgs=_sdg_contribution(card),
    )
    return context


def _sdg_contribution(card) -> list[tuple[object, float]]:
    """SDG goals the assessed KPIs link to, with the mean achievement of those KPIs."""
    by_goal: dict = {}
    for score in card.scores:
        if score.achievement is None:
            continue
        for goal in score.kpi.sdg_goals.all():
            by_goal.setdefault(goal, []).append(score.achievement)
    return sorted(
        ((goal, round(sum(v) / len(v), 1)) for goal, v in by_goal.items()),
        key=lambda pair: pair[0].number,
    )


def assessment_city(request, slug: str):
    city = city_for(request, slug)
    context = _overview(request, city, assessment_shown(request, city))
    return render(request, "assessment/dashboard.html", context)


def assessment_snapshot(request, slug: str):
    city = city_for(request, slug)
    context = _overview(request, city, assessment_shown(request, city))
    return render(request, "assessment/snapshot.html", context)


def assessment_snapshot_pdf(request, slug: str):
    """The snapshot page as a PDF file: the same content, for whoever may see the page."""
    # WeasyPrint takes about half a second to import: loaded when a PDF is first asked for,
    # not by every process that loads the URLs.
    from cityhive.assessment.pdf import snapshot_pdf

    city = city_for(request, slug)
    assessment = assessment_shown(request, city)
    html = render_to_string(
        "assessment/snapshot.html", _overview(request, city, assessment), request=request
    )
    pdf = snapshot_pdf(html, page_url=request.build_absolute_uri())
    response = HttpResponse(pdf, content_type="application/pdf")
    year = f"-{assessment.year}" if assessment is not None else ""
    response["Content-Disposition"] = f'attachment; filename="{city.slug}-snapshot{year}.pdf"'
    return response


@login_required
def assessment_edit(request, slug: str):
    city = city_for(request, slug, "assessment.add_assessment_for")
    year = year_asked(request)
    if year is None:
        return _open_page(request, city)
    assessment = Assessment.objects.filter(city=city, year=year).first()
    if assessment is None:
        return _open_page(request, city)
    assessment = selectors.assessment_get_visible_to(actor=request.user, city=city, year=year)
    errors = {}
    if request.method == "POST":
        errors = _values_save(request, assessment)
        if not errors:
            messages.success(request, _("Values saved."))
            return redirect(f"{reverse('assessment_edit', args=[city.slug])}?year={year}")
    context = {
        "city": city,
        "assessment": assessment,
        "card": scorecard(assessment),
        "qualities": DataQuality.choices,
        "errors": errors,
        "posted": request.POST if errors else None,
        "editable": request.user.has_perm("assessment.change_assessment", assessment),
        "history": selectors.assessment_history(actor=request.user, assessment=assessment)[:20],
        "evidence": selectors.kpi_evidence_list(actor=request.user, assessment=assessment),
    }
    return render(request, "assessment/edit.html", context, status=400 if errors else 200)


def _open_page(request, city):
    form = YearForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            assessment = services.assessment_open(
                actor=request.user, city=city, year=form.cleaned_data["year"]
            )
            url = reverse("assessment_edit", args=[city.slug])
            return redirect(f"{url}?year={assessment.year}")
        except DomainError as error:
            form.add_error(None, error.message)
    years = Assessment.objects.filter(city=city).order_by("-year")
    return render(request, "assessment/open.html", {"city": city, "form": form, "years": years})


def _values_save(request, assessment: Assessment) -> dict:
    """Save the values form: filled rows are entered, emptied ones removed."""
    rows, removed = [], []
    current = {v.kpi.code: v for v in assessment.values.select_related("kpi")}
    for score in scorecard(assessment).scores:
        code = score.kpi.code
        value = request.POST.get(f"value-{score.kpi.pk}", "").strip()
        if not value:
            if code in current:
                removed.append(score.kpi)
            continue
        rows.append(
            {
                "kpi": code,
                "value": value,
                "unit": measure_of(code).unit,
                "data_source": request.POST.get(f"source-{score.kpi.pk}", ""),
                "data_quality": _quality(request.POST.get(f"quality-{score.kpi.pk}", "")),
                "notes": request.POST.get(f"notes-{score.kpi.pk}", ""),
            }
        )
    try:
        services.kpi_values_set(actor=request.user, assessment=assessment, values=rows)
        for kpi in removed:
            services.kpi_value_remove(actor=request.user, assessment=assessment, kpi=kpi)
    except DomainError as error:
        return _row_errors(error, rows)
    return {}


def _quality(text: str):
    return int(text) if text.isdigit() else (text or None)


def _row_errors(error: DomainError, rows: list[dict]) -> dict:
    """Field errors by KPI code: {code: ["value: must be a number"]}."""
    by_code: dict[str, list[str]] = {}
    for path, problems in error.field_errors.items():
        index = path.split("[", 1)[-1].split("]", 1)[0]
        code = rows[int(index)]["kpi"] if index.isdigit() else ""
        field = path.rsplit(".", 1)[-1] if "." in path else ""
        by_code.setdefault(code, []).extend(f"{field}: {p}" if field else p for p in problems)
    return by_code or {"": [error.message]}


@login_required
@require_POST
def assessment_submit(request, slug: str):
    city = city_for(request, slug, "assessment.submit_assessment_for")
    form = SubmitForm(request.POST)
    year = year_asked(request)
    assessment = Assessment.objects.filter(city=city, year=year).first() if year else None
    target = reverse("assessment_city", args=[city.slug])
    if assessment is None or not form.is_valid():
        messages.error(request, _("Choose an assessment and who may see it."))
        return redirect(target)
    try:
        services.assessment_submit(
            actor=request.user,
            assessment=assessment,
            visibility=form.cleaned_data["visibility"],
        )
        messages.success(request, _("The assessment was submitted."))
    except DomainError as error:
        messages.error(request, error.message)
    return redirect(f"{target}?year={assessment.year}")


def organisation_section(user, organisation) -> dict:
    """The organisation page's way to a city's assessment: the latest year the visitor may see,
    and for the city's members the values to enter (empty for other organisations)."""
    if organisation.kind != OrganisationKind.CITY:
        return {}
    latest = selectors.assessment_list_visible_to(actor=user, city=organisation).first()
    can_edit = user.has_perm("assessment.add_assessment_for", organisation)
    if latest is None and not can_edit:
        return {}
    return {"latest": latest, "can_edit": can_edit}


def dashboard_shortcuts(user, organisation) -> list[dict]:
    """A city member's way to the city's assessment, beside the city on their dashboard."""
    if not user.has_perm("assessment.add_assessment_for", organisation):
        return []
    return [
        {
            "label": _("U4SSC assessment"),
            "url": reverse("assessment_city", args=[organisation.slug]),
        }
    ]
