"""Event pages: the calendar, an event, organising it, registering, badges and 1:1 meetings."""

import zoneinfo

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseNotFound
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from cityhive.challenges.models import Challenge, ChallengeStatus, Visibility
from cityhive.content.catalogue import Taxonomy
from cityhive.content.forms import errors_show
from cityhive.content.views import facet_display, form_page
from cityhive.core.charts import bars
from cityhive.core.errors import DomainError
from cityhive.core.links import site_url_of
from cityhive.core.permissions import require
from cityhive.directory.models import Organisation
from cityhive.events import calendar, meetings, selectors, services
from cityhive.events.forms import (
    EventCreateForm,
    EventEditForm,
    EventFilterForm,
    EventForm,
    MeetingRequestForm,
    RegistrationForm,
    SessionForm,
    SlotsForm,
)
from cityhive.events.models import (
    EventStatus,
    MeetingMode,
    MeetingRequestStatus,
    MeetingSlot,
    Registration,
    RegistrationStatus,
)
from cityhive.events.suggestions import meeting_suggestions
from cityhive.partnership.models import Unlock
from cityhive.partnership.selectors import organisations_with_unlock
from cityhive.solutions.selectors import solution_list_published

PAGE_SIZE = 20


def _local(form_value, event):
    """A naive picker value read in the event's time zone."""
    return form_value.replace(tzinfo=None).replace(tzinfo=zoneinfo.ZoneInfo(event.time_zone))


def event_list(request):
    form = EventFilterForm(request.GET)
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    filters = selectors.EventFilters(
        when=data.get("when") or "upcoming",
        format=data.get("format") or "",
        query=(data.get("q") or "").strip(),
    )
    events = selectors.event_list_visible_to(actor=request.user, filters=filters)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "can_create": request.user.is_authenticated and _organiser_choices(request.user).exists(),
        "feed_url": _feed_url(request),
    }
    return render(request, "events/event_list.html", context)


def _absolute(request, path: str) -> str:
    return site_url_of(request) + path


def _feed_url(request) -> str | None:
    if not request.user.is_authenticated:
        return None
    return _absolute(request, reverse("event_feed", args=[calendar.feed_token(request.user)]))


def _organiser_choices(user):
    return Organisation.objects.filter(memberships__user=user).order_by("name")


def event_detail(request, event_id: int):
    event = selectors.event_get_visible_to(actor=request.user, event_id=event_id)
    registration = selectors.registration_of(actor=request.user, event=event)
    context = {
        "event": event,
        "facets": facet_display(event, Taxonomy()),
        "sessions": list(event.sessions.all()),
        "registration": registration,
        "places_taken": event.registrations.filter(
            status__in=[RegistrationStatus.CONFIRMED, RegistrationStatus.PENDING]
        ).count(),
        "can_organise": request.user.has_perm("events.change_event", event),
        "can_approve": request.user.has_perm("events.approve_event", event)
        and event.status == EventStatus.SUBMITTED,
        "is_participant": registration is not None
        and registration.status == RegistrationStatus.CONFIRMED,
        "ics_url": reverse("event_ics", args=[event.pk]),
    }
    return render(request, "events/event_detail.html", context)


