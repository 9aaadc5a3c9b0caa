"""Calendar feeds (iCalendar) and the signed tokens of feeds and badges."""

from django.core import signing
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from cityhive.events.models import Event, Meeting, Registration

FEED_SALT = "cityhive.events.feed"
BADGE_SALT = "cityhive.events.badge"
PRODUCT = "-//CityHive//Events//EN"


def feed_token(user) -> str:
    """The token in a member's personal calendar address (readable without signing in)."""
    return signing.dumps(user.pk, salt=FEED_SALT)


def feed_user_id(token: str) -> int | None:
    """The member a feed token was made for, or None for a tampered token."""
    try:
        return int(signing.loads(token, salt=FEED_SALT))
    except (signing.BadSignature, TypeError, ValueError):
        return None


def badge_token(registration: Registration) -> str:
    """The token in a badge's QR code: it names one registration and cannot be forged."""
    return signing.dumps(registration.pk, salt=BADGE_SALT)


def badge_registration_id(token: str) -> int | None:
    """The registration a badge token names, or None for a tampered token."""
    try:
        return int(signing.loads(token, salt=BADGE_SALT))
    except (signing.BadSignature, TypeError, ValueError):
        return None


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    return calendar


def _event_entry(event: Event, url: str) -> CalendarEvent:
    entry = CalendarEvent()
    entry.add("uid", f"event-{event.pk}@cityhive")
    entry.add("summary", event.title)
    entry.add("dtstart", event.starts_at)
    entry.add("dtend", event.ends_at)
    entry.add("dtstamp", event.updated_at)
    entry.add("location", event.address or event.venue or event.meeting_url)
    entry.add("description", event.summary)
    entry.add("url", url)
    if event.status == "cancelled":
        entry.add("status", "CANCELLED")
    return entry


def _meeting_entry(meeting: Meeting, registration: Registration, url: str) -> CalendarEvent:
    request = meeting.request
    other = request.recipient if request.requester_id == registration.pk else request.requester
    entry = CalendarEvent()
    entry.add("uid", f"meeting-{meeting.pk}@cityhive")
    entry.add("summary", f"{other.user.name or other.user.email} ({other.organisation})")
    entry.add("dtstart", meeting.slot.starts_at)
    entry.add("dtend", meeting.slot.ends_at)
    entry.add("dtstamp", meeting.created_at)
    entry.add("location", f"Table {meeting.table}" if meeting.table else meeting.online_url)
    entry.add("url", url)
    return entry


def event_calendar(event: Event, *, url: str) -> bytes:
    """One event, with its agenda's sessions, as an .ics file."""
    calendar = _calendar(event.title)
    calendar.add_component(_event_entry(event, url))
    for session in event.sessions.all():
        entry = CalendarEvent()
        entry.add("uid", f"session-{session.pk}@cityhive")
        entry.add("summary", session.title)
        entry.add("dtstart", session.starts_at)
        entry.add("dtend", session.ends_at)
        entry.add("dtstamp", event.updated_at)
        entry.add("location", session.room)
        calendar.add_component(entry)
    return calendar.to_ical()


def participant_calendar(registrations, meetings_by_registration, *, url_for) -> bytes:
    """A member's events and meetings as one feed; `url_for(event)` gives each event's address."""
    calendar = _calendar("CityHive")
    for registration in registrations:
        url = url_for(registration.event)
        calendar.add_component(_event_entry(registration.event, url))
        for meeting in meetings_by_registration.get(registration.pk, []):
            calendar.add_component(_meeting_entry(meeting, registration, url))
    return calendar.to_ical()
