"""Demo seeds: an upcoming hybrid matchmaking event with an agenda and meeting slots, organised by
the first demo city, with the demo companies and the other demo cities registered (through the
services, so it looks as it would after people used it; idempotent)."""

import datetime

from django.utils import timezone

from cityhive.core.actors import SYSTEM
from cityhive.directory.models import Organisation, OrganisationKind
from cityhive.directory.seeds import demo_admin, demo_organisations
from cityhive.events import services
from cityhive.events.models import Event, EventFormat, MeetingMode, Registration

DEMO_EVENT = "demo:event:resilient-cities-matchmaking"


def _event(organiser: Organisation) -> Event:
    start = (timezone.now() + datetime.timedelta(days=21)).replace(
        hour=8, minute=0, second=0, microsecond=0
    )
    event = services.event_create(
        actor=SYSTEM,
        organiser=organiser,
        fields={
            "title": "Resilient cities matchmaking (demo)",
            "summary": "A day of talks and 1:1 meetings between cities, companies and financiers "
            "on floods, heat and water.",
            "description": "Cities present their challenges in the morning; in the afternoon "
            "participants meet the organisations their matches point to.",
            "format": EventFormat.HYBRID,
            "venue": f"{organiser.name} city hall",
            "meeting_url": "https://meet.example.org/resilient-cities",
            "time_zone": "UTC",
            "starts_at": start,
            "ends_at": start + datetime.timedelta(hours=9),
            "capacity": 120,
            "meeting_mode": MeetingMode.BATCH,
            "meeting_tables": 20,
            "sdg_targets": ["11.5", "13.1"],
        },
    )
    event.external_id = DEMO_EVENT
    event.is_demo = True
    event.save(update_fields=["external_id", "is_demo"])
    services.event_approve(actor=SYSTEM, event=event)
    for hour, title in ((0, "Welcome and the cities' challenges"), (2, "Financing resilience")):
        services.session_add(
            actor=SYSTEM,
            event=event,
            title=title,
            starts_at=start + datetime.timedelta(hours=hour),
            ends_at=start + datetime.timedelta(hours=hour + 1, minutes=30),
            room="Main hall",
        )
    services.slots_generate(
        actor=SYSTEM, event=event, first=start + datetime.timedelta(hours=5), count=8, minutes=20
    )
    return event


def events_demo_seed() -> str:
    """Seed the demo event once; say what was done."""
    if Event.objects.filter(external_id=DEMO_EVENT).exists():
        return "already there"
    cities = demo_organisations(OrganisationKind.CITY)
    if not cities:
        return "no demo city"
    event = _event(cities[0])
    registered = 0
    for organisation in [*cities[1:], *demo_organisations(OrganisationKind.COMPANY)]:
        user = demo_admin(organisation)
        if user is None or Registration.objects.filter(event=event, user=user).exists():
            continue
        services.registration_create(actor=user, event=event, organisation=organisation)
        registered += 1
    return f"one event, {registered} registrations"
