"""The programme's networking groups: expert groups, working groups and standard teams, their
members and their discussion."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cityhive.content.models import FacetedItem, FacetTag
from cityhive.core.models import TimeStampedModel


class GroupKind(models.TextChoices):
    EXPERT = "expert_group", _("Expert group")
    WORKING = "working_group", _("Working group")
    STANDARD_TEAM = "standard_team", _("Standard team")


class GroupVisibility(models.TextChoices):
    PUBLIC = "public", _("Public: every signed-in member reads its members and discussion")
    MEMBERS = "members", _("Members only: its members and discussion are for its members")


class Group(FacetedItem):
    """A group of people from the programme's organisations, run by its conveners."""

    kind = models.CharField(max_length=20, choices=GroupKind.choices)
    purpose = models.TextField(max_length=20_000, blank=True)
    visibility = models.CharField(
        max_length=10, choices=GroupVisibility.choices, default=GroupVisibility.PUBLIC
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["kind", "title", "pk"]
        verbose_name = _("group")
        indexes = [models.Index(fields=["kind", "title"], name="group_list_idx")]


class GroupTag(FacetTag):
    """One facet value a group carries: the index behind the list's SDG filter."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="facet_tags")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["group", "facet", "value"], name="group_tag_unique")
        ]
        indexes = [models.Index(fields=["facet", "value", "group"], name="group_tag_idx")]


class GroupRole(models.TextChoices):
    MEMBER = "member", _("Member")
    CONVENER = "convener", _("Convener")


class MembershipStatus(models.TextChoices):
    PENDING = "pending", _("Asked to join")
    ACTIVE = "active", _("Member")
    DECLINED = "declined", _("Declined")
    LEFT = "left", _("Left")
    REMOVED = "removed", _("Removed")


class GroupMembership(TimeStampedModel):
    """One person's place in a group (one row per person and group, through every state), with
    the organisation they take part for."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="group_memberships"
    )
    organisation = models.ForeignKey(
        "directory.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="group_memberships",
    )
    role = models.CharField(max_length=10, choices=GroupRole.choices, default=GroupRole.MEMBER)
    status = models.CharField(
        max_length=10, choices=MembershipStatus.choices, default=MembershipStatus.PENDING
    )
    note = models.CharField(max_length=500, blank=True)
    requested_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["group", "user"], name="group_membership_unique")
        ]
        indexes = [
            models.Index(fields=["user", "status"], name="group_membership_user_idx"),
            models.Index(fields=["group", "status", "role"], name="group_membership_group_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.group}"


class Post(TimeStampedModel):
    """A message in a group's discussion (Markdown, rendered once on save)."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="group_posts",
    )
    organisation = models.ForeignKey(
        "directory.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(max_length=10_000)
    body_html = models.TextField(blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["group", "-created_at"], name="group_post_idx")]

    def __str__(self) -> str:
        return self.body[:60]
