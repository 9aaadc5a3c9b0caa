"""Responses to challenges: the company's form, and the city's side-by-side view."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy

from cityhive.challenges.models import ChallengeStatus
from cityhive.challenges.selectors import challenge_get_visible_to
from cityhive.core.errors import DomainError
from cityhive.core.forms import apply_errors
from cityhive.core.views import object_button
from cityhive.directory.models import Organisation
from cityhive.directory.permissions import is_programme_manager, organisation_roles
from cityhive.engagement import selectors, services
from cityhive.engagement.files import attachment_response
from cityhive.engagement.forms import ResponseDeclineForm, ResponseForm
from cityhive.matching.selectors import MAX_TOP, matches_for_challenge
from cityhive.solutions.selectors import solution_list_published


def _responder(user, challenge) -> Organisation | None:
    return selectors.responder_of(actor=user, challenge=challenge)


def challenge_actions(request, challenge) -> str:
    """On a challenge's page: "Respond to this challenge" for companies, the responses for the
    city's members."""
    user = request.user
    if not user.is_authenticated:
        return ""
    context = {"challenge": challenge}
    if challenge.city_id in organisation_roles(user) or is_programme_manager(user):
        context["responses_count"] = selectors.response_list_for_challenge(
            actor=user, challenge=challenge
        ).count()
        context["show_responses"] = True
    company = _responder(user, challenge)
    if company is not None:
        context["company"] = company
        context["own"] = selectors.response_of(company=company, challenge=challenge)
        context["can_respond"] = challenge.status == ChallengeStatus.OPEN
    return render_to_string("engagement/_challenge_actions.html", context, request=request)


@login_required
def response_create(request, challenge_id: int):
    challenge = challenge_get_visible_to(actor=request.user, challenge_id=challenge_id)
    company = _responder(request.user, challenge)
    if company is None:
        raise PermissionDenied
    own = selectors.response_of(company=company, challenge=challenge)
    if own is not None:
        return redirect("challenge_responses", challenge_id=challenge.pk)
    solutions = solution_list_published().filter(provider=company).order_by("title")
    form = ResponseForm(request.POST or None, request.FILES or None, solutions=solutions)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.response_create(
                actor=request.user,
                challenge=challenge,
                company=company,
                solution=solutions.filter(pk=data["solution"]).first()
                if data["solution"]
                else None,
                approach=data["approach"],
                cost_amount=data["cost_amount"],
                cost_currency=data["cost_currency"],
                timeline=data["timeline"],
                uploads=data["files"],
            )
        except DomainError as error:
            apply_errors(form, error)
        else:
            messages.success(request, gettext("Your response was sent to the city."))
            return redirect("challenge_responses", challenge_id=challenge.pk)
    context = {"challenge": challenge, "company": company, "form": form}
    status = 400 if form.errors else 200
    return render(request, "engagement/response_form.html", context, status=status)


def _explanations(user, challenge, responses) -> dict:
    """Matching's explanation of each response's solution for this challenge, by solution id
    (solutions outside the top matches have none)."""
    wanted = {r.solution_id for r in responses if r.solution_id}
    if not wanted or not user.has_perm("engagement.decide_response", responses[0]):
        return {}
    matches = matches_for_challenge(actor=user, challenge=challenge, top=MAX_TOP)
    return {m.item.pk: m.result for m in matches if m.item.pk in wanted}


@login_required
def challenge_responses(request, challenge_id: int):
    challenge = challenge_get_visible_to(actor=request.user, challenge_id=challenge_id)
    responses = list(selectors.response_list_for_challenge(actor=request.user, challenge=challenge))
    explanations = _explanations(request.user, challenge, responses)
    rows = [
        {
            "response": response,
            "explanation": explanations.get(response.solution_id),
            "can_decide": request.user.has_perm("engagement.decide_response", response),
        }
        for response in responses
    ]
    context = {
        "challenge": challenge,
        "rows": rows,
        "decline_form": ResponseDeclineForm(),
        "is_city": challenge.city_id in organisation_roles(request.user),
    }
    return render(request, "engagement/challenge_responses.html", context)


def _response(request, response_id: int):
    return selectors.response_get_visible_to(actor=request.user, response_id=response_id)


def _to_responses(response) -> str:
    return reverse("challenge_responses", args=[response.challenge_id])


_response_button = partial(object_button, _response, "response", then=_to_responses)
response_shortlist = _response_button(
    services.response_shortlist, gettext_lazy("The response was shortlisted.")
)
response_decline = _response_button(
    services.response_decline,
    gettext_lazy("The response was declined."),
    permission="engagement.decide_response",
    form=ResponseDeclineForm,
    invalid=gettext_lazy("Tell the company why."),
)


@login_required
def response_attachment_download(request, response_file_id: int):
    attachment = selectors.response_attachment_get_visible_to(
        actor=request.user, attachment_id=response_file_id
    )
    return attachment_response(attachment, name="response-attachment")
