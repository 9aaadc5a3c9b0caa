"""Projects, gates, consortia, financing plans and opportunities through their services."""

import threading
from decimal import Decimal

import pytest
from django.db import connection

from cityhive.audit.models import ContactLogEntry
from cityhive.challenges.tests.factories import ChallengeFactory
from cityhive.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from cityhive.directory.models import MembershipRole
from cityhive.directory.tests.factories import MembershipFactory, OrganisationFactory
from cityhive.notifications.models import Notification
from cityhive.projects import consortium, financing, selectors, services
from cityhive.projects.errors import ProjectErrorCode
from cityhive.projects.models import (
    ConsortiumRole,
    GateApproval,
    MemberStatus,
    Project,
    ProjectStage,
    SourceStatus,
)
from cityhive.projects.stages import GATES
from cityhive.projects.tests.factories import (
    ConsortiumMemberFactory,
    FinancierFactory,
    MandateFactory,
    OpportunityFactory,
    ProjectFactory,
)

pytestmark = pytest.mark.django_db

FIELDS = {"capital_cost": "900000", "operating_cost": "100000", "currency": "EUR"}


def _all_checked(stage: str) -> dict:
    return {code: "Done: see the appraisal report." for code in GATES[stage]}


def _source(amount: str, currency: str = "EUR", status: str = "indicative", **more) -> dict:
    return {
        "label": "Source",
        "instrument": "grant",
        "amount": amount,
        "currency": currency,
        "status": status,
        **more,
    }


# --- projects and gates -------------------------------------------------------------------------


def test_a_city_turns_its_challenge_into_a_project_it_leads(world):
    challenge = ChallengeFactory(city=world.org_a, title="Floods", sdg_targets=["11.5"])

    project = services.project_create(
        actor=world.member_a, city=world.org_a, challenge=challenge, fields=FIELDS
    )

    assert (project.title, project.sdg_targets, project.stage) == ("Floods", ["11.5"], "identify")
    assert project.total_cost == Decimal("1000000.00")
    lead = project.members.get()
    assert (lead.organisation, lead.role, lead.status) == (world.org_a, "lead_city", "active")


def test_a_company_cannot_create_a_project_and_nothing_is_written(world):
    with pytest.raises(Forbidden):
        services.project_create(
            actor=world.member_b, city=world.org_b, fields={**FIELDS, "title": "X"}
        )
    assert Project.objects.count() == 0


def test_an_unknown_currency_is_refused(world):
    with pytest.raises(ValidationFailed) as caught:
        services.project_create(
            actor=world.member_a,
            city=world.org_a,
            fields={**FIELDS, "title": "X", "currency": "EUX"},
        )
    assert list(caught.value.field_errors) == ["currency"]
    assert Project.objects.count() == 0


def test_the_gate_records_its_checklist_and_approver(world):
    project = ProjectFactory(city=world.org_a)

    services.project_advance(
        actor=world.admin_a,
        project=project,
        from_stage="identify",
        checklist=_all_checked("identify"),
    )

    project.refresh_from_db()
    gate = GateApproval.objects.get()
    assert (project.stage, gate.from_stage, gate.to_stage) == ("appraise", "identify", "appraise")
    assert gate.approved_by == world.admin_a
    assert gate.checklist == _all_checked("identify")


def test_the_appraisal_gate_asks_for_every_g20_dimension(world):
    project = ProjectFactory(city=world.org_a)
    project.stage = ProjectStage.APPRAISE
    project.save()
    checklist = _all_checked("appraise")
    del checklist["affordability"]

    with pytest.raises(ValidationFailed) as caught:
        services.project_advance(
            actor=world.admin_a, project=project, from_stage="appraise", checklist=checklist
        )

    assert list(caught.value.field_errors) == ["checklist.affordability"]
    project.refresh_from_db()
    assert project.stage == "appraise"
    assert GateApproval.objects.count() == 0


