"""Small server-side SVG charts of an indicator over the years (R64), with a text alternative.

The SVG is built from numbers only (no user text inside it): bars per year, the
year's target as a line. The page and the report show the same values as text.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

WIDTH, HEIGHT = 240, 90
TOP, BOTTOM, LEFT = 8, 18, 4
BAR_FILL = "#00507a"
TARGET_STROKE = "#a4161a"
TEXT_FILL = "#1b1f24"


def _n(number: float) -> str:
    """A coordinate as text with one decimal (format_html escapes its arguments to text)."""
    return f"{number:.1f}"


def indicator_chart(history, *, label_id: str = "") -> SafeString:
    """Bars of the values per year with the targets as short lines; "" with nothing to show."""
    points = [p for p in history if p.value is not None or p.target is not None]
    if not points:
        return SafeString("")
    values = [v for p in points for v in (p.value, p.target) if v is not None]
    top = float(max(max(values), Decimal("0")))
    low = float(min(min(values), Decimal("0")))
    span = (top - low) or 1.0
    plot = HEIGHT - TOP - BOTTOM
    slot = (WIDTH - LEFT * 2) / len(points)
    bar = slot * 0.55

    def y(value) -> float:
        return TOP + (top - float(value)) / span * plot

    parts = []
    for i, point in enumerate(points):
        x = LEFT + i * slot + (slot - bar) / 2
        if point.value is not None:
            # From the zero line up (or down, for a negative value such as a deficit).
            upper, lower = sorted((y(point.value), y(0)))
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>',
                    _n(x),
                    _n(upper),
                    _n(bar),
                    _n(lower - upper),
                    BAR_FILL,
                )
            )
        if point.target is not None:
            parts.append(
                format_html(
                    '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="{}" '
                    'stroke-width="2" stroke-dasharray="3 2"/>',
                    _n(x - 3),
                    _n(x + bar + 3),
                    _n(y(point.target)),
                    _n(y(point.target)),
                    TARGET_STROKE,
                )
            )
        parts.append(
            format_html(
                '<text x="{}" y="{}" font-size="10" text-anchor="middle" fill="{}">{}</text>',
                _n(x + bar / 2),
                HEIGHT - 4,
                TEXT_FILL,
                int(point.year),
            )
        )
    labelled = format_html(' aria-labelledby="{}"', label_id) if label_id else ""
    return format_html(
        '<svg class="chart" viewBox="0 0 {} {}" width="{}" height="{}" role="img"{}>'
        '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#4a5560" stroke-width="1"/>{}</svg>',
        WIDTH,
        HEIGHT,
        WIDTH,
        HEIGHT,
        labelled,
        LEFT,
        WIDTH - LEFT,
        _n(y(0)),
        _n(y(0)),
        format_html_join("", "{}", ((p,) for p in parts)),
    )
