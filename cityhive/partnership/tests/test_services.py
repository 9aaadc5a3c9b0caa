"""The application lifecycle, tiers, partner status and expiry, through the services."""

import datetime

import pytest
from django.utils import timezone

from cityhive.accounts.tests.factories import ProgrammeManagerFactory, UserFactory
from cityhive.core.actors import SYSTEM
from cityhive.core.errors import Conflict, Forbidden, ValidationFailed
from cityhive.directory.models import MembershipRole
from cityhive.directory.tests.factories import CityFactory, MembershipFactory, OrganisationFactory
from cityhive.partnership import selectors, services
from cityhive.partnership.conduct import CONDUCT_VERSION
from cityhive.partnership.models import (
    Application,
    ApplicationKind,
    ApplicationStatus,
    Partnership,
    Tier,
    Unlock,
)
from cityhive.partnership.tests.factories import (
    REFERENCES,
    PartnershipFactory,
    TierFactory,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


@pytest.fixture
def company():
    organisation = OrganisationFactory(name="AquaSense", slug="aquasense")
    admin = MembershipFactory(organisation=organisation, role=MembershipRole.ADMIN).user
    member = MembershipFactory(organisation=organisation).user
    return organisation, admin, member


@pytest.fixture
def manager():
    return ProgrammeManagerFactory()


FIELDS = {"references": REFERENCES, "sdgs": [6, 11], "accept_conduct": True}


def _submitted(company, tier=None):
    organisation, admin, _ = company
    application = services.application_create(
        actor=admin, organisation=organisation, tier=tier or TierFactory(), fields=FIELDS
    )
    return services.application_submit(actor=admin, application=application)


# --- applying --------------------------------------------------------------------------------


def test_an_admin_starts_a_draft_and_signs_the_code_of_conduct(company):
    organisation, admin, _ = company
    tier = TierFactory(name="Partner")

    application = services.application_create(
        actor=admin, organisation=organisation, tier=tier, fields=FIELDS
    )

    stored = Application.objects.get()
    assert (stored.pk, stored.status, stored.kind, stored.tier) == (
        application.pk,
        ApplicationStatus.DRAFT,
        ApplicationKind.NEW,
        tier,
    )
    assert (stored.references, stored.sdgs) == (REFERENCES, [6, 11])
    assert (stored.conduct_version, stored.conduct_accepted_by) == (CONDUCT_VERSION, admin)
    assert stored.conduct_text.startswith("CityHive partner code of conduct (version 2026.1)")
    assert stored.created_by == admin


@pytest.mark.parametrize("kind", ["city", "financier", "ngo", "academia", "international_org"])
def test_only_companies_apply(kind):
    organisation = OrganisationFactory(kind=kind) if kind != "city" else CityFactory()
    admin = MembershipFactory(organisation=organisation, role=MembershipRole.ADMIN).user
    with pytest.raises(ValidationFailed) as refused:
        services.application_create(
            actor=admin, organisation=organisation, tier=TierFactory(), fields=FIELDS
        )
    assert refused.value.field_errors == {
        "organisation": ["Only companies apply to the partnership programme."]
    }
    assert Application.objects.count() == 0


def test_a_member_who_is_not_an_admin_may_not_apply(company):
    organisation, _, member = company
    with pytest.raises(Forbidden):
        services.application_create(
            actor=member, organisation=organisation, tier=TierFactory(), fields=FIELDS
        )
    assert Application.objects.count() == 0


def test_a_second_open_application_is_refused(company):
    organisation, admin, _ = company
    _submitted(company)
    with pytest.raises(Conflict) as refused:
        services.application_create(
            actor=admin, organisation=organisation, tier=TierFactory(), fields=FIELDS
        )
    assert refused.value.code == "application_open"
    assert Application.objects.count() == 1


def test_a_retired_tier_cannot_be_chosen(company):
    organisation, admin, _ = company
    with pytest.raises(ValidationFailed) as refused:
        services.application_create(
            actor=admin,
            organisation=organisation,
            tier=TierFactory(is_active=False),
            fields=FIELDS,
        )
    assert refused.value.field_errors == {"tier": ["Choose one of the programme's tiers."]}
    assert Application.objects.count() == 0


@pytest.mark.parametrize(
    ("fields", "errors"),
    [
        (
            {"references": [{**REFERENCES[0], "email": "not-an-address"}]},
            {"references[0].email": ["must be an email address"]},
        ),
        (
            {"references": [{"name": "Ana"}]},
            {
                "references[0].organisation": ["is required"],
                "references[0].email": ["is required"],
                "references[0].relation": ["is required"],
            },
        ),
        ({"references": REFERENCES * 3}, {"references": ["give at most 5 references"]}),
        (
            {"sdgs": [0, 18, "11"]},
            {
                "sdgs[0]": ["must be an SDG number from 1 to 17"],
                "sdgs[1]": ["must be an SDG number from 1 to 17"],
                "sdgs[2]": ["must be an SDG number from 1 to 17"],
            },
        ),
        ({"sdgs": [11, 11]}, {"sdgs": ["name each goal once"]}),
        ({"motivation": "x\x00"}, {"motivation": ["must not contain the NUL character"]}),
        ({"colour": "blue"}, {"colour": ["unknown field"]}),
    ],
)
def test_bad_fields_are_refused_with_their_paths_and_nothing_is_written(company, fields, errors):
    organisation, admin, _ = company
    with pytest.raises(ValidationFailed) as refused:
        services.application_create(
            actor=admin, organisation=organisation, tier=TierFactory(), fields=fields
        )
    assert refused.value.field_errors == errors
    assert Application.objects.count() == 0


def test_submitting_needs_two_references_an_sdg_and_the_signed_code(company):
    organisation, admin, _ = company
    draft = services.application_create(
        actor=admin,
        organisation=organisation,
        tier=TierFactory(),
        fields={"references": REFERENCES[:1]},
    )
    with pytest.raises(ValidationFailed) as refused:
        services.application_submit(actor=admin, application=draft)
    assert refused.value.field_errors == {
        "references": ["give at least 2 references"],
        "sdgs": ["commit to at least one SDG"],
        "accept_conduct": ["sign the code of conduct"],
    }
    draft.refresh_from_db()
    assert (draft.status, draft.submitted_at) == (ApplicationStatus.DRAFT, None)


def test_submitting_records_who_when_and_the_profile_completeness(company):
    organisation, admin, _ = company
    organisation.website = "https://aquasense.example"
    organisation.save()

    application = _submitted(company)

    stored = Application.objects.get()
    assert stored.status == ApplicationStatus.SUBMITTED
    assert stored.submitted_by == admin
    assert stored.submitted_at is not None
    assert stored.completeness == 60  # website, country and languages of five parts
    assert application.pk == stored.pk


def test_a_member_who_is_not_an_admin_may_not_submit(company):
    organisation, admin, member = company
    draft = services.application_create(
        actor=admin, organisation=organisation, tier=TierFactory(), fields=FIELDS
    )
    with pytest.raises(Forbidden):
        services.application_submit(actor=member, application=draft)
    draft.refresh_from_db()
    assert draft.status == ApplicationStatus.DRAFT


def test_a_submitted_application_cannot_be_edited(company):
    _, admin, _ = company
    application = _submitted(company)
    with pytest.raises(Conflict) as refused:
        services.application_update(
            actor=admin, application=application, fields={"motivation": "More"}
        )
    assert refused.value.code == "application_not_editable"
    assert Application.objects.get().motivation == ""


def test_unticking_the_code_clears_the_signature(company):
    organisation, admin, _ = company
    draft = services.application_create(
        actor=admin, organisation=organisation, tier=TierFactory(), fields=FIELDS
    )
    services.application_update(actor=admin, application=draft, fields={"accept_conduct": False})
    stored = Application.objects.get()
    assert (stored.conduct_version, stored.conduct_text, stored.conduct_accepted_at) == (
        "",
        "",
        None,
    )


# --- deciding -------------------------------------------------------------------------------


def test_asking_for_changes_then_resubmitting_then_approving(company, manager):
    organisation, admin, _ = company
    tier = TierFactory(name="Partner")
    application = _submitted(company, tier)

    services.application_ask_for_changes(
        actor=manager, application=application, reason="Name a city among your references."
    )
    asked = Application.objects.get()
    assert (asked.status, asked.decision_reason, asked.decided_by) == (
        ApplicationStatus.CHANGES_REQUESTED,
        "Name a city among your references.",
        manager,
    )

    services.application_update(actor=admin, application=asked, fields={"motivation": "Cities!"})
    services.application_submit(actor=admin, application=asked)
    partnership = services.application_approve(actor=manager, application=asked)

    approved = Application.objects.get()
    assert (approved.status, approved.decided_by, approved.motivation) == (
        ApplicationStatus.APPROVED,
        manager,
        "Cities!",
    )
    assert (partnership.organisation, partnership.tier, partnership.starts_on) == (
        organisation,
        tier,
        TODAY(),
    )
    assert partnership.ends_on == services.one_year_from(TODAY())
    assert selectors.organisation_is_partner(organisation)


def test_rejecting_keeps_the_reason_and_makes_no_partner(company, manager):
    organisation, _, _ = company
    application = _submitted(company)
    services.application_reject(actor=manager, application=application, reason="Not a fit.")
    stored = Application.objects.get()
    assert (stored.status, stored.decision_reason) == (ApplicationStatus.REJECTED, "Not a fit.")
    assert Partnership.objects.count() == 0
    assert not selectors.organisation_is_partner(organisation)


@pytest.mark.parametrize("decide", ["changes", "reject"])
def test_changes_and_rejections_need_a_reason(company, manager, decide):
    application = _submitted(company)
    service = {
        "changes": services.application_ask_for_changes,
        "reject": services.application_reject,
    }[decide]
    with pytest.raises(ValidationFailed) as refused:
        service(actor=manager, application=application, reason="  ")
    assert refused.value.field_errors == {"reason": ["Tell the applicant why."]}
    assert Application.objects.get().status == ApplicationStatus.SUBMITTED


def test_only_programme_managers_decide(company):
    _organisation, admin, _ = company
    application = _submitted(company)
    for actor in (admin, UserFactory(), UserFactory(is_staff=True, is_active=False)):
        with pytest.raises(Forbidden):
            services.application_approve(actor=actor, application=application)
    assert Application.objects.get().status == ApplicationStatus.SUBMITTED
    assert Partnership.objects.count() == 0


def test_a_second_decision_on_a_decided_application_is_refused(company, manager):
    application = _submitted(company)
    services.application_approve(actor=manager, application=application)
    with pytest.raises(Conflict) as refused:
        services.application_reject(actor=manager, application=application, reason="Oops")
    assert refused.value.code == "application_not_decidable"
    assert Application.objects.get().status == ApplicationStatus.APPROVED
    assert Partnership.objects.count() == 1


def test_a_draft_cannot_be_decided(company, manager):
    organisation, admin, _ = company
    draft = services.application_create(
        actor=admin, organisation=organisation, tier=TierFactory(), fields=FIELDS
    )
    with pytest.raises(Conflict):
        services.application_approve(actor=manager, application=draft)
    assert Partnership.objects.count() == 0


def test_approval_into_another_tier_for_a_chosen_period(company, manager):
    application = _submitted(company)
    premium = TierFactory(name="Premium partner")
    starts = TODAY() + datetime.timedelta(days=10)
    ends = TODAY() + datetime.timedelta(days=100)
    partnership = services.application_approve(
        actor=manager, application=application, tier=premium, starts_on=starts, ends_on=ends
    )
    assert (partnership.tier, partnership.starts_on, partnership.ends_on) == (premium, starts, ends)
    assert not selectors.organisation_is_partner(partnership.organisation)  # not started yet


def test_a_period_ending_before_it_starts_is_refused(company, manager):
    application = _submitted(company)
    with pytest.raises(ValidationFailed) as refused:
        services.application_approve(
            actor=manager,
            application=application,
            starts_on=TODAY(),
            ends_on=TODAY() - datetime.timedelta(days=1),
        )
    assert refused.value.field_errors == {"ends_on": ["must not be before the start"]}
    assert Application.objects.get().status == ApplicationStatus.SUBMITTED
    assert Partnership.objects.count() == 0


def test_one_year_from_a_leap_day():
    assert services.one_year_from(datetime.date(2028, 2, 29)) == datetime.date(2029, 2, 28)
    assert services.one_year_from(datetime.date(2026, 11, 30)) == datetime.date(2027, 11, 29)


# --- renewal and expiry --------------------------------------------------------------------


def _partner(company, *, ends_in_days: int) -> Partnership:
    organisation, _, _ = company
    return PartnershipFactory(
        application__organisation=organisation,
        starts_on=TODAY() - datetime.timedelta(days=300),
        ends_on=TODAY() + datetime.timedelta(days=ends_in_days),
    )


def test_renewal_opens_ninety_days_before_the_end(company):
    organisation, admin, _ = company
    current = _partner(company, ends_in_days=91)
    with pytest.raises(Conflict) as refused:
        services.application_create(
            actor=admin, organisation=organisation, tier=current.tier, fields=FIELDS
        )
    assert refused.value.code == "renewal_not_open"
    assert not services.can_apply_now(organisation)
    assert Application.objects.count() == 1  # the approved one


def test_an_approved_renewal_continues_the_day_after_the_current_period(company, manager):
    organisation, admin, _ = company
    current = _partner(company, ends_in_days=30)
    renewal = services.application_create(
        actor=admin, organisation=organisation, tier=current.tier, fields=FIELDS
    )
    assert renewal.kind == ApplicationKind.RENEWAL
    services.application_submit(actor=admin, application=renewal)

    next_period = services.application_approve(actor=manager, application=renewal)

    assert next_period.starts_on == current.ends_on + datetime.timedelta(days=1)
    assert next_period.ends_on == services.one_year_from(next_period.starts_on)
    current.refresh_from_db()
    assert current.ends_on == TODAY() + datetime.timedelta(days=30)  # unchanged
    assert selectors.partnership_current(organisation) == current


def test_an_approval_starting_today_ends_the_overlapping_period_the_day_before(company, manager):
    organisation, admin, _ = company
    current = _partner(company, ends_in_days=30)
    renewal = services.application_create(
        actor=admin, organisation=organisation, tier=TierFactory(name="Premium"), fields=FIELDS
    )
    services.application_submit(actor=admin, application=renewal)
    upgraded = services.application_approve(actor=manager, application=renewal, starts_on=TODAY())
    current.refresh_from_db()
    assert current.ends_on == TODAY() - datetime.timedelta(days=1)
    assert selectors.partnership_current(organisation) == upgraded


def test_partner_status_ends_after_the_last_day_and_expiry_marks_it_once(company):
    organisation, _, _ = company
    ended = _partner(company, ends_in_days=-1)
    running = PartnershipFactory()
    assert not selectors.organisation_is_partner(organisation)

    assert services.partnerships_expire(actor=SYSTEM) == 1
    assert services.partnerships_expire(actor=SYSTEM) == 0

    ended.refresh_from_db()
    running.refresh_from_db()
    assert ended.expired_at is not None
    assert running.expired_at is None


def test_partner_organisation_ids_follow_the_tier_s_unlocks(company):
    organisation, _admin, member = company
    other = OrganisationFactory()
    MembershipFactory(organisation=other, user=member)
    PartnershipFactory(
        application__organisation=organisation,
        tier=TierFactory(unlocks=[Unlock.PARTNERS_CONTENT, Unlock.EXPERT_GROUPS]),
    )
    PartnershipFactory(
        application__organisation=other, tier=TierFactory(unlocks=[Unlock.INTRODUCTIONS])
    )
    fresh = type(member).objects.get(pk=member.pk)
    assert selectors.partner_organisation_ids(fresh) == [organisation.pk]
    assert selectors.partner_organisation_ids(fresh, unlock=Unlock.INTRODUCTIONS) == [other.pk]
    assert selectors.partner_organisation_ids(fresh, unlock=Unlock.FEATURED_AT_EVENTS) == []
    assert selectors.organisation_is_partner(other, unlock=Unlock.INTRODUCTIONS)
    assert not selectors.organisation_is_partner(other)


# --- tiers ---------------------------------------------------------------------------------


def test_a_manager_defines_and_changes_a_tier(manager):
    tier = services.tier_create(
        actor=manager,
        fields={
            "name": " Start-up partner ",
            "benefits": "Half price.",
            "annual_fee": 1500,
            "currency": "eur",
            "unlocks": ["partners_content", "partners_content"],
            "position": 3,
        },
    )
    stored = Tier.objects.get()
    assert (stored.name, stored.currency, stored.unlocks, stored.position) == (
        "Start-up partner",
        "EUR",
        ["partners_content"],
        3,
    )
    services.tier_update(actor=manager, tier=tier, fields={"is_active": False})
    assert Tier.objects.get().is_active is False


@pytest.mark.parametrize(
    ("fields", "errors"),
    [
        ({"name": ""}, {"name": ["is required"]}),
        (
            {"name": "A", "currency": "EURO"},
            {"currency": ["must be a three-letter currency code, e.g. EUR"]},
        ),
        (
            {"name": "A", "annual_fee": -1},
            {"annual_fee": ["must be an amount from 0 to 9,999,999,999.99"]},
        ),
        ({"name": "A", "annual_fee": "1.234"}, {"annual_fee": ["must have at most two decimals"]}),
        (
            {"name": "A", "unlocks": ["everything"]},
            {"unlocks": ["choose among the listed benefits"]},
        ),
        ({"name": "Partner"}, {"name": ["another tier has this name"]}),
    ],
)
def test_bad_tiers_are_refused(manager, fields, errors):
    TierFactory(name="Partner")
    with pytest.raises(ValidationFailed) as refused:
        services.tier_create(actor=manager, fields=fields)
    assert refused.value.field_errors == errors
    assert Tier.objects.count() == 1


def test_members_may_not_manage_tiers(company):
    _, admin, _ = company
    with pytest.raises(Forbidden):
        services.tier_create(actor=admin, fields={"name": "Free", "annual_fee": 0})
    assert Tier.objects.count() == 0


def test_the_expire_command_and_task_mark_ended_periods(company):
    from io import StringIO

    from django.core.management import call_command

    from cityhive.partnership.tasks import partnerships_expire_task

    _partner(company, ends_in_days=-3)
    out = StringIO()
    call_command("partnership", "expire", stdout=out)
    assert out.getvalue() == "Marked 1 partnership(s) as expired.\n"
    assert partnerships_expire_task.call() == 0
    assert Partnership.objects.filter(expired_at__isnull=False).count() == 1


def test_the_demo_seed_makes_tiers_partners_and_a_waiting_application_once():
    from cityhive.directory.seeds import demo_world_seed
    from cityhive.partnership.seeds import demo_partnership_seed

    demo_world_seed()
    summary = demo_partnership_seed()
    assert summary == "3 tiers, 2 partners, 1 application waiting for review"
    assert demo_partnership_seed() == summary
    assert (Tier.objects.count(), Partnership.objects.count(), Application.objects.count()) == (
        3,
        2,
        3,
    )
    partners = selectors.partner_list(filters=selectors.PartnerFilters())
    assert [(p.organisation.name, p.tier.name) for p in partners] == [
        ("SolarGrid Cities (demo)", "Partner"),
        ("AquaSense Analytics (demo)", "Premium partner"),
    ]
