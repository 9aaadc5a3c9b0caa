"""Reads for members' own account data."""

from django.db.models import QuerySet

from cityhive.accounts.models import ApiToken, User


def api_token_list_for(*, actor: User) -> QuerySet[ApiToken]:
    """The actor's own tokens, newest first (others' tokens are never listed)."""
    if not actor.is_authenticated:
        return ApiToken.objects.none()
    return ApiToken.objects.filter(user=actor).order_by("-created_at")


def user_has_totp(user: User) -> bool:
    """Whether the member has set up an authenticator app."""
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
