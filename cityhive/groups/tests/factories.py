import factory
from django.utils import timezone

from cityhive.accounts.tests.factories import UserFactory
from cityhive.content.tests.factories import FacetedItemFactory, FacetTagFactory
from cityhive.groups.models import (
    Group,
    GroupKind,
    GroupMembership,
    GroupRole,
    GroupTag,
    MembershipStatus,
    Post,
)
from cityhive.partnership.models import Unlock
from cityhive.partnership.tests.factories import PartnershipFactory, TierFactory


class GroupFactory(FacetedItemFactory):
    class Meta:
        model = Group

    kind = GroupKind.WORKING
    title = factory.Sequence(lambda n: f"Working group {n}")
    purpose = "Cities and companies compare notes."
    description_html = "<p>Cities and companies compare notes.</p>"


class GroupTagFactory(FacetTagFactory):
    class Meta:
        model = GroupTag

    group = factory.SubFactory(GroupFactory)


class GroupMembershipFactory(factory.django.DjangoModelFactory):
    """An active member (no organisation unless given)."""

    class Meta:
        model = GroupMembership

    group = factory.SubFactory(GroupFactory)
    user = factory.SubFactory(UserFactory)
    role = GroupRole.MEMBER
    status = MembershipStatus.ACTIVE
    requested_at = factory.LazyFunction(timezone.now)


class ConvenerFactory(GroupMembershipFactory):
    role = GroupRole.CONVENER


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post

    group = factory.SubFactory(GroupFactory)
    author = factory.SubFactory(UserFactory)
    body = "Hello, group."
    body_html = "<p>Hello, group.</p>"


def expert_partner(company, *, unlocks=(Unlock.PARTNERS_CONTENT, Unlock.EXPERT_GROUPS)):
    """Make `company` an active partner in a tier with these unlocks (expert groups by default)."""
    tier = TierFactory(unlocks=[str(code) for code in unlocks])
    return PartnershipFactory(application__organisation=company, tier=tier)
