"""Writes for financing: the plan that must add up, financial close, investment opportunities,
financiers' interest and mandates."""

from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cityhive.core.errors import Conflict, ValidationFailed
from cityhive.core.permissions import require
from cityhive.core.storable import storable_check
from cityhive.directory.models import Organisation, OrganisationKind
from cityhive.matching.feedback import match_feedback_record
from cityhive.projects import notify
from cityhive.projects.currencies import currency_valid
from cityhive.projects.errors import ProjectErrorCode
from cityhive.projects.models import (
    PPP_INSTRUMENTS,
    FinancingSource,
    Instrument,
    InvestmentOpportunity,
    Mandate,
    OpportunityInterest,
    OpportunityStatus,
    PppModel,
    Project,
    SourceStatus,
)
from cityhive.projects.plan import SourceLine, plan_gap, plan_total

FUNDED = (SourceStatus.COMMITTED, SourceStatus.CLOSED)


def _amount(value, path: str, errors: dict, *, positive: bool = True) -> Decimal | None:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        number = None
    if number is None or not number.is_finite() or (number <= 0 if positive else number < 0):
        errors.setdefault(path, []).append(_("Enter an amount above zero."))
        return None
    return number


def _source_check(index: int, row: dict, errors: dict) -> dict:
    path = f"sources.{index}"
    clean = {
        "label": str(row.get("label", "")).strip(),
        "instrument": row.get("instrument", ""),
        "ppp_model": row.get("ppp_model", "") or "",
        "currency": str(row.get("currency", "")),
        "status": row.get("status", SourceStatus.INDICATIVE),
        "financier": row.get("financier"),
    }
    storable_check(
        FinancingSource, {k: clean[k] for k in ("label", "currency")}, errors=errors, prefix=path
    )
    clean["amount"] = _amount(row.get("amount"), f"{path}.amount", errors)
    if not clean["label"]:
        errors.setdefault(f"{path}.label", []).append(_("Name the source."))
    if clean["instrument"] not in Instrument.values:
        errors.setdefault(f"{path}.instrument", []).append(_("Choose an instrument."))
    ppp = clean["instrument"] in PPP_INSTRUMENTS
    if ppp and clean["ppp_model"] not in PppModel.values:
        errors.setdefault(f"{path}.ppp_model", []).append(_("Choose the PPP model."))
    if not ppp and clean["ppp_model"]:
        errors.setdefault(f"{path}.ppp_model", []).append(_("Only a PPP has a PPP model."))
    if not currency_valid(clean["currency"]):
        errors.setdefault(f"{path}.currency", []).append(_("Choose an ISO 4217 currency."))
    if clean["status"] not in SourceStatus.values:
        errors.setdefault(f"{path}.status", []).append(_("Choose a status."))
    return clean


def _financier(value, path: str, errors: dict) -> Organisation | None:
    if value in (None, ""):
        return None
    found = Organisation.objects.filter(slug=str(value), kind=OrganisationKind.FINANCIER).first()
    if found is None:
        errors.setdefault(path, []).append(_("Choose a financier from the directory."))
    return found


def _adds_up(project: Project, rows: list[dict], rates: dict) -> None:
    lines = [SourceLine(amount=r["amount"], currency=r["currency"]) for r in rows]
    total, missing = plan_total(lines, currency=project.currency, rates=rates)
    if missing:
        raise ValidationFailed(
            {
                "rates": [
                    _("Give an exchange rate to %(currency)s for: %(codes)s.")
                    % {"currency": project.currency, "codes": ", ".join(missing)}
                ]
            },
            message=_("The plan mixes currencies without exchange rates."),
        )
    gap = plan_gap(lines, currency=project.currency, rates=rates, cost=project.total_cost)
    if gap != 0:
        message = _(
            "The plan adds up to %(total)s %(currency)s "
            "but the project costs %(cost)s %(currency)s."
        ) % {"total": total, "currency": project.currency, "cost": project.total_cost}
        raise ValidationFailed({"sources": [message]}, message=message)


def _rates_check(rates: dict, errors: dict) -> dict[str, str]:
    clean = {}
    for code, value in (rates or {}).items():
        if not currency_valid(str(code)):
            errors.setdefault("rates", []).append(_("Choose ISO 4217 currencies for the rates."))
            continue
        rate = _amount(value, f"rates.{code}", errors)
        if rate is not None:
            clean[str(code)] = str(rate)
    return clean


def plan_replace(*, actor, project: Project, sources: list[dict], rates: dict | None = None):
    """Replace the project's financing plan; it must add up to the cost in the project's
    currency (other currencies converted with `rates`), else nothing is written."""
    require(actor, "projects.change_project", project)
    if project.financial_close_at is not None:
        raise Conflict(_("The plan reached financial close."), code=ProjectErrorCode.WRONG_STATE)
    errors: dict = {}
    rows = [_source_check(i, row, errors) for i, row in enumerate(sources)]
    for i, row in enumerate(rows):
        row["financier"] = _financier(row["financier"], f"sources.{i}.financier", errors)
    clean_rates = _rates_check(rates or {}, errors)
    if not rows:
        errors.setdefault("sources", []).append(_("Add at least one source."))
    if errors:
        raise ValidationFailed(errors)
    _adds_up(project, rows, clean_rates)
    with transaction.atomic():
        project.sources.all().delete()
        FinancingSource.objects.bulk_create(FinancingSource(project=project, **row) for row in rows)
        project.exchange_rates = clean_rates
        project.save(update_fields=["exchange_rates", "updated_at"])
    return list(project.sources.all())


