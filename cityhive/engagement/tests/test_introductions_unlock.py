"""Asking for an introduction is the programme's to open: a company needs an active partnership
whose tier unlocks introductions; other kinds of organisation need the programme's verification
(as for partners' content). Answering a request is open to every recipient."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cityhive.accounts.tests.sessions import sign_in
from cityhive.audit.models import ContactLogEntry
from cityhive.core.errors import Forbidden
from cityhive.directory.models import MembershipRole
from cityhive.directory.tests.factories import MembershipFactory, OrganisationFactory
from cityhive.engagement import services
from cityhive.engagement.matches import match_item_of
from cityhive.engagement.models import Interest, InterestStatus
from cityhive.matching.models import MatchFeedback
from cityhive.partnership.models import Unlock
from cityhive.partnership.tests.factories import PartnershipFactory, TierFactory
from cityhive.solutions.tests.factories import SolutionFactory


def _company_side(pair, company):
    solution = SolutionFactory(provider=company, title="Flood gates")
    return match_item_of(solution), match_item_of(pair.challenge)


def _nothing_written():
    return (
        Interest.objects.count(),
        ContactLogEntry.objects.count(),
        MatchFeedback.objects.count(),
    ) == (0, 0, 0)


def _send_as(pair, company):
    member = MembershipFactory(organisation=company).user
    subject, candidate = _company_side(pair, company)
    return services.interest_create(actor=member, subject=subject, candidate=candidate)


@pytest.mark.parametrize(
    "partnership",
    [
        "none",
        "tier_without_introductions",
        "period_ended",
        "period_not_started",
    ],
)
def test_a_company_without_introductions_unlocked_is_refused_and_nothing_is_written(
    pair, partnership
):
    company = OrganisationFactory(name="Gatekeepers")
    today = timezone.localdate()
    if partnership == "tier_without_introductions":
        PartnershipFactory(
            application__organisation=company,
            application__tier=TierFactory(unlocks=[Unlock.PARTNERS_CONTENT]),
        )
    elif partnership in ("period_ended", "period_not_started"):
        starts = today - datetime.timedelta(days=400) if partnership == "period_ended" else None
        starts = starts or today + datetime.timedelta(days=1)
        PartnershipFactory(
            application__organisation=company,
            application__tier=TierFactory(unlocks=[Unlock.INTRODUCTIONS]),
            starts_on=starts,
            ends_on=starts + datetime.timedelta(days=364),
        )

    with pytest.raises(Forbidden) as refused:
        _send_as(pair, company)

    assert refused.value.code == "introductions_locked"
    assert refused.value.message == (
        "Introductions to cities are part of the partnership programme: Gatekeepers needs an "
        "active partnership in a tier that includes them."
    )
    assert _nothing_written()


def test_a_partner_company_whose_tier_unlocks_introductions_may_ask(pair):
    interest = _send_as(pair, pair.company)

    assert (interest.sender_organisation, interest.status) == (pair.company, "pending")


def test_an_unverified_city_is_refused_and_a_verified_one_may_ask(pair):
    pair.city.is_verified = False
    pair.city.save(update_fields=["is_verified"])
    subject, candidate = pair.city_items()

    with pytest.raises(Forbidden) as refused:
        services.interest_create(actor=pair.city_member, subject=subject, candidate=candidate)
    assert refused.value.code == "introductions_locked"
    assert refused.value.message == (
        "City of Riverton is not verified yet: the programme verifies an organisation before it "
        "asks for introductions."
    )
    assert _nothing_written()

    pair.city.is_verified = True
    pair.city.save(update_fields=["is_verified"])
    member = type(pair.city_member).objects.get(pk=pair.city_member.pk)
    interest = services.interest_create(actor=member, subject=subject, candidate=candidate)
    assert interest.sender_organisation == pair.city


def test_a_verified_financier_needs_no_tier(pair):
    financier = OrganisationFactory(kind="financier", is_verified=True)
    member = MembershipFactory(organisation=financier).user

    interest = services.interest_create(
        actor=member, subject=match_item_of(financier), candidate=match_item_of(pair.city)
    )

    assert interest.sender_organisation == financier


def test_a_company_without_the_unlock_may_still_accept_a_city_s_request(pair):
    company = OrganisationFactory(name="Gatekeepers")
    member = MembershipFactory(organisation=company).user
    subject, candidate = _company_side(pair, company)
    interest = services.interest_create(
        actor=pair.city_member, subject=candidate, candidate=subject
    )

    accepted = services.interest_accept(actor=member, interest=interest)

    assert accepted.status == InterestStatus.ACCEPTED
    assert accepted.introduction is not None


def test_the_api_answers_a_403_problem_and_writes_nothing(api, pair):
    company = OrganisationFactory(name="Gatekeepers")
    member = MembershipFactory(organisation=company).user
    subject, candidate = _company_side(pair, company)

    response = api(
        "POST",
        "/api/v1/engagement/interests",
        user=member,
        json={
            "subject": {"kind": "solution", "id": subject.item.pk},
            "candidate": {"kind": "challenge", "id": candidate.item.pk},
            "message": "Shall we talk?",
        },
    )

    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "introductions_locked"
    assert "needs an active partnership" in response.json()["detail"]
    assert Interest.objects.count() == 0


def _locked_company(pair, role=MembershipRole.MEMBER):
    company = OrganisationFactory(name="Gatekeepers", slug="gatekeepers")
    user = MembershipFactory(organisation=company, role=role).user
    solution = SolutionFactory(provider=company, title="Flood gates", status="published")
    return company, user, solution


def test_a_company_admin_without_the_unlock_sees_why_and_a_way_to_apply(client, pair):
    _, admin, solution = _locked_company(pair, role=MembershipRole.ADMIN)
    sign_in(client, admin)

    html = client.get(reverse("solution_opportunities", args=[solution.pk])).content.decode()

    assert "Express interest" not in html
    assert "Gatekeepers needs an active partnership" in html
    assert f'href="{reverse("partnership_apply")}?organisation=gatekeepers"' in html
    assert "Not relevant" in html


def test_a_company_member_without_the_unlock_is_pointed_to_the_tiers(client, pair):
    _, member, solution = _locked_company(pair)
    sign_in(client, member)
    refs = {"subject": f"solution:{solution.pk}", "candidate": f"challenge:{pair.challenge.pk}"}

    form = client.get(reverse("interest_create"), refs)
    posted = client.post(reverse("interest_create"), {**refs, "message": "Hello"})

    html = form.content.decode()
    assert form.status_code == 200
    assert "Gatekeepers needs an active partnership" in html
    assert f'href="{reverse("partnership_tier_list")}"' in html
    assert ">Send<" not in html
    assert posted.status_code == 403
    assert "Gatekeepers needs an active partnership" in posted.content.decode()
    assert _nothing_written()


def test_a_partner_company_member_sees_the_button(client, pair):
    sign_in(client, pair.company_member)

    html = client.get(reverse("solution_opportunities", args=[pair.solution.pk])).content.decode()

    assert "Express interest" in html
    assert "needs an active partnership" not in html
