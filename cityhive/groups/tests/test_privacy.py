"""A member's group records in their data download, and what deleting the account leaves."""

import datetime

import pytest
from django.utils import timezone

from cityhive.accounts.tests.factories import PASSWORD, UserFactory
from cityhive.directory.tests.factories import OrganisationFactory
from cityhive.groups.models import GroupMembership, Post
from cityhive.groups.tests.factories import ConvenerFactory, GroupFactory, PostFactory
from cityhive.site.privacy import user_data_export, user_delete

pytestmark = pytest.mark.django_db
AT = timezone.make_aware(datetime.datetime(2026, 3, 1, 9, 30))


def test_the_download_holds_memberships_decisions_and_posts_with_exact_values():
    ana = UserFactory()
    group = GroupFactory(title="Flood experts", created_by=ana)
    aqua = OrganisationFactory(name="AquaSense")
    ConvenerFactory(
        group=group, user=ana, organisation=aqua, note="Sensors.", requested_at=AT, decided_at=AT
    )
    other = ConvenerFactory(group=group, decided_by=ana, decided_at=AT)
    post = PostFactory(group=group, author=ana, body="Hello")
    Post.objects.filter(pk=post.pk).update(created_at=AT)

    data = user_data_export(actor=ana)

    assert data["group_memberships"] == [
        {
            "group": "Flood experts",
            "organisation": "AquaSense",
            "role": "convener",
            "status": "active",
            "note": "Sensors.",
            "requested_at": AT.isoformat(),
            "decided_at": AT.isoformat(),
        }
    ]
    assert data["group_requests_decided"] == [
        {"group": "Flood experts", "status": other.status, "decided_at": AT.isoformat()}
    ]
    assert data["group_posts_written"] == [
        {"group": "Flood experts", "body": "Hello", "created_at": AT.isoformat()}
    ]
    assert data["groups_created"] == [{"group": "Flood experts"}]


def test_deleting_the_account_removes_memberships_and_keeps_the_discussion():
    ana = UserFactory()
    group = GroupFactory(created_by=ana)
    ConvenerFactory(group=group, user=ana)
    decided = ConvenerFactory(group=group, decided_by=ana)
    post = PostFactory(group=group, author=ana, body="Kept for the group")

    user_delete(actor=ana, password=PASSWORD)

    assert not GroupMembership.objects.filter(user_id=ana.pk).exists()
    assert GroupMembership.objects.get(pk=decided.pk).decided_by is None
    kept = Post.objects.get(pk=post.pk)
    assert (kept.author, kept.body) == (None, "Kept for the group")
    group.refresh_from_db()
    assert group.created_by is None
