"""Responses to challenges: a company's short proposal, shortlisted or declined by the city."""

from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from cityhive.audit.models import ContactAction
from cityhive.challenges.models import Challenge, ChallengeStatus
from cityhive.core.errors import Conflict, Forbidden, ValidationFailed
from cityhive.core.permissions import require
from cityhive.core.storable import instance_storable_require
from cityhive.directory.models import Organisation
from cityhive.engagement import notify
from cityhive.engagement.contacts import contact_log
from cityhive.engagement.errors import EngagementErrorCode
from cityhive.engagement.models import ChallengeResponse, ResponseAttachment, ResponseStatus
from cityhive.engagement.services.conversations import attachments_check, attachments_store
from cityhive.solutions.models import Solution

APPROACH_MAX = 5000


def _fields_check(*, approach: str, cost_amount, cost_currency: str, solution, company) -> dict:
    errors: dict[str, list[str]] = {}
    approach = approach.strip()
    if not approach:
        errors["approach"] = [gettext("Describe your approach.")]
    elif len(approach) > APPROACH_MAX:
        errors["approach"] = [
            gettext("Keep the approach to %(max)s characters.") % {"max": APPROACH_MAX}
        ]
    amount = None
    if cost_amount not in (None, ""):
        try:
            amount = Decimal(str(cost_amount))
        except InvalidOperation:
            amount = None
        if amount is None or not amount.is_finite() or amount < 0:
            errors["cost_amount"] = [gettext("Give the cost as a positive number.")]
    currency = (cost_currency or "").strip().upper()
    if amount is not None and not (len(currency) == 3 and currency.isalpha()):
        errors["cost_currency"] = [gettext("Give the currency as a three-letter code, e.g. EUR.")]
    if solution is not None and solution.provider_id != company.pk:
        errors["solution"] = [gettext("Choose one of your organisation's solutions.")]
    if errors:
        raise ValidationFailed(errors)
    return {"approach": approach, "cost_amount": amount, "cost_currency": currency}


def response_create(
    *,
    actor,
    challenge: Challenge,
    company: Organisation,
    approach: str,
    solution: Solution | None = None,
    cost_amount=None,
    cost_currency: str = "",
    timeline: str = "",
    uploads=(),
    titles=None,
) -> ChallengeResponse:
    """Answer an open challenge for your organisation (once per challenge); the city is told."""
    if company is None:  # a member of no organisation that may respond
        raise Forbidden(code=EngagementErrorCode.NOT_A_RESPONDER)
    require(actor, "engagement.respond_for", company)
    if challenge.status != ChallengeStatus.OPEN:
        raise Conflict(
            gettext("This challenge is not open for responses."),
            code=EngagementErrorCode.CHALLENGE_NOT_OPEN,
        )
    fields = _fields_check(
        approach=approach,
        cost_amount=cost_amount,
        cost_currency=cost_currency,
        solution=solution,
        company=company,
    )
    response = ChallengeResponse(
        challenge=challenge,
        company=company,
        author=actor,
        solution=solution,
        timeline=timeline.strip(),
        **fields,
    )
    instance_storable_require(response)
    checked = attachments_check(list(uploads), titles)
    try:
        with transaction.atomic():
            response.save()
            attachments_store("response", response, ResponseAttachment, checked)
            _submitted(actor, response)
    except IntegrityError as error:
        raise Conflict(
            gettext("Your organisation has already responded to this challenge."),
            code=EngagementErrorCode.DUPLICATE_RESPONSE,
        ) from error
    return response


def _submitted(actor, response: ChallengeResponse) -> None:
    contact_log(
        actor=actor,
        action=ContactAction.RESPONSE_SUBMITTED,
        sides=(response.challenge.city, response.company),
        subject=response.challenge,
        summary=response.challenge.title,
        metadata={"response": response.pk},
    )
    notify.response_received(response)


def _decide(actor, response: ChallengeResponse, status: str, reason: str = "") -> ChallengeResponse:
    require(actor, "engagement.decide_response", response)
    with transaction.atomic():
        response = (
            ChallengeResponse.objects.select_for_update(of=("self",))
            .select_related("challenge__city", "company")
            .get(pk=response.pk)
        )
        if response.status == status:
            return response  # a second click
        if response.status != ResponseStatus.SUBMITTED and status == ResponseStatus.SHORTLISTED:
            raise Conflict(
                gettext("This response was already declined."),
                code=EngagementErrorCode.RESPONSE_DECIDED,
            )
        response.status = status
        response.decided_at = timezone.now()
        response.decided_by = actor
        response.decline_reason = reason
        instance_storable_require(response)
        response.save(
            update_fields=["status", "decided_at", "decided_by", "decline_reason", "updated_at"]
        )
        action = (
            ContactAction.RESPONSE_SHORTLISTED
            if status == ResponseStatus.SHORTLISTED
            else ContactAction.RESPONSE_DECLINED
        )
        contact_log(
            actor=actor,
            action=action,
            sides=(response.challenge.city, response.company),
            subject=response.challenge,
            summary=response.challenge.title,
            metadata={"response": response.pk},
        )
        notify.response_decided(response)
    return response


def response_shortlist(*, actor, response: ChallengeResponse) -> ChallengeResponse:
    """Shortlist a response to your city's challenge."""
    return _decide(actor, response, ResponseStatus.SHORTLISTED)


def response_decline(*, actor, response: ChallengeResponse, reason: str) -> ChallengeResponse:
    """Decline a response to your city's challenge, with the reason the company will read."""
    reason = reason.strip()
    if not reason:
        raise ValidationFailed({"reason": [gettext("Tell the company why.")]})
    return _decide(actor, response, ResponseStatus.DECLINED, reason)
