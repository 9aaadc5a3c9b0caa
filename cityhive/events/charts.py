"""Bar charts drawn as SVG on the server: geometry here, markup in events/_bars.html (presentation
attributes only, so the page's content security policy needs no exception)."""

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