@login_required
def event_create(request):
    organisations = _organiser_choices(request.user)
    taxonomy = Taxonomy()
    form = EventCreateForm(request.POST or None, taxonomy=taxonomy, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        fields = form.service_fields()
        organiser = fields.pop("organiser")
        try:
            event = services.event_create(actor=request.user, organiser=organiser, fields=fields)
        except DomainError as error:
            errors_show(form, error)
        else:
            messages.success(request, _("Event saved as a draft."))
            return redirect("event_detail", event_id=event.pk)
    return form_page(request, "events/event_form.html", {"form": form})


@login_required
def event_edit(request, event_id: int):
    event = selectors.event_get_organised_by(actor=request.user, event_id=event_id)
    taxonomy = Taxonomy()
    initial = {**EventForm.initial_from(event), "version": event.version}
    form = EventEditForm(request.POST or None, initial=initial, taxonomy=taxonomy)
    if request.method == "POST" and form.is_valid():
        try:
            services.event_update(
                actor=request.user,
                event=event,
                version=form.cleaned_data["version"],
                fields=form.service_fields(),
            )
        except DomainError as error:
            errors_show(form, error)
        else:
            messages.success(request, _("Event saved."))
            return redirect("event_detail", event_id=event.pk)
    return form_page(request, "events/event_form.html", {"form": form, "event": event})


@login_required
@require_POST
def event_status(request, event_id: int):
    event = selectors.event_get_visible_to(actor=request.user, event_id=event_id)
    action = request.POST.get("action")
    permission = "events.approve_event" if action == "approve" else "events.change_event"
    require(request.user, permission, event)
    change = {
        "submit": (services.event_submit, _("Sent to the programme for approval.")),
        "approve": (services.event_approve, _("Event published.")),
        "cancel": (services.event_cancel, _("Event cancelled.")),
    }.get(action)
    if change is None:
        return HttpResponse(status=400)
    service, text = change
    try:
        service(actor=request.user, event=event)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        if event.status == EventStatus.PUBLISHED and action == "submit":
            text = _("Event published.")
        messages.success(request, text)
    return redirect("event_detail", event_id=event.pk)


@login_required
def event_register(request, event_id: int):
    event = selectors.event_get_visible_to(actor=request.user, event_id=event_id)
    organisations = _organiser_choices(request.user)
    form = RegistrationForm(
        request.POST or None,
        organisations=organisations,
        solutions=solution_list_published().filter(provider__in=organisations),
        challenges=Challenge.objects.filter(
            city__in=organisations, status=ChallengeStatus.OPEN, visibility=Visibility.PUBLIC
        ),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            registration = services.registration_create(
                actor=request.user,
                event=event,
                organisation=data["organisation"],
                offer=data["offer"],
                seek=data["seek"],
                solution_ids=[s.pk for s in data.get("solutions") or []],
                challenge_ids=[c.pk for c in data.get("challenges") or []],
            )
        except DomainError as error:
            errors_show(form, error)
        else:
            messages.success(request, _registered_text(registration))
            return redirect("event_detail", event_id=event.pk)
    context = {"form": form, "event": event, "has_organisations": organisations.exists()}
    return form_page(request, "events/registration_form.html", context)


def _registered_text(registration: Registration) -> str:
    return {
        RegistrationStatus.CONFIRMED: _("You are registered."),
        RegistrationStatus.PENDING: _("Registered: the organiser will confirm your place."),
        RegistrationStatus.WAITLISTED: _("The event is full: you are on the waiting list."),
    }.get(registration.status, _("Registration saved."))


@login_required
@require_POST
def registration_cancel(request, registration_id: int):
    registration = selectors.registration_get_own(
        actor=request.user, registration_id=registration_id
    )
    services.registration_cancel(actor=request.user, registration=registration)
    messages.success(request, _("Your registration is cancelled."))
    return redirect("event_detail", event_id=registration.event_id)


@login_required
def event_manage(request, event_id: int):
    event = selectors.event_get_organised_by(actor=request.user, event_id=event_id)
    session_form = SessionForm(prefix="session")
    slots_form = SlotsForm(prefix="slots")
    if request.method == "POST":
        if "session-title" in request.POST:
            session_form = SessionForm(request.POST, prefix="session")
            if _session_add(request, event, session_form):
                return redirect("event_manage", event_id=event.pk)
        elif "slots-first" in request.POST:
            slots_form = SlotsForm(request.POST, prefix="slots")
            if _slots_add(request, event, slots_form):
                return redirect("event_manage", event_id=event.pk)
    context = {
        "event": event,
        "registrations": selectors.registration_list_for(actor=request.user, event=event),
        "sessions": list(event.sessions.all()),
        "slots": list(event.meeting_slots.all()),
        "meetings": list(selectors.meetings_of_event(actor=request.user, event=event)),
        "unpublished": selectors.meetings_of_event(actor=request.user, event=event)
        .filter(published=False)
        .count(),
        "stat_chart": _stat_chart(selectors.event_meeting_stats(event=event)),
        "waiting": selectors.accepted_without_meeting(event=event),
        "session_form": session_form,
        "slots_form": slots_form,
        "is_batch": event.meeting_mode == MeetingMode.BATCH,
    }
    failed = bool(session_form.errors or slots_form.errors)
    return render(request, "events/event_manage.html", context, status=400 if failed else 200)


def _stat_chart(stats: dict) -> dict:
    labels = {
        "confirmed": _("Registered"),
        "checked_in": _("Checked in"),
        "requested": _("Meetings requested"),
        "from_matches": _("Requested from a suggested match"),
        "accepted": _("Requests accepted"),
        "scheduled": _("Meetings scheduled"),
        "held": _("Meetings held"),
    }
    return bars([(label, stats[key]) for key, label in labels.items()])


def _session_add(request, event, form) -> bool:
    if not form.is_valid():
        return False
    data = form.cleaned_data
    try:
        services.session_add(
            actor=request.user,
            event=event,
            title=data["title"],
            starts_at=_local(data["starts_at"], event),
            ends_at=_local(data["ends_at"], event),
            room=data["room"],
            speakers=data["speakers"],
        )
    except DomainError as error:
        errors_show(form, error)
        return False
    messages.success(request, _("Session added to the agenda."))
    return True


def _slots_add(request, event, form) -> bool:
    if not form.is_valid():
        return False
    data = form.cleaned_data
    try:
        services.slots_generate(
            actor=request.user,
            event=event,
            first=_local(data["first"], event),
            count=data["count"],
            minutes=data["minutes"],
        )
    except DomainError as error:
        errors_show(form, error)
        return False
    messages.success(request, _("Meeting slots added."))
    return True


@login_required
@require_POST
def registration_decide(request, event_id: int, registration_id: int):
    event = selectors.event_get_organised_by(actor=request.user, event_id=event_id)
    registration = selectors.registration_get_for(
        actor=request.user, event=event, registration_id=registration_id
    )
    approve = request.POST.get("decision") == "approve"
    try:
        services.registration_decide(actor=request.user, registration=registration, approve=approve)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Registration approved.") if approve else _("Declined."))
    return redirect("event_manage", event_id=event.pk)


@login_required
@require_POST
def meetings_schedule(request, event_id: int):
    event = selectors.event_get_organised_by(actor=request.user, event_id=event_id)
    run = meetings.meetings_schedule(actor=request.user, event=event)
    left = selectors.accepted_without_meeting(event=event)
    placed = ngettext(
        "%(count)d meeting scheduled, not yet published.",
        "%(count)d meetings scheduled, not yet published.",
        len(run.meetings),
    ) % {"count": len(run.meetings)}
    unplaced = ngettext(
        "%(count)d accepted request found no common free slot.",
        "%(count)d accepted requests found no common free slot.",
        left,
    ) % {"count": left}
    check = _("Check them, move any by hand, then publish.")
    messages.success(request, f"{placed} {unplaced} {check}")
    return redirect("event_manage", event_id=event.pk)


@login_required
@require_POST
def meetings_publish(request, event_id: int):
    event = selectors.event_get_organised_by(actor=request.user, event_id=event_id)
    count = meetings.meetings_publish(actor=request.user, event=event)
    messages.success(
        request,
        ngettext(
            "%(count)d meeting published; the participants are told.",
            "%(count)d meetings published; the participants are told.",
            count,
        )
        % {"count": count},
    )
    return redirect("event_manage", event_id=event.pk)


@login_required
@require_POST
def meeting_move(request, event_id: int, meeting_id: int):
    event = selectors.event_get_organised_by(actor=request.user, event_id=event_id)
    meeting = selectors.meetings_of_event(actor=request.user, event=event).filter(pk=meeting_id)
    slot = MeetingSlot.objects.filter(event=event, pk=request.POST.get("slot") or 0).first()
    table = request.POST.get("table", "")
    try:
        if not meeting.exists() or slot is None or not (table == "" or table.isdigit()):
            raise DomainError(_("Choose a time and a table."))
        meetings.meeting_move(
            actor=request.user,
            meeting=meeting.get(),
            slot=slot,
            table=int(table) if table else None,
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Meeting moved and pinned."))
    return redirect("event_manage", event_id=event.pk)


def event_ics(request, event_id: int):
    event = selectors.event_get_visible_to(actor=request.user, event_id=event_id)
    url = _absolute(request, reverse("event_detail", args=[event.pk]))
    body = calendar.event_calendar(event, url=url)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="event-{event.pk}.ics"'
    return response


def event_feed(request, token: str):
    """A member's events and meetings, for a calendar app (the token stands in for signing in)."""
    user_id = calendar.feed_user_id(token)
    if user_id is None:
        return HttpResponseNotFound()
    registrations = list(
        Registration.objects.filter(user_id=user_id, status=RegistrationStatus.CONFIRMED)
        .select_related("event")
        .order_by("event__starts_at")
    )
    by_registration = {r.pk: list(selectors.meetings_of(registration=r)) for r in registrations}
    body = calendar.participant_calendar(
        registrations,
        by_registration,
        url_for=lambda event: _absolute(request, reverse("event_detail", args=[event.pk])),
    )
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")


@login_required
def badge(request, registration_id: int):
    registration = selectors.registration_get_own(
        actor=request.user, registration_id=registration_id
    )
    check_in_url = _absolute(
        request, reverse("check_in", args=[calendar.badge_token(registration)])
    )
    qr = segno.make(check_in_url, error="m").svg_inline(scale=5, title=_("Check-in code"))
    context = {"registration": registration, "qr": qr, "check_in_url": check_in_url}
    return render(request, "events/badge.html", context)


@login_required
def check_in(request, token: str):
    registration_id = calendar.badge_registration_id(token)
    registration = (
        Registration.objects.filter(pk=registration_id)
        .select_related("event", "user", "organisation")
        .first()
    )
    if registration is None or not request.user.has_perm("events.change_event", registration.event):
        return HttpResponseNotFound(_("This badge is not valid for an event you organise."))
    if request.method == "POST":
        try:
            services.registration_check_in(actor=request.user, registration=registration)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Checked in."))
    return render(request, "events/check_in.html", {"registration": registration})


# --- 1:1 meetings -------------------------------------------------------------------------------


@login_required
def event_meetings(request, event_id: int):
    event = selectors.event_get_visible_to(actor=request.user, event_id=event_id)
    registration = selectors.registration_of(actor=request.user, event=event)
    if registration is None or registration.status != RegistrationStatus.CONFIRMED:
        messages.info(request, _("Meetings are for confirmed participants."))
        return redirect("event_detail", event_id=event.pk)
    if request.method == "POST":
        slot_ids = [int(pk) for pk in request.POST.getlist("slots") if pk.isdigit()]
        services.availability_set(actor=request.user, registration=registration, slot_ids=slot_ids)
        messages.success(request, _("Your free times are saved."))
        return redirect("event_meetings", event_id=event.pk)
    requests = list(selectors.meeting_requests_of(registration=registration))
    asked = {r.recipient_id for r in requests if r.requester_id == registration.pk}
    free = set(registration.availability.values_list("slot_id", flat=True))
    participants = list(
        selectors.participant_list(actor=request.user, event=event)
        .exclude(pk=registration.pk)
        .prefetch_related("solutions", "challenges")
    )
    featured = organisations_with_unlock(
        {p.organisation_id for p in participants}, Unlock.FEATURED_AT_EVENTS
    )
    participants.sort(key=lambda p: (p.organisation_id not in featured, p.organisation.name))
    context = {
        "event": event,
        "registration": registration,
        "suggestions": [
            s
            for s in meeting_suggestions(actor=request.user, registration=registration)
            if s.registration.pk not in asked
        ],
        "participants": participants,
        "featured": featured,
        "requests": requests,
        "slots": list(MeetingSlot.objects.filter(event=event)),
        "free": free,
        "request_form": MeetingRequestForm(),
        "self_service": event.meeting_mode == MeetingMode.SELF_SERVICE,
        "now": timezone.now(),
        "pending": MeetingRequestStatus.PENDING,
        "accepted": MeetingRequestStatus.ACCEPTED,
    }
    return render(request, "events/meetings.html", context)


@login_required
@require_POST
def meeting_request_create(request, event_id: int):
    event = selectors.event_get_visible_to(actor=request.user, event_id=event_id)
    registration = selectors.registration_of(actor=request.user, event=event)
    form = MeetingRequestForm(request.POST)
    if registration is None or not form.is_valid():
        messages.error(request, _("The request could not be sent."))
        return redirect("event_meetings", event_id=event.pk)
    recipient = (
        selectors.participant_list(actor=request.user, event=event)
        .filter(pk=form.cleaned_data["recipient"])
        .first()
    )
    suggestion_scores = {
        s.registration.pk: s.score
        for s in meeting_suggestions(actor=request.user, registration=registration, top=100)
    }
    try:
        if recipient is None:
            raise DomainError(_("Choose a confirmed participant of this event."))
        meetings.meeting_request_create(
            actor=request.user,
            requester=registration,
            recipient=recipient,
            message=form.cleaned_data["message"],
            priority=form.cleaned_data["priority"],
            score=suggestion_scores.get(recipient.pk, 0.0),
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Meeting request sent."))
    return redirect("event_meetings", event_id=event.pk)


def _after_the_meeting(request, meeting_request, action: str) -> None:
    meeting = (
        selectors.meetings_of(registration=meeting_request.requester)
        .filter(request=meeting_request)
        .first()
    )
    if meeting is None:
        raise DomainError(_("This request has no meeting."))
    if action == "follow_up":
        introduction = meetings.meeting_follow_up(actor=request.user, meeting=meeting)
        messages.info(request, _("Introduction made: %(name)s") % {"name": introduction})
    else:
        meetings.meeting_outcome_set(actor=request.user, meeting=meeting, outcome=action)


@login_required
@require_POST
def meeting_request_action(request, request_id: int):
    meeting_request = selectors.meeting_request_get(actor=request.user, request_id=request_id)
    action = request.POST.get("action")
    try:
        if action in ("accept", "decline"):
            meetings.meeting_request_answer(
                actor=request.user,
                request=meeting_request,
                accept=action == "accept",
                reason=request.POST.get("reason", ""),
            )
        elif action == "cancel":
            meetings.meeting_request_cancel(actor=request.user, request=meeting_request)
        elif action in ("held", "no_show", "follow_up"):
            _after_the_meeting(request, meeting_request, action)
        elif action == "book":
            slot = MeetingSlot.objects.filter(
                event_id=meeting_request.event_id, pk=request.POST.get("slot") or 0
            ).first()
            if slot is None:
                raise DomainError(_("Choose a time."))
            meetings.meeting_book(actor=request.user, request=meeting_request, slot=slot)
        else:
            return HttpResponse(status=400)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Done."))
    return redirect("event_meetings", event_id=meeting_request.event_id)
