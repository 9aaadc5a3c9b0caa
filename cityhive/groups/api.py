"""Groups, their members and discussion over the API."""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext
from ninja import Query, Status

from cityhive.accounts.auth import public_auth, token_auth
from cityhive.content.api import clean_text, organisation_named
from cityhive.core.api import Limit, Offset, Router, page_of
from cityhive.core.errors import ValidationFailed
from cityhive.groups import selectors, services
from cityhive.groups.schemas import (
    GroupCreateIn,
    GroupDecisionIn,
    GroupDetailOut,
    GroupJoinIn,
    GroupListPage,
    GroupMembershipOut,
    GroupPostIn,
    GroupPostOut,
    GroupQuery,
    GroupUpdateIn,
)

router = Router(auth=token_auth, tags=["groups"])


def _people(emails: list[str]) -> list:
    """The members named by email address; an unknown one is a field error."""
    people = []
    for index, email in enumerate(emails):
        found = get_user_model().objects.filter(email__iexact=clean_text(email)).first()
        if found is None:
            raise ValidationFailed({f"conveners[{index}]": [gettext("unknown member")]})
        people.append(found)
    return people


@router.get("/groups", response=GroupListPage, auth=public_auth)
def group_list(request, params: Query[GroupQuery]):
    """The programme's expert groups, working groups and standard teams"""
    filters = selectors.GroupFilters(
        kind=params.kind, sdg_goal=clean_text(params.sdg), query=clean_text(params.q)
    )
    groups = selectors.group_list_visible_to(actor=request.auth, filters=filters)
    return page_of(groups, offset=params.offset, limit=params.limit)


@router.post("/groups", response={201: GroupDetailOut})
def group_create(request, payload: GroupCreateIn):
    """Create a group and appoint its conveners (programme managers)"""
    conveners = _people(payload.conveners)
    fields = payload.dict(exclude={"conveners"})
    group = services.group_create(actor=request.auth, fields=fields, conveners=conveners)
    return Status(201, group)


@router.get("/groups/{group_id}", response=GroupDetailOut, auth=public_auth)
def group_get(request, group_id: int):
    """One group"""
    return selectors.group_get_visible_to(actor=request.auth, group_id=group_id)


@router.patch("/groups/{group_id}", response=GroupDetailOut)
def group_update(request, group_id: int, payload: GroupUpdateIn):
    """Change a group (programme managers; a stale version is refused)"""
    group = selectors.group_get_managed_by(actor=request.auth, group_id=group_id)
    fields = payload.dict(exclude={"version"}, exclude_none=True)
    return services.group_update(
        actor=request.auth, group=group, version=payload.version, fields=fields
    )


@router.get("/groups/{group_id}/members", response=list[GroupMembershipOut])
def group_member_list(request, group_id: int):
    """The group's members, conveners first (members-only groups: their members)"""
    group = selectors.group_get_visible_to(actor=request.auth, group_id=group_id)
    return selectors.member_list_of(actor=request.auth, group=group)


@router.post("/groups/{group_id}/join", response={201: GroupMembershipOut})
def group_join(request, group_id: int, payload: GroupJoinIn):
    """Ask to join a group (expert groups: for a partner or verified organisation)"""
    group = selectors.group_get_visible_to(actor=request.auth, group_id=group_id)
    organisation = (
        organisation_named(request, payload.organisation, field="organisation")
        if payload.organisation
        else None
    )
    membership = services.group_join_request(
        actor=request.auth, group=group, organisation=organisation, note=payload.note
    )
    return Status(201, membership)


@router.post("/groups/{group_id}/leave", response=GroupMembershipOut)
def group_leave(request, group_id: int):
    """Leave a group, or withdraw your request to join it"""
    group = selectors.group_get_visible_to(actor=request.auth, group_id=group_id)
    return services.group_leave(actor=request.auth, group=group)


@router.get("/groups/{group_id}/requests", response=list[GroupMembershipOut])
def group_request_list(request, group_id: int):
    """Requests to join waiting for a decision (conveners, programme managers)"""
    group = selectors.group_get_convened_by(actor=request.auth, group_id=group_id)
    return selectors.request_list_of(actor=request.auth, group=group)


@router.post(
    "/groups/{group_id}/requests/{group_membership_id}/decision", response=GroupMembershipOut
)
def group_request_decide(
    request, group_id: int, group_membership_id: int, payload: GroupDecisionIn
):
    """Accept or decline a request to join (conveners, programme managers)"""
    group = selectors.group_get_convened_by(actor=request.auth, group_id=group_id)
    membership = selectors.membership_get_in(
        actor=request.auth, group=group, membership_id=group_membership_id
    )
    return services.group_request_decide(
        actor=request.auth, membership=membership, approve=payload.approve, reason=payload.reason
    )


@router.delete("/groups/{group_id}/members/{group_membership_id}", response=GroupMembershipOut)
def group_member_remove(request, group_id: int, group_membership_id: int):
    """Remove a member (conveners; a convener: programme managers)"""
    group = selectors.group_get_convened_by(actor=request.auth, group_id=group_id)
    membership = selectors.membership_get_in(
        actor=request.auth, group=group, membership_id=group_membership_id
    )
    return services.group_member_remove(actor=request.auth, membership=membership)


@router.get("/groups/{group_id}/posts", response=list[GroupPostOut])
def group_post_list(request, group_id: int, offset: Offset = 0, limit: Limit = 20):
    """The group's discussion, newest first (members-only groups: their members)"""
    group = selectors.group_get_visible_to(actor=request.auth, group_id=group_id)
    posts = selectors.post_list_of(actor=request.auth, group=group)
    return list(posts[offset : offset + limit])


@router.post("/groups/{group_id}/posts", response={201: GroupPostOut})
def group_post_create(request, group_id: int, payload: GroupPostIn):
    """Post in the group's discussion (its members; Markdown)"""
    group = selectors.group_get_visible_to(actor=request.auth, group_id=group_id)
    return Status(
        201, services.group_post_create(actor=request.auth, group=group, body=payload.body)
    )


@router.delete("/groups/{group_id}/posts/{post_id}", response=dict)
def group_post_remove(request, group_id: int, post_id: int):
    """Remove a post (its author, the group's conveners, programme managers)"""
    group = selectors.group_get_visible_to(actor=request.auth, group_id=group_id)
    post = selectors.post_get_in(actor=request.auth, group=group, post_id=post_id)
    services.group_post_remove(actor=request.auth, post=post)
    return {"removed": post_id}
