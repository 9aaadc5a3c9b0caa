"""Groups' writes: creating, joining (and what expert groups ask), deciding, leaving, removing,
posting, and who hears of it."""

import datetime

import pytest
from django.utils import timezone

from cityhive.accounts.tests.factories import ProgrammeManagerFactory, UserFactory
from cityhive.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from cityhive.directory.models import OrganisationKind
from cityhive.directory.tests.factories import MembershipFactory, OrganisationFactory
from cityhive.groups import services
from cityhive.groups.errors import GroupErrorCode
from cityhive.groups.models import (
    Group,
    GroupKind,
    GroupMembership,
    GroupTag,
    MembershipStatus,
    Post,
)
from cityhive.groups.tests.factories import (
    ConvenerFactory,
    GroupFactory,
    GroupMembershipFactory,
    PostFactory,
    expert_partner,
)
from cityhive.notifications.models import Notification, NotificationPreference
from cityhive.partnership.models import Partnership, Unlock

pytestmark = pytest.mark.django_db


def _member_of(organisation):
    return MembershipFactory(organisation=organisation).user


def _expert_group():
    group = GroupFactory(kind=GroupKind.EXPERT, title="Flood experts")
    convener = ConvenerFactory(group=group).user
    return group, convener


# --- creating ---------------------------------------------------------------------------------


def test_a_programme_manager_creates_a_group_with_its_tags_and_conveners():
    manager, convener = ProgrammeManagerFactory(), UserFactory()
    fields = {
        "kind": GroupKind.EXPERT,
        "title": "Heat experts",
        "purpose": "**Cooling** cities.",
        "sdg_targets": ["11.5"],
    }

    group = services.group_create(actor=manager, fields=fields, conveners=[convener])

    assert (group.kind, group.title, group.description_html, group.created_by) == (
        "expert_group",
        "Heat experts",
        "<p><strong>Cooling</strong> cities.</p>\n",
        manager,
    )
    tags = set(GroupTag.objects.filter(group=group).values_list("facet", "value"))
    assert tags == {("sdg_target", "11.5"), ("sdg_goal", "11")}
    row = GroupMembership.objects.get(group=group)
    assert (row.user, row.role, row.status) == (convener, "convener", "active")


def test_a_member_may_not_create_a_group():
    with pytest.raises(Forbidden):
        services.group_create(
            actor=UserFactory(), fields={"kind": GroupKind.WORKING, "title": "Mine"}
        )
    assert Group.objects.count() == 0


def test_an_unknown_kind_is_refused_with_its_field():
    with pytest.raises(ValidationFailed) as refused:
        services.group_create(
            actor=ProgrammeManagerFactory(), fields={"kind": "club", "title": "Club"}
        )
    assert refused.value.field_errors == {"kind": ["Choose one of the listed options."]}


def test_a_stale_edit_is_refused():
    manager = ProgrammeManagerFactory()
    group = GroupFactory(title="Before")
    services.group_update(actor=manager, group=group, version=1, fields={"title": "First"})
    with pytest.raises(Conflict):
        services.group_update(actor=manager, group=group, version=1, fields={"title": "Second"})
    assert Group.objects.get(pk=group.pk).title == "First"


# --- joining a working group ------------------------------------------------------------------


def test_a_member_asks_to_join_and_the_conveners_hear_of_it():
    group = GroupFactory(title="KPI working group")
    convener = ConvenerFactory(group=group).user
    city = OrganisationFactory(kind=OrganisationKind.CITY, name="City of Recife")
    user = _member_of(city)

    membership = services.group_join_request(actor=user, group=group, note="We collect KPIs.")

    assert (membership.status, membership.organisation, membership.note) == (
        "pending",
        city,
        "We collect KPIs.",
    )
    notice = Notification.objects.get(recipient=convener)
    assert (notice.kind, notice.title, notice.body, notice.url) == (
        "group_join_requested",
        f"{user} asks to join KPI working group",
        "We collect KPIs.",
        f"/groups/{group.pk}/#requests",
    )


def test_asking_twice_is_a_conflict_and_changes_nothing():
    group = GroupFactory()
    user = UserFactory()
    first = services.group_join_request(actor=user, group=group, note="First")
    with pytest.raises(Conflict) as refused:
        services.group_join_request(actor=user, group=group, note="Second")
    assert refused.value.code == GroupErrorCode.ALREADY_REQUESTED
    assert GroupMembership.objects.get(pk=first.pk).note == "First"


def test_one_may_join_only_for_ones_own_organisation():
    group = GroupFactory()
    with pytest.raises(ValidationFailed):
        services.group_join_request(
            actor=UserFactory(), group=group, organisation=OrganisationFactory()
        )
    assert GroupMembership.objects.count() == 0


