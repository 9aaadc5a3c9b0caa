"""Does a financing plan add up? Pure arithmetic on Decimals, so it is tested with generated plans.

Every source is converted into the project's currency with the rate given for its currency (one
unit of that currency in the project's currency); the converted sum must equal the project's total
cost to the cent.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation

CENT = Decimal("0.01")


@dataclass(frozen=True)
class SourceLine:
    amount: Decimal
    currency: str


def _rate(rates: dict[str, str], currency: str) -> Decimal | None:
    try:
        rate = Decimal(str(rates[currency]))
    except (KeyError, InvalidOperation):
        return None
    return rate if rate.is_finite() and rate > 0 else None


def plan_total(
    lines: list[SourceLine], *, currency: str, rates: dict[str, str]
) -> tuple[Decimal, list[str]]:
    """The plan's sum in `currency`, and the currencies that have no usable rate."""
    total, missing = Decimal(0), []
    for line in lines:
        if line.currency == currency:
            total += line.amount
            continue
        rate = _rate(rates, line.currency)
        if rate is None:
            missing.append(line.currency)
            continue
        total += line.amount * rate
    return total.quantize(CENT, rounding=ROUND_HALF_EVEN), sorted(set(missing))


def plan_gap(lines: list[SourceLine], *, currency: str, rates: dict[str, str], cost: Decimal):
    """How far the plan is from the cost (cost - sum), or None when a currency lacks a rate."""
    total, missing = plan_total(lines, currency=currency, rates=rates)
    return None if missing else cost.quantize(CENT) - total
