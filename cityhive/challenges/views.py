"""City challenges and needs profiles (HTML)."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cityhive.challenges import selectors, services
from cityhive.challenges.catalogue import challenge_city_list_for
from cityhive.challenges.forms import (
    ChallengeCreateForm,
    ChallengeEditForm,
    ChallengeFilterForm,
    ImportanceRowForm,
    NeedRowForm,
    NeedsForm,
)
from cityhive.challenges.models import Visibility
from cityhive.challenges.permissions import needs_visibility_of
from cityhive.content.catalogue import FACET_NAMES, Taxonomy
from cityhive.content.forms import errors_show, rows_formset
from cityhive.content.views import (
    address_rows,
    catalogue_page,
    facet_display,
    form_page,
    form_save,
    versioned_edit,
)
from cityhive.core.errors import DomainError
from cityhive.core.public_cache import public_cache
from cityhive.core.sections import first_few, sections
from cityhive.directory.models import OrganisationKind
from cityhive.directory.selectors import organisation_get_visible_to

# Actions other apps offer on a challenge's page (e.g. "Respond to this challenge"):
# provider(request, challenge) -> HTML.
CHALLENGE_ACTIONS = "challenge_actions"


@public_cache
def challenge_list(request):
    taxonomy = Taxonomy()
    form = ChallengeFilterForm(request.GET, taxonomy=taxonomy)
    filters = form.filters()
    city = None
    if form.cleaned_data.get("city"):
        city = organisation_get_visible_to(actor=request.user, slug=form.cleaned_data["city"])
        filters = form.filters(city_id=city.pk)
    challenges = selectors.challenge_list_visible_to(actor=request.user, filters=filters)
    hidden = selectors.challenge_hidden_count_for(actor=request.user)
    return catalogue_page(
        request,
        queryset=challenges,
        context={"form": form, "city": city, "hidden": hidden, "partner_url": _partner_url()},
        templates=("challenges/challenge_list.html", "challenges/_results.html"),
    )


def _partner_url() -> str:
    """Where an organisation applies to become a programme partner (the partner directory while
    the programme has no application page)."""
    for name in ("partnership_apply", "partner_directory"):
        try:
            return reverse(name)
        except NoReverseMatch:
            continue
    return ""


@public_cache
def challenge_detail(request, challenge_id: int):
    challenge = selectors.challenge_get_visible_to(actor=request.user, challenge_id=challenge_id)
    context = {
        "challenge": challenge,
        "facets": facet_display(challenge, Taxonomy()),
        "can_edit": request.user.has_perm("challenges.change_challenge", challenge),
        "actions": sections(CHALLENGE_ACTIONS, request=request, challenge=challenge),
    }
    return render(request, "challenges/challenge_detail.html", context)


def _saved(request, challenge, created: bool):
    state = challenge.get_status_display().lower()
    message = (
        gettext("“%(title)s” was created (%(state)s).")
        if created
        else gettext("“%(title)s” was saved (%(state)s).")
    )
    messages.success(request, message % {"title": challenge.title, "state": state})
    return redirect("challenge_detail", challenge_id=challenge.pk)


@login_required
def challenge_create(request):
    cities = challenge_city_list_for(actor=request.user)
    if not cities.exists():
        return render(request, "challenges/challenge_form.html", {"no_city": True}, status=403)
    taxonomy = Taxonomy()
    data = request.POST if request.method == "POST" else None
    initial = {"city": request.GET.get("city")}
    form = ChallengeCreateForm(data, initial=initial, cities=cities, taxonomy=taxonomy)
    addresses = address_rows(request, row_form=ImportanceRowForm)
    if request.method == "POST":
        challenge = form_save(
            form,
            addresses,
            lambda fields: services.challenge_create(
                actor=request.user, city=form.cleaned_data["city"], fields=fields
            ),
        )
        if challenge is not None:
            return _saved(request, challenge, created=True)
    context = {"form": form, "rows": {"addresses": addresses}, "taxonomy": taxonomy}
    return form_page(request, "challenges/challenge_form.html", context)


@login_required
def challenge_edit(request, challenge_id: int):
    challenge = selectors.challenge_get_editable_by(actor=request.user, challenge_id=challenge_id)
    saved, context = versioned_edit(
        request,
        item=challenge,
        data=services.challenge_data(challenge),
        form_class=ChallengeEditForm,
        row_form=ImportanceRowForm,
        update=lambda **change: services.challenge_update(
            actor=request.user, challenge=challenge, **change
        ),
        current_version=lambda: (
            selectors.challenge_get_visible_to(
                actor=request.user, challenge_id=challenge.pk
            ).version
        ),
    )
    if saved is not None:
        return _saved(request, saved, created=False)
    context["challenge"] = challenge
    return form_page(request, "challenges/challenge_form.html", context)


@login_required
def needs_edit(request, slug: str):
    city = selectors.needs_city_get_editable_by(actor=request.user, slug=slug)
    current = selectors.needs_list_visible_to(actor=request.user, city=city)
    initial = [
        {"facet": n.facet, "value": n.value, "weight": n.weight, "source": n.source}
        for n in current
    ]
    data = request.POST if request.method == "POST" else None
    visibility = selectors.needs_visibility_get(actor=request.user, city=city)
    form = NeedsForm(data, initial={"visibility": visibility})
    rows = rows_formset(NeedRowForm, prefix="items", data=data, initial=initial)
    if request.method == "POST" and form.is_valid() and rows.is_valid():
        try:
            services.needs_replace(
                actor=request.user,
                city=city,
                items=rows.items(),
                visibility=form.cleaned_data["visibility"],
            )
            messages.success(request, gettext("Needs profile saved."))
            return redirect("organisation_detail", slug=city.slug)
        except DomainError as error:
            errors_show(form, error, rows={"items": rows})
    context = {
        "form": form,
        "rows": {"items": rows},
        "city": city,
        "taxonomy": Taxonomy(),
        "facet_names": FACET_NAMES,
    }
    return form_page(request, "challenges/needs_form.html", context)


def tagged_section(user, facet: str, value: str) -> dict:
    """Challenges the user may see tagged with one facet value, for that value's page (a few)."""
    challenges = selectors.challenge_list_visible_to(
        actor=user, filters=selectors.ChallengeFilters(**{facet: value})
    )
    shown, count = first_few(challenges)
    return {
        "challenges": shown,
        "challenge_count": count,
        "challenges_url": f"{reverse('challenge_list')}?{urlencode({facet: value})}",
    }


