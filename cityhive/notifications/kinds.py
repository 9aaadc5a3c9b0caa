"""The kinds of notification: producers register theirs in their AppConfig.ready.

A kind carries the words people see (label, description) and the channel a member gets until they
choose another one in their preferences.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from cityhive.notifications.models import Channel

_kinds: dict[str, "NotificationKind"] = {}


@dataclass(frozen=True)
class NotificationKind:
    """One kind of notification a producer sends (`code` is stable, the rest is for people)."""

    code: str
    label: str
    description: str
    default_channel: str = Channel.IMMEDIATE

    def __post_init__(self) -> None:
        if self.default_channel not in Channel.values:
            raise ValueError(f"Unknown channel {self.default_channel!r} for kind {self.code!r}.")


def register(kind: NotificationKind) -> NotificationKind:
    """Make the kind known (registering the same code again replaces it, so reloads are safe)."""
    _kinds[kind.code] = kind
    return kind


def register_all(kinds) -> None:
    """Make each of an app's kinds known (from its AppConfig.ready)."""
    for kind in kinds:
        register(kind)


class AppKinds:
    """An app's notification kinds, each declared once where its code is named, all registered
    together from the app's AppConfig.ready."""

    def __init__(self) -> None:
        self._kinds: list[NotificationKind] = []

    def declare(self, code: str, *, label, description, default_channel=Channel.IMMEDIATE) -> str:
        """Add a kind; its code is returned, to name it when sending."""
        self._kinds.append(NotificationKind(code, label, description, default_channel))
        return code

    def register(self) -> None:
        """Make every declared kind known (from AppConfig.ready)."""
        register_all(self._kinds)


def kind_get(code: str) -> NotificationKind | None:
    """The registered kind with this code, or None."""
    return _kinds.get(code)


def kinds_all() -> list[NotificationKind]:
    """Every registered kind, ordered by label."""
    return sorted(_kinds.values(), key=lambda kind: str(kind.label))


NEW_MATCHES = register(
    NotificationKind(
        code="new_matches",
        label=_("New matches above your threshold"),
        description=_("Matches for your organisation that score at least its threshold."),
        default_channel=Channel.WEEKLY,
    )
)
