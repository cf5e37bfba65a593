"""Charts drawn on the server as SVG with pygal, shown as images with a text alternative and
always next to a table of the same figures (GOV.UK's guidance: a chart never carries
information the table does not). No JavaScript: pygal's tooltips script is left out."""

from __future__ import annotations

import base64
import re
from collections.abc import Sequence

import pygal
from pygal.style import Style

# GOV.UK Design System colours with enough contrast against white.
COLOURS = ("#1d70b8", "#d4351c", "#00703c", "#4c2c92", "#f47738", "#505a5f", "#912b88", "#28a197")
STYLE = Style(
    colors=COLOURS, background="#ffffff", plot_background="#ffffff", foreground="#0b0c0c",
    foreground_strong="#0b0c0c", foreground_subtle="#505a5f", font_family="arial, sans-serif",
    label_font_size=15, major_label_font_size=15, value_font_size=15, legend_font_size=16, title_font_size=16,
    opacity="1", opacity_hover="1",
)
COMMON = {"style": STYLE, "js": [], "width": 640, "explicit_size": False, "disable_xml_declaration": True,
          "print_values": False, "truncate_label": 40, "truncate_legend": 40}


SCRIPT = re.compile(rb"<script\b.*?</script>", re.DOTALL)


def _data_uri(svg: bytes | str) -> str:
    """The SVG as an image URL, without the configuration script pygal always writes (an image
    never runs it, and nothing on these pages needs it)."""
    data = svg.encode("utf-8") if isinstance(svg, str) else svg
    return "data:image/svg+xml;base64," + base64.b64encode(SCRIPT.sub(b"", data)).decode("ascii")


def bars(counts: dict[str, int], *, series: str) -> str:
    """Horizontal bars, one per label, top to bottom in the order given (as the table beside
    them reads; pygal draws the first label at the bottom, so they go in reversed)."""
    height = 80 + 34 * max(1, len(counts))
    chart = pygal.HorizontalBar(height=height, show_legend=False, **COMMON)
    chart.x_labels = list(reversed(counts))
    chart.y_labels = whole_number_ticks(max(counts.values(), default=0))
    chart.add(series, list(reversed(counts.values())))
    return _data_uri(chart.render())


def whole_number_ticks(largest: int) -> list[int]:
    """Axis marks at whole numbers, about eight of them: counts of children have no fractions."""
    step = max(1, -(-largest // 8))
    return list(range(0, largest + step + 1, step))


def lines(labels: Sequence[str], series: dict[str, Sequence[int]]) -> str:
    """One line per series over the months; every third month labelled so labels never overlap."""
    options = COMMON
    chart = pygal.Line(height=380, x_label_rotation=0, show_minor_x_labels=False, legend_at_bottom=True,
                       legend_at_bottom_columns=len(series), dots_size=3, stroke_style={"width": 3}, **options)
    chart.x_labels = list(labels)
    chart.x_labels_major = list(labels)[::3]
    chart.y_labels = whole_number_ticks(max((max(values, default=0) for values in series.values()), default=0))
    for name, values in series.items():
        chart.add(name, list(values))
    return _data_uri(chart.render())
