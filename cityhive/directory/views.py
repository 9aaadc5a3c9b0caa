"""Organisation directory, profiles, member management and invitations (HTML)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from cityhive.core.errors import DomainError, ValidationFailed
from cityhive.core.forms import apply_errors
from cityhive.core.links import site_url_of
from cityhive.core.public_cache import public_cache
from cityhive.core.sections import ORGANISATION, sections
from cityhive.core.uploads import file_response
from cityhive.directory import selectors, services
from cityhive.directory.forms import (
    DirectoryFilterForm,
    InvitationForm,
    OrganisationCreateForm,
    OrganisationEditForm,
    RoleForm,
)

PAGE_SIZE = 20


def _filters(form: DirectoryFilterForm) -> selectors.OrganisationFilters:
    if not form.is_valid():
        return selectors.OrganisationFilters()
    data = form.cleaned_data
    verified = {"yes": True, "no": False}.get(data["verified"])
    return selectors.OrganisationFilters(
        query=data["q"].strip(), kind=data["kind"], country=data["country"], verified=verified
    )


@public_cache
def organisation_list(request):
    form = DirectoryFilterForm(request.GET or None)
    organisations = selectors.organisation_list_visible_to(
        actor=request.user, filters=_filters(form)
    )
    page = Paginator(organisations, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query": query.urlencode()}
    template = "directory/_results.html" if request.htmx else "directory/organisation_list.html"
    return render(request, template, context)


@public_cache
def organisation_detail(request, slug: str):
    organisation = selectors.organisation_get_visible_to(actor=request.user, slug=slug)
    context = {
        "organisation": organisation,
        "can_edit": request.user.has_perm("directory.change_organisation", organisation),
        "can_view_members": request.user.has_perm("directory.view_members", organisation),
        "can_verify": request.user.has_perm("directory.verify_organisation", organisation),
        # "solutions", "challenges": contributed by those apps (core.sections)
        **sections(ORGANISATION, user=request.user, organisation=organisation),
    }
    return render(request, "directory/organisation_detail.html", context)


def organisation_logo(request, slug: str):
    organisation = selectors.organisation_get_visible_to(actor=request.user, slug=slug)
    if not organisation.logo:
        raise Http404(gettext("No logo."))
    return file_response(organisation.logo, filename=f"{organisation.slug}-logo")


def _save_with_logo(request, form, save):
    """Run a profile save and an optional logo upload as one all-or-nothing step."""
    try:
        with transaction.atomic():
            organisation = save()
            if form.cleaned_data.get("logo"):
                services.organisation_set_logo(
                    actor=request.user, organisation=organisation, upload=form.cleaned_data["logo"]
                )
        return organisation
    except DomainError as error:
        apply_errors(form, error)
        return None


@login_required
def organisation_create(request):
    form = OrganisationCreateForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        organisation = _save_with_logo(
            request,
            form,
            lambda: services.organisation_create(
                actor=request.user,
                kind=form.cleaned_data["kind"],
                geonames_id=form.cleaned_data["geonames_id"],
                **form.service_fields(),
            ),
        )
        if organisation is not None:
            messages.success(
                request,
                gettext("%(name)s was created. You are its admin.") % {"name": organisation.name},
            )
            return redirect("organisation_detail", slug=organisation.slug)
    status = 400 if form.errors else 200
    return render(request, "directory/organisation_form.html", {"form": form}, status=status)


@login_required
def organisation_edit(request, slug: str):
    organisation = selectors.organisation_get_administered_by(actor=request.user, slug=slug)
    initial = {field: getattr(organisation, field) for field in services.EDITABLE_FIELDS}
    initial.update(country=organisation.country.code or "", version=organisation.version)
    form = OrganisationEditForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = _save_with_logo(
            request,
            form,
            lambda: services.organisation_update(
                actor=request.user,
                organisation=organisation,
                version=form.cleaned_data["version"],
                geonames_id=form.cleaned_data["geonames_id"],
                **form.service_fields(),
            ),
        )
        if saved is not None:
            messages.success(request, gettext("Profile saved."))
            return redirect("organisation_detail", slug=saved.slug)
    context = {"form": form, "organisation": organisation}
    return render(
        request, "directory/organisation_form.html", context, status=400 if form.errors else 200
    )


@login_required
@require_POST
def organisation_verify(request, slug: str):
    organisation = selectors.organisation_get_visible_to(actor=request.user, slug=slug)
    verified = request.POST.get("verified") == "yes"
    services.organisation_verify(actor=request.user, organisation=organisation, verified=verified)
    messages.success(
        request, gettext("Verified badge set.") if verified else gettext("Verified badge removed.")
    )
    return redirect("organisation_detail", slug=slug)


@login_required
def organisation_members(request, slug: str):
    organisation = selectors.organisation_get_visible_to(actor=request.user, slug=slug)
    memberships = selectors.membership_list_visible_to(
        actor=request.user, organisation=organisation
    )
    can_manage = request.user.has_perm("directory.manage_members", organisation)
    form = InvitationForm(request.POST or None)
    sent = None
    if request.method == "POST":
        # Members see the list; only those who manage it may send an invitation.
        selectors.organisation_get_administered_by(actor=request.user, slug=slug)
        if form.is_valid():
            try:
                sent = services.invitation_create(
                    actor=request.user,
                    organisation=organisation,
                    site_url=site_url_of(request),
                    **form.cleaned_data,
                )
                messages.success(
                    request,
                    gettext("Invitation sent to %(email)s.") % {"email": sent.invitation.email},
                )
                return redirect("organisation_members", slug=slug)
            except DomainError as error:
                apply_errors(form, error)
    context = {
        "organisation": organisation,
        "memberships": memberships,
        "invitations": (
            selectors.invitation_list_visible_to(actor=request.user, organisation=organisation)
            if can_manage
            else []
        ),
        "can_manage": can_manage,
        "form": form,
        "role_form": RoleForm(),
    }
    return render(
        request, "directory/organisation_members.html", context, status=400 if form.errors else 200
    )


def _member_action(request, slug: str, action) -> None:
    organisation = selectors.organisation_get_visible_to(actor=request.user, slug=slug)
    try:
        action(organisation)
    except ValidationFailed as error:
        messages.error(request, " ".join(m for ms in error.field_errors.values() for m in ms))
    except DomainError as error:
        if error.status == 409:
            messages.error(request, error.message)
        else:
            raise


@login_required
@require_POST
def membership_role(request, slug: str, membership_id: int):
    _member_action(
        request,
        slug,
        lambda org: services.membership_change_role(
            actor=request.user,
            organisation=org,
            membership_id=membership_id,
            role=request.POST.get("role", ""),
        ),
    )
    return redirect("organisation_members", slug=slug)


@login_required
@require_POST
def membership_remove(request, slug: str, membership_id: int):
    _member_action(
        request,
        slug,
        lambda org: services.membership_remove(
            actor=request.user, organisation=org, membership_id=membership_id
        ),
    )
    if request.user.has_perm(
        "directory.view_members",
        selectors.organisation_get_visible_to(actor=request.user, slug=slug),
    ):
        return redirect("organisation_members", slug=slug)
    return redirect("dashboard")


@login_required
@require_POST
def invitation_revoke(request, slug: str, invitation_id: int):
    _member_action(
        request,
        slug,
        lambda org: services.invitation_revoke(
            actor=request.user, organisation=org, invitation_id=invitation_id
        ),
    )
    messages.success(request, gettext("Invitation withdrawn."))
    return redirect("organisation_members", slug=slug)


@login_required
def invitation_accept(request, token: str):
    invitation = services.invitation_find(token=token)
    error = None
    if request.method == "POST":
        try:
            membership = services.invitation_accept(actor=request.user, token=token)
            messages.success(
                request,
                gettext("Welcome to %(organisation)s.")
                % {"organisation": membership.organisation.name},
            )
            return redirect("organisation_detail", slug=membership.organisation.slug)
        except ValidationFailed as failed:
            error = " ".join(m for ms in failed.field_errors.values() for m in ms)
    context = {"invitation": invitation, "error": error}
    return render(
        request, "directory/invitation_accept.html", context, status=400 if error else 200
    )
