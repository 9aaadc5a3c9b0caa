"""The inbox, interests and the buttons on match lists."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_POST

from cityhive.core.errors import DomainError, ValidationFailed
from cityhive.core.forms import apply_errors
from cityhive.core.views import object_button
from cityhive.directory.models import OrganisationKind
from cityhive.directory.permissions import organisation_roles
from cityhive.engagement import selectors, services
from cityhive.engagement.forms import DeclineForm, InterestForm, MatchForm, ProgrammeSettingsForm
from cityhive.engagement.matches import match_item_get_visible_to, match_item_of, match_key
from cityhive.engagement.models import InterestStatus, MatchItemKind
from cityhive.engagement.permissions import introductions_locked_reason


def _item_of(request, reference: str):
    """A match's side from its reference ("solution:7"), as the actor may see it."""
    kind, _, item_id = reference.partition(":")
    if kind not in MatchItemKind.values or not item_id.isdigit() or len(item_id) > 12:
        raise ValidationFailed({"subject": [gettext("This match cannot be found.")]})
    return match_item_get_visible_to(actor=request.user, kind=kind, item_id=int(item_id))


def _back(request, fallback: str):
    target = request.POST.get("next", "")
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return redirect(target if target and allowed else fallback)


def _pending_sent(request, roles) -> dict:
    """The waiting requests the member's organisations sent, read once per page however many
    matches it lists (kept on the request)."""
    pending = getattr(request, "_engagement_pending_sent", None)
    if pending is None:
        pending = selectors.interests_pending_sent_by(organisation_ids=roles)
        request._engagement_pending_sent = pending
    return pending


def _introductions_lock(user, organisation) -> dict | None:
    """Why the member may not ask for introductions for their organisation, and where to go
    about it (company admins apply; other members read the tiers), or None when they may."""
    if user.has_perm("engagement.request_introduction", organisation):
        return None
    can_apply = user.has_perm("partnership.apply_for", organisation)
    tiers_url = ""
    if organisation.kind == OrganisationKind.COMPANY:
        tiers_url = reverse("partnership_tier_list")
    return {
        "reason": introductions_locked_reason(organisation),
        "apply_url": f"{reverse('partnership_apply')}?organisation={organisation.slug}"
        if can_apply
        else "",
        "tiers_url": tiers_url,
    }


def _own_side(user, subject, candidate):
    """The member's organisation among a match's two sides (the first one, if both)."""
    roles = organisation_roles(user)
    mine = [side.owner for side in (subject, candidate) if side.owner.pk in roles]
    return mine[0] if mine else None


def match_actions(request, subject, item) -> str:
    """Buttons under one match for a member of either side: express interest, not relevant."""
    user = request.user
    if not user.is_authenticated:
        return ""
    first, second = match_item_of(subject), match_item_of(item)
    roles = organisation_roles(user)
    mine = [side for side in (first, second) if side.owner.pk in roles]
    if len(mine) != 1:
        return ""  # neither side, or both sides are the member's own
    other = second if mine[0] is first else first
    key = (mine[0].owner.pk, other.owner.pk, match_key(first, second))
    pending = _pending_sent(request, roles).get(key)
    context = {
        "subject_ref": first.key,
        "candidate_ref": second.key,
        "pending": pending,
        "lock": None if pending else _introductions_lock(user, mine[0].owner),
        "next": request.get_full_path(),
    }
    return render_to_string("engagement/_match_actions.html", context, request=request)


@login_required
def inbox(request):
    box = request.GET.get("tab", "received")
    if box not in selectors.BOXES:
        box = "received"
    context = {
        "tab": box,
        "interests": selectors.interest_list_visible_to(actor=request.user, box=box)[:100],
        "pending_count": selectors.interest_pending_count(actor=request.user),
        "conversations": selectors.conversation_list_visible_to(actor=request.user)[:50],
    }
    return render(request, "engagement/inbox.html", context)


@login_required
def interest_create(request):
    source = request.POST if request.method == "POST" else request.GET
    form = InterestForm(source or None, initial=source)
    try:
        subject = _item_of(request, source.get("subject", ""))
        candidate = _item_of(request, source.get("candidate", ""))
    except ValidationFailed:
        return HttpResponseBadRequest(gettext("This match cannot be found."))
    if request.method == "POST" and form.is_valid():
        try:
            interest = services.interest_create(
                actor=request.user,
                subject=subject,
                candidate=candidate,
                message=form.cleaned_data["message"],
            )
        except DomainError as error:
            apply_errors(form, error)
        else:
            messages.success(request, gettext("Your interest was sent."))
            return redirect("interest_detail", interest_id=interest.pk)
    own = _own_side(request.user, subject, candidate)
    context = {
        "form": form,
        "subject": subject,
        "candidate": candidate,
        "lock": _introductions_lock(request.user, own) if own is not None else None,
        "quota_used": services.quota_used(sender=request.user),
        "settings": services.programme_settings_get(),
    }
    status = 200
    if request.method == "POST":
        status = 403 if context["lock"] else 400
    return render(request, "engagement/interest_form.html", context, status=status)


@login_required
@require_POST
def match_not_relevant(request):
    form = MatchForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(gettext("This match cannot be found."))
    subject = _item_of(request, form.cleaned_data["subject"])
    candidate = _item_of(request, form.cleaned_data["candidate"])
    services.match_not_relevant(actor=request.user, subject=subject, candidate=candidate)
    messages.success(request, gettext("Thank you: matches like this one will rank lower for you."))
    return _back(request, reverse("engagement_inbox"))


@login_required
def interest_detail(request, interest_id: int):
    interest = selectors.interest_get_visible_to(actor=request.user, interest_id=interest_id)
    pending = interest.effective_status == InterestStatus.PENDING
    context = {
        "interest": interest,
        "can_answer": pending and request.user.has_perm("engagement.answer_interest", interest),
        "can_withdraw": pending and request.user.has_perm("engagement.withdraw_interest", interest),
        "decline_form": DeclineForm(),
    }
    return render(request, "engagement/interest_detail.html", context)


def _interest(request, interest_id: int):
    return selectors.interest_get_visible_to(actor=request.user, interest_id=interest_id)


def _to_interest(interest) -> str:
    return reverse("interest_detail", args=[interest.pk])


_interest_button = partial(object_button, _interest, "interest", then=_to_interest)
interest_accept = _interest_button(
    services.interest_accept, gettext_lazy("Accepted: you were introduced.")
)
interest_withdraw = _interest_button(
    services.interest_withdraw, gettext_lazy("Your request was withdrawn.")
)
interest_decline = _interest_button(
    services.interest_decline,
    gettext_lazy("The request was declined."),
    permission="engagement.answer_interest",
    form=DeclineForm,
    invalid=gettext_lazy("Choose one of the listed reasons."),
)


@login_required
def programme_settings(request):
    if not request.user.has_perm("engagement.change_settings"):
        raise PermissionDenied
    current = services.programme_settings_get()
    form = ProgrammeSettingsForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        try:
            services.programme_settings_update(actor=request.user, **form.cleaned_data)
        except DomainError as error:
            apply_errors(form, error)
        else:
            messages.success(request, gettext("The programme settings were saved."))
            return redirect("programme_settings")
    status = 400 if form.errors else 200
    return render(request, "engagement/settings.html", {"form": form}, status=status)
