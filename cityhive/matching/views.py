"""Pages showing matches in each direction, with their reasons as factor bars.

A city's recommendations and peers are for those who may see its needs profile (public ones for
everyone); the selectors check it, and drop the improvement hints for all but the item's owners.
"""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext

from cityhive.challenges.selectors import challenge_get_visible_to, needs_list_visible_to
from cityhive.core.sections import sections
from cityhive.directory.selectors import organisation_get_visible_to
from cityhive.matching import selectors
from cityhive.solutions.selectors import solution_get_visible_to

TOP = 20
# Actions other apps offer on each match (e.g. "Express interest", "Not relevant"):
# provider(request, subject, item) -> HTML.
MATCH_ACTIONS = "match_actions"


def _page(request, subject, matches, kind: str, title: str, intro: str, prompt=None):
    """The matches page: `matches` (ranked items of `kind`) for `subject`, with its words;
    `prompt` says what to do when there is nothing to rank against."""
    context = {"title": title, "subject": subject, "kind": kind, "matches": matches, "intro": intro}
    context["prompt"] = prompt
    # Matches the organisation marked "not relevant" are hidden; `?hidden=1` shows them again.
    context["hidden"] = getattr(matches, "hidden", 0)
    context["showing_hidden"] = _show_hidden(request)
    context["matches_with_actions"] = [
        (match, sections(MATCH_ACTIONS, request=request, subject=subject, item=match.item))
        for match in matches
    ]
    return render(request, "matching/matches.html", context)


def _show_hidden(request) -> bool:
    return request.GET.get("hidden") == "1"


def _needs_prompt(request, city) -> dict | None:
    """For a city without a needs profile, what to do instead of a list ranked on nothing."""
    if needs_list_visible_to(actor=request.user, city=city).exists():
        return None
    if request.user.has_perm("challenges.change_needs", city):
        return {
            "text": gettext(
                "Your city has not set out its needs yet, so there is nothing to match. Fill in "
                "its needs profile (climate risks, KPI assessment, emissions) and come back."
            ),
            "url": reverse("needs_edit", args=[city.slug]),
            "link": gettext("Fill in the needs profile"),
        }
    return {
        "text": gettext(
            "%(city)s has not set out its needs yet, so there is nothing to match. Its admins "
            "can fill in its needs profile."
        )
        % {"city": city.name},
        "url": reverse("organisation_detail", args=[city.slug]),
        "link": gettext("See the city's page"),
    }


def city_recommendations(request, slug: str):
    city = organisation_get_visible_to(actor=request.user, slug=slug)
    title = gettext("Recommended solutions for %(city)s") % {"city": city.name}
    intro = gettext("Published solutions ranked against this city's needs profile.")
    prompt = _needs_prompt(request, city)
    if prompt is not None:
        return _page(request, city, [], "solution", title, intro, prompt=prompt)
    matches = selectors.recommendations_for_city(
        actor=request.user, city=city, top=TOP, show_hidden=_show_hidden(request)
    )
    return _page(request, city, matches, "solution", title, intro)


def city_peers(request, slug: str):
    city = organisation_get_visible_to(actor=request.user, slug=slug)
    title = gettext("Peer cities of %(city)s") % {"city": city.name}
    intro = gettext("Cities with the same needs that solved them with confirmed solutions.")
    prompt = _needs_prompt(request, city)
    if prompt is not None:
        return _page(request, city, [], "city", title, intro, prompt=prompt)
    matches = selectors.peer_cities(
        actor=request.user, city=city, top=TOP, show_hidden=_show_hidden(request)
    )
    return _page(request, city, matches, "city", title, intro)


@login_required
def company_cities(request, slug: str):
    company = organisation_get_visible_to(actor=request.user, slug=slug)
    matches = selectors.cities_for_company(
        actor=request.user, company=company, top=TOP, show_hidden=_show_hidden(request)
    )
    intro = gettext("Cities whose needs profiles this organisation's published solutions cover.")
    title = gettext("Cities that need %(organisation)s's solutions") % {
        "organisation": company.name
    }
    return _page(request, company, matches, "city", title, intro)


def challenge_matches(request, challenge_id: int):
    challenge = challenge_get_visible_to(actor=request.user, challenge_id=challenge_id)
    matches = selectors.matches_for_challenge(
        actor=request.user, challenge=challenge, top=TOP, show_hidden=_show_hidden(request)
    )
    intro = gettext("Published solutions ranked against this challenge and its city.")
    title = gettext("Solutions for “%(title)s”") % {"title": challenge.title}
    return _page(request, challenge, matches, "solution", title, intro)


def solution_opportunities(request, solution_id: int):
    solution = solution_get_visible_to(actor=request.user, solution_id=solution_id)
    matches = selectors.opportunities_for_solution(
        actor=request.user, solution=solution, top=TOP, show_hidden=_show_hidden(request)
    )
    intro = gettext("Open challenges you may see, ranked by how well this solution answers them.")
    title = gettext("Open challenges for “%(title)s”") % {"title": solution.title}
    return _page(request, solution, matches, "challenge", title, intro)