def financial_close(*, actor, project: Project) -> Project:
    """The city's admin records financial close: every source committed, the plan adding up."""
    require(actor, "projects.approve_gate", project)
    with transaction.atomic():
        locked = Project.objects.select_for_update().get(pk=project.pk)
        if locked.financial_close_at is not None:
            raise Conflict(
                _("The plan reached financial close already."), code=ProjectErrorCode.WRONG_STATE
            )
        rows = list(locked.sources.values("amount", "currency", "status"))
        if not rows or any(row["status"] not in FUNDED for row in rows):
            raise Conflict(
                _("Every source must be committed before financial close."),
                code=ProjectErrorCode.PLAN_NOT_COMMITTED,
            )
        _adds_up(locked, rows, locked.exchange_rates)
        locked.sources.update(status=SourceStatus.CLOSED)
        locked.financial_close_at = timezone.now()
        locked.save(update_fields=["financial_close_at", "updated_at"])
    project.refresh_from_db()
    return project


def _opportunity_check(fields: dict) -> dict:
    errors = storable_check(
        InvestmentOpportunity, {k: fields.get(k, "") for k in ("summary", "risk_notes")}
    )
    if not str(fields.get("summary", "")).strip():
        errors.setdefault("summary", []).append(_("Summarise the opportunity."))
    low = _amount(fields.get("ticket_min"), "ticket_min", errors)
    high = _amount(fields.get("ticket_max"), "ticket_max", errors)
    if low is not None and high is not None and high < low:
        errors.setdefault("ticket_max", []).append(_("The largest ticket is below the smallest."))
    instruments = list(fields.get("instruments") or [])
    if not instruments or any(i not in Instrument.values for i in instruments):
        errors.setdefault("instruments", []).append(_("Choose the instruments sought."))
    return errors


def opportunity_open(*, actor, project: Project, fields: dict) -> InvestmentOpportunity:
    """Open the project to verified financiers; those whose mandate fits are told."""
    from cityhive.projects.selectors import financiers_fitting

    require(actor, "projects.change_project", project)
    if InvestmentOpportunity.objects.filter(project=project).exists():
        raise Conflict(
            _("The project is open to financiers already."), code=ProjectErrorCode.ALREADY_OPEN
        )
    errors = _opportunity_check(fields)
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        opportunity = InvestmentOpportunity.objects.create(
            project=project,
            summary=fields["summary"].strip(),
            ticket_min=Decimal(str(fields["ticket_min"])),
            ticket_max=Decimal(str(fields["ticket_max"])),
            instruments=sorted(set(fields["instruments"])),
            risk_notes=fields.get("risk_notes", ""),
            opened_by=actor if getattr(actor, "pk", None) else None,
        )
        for fit in financiers_fitting(opportunity):
            notify.opportunity_matched(
                opportunity=opportunity, financier=Organisation.objects.get(pk=fit.id)
            )
    return opportunity


def interest_express(
    *, actor, opportunity: InvestmentOpportunity, financier: Organisation, note: str = ""
) -> OpportunityInterest:
    """A verified financier tells the city it is interested in the opportunity."""
    require(
        actor,
        "projects.view_opportunity",
        opportunity,
        hide=True,
        code=ProjectErrorCode.OPPORTUNITY_NOT_FOUND,
    )
    require(actor, "projects.express_interest_for", financier)
    if opportunity.status != OpportunityStatus.OPEN:
        raise Conflict(_("This opportunity is closed."), code=ProjectErrorCode.WRONG_STATE)
    errors = storable_check(OpportunityInterest, {"note": note})
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        if OpportunityInterest.objects.filter(
            opportunity=opportunity, financier=financier
        ).exists():
            raise Conflict(
                _("You told the city already."), code=ProjectErrorCode.ALREADY_INTERESTED
            )
        interest = OpportunityInterest.objects.create(
            opportunity=opportunity, financier=financier, note=note, sent_by=actor
        )
        notify.interest_sent(actor=actor, interest=interest)
        match_feedback_record(
            actor=actor,
            organisation=financier,
            subject=financier,
            candidate=opportunity.project,
            signal="interest",
        )
    return interest


MANDATE_LISTS = ("sectors", "countries", "instruments", "sdgs")


def mandate_set(*, actor, financier: Organisation, fields: dict) -> Mandate:
    """A verified financier's admin states what it funds."""
    require(actor, "projects.change_mandate", financier)
    errors: dict = {}
    low = _amount(fields.get("ticket_min"), "ticket_min", errors)
    high = _amount(fields.get("ticket_max"), "ticket_max", errors)
    if low is not None and high is not None and high < low:
        errors.setdefault("ticket_max", []).append(_("The largest ticket is below the smallest."))
    if not currency_valid(str(fields.get("currency", ""))):
        errors.setdefault("currency", []).append(_("Choose an ISO 4217 currency."))
    if any(i not in Instrument.values for i in fields.get("instruments") or []):
        errors.setdefault("instruments", []).append(_("Choose instruments from the list."))
    if any(not (isinstance(g, int) and 1 <= g <= 17) for g in fields.get("sdgs") or []):
        errors.setdefault("sdgs", []).append(_("SDGs are numbered 1 to 17."))
    for name in ("sectors", "countries"):
        storable_check(
            Mandate, {f"{name}.{i}": v for i, v in enumerate(fields.get(name) or [])}, errors=errors
        )
    if errors:
        raise ValidationFailed(errors)
    values = {name: sorted(set(fields.get(name) or [])) for name in MANDATE_LISTS}
    mandate, _created = Mandate.objects.update_or_create(
        financier=financier,
        defaults={**values, "ticket_min": low, "ticket_max": high, "currency": fields["currency"]},
    )
    return mandate
