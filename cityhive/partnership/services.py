"""Writes of the partnership programme; each checks the actor's permission first and runs in a
transaction. Decisions lock the application's row, so two managers deciding at once (or a
double click) make one decision, and the second is told the application was already decided."""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cityhive.core.errors import Conflict, ValidationFailed
from cityhive.core.permissions import require
from cityhive.directory.models import Organisation, OrganisationKind
from cityhive.partnership.conduct import CONDUCT_TEXT, CONDUCT_VERSION
from cityhive.partnership.errors import PartnershipErrorCode
from cityhive.partnership.models import (
    OPEN_STATUSES,
    Application,
    ApplicationKind,
    ApplicationStatus,
    Partnership,
    Tier,
)
from cityhive.partnership.notify import decision_notify
from cityhive.partnership.profile import profile_completeness
from cityhive.partnership.selectors import partnership_current, today
from cityhive.partnership.validation import application_check, tier_check

# A partner may apply to renew from this many days before its partnership ends.
RENEWAL_WINDOW_DAYS = 90
APPLICATION_FIELDS = ("references", "sdgs", "motivation")
TIER_FIELDS = ("name", "benefits", "annual_fee", "currency", "unlocks", "position", "is_active")


# --- tiers ----------------------------------------------------------------------------------


def _tier_apply(tier: Tier, fields: dict) -> Tier:
    unknown = sorted(set(fields) - set(TIER_FIELDS))
    errors = tier_check(fields)
    for field in unknown:
        errors.setdefault(field, []).append(_("unknown field"))
    name = fields.get("name", tier.name).strip()
    if Tier.objects.filter(name__iexact=name).exclude(pk=tier.pk).exists():
        errors.setdefault("name", []).append(_("another tier has this name"))
    if errors:
        raise ValidationFailed(errors)
    for field, value in fields.items():
        setattr(tier, field, value)
    tier.name = name
    tier.currency = tier.currency.upper()
    tier.unlocks = [code for code in dict.fromkeys(tier.unlocks)]
    tier.save()
    return tier


def tier_create(*, actor, fields: dict) -> Tier:
    """Define a tier (programme managers)."""
    require(actor, "partnership.manage_tiers")
    with transaction.atomic():
        return _tier_apply(Tier(annual_fee=0), {"unlocks": [], **fields})


def tier_update(*, actor, tier: Tier, fields: dict) -> Tier:
    """Change a tier's name, benefits, fee, unlocks, position or active flag (programme
    managers); partners in it keep it until their period ends."""
    require(actor, "partnership.manage_tiers")
    with transaction.atomic():
        return _tier_apply(tier, fields)


# --- applying -------------------------------------------------------------------------------


def _tier_check(tier: Tier | None) -> None:
    if tier is None or not tier.is_active:
        raise ValidationFailed({"tier": [_("Choose one of the programme's tiers.")]})


def renewal_opens_on(partnership: Partnership) -> datetime.date:
    """The first day a partner may apply to renew this period."""
    return partnership.ends_on - datetime.timedelta(days=RENEWAL_WINDOW_DAYS)


def can_apply_now(organisation: Organisation) -> bool:
    """May the company start an application today (new, or a renewal in its window)?"""
    current = partnership_current(organisation)
    return current is None or today() >= renewal_opens_on(current)


def _kind_for(organisation: Organisation) -> str:
    """A new application, or a renewal when the organisation is a partner now (and its period
    ends within the renewal window)."""
    current = partnership_current(organisation)
    if current is None:
        return ApplicationKind.NEW
    opens = renewal_opens_on(current)
    if today() < opens:
        message = _("Your partnership runs until %(end)s; renewal opens on %(opens)s.") % {
            "end": current.ends_on.isoformat(),
            "opens": opens.isoformat(),
        }
        raise Conflict(message, code=PartnershipErrorCode.RENEWAL_NOT_OPEN)
    return ApplicationKind.RENEWAL


