"""Notification texts written once and read in each recipient's language.

A sender passes a `Text`: a marked message (`gettext_lazy`) and its values, which may be lazy
too (a role's label); `notification_send` renders it for each recipient inside
`translation.override` of their preferred language, else the site's default. A plain string
(a member's own words, such as a message or a note) reads the same for everyone.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.utils import translation


@dataclass(frozen=True)
class Text:
    """A message to translate per reader, with its %(name)s values."""

    message: object  # a lazy string (gettext_lazy) or a plain one
    values: dict = field(default_factory=dict)

    def __init__(self, message, /, **values):
        object.__setattr__(self, "message", message)
        object.__setattr__(self, "values", values)

    def __str__(self) -> str:
        """The text in the active language."""
        message = str(self.message)
        if not self.values:
            return message
        return message % {name: str(value) for name, value in self.values.items()}


def rendered(value) -> str:
    """A Text, lazy string or plain string in the active language ("" for None)."""
    return "" if value is None else str(value)


def language_of(user) -> str:
    """The language a member reads their notifications in."""
    language = getattr(user, "preferred_language", "") or ""
    known = {code for code, _ in settings.LANGUAGES}
    return language if language in known else settings.LANGUAGE_CODE


def in_language(language: str, value) -> str:
    """The value rendered in this language."""
    with translation.override(language):
        return rendered(value)
