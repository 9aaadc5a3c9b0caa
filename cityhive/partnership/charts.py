"""Server-rendered SVG charts of the programme's figures (pygal, no script, no CDN).

A chart is an image (`data:` URI): the page's content security policy forbids inline styles and
scripts, while an image keeps its own styles to itself. The figures stay on the page as text, so
the chart adds a picture and takes nothing away from those who do not see it.
"""

import base64
import re

import pygal
from pygal.style import Style

SCRIPTS = re.compile(rb"<script\b.*?</script>", re.S)
STYLE = Style(
    background="transparent",
    plot_background="transparent",
    foreground="#1b1f24",
    foreground_strong="#1b1f24",
    foreground_subtle="#5b6570",
    colors=("#1f6f5c", "#c2185b", "#3b5ba9", "#b26a00", "#6a4c93"),
    font_family="system-ui, sans-serif",
)


def bar_chart(pairs: list[tuple[str, int]]) -> str:
    """A horizontal bar chart of (label, count) pairs as a `data:` URI ("" when all are 0)."""
    if not any(count for _, count in pairs):
        return ""
    chart = pygal.HorizontalBar(
        style=STYLE,
        js=[],
        show_legend=False,
        width=480,
        height=max(140, 40 * len(pairs) + 60),
        print_values=True,
        disable_xml_declaration=False,
    )
    chart.x_labels = [label for label, _ in pairs]
    chart.add("", [count for _, count in pairs])
    # pygal writes its tooltip configuration as a script; an image runs none, so it goes.
    svg = SCRIPTS.sub(b"", chart.render())
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode()
