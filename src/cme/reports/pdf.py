"""The quarterly report's figures as comparison tables (shared by the page and the PDF) and
its PDF, drawn with reportlab. The PDF is for printing and circulating to the management
team; the web page is the accessible version (reportlab does not tag PDFs)."""

from __future__ import annotations

import io
from dataclasses import dataclass

from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from .figures import PeriodFigures
from .selectors import QuarterlyReport

BLUE, RED, GREEN, GREY = (colors.HexColor(code) for code in ("#1d70b8", "#d4351c", "#00703c", "#b1b4b6"))


@dataclass(frozen=True)
class Row:
    label: str
    this: object
    previous: object
    year_earlier: object

    @property
    def change(self) -> str:
        """This quarter against the last, in words a manager reads at a glance."""
        if not isinstance(self.this, int | float) or not isinstance(self.previous, int | float):
            return ""
        difference = self.this - self.previous
        if difference == 0:
            return "no change"
        return f"{'up' if difference > 0 else 'down'} {_number(abs(difference))}"


def _number(value: object) -> str:
    if value is None:
        return "none closed"
    if isinstance(value, float):
        return f"{value:.0f}" if value == int(value) else f"{value:.1f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


def comparison_rows(report: QuarterlyReport) -> list[tuple[str, list[Row]]]:
    this, previous, earlier = report.this, report.previous, report.year_earlier

    def rows(pick) -> list[Row]:
        keys = list(pick(this))
        return [Row(key, pick(this).get(key, 0), pick(previous).get(key, 0), pick(earlier).get(key, 0))
                for key in keys if pick(this).get(key) or pick(previous).get(key) or pick(earlier).get(key)]

    def headline(figures: PeriodFigures) -> dict[str, object]:
        return {"Open at the quarter's end": figures.open_at_end, "New in the quarter": figures.started,
                "Closed in the quarter": figures.ended,
                "Median days from start to close (cases closed)": figures.median_days,
                "90th percentile days from start to close": figures.p90_days}

    headline_rows = [Row(key, headline(this)[key], headline(previous)[key], headline(earlier)[key])
                     for key in headline(this)]
    return [
        ("Cases", headline_rows),
        ("Vulnerable groups among children open at the quarter's end", rows(lambda f: f.groups_at_end)),
        ("Where new cases came from", rows(lambda f: f.by_source)),
        ("How cases closed", rows(lambda f: f.by_outcome)),
        ("DfE primary reason of new cases", rows(lambda f: f.by_reason)),
    ]


def quarterly_pdf(report: QuarterlyReport) -> bytes:
    buffer = io.BytesIO()
    quarter = report.quarter
    document = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=16 * mm, bottomMargin=16 * mm,
        title=f"CME quarterly report, {quarter.label}", author=report.local_authority.name,
        subject="Children missing education: quarterly statistics", lang="en-GB")
    styles = getSampleStyleSheet()
    story = [
        Paragraph(f"Children missing education: quarterly report, {quarter.label}", styles["Title"]),
        Paragraph(f"{report.local_authority.name}. Produced {report.produced_on:%-d %B %Y} from CME Tracker's "
                  "casework. Compared with the previous quarter "
                  f"({quarter.previous.label}) and the same quarter a year earlier ({quarter.a_year_earlier.label}).",
                  styles["Normal"]),
    ]
    if not report.complete:
        story.append(Paragraph("This quarter has not ended: its figures are so far.", styles["Normal"]))
    if report.local_authority.is_fictional:
        story.append(Paragraph("Demonstration data: every child and figure here is fictional.", styles["Normal"]))
    story.append(Spacer(1, 5 * mm))
    header = ["", quarter.label, quarter.previous.label, quarter.a_year_earlier.label, "Change on last quarter"]
    for heading, rows in comparison_rows(report):
        if not rows:
            continue
        table = Table([header] + [[Paragraph(row.label, styles["BodyText"]), _number(row.this),
                                   _number(row.previous), _number(row.year_earlier), row.change] for row in rows],
                      colWidths=[64 * mm, 27 * mm, 27 * mm, 27 * mm, 29 * mm], repeatRows=1)
        table.setStyle(TableStyle([
            ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 8), ("FONT", (1, 1), (-1, -1), "Helvetica", 9),
            ("ALIGN", (1, 0), (-1, -1), "RIGHT"), ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LINEBELOW", (0, 0), (-1, -1), 0.4, GREY), ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ]))
        story.append(KeepTogether([Paragraph(heading, styles["Heading2"]), table, Spacer(1, 4 * mm)]))
    story += [Paragraph("Open cases, new and closed each month (24 months)", styles["Heading2"]),
              _trend_drawing(report)]
    document.build(story)
    return buffer.getvalue()


def _trend_drawing(report: QuarterlyReport) -> Drawing:
    trend = report.trend
    drawing = Drawing(170 * mm, 80 * mm)
    chart = HorizontalLineChart()
    chart.x, chart.y, chart.width, chart.height = 12 * mm, 16 * mm, 150 * mm, 56 * mm
    chart.data = [[m.open_at_end for m in trend], [m.started for m in trend], [m.ended for m in trend]]
    chart.categoryAxis.categoryNames = [m.label if i % 3 == 0 else "" for i, m in enumerate(trend)]
    chart.categoryAxis.labels.fontSize = 7
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    for index, colour in enumerate((BLUE, RED, GREEN)):
        chart.lines[index].strokeColor = colour
        chart.lines[index].strokeWidth = 2
    drawing.add(chart)
    for index, (name, colour) in enumerate((("Open at the month's end", BLUE), ("New", RED), ("Closed", GREEN))):
        drawing.add(String(12 * mm + index * 50 * mm, 4 * mm, name, fontSize=8, fillColor=colour))
    return drawing