# Who a city's needs profile is shared with, in words, for those it is not shared with.
NEEDS_AUDIENCE = {
    Visibility.PUBLIC: _("everyone"),
    Visibility.PARTNERS: _("members of verified partner organisations"),
    Visibility.PRIVATE: _("its own members and the programme managers"),
}


def organisation_sections(user, organisation) -> dict:
    """What a city's page shows: its challenges, and its needs profile to those who may see it."""
    if organisation.kind != OrganisationKind.CITY:
        return {}
    challenges = selectors.challenge_list_visible_to(
        actor=user, filters=selectors.ChallengeFilters(city_id=organisation.pk)
    )
    shown, count = first_few(challenges)
    sections = {
        "challenges": shown,
        "challenge_count": count,
        "can_add_challenge": user.has_perm("challenges.add_challenge_for", organisation),
        "can_view_needs": user.has_perm("challenges.view_needs", organisation),
        "can_edit_needs": user.has_perm("challenges.change_needs", organisation),
        "needs_shared_with": NEEDS_AUDIENCE[needs_visibility_of(organisation)],
    }
    if sections["can_view_needs"]:
        taxonomy = Taxonomy()
        needs = selectors.needs_list_visible_to(actor=user, city=organisation)
        sections["needs"] = [
            {
                "facet": FACET_NAMES.get(need.facet, need.facet),
                "label": taxonomy.label(need.facet, need.value),
                "weight": need.weight,
                "source": need.get_source_display(),
            }
            for need in needs
        ]
    return sections
