"""Organisations, the members who belong to them, and invitations to join."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from cityhive.core.languages import LANGUAGE_CODES
from cityhive.core.models import TimeStampedModel


def validate_languages(value) -> None:
    """A list of known ISO 639-1 codes."""
    if not isinstance(value, list) or not all(isinstance(code, str) for code in value):
        raise ValidationError(gettext("Give a list of ISO 639-1 language codes."))
    unknown = sorted(set(value) - LANGUAGE_CODES)
    if unknown:
        raise ValidationError(
            gettext("Unknown language codes: %(codes)s.") % {"codes": ", ".join(unknown)}
        )


class OrganisationKind(models.TextChoices):
    CITY = "city", _("City")
    COMPANY = "company", _("Company")
    FINANCIER = "financier", _("Financier")
    INTERNATIONAL_ORG = "international_org", _("International organisation")
    ACADEMIA = "academia", _("Academia")
    NGO = "ngo", _("NGO")


class Organisation(TimeStampedModel):
    """A city, company, financier, international organisation, academic body or NGO."""

    kind = models.CharField(max_length=20, choices=OrganisationKind.choices, db_index=True)
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    external_id = models.CharField(max_length=200, unique=True, null=True, blank=True)
    country = CountryField(blank=True, db_index=True)
    region = models.CharField("region (ISO 3166-2)", max_length=10, blank=True)
    website = models.URLField(blank=True)
    description = models.TextField(blank=True, max_length=10_000)
    languages = models.JSONField(default=list, blank=True, validators=[validate_languages])
    logo = models.FileField(upload_to="logos/", blank=True)
    place = models.ForeignKey(
        "places.Place",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organisations",
    )
    population = models.PositiveBigIntegerField(null=True, blank=True)
    area_km2 = models.FloatField(null=True, blank=True, validators=[MinValueValidator(0)])
    context = models.JSONField(default=dict, blank=True)
    is_verified = models.BooleanField("verified", default=False, db_index=True)
    verified_at = models.DateTimeField(null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_demo = models.BooleanField(default=False)
    version = models.PositiveIntegerField(default=1, validators=[MaxValueValidator(2**31)])

    class Meta:
        ordering = ["name"]
        indexes = [
            models.Index(Lower("name"), name="organisation_name_lower_idx"),
            models.Index(fields=["kind", "country"], name="organisation_kind_country_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.kind == OrganisationKind.CITY and self.place_id is None:
            raise ValidationError(
                {"place": gettext("A city links to its place in GeoNames: pick the city.")}
            )
        if self.kind != OrganisationKind.CITY and self.place_id is not None:
            raise ValidationError(
                {"place": gettext("Only a city organisation links to a GeoNames place.")}
            )
        if not self.country and self.kind != OrganisationKind.INTERNATIONAL_ORG:
            raise ValidationError({"country": gettext("Choose the country.")})


class MembershipRole(models.TextChoices):
    ADMIN = "admin", _("Admin")
    MEMBER = "member", _("Member")


class Membership(TimeStampedModel):
    """A member's place in an organisation."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(
        max_length=10, choices=MembershipRole.choices, default=MembershipRole.MEMBER
    )

    class Meta:
        ordering = ["organisation__name", "user__email"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"], name="membership_unique_user_org"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.organisation} ({self.role})"


class Invitation(TimeStampedModel):
    """An invitation, sent by email, to join an organisation with a role."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField()
    role = models.CharField(
        max_length=10, choices=MembershipRole.choices, default=MembershipRole.MEMBER
    )
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    # Set when the email went out, so a retried task does not mail the link twice.
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["email", "accepted_at"], name="invitation_email_idx")]

    def __str__(self) -> str:
        return f"{self.email} to {self.organisation}"

    @property
    def is_pending(self) -> bool:
        return (
            self.accepted_at is None
            and self.revoked_at is None
            and self.expires_at > timezone.now()
        )
