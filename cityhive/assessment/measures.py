"""How each U4SSC KPI is measured: its unit, whether less is better, and its possible range.

The unit and direction follow the KPI definitions of ITU-T Y.4903 (data/kpi_measures.csv); the
taxonomy holds the KPIs themselves.
"""

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

MEASURES_CSV = Path(__file__).parent / "data" / "kpi_measures.csv"


@dataclass(frozen=True)
class Measure:
    unit: str
    lower_is_better: bool
    minimum: float | None
    maximum: float | None

    def out_of_range(self, value: float) -> bool:
        """Whether a value lies outside what the KPI can take."""
        low = self.minimum is not None and value < self.minimum
        return low or (self.maximum is not None and value > self.maximum)

    def range_text(self) -> str:
        if self.maximum is None:
            return f"at least {self.minimum:g}"
        return f"between {self.minimum:g} and {self.maximum:g}"


def _bound(text: str) -> float | None:
    return float(text) if text.strip() else None


@cache
def measures() -> dict[str, Measure]:
    """Every KPI's measure by KPI code."""
    with MEASURES_CSV.open(encoding="utf-8") as handle:
        return {
            row["kpi_code"]: Measure(
                unit=row["unit"],
                lower_is_better=row["direction"] == "lower",
                minimum=_bound(row["minimum"]),
                maximum=_bound(row["maximum"]),
            )
            for row in csv.DictReader(handle)
        }


DEFAULT = Measure(unit="", lower_is_better=False, minimum=None, maximum=None)


def measure_of(code: str) -> Measure:
    """The measure of one KPI (no unit or range for a KPI the file does not list)."""
    return measures().get(code, DEFAULT)