def _fields_apply(application: Application, fields: dict, *, actor) -> None:
    unknown = sorted(set(fields) - {*APPLICATION_FIELDS, "accept_conduct"})
    data = {key: value for key, value in fields.items() if key in APPLICATION_FIELDS}
    errors = application_check(data, complete=False)
    for field in unknown:
        errors.setdefault(field, []).append(_("unknown field"))
    if errors:
        raise ValidationFailed(errors)
    for field, value in data.items():
        setattr(application, field, value)
    if "accept_conduct" in fields:
        _conduct_sign(application, bool(fields["accept_conduct"]), actor=actor)


def _conduct_sign(application: Application, accepted: bool, *, actor) -> None:
    """Record the signature of today's code of conduct (kept if already signed), or clear it."""
    if not accepted:
        application.conduct_version, application.conduct_text = "", ""
        application.conduct_accepted_at, application.conduct_accepted_by = None, None
    elif application.conduct_version != CONDUCT_VERSION:
        application.conduct_version, application.conduct_text = CONDUCT_VERSION, CONDUCT_TEXT
        application.conduct_accepted_at, application.conduct_accepted_by = timezone.now(), actor


def application_create(
    *, actor, organisation: Organisation, tier: Tier | None, fields: dict
) -> Application:
    """Start a company's application (a draft) in a tier: a renewal when it is a partner now."""
    if organisation.kind != OrganisationKind.COMPANY:
        raise ValidationFailed(
            {"organisation": [_("Only companies apply to the partnership programme.")]}
        )
    require(actor, "partnership.apply_for", organisation)
    _tier_check(tier)
    with transaction.atomic():
        Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
        if organisation.partnership_applications.filter(status__in=OPEN_STATUSES).exists():
            message = _("%(name)s already has an application in progress.") % {
                "name": organisation.name
            }
            raise Conflict(message, code=PartnershipErrorCode.APPLICATION_OPEN)
        application = Application(
            organisation=organisation, tier=tier, kind=_kind_for(organisation), created_by=actor
        )
        _fields_apply(application, fields, actor=actor)
        application.save()
    return application


def _locked(application: Application) -> Application:
    return (
        Application.objects.select_for_update()
        .select_related("organisation", "tier")
        .get(pk=application.pk)
    )


def application_update(
    *, actor, application: Application, fields: dict, tier: Tier | None = None
) -> Application:
    """Change a draft, or an application whose reviewer asked for changes (its admins)."""
    require(actor, "partnership.change_application", application)
    with transaction.atomic():
        current = _locked(application)
        if not current.is_editable:
            raise Conflict(
                _("This application is %(status)s: it can no longer be changed.")
                % {"status": current.get_status_display().lower()},
                code=PartnershipErrorCode.NOT_EDITABLE,
            )
        if tier is not None:
            _tier_check(tier)
            current.tier = tier
        _fields_apply(current, fields, actor=actor)
        current.save()
    return current


def application_submit(*, actor, application: Application) -> Application:
    """Send the application to the programme managers: it needs 2 to 5 references, at least one
    SDG and today's code of conduct signed."""
    require(actor, "partnership.change_application", application)
    with transaction.atomic():
        current = _locked(application)
        if not current.is_editable:
            raise Conflict(
                _("This application was already submitted."),
                code=PartnershipErrorCode.NOT_EDITABLE,
            )
        data = {"references": current.references, "sdgs": current.sdgs}
        errors = application_check(data, complete=True)
        if current.conduct_version != CONDUCT_VERSION:
            errors.setdefault("accept_conduct", []).append(_("sign the code of conduct"))
        _tier_check_errors(errors, current.tier)
        if errors:
            raise ValidationFailed(errors, message=_("The application is not complete yet."))
        current.submit()
        current.submitted_by = actor
        current.completeness = profile_completeness(current.organisation).percent
        current.save()
    return current


def _tier_check_errors(errors: dict, tier: Tier) -> None:
    if not tier.is_active:
        errors.setdefault("tier", []).append(_("this tier is no longer offered: choose another"))


# --- deciding -------------------------------------------------------------------------------


