"""The solution catalogue, solution pages and implementations (HTML)."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_POST
from django_countries import countries

from cityhive.content.catalogue import Taxonomy
from cityhive.content.cobenefits import cobenefit_display
from cityhive.content.forms import errors_show, rows_formset
from cityhive.content.views import (
    address_rows,
    catalogue_page,
    facet_display,
    form_page,
    form_save,
    versioned_edit,
)
from cityhive.core.errors import DomainError
from cityhive.core.public_cache import public_cache
from cityhive.core.sections import SECTION_SIZE, first_few
from cityhive.directory.models import OrganisationKind
from cityhive.directory.selectors import (
    OrganisationFilters,
    organisation_get_visible_to,
    organisation_list_visible_to,
)
from cityhive.solutions import selectors, services
from cityhive.solutions.catalogue import provider_list_for
from cityhive.solutions.forms import (
    ImplementationForm,
    KpiChangeRowForm,
    SolutionCreateForm,
    SolutionEditForm,
    SolutionFilterForm,
)
from cityhive.solutions.models import SolutionStatus
from cityhive.taxonomy.vocabulary import SDG_SUGGESTED

# Fields a catalogue card does not show: descriptions can be long, and JSON takes decoding.
CARD_UNUSED = (
    "description", "description_html", "categories", "sdg_targets", "kpis", "addresses",
    "cobenefits", "regions_served", "languages", "tags", "extra",
)  # fmt: skip


@public_cache
def solution_list(request):
    taxonomy = Taxonomy()
    form = SolutionFilterForm(request.GET, taxonomy=taxonomy)
    filters = form.filters()
    provider = None
    if form.cleaned_data.get("provider"):
        provider = organisation_get_visible_to(
            actor=request.user, slug=form.cleaned_data["provider"]
        )
        filters = form.filters(provider_id=provider.pk)
    solutions = selectors.solution_list_visible_to(actor=request.user, filters=filters)
    context = {"form": form, "provider": provider}
    return catalogue_page(
        request,
        queryset=solutions.defer(*CARD_UNUSED),
        context=context,
        templates=("solutions/solution_list.html", "solutions/_results.html"),
    )


@public_cache
def solution_detail(request, solution_id: int):
    solution = selectors.solution_get_visible_to(actor=request.user, solution_id=solution_id)
    implementations = selectors.implementation_list_for_solution(
        actor=request.user, solution=solution
    )
    taxonomy = Taxonomy()
    context = {
        "solution": solution,
        "facets": facet_display(solution, taxonomy),
        "regions": [countries.name(code) or code.capitalize() for code in solution.regions_served],
        "cobenefits": cobenefit_display(solution.cobenefits),
        # Imported actions often repeat their summary as their description: show it once.
        "description_repeats_summary": solution.description.strip() == solution.summary.strip(),
        "sdg_suggested": [
            (code, code.split(".", 1)[0], taxonomy.label("sdg_target", code))
            for code in solution.extra.get(SDG_SUGGESTED, [])
        ],
        "implementations": implementation_display(request.user, implementations, taxonomy),
        "files": list(solution.files.all()),
        "can_edit": request.user.has_perm("solutions.change_solution", solution),
        "can_add_implementation": request.user.has_perm("solutions.add_implementation", solution),
    }
    return render(request, "solutions/solution_detail.html", context)


def implementation_display(user, implementations, taxonomy: Taxonomy) -> list[dict]:
    """Implementations with what the member may do to each, and their KPI changes labelled."""
    return [
        {
            "implementation": implementation,
            "can_confirm": user.has_perm("solutions.confirm_implementation", implementation),
            "kpi_changes": [
                {**change, "slug": taxonomy.kpi_slugs.get(change.get("kpi"))}
                for change in implementation.kpi_changes
            ],
        }
        for implementation in implementations
    ]


@login_required
def solution_create(request):
    providers = provider_list_for(actor=request.user)
    initial = {"provider": request.GET.get("provider")}
    taxonomy = Taxonomy()
    data = request.POST if request.method == "POST" else None
    form = SolutionCreateForm(data, initial=initial, providers=providers, taxonomy=taxonomy)
    addresses = address_rows(request)
    if request.method == "POST":
        solution = form_save(
            form,
            addresses,
            lambda fields: services.solution_create(
                actor=request.user,
                provider=form.cleaned_data["provider"],
                fields=fields,
                publish=form.cleaned_data["publish"],
            ),
        )
        if solution is not None:
            published = solution.status == SolutionStatus.PUBLISHED
            message = (
                gettext("“%(title)s” was published.")
                if published
                else gettext("“%(title)s” was saved as a draft.")
            )
            messages.success(request, message % {"title": solution.title})
            return redirect("solution_detail", solution_id=solution.pk)
    context = {
        "form": form,
        "rows": {"addresses": addresses},
        "taxonomy": taxonomy,
        "has_providers": providers.exists(),
    }
    return form_page(request, "solutions/solution_form.html", context)


@login_required
def solution_edit(request, solution_id: int):
    solution = selectors.solution_get_editable_by(actor=request.user, solution_id=solution_id)
    saved, context = versioned_edit(
        request,
        item=solution,
        data=services.solution_data(solution),
        form_class=SolutionEditForm,
        update=lambda **change: services.solution_update(
            actor=request.user, solution=solution, **change
        ),
        current_version=lambda: (
            selectors.solution_get_visible_to(actor=request.user, solution_id=solution.pk).version
        ),
    )
    if saved is not None:
        messages.success(request, gettext("Solution saved."))
        return redirect("solution_detail", solution_id=saved.pk)
    context["solution"] = solution
    return form_page(request, "solutions/solution_form.html", context)


@login_required
@require_POST
def solution_sdg_suggestions(request, solution_id: int):
    solution = selectors.solution_get_editable_by(actor=request.user, solution_id=solution_id)
    accept = request.POST.get("accept") == "yes"
    services.solution_sdg_suggestions_decide(actor=request.user, solution=solution, accept=accept)
    messages.success(
        request,
        gettext("The suggested SDG targets were added.")
        if accept
        else gettext("The suggested SDG targets were dismissed."),
    )
    return redirect("solution_detail", solution_id=solution.pk)


@login_required
@require_POST
def solution_publish(request, solution_id: int):
    solution = selectors.solution_get_visible_to(actor=request.user, solution_id=solution_id)
    published = request.POST.get("published") != "no"
    services.solution_publish(actor=request.user, solution=solution, published=published)
    message = (
        gettext("“%(title)s” is published: everyone can see it.")
        if published
        else gettext("“%(title)s” is back to draft.")
    )
    messages.success(request, message % {"title": solution.title})
    return redirect("solution_detail", solution_id=solution.pk)


@login_required
def implementation_create(request, solution_id: int):
    solution = selectors.solution_get_editable_by(actor=request.user, solution_id=solution_id)
    cities = organisation_list_visible_to(
        actor=request.user, filters=OrganisationFilters(kind="city")
    )
    data = request.POST if request.method == "POST" else None
    form = ImplementationForm(data, cities=cities)
    kpi_changes = rows_formset(
        KpiChangeRowForm,
        prefix="kpi_changes",
        data=data,
        form_kwargs={"kpis": Taxonomy().kpis},
    )
    if request.method == "POST" and form.is_valid() and kpi_changes.is_valid():
        try:
            services.implementation_create(
                actor=request.user,
                solution=solution,
                city=form.cleaned_data["city"],
                fields=form.exchange_fields(kpi_changes=kpi_changes.items()),
            )
            messages.success(
                request,
                gettext("Implementation in %(city)s added.") % {"city": form.cleaned_data["city"]},
            )
            return redirect("solution_detail", solution_id=solution.pk)
        except DomainError as error:
            errors_show(form, error, rows={"kpi_changes": kpi_changes})
    context = {"form": form, "rows": {"kpi_changes": kpi_changes}, "solution": solution}
    return form_page(request, "solutions/implementation_form.html", context)


@login_required
@require_POST
def implementation_confirm(request, implementation_id: int):
    implementation = selectors.implementation_get_visible_to(
        actor=request.user, implementation_id=implementation_id
    )
    confirmed = request.POST.get("confirmed") != "no"
    services.implementation_confirm(
        actor=request.user, implementation=implementation, confirmed=confirmed
    )
    city = implementation.city.name
    text = (
        gettext("%(city)s confirmed this implementation.") % {"city": city}
        if confirmed
        else gettext("Confirmation withdrawn.")
    )
    messages.success(request, text)
    target = request.POST.get("next")
    if target == "organisation":
        return redirect("organisation_detail", slug=implementation.city.slug)
    return redirect("solution_detail", solution_id=implementation.solution_id)


def tagged_section(user, facet: str, value: str) -> dict:
    """Published solutions tagged with one facet value, for that value's page (a few)."""
    solutions = selectors.solution_list_visible_to(
        actor=user, filters=selectors.SolutionFilters(**{facet: value})
    ).filter(status=SolutionStatus.PUBLISHED)
    shown, count = first_few(solutions)
    section = {
        "solutions": shown,
        "solution_count": count,
        "solutions_url": f"{reverse('solution_list')}?{urlencode({facet: value})}",
    }
    if facet == "sdg":
        suggested, suggested_count = first_few(
            selectors.solution_list_suggested_for_goal(goal=value)
        )
        section.update(suggested_solutions=suggested, suggested_count=suggested_count)
    return section


def organisation_sections(user, organisation) -> dict:
    """What an organisation's page shows: its solutions and, for a city, its implementations."""
    solutions = selectors.solution_list_visible_to(
        actor=user, filters=selectors.SolutionFilters(provider_id=organisation.pk)
    )
    shown, count = first_few(solutions)
    sections = {
        "solutions": shown,
        "solution_count": count,
        "can_add_solution": user.has_perm("solutions.add_solution_for", organisation),
        "is_city": organisation.kind == OrganisationKind.CITY,
    }
    if sections["is_city"]:
        implementations = selectors.implementation_list_for_city(actor=user, city=organisation)
        shown, count = first_few(implementations, size=SECTION_SIZE * 2)
        sections["implementations"] = implementation_display(user, shown, Taxonomy())
        sections["implementation_count"] = count
    return sections
