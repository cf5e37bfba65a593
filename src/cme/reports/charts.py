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
    label_font_size=13, major_label_font_size=13, value_font_size=13, legend_font_size=14, title_font_size=16,
    opacity="1", opacity_hover="1",
)
COMMON = {"style": STYLE, "js": [], "width": 720, "explicit_size": False, "disable_xml_declaration": True,
          "print_values": True, "print_zeroes": False, "truncate_label": 40, "truncate_legend": 40}


SCRIPT = re.compile(rb"<script\b.*?</script>", re.DOTALL)


def _data_uri(svg: bytes | str) -> str:
    """The SVG as an image URL, without the configuration script pygal always writes (an image
    never runs it, and nothing on these pages needs it)."""
    data = svg.encode("utf-8") if isinstance(svg, str) else svg
    return "data:image/svg+xml;base64," + base64.b64encode(SCRIPT.sub(b"", data)).decode("ascii")


def bars(counts: dict[str, int], *, series: str) -> str:
    """Horizontal bars, one per label, largest first as given."""
    height = 80 + 34 * max(1, len(counts))
    chart = pygal.HorizontalBar(height=height, show_legend=False, **COMMON)
    chart.x_labels = list(counts)
    chart.add(series, list(counts.values()))
    return _data_uri(chart.render())


def columns(counts: dict[str, int], *, series: str) -> str:
    chart = pygal.Bar(height=340, show_legend=False, x_label_rotation=0, **COMMON)
    chart.x_labels = list(counts)
    chart.add(series, list(counts.values()))
    return _data_uri(chart.render())


def lines(labels: Sequence[str], series: dict[str, Sequence[int]]) -> str:
    """One line per series over the months; every third month labelled so labels never overlap."""
    options = {**COMMON, "print_values": False}
    chart = pygal.Line(height=380, x_label_rotation=0, show_minor_x_labels=False, legend_at_bottom=True,
                       legend_at_bottom_columns=len(series), dots_size=3, stroke_style={"width": 3}, **options)
    chart.x_labels = list(labels)
    chart.x_labels_major = list(labels)[::3]
    for name, values in series.items():
        chart.add(name, list(values))
    return _data_uri(chart.render())
