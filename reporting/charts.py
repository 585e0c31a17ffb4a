"""Small SVG chart builders for reports (R41): horizontal bars, grouped or stacked.

Output is plain SVG markup with presentation attributes only (no style
attributes, no script), so it works both in the CSP-protected HTML preview and
in WeasyPrint. Coordinates are computed with Decimal; values are never floats.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WIDTH = 680
LABEL_WIDTH = 200
VALUE_WIDTH = 90
BAR_HEIGHT = 14
ROW_GAP = 10
LEGEND_HEIGHT = 26
FONT = "Report Sans, DejaVu Sans, sans-serif"

# Colour-blind-safe palette (Okabe-Ito, darkened for print contrast).
PALETTE = ["#00507a", "#d55e00", "#009e73", "#cc79a7", "#0072b2", "#e69f00", "#56b4e9", "#6b7782"]


def _num(value: Decimal) -> str:
    return f"{Decimal(value).quantize(Decimal('0.1'))}"


def _svg(height: int, label: str, body: list[str]) -> SafeString:
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" role="img" aria-label="{escape(label)}" '
        f'font-family="{FONT}" font-size="11">'
        f"<title>{escape(label)}</title>"
    )
    return mark_safe(head + "".join(body) + "</svg>")  # noqa: S308 - every text is escaped


def _legend(series: Sequence[tuple[str, str]]) -> list[str]:
    parts = []
    x = LABEL_WIDTH
    for name, colour in series:
        parts.append(f'<rect x="{x}" y="6" width="12" height="12" fill="{colour}"/>')
        parts.append(f'<text x="{x + 17}" y="16" fill="#1b1f24">{escape(name)}</text>')
        x += 30 + 7 * len(name)
    return parts


LABEL_CHARS = 30  # what fits in LABEL_WIDTH at font-size 11
LINE_HEIGHT = 12


def _label_lines(text: str) -> list[str]:
    """The label on one line, or wrapped at a space onto two; shortened only beyond that."""
    if len(text) <= LABEL_CHARS:
        return [text]
    first, rest = "", text
    for word in text.split(" "):
        candidate = f"{first} {word}".strip()
        if len(candidate) > LABEL_CHARS:
            break
        first = candidate
    if not first:
        first = text[:LABEL_CHARS]
    rest = text[len(first) :].strip()
    if len(rest) > LABEL_CHARS:
        rest = rest[: LABEL_CHARS - 1] + "…"
    return [first, rest]


def _label(y: Decimal, text: str) -> str:
    lines = _label_lines(text)
    if len(lines) == 1:
        return (
            f'<text x="{LABEL_WIDTH - 8}" y="{_num(y)}" text-anchor="end" fill="#1b1f24">'
            f"{escape(text)}</text>"
        )
    top = y - Decimal(LINE_HEIGHT) / 2
    spans = "".join(
        f'<tspan x="{LABEL_WIDTH - 8}" y="{_num(top + i * LINE_HEIGHT)}">{escape(line)}</tspan>'
        for i, line in enumerate(lines)
    )
    return f'<text text-anchor="end" fill="#1b1f24">{spans}</text>'


def grouped_bars(
    *,
    label: str,
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[Decimal]]],
    format_value: Callable[[Decimal], str],
) -> SafeString:
    """One group of horizontal bars per category, one bar per series (e.g. budget, outcome)."""
    colours = [PALETTE[i % len(PALETTE)] for i in range(len(series))]
    values = [Decimal(v) for _name, vals in series for v in vals]
    top = max([v for v in values if v > 0], default=Decimal(1))
    span = Decimal(WIDTH - LABEL_WIDTH - VALUE_WIDTH)
    group_height = BAR_HEIGHT * len(series) + ROW_GAP
    height = LEGEND_HEIGHT + group_height * len(categories) + 6
    body = _legend([(name, colours[i]) for i, (name, _vals) in enumerate(series)])
    for row, category in enumerate(categories):
        y0 = Decimal(LEGEND_HEIGHT + row * group_height)
        body.append(_label(y0 + Decimal(BAR_HEIGHT * len(series)) / 2 + 4, category))
        for i, (_name, vals) in enumerate(series):
            value = Decimal(vals[row])
            length = max(value, Decimal(0)) / top * span
            y = y0 + i * BAR_HEIGHT
            body.append(
                f'<rect x="{LABEL_WIDTH}" y="{_num(y)}" width="{_num(length)}" '
                f'height="{BAR_HEIGHT - 2}" fill="{colours[i]}"/>'
            )
            body.append(
                f'<text x="{_num(LABEL_WIDTH + length + 4)}" y="{_num(y + BAR_HEIGHT - 4)}" '
                f'fill="#1b1f24">{escape(format_value(value))}</text>'
            )
    body.append(
        f'<line x1="{LABEL_WIDTH}" y1="{LEGEND_HEIGHT - 2}" x2="{LABEL_WIDTH}" '
        f'y2="{height - 4}" stroke="#6b7782" stroke-width="1"/>'
    )
    return _svg(height, label, body)


def stacked_bars(
    *,
    label: str,
    categories: Sequence[str],
    segments: Sequence[str],
    counts: Sequence[Sequence[int]],
) -> SafeString:
    """One stacked bar per category (e.g. portfolio), one segment per kind (e.g. stage)."""
    colours = [PALETTE[i % len(PALETTE)] for i in range(len(segments))]
    totals = [sum(row) for row in counts]
    top = Decimal(max(totals, default=0) or 1)
    span = Decimal(WIDTH - LABEL_WIDTH - VALUE_WIDTH)
    legend_rows = []
    row_items: list[tuple[str, str]] = []
    used = 0
    for name, colour in zip(segments, colours, strict=True):
        width = 30 + 7 * len(name)
        if used + width > WIDTH - LABEL_WIDTH and row_items:
            legend_rows.append(row_items)
            row_items, used = [], 0
        row_items.append((name, colour))
        used += width
    if row_items:
        legend_rows.append(row_items)
    legend_height = LEGEND_HEIGHT * max(len(legend_rows), 1)
    row_height = BAR_HEIGHT + 8 + ROW_GAP
    height = legend_height + row_height * len(categories) + 6
    body = []
    for index, items in enumerate(legend_rows):
        x = LABEL_WIDTH
        y = index * LEGEND_HEIGHT
        for name, colour in items:
            body.append(f'<rect x="{x}" y="{y + 6}" width="12" height="12" fill="{colour}"/>')
            body.append(f'<text x="{x + 17}" y="{y + 16}" fill="#1b1f24">{escape(name)}</text>')
            x += 30 + 7 * len(name)
    for row, category in enumerate(categories):
        y = Decimal(legend_height + row * row_height)
        body.append(_label(y + Decimal(BAR_HEIGHT + 8) / 2 + 4, category))
        x = Decimal(LABEL_WIDTH)
        for i, count in enumerate(counts[row]):
            if not count:
                continue
            length = Decimal(count) / top * span
            body.append(
                f'<rect x="{_num(x)}" y="{_num(y)}" width="{_num(length)}" '
                f'height="{BAR_HEIGHT + 6}" fill="{colours[i]}" stroke="#ffffff" '
                f'stroke-width="1"/>'
            )
            if length >= 14:
                body.append(
                    f'<text x="{_num(x + length / 2)}" y="{_num(y + BAR_HEIGHT + 1)}" '
                    f'text-anchor="middle" fill="#ffffff" font-weight="bold">{count}</text>'
                )
            x += length
        body.append(
            f'<text x="{_num(x + 5)}" y="{_num(y + BAR_HEIGHT + 1)}" fill="#1b1f24">'
            f"{totals[row]}</text>"
        )
    return _svg(height, label, body)
