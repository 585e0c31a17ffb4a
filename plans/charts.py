"""Small server-side SVG charts of an indicator over the years (R64), with a text alternative.

The SVG is built from numbers only (no user text inside it): bars per year, the
year's target as a line. The page and the report show the same values as text.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from plans.formatting import indicator_number

WIDTH, HEIGHT = 240, 90
TOP, BOTTOM, LEFT = 8, 18, 4
BAR_FILL = "#00507a"
TARGET_STROKE = "#a4161a"
TEXT_FILL = "#1b1f24"


def indicator_chart(history, *, label_id: str = "") -> SafeString:
    """Bars of the values per year with the targets as short lines; "" with nothing to show.

    Built as plain text from numbers the function formats itself (and `label_id`,
    escaped): a page draws dozens of these, so no escaping per coordinate.
    """
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

    zero = y(0)
    parts = []
    for i, point in enumerate(points):
        x = LEFT + i * slot + (slot - bar) / 2
        if point.value is not None:
            # From the zero line up (or down, for a negative value such as a deficit).
            upper, lower = sorted((y(point.value), zero))
            parts.append(
                f'<rect x="{x:.1f}" y="{upper:.1f}" width="{bar:.1f}" '
                f'height="{lower - upper:.1f}" fill="{BAR_FILL}"/>'
            )
        if point.target is not None:
            at = y(point.target)
            parts.append(
                f'<line x1="{x - 3:.1f}" x2="{x + bar + 3:.1f}" y1="{at:.1f}" y2="{at:.1f}" '
                f'stroke="{TARGET_STROKE}" stroke-width="2" stroke-dasharray="3 2"/>'
            )
        parts.append(
            f'<text x="{x + bar / 2:.1f}" y="{HEIGHT - 4}" font-size="10" text-anchor="middle" '
            f'fill="{TEXT_FILL}">{int(point.year)}</text>'
        )
    labelled = f' aria-labelledby="{escape(label_id)}"' if label_id else ""
    return mark_safe(  # noqa: S308 - numbers formatted here and the escaped label only
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" '
        f'role="img"{labelled}><line x1="{LEFT}" x2="{WIDTH - LEFT}" y1="{zero:.1f}" '
        f'y2="{zero:.1f}" stroke="#4a5560" stroke-width="1"/>{"".join(parts)}</svg>'
    )


def history_text(history, unit: str) -> str:
    """The chart's values as text: '2025: 75 % (target 60 %); 2026: 80 % (target 60 %)'."""
    target = _("target")
    points = []
    for point in history:
        text = f"{point.year}: {indicator_number(point.value, unit) or '–'}"
        if point.target is not None:
            text += f" ({target} {indicator_number(point.target, unit)})"
        points.append(text)
    return "; ".join(points)


def indicator_figure(history, *, unit: str, label_id: str) -> SafeString:
    """The chart in a figure whose caption, the chart's name, gives its values as text."""
    if not history:
        return SafeString("")
    return mark_safe(  # noqa: S308 - the chart above and escaped text
        f'<figure class="chart-figure">\n      {indicator_chart(history, label_id=label_id)}\n'
        f'      <figcaption class="sub" id="{escape(label_id)}">'
        f"{escape(history_text(history, unit))}</figcaption>\n    </figure>"
    )
