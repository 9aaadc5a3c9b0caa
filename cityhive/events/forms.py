"""Forms of the event pages. They only shape input: the services validate and write."""

import datetime
import zoneinfo

from django import forms
from django.utils.translation import gettext_lazy as _

from cityhive.content.forms import FacetedItemForm, VersionedForm, description_field
from cityhive.events.models import EventFormat, EventVisibility, MeetingMode

WHEN_CHOICES = [("upcoming", _("Upcoming")), ("past", _("Past")), ("all", _("All"))]


def time_zone_choices() -> list[tuple[str, str]]:
    return [(name, name.replace("_", " ")) for name in sorted(zoneinfo.available_timezones())]


class LocalDateTimeField(forms.DateTimeField):
    """A date and time as the browser's picker sends it, read in the event's time zone."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


class EventFilterForm(forms.Form):
    when = forms.ChoiceField(required=False, choices=WHEN_CHOICES, label=_("When"))
    format = forms.ChoiceField(
        required=False, choices=[("", _("Any")), *EventFormat.choices], label=_("Format")
    )
    q = forms.CharField(required=False, max_length=100, label=_("Search"))


class EventForm(FacetedItemForm):
    """An event's fields; times are entered in the event's own time zone."""

    summary = forms.CharField(required=False, max_length=300, label=_("Summary"))
    description = description_field(required=False)
    format = forms.ChoiceField(choices=EventFormat.choices, label=_("Format"))
    venue = forms.CharField(required=False, max_length=200, label=_("Venue"))
    address = forms.CharField(required=False, max_length=300, label=_("Address"))
    meeting_url = forms.URLField(
        required=False, max_length=500, assume_scheme="https", label=_("Online meeting link")
    )
    time_zone = forms.ChoiceField(choices=time_zone_choices, initial="UTC", label=_("Time zone"))
    starts_at = LocalDateTimeField(label=_("Starts"))
    ends_at = LocalDateTimeField(label=_("Ends"))
    registration_opens_at = LocalDateTimeField(required=False, label=_("Registration opens"))
    registration_closes_at = LocalDateTimeField(required=False, label=_("Registration closes"))
    capacity = forms.IntegerField(required=False, min_value=1, label=_("Places"))
    requires_approval = forms.BooleanField(
        required=False, label=_("The organiser approves each registration")
    )
    visibility = forms.ChoiceField(choices=EventVisibility.choices, label=_("Who can see it"))
    meeting_mode = forms.ChoiceField(choices=MeetingMode.choices, label=_("1:1 meetings"))
    meeting_tables = forms.IntegerField(
        min_value=1, max_value=1000, initial=10, label=_("Meeting tables")
    )

    TIMES = ("starts_at", "ends_at", "registration_opens_at", "registration_closes_at")
    FIELDSETS = (
        (
            _("The event"),
            (
                "organiser",
                "title",
                "summary",
                "description",
                "format",
                "venue",
                "address",
                "meeting_url",
            ),
        ),
        (_("When"), ("time_zone", *TIMES)),
        (
            _("Who takes part"),
            ("visibility", "capacity", "requires_approval", "meeting_mode", "meeting_tables"),
        ),
    )

    def clean(self):
        data = super().clean()
        zone_name = data.get("time_zone") or "UTC"
        zone = zoneinfo.ZoneInfo(zone_name)
        for field in self.TIMES:
            value = data.get(field)
            if isinstance(value, datetime.datetime):
                data[field] = value.replace(tzinfo=None).replace(tzinfo=zone)
        return data

    def service_fields(self) -> dict:
        """The cleaned fields as the services take them."""
        data = dict(self.cleaned_data)
        data.pop("version", None)
        return data

    @staticmethod
    def initial_from(event) -> dict:
        """An event's fields with its times shown in its own time zone."""
        zone = zoneinfo.ZoneInfo(event.time_zone)
        initial = {field: getattr(event, field) for field in EventForm.base_fields}
        for field in EventForm.TIMES:
            value = initial.get(field)
            initial[field] = value.astimezone(zone).replace(tzinfo=None) if value else None
        return initial


class EventCreateForm(EventForm):
    """A new event, with the organisation that organises it chosen among the author's."""

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organiser"] = forms.ModelChoiceField(
            queryset=organisations, label=_("Organised by")
        )
        if organisations.count() == 1:
            self.fields["organiser"].initial = organisations.first().pk


class EventEditForm(VersionedForm, EventForm):
    pass


class RegistrationForm(forms.Form):
    organisation = forms.ModelChoiceField(queryset=None, label=_("For which organisation"))
    offer = forms.CharField(
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        label=_("What you offer"),
    )
    seek = forms.CharField(
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        label=_("What you are looking for"),
    )

    solutions = forms.ModelMultipleChoiceField(
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Solutions you bring"),
    )
    challenges = forms.ModelMultipleChoiceField(
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Challenges you bring"),
    )

    def __init__(self, *args, organisations, solutions, challenges, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        if organisations.count() == 1:
            self.fields["organisation"].initial = organisations.first().pk
        self.fields["solutions"].queryset = solutions
        self.fields["challenges"].queryset = challenges
        for name, rows in (("solutions", solutions), ("challenges", challenges)):
            if not rows.exists():
                del self.fields[name]


class SessionForm(forms.Form):
    title = forms.CharField(max_length=200, label=_("Title"))
    starts_at = LocalDateTimeField(label=_("Starts"))
    ends_at = LocalDateTimeField(label=_("Ends"))
    room = forms.CharField(required=False, max_length=100, label=_("Room or stream"))
    speakers = forms.CharField(required=False, max_length=300, label=_("Speakers"))


class SlotsForm(forms.Form):
    first = LocalDateTimeField(label=_("First slot starts"))
    count = forms.IntegerField(min_value=1, max_value=200, initial=8, label=_("Number of slots"))
    minutes = forms.IntegerField(min_value=5, max_value=240, initial=20, label=_("Minutes each"))


class MeetingRequestForm(forms.Form):
    recipient = forms.IntegerField(widget=forms.HiddenInput)
    message = forms.CharField(
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        label=_("Message"),
    )
    priority = forms.BooleanField(required=False, label=_("This meeting is a priority for me"))
