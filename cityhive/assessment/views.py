"""A city's assessment pages: dashboard and snapshot, values, imports and exports, derived needs
and the gaps to challenges."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cityhive.assessment import csvio, gaps, needs, selectors, services
from cityhive.assessment.charts import dimension_bars
from cityhive.assessment.forms import ImportForm, SubmitForm, YearForm, this_year
from cityhive.assessment.measures import measure_of
from cityhive.assessment.models import Assessment, DataQuality
from cityhive.assessment.scorecards import scorecard
from cityhive.challenges import services as challenge_services
from cityhive.challenges.selectors import (
    ChallengeFilters,
    challenge_get_editable_by,
    challenge_list_visible_to,
)
from cityhive.core.errors import DomainError, Forbidden, NotFound
from cityhive.core.permissions import require
from cityhive.core.uploads import file_response
from cityhive.directory.selectors import organisation_get_visible_to
from cityhive.solutions.selectors import implementation_list_for_city
from cityhive.taxonomy.models import Kpi
from cityhive.taxonomy.selectors import facet_labels


def _city(request, slug: str, permission: str | None = None):
    city = organisation_get_visible_to(actor=request.user, slug=slug)
    if permission is not None:
        require(request.user, permission, city)
    return city


def _year(request) -> int | None:
    text = request.GET.get("year") or request.POST.get("year") or ""
    return int(text) if text.isdigit() and len(text) == 4 else None


def _shown(request, city) -> Assessment | None:
    """The assessment a page shows: the asked-for year, else the latest the visitor may see."""
    try:
        return selectors.assessment_get_visible_to(
            actor=request.user, city=city, year=_year(request)
        )
    except NotFound:
        if _year(request) is not None:
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
    city = _city(request, slug)
    context = _overview(request, city, _shown(request, city))
    return render(request, "assessment/dashboard.html", context)


def assessment_snapshot(request, slug: str):
    city = _city(request, slug)
    context = _overview(request, city, _shown(request, city))
    return render(request, "assessment/snapshot.html", context)


@login_required
def assessment_edit(request, slug: str):
    city = _city(request, slug, "assessment.add_assessment_for")
    year = _year(request)
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


_IMPORTS = {
    "values": (services.kpi_values_import, _("KPI values imported.")),
    "risks": (services.climate_risks_import, _("Climate risks imported.")),
    "emissions": (services.emissions_import, _("Emissions inventory imported.")),
}


@login_required
def assessment_import(request, slug: str):
    city = _city(request, slug, "assessment.add_assessment_for")
    form = ImportForm(request.POST or None, request.FILES or None, initial={"year": this_year()})
    problems: dict = {}
    if request.method == "POST" and form.is_valid():
        import_file, done = _IMPORTS[form.cleaned_data["what"]]
        try:
            assessment = services.assessment_open(
                actor=request.user, city=city, year=form.cleaned_data["year"]
            )
            text = csvio.csv_text(form.cleaned_data["file"])
            import_file(actor=request.user, assessment=assessment, text=text)
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
    city = _city(request, slug, "assessment.add_assessment_for")
    year = _year(request) or this_year()
    assessment = Assessment.objects.filter(city=city, year=year).first()
    rows = _export_rows(assessment)
    response = HttpResponse(
        csvio.csv_write(rows, (*csvio.KPI_VALUES.columns, *csvio.KPI_VALUES.informative)),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{city.slug}-assessment-{year}.csv"'
    return response


def _export_rows(assessment: Assessment | None) -> list[dict]:
    """One row per KPI (core first), blank where no value was entered: a template to fill."""
    if assessment is None:
        assessment = Assessment(year=this_year())
        values = {}
    else:
        values = {v.kpi_id: v for v in assessment.values.all()}
    kpis = Kpi.objects.select_related("sub_dimension__dimension").order_by("kind", "sort_order")
    rows = []
    for kpi in sorted(kpis, key=lambda k: (k.kind != "core", k.sort_order)):
        value = values.get(kpi.pk)
        rows.append(
            {
                "kpi_code": kpi.code,
                "value": value.value if value else None,
                "unit": value.unit if value else measure_of(kpi.code).unit,
                "data_source": value.data_source if value else "",
                "data_quality": value.data_quality if value else None,
                "notes": value.notes if value else "",
                "dimension": kpi.sub_dimension.dimension.name,
                "sub_dimension": kpi.sub_dimension.name,
                "kind": kpi.kind,
                "definition": kpi.definition,
            }
        )
    return rows


@login_required
@require_POST
def assessment_submit(request, slug: str):
    city = _city(request, slug, "assessment.submit_assessment_for")
    form = SubmitForm(request.POST)
    year = _year(request)
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


@login_required
def assessment_needs(request, slug: str):
    city = _city(request, slug, "challenges.change_needs")
    if request.method == "POST":
        try:
            _needs_save(request, city)
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("assessment_needs", slug=city.slug)
        if request.POST.get("action") == "apply":
            needs.derived_needs_apply(actor=request.user, city=city)
            messages.success(request, _("Your needs profile was updated."))
            return redirect("organisation_detail", slug=city.slug)
        messages.success(request, _("Your review was saved."))
        return redirect("assessment_needs", slug=city.slug)
    derived = needs.derived_need_list(actor=request.user, city=city)
    merged = needs.needs_merged(actor=request.user, city=city)
    keys = {(d.facet, d.value) for d in derived} | {(m.facet, m.value) for m in merged}
    context = {
        "city": city,
        "derived": derived,
        "merged": merged,
        "labels": {f"{f}:{v}": label for (f, v), label in facet_labels(keys).items()},
    }
    return render(request, "assessment/needs.html", context)


def _needs_save(request, city) -> None:
    adjustments = []
    for derived in needs.derived_need_list(actor=request.user, city=city):
        weight = request.POST.get(f"weight-{derived.pk}", "").strip()
        try:
            chosen = float(weight.replace(",", ".")) if weight else None
        except ValueError:
            chosen = weight
        if chosen is not None and chosen == derived.weight:
            chosen = None
        adjustments.append(
            {
                "facet": derived.facet,
                "value": derived.value,
                "weight": chosen,
                "excluded": request.POST.get(f"exclude-{derived.pk}") == "on",
            }
        )
    needs.derived_needs_adjust(actor=request.user, city=city, adjustments=adjustments)


@login_required
def assessment_gaps(request, slug: str):
    city = _city(request, slug, "assessment.add_assessment_for")
    assessment = _shown(request, city)
    if request.method == "POST" and assessment is not None:
        return _gap_action(request, city, assessment)
    found = gaps.gap_list(actor=request.user, assessment=assessment) if assessment else []
    return render(
        request,
        "assessment/gaps.html",
        {"city": city, "assessment": assessment, "gaps": found},
    )


def _gap_action(request, city, assessment):
    back = f"{reverse('assessment_gaps', args=[city.slug])}?year={assessment.year}"
    try:
        if request.POST.get("action") == "publish":
            challenge = challenge_get_editable_by(
                actor=request.user, challenge_id=int(request.POST.get("challenge", "0") or 0)
            )
            challenge_services.challenge_update(
                actor=request.user,
                challenge=challenge,
                version=challenge.version,
                fields={"status": "open"},
            )
            messages.success(request, _("“%(title)s” is published.") % {"title": challenge.title})
            return redirect("challenge_detail", challenge_id=challenge.pk)
        challenge = gaps.gap_challenge_draft(
            actor=request.user,
            assessment=assessment,
            kind=request.POST.get("kind", ""),
            code=request.POST.get("code", ""),
        )
        messages.success(request, _("A draft challenge was written: edit it, then publish it."))
    except (DomainError, ValueError) as error:
        if isinstance(error, Forbidden):
            raise
        messages.error(request, getattr(error, "message", _("That gap was not found.")))
    return redirect(back)


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


def _back_to_values(city, year: int | None):
    url = reverse("assessment_edit", args=[city.slug])
    return redirect(f"{url}?year={year}" if year else url)


@login_required
@require_POST
def assessment_evidence_add(request, slug: str):
    city = _city(request, slug, "assessment.add_assessment_for")
    year, kpi = _year(request), request.POST.get("kpi", "")
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
    city = _city(request, slug, "assessment.add_assessment_for")
    evidence_id = request.GET.get("id", "")
    if not evidence_id.isdigit():
        return _back_to_values(city, None)
    evidence = selectors.kpi_evidence_get(
        actor=request.user, city=city, evidence_id=int(evidence_id)
    )
    return file_response(evidence.file, filename=f"evidence-{evidence.pk}")
