"""Writes for members' API tokens."""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from cityhive.accounts.errors import AccountErrorCode
from cityhive.accounts.models import ApiToken, User
from cityhive.core.errors import Forbidden, NotFound, ValidationFailed

TOKEN_PREFIX = "chv"  # noqa: S105 - a public marker, not a secret
MAX_ACTIVE_TOKENS = 20
MAX_TOKEN_DAYS = 365


def token_hash(secret: str) -> str:
    """The stored form of a token's secret part."""
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    key: str  # shown once; never stored


def api_token_create(*, actor: User, name: str, days: int | None = None) -> IssuedToken:
    """Issue a personal API token for the actor; the full key is returned once."""
    if not actor.is_authenticated:
        raise Forbidden()
    days = settings.API_TOKEN_DEFAULT_DAYS if days is None else days
    errors: dict[str, list[str]] = {}
    if not name.strip() or len(name) > 100:
        errors["name"] = [gettext("Give the token a name of 1 to 100 characters.")]
    if not 1 <= days <= MAX_TOKEN_DAYS:
        errors["days"] = [
            gettext("A token lasts between 1 and %(days)s days.") % {"days": MAX_TOKEN_DAYS}
        ]
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        active = ApiToken.objects.filter(
            user=actor, revoked_at__isnull=True, expires_at__gt=timezone.now()
        )
        if active.count() >= MAX_ACTIVE_TOKENS:
            raise ValidationFailed(
                {
                    "name": [
                        gettext("You already have %(count)s active tokens; revoke one first.")
                        % {"count": MAX_ACTIVE_TOKENS}
                    ]
                }
            )
        prefix = secrets.token_hex(6)
        secret = secrets.token_urlsafe(32)
        token = ApiToken.objects.create(
            user=actor,
            name=name.strip(),
            prefix=prefix,
            key_hash=token_hash(secret),
            expires_at=timezone.now() + timedelta(days=days),
        )
    return IssuedToken(token=token, key=f"{TOKEN_PREFIX}_{prefix}_{secret}")


def api_token_revoke(*, actor: User, token_id: int) -> ApiToken:
    """Revoke one of the actor's own tokens (idempotent)."""
    token = (
        ApiToken.objects.filter(user=actor, pk=token_id).first() if actor.is_authenticated else None
    )
    if token is None:
        raise NotFound(code=AccountErrorCode.TOKEN_INVALID)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at", "updated_at"])
    return token


def user_password_set(*, user: User, password: str) -> int:
    """Set a member's password (change or reset) and revoke their API tokens; returns how many.

    A token is a standing credential: whoever changes a password because it leaked must not
    leave a token made with it working.
    """
    now = timezone.now()
    with transaction.atomic():
        user.set_password(password)
        user.save()
        return ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(
            revoked_at=now, updated_at=now
        )


def user_language_set(*, actor: User, language: str) -> User:
    """Remember the member's interface language ("" forgets it: the browser decides again)."""
    if not actor.is_authenticated:
        raise Forbidden()
    if language and language not in dict(settings.LANGUAGES):
        raise ValidationFailed({"language": [gettext("Choose one of the offered languages.")]})
    with transaction.atomic():
        if actor.preferred_language != language:
            actor.preferred_language = language
            actor.save(update_fields=["preferred_language"])
    return actor


def email_unverified_claims_release(*, email: str) -> int:
    """Drop other accounts' unverified claims on an address someone signs up with; returns how
    many. An unverified address proves nothing, so it must not keep the address's owner out."""
    claims = EmailAddress.objects.filter(email__iexact=email.strip(), verified=False).exclude(
        user__email__iexact=email.strip()
    )
    deleted, _ = claims.delete()
    return deleted


def api_token_authenticate(*, key: str) -> User | None:
    """The active member a presented key belongs to, or None; records when it was last used."""
    parts = key.split("_", 2)
    if len(parts) != 3 or parts[0] != TOKEN_PREFIX:
        return None
    token = ApiToken.objects.select_related("user").filter(prefix=parts[1]).first()
    if token is None or not token.is_active or not token.user.is_active:
        return None
    if not secrets.compare_digest(token.key_hash, token_hash(parts[2])):
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=5):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
