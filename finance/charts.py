"""Server-rendered, accessible SVG charts (no JavaScript; CSP-safe: no style attributes).

`bar_chart_svg` draws grouped horizontal bars, one group per category, so long
Swedish labels fit on a 375 px phone. The SVG has <title> and <desc>, is
labelled for screen readers, and pages show the same numbers in a table.
Reused by the reporting app (HTML and PDF).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import count

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from core.money import format_tkr

# Colour-blind-safe palette (Okabe-Ito) with a pattern-free, high-contrast order.
PALETTE = ("#0b5394", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00")
_ids = count(1)


@dataclass(frozen=True)
class Series:
    label: str
    values: Sequence[Decimal]


def bar_chart_svg(
    *,
    title: str,
    description: str,
    categories: Sequence[str],
    series: Sequence[Series],
    value_format: Callable[[Decimal], str] = format_tkr,
    width: int = 420,
) -> SafeString:
    """Grouped horizontal bar chart as markup-safe SVG; every bar is labelled with its value."""
    chart_id = f"chart-{next(_ids)}"
    bar_height, bar_gap, group_gap = 18, 3, 18
    label_height = 18
    legend_height = 24 * ((len(series) + 1) // 2) + 8
    plot_left, plot_right = 8, width - 8
    value_space = 90
    maximum = max(
        (abs(Decimal(v)) for s in series for v in s.values if v is not None), default=Decimal(0)
    )
    scale_width = plot_right - plot_left - value_space
    group_height = label_height + len(series) * (bar_height + bar_gap) + group_gap
    height = legend_height + max(len(categories), 1) * group_height + 8

    parts = [
        format_html(
            '<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {} {}" '
            'width="{}" height="{}" role="img" aria-labelledby="{}-title {}-desc" '
            'font-family="sans-serif" font-size="14">',
            width,
            height,
            width,
            height,
            chart_id,
            chart_id,
        ),
        format_html('<title id="{}-title">{}</title>', chart_id, title),
        format_html('<desc id="{}-desc">{}</desc>', chart_id, description),
    ]
    # Legend.
    for index, item in enumerate(series):
        x = plot_left + (index % 2) * (width // 2)
        y = 8 + (index // 2) * 24
        parts.append(
            format_html(
                '<rect x="{}" y="{}" width="14" height="14" fill="{}"/>'
                '<text x="{}" y="{}" fill="#1b1f23">{}</text>',
                x,
                y,
                PALETTE[index % len(PALETTE)],
                x + 20,
                y + 12,
                item.label,
            )
        )
    y = legend_height
    for category_index, category in enumerate(categories):
        parts.append(
            format_html(
                '<text x="{}" y="{}" font-weight="bold" fill="#1b1f23">{}</text>',
                plot_left,
                y + 13,
                category,
            )
        )
        y += label_height
        for series_index, item in enumerate(series):
            value = item.values[category_index]
            amount = Decimal(value) if value is not None else Decimal(0)
            bar = 0 if maximum == 0 else int(abs(amount) / maximum * scale_width)
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}">'
                    "<title>{}: {}</title></rect>"
                    '<text x="{}" y="{}" fill="#1b1f23">{}</text>',
                    plot_left,
                    y,
                    max(bar, 1),
                    bar_height,
                    PALETTE[series_index % len(PALETTE)],
                    item.label,
                    value_format(amount) if value is not None else "–",
                    plot_left + max(bar, 1) + 6,
                    y + bar_height - 4,
                    value_format(amount) if value is not None else "–",
                )
            )
            y += bar_height + bar_gap
        y += group_gap
    parts.append(mark_safe("</svg>"))  # noqa: S308 - constant markup
    return format_html_join("", "{}", ((part,) for part in parts))


def area_chart_svg(areas, year: int, through_quarter: int) -> SafeString:
    """The budget page's chart: budget, outcome to date and forecast per area (R25)."""
    return bar_chart_svg(
        title=_("Budget and outcome per area %(year)s") % {"year": year},
        description=_(
            "Budget, outcome to date (through quarter %(quarter)s) and full-year forecast "
            "per area, in thousands of kronor. The same figures are in the table below."
        )
        % {"quarter": through_quarter},
        categories=[area.area for area in areas],
        series=[
            Series(_("Budget"), [area.budget for area in areas]),
            Series(_("Outcome to date"), [area.outcome_to_date for area in areas]),
            Series(_("Forecast"), [area.forecast for area in areas]),
        ],
    )
