"""Responses to challenges: who may respond, who sees them, shortlisting and declining."""

from decimal import Decimal

import pytest

from cityhive.audit.models import ContactLogEntry
from cityhive.challenges.models import ChallengeStatus
from cityhive.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from cityhive.directory.tests.factories import MembershipFactory, OrganisationFactory
from cityhive.engagement import selectors, services
from cityhive.engagement.models import ChallengeResponse, ResponseStatus
from cityhive.notifications.models import Notification


def _respond(pair, **fields):
    values = {
        "approach": "Sensors on both rivers, alerts by text message.",
        "solution": pair.solution,
        "cost_amount": "120000",
        "cost_currency": "eur",
        "timeline": "6-month pilot",
    }
    return services.response_create(
        actor=pair.company_member,
        challenge=pair.challenge,
        company=pair.company,
        **{**values, **fields},
    )


def test_a_company_responds_and_the_city_hears_of_it(pair):
    response = _respond(pair)

    assert (response.cost_amount, response.cost_currency, response.status) == (
        Decimal("120000"),
        "EUR",
        ResponseStatus.SUBMITTED,
    )
    assert list(ContactLogEntry.objects.values_list("action", flat=True)) == ["response_submitted"]
    assert sorted(
        Notification.objects.filter(kind="response_received").values_list("recipient_id", flat=True)
    ) == sorted([pair.city_admin.pk, pair.city_member.pk])


def test_the_city_sees_every_response_and_a_company_only_its_own(pair):
    own = _respond(pair)
    rival = OrganisationFactory(name="Rival")
    rival_member = MembershipFactory(organisation=rival).user
    theirs = services.response_create(
        actor=rival_member, challenge=pair.challenge, company=rival, approach="Ours is cheaper."
    )

    def seen(user):
        return list(selectors.response_list_for_challenge(actor=user, challenge=pair.challenge))

    assert seen(pair.city_member) == [own, theirs]
    assert seen(pair.company_member) == [own]
    assert seen(rival_member) == [theirs]
    assert seen(pair.outsider) == []
    with pytest.raises(NotFound):
        selectors.response_get_visible_to(actor=rival_member, response_id=own.pk)


def test_the_city_shortlists_and_declines_with_a_reason(pair):
    response = _respond(pair)

    services.response_shortlist(actor=pair.city_member, response=response)
    with pytest.raises(ValidationFailed):
        services.response_decline(actor=pair.city_member, response=response, reason=" ")
    response.refresh_from_db()
    assert response.status == ResponseStatus.SHORTLISTED

    services.response_decline(
        actor=pair.city_admin, response=response, reason="We chose a local provider."
    )

    response.refresh_from_db()
    assert (response.status, response.decline_reason, response.decided_by) == (
        ResponseStatus.DECLINED,
        "We chose a local provider.",
        pair.city_admin,
    )
    assert (
        Notification.objects.filter(kind="response_decided", recipient=pair.company_member).count()
        == 2
    )
    with pytest.raises(Conflict):
        services.response_shortlist(actor=pair.city_admin, response=response)


def test_the_company_cannot_decide_on_its_own_response(pair):
    response = _respond(pair)

    with pytest.raises(Forbidden):
        services.response_shortlist(actor=pair.company_admin, response=response)

    response.refresh_from_db()
    assert response.status == ResponseStatus.SUBMITTED


def test_one_response_per_company_and_only_to_open_challenges(pair):
    _respond(pair)
    with pytest.raises(Conflict) as duplicate:
        _respond(pair)
    pair.challenge.status = ChallengeStatus.CLOSED
    pair.challenge.save()
    other = OrganisationFactory()
    member = MembershipFactory(organisation=other).user
    with pytest.raises(Conflict) as closed:
        services.response_create(
            actor=member, challenge=pair.challenge, company=other, approach="Late."
        )

    assert (duplicate.value.code, closed.value.code) == ("duplicate_response", "challenge_not_open")
    assert ChallengeResponse.objects.count() == 1


def test_a_city_does_not_respond_and_bad_fields_are_refused(pair):
    with pytest.raises(Forbidden):
        services.response_create(
            actor=pair.city_member, challenge=pair.challenge, company=pair.city, approach="Us."
        )
    with pytest.raises(ValidationFailed) as error:
        _respond(pair, approach="", cost_amount="-5", cost_currency="euro")

    assert sorted(error.value.field_errors) == ["approach", "cost_amount", "cost_currency"]
    with pytest.raises(ValidationFailed) as currency:
        _respond(pair, cost_currency="euro")
    assert list(currency.value.field_errors) == ["cost_currency"]
    assert ChallengeResponse.objects.count() == 0
