"""The checks an event's fields pass, from a form, the API or a script: one message per field."""

import datetime
import zoneinfo

from django.utils.translation import gettext as _

from cityhive.core.checks import FieldErrors, add_error
from cityhive.core.storable import storable_check
from cityhive.events.models import Event, EventFormat, EventVisibility, MeetingMode
from cityhive.taxonomy.vocabulary import Vocabulary

EVENT_FIELDS = (
    "title",
    "summary",
    "description",
    "format",
    "venue",
    "address",
    "meeting_url",
    "time_zone",
    "starts_at",
    "ends_at",
    "registration_opens_at",
    "registration_closes_at",
    "capacity",
    "requires_approval",
    "visibility",
    "meeting_mode",
    "meeting_tables",
    "categories",
    "sdg_targets",
    "kpis",
)
REQUIRED = ("title", "format", "starts_at", "ends_at")
CODE_LISTS = (("categories", "category"), ("sdg_targets", "sdg_target"), ("kpis", "kpi"))


def event_check(data: dict, *, vocabulary: Vocabulary) -> FieldErrors:
    """Problems of an event's fields (all of them, for a new event; the changed ones otherwise)."""
    errors = storable_check(Event, {k: v for k, v in data.items() if k in EVENT_FIELDS})
    for field in sorted(set(data) - set(EVENT_FIELDS)):
        add_error(errors, field, _("unknown field"))
    for field, facet in CODE_LISTS:
        if field in data:
            vocabulary.check_codes(data[field], facet=facet, field=field, errors=errors)
    _choices_check(data, errors)
    _times_check(data, errors)
    if data.get("capacity") is not None and data["capacity"] < 1:
        add_error(errors, "capacity", _("An event needs at least one place."))
    if "meeting_tables" in data and not 1 <= data["meeting_tables"] <= 1000:
        add_error(errors, "meeting_tables", _("Between 1 and 1,000 tables."))
    return errors


def event_create_check(data: dict, *, vocabulary: Vocabulary) -> FieldErrors:
    """A new event also needs its title, format and times, and a place or a link to meet."""
    errors = event_check(data, vocabulary=vocabulary)
    for field in REQUIRED:
        if data.get(field) in (None, ""):
            add_error(errors, field, _("This field is required."))
    return errors


def _choices_check(data: dict, errors: FieldErrors) -> None:
    for field, choices in (
        ("format", EventFormat),
        ("visibility", EventVisibility),
        ("meeting_mode", MeetingMode),
    ):
        if field in data and data[field] not in choices.values:
            add_error(errors, field, _("Choose one of the listed options."))
    if "time_zone" in data and data["time_zone"] not in zoneinfo.available_timezones():
        add_error(errors, "time_zone", _("Choose a time zone from the list."))


def _times_check(data: dict, errors: FieldErrors) -> None:
    times = {f: data.get(f) for f in EVENT_FIELDS if f.endswith("_at")}
    for field, value in times.items():
        if value is not None and not _aware(value):
            add_error(errors, field, _("Give a date and a time."))
            times[field] = None
    starts, ends = times["starts_at"], times["ends_at"]
    if starts and ends and ends < starts:
        add_error(errors, "ends_at", _("The event cannot end before it starts."))
    opens, closes = times["registration_opens_at"], times["registration_closes_at"]
    if opens and closes and closes < opens:
        add_error(errors, "registration_closes_at", _("Registration cannot close before it opens."))
    if closes and ends and closes > ends:
        add_error(
            errors, "registration_closes_at", _("Registration must close by the event's end.")
        )


def _aware(value) -> bool:
    return isinstance(value, datetime.datetime) and value.tzinfo is not None


def place_check(event: Event, errors: FieldErrors) -> None:
    """An in-person event needs a venue, an online one a link, a hybrid one both."""
    if event.format != EventFormat.ONLINE and not event.venue:
        add_error(errors, "venue", _("Say where the event takes place."))
    if event.format != EventFormat.IN_PERSON and not event.meeting_url:
        add_error(errors, "meeting_url", _("Give the link participants join online."))
