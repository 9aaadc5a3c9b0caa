"""How well a financier's mandate fits an investment opportunity, and which organisations would
complete a consortium. Pure Python: dataclasses in, scores with explained factors out (the same
`Factor` the match explanations use), so both directions of financier matching and the consortium
builder read alike and are tested without a database."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from cityhive.matching.engine.model import Factor

MANDATE_WEIGHTS = {"sector": 0.3, "region": 0.2, "ticket": 0.2, "instrument": 0.2, "sdg": 0.1}


@dataclass(frozen=True)
class OpportunityView:
    id: int
    categories: frozenset[str]
    country: str
    sdgs: frozenset[int]
    instruments: frozenset[str]
    ticket_min: Decimal
    ticket_max: Decimal
    currency: str


@dataclass(frozen=True)
class MandateView:
    id: int
    sectors: frozenset[str]
    countries: frozenset[str]
    sdgs: frozenset[int]
    instruments: frozenset[str]
    ticket_min: Decimal
    ticket_max: Decimal
    currency: str


@dataclass(frozen=True)
class Fit:
    id: int
    score: float
    factors: list[Factor]


def _sector_share(mandate: MandateView, opportunity: OpportunityView) -> float:
    if not opportunity.categories or not mandate.sectors:
        return 0.0
    hits = [c for c in opportunity.categories if any(c.startswith(s) for s in mandate.sectors)]
    return len(hits) / len(opportunity.categories)


def _share(wanted: frozenset, offered: frozenset) -> float:
    return len(wanted & offered) / len(wanted) if wanted else 0.0


def _tickets_overlap(mandate: MandateView, opportunity: OpportunityView) -> bool:
    return (
        mandate.currency == opportunity.currency
        and mandate.ticket_min <= opportunity.ticket_max
        and opportunity.ticket_min <= mandate.ticket_max
    )


def mandate_fit(mandate: MandateView, opportunity: OpportunityView, *, subject_id: int) -> Fit:
    """The fit of one mandate and one opportunity; `subject_id` names the side being ranked.
    A mandate that funds none of the project's sectors does not fit at all."""
    if _sector_share(mandate, opportunity) == 0:
        return Fit(id=subject_id, score=0.0, factors=[])
    region = not mandate.countries or opportunity.country in mandate.countries
    signals = {
        "sector": (_sector_share(mandate, opportunity), _("Funds the project's sectors")),
        "region": (1.0 if region else 0.0, _("Invests in the project's country")),
        "ticket": (
            1.0 if _tickets_overlap(mandate, opportunity) else 0.0,
            _("Ticket sizes overlap in the same currency"),
        ),
        "instrument": (
            _share(opportunity.instruments, mandate.instruments),
            _("Offers the instruments sought"),
        ),
        "sdg": (_share(opportunity.sdgs, mandate.sdgs), _("Targets the project's SDGs")),
    }
    factors = [
        Factor(name=name, contribution=round(MANDATE_WEIGHTS[name] * value, 4), text=str(text))
        for name, (value, text) in signals.items()
        if value > 0
    ]
    return Fit(id=subject_id, score=round(sum(f.contribution for f in factors), 4), factors=factors)


def fits_ranked(fits: list[Fit], *, minimum: float = 0.2) -> list[Fit]:
    """Fits at or above `minimum`, best first (ties by id)."""
    return sorted((f for f in fits if f.score >= minimum), key=lambda f: (-f.score, f.id))


# --- the consortium builder --------------------------------------------------------------------


@dataclass(frozen=True)
class Capability:
    """What an organisation brings: the categories it covers and the roles it can take."""

    id: int
    name: str
    roles: frozenset[str]
    categories: frozenset[str]


def _covers(offered: frozenset[str], need: str) -> bool:
    return any(need == c or need.startswith(c + "/") or c.startswith(need + "/") for c in offered)


def uncovered_needs(needs: frozenset[str], members: list[Capability]) -> set[str]:
    """The project's needs that no current member's capabilities cover."""
    offered = frozenset().union(*(m.categories for m in members)) if members else frozenset()
    return {need for need in needs if not _covers(offered, need)}


def consortium_proposals(
    *,
    needs: frozenset[str],
    wanted_roles: frozenset[str],
    members: list[Capability],
    candidates: list[Capability],
    labels: dict[str, str],
    limit: int = 10,
) -> list[Fit]:
    """Candidates that cover needs nobody in the consortium covers, or fill a role nobody holds,
    best first, each with its reasons."""
    gaps = uncovered_needs(needs, members)
    held = frozenset().union(*(m.roles for m in members)) if members else frozenset()
    missing_roles = wanted_roles - held
    fits = []
    for candidate in candidates:
        covered = sorted(need for need in gaps if _covers(candidate.categories, need))
        if gaps and not covered:
            continue  # a role alone does not complement the consortium's capabilities
        roles = sorted(candidate.roles & missing_roles)
        factors = []
        if covered:
            names = ", ".join(labels.get(need, need) for need in covered)
            share = 0.7 * len(covered) / len(gaps)
            factors.append(
                Factor(
                    name="coverage",
                    contribution=round(share, 4),
                    text=_("Covers what no member covers yet: %(needs)s") % {"needs": names},
                )
            )
        if roles:
            names = ", ".join(labels.get(role, role) for role in roles)
            factors.append(
                Factor(
                    name="role",
                    contribution=0.3,
                    text=_("Can take a role nobody holds: %(roles)s") % {"roles": names},
                )
            )
        if factors:
            score = round(sum(f.contribution for f in factors), 4)
            fits.append(Fit(id=candidate.id, score=score, factors=factors))
    return fits_ranked(fits, minimum=0.0)[:limit]
