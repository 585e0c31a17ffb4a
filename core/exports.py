"""Every CSV and Excel export goes through here, so no exported text can run as a formula.

CSV/formula injection (OWASP "CSV Injection", ASVS 5.0 V1.2.10, CWE-1236): a
project title such as ``=HYPERLINK("http://evil.example";"Öppna")``, typed by
any tactical group member, runs when whoever downloads the export opens it in
Excel or LibreOffice. So every text cell is neutralised as OWASP recommends:

- A text that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
  return (OWASP's list), or with a line feed (a line end like the carriage
  return) or a NUL (listed by ASVS 5.0 V1.2.10), gets a single quote ``'`` in
  front, so the spreadsheet shows it as text. In a CSV the quote stays
  visible, which OWASP accepts as the price of an inert file.
- OWASP asks for the first character only. We also quote a text whose first
  character after leading whitespace (spaces, no-break spaces, tabs, line ends)
  is one of these, because an import can trim leading spaces (LibreOffice's
  "Trim spaces" option) and then see the formula. Quoting such a text costs
  nothing.
- Separators, quotes and line ends inside a text cannot start a new cell: the
  csv module quotes such fields (RFC 4180), and `csv_text` makes it quote a CR
  or LF whatever the file's line end, so the check above sees each whole cell.
  Not covered: a file opened with another separator than its own (the fee CSV
  uses commas; a Swedish Excel splits on semicolons) splits at unquoted commas
  or semicolons inside a text; quoting every field would close that too but
  would change the `fee_allocation --format csv` contract of DOMAIN.md.
- In XLSX every text cell is written as a string (data type "s", never "f"),
  with the same quote in front: the file must stay inert when somebody saves
  it as CSV. Characters that XML 1.0 forbids (control characters other than
  tab and line ends) become U+FFFD instead of failing the download.

Numbers (int, Decimal) stay numbers in both formats, also negative ones: only
text is quoted. Dates stay dates (ISO 8601 in a CSV). `None` is an empty cell.

Use `csv_response`/`csv_text` for CSV and `XlsxSheet` + `xlsx_response` for
Excel; no view or module writes with the csv module or openpyxl directly
(tests/security/test_exports_inert.py requests every export URL with hostile
texts in the database and fails for an export that does not).
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# A text cell starting with one of these is read as a formula by some spreadsheet.
# Excel number formats. Format codes are stored in Excel's neutral notation: the comma
# groups thousands and shows as the reader's separator (a space in Swedish Excel), so
# 6200000 reads "6 200 000 kr"; a literal space in the code would not group the digits.
KRONOR = '#,##0 "kr"'
PERCENT = "0.00%"
COUNT = "#,##0"
DATE = "yyyy-mm-dd"
MIN_WIDTH = 8
MAX_WIDTH = 60

DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n", "\x00")
QUOTE = "'"


def neutralise(text: str) -> str:
    """The text with a single quote in front when a spreadsheet could run it as a formula."""
    if text.startswith(DANGEROUS_PREFIXES) or text.lstrip().startswith(DANGEROUS_PREFIXES):
        return QUOTE + text
    return text


def _is_number(value) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def csv_cell(value, *, decimal_separator: str = ".") -> str:
    """One CSV field: numbers and dates as they are, every other value as neutralised text."""
    if value is None:
        return ""
    if _is_number(value):
        text = format(value, "f") if isinstance(value, Decimal) else str(value)
        return text.replace(".", decimal_separator)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return neutralise(str(value))


def csv_text(
    rows: Iterable[Sequence],
    *,
    header: Sequence[str] = (),
    delimiter: str = ",",
    lineterminator: str = "\r\n",
    decimal_separator: str = ".",
) -> str:
    """The rows (after `header`, when given) as CSV text with every text cell neutralised."""
    # Rows are written with "\r\n" and that ending is then swapped for `lineterminator`:
    # the csv module quotes only the line-end characters of its own terminator, and an
    # unquoted "\r" inside a field would start a new line (and cell) in a spreadsheet.
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    lines = []

    def write(fields: list[str]) -> None:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(fields)
        lines.append(buffer.getvalue().removesuffix("\r\n") + lineterminator)

    if header:
        write([csv_cell(v) for v in header])
    for row in rows:
        write([csv_cell(v, decimal_separator=decimal_separator) for v in row])
    return "".join(lines)


def csv_response(
    rows: Iterable[Sequence],
    *,
    filename: str,
    header: Sequence[str] = (),
    delimiter: str = ",",
    lineterminator: str = "\r\n",
    decimal_separator: str = ".",
    bom: bool = False,
) -> HttpResponse:
    """A CSV download (UTF-8; `bom=True` adds the byte order mark Excel needs to see it)."""
    text = csv_text(
        rows,
        header=header,
        delimiter=delimiter,
        lineterminator=lineterminator,
        decimal_separator=decimal_separator,
    )
    response = HttpResponse(("\ufeff" if bom else "") + text, content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def xlsx_text(value: str) -> str:
    """A text as an XLSX cell holds it: XML-safe and neutralised."""
    return neutralise(ILLEGAL_CHARACTERS_RE.sub("\ufffd", value))


class XlsxSheet:
    """A one-sheet workbook written cell by cell: text as text, numbers as numbers, dates as dates.

    Only `append` writes cells, so no text can become a formula; styling is limited to
    what the exports need (bold rows, number formats per column, a frozen header row,
    column widths that fit the content).
    """

    def __init__(self, title: str):
        self._workbook = Workbook()
        self._sheet = self._workbook.active
        self._sheet.title = title
        self._row = 0
        self._widths: dict[int, int] = {}

    def append(
        self,
        values: Sequence = (),
        *,
        bold: bool = False,
        number_formats: Mapping[int, str] | None = None,
        span: bool = False,
    ) -> None:
        """Add a row (an empty one for no values); `number_formats`: 1-based column -> format.

        `span`: a title whose first cell may run over the next columns, so it does not
        widen column A.
        """
        self._row += 1
        for column, value in enumerate(values, start=1):
            cell = self._sheet.cell(row=self._row, column=column)
            if isinstance(value, datetime.datetime) and timezone.is_aware(value):
                # Excel has no time zones: the local time people expect.
                cell.value = timezone.localtime(value).replace(tzinfo=None)
            elif _is_number(value) or isinstance(value, datetime.date):
                cell.value = value
            elif value is not None:
                cell.value = xlsx_text(str(value))
                cell.data_type = "s"
            if bold:
                cell.font = Font(bold=True)
            if number_formats and column in number_formats:
                cell.number_format = number_formats[column]
            if value is not None and not (span and column == 1):
                width = _shown_width(value, cell.number_format)
                self._widths[column] = max(self._widths.get(column, 0), width)

    def freeze_header(self) -> None:
        """Keep the rows written so far (the header) in view while scrolling."""
        self._sheet.freeze_panes = f"A{self._row + 1}"

    def fit_widths(self) -> None:
        """Column widths from the longest value shown in each column (titles excluded)."""
        for column, width in self._widths.items():
            self._sheet.column_dimensions[get_column_letter(column)].width = min(
                MAX_WIDTH, max(MIN_WIDTH, width + 2)
            )

    def set_widths(self, widths: Sequence[float]) -> None:
        """Column widths in Excel's units, from column A on."""
        for column, width in enumerate(widths, start=1):
            self._sheet.column_dimensions[get_column_letter(column)].width = width

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        self._workbook.save(buffer)
        return buffer.getvalue()


def _shown_width(value, number_format: str) -> int:
    """About how many characters Excel shows for the value in this format."""
    if isinstance(value, datetime.datetime):
        return 16
    if isinstance(value, datetime.date):
        return 10
    if _is_number(value):
        if number_format == PERCENT:
            return len(f"{value * 100:.2f} %")
        if "," in number_format:
            text = f"{value:,.0f}"
            return len(text) + (3 if "kr" in number_format else 0)
        return len(format(value, "f") if isinstance(value, Decimal) else str(value))
    return max((len(line) for line in str(value).splitlines()), default=0)


def xlsx_response(sheet: XlsxSheet, *, filename: str) -> HttpResponse:
    """An Excel download of `sheet`."""
    response = HttpResponse(sheet.to_bytes(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
