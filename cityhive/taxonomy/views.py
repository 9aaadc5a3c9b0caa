"""Public pages of the reference taxonomies: the SDGs and the U4SSC KPIs."""

from urllib.parse import urlencode

from django.shortcuts import render
from django.urls import reverse

from cityhive.challenges.selectors import ChallengeFilters, challenge_list_visible_to
from cityhive.solutions.models import SolutionStatus
from cityhive.solutions.selectors import SolutionFilters, solution_list_visible_to
from cityhive.taxonomy import selectors
from cityhive.taxonomy.forms import KpiFilterForm
from cityhive.taxonomy.languages import UN_LANGUAGES, language_direction, language_resolve

RELATED_SHOWN = 6


def _related(request, *, facet: str, value: str, subject: str) -> dict:
    """Published solutions and visible challenges tagged with one facet value (a few of each)."""
    solutions = solution_list_visible_to(
        actor=request.user, filters=SolutionFilters(**{facet: value})
    ).filter(status=SolutionStatus.PUBLISHED)
    challenges = challenge_list_visible_to(
        actor=request.user, filters=ChallengeFilters(**{facet: value})
    )
    query = urlencode({facet: value})
    shown_solutions = list(solutions[:RELATED_SHOWN])
    shown_challenges = list(challenges[:RELATED_SHOWN])
    return {
        "subject": subject,
        "solutions": shown_solutions,
        "solution_count": _count(solutions, shown_solutions),
        "solutions_url": f"{reverse('solution_list')}?{query}",
        "challenges": shown_challenges,
        "challenge_count": _count(challenges, shown_challenges),
        "challenges_url": f"{reverse('challenge_list')}?{query}",
    }


def _count(queryset, shown: list) -> int:
    # A count query only when the first few did not hold them all.
    return queryset.count() if len(shown) == RELATED_SHOWN else len(shown)


def _language_context(request) -> dict:
    lang = language_resolve(request.GET.get("lang"))
    return {"lang": lang, "dir": language_direction(lang), "languages": UN_LANGUAGES}


def sdg_list(request):
    context = {"goals": selectors.sdg_goal_list(), **_language_context(request)}
    return render(request, "taxonomy/sdg_list.html", context)


def sdg_detail(request, number: int):
    goal = selectors.sdg_goal_get(number=number)
    context = {
        "goal": goal,
        "targets": selectors.sdg_target_list(goal=goal),
        "kpis": selectors.kpi_list(sdg_goal=goal.number),
        "related": _related(
            request, facet="sdg", value=str(goal.number), subject=f"SDG {goal.number}"
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
