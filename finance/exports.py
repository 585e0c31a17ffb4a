"""The fee allocation as CSV and Excel (R22), shared by the page and the command."""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook
from openpyxl.styles import Font

from finance.selectors import Allocation

CSV_HEADER = ["kommunkod", "kommun", "folkmangd", "andel", "avgift_kr"]


def allocation_csv(allocation: Allocation) -> str:
    """DOMAIN.md contract: kommunkod,kommun,folkmangd,andel,avgift_kr; andel with 6 decimals."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for row in allocation.rows:
        writer.writerow(
            [row.code, row.name, row.population, f"{row.share:.6f}", f"{row.amount:.0f}"]
        )
    return buffer.getvalue()


def allocation_xlsx(allocation: Allocation) -> bytes:
    """The same table as an Excel workbook, with numbers as numbers and a total row."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = f"Avgift {allocation.year}"
    status = "beslutad" if allocation.fee.decided else "ej beslutad (beräknad)"
    sheet.append([f"Avgift {allocation.year}: {allocation.fee.amount:.0f} kr, {status}"])
    sheet.append([f"Folkmängd per {allocation.population_date:%Y-%m-%d}"])
    sheet.append([])
    sheet.append(["Kommunkod", "Kommun", "Folkmängd", "Andel", "Avgift (kr)"])
    for cell in sheet[4]:
        cell.font = Font(bold=True)
    for row in allocation.rows:
        sheet.append([row.code, row.name, row.population, row.share, int(row.amount)])
        sheet.cell(row=sheet.max_row, column=4).number_format = "0.000000"
        sheet.cell(row=sheet.max_row, column=5).number_format = "# ##0"
    sheet.append(["", "Summa", allocation.total_population, None, int(allocation.total_amount)])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    sheet.cell(row=sheet.max_row, column=5).number_format = "# ##0"
    for column, width in zip("ABCDE", (12, 16, 12, 12, 14), strict=True):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
