"""Charts drawn as SVG on the server: geometry here, markup in core/_bars.html and
core/_columns.html (presentation attributes only, so the content security policy needs no
exception, and no script: the numbers are also in each chart's text description)."""

from dataclasses import dataclass

BAR_HEIGHT = 24
GAP = 8
LABEL_WIDTH = 170
BAR_SPACE = 200


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    y: int
    width: int
    text_x: int


def bars(rows: list[tuple[str, int]]) -> dict:
    """Geometry of one horizontal bar per (label, value), scaled to the largest value."""
    top = max((value for _, value in rows), default=0) or 1
    drawn = [
        Bar(
            label=str(label),
            value=value,
            y=i * (BAR_HEIGHT + GAP),
            width=round(BAR_SPACE * value / top),
            text_x=LABEL_WIDTH + round(BAR_SPACE * value / top) + 6,
        )
        for i, (label, value) in enumerate(rows)
    ]
    return {
        "bars": drawn,
        "height": len(rows) * (BAR_HEIGHT + GAP),
        "label_width": LABEL_WIDTH,
        "bar_height": BAR_HEIGHT,
        "width": LABEL_WIDTH + BAR_SPACE + 60,
    }


COLUMN_SPACE = 180
COLUMN_GAP = 6
PALETTE = ("#1d5fa8", "#c2410c", "#15803d", "#7c3aed")


@dataclass(frozen=True)
class Column:
    x: int
    y: int
    height: int
    width: int
    colour: str
    value: int
    series: str


def columns(labels: list[str], series: list[tuple[str, list[int]]]) -> dict:
    """Grouped vertical columns: one group per label (e.g. a month), one column per series."""
    top = max((v for _, values in series for v in values), default=0) or 1
    group = max(1, len(series)) * 14 + COLUMN_GAP
    drawn = [
        Column(
            x=40 + g * group + s * 14,
            y=COLUMN_SPACE - round(COLUMN_SPACE * value / top),
            height=round(COLUMN_SPACE * value / top),
            width=12,
            colour=PALETTE[s % len(PALETTE)],
            value=value,
            series=str(name),
        )
        for s, (name, values) in enumerate(series)
        for g, value in enumerate(values)
    ]
    return {
        "columns": drawn,
        "labels": [{"text": str(label), "x": 40 + g * group} for g, label in enumerate(labels)],
        "legend": [
            {"name": str(name), "colour": PALETTE[s % len(PALETTE)], "y": 16 + s * 18}
            for s, (name, _values) in enumerate(series)
        ],
        "top": top,
        "height": COLUMN_SPACE + 40,
        "width": 40 + len(labels) * group + 170,
        "legend_x": 40 + len(labels) * group + 20,
        "base": COLUMN_SPACE,
        "description": "; ".join(
            f"{name}: " + ", ".join(f"{label} {v}" for label, v in zip(labels, values, strict=True))
            for name, values in series
        ),
    }
