"""Reads for members' own account data."""

from enum import Enum

from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator
from django.db.models import QuerySet

from cityhive.accounts.models import ApiToken, User


def api_token_list_for(*, actor: User) -> QuerySet[ApiToken]:
    """The actor's own tokens, newest first (others' tokens are never listed)."""
    if not actor.is_authenticated:
        return ApiToken.objects.none()
    return ApiToken.objects.filter(user=actor).order_by("-created_at")


def user_has_totp(user: User) -> bool:
    """Whether the member has set up an authenticator app."""
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


class SecondFactor(Enum):
    """What a session proved beyond the password."""

    NOT_SET_UP = "not set up"  # the member has no authenticator
    PASSED = "passed"
    SKIPPED = "skipped"  # the member has one, and this session never used it


def session_second_factor(request, user: User) -> SecondFactor:
    """Whether this session passed the member's second factor (one query).

    allauth records each step of a sign-in in the session; an authenticator set up during the
    session counts too, since setting it up took a code from it.
    """
    set_up = list(
        Authenticator.objects.filter(user=user)
        .exclude(type=Authenticator.Type.RECOVERY_CODES)
        .values_list("created_at", flat=True)
    )
    if not set_up:
        return SecondFactor.NOT_SET_UP
    records = get_authentication_records(request, user)
    if any(record.get("method") == "mfa" for record in records):
        return SecondFactor.PASSED
    signed_in_at = min((record["at"] for record in records), default=None)
    if signed_in_at is not None and max(set_up).timestamp() >= signed_in_at:
        return SecondFactor.PASSED
    return SecondFactor.SKIPPED