def test_a_member_who_is_not_admin_cannot_pass_a_gate(world):
    project = ProjectFactory(city=world.org_a)
    with pytest.raises(Forbidden):
        services.project_advance(
            actor=world.member_a,
            project=project,
            from_stage="identify",
            checklist=_all_checked("identify"),
        )
    project.refresh_from_db()
    assert project.stage == "identify"


def test_editing_a_project_cannot_change_its_stage(world):
    project = ProjectFactory(city=world.org_a)
    services.project_update(actor=world.member_a, project=project, fields={"stage": "contract"})
    project.refresh_from_db()
    assert project.stage == "identify"


def test_a_stale_move_is_refused(world):
    project = ProjectFactory(city=world.org_a)
    stale = Project.objects.get(pk=project.pk)
    services.project_advance(
        actor=world.admin_a,
        project=project,
        from_stage="identify",
        checklist=_all_checked("identify"),
    )
    with pytest.raises(Conflict) as caught:
        services.project_advance(
            actor=world.admin_a,
            project=stale,
            from_stage="identify",
            checklist=_all_checked("identify"),
        )
    assert caught.value.code == ProjectErrorCode.STALE_STAGE
    assert GateApproval.objects.count() == 1


def test_the_transaction_cannot_end_before_financial_close(world):
    project = ProjectFactory(city=world.org_a, stage=ProjectStage.TRANSACTION)
    with pytest.raises(Conflict) as caught:
        services.project_advance(
            actor=world.admin_a,
            project=project,
            from_stage="transaction",
            checklist=_all_checked("transaction"),
        )
    assert caught.value.code == ProjectErrorCode.NOT_FINANCIALLY_CLOSED


