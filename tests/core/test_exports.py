"""The export helper (core/exports.py): text never runs as a formula, numbers stay numbers."""

import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from core.exports import (
    KRONOR,
    PERCENT,
    XlsxSheet,
    csv_cell,
    csv_response,
    csv_text,
    neutralise,
    xlsx_response,
)


@pytest.mark.parametrize("prefix", ["=", "+", "-", "@", "\t", "\r", "\n", "\x00"])
def test_each_dangerous_prefix_is_neutralised_with_a_quote(prefix):
    assert neutralise(f"{prefix}1+1") == f"'{prefix}1+1"


@pytest.mark.parametrize("text", [" =1", "\u00a0=1", "  @SUM(A1)", " \t-2+3"])
def test_a_formula_after_leading_whitespace_is_neutralised_too(text):
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize(
    "text", ["Barnahus i länet", "", "Aneby, Habo", "1-2", "a=b", "'=1", "Jönköping"]
)
def test_normal_text_is_untouched(text):
    assert neutralise(text) == text


def test_numbers_stay_numbers_in_csv_also_negative_ones():
    assert csv_cell(-5) == "-5"
    assert csv_cell(Decimal("-2500.50")) == "-2500.50"
    assert csv_cell(Decimal("-2500.50"), decimal_separator=",") == "-2500,50"
    assert csv_cell(Decimal("5E+5")) == "500000"  # never scientific notation
    assert csv_cell("-5") == "'-5"  # but text that looks like a number is text


def test_dates_and_none_in_csv():
    assert csv_cell(datetime.date(2026, 3, 31)) == "2026-03-31"
    assert csv_cell(None) == ""


def test_csv_quotes_separators_so_a_payload_cannot_start_a_cell():
    text = csv_text([["a;=1+1", "x"]], header=["h1", "h2"], delimiter=";")
    assert text == 'h1;h2\r\n"a;=1+1";x\r\n'


def test_csv_response_dialect_and_file_name():
    response = csv_response(
        [["=1", Decimal("1.5")]],
        filename="portfolj.csv",
        header=["Projekt", "Belopp"],
        delimiter=";",
        decimal_separator=",",
        bom=True,
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="portfolj.csv"'
    assert response.content.decode("utf-8") == "\ufeffProjekt;Belopp\r\n'=1;1,5\r\n"


def _cells(sheet: XlsxSheet):
    book = load_workbook(io.BytesIO(sheet.to_bytes()))
    return [[(c.value, c.data_type) for c in row] for row in book.active.iter_rows()]


def test_xlsx_text_is_a_string_never_a_formula():
    sheet = XlsxSheet("Projekt")
    sheet.append(['=HYPERLINK("http://evil.example";"Öppna")', "Aneby", "@SUM(A1)"])
    assert _cells(sheet) == [
        [
            ('\'=HYPERLINK("http://evil.example";"Öppna")', "s"),
            ("Aneby", "s"),
            ("'@SUM(A1)", "s"),
        ]
    ]


def test_xlsx_numbers_and_dates_keep_their_type():
    sheet = XlsxSheet("Tal")
    sheet.append([-5, Decimal("-2.5"), None, datetime.date(2026, 3, 31)])
    (row,) = _cells(sheet)
    assert row[:3] == [(-5, "n"), (-2.5, "n"), (None, "n")]
    assert row[3] == (datetime.datetime(2026, 3, 31), "d")


def test_xlsx_control_characters_do_not_break_the_download():
    sheet = XlsxSheet("Text")
    sheet.append(["a\x01b", "\x02=1"])
    assert _cells(sheet) == [[("a\ufffdb", "s"), ("\ufffd=1", "s")]]


def test_xlsx_rows_formats_and_response():
    sheet = XlsxSheet("Avgift")
    sheet.append(["Rubrik"])
    sheet.append([])
    sheet.append(["Kod", "Belopp"], bold=True)
    sheet.append(["0604", 1000], number_formats={2: "# ##0"})
    sheet.set_widths((12, 14))
    response = xlsx_response(sheet, filename="avgift-2026.xlsx")
    assert response["Content-Disposition"] == 'attachment; filename="avgift-2026.xlsx"'
    book = load_workbook(io.BytesIO(response.content)).active
    assert book["A1"].value == "Rubrik" and book["A2"].value is None
    assert book["A3"].font.b and book["B4"].number_format == "# ##0"
    assert book.column_dimensions["B"].width == 14


def test_xlsx_freezes_the_header_and_fits_the_columns():
    """Issue 14 item 7: Excel formats, a frozen header row, widths from the content."""
    sheet = XlsxSheet("Avgift 2027")
    sheet.append(["En lång rubrik som får gå över flera kolumner"], bold=True, span=True)
    sheet.append(["Kommun", "Andel", "Avgift"], bold=True)
    sheet.freeze_header()
    sheet.append(
        ["Jönköping", Decimal("0.311234"), 1930000],
        number_formats={2: PERCENT, 3: KRONOR},
    )
    sheet.fit_widths()
    book = load_workbook(io.BytesIO(sheet.to_bytes())).active
    assert book.freeze_panes == "A3"
    assert book["B3"].number_format == "0.00%" and book["C3"].number_format == '#,##0 "kr"'
    assert book["B3"].data_type == "n" and book["C3"].value == 1930000
    widths = [book.column_dimensions[c].width for c in "ABC"]
    assert widths[0] == len("Jönköping") + 2  # the spanning title does not count
    assert widths[1] == len("31,12 %") + 2
    assert widths[2] == len("1,930,000 kr") + 2


def test_csv_quotes_a_bare_carriage_return_whatever_the_line_end():
    """An unquoted "\\r" would start a new line, and so a cell, in a spreadsheet."""
    text = csv_text([["Aneby", "\r=1+1"], [-5, "a\nb"]], lineterminator="\n")
    assert text == 'Aneby,"\'\r=1+1"\n-5,"a\nb"\n'
