"""The partnership pages: what each person sees and what their forms do."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cityhive.accounts.tests.sessions import sign_in
from cityhive.directory.models import MembershipRole
from cityhive.directory.tests.factories import CityFactory, MembershipFactory, OrganisationFactory
from cityhive.notifications.models import Notification
from cityhive.partnership.models import Application, ApplicationStatus, Partnership, Tier
from cityhive.partnership.tests.factories import (
    REFERENCES,
    ApplicationFactory,
    PartnershipFactory,
    TierFactory,
)

pytestmark = pytest.mark.django_db


def _form(tier, *, action="submit", references=REFERENCES, **extra) -> dict:
    data = {
        "tier": tier.pk,
        "motivation": "We want to work with cities.",
        "sdgs": ["6", "11"],
        "accept_conduct": "on",
        "action": action,
        "references-TOTAL_FORMS": "5",
        "references-INITIAL_FORMS": "0",
        "references-MIN_NUM_FORMS": "0",
        "references-MAX_NUM_FORMS": "5",
    }
    for index, reference in enumerate(references):
        for key, value in reference.items():
            data[f"references-{index}-{key}"] = value
    return {**data, **extra}


@pytest.fixture
def company(world):
    return world.org_b  # Beta Solutions, a company; admin_b is its admin


def test_the_tiers_page_shows_fees_and_what_each_tier_unlocks_in_words(client):
    TierFactory(name="Partner", annual_fee=5000, unlocks=["partners_content", "introductions"])
    TierFactory(name="Retired", is_active=False)
    html = client.get(reverse("partnership_tier_list")).content.decode()
    assert "Partner" in html and "5,000 EUR a year" in html
    assert "Partners-only challenges and needs profiles" in html
    assert "Introductions to cities" in html
    assert "partners_content" not in html and "Retired" not in html


def test_the_partner_directory_lists_today_s_partners_with_their_tier_and_filters(client):
    gold = TierFactory(name="Premium partner", position=2)
    silver = TierFactory(name="Partner", position=1)
    PartnershipFactory(
        application__organisation=OrganisationFactory(name="AquaSense", country="NL"), tier=gold
    )
    PartnershipFactory(
        application__organisation=OrganisationFactory(name="SolarGrid", country="KE"), tier=silver
    )
    ended = PartnershipFactory(application__organisation=OrganisationFactory(name="Gone Ltd"))
    Partnership.objects.filter(pk=ended.pk).update(
        ends_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    OrganisationFactory(name="Applicant Only")

    html = client.get(reverse("partner_directory")).content.decode()
    assert "2 partners" in html
    assert '<span class="badge tier tier-gold">Premium partner</span>' in html
    assert '<span class="badge tier tier-silver">Partner</span>' in html
    assert "Gone Ltd" not in html and "Applicant Only" not in html

    by_tier = client.get(reverse("partner_directory"), {"tier": gold.pk}).content.decode()
    assert "AquaSense" in by_tier and "SolarGrid" not in by_tier
    by_country = client.get(reverse("partner_directory"), {"country": "KE"}).content.decode()
    assert "SolarGrid" in by_country and "AquaSense" not in by_country


def test_a_company_admin_applies_and_submits_in_one_step(client, world, company):
    tier = TierFactory(name="Partner")
    sign_in(client, world.admin_b)
    page = client.get(reverse("partnership_apply"))
    assert page.status_code == 200
    assert "CityHive partner code of conduct (version 2026.1)" in page.content.decode()

    response = client.post(
        reverse("partnership_apply"), _form(tier, organisation=company.pk), follow=True
    )

    application = Application.objects.get()
    assert response.redirect_chain[-1][0] == reverse(
        "partnership_application_detail", args=[application.pk]
    )
    assert (application.organisation, application.status, application.sdgs) == (
        company,
        ApplicationStatus.SUBMITTED,
        [6, 11],
    )
    assert application.references == REFERENCES
    assert application.conduct_accepted_by == world.admin_b
    assert "Your application was submitted to the programme managers." in response.content.decode()


def test_an_incomplete_submission_saves_nothing_and_names_the_reference(client, world, company):
    tier = TierFactory()
    sign_in(client, world.admin_b)
    bad = [{**REFERENCES[0], "email": "not-an-address"}]
    response = client.post(
        reverse("partnership_apply"), _form(tier, references=bad, organisation=company.pk)
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Reference 1, email: must be an email address" in html
    assert Application.objects.count() == 0


def test_a_member_who_administers_no_company_is_told_who_applies(client, world):
    sign_in(client, world.admin_a)  # a city's admin
    html = client.get(reverse("partnership_apply")).content.decode()
    assert "You administer no" in html
    assert 'name="tier"' not in html


def test_changes_asked_are_shown_to_the_applicant_who_resubmits(client, world, company):
    application = ApplicationFactory(organisation=company, status=ApplicationStatus.SUBMITTED)
    sign_in(client, world.manager)
    client.post(
        reverse("partnership_application_decide", args=[application.pk]),
        {"decision": "changes", "reason": "Add a city among your references."},
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.CHANGES_REQUESTED

    sign_in(client, world.member_b)
    detail = client.get(reverse("partnership_application_detail", args=[application.pk]))
    assert "Add a city among your references." in detail.content.decode()
    assert "Change and resubmit" not in detail.content.decode()  # members follow, admins act

    sign_in(client, world.admin_b)
    edit_url = reverse("partnership_application_edit", args=[application.pk])
    assert "Add a city among your references." in client.get(edit_url).content.decode()
    client.post(edit_url, _form(application.tier, motivation="Now with Recife."))
    application.refresh_from_db()
    assert (application.status, application.motivation) == (
        ApplicationStatus.SUBMITTED,
        "Now with Recife.",
    )


def test_a_manager_approves_from_the_page_and_the_members_are_notified(client, world, company):
    application = ApplicationFactory(organisation=company, status=ApplicationStatus.SUBMITTED)
    sign_in(client, world.manager)
    page = client.get(reverse("partnership_application_detail", args=[application.pk]))
    assert "Record the decision" in page.content.decode()
    today = timezone.localdate()
    response = client.post(
        reverse("partnership_application_decide", args=[application.pk]),
        {
            "decision": "approve",
            "tier": application.tier.pk,
            "starts_on": today.isoformat(),
            "ends_on": (today + datetime.timedelta(days=99)).isoformat(),
        },
        follow=True,
    )
    assert "Approved: Beta Solutions is a partner." in response.content.decode()
    partnership = Partnership.objects.get()
    assert (partnership.starts_on, partnership.ends_on) == (
        today,
        today + datetime.timedelta(days=99),
    )
    notified = Notification.objects.filter(kind="application_decision").order_by("recipient_id")
    assert [n.recipient_id for n in notified] == sorted([world.admin_b.pk, world.member_b.pk])
    assert {n.title for n in notified} == {"Your partnership application was approved"}


def test_a_member_may_not_decide_and_nothing_changes(client, world, company):
    application = ApplicationFactory(organisation=company, status=ApplicationStatus.SUBMITTED)
    sign_in(client, world.admin_b)
    response = client.post(
        reverse("partnership_application_decide", args=[application.pk]),
        {"decision": "approve"},
    )
    assert response.status_code == 403
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert Partnership.objects.count() == 0


def test_another_organisation_cannot_reach_an_application(client, world, company):
    application = ApplicationFactory(organisation=company)
    sign_in(client, world.member_a)
    for name in ("partnership_application_detail", "partnership_application_edit"):
        assert client.get(reverse(name, args=[application.pk])).status_code == 404


def test_the_queue_counts_applications_by_status_and_filters(client, world):
    ApplicationFactory(status=ApplicationStatus.SUBMITTED, organisation__name="Waiting Co")
    ApplicationFactory(status=ApplicationStatus.SUBMITTED)
    ApplicationFactory(status=ApplicationStatus.REJECTED, organisation__name="Turned Down Co")
    ApplicationFactory(status=ApplicationStatus.DRAFT)
    PartnershipFactory(
        application__organisation__country="NL",
        application__sdgs=[11, 13],
        tier=TierFactory(name="Premium partner"),
    )
    sign_in(client, world.manager)
    response = client.get(reverse("partnership_application_queue"))
    counts = {code: n for code, _, n in response.context["counts"]}
    assert counts == {
        "draft": 1,
        "submitted": 2,
        "changes_requested": 0,
        "approved": 1,
        "rejected": 1,
    }
    html = response.content.decode()
    assert "Waiting Co" in html and "Turned Down Co" not in html
    assert "Premium partner: 1" in html and "Netherlands: 1" in html
    assert response.context["sdgs"][0][1] == 1 and "SDG 11" in response.context["sdgs"][0][0]
    charts = response.context["charts"]
    assert [(bar.label, bar.value) for bar in charts["countries"]["bars"]] == [("Netherlands", 1)]
    assert [(bar.label, bar.value) for bar in charts["tiers"]["bars"]] == [("Premium partner", 1)]
    assert sorted(charts) == ["applications", "countries", "sdgs", "tiers"]
    assert '<desc id="chart-tiers-desc">Premium partner: 1</desc>' in html
    assert "<style" not in html and "<script>" not in html
    rejected = client.get(reverse("partnership_application_queue"), {"status": "rejected"})
    assert "Turned Down Co" in rejected.content.decode()


def test_only_managers_see_the_queue(client, world):
    sign_in(client, world.admin_b)
    assert client.get(reverse("partnership_application_queue")).status_code == 403


def test_a_manager_adds_and_edits_a_tier_and_a_member_cannot(client, world):
    sign_in(client, world.admin_b)
    data = {
        "name": "Start-up partner",
        "benefits": "Half price.",
        "annual_fee": "1500",
        "currency": "eur",
        "unlocks": ["partners_content"],
        "position": "0",
        "is_active": "on",
    }
    assert client.post(reverse("partnership_tier_create"), data).status_code == 403
    assert Tier.objects.count() == 0

    sign_in(client, world.manager)
    client.post(reverse("partnership_tier_create"), data)
    tier = Tier.objects.get()
    assert (tier.name, tier.currency, tier.unlocks) == (
        "Start-up partner",
        "EUR",
        ["partners_content"],
    )
    client.post(reverse("partnership_tier_edit", args=[tier.pk]), {**data, "annual_fee": "1200"})
    tier.refresh_from_db()
    assert str(tier.annual_fee) == "1200.00"


def test_the_organisation_page_shows_the_badge_and_the_way_to_apply(client, world, company):
    sign_in(client, world.admin_b)
    html = client.get(reverse("organisation_detail", args=[company.slug])).content.decode()
    assert "Apply to become a partner" in html
    PartnershipFactory(application__organisation=company, tier=TierFactory(name="Partner"))
    client.logout()
    html = client.get(reverse("organisation_detail", args=[company.slug])).content.decode()
    assert "Partner · Partner" in html
    assert "Apply to become a partner" not in html
    city = client.get(reverse("organisation_detail", args=[CityFactory().slug])).content.decode()
    assert "Partnership programme" not in city


def test_the_dashboard_shows_the_review_queue_and_the_applicant_s_next_step(client, world):
    ApplicationFactory(
        organisation=world.org_b,
        status=ApplicationStatus.CHANGES_REQUESTED,
        decision_reason="Add a city.",
    )
    ApplicationFactory(status=ApplicationStatus.SUBMITTED, organisation__name="Waiting Co")
    sign_in(client, world.manager)
    html = client.get(reverse("dashboard")).content.decode()
    assert "Partnership applications to review" in html and "Waiting Co" in html
    sign_in(client, world.admin_b)
    html = client.get(reverse("dashboard")).content.decode()
    assert "Change and resubmit the partnership application of Beta Solutions" in html


def test_a_company_member_is_not_offered_to_apply_but_its_admin_is(client, world, company):
    MembershipFactory(organisation=company, role=MembershipRole.MEMBER)
    sign_in(client, world.member_b)
    html = client.get(reverse("organisation_detail", args=[company.slug])).content.decode()
    assert "Apply to become a partner" not in html


def test_the_queue_draws_no_chart_of_nothing(client, world):
    sign_in(client, world.manager)
    response = client.get(reverse("partnership_application_queue"))
    assert response.context["charts"] == {}
    assert "<svg" not in response.content.decode()