@pytest.mark.postgres_only  # SQLite serialises writers: the race is run on PostgreSQL
@pytest.mark.django_db(transaction=True)
def test_concurrent_moves_resolve_to_one(world):
    project = ProjectFactory(city=world.org_a)
    outcomes = []

    def move():
        try:
            services.project_advance(
                actor=world.admin_a,
                project=Project.objects.get(pk=project.pk),
                from_stage="identify",
                checklist=_all_checked("identify"),
            )
            outcomes.append("moved")
        except Conflict:
            outcomes.append("conflict")
        finally:
            connection.close()

    threads = [threading.Thread(target=move) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["conflict", "conflict", "conflict", "moved"]
    assert GateApproval.objects.count() == 1


# --- consortium -------------------------------------------------------------------------------


def test_an_invited_company_accepts_and_the_city_hears_of_it(world):
    project = ProjectFactory(city=world.org_a)

    member = consortium.member_invite(
        actor=world.member_a, project=project, organisation=world.org_b, role="solution_provider"
    )
    consortium.member_answer(actor=world.admin_b, member=member, accept=True)

    member.refresh_from_db()
    assert (member.status, member.answered_by) == ("active", world.admin_b)
    assert (
        Notification.objects.filter(recipient=world.admin_a, kind="consortium_answer").count() == 1
    )
    actions = list(ContactLogEntry.objects.order_by("pk").values_list("action", flat=True))
    assert actions == ["interest_sent", "interest_accepted"]


def test_a_plain_member_of_the_invited_company_cannot_answer(world):
    member = ConsortiumMemberFactory(
        project=ProjectFactory(city=world.org_a), organisation=world.org_b, status="invited"
    )
    with pytest.raises(Forbidden):
        consortium.member_answer(actor=world.member_b, member=member, accept=True)
    member.refresh_from_db()
    assert member.status == "invited"


def test_a_withdrawn_member_loses_the_confidential_parts_at_once(world):
    project = ProjectFactory(city=world.org_a)
    member = ConsortiumMemberFactory(project=project, organisation=world.org_b)
    assert selectors.project_is_member(actor=world.member_b, project=project) is True

    consortium.member_withdraw(actor=world.admin_a, member=member)

    assert selectors.project_is_member(actor=world.member_b, project=project) is False
    with pytest.raises(NotFound):
        selectors.project_get_visible_to(actor=world.member_b, project_id=project.pk)


def test_the_builder_proposes_a_company_covering_an_uncovered_need(world):
    from cityhive.solutions.tests.factories import SolutionFactory

    project = ProjectFactory(city=world.org_a, categories=["environment/water"])
    covering = SolutionFactory(status="published", categories=["environment/water"]).provider
    SolutionFactory(status="published", categories=["mobility/parking"])

    proposals = selectors.consortium_proposals_for(actor=world.member_a, project=project)

    assert [organisation for organisation, _fit in proposals] == [covering]
    fit = proposals[0][1]
    assert [f.name for f in fit.factors] == ["coverage", "role"]
    assert fit.score == 1.0


# --- financing --------------------------------------------------------------------------------


def test_a_plan_that_adds_up_with_rates_is_stored(world):
    project = ProjectFactory(city=world.org_a)
    sources = [_source("400000"), _source("500000", "USD")]

    rows = financing.plan_replace(
        actor=world.member_a, project=project, sources=sources, rates={"USD": "1.2"}
    )

    assert [(r.amount, r.currency) for r in rows] == [
        (Decimal("400000.00"), "EUR"),
        (Decimal("500000.00"), "USD"),
    ]
    project.refresh_from_db()
    assert project.exchange_rates == {"USD": "1.2"}


def test_a_plan_that_does_not_add_up_is_refused_with_the_sums(world):
    project = ProjectFactory(city=world.org_a)
    FinancingSourceKept = financing.FinancingSource
    financing.plan_replace(actor=world.member_a, project=project, sources=[_source("1000000")])

    with pytest.raises(ValidationFailed) as caught:
        financing.plan_replace(
            actor=world.member_a, project=project, sources=[_source("999999.99")]
        )

    assert caught.value.field_errors == {
        "sources": ["The plan adds up to 999999.99 EUR but the project costs 1000000.00 EUR."]
    }
    assert list(FinancingSourceKept.objects.values_list("amount", flat=True)) == [
        Decimal("1000000.00")
    ]


def test_mixed_currencies_without_a_rate_are_refused(world):
    project = ProjectFactory(city=world.org_a)
    with pytest.raises(ValidationFailed) as caught:
        financing.plan_replace(
            actor=world.member_a,
            project=project,
            sources=[_source("500000"), _source("500000", "GBP")],
        )
    assert caught.value.field_errors == {"rates": ["Give an exchange rate to EUR for: GBP."]}
    assert project.sources.count() == 0


def test_a_ppp_source_needs_its_model(world):
    project = ProjectFactory(city=world.org_a)
    with pytest.raises(ValidationFailed) as caught:
        financing.plan_replace(
            actor=world.member_a,
            project=project,
            sources=[_source("1000000", instrument="ppp_availability")],
        )
    assert list(caught.value.field_errors) == ["sources.0.ppp_model"]


def test_financial_close_needs_every_source_committed(world):
    project = ProjectFactory(city=world.org_a)
    financing.plan_replace(
        actor=world.member_a,
        project=project,
        sources=[_source("600000", status="committed"), _source("400000")],
    )
    with pytest.raises(Conflict) as caught:
        financing.financial_close(actor=world.admin_a, project=project)
    assert caught.value.code == ProjectErrorCode.PLAN_NOT_COMMITTED
    project.refresh_from_db()
    assert project.financial_close_at is None


def test_financial_close_closes_every_source(world):
    project = ProjectFactory(city=world.org_a)
    financing.plan_replace(
        actor=world.member_a,
        project=project,
        sources=[_source("600000", status="committed"), _source("400000", status="committed")],
    )

    financing.financial_close(actor=world.admin_a, project=project)

    assert project.financial_close_at is not None
    assert set(project.sources.values_list("status", flat=True)) == {SourceStatus.CLOSED}


def test_opening_an_opportunity_tells_the_financiers_it_fits(world):
    project = ProjectFactory(city=world.org_a, categories=["environment/water"])
    fitting = MandateFactory()
    admin = MembershipFactory(organisation=fitting.financier, role=MembershipRole.ADMIN).user
    unfitting = MandateFactory(
        sectors=["mobility"], instruments=["equity"], sdgs=[3], currency="USD"
    )
    MembershipFactory(organisation=unfitting.financier)

    financing.opportunity_open(
        actor=world.member_a,
        project=project,
        fields={
            "summary": "Barrier",
            "ticket_min": "100000",
            "ticket_max": "500000",
            "instruments": ["concessional_loan"],
        },
    )

    assert list(Notification.objects.values_list("recipient", "kind")) == [
        (admin.pk, "opportunity_matched")
    ]


def test_only_verified_financiers_see_an_opportunity(world):
    opportunity = OpportunityFactory(project=ProjectFactory(city=world.org_a))
    verified = MembershipFactory(organisation=FinancierFactory()).user
    unverified = MembershipFactory(organisation=FinancierFactory(is_verified=False)).user

    assert list(selectors.opportunity_list_visible_to(actor=verified)) == [opportunity]
    assert list(selectors.opportunity_list_visible_to(actor=unverified)) == []
    assert list(selectors.opportunity_list_visible_to(actor=world.member_b)) == []
    assert list(selectors.opportunity_list_visible_to(actor=world.member_a)) == [opportunity]


def test_a_financier_expresses_interest_once(world):
    opportunity = OpportunityFactory(project=ProjectFactory(city=world.org_a))
    financier = FinancierFactory()
    user = MembershipFactory(organisation=financier).user

    financing.interest_express(actor=user, opportunity=opportunity, financier=financier, note="Yes")

    with pytest.raises(Conflict):
        financing.interest_express(actor=user, opportunity=opportunity, financier=financier)
    assert opportunity.interests.count() == 1
    assert (
        Notification.objects.filter(recipient=world.admin_a, kind="opportunity_interest").count()
        == 1
    )
    assert ContactLogEntry.objects.get().company == financier


def test_an_unverified_financier_cannot_express_interest(world):
    opportunity = OpportunityFactory(project=ProjectFactory(city=world.org_a))
    financier = FinancierFactory(is_verified=False)
    user = MembershipFactory(organisation=financier).user
    with pytest.raises(NotFound):
        financing.interest_express(actor=user, opportunity=opportunity, financier=financier)
    assert opportunity.interests.count() == 0


def test_both_ways_of_financier_matching_agree(world):
    opportunity = OpportunityFactory(
        project=ProjectFactory(city=world.org_a, categories=["environment/water"])
    )
    mandate = MandateFactory()
    user = MembershipFactory(organisation=mandate.financier).user

    mine = selectors.opportunities_for_financier(actor=user, financier=mandate.financier)
    theirs = selectors.financiers_for_opportunity(actor=world.member_a, opportunity=opportunity)

    assert [o for o, _f in mine] == [opportunity]
    assert [o for o, _f in theirs] == [mandate.financier]
    assert mine[0][1].score == theirs[0][1].score == 0.95  # one of the two SDGs
    assert [f.name for f in mine[0][1].factors] == [
        "sector",
        "region",
        "ticket",
        "instrument",
        "sdg",
    ]


def test_a_company_cannot_set_a_mandate(world):
    with pytest.raises(Forbidden):
        financing.mandate_set(
            actor=world.admin_b,
            financier=world.org_b,
            fields={"ticket_min": "1", "ticket_max": "2", "currency": "EUR"},
        )


def test_role_choices_are_checked(world):
    project = ProjectFactory(city=world.org_a)
    with pytest.raises(ValidationFailed):
        consortium.member_invite(
            actor=world.member_a, project=project, organisation=OrganisationFactory(), role="boss"
        )
    assert project.members.count() == 0
    assert ConsortiumRole.LEAD_CITY and MemberStatus.ACTIVE