def _decidable(actor, application: Application) -> Application:
    require(actor, "partnership.review_application", application)
    current = _locked(application)
    if not current.is_decidable:
        raise Conflict(
            _("This application is %(status)s: there is nothing to decide.")
            % {"status": current.get_status_display().lower()},
            code=PartnershipErrorCode.NOT_DECIDABLE,
        )
    return current


def _reason_check(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed({"reason": [_("Tell the applicant why.")]})
    if len(reason) > 5_000:
        raise ValidationFailed({"reason": [_("must be at most 5000 characters")]})
    return reason


def _decided(current: Application, *, actor, reason: str = "") -> None:
    current.decided_by = actor
    current.decision_reason = reason
    current.save()
    decision_notify(current)


def application_ask_for_changes(*, actor, application: Application, reason: str) -> Application:
    """Send a submitted application back to its applicant with what to change."""
    reason = _reason_check(reason)
    with transaction.atomic():
        current = _decidable(actor, application)
        if current.status != ApplicationStatus.SUBMITTED:
            raise Conflict(
                _("Changes were already asked for."), code=PartnershipErrorCode.NOT_DECIDABLE
            )
        current.ask_for_changes()
        _decided(current, actor=actor, reason=reason)
    return current


def application_reject(*, actor, application: Application, reason: str) -> Application:
    """Turn an application down, with the reason its applicant sees."""
    reason = _reason_check(reason)
    with transaction.atomic():
        current = _decidable(actor, application)
        current.reject()
        _decided(current, actor=actor, reason=reason)
    return current


@dataclass(frozen=True)
class Period:
    starts_on: datetime.date
    ends_on: datetime.date


def one_year_from(day: datetime.date) -> datetime.date:
    """The last day of a one-year period starting on `day`."""
    try:
        anniversary = day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        anniversary = day.replace(year=day.year + 1, day=28) + datetime.timedelta(days=1)
    return anniversary - datetime.timedelta(days=1)


def period_default(organisation: Organisation) -> Period:
    """One year from today, or for a partner renewing, one year from the day after its current
    period ends."""
    current = partnership_current(organisation)
    starts = current.ends_on + datetime.timedelta(days=1) if current else today()
    return Period(starts_on=starts, ends_on=one_year_from(starts))


def _period_check(period: Period) -> None:
    if period.ends_on < period.starts_on:
        raise ValidationFailed({"ends_on": [_("must not be before the start")]})
    if period.ends_on < today():
        raise ValidationFailed({"ends_on": [_("must not be in the past")]})


def application_approve(
    *,
    actor,
    application: Application,
    tier: Tier | None = None,
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
) -> Partnership:
    """Approve an application into a tier (the one applied for unless given) for a period (one
    year by default); a period that overlaps the new one ends the day before it starts."""
    with transaction.atomic():
        current = _decidable(actor, application)
        tier = tier or current.tier
        _tier_check(tier)
        default = period_default(current.organisation)
        period = Period(
            starts_on=starts_on or default.starts_on,
            ends_on=ends_on or (one_year_from(starts_on) if starts_on else default.ends_on),
        )
        _period_check(period)
        _overlaps_end(current.organisation, period.starts_on)
        current.approve()
        _decided(current, actor=actor)
        return Partnership.objects.create(
            organisation=current.organisation,
            tier=tier,
            application=current,
            starts_on=period.starts_on,
            ends_on=period.ends_on,
        )


def _overlaps_end(organisation: Organisation, starts_on: datetime.date) -> None:
    overlapping = organisation.partnerships.filter(ends_on__gte=starts_on)
    if overlapping.filter(starts_on__gte=starts_on).exists():
        raise ValidationFailed(
            {"starts_on": [_("must be after the start of the partnership's current period")]}
        )
    overlapping.update(ends_on=starts_on - datetime.timedelta(days=1), updated_at=timezone.now())


# --- expiry ---------------------------------------------------------------------------------


def partnerships_expire(*, actor, day: datetime.date | None = None) -> int:
    """Mark the periods that ended before `day` (today) as expired; safe to run again."""
    require(actor, "partnership.review_application")
    day = day or today()
    ended = Partnership.objects.filter(ends_on__lt=day, expired_at__isnull=True)
    return ended.update(expired_at=timezone.now())
