"""Charts drawn as plain SVG in templates (no script, no style element: the CSP allows both)."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

# Band colours with dark text contrast on white (WCAG AA for the bar labels beside them).
BAND_COLOURS = {1: "#b3261e", 2: "#c25e00", 3: "#8a7a00", 4: "#2e7d32", None: "#9e9e9e"}
BAR_WIDTH = 300  # the SVG's user units for 100 %
ROW_HEIGHT = 28


@dataclass(frozen=True)
class Bar:
    label: str
    percent: float | None
    band: int | None
    y: int
    width: float
    colour: str
    text: str


@dataclass(frozen=True)
class BarChart:
    bars: list[Bar]
    height: int
    width: int = BAR_WIDTH


def dimension_bars(groups) -> BarChart:
    """One horizontal bar per group (dimension): its achievement, coloured by its band."""
    bars = []
    for index, group in enumerate(groups):
        percent = group.achievement
        text = (
            _("%(percent)s%% · band %(band)s") % {"percent": f"{percent:g}", "band": group.band}
            if percent is not None
            else _("not scored")
        )
        bars.append(
            Bar(
                label=group.name,
                percent=percent,
                band=group.band,
                y=index * ROW_HEIGHT * 2,
                width=round(BAR_WIDTH * (percent or 0) / 100, 1),
                colour=BAND_COLOURS[group.band],
                text=text,
            )
        )
    return BarChart(bars=bars, height=max(1, len(bars)) * ROW_HEIGHT * 2)
