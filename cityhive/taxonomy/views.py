"""Public pages of the reference taxonomies: the SDGs and the U4SSC KPIs."""

from django.shortcuts import render
from django.utils.translation import get_language, gettext

from cityhive.core.public_cache import public_cache
from cityhive.core.sections import TAGGED, sections
from cityhive.taxonomy import selectors
from cityhive.taxonomy.forms import KpiFilterForm
from cityhive.taxonomy.languages import UN_LANGUAGES, language_direction, language_resolve


def _related(request, *, facet: str, value: str, subject: str) -> dict:
    """What other apps hold tagged with one facet value (a few of each, contributed)."""
    related = {"subject": subject}
    for part in sections(TAGGED, user=request.user, facet=facet, value=value).values():
        related.update(part)
    return related


def _language_context(request) -> dict:
    # Without ?lang=, the SDG texts follow the interface language when the UN publishes it.
    lang = language_resolve(request.GET.get("lang") or get_language())
    return {"lang": lang, "dir": language_direction(lang), "languages": UN_LANGUAGES}


@public_cache
def sdg_list(request):
    context = {"goals": selectors.sdg_goal_list(), **_language_context(request)}
    return render(request, "taxonomy/sdg_list.html", context)


@public_cache
def sdg_detail(request, number: int):
    goal = selectors.sdg_goal_get(number=number)
    context = {
        "goal": goal,
        "targets": selectors.sdg_target_list(goal=goal),
        "kpis": selectors.kpi_list(sdg_goal=goal.number),
        "related": _related(
            request,
            facet="sdg",
            value=str(goal.number),
            subject=gettext("SDG %(number)s") % {"number": goal.number},
        ),
        **_language_context(request),
    }
    return render(request, "taxonomy/sdg_detail.html", context)


def kpi_list(request):
    form = KpiFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    kpis = selectors.kpi_list(
        dimension=filters.get("dimension") or None,
        kind=filters.get("kind") or None,
        query=filters.get("q") or None,
    ).prefetch_related("sdg_goals")
    context = {"form": form, "kpis": kpis, "kind_counts": selectors.kpi_kind_counts()}
    return render(request, "taxonomy/kpi_list.html", context)


def kpi_detail(request, slug: str):
    kpi = selectors.kpi_get(slug=slug)
    context = {
        "kpi": kpi,
        "related": _related(request, facet="kpi", value=kpi.code, subject=kpi.code),
    }
    return render(request, "taxonomy/kpi_detail.html", context)
