"""Writes for challenges and needs profiles; each checks the actor's permission first."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext

from cityhive.challenges.errors import ChallengeErrorCode
from cityhive.challenges.events import ChallengesChanged
from cityhive.challenges.models import Challenge, ChallengeTag, NeedItem, NeedsProfile
from cityhive.challenges.validation import (
    CHALLENGE_FIELDS,
    challenge_check,
    needs_check,
    needs_visibility_check,
)
from cityhive.content.services import ItemWrites, item_store, item_update
from cityhive.core.errors import ValidationFailed
from cityhive.core.markdown import markdown_render
from cityhive.core.permissions import require
from cityhive.directory.models import Organisation, OrganisationKind
from cityhive.taxonomy.vocabulary import Vocabulary

LIST_FIELDS = ("categories", "sdg_targets", "kpis", "addresses")


def challenge_data(challenge: Challenge) -> dict:
    """A challenge's fields in the exchange format's shape."""
    data = {
        field: getattr(challenge, field)
        for field in (*LIST_FIELDS, "title", "description", "visibility", "status")
    }
    has_budget = challenge.budget_currency != ""
    data["budget"] = (
        {
            "min": _number(challenge.budget_min),
            "max": _number(challenge.budget_max),
            "currency": challenge.budget_currency,
        }
        if has_budget
        else None
    )
    data["deadline"] = challenge.deadline.isoformat() if challenge.deadline else None
    return data


def _number(value: Decimal | None):
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def challenge_apply(challenge: Challenge, data: dict) -> None:
    """Copy checked exchange-shaped fields onto the model (and render its description)."""
    for field in (*LIST_FIELDS, "title", "description", "visibility", "status"):
        if field in data:
            setattr(challenge, field, data[field])
    if "budget" in data:
        budget = data["budget"] or {}
        challenge.budget_min = _decimal(budget.get("min"))
        challenge.budget_max = _decimal(budget.get("max"))
        challenge.budget_currency = budget.get("currency", "")
    if "deadline" in data:
        deadline = data["deadline"]
        challenge.deadline = datetime.date.fromisoformat(deadline) if deadline else None
    challenge.description_html = markdown_render(challenge.description)


def _decimal(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _checked(data: dict) -> dict:
    errors = challenge_check(data, vocabulary=Vocabulary())
    for field in sorted(set(data) - set(CHALLENGE_FIELDS)):
        errors.setdefault(field, []).append(gettext("unknown field"))
    if errors:
        raise ValidationFailed(errors)
    return data


def challenge_create(*, actor, city: Organisation, fields: dict) -> Challenge:
    """A city publishes (or drafts) a challenge."""
    require(actor, "challenges.add_challenge_for", city)
    if city.kind != OrganisationKind.CITY:
        raise ValidationFailed(
            {"city": [gettext("Only a city organisation publishes challenges.")]}
        )
    data = _checked(fields)
    challenge = Challenge(city=city)
    challenge_apply(challenge, data)
    return item_store(challenge, writes=WRITES)


def challenge_update(*, actor, challenge: Challenge, version: int, fields: dict) -> Challenge:
    """Change a challenge; a stale `version` is refused instead of overwriting someone's edit."""
    return item_update(actor=actor, item=challenge, version=version, fields=fields, writes=WRITES)


def needs_replace(
    *, actor, city: Organisation, items: list[dict], visibility: str | None = None
) -> list[NeedItem]:
    """Replace a city's needs profile with these weighted items and, when given, who sees it
    (city admins)."""
    require(actor, "challenges.change_needs", city)
    errors = needs_check(items, vocabulary=Vocabulary())
    if visibility is not None:
        errors.update(needs_visibility_check(visibility))
    if city.kind != OrganisationKind.CITY:
        errors.setdefault("city", []).append(gettext("must be a city organisation"))
    if errors:
        raise ValidationFailed(errors)
    return needs_write(city=city, items=items, visibility=visibility)


def needs_write(
    *, city: Organisation, items: list[dict], visibility: str | None = None
) -> list[NeedItem]:
    """Store checked needs items as the city's whole profile and, when given, who sees it
    (shared with the import)."""
    with transaction.atomic():
        if visibility is not None:
            profile, _ = NeedsProfile.objects.update_or_create(
                city=city, defaults={"visibility": visibility}
            )
            city.needs_profile = profile
        NeedItem.objects.filter(city=city).delete()
        return NeedItem.objects.bulk_create(
            NeedItem(
                city=city,
                facet=item["facet"],
                value=str(item["value"]),
                weight=float(item["weight"]),
                source=item["source"],
            )
            for item in items
        )


# How the content layer stores and edits a challenge (challenge_create and challenge_update above).
WRITES = ItemWrites(
    model=Challenge,
    stale_code=ChallengeErrorCode.STALE_VERSION,
    data=challenge_data,
    check=_checked,
    apply=challenge_apply,
    tag_model=ChallengeTag,
    changed=ChallengesChanged,
)
