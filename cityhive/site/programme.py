"""The programme managers' dashboard: applications by status, partners by tier and by country,
the SDGs partners commit to, and how matches turn into requests, acceptances and introductions
month by month.

It lives in the site app because it combines two domains that do not know each other's
figures: partnership (applications, partners) and engagement (requests and introductions).
Charts are drawn on the server as SVG (core.charts); each is followed by a table with the same
figures, so nothing is only in the picture.
"""

from dataclasses import dataclass

from django.utils import formats
from django.utils.translation import gettext as _
from django_countries import countries

from cityhive.core.charts import bars, columns
from cityhive.engagement.conversion import Month, programme_months
from cityhive.partnership.models import ApplicationStatus
from cityhive.partnership.selectors import programme_figures
from cityhive.taxonomy.models import SdgGoal


@dataclass(frozen=True)
class Figure:
    """One chart with its table: a title, (label, count) rows and the chart's geometry."""

    key: str
    title: str
    rows: list[tuple[str, int]]
    empty: str

    @property
    def chart(self) -> dict | None:
        """The bars, or None when every figure is zero (a chart of nothing says nothing)."""
        return bars(self.rows) if any(n for _, n in self.rows) else None


def _goal_names(numbers) -> dict[int, str]:
    return {goal.number: str(goal) for goal in SdgGoal.objects.filter(number__in=list(numbers))}


def partnership_figures(actor) -> list[Figure]:
    """Applications by status, today's partners by tier and by country, and their SDGs."""
    figures = programme_figures(actor=actor)
    statuses = dict(ApplicationStatus.choices)
    goals = _goal_names(goal for goal, _n in figures.sdgs)
    no_partner = _("No partner yet.")
    return [
        Figure(
            "applications",
            _("Applications by status"),
            [(str(statuses[code]), n) for code, n in figures.applications.items()],
            _("No application yet."),
        ),
        Figure("tiers", _("Partners by tier"), list(figures.partners_by_tier), no_partner),
        Figure(
            "countries",
            _("Partners by country"),
            [
                (countries.name(code) or _("No country"), n)
                for code, n in figures.partners_by_country
            ],
            no_partner,
        ),
        Figure(
            "sdgs",
            _("SDGs partners commit to"),
            [
                (goals.get(goal, _("SDG %(number)d") % {"number": goal}), n)
                for goal, n in figures.sdgs
            ],
            _("No commitment yet."),
        ),
    ]


def month_label(month: Month) -> str:
    """A month as people read it on the chart's axis (e.g. "Nov 2026")."""
    return formats.date_format(month.start, "M Y")


def conversion_chart(months: list[Month]) -> dict:
    """Requests sent, accepted and introductions per month, as grouped columns."""
    return columns(
        [formats.date_format(m.start, "M") for m in months],
        [
            (_("Requests sent"), [m.sent for m in months]),
            (_("Accepted"), [m.accepted for m in months]),
            (_("Introductions"), [m.introductions for m in months]),
        ],
    )


def programme_context(actor) -> dict:
    """Everything the programme dashboard shows (programme managers only: the selectors
    refuse anyone else)."""
    months = programme_months(actor=actor)
    return {
        "figures": partnership_figures(actor),
        "months": [(month_label(m), m) for m in months],
        "conversion_chart": conversion_chart(months),
        "totals": {
            "sent": sum(m.sent for m in months),
            "accepted": sum(m.accepted for m in months),
            "introductions": sum(m.introductions for m in months),
        },
    }
