"""Group pages: the list, a group with its members and discussion, joining, convening, posting."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cityhive.content.catalogue import Taxonomy
from cityhive.content.forms import errors_show
from cityhive.content.views import facet_display, form_page
from cityhive.core.errors import CoreErrorCode, DomainError, NotFound
from cityhive.core.permissions import require
from cityhive.groups import selectors, services
from cityhive.groups.errors import GroupErrorCode
from cityhive.groups.forms import (
    DecisionForm,
    GroupEditForm,
    GroupFilterForm,
    GroupForm,
    JoinForm,
    PostForm,
)
from cityhive.groups.models import MembershipStatus

PAGE_SIZE = 20
POSTS_SHOWN = 20


def group_list(request):
    form = GroupFilterForm(request.GET)
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    filters = selectors.GroupFilters(
        kind=data.get("kind") or "", query=(data.get("q") or "").strip()
    )
    groups = selectors.group_list_visible_to(actor=request.user, filters=filters)
    page = Paginator(groups, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "can_create": request.user.has_perm("groups.add_group"),
    }
    return render(request, "groups/group_list.html", context)


def _posts_page(request, group):
    posts = selectors.post_list_of(actor=request.user, group=group)
    return Paginator(posts, POSTS_SHOWN).get_page(request.GET.get("page"))


def _detail_context(request, group) -> dict:
    user = request.user
    membership = selectors.membership_of(actor=user, group=group)
    active = membership is not None and membership.status == MembershipStatus.ACTIVE
    pending = membership is not None and membership.status == MembershipStatus.PENDING
    can_read = user.has_perm("groups.read_group", group)
    can_convene = user.has_perm("groups.convene_group", group)
    refusal = selectors.join_refusal(actor=user, group=group)
    may_ask = user.is_authenticated and not (active or pending) and refusal is None
    organisations = selectors.join_organisation_choices(actor=user, group=group)
    return {
        "group": group,
        "facets": facet_display(group, Taxonomy()),
        "conveners": selectors.convener_list_of(group=group),
        "member_count": group.memberships.filter(status=MembershipStatus.ACTIVE).count(),
        "membership": membership,
        "is_member": active,
        "is_pending": pending,
        "refusal": refusal if not (active or pending) else None,
        "join_form": JoinForm(organisations=organisations) if may_ask else None,
        "can_read": can_read,
        "members": list(selectors.member_list_of(actor=user, group=group)) if can_read else [],
        "posts": _posts_page(request, group) if can_read else None,
        "post_form": PostForm() if active else None,
        "can_convene": can_convene,
        "requests": list(selectors.request_list_of(actor=user, group=group)) if can_convene else [],
        "decision_form": DecisionForm(),
        "can_edit": user.has_perm("groups.change_group", group),
    }


def group_detail(request, group_id: int):
    group = selectors.group_get_visible_to(actor=request.user, group_id=group_id)
    return render(request, "groups/group_detail.html", _detail_context(request, group))


@login_required
def group_create(request):
    require(request.user, "groups.add_group", hide=True, code=GroupErrorCode.GROUP_NOT_FOUND)
    form = GroupForm(request.POST or None, taxonomy=Taxonomy())
    if request.method == "POST" and form.is_valid():
        try:
            group = services.group_create(
                actor=request.user,
                fields=form.service_fields(),
                conveners=form.cleaned_data["conveners"],
            )
        except DomainError as error:
            errors_show(form, error)
        else:
            messages.success(request, _("Group created."))
            return redirect("group_detail", group_id=group.pk)
    return form_page(request, "groups/group_form.html", {"form": form})


@login_required
def group_edit(request, group_id: int):
    group = selectors.group_get_managed_by(actor=request.user, group_id=group_id)
    initial = {**GroupForm.initial_from(group), "version": group.version}
    form = GroupEditForm(request.POST or None, initial=initial, taxonomy=Taxonomy())
    if request.method == "POST" and form.is_valid():
        try:
            group = services.group_update(
                actor=request.user,
                group=group,
                version=form.cleaned_data["version"],
                fields=form.service_fields(),
            )
            for person in form.cleaned_data["conveners"]:
                services.convener_appoint(actor=request.user, group=group, user=person)
        except DomainError as error:
            errors_show(form, error)
        else:
            messages.success(request, _("Group saved."))
            return redirect("group_detail", group_id=group.pk)
    return form_page(request, "groups/group_form.html", {"form": form, "group": group})


def _acted(request, group, action, done: str):
    """Run a service; say what happened (or why not) on the group's page. A refused permission
    or a missing object is answered as everywhere else (403, 404)."""
    try:
        action()
    except DomainError as error:
        if isinstance(error, NotFound) or error.code == CoreErrorCode.FORBIDDEN:
            raise
        messages.error(request, error.message)
    else:
        messages.success(request, done)
    return redirect("group_detail", group_id=group.pk)


@login_required
@require_POST
def group_join(request, group_id: int):
    group = selectors.group_get_visible_to(actor=request.user, group_id=group_id)
    organisations = selectors.join_organisation_choices(actor=request.user, group=group)
    form = JoinForm(request.POST, organisations=organisations)
    if not form.is_valid():
        messages.error(request, _("Choose one of your organisations."))
        return redirect("group_detail", group_id=group.pk)
    return _acted(
        request,
        group,
        lambda: services.group_join_request(
            actor=request.user,
            group=group,
            organisation=form.cleaned_data.get("organisation"),
            note=form.cleaned_data["note"],
        ),
        _("Your request was sent to the group's conveners."),
    )


@login_required
@require_POST
def group_leave(request, group_id: int):
    group = selectors.group_get_visible_to(actor=request.user, group_id=group_id)
    services.group_leave(actor=request.user, group=group)
    messages.success(request, _("You left the group."))
    return redirect("group_detail", group_id=group.pk)


@login_required
@require_POST
def group_request_decide(request, group_id: int, group_membership_id: int):
    group = selectors.group_get_convened_by(actor=request.user, group_id=group_id)
    membership = selectors.membership_get_in(
        actor=request.user, group=group, membership_id=group_membership_id
    )
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return HttpResponse(status=400)
    approve = form.cleaned_data["decision"] == "approve"
    return _acted(
        request,
        group,
        lambda: services.group_request_decide(
            actor=request.user,
            membership=membership,
            approve=approve,
            reason=form.cleaned_data["reason"],
        ),
        _("%(person)s is now a member.") % {"person": membership.user}
        if approve
        else _("The request was declined."),
    )


@login_required
@require_POST
def group_member_remove(request, group_id: int, group_membership_id: int):
    group = selectors.group_get_convened_by(actor=request.user, group_id=group_id)
    membership = selectors.membership_get_in(
        actor=request.user, group=group, membership_id=group_membership_id
    )
    return _acted(
        request,
        group,
        lambda: services.group_member_remove(actor=request.user, membership=membership),
        _("%(person)s was removed from the group.") % {"person": membership.user},
    )


@login_required
def group_posts(request, group_id: int):
    """A page of the discussion, for htmx to add below the posts already shown."""
    group = selectors.group_get_visible_to(actor=request.user, group_id=group_id)
    context = {
        "group": group,
        "posts": _posts_page(request, group),
        "can_convene": request.user.has_perm("groups.convene_group", group),
    }
    return render(request, "groups/_posts.html", context)


@login_required
@require_POST
def group_post_create(request, group_id: int):
    group = selectors.group_get_visible_to(actor=request.user, group_id=group_id)
    require(request.user, "groups.post_in_group", group)
    form = PostForm(request.POST)
    if form.is_valid():
        try:
            services.group_post_create(
                actor=request.user, group=group, body=form.cleaned_data["body"]
            )
        except DomainError as error:
            if isinstance(error, NotFound) or error.code == CoreErrorCode.FORBIDDEN:
                raise
            errors_show(form, error)  # also: the member's organisation no longer takes part
        else:
            form = PostForm()
            if not request.htmx:
                messages.success(request, _("Your post is in the discussion."))
                return redirect("group_detail", group_id=group.pk)
    if request.htmx:
        context = {
            "group": group,
            "post_form": form,
            "posts": _posts_page(request, group),
            "can_convene": request.user.has_perm("groups.convene_group", group),
        }
        return render(request, "groups/_discussion.html", context)
    messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("group_detail", group_id=group.pk)


@login_required
@require_POST
def group_post_remove(request, group_id: int, post_id: int):
    group = selectors.group_get_visible_to(actor=request.user, group_id=group_id)
    post = selectors.post_get_in(actor=request.user, group=group, post_id=post_id)
    services.group_post_remove(actor=request.user, post=post)
    messages.success(request, _("The post was removed."))
    return redirect("group_detail", group_id=group.pk)