def test_a_convener_accepts_and_the_requester_is_told():
    group = GroupFactory(title="KPI working group")
    convener = ConvenerFactory(group=group).user
    user = UserFactory()
    pending = services.group_join_request(actor=user, group=group)

    accepted = services.group_request_decide(actor=convener, membership=pending, approve=True)

    assert (accepted.status, accepted.decided_by) == ("active", convener)
    notice = Notification.objects.get(recipient=user)
    assert (notice.kind, notice.title) == (
        "group_join_decided",
        "You are now a member of KPI working group",
    )


def test_a_declined_request_carries_its_reason_and_may_be_asked_again():
    group = GroupFactory(title="KPI working group")
    convener = ConvenerFactory(group=group).user
    user = UserFactory()
    pending = services.group_join_request(actor=user, group=group)
    services.group_request_decide(
        actor=convener, membership=pending, approve=False, reason="Cities only."
    )
    notice = Notification.objects.get(recipient=user)
    assert (notice.title, notice.body) == (
        "Your request to join KPI working group was declined",
        "Cities only.",
    )

    again = services.group_join_request(actor=user, group=group, note="Now for a city.")

    assert (again.pk, again.status, again.decline_reason) == (pending.pk, "pending", "")
    assert Notification.objects.filter(recipient=convener).count() == 2


def test_answering_twice_is_a_conflict():
    group = GroupFactory()
    convener = ConvenerFactory(group=group).user
    pending = services.group_join_request(actor=UserFactory(), group=group)
    services.group_request_decide(actor=convener, membership=pending, approve=True)
    with pytest.raises(Conflict):
        services.group_request_decide(actor=convener, membership=pending, approve=False)
    assert GroupMembership.objects.get(pk=pending.pk).status == "active"


def test_a_plain_member_may_not_decide():
    group = GroupFactory()
    member = GroupMembershipFactory(group=group).user
    pending = services.group_join_request(actor=UserFactory(), group=group)
    with pytest.raises(Forbidden):
        services.group_request_decide(actor=member, membership=pending, approve=True)
    assert GroupMembership.objects.get(pk=pending.pk).status == "pending"


# --- expert groups: what the partnership tier unlocks -----------------------------------------


def test_a_partner_company_whose_tier_unlocks_expert_groups_may_join():
    group, _ = _expert_group()
    company = OrganisationFactory(name="AquaSense")
    expert_partner(company)

    membership = services.group_join_request(actor=_member_of(company), group=group)

    assert (membership.status, membership.organisation) == ("pending", company)


@pytest.mark.parametrize(
    "unlocks", [(), (Unlock.PARTNERS_CONTENT,), (Unlock.PARTNERS_CONTENT, Unlock.INTRODUCTIONS)]
)
def test_a_company_without_the_unlock_is_refused_with_the_reason(unlocks):
    group, _ = _expert_group()
    company = OrganisationFactory(name="SolarGrid")
    if unlocks:
        expert_partner(company, unlocks=unlocks)

    with pytest.raises(Forbidden) as refused:
        services.group_join_request(actor=_member_of(company), group=group)

    assert refused.value.code == GroupErrorCode.EXPERT_GROUPS_NOT_UNLOCKED
    assert refused.value.message == (
        "Expert groups are open to partner companies whose partnership tier includes them. "
        "SolarGrid has no active partnership that does."
    )
    assert GroupMembership.objects.filter(group=group).count() == 1  # the convener only


def test_a_lapsed_partnership_no_longer_opens_expert_groups():
    group, _ = _expert_group()
    company = OrganisationFactory()
    expert_partner(company)
    Partnership.objects.update(ends_on=timezone.localdate() - datetime.timedelta(days=1))
    with pytest.raises(Forbidden):
        services.group_join_request(actor=_member_of(company), group=group)


@pytest.mark.parametrize(
    ("kind", "verified", "allowed"),
    [
        (OrganisationKind.CITY, True, True),
        (OrganisationKind.FINANCIER, True, True),
        (OrganisationKind.NGO, False, False),
        (OrganisationKind.COMPANY, True, False),  # verified without partnership: not a partner
    ],
)
def test_other_kinds_take_part_once_verified(kind, verified, allowed):
    group, _ = _expert_group()
    user = _member_of(OrganisationFactory(kind=kind, is_verified=verified))
    if allowed:
        assert services.group_join_request(actor=user, group=group).status == "pending"
    else:
        with pytest.raises(Forbidden):
            services.group_join_request(actor=user, group=group)


def test_a_member_of_no_organisation_is_told_to_join_one_first():
    group, _ = _expert_group()
    with pytest.raises(Forbidden) as refused:
        services.group_join_request(actor=UserFactory(), group=group)
    assert refused.value.code == GroupErrorCode.NO_ORGANISATION


