"""The portfolio overview (with its filters) as CSV and Excel, through core.exports."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils import timezone

from core.exports import COUNT, KRONOR, XlsxSheet, csv_response, xlsx_response
from projects import overview
from projects.models import Portfolio

EXPORT_HEADER = [
    "Projekt",
    "Steg",
    "Projektledare",
    "Deltagande kommuner",
    "Antal deltagare",
    "Sökta gemensamma medel (kr)",
    "Status gemensamma medel",
    "Senaste kvartalsstatus",
    "Kvartal",
]
# 1-based columns -> Excel number formats
XLSX_FORMATS = {5: COUNT, 6: KRONOR}


def portfolio_export_rows(projects, *, members) -> list[list]:
    """One row per project, in EXPORT_HEADER's order; amounts and counts stay numbers.

    `members`: the partnership's member municipalities (R15's "x of 13")."""
    lines = []
    rows = overview.project_rows(projects.select_related("lead"), members=members)
    for row in rows:
        p = row.project
        lines.append(
            [
                p.title,
                p.stage.name,
                (p.lead.get_full_name() or p.lead.username) if p.lead else "",
                ", ".join(m.name for m in row.participants),
                len(row.participants),
                p.requested_funds,
                row.funds_status,
                row.latest_status.get_status_display() if row.latest_status else "",
                row.latest_status.period if row.latest_status else "",
            ]
        )
    return lines


def export_filename(portfolio: Portfolio, ext: str) -> str:
    return f"portfolj-{portfolio.tactical_group.slug}-{timezone.localdate():%Y-%m-%d}.{ext}"


def portfolio_csv(portfolio: Portfolio, projects, *, members) -> HttpResponse:
    """UTF-8 with BOM, semicolons and decimal commas, as Swedish Excel opens it."""
    return csv_response(
        portfolio_export_rows(projects, members=members),
        filename=export_filename(portfolio, "csv"),
        header=EXPORT_HEADER,
        delimiter=";",
        decimal_separator=",",
        bom=True,
    )


def portfolio_xlsx(portfolio: Portfolio, projects, *, members) -> HttpResponse:
    """One sheet "Projektportfölj": the header row frozen, kronor and counts as numbers."""
    sheet = XlsxSheet("Projektportfölj")
    sheet.append(EXPORT_HEADER, bold=True)
    sheet.freeze_header()
    for line in portfolio_export_rows(projects, members=members):
        sheet.append(line, number_formats=XLSX_FORMATS)
    sheet.fit_widths()
    return xlsx_response(sheet, filename=export_filename(portfolio, "xlsx"))
