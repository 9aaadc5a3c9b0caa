"""Pages showing matches in each direction, with their reasons as factor bars.

A city's recommendations and peers are for those who may see its needs profile (public ones for
everyone); the selectors check it, and drop the improvement hints for all but the item's owners.
"""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from cityhive.challenges.selectors import challenge_get_visible_to
from cityhive.core.sections import sections
from cityhive.directory.selectors import organisation_get_visible_to
from cityhive.matching import selectors
from cityhive.solutions.selectors import solution_get_visible_to

TOP = 20
# Actions other apps offer on each match (e.g. "Express interest", "Not relevant"):
# provider(request, subject, item) -> HTML.
MATCH_ACTIONS = "match_actions"


def _page(request, subject, matches, kind: str, title: str, intro: str):
    """The matches page: `matches` (ranked items of `kind`) for `subject`, with its words."""
    context = {"title": title, "subject": subject, "kind": kind, "matches": matches, "intro": intro}
    context["matches_with_actions"] = [
        (match, sections(MATCH_ACTIONS, request=request, subject=subject, item=match.item))
        for match in matches
    ]
    return render(request, "matching/matches.html", context)


def city_recommendations(request, slug: str):
    city = organisation_get_visible_to(actor=request.user, slug=slug)
    matches = selectors.recommendations_for_city(actor=request.user, city=city, top=TOP)
    intro = "Published solutions ranked against this city's needs profile."
    return _page(
        request, city, matches, "solution", f"Recommended solutions for {city.name}", intro
    )


def city_peers(request, slug: str):
    city = organisation_get_visible_to(actor=request.user, slug=slug)
    matches = selectors.peer_cities(actor=request.user, city=city, top=TOP)
    intro = "Cities with the same needs that solved them with confirmed solutions."
    return _page(request, city, matches, "city", f"Peer cities of {city.name}", intro)


@login_required
def company_cities(request, slug: str):
    company = organisation_get_visible_to(actor=request.user, slug=slug)
    matches = selectors.cities_for_company(actor=request.user, company=company, top=TOP)
    intro = "Cities whose needs profiles this organisation's published solutions cover."
    return _page(
        request, company, matches, "city", f"Cities that need {company.name}'s solutions", intro
    )


def challenge_matches(request, challenge_id: int):
    challenge = challenge_get_visible_to(actor=request.user, challenge_id=challenge_id)
    matches = selectors.matches_for_challenge(actor=request.user, challenge=challenge, top=TOP)
    intro = "Published solutions ranked against this challenge and its city."
    return _page(
        request, challenge, matches, "solution", f"Solutions for “{challenge.title}”", intro
    )


def solution_opportunities(request, solution_id: int):
    solution = solution_get_visible_to(actor=request.user, solution_id=solution_id)
    matches = selectors.opportunities_for_solution(actor=request.user, solution=solution, top=TOP)
    intro = "Open challenges you may see, ranked by how well this solution answers them."
    return _page(
        request, solution, matches, "challenge", f"Open challenges for “{solution.title}”", intro
    )
