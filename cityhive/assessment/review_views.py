"""A city's review of its derived needs, and its gaps turned into challenges."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from cityhive.assessment import gaps, needs
from cityhive.assessment.views import assessment_shown, city_for
from cityhive.challenges import services as challenge_services
from cityhive.challenges.selectors import challenge_get_editable_by
from cityhive.core.errors import DomainError, Forbidden
from cityhive.taxonomy.selectors import facet_labels


@login_required
def assessment_needs(request, slug: str):
    city = city_for(request, slug, "challenges.change_needs")
    if request.method == "POST":
        try:
            _needs_save(request, city)
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("assessment_needs", slug=city.slug)
        if request.POST.get("action") == "apply":
            needs.derived_needs_apply(actor=request.user, city=city)
            messages.success(request, _("Your needs profile was updated."))
            return redirect("organisation_detail", slug=city.slug)
        messages.success(request, _("Your review was saved."))
        return redirect("assessment_needs", slug=city.slug)
    derived = needs.derived_need_list(actor=request.user, city=city)
    merged = needs.needs_merged(actor=request.user, city=city)
    keys = {(d.facet, d.value) for d in derived} | {(m.facet, m.value) for m in merged}
    context = {
        "city": city,
        "derived": derived,
        "merged": merged,
        "labels": {f"{f}:{v}": label for (f, v), label in facet_labels(keys).items()},
    }
    return render(request, "assessment/needs.html", context)


def _needs_save(request, city) -> None:
    adjustments = []
    for derived in needs.derived_need_list(actor=request.user, city=city):
        weight = request.POST.get(f"weight-{derived.pk}", "").strip()
        try:
            chosen = float(weight.replace(",", ".")) if weight else None
        except ValueError:
            chosen = weight
        if chosen is not None and chosen == derived.weight:
            chosen = None
        adjustments.append(
            {
                "facet": derived.facet,
                "value": derived.value,
                "weight": chosen,
                "excluded": request.POST.get(f"exclude-{derived.pk}") == "on",
            }
        )
    needs.derived_needs_adjust(actor=request.user, city=city, adjustments=adjustments)


@login_required
def assessment_gaps(request, slug: str):
    city = city_for(request, slug, "assessment.add_assessment_for")
    assessment = assessment_shown(request, city)
    if request.method == "POST" and assessment is not None:
        return _gap_action(request, city, assessment)
    found = gaps.gap_list(actor=request.user, assessment=assessment) if assessment else []
    return render(
        request,
        "assessment/gaps.html",
        {"city": city, "assessment": assessment, "gaps": found},
    )


def _gap_action(request, city, assessment):
    back = f"{reverse('assessment_gaps', args=[city.slug])}?year={assessment.year}"
    try:
        if request.POST.get("action") == "publish":
            challenge = challenge_get_editable_by(
                actor=request.user, challenge_id=int(request.POST.get("challenge", "0") or 0)
            )
            challenge_services.challenge_update(
                actor=request.user,
                challenge=challenge,
                version=challenge.version,
                fields={"status": "open"},
            )
            messages.success(request, _("“%(title)s” is published.") % {"title": challenge.title})
            return redirect("challenge_detail", challenge_id=challenge.pk)
        challenge = gaps.gap_challenge_draft(
            actor=request.user,
            assessment=assessment,
            kind=request.POST.get("kind", ""),
            code=request.POST.get("code", ""),
        )
        messages.success(request, _("A draft challenge was written: edit it, then publish it."))
    except (DomainError, ValueError) as error:
        if isinstance(error, Forbidden):
            raise
        messages.error(request, getattr(error, "message", _("That gap was not found.")))
    return redirect(back)