def test_a_partner_member_joins_for_the_partner_not_for_another_organisation():
    group, _ = _expert_group()
    partner, other = OrganisationFactory(name="Partner"), OrganisationFactory(name="Other")
    expert_partner(partner)
    user = _member_of(partner)
    MembershipFactory(user=user, organisation=other)

    assert services.group_join_request(actor=user, group=group).organisation == partner
    GroupMembership.objects.filter(user=user).delete()
    with pytest.raises(Forbidden):
        services.group_join_request(actor=user, group=group, organisation=other)


def test_approval_asks_again_whether_the_organisation_takes_part():
    group, convener = _expert_group()
    company = OrganisationFactory()
    expert_partner(company)
    pending = services.group_join_request(actor=_member_of(company), group=group)
    Partnership.objects.update(ends_on=timezone.localdate() - datetime.timedelta(days=1))

    with pytest.raises(Forbidden):
        services.group_request_decide(actor=convener, membership=pending, approve=True)

    assert GroupMembership.objects.get(pk=pending.pk).status == "pending"
    assert services.group_request_decide(
        actor=convener, membership=pending, approve=False
    ).status == ("declined")


def test_a_member_whose_partnership_lapsed_may_no_longer_post_in_an_expert_group():
    group, _ = _expert_group()
    company = OrganisationFactory()
    expert_partner(company)
    user = _member_of(company)
    GroupMembershipFactory(group=group, user=user, organisation=company)
    services.group_post_create(actor=user, group=group, body="Still a partner.")
    Partnership.objects.update(ends_on=timezone.localdate() - datetime.timedelta(days=1))

    with pytest.raises(Forbidden):
        services.group_post_create(actor=user, group=group, body="Lapsed.")

    assert list(Post.objects.values_list("body", flat=True)) == ["Still a partner."]


# --- leaving and removing ---------------------------------------------------------------------


def test_a_member_leaves_and_a_non_member_has_nothing_to_leave():
    group = GroupFactory()
    membership = GroupMembershipFactory(group=group)
    assert services.group_leave(actor=membership.user, group=group).status == "left"
    with pytest.raises(NotFound):
        services.group_leave(actor=UserFactory(), group=group)


def test_a_convener_removes_a_member_but_not_another_convener():
    group = GroupFactory()
    convener = ConvenerFactory(group=group).user
    member = GroupMembershipFactory(group=group)
    other_convener = ConvenerFactory(group=group)

    assert services.group_member_remove(actor=convener, membership=member).status == "removed"
    with pytest.raises(Forbidden):
        services.group_member_remove(actor=convener, membership=other_convener)
    assert GroupMembership.objects.get(pk=other_convener.pk).status == "active"
    manager = ProgrammeManagerFactory()
    assert services.group_member_remove(actor=manager, membership=other_convener).status == (
        "removed"
    )


# --- the discussion ---------------------------------------------------------------------------


def test_a_post_is_sanitised_markdown_and_members_hear_of_it_by_their_choice():
    group = GroupFactory(title="KPI working group")
    author = GroupMembershipFactory(group=group).user
    daily = GroupMembershipFactory(group=group).user
    off = GroupMembershipFactory(group=group).user
    NotificationPreference.objects.create(user=off, kind="group_post", channel="off")
    GroupMembershipFactory(group=group, status=MembershipStatus.PENDING)

    post = services.group_post_create(
        actor=author, group=group, body="**Hi** <script>alert(1)</script> [x](javascript:y)"
    )

    assert post.body_html == (
        "<p><strong>Hi</strong> &lt;script&gt;alert(1)&lt;/script&gt; [x](javascript:y)</p>\n"
    )
    notices = Notification.objects.filter(kind="group_post").order_by("recipient_id")
    assert [(n.recipient_id, n.channel) for n in notices] == [(daily.pk, "daily"), (off.pk, "off")]
    assert notices[0].url == f"/groups/{group.pk}/#post-{post.pk}"


def test_only_active_members_post():
    group = GroupFactory()
    pending = GroupMembershipFactory(group=group, status=MembershipStatus.PENDING).user
    for actor in (pending, UserFactory(), ProgrammeManagerFactory()):
        with pytest.raises(Forbidden):
            services.group_post_create(actor=actor, group=group, body="Hello")
    assert Post.objects.count() == 0


def test_an_empty_post_is_refused():
    group = GroupFactory()
    author = GroupMembershipFactory(group=group).user
    with pytest.raises(ValidationFailed) as refused:
        services.group_post_create(actor=author, group=group, body="   ")
    assert refused.value.field_errors == {"body": ["Write something first."]}


def test_the_author_or_a_convener_removes_a_post_and_another_member_may_not():
    group = GroupFactory()
    convener = ConvenerFactory(group=group).user
    member = GroupMembershipFactory(group=group).user
    first, second = PostFactory(group=group), PostFactory(group=group)

    with pytest.raises(Forbidden):
        services.group_post_remove(actor=member, post=first)
    services.group_post_remove(actor=first.author, post=first)
    services.group_post_remove(actor=convener, post=second)

    assert Post.objects.count() == 0
