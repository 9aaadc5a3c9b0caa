"""Expert groups in a real browser: a partner company's member asks to join, a convener accepts,
the member posts; a company whose tier does not unlock expert groups reads why, and where to
apply."""

import pytest
from playwright.sync_api import expect

from cityhive.accounts.tests.factories import ProgrammeManagerFactory
from cityhive.directory.models import MembershipRole
from cityhive.directory.tests.factories import CityFactory, MembershipFactory, OrganisationFactory
from cityhive.groups.models import Group, GroupKind, GroupMembership, GroupVisibility, Post
from cityhive.groups.tests.factories import ConvenerFactory, GroupFactory, expert_partner
from cityhive.notifications.models import Notification
from cityhive.partnership.models import Unlock
from cityhive.taxonomy.services import reference_data_load
from tests.e2e.pickers import pick
from tests.e2e.test_accessibility import UNLABELLED_CONTROLS
from tests.e2e.test_events_journeys import person  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_partner_joins_an_expert_group_and_posts_and_a_non_partner_is_told_why(person):  # noqa: F811
    group = GroupFactory(
        kind=GroupKind.EXPERT,
        title="Flood resilience experts",
        visibility=GroupVisibility.MEMBERS,
    )
    recife = CityFactory(name="Prefeitura do Recife", is_verified=True)
    convener = MembershipFactory(organisation=recife, user__name="Rita Convener").user
    ConvenerFactory(group=group, user=convener, organisation=recife)
    aqua = OrganisationFactory(name="AquaSense", slug="aquasense")
    expert_partner(aqua)
    aqua_member = MembershipFactory(organisation=aqua, user__name="Ana Lima").user
    solar = OrganisationFactory(name="SolarGrid", slug="solargrid")
    expert_partner(solar, unlocks=[Unlock.PARTNERS_CONTENT])
    solar_member = MembershipFactory(
        organisation=solar, role=MembershipRole.ADMIN, user__name="Sol Admin"
    ).user

    # The partner's member finds the group and asks to join with a note
    page = person(aqua_member)
    page.goto("/groups/")
    page.get_by_role("link", name="Flood resilience experts").click()
    expect(
        page.get_by_text("This group's members and discussion are for its members.")
    ).to_be_visible()
    page.get_by_label("A note for the conveners").fill("We run flood sensors in three cities.")
    assert page.evaluate(UNLABELLED_CONTROLS) == []
    page.get_by_role("button", name="Ask to join").click()
    expect(page.get_by_text("Your request was sent to the group's conveners.")).to_be_visible()
    expect(
        page.get_by_text("Your request to join waits for the conveners' decision.")
    ).to_be_visible()
    group_url = page.url

    # The convener sees the request on the dashboard and accepts it
    chair = person(convener)
    chair.goto("/dashboard/")
    chair.get_by_role(
        "link", name="1 request to join Flood resilience experts waits for your answer"
    ).click()
    requests = chair.get_by_role("region", name="Requests to join")
    expect(requests).to_contain_text("We run flood sensors in three cities.")
    expect(requests).to_contain_text("(AquaSense)")
    requests.get_by_role("button", name="Accept Ana Lima").click()
    expect(chair.get_by_text("Ana Lima is now a member.")).to_be_visible()

    # The new member reads the members and posts in the discussion (in place, through htmx)
    page.goto(group_url)
    members = page.get_by_role("region", name="Members", exact=True)
    expect(members).to_contain_text("Ana Lima (AquaSense)")
    expect(members).to_contain_text("Rita Convener (Prefeitura do Recife)")
    page.get_by_label("Your post").fill("Hello all: our **river gauges** report every minute.")
    page.get_by_role("button", name="Post").click()
    discussion = page.get_by_role("region", name="Discussion", exact=True)
    expect(discussion.locator("strong", has_text="river gauges")).to_be_visible()
    expect(page.get_by_label("Your post")).to_have_value("")
    assert Post.objects.get().author == aqua_member
    assert Notification.objects.filter(recipient=convener, kind="group_post").count() == 1

    # The member finds the group on the dashboard; the convener reads there that it has news
    page.goto("/dashboard/")
    shortcut = page.get_by_role("link", name="Flood resilience experts", exact=True)
    expect(shortcut).to_have_attribute("href", f"/groups/{group.pk}/")
    chair.goto("/dashboard/")
    expect(chair.get_by_text("1 new post in the last two weeks")).to_be_visible()
    chair.locator('a[href$="#discussion-heading"]', has_text="Flood resilience experts").click()
    discussion = chair.get_by_role("region", name="Discussion", exact=True)
    expect(discussion.locator("strong", has_text="river gauges")).to_be_visible()

    # A company whose tier does not unlock expert groups reads why, and where to apply
    refused = person(solar_member)
    refused.goto(group_url)
    expect(
        refused.get_by_text(
            "Expert groups are open to partner companies whose partnership tier includes them. "
            "SolarGrid has no active partnership that does."
        )
    ).to_be_visible()
    expect(refused.get_by_role("button", name="Ask to join")).to_have_count(0)
    apply = refused.get_by_role("link", name="Apply for partnership")
    expect(apply).to_have_attribute("href", "/partnership/apply/?organisation=solargrid")
    assert not GroupMembership.objects.filter(user=solar_member).exists()


def test_a_programme_manager_creates_a_group_and_finds_its_topics_by_typing(person):  # noqa: F811
    reference_data_load()
    page = person(ProgrammeManagerFactory())
    page.goto("/groups/new/")
    page.get_by_label("Kind").select_option(label="Working group")
    page.get_by_label("Name").fill("Nature-based solutions")
    page.get_by_label("Who reads it").select_option("public")
    pick(page, "SDG targets", "resilience of the poor", "1.5 ·")
    assert page.evaluate(UNLABELLED_CONTROLS) == []
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_text("Group created.")).to_be_visible()
    group = Group.objects.get(title="Nature-based solutions")
    assert (group.kind, group.sdg_targets) == (GroupKind.WORKING, ["1.5"])
