"""The fee allocation as CSV and Excel (R22), shared by the page and the command.

Both go through core.exports, so no municipality name can run as a formula.
"""

from __future__ import annotations

from decimal import Decimal

from django.http import HttpResponse

from core.exports import (
    COUNT,
    DATE,
    KRONOR,
    PERCENT,
    XlsxSheet,
    csv_response,
    csv_text,
    xlsx_response,
)
from finance.selectors import Allocation

CSV_HEADER = ["kommunkod", "kommun", "folkmangd", "andel", "avgift_kr"]
SHARE_PLACES = Decimal("0.000001")
WHOLE_KRONOR = Decimal(1)
CSV_DIALECT = {"header": CSV_HEADER, "lineterminator": "\n"}


def _csv_rows(allocation: Allocation):
    for row in allocation.rows:
        yield [
            row.code,
            row.name,
            row.population,
            row.share.quantize(SHARE_PLACES),
            row.amount.quantize(WHOLE_KRONOR),
        ]


def allocation_csv(allocation: Allocation) -> str:
    """DOMAIN.md contract: kommunkod,kommun,folkmangd,andel,avgift_kr; andel with 6 decimals."""
    return csv_text(_csv_rows(allocation), **CSV_DIALECT)


def allocation_csv_response(allocation: Allocation) -> HttpResponse:
    """The command's CSV as a download (the same bytes, no BOM)."""
    return csv_response(
        _csv_rows(allocation), filename=f"avgift-{allocation.year}.csv", **CSV_DIALECT
    )


def allocation_xlsx(allocation: Allocation) -> XlsxSheet:
    """The same table as an Excel workbook: numbers as numbers in Excel formats (percent,
    kronor, dates), a total row, the header row frozen, columns as wide as their content."""
    sheet = XlsxSheet(f"Avgift {allocation.year}")
    status = "beslutad" if allocation.fee.decided else "ej beslutad (beräknad)"
    sheet.append(
        [f"Avgift {allocation.year}, {status}", int(allocation.fee.amount)],
        bold=True,
        number_formats={2: KRONOR},
        span=True,
    )
    sheet.append(["Folkmängd per", allocation.population_date], number_formats={2: DATE}, span=True)
    sheet.append([])
    sheet.append(["Kommunkod", "Kommun", "Folkmängd", "Andel", "Avgift"], bold=True)
    sheet.freeze_header()
    formats = {3: COUNT, 4: PERCENT, 5: KRONOR}
    for row in allocation.rows:
        sheet.append(
            [row.code, row.name, row.population, row.share, int(row.amount)],
            number_formats=formats,
        )
    sheet.append(
        [
            "",
            "Summa",
            allocation.total_population,
            Decimal(1),  # the shares make up the whole; their 6-decimal roundings may not
            int(allocation.total_amount),
        ],
        bold=True,
        number_formats=formats,
    )
    sheet.fit_widths()
    return sheet


def allocation_xlsx_response(allocation: Allocation) -> HttpResponse:
    return xlsx_response(allocation_xlsx(allocation), filename=f"avgift-{allocation.year}.xlsx")
