"""Issue 14 items 6 and 7 in finance: the next missing budget year, Swedish decimals in the
index form, and the fee split's Excel file in Excel's own formats."""

import datetime
import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from core.exports import KRONOR, PERCENT
from finance import selectors, services
from finance.forms import FeeIndexForm
from finance.models import YearlyFee

pytestmark = pytest.mark.django_db
SLUG = "social-valfard"


def url(name, *args):
    return reverse(f"finance:{name}", args=[SLUG, *args])


def offered_year(client) -> int:
    text = client.get(url("overview")).content.decode()
    field = re.search(r'<input[^>]*name="year"[^>]*>', text).group(0)
    return int(re.search(r'value="(\d+)"', field).group(1))


def test_r25_new_budget_offers_the_next_year_without_a_budget(client, org):
    this_year = timezone.localdate().year
    client.force_login(org.staff)
    assert offered_year(client) == this_year
    for year in (this_year, this_year + 1):
        services.budget_create(actor=org.staff, partnership=org.partnership, year=year)
    assert offered_year(client) == this_year + 2


def test_r25_next_budget_year_skips_only_taken_years(org):
    for year in (2025, 2026, 2028):
        services.budget_create(actor=org.staff, partnership=org.partnership, year=year)
    day = datetime.date(2026, 11, 29)
    assert selectors.next_budget_year(partnership=org.partnership, today=day) == 2027
    assert (
        selectors.next_budget_year(partnership=org.partnership, today=datetime.date(2029, 1, 2))
        == 2029
    )


def test_r21_saved_index_is_shown_with_a_decimal_comma(client, org):
    services.fee_index_set(
        actor=org.staff,
        partnership=org.partnership,
        year=2027,
        percent=Decimal("3.100"),
        source="PKV",
    )
    assert str(YearlyFee.objects.get(year=2027).index_percent) == "3.100"
    client.force_login(org.staff)
    text = client.get(url("fee_index", 2027)).content.decode()
    field = re.search(r'<input[^>]*name="percent"[^>]*>', text).group(0)
    assert 'value="3,1"' in field and "3.100" not in field


@pytest.mark.parametrize(
    "saved, shown", [(Decimal("3.000"), "3"), (Decimal("2.125"), "2,125"), (None, None)]
)
def test_r21_index_form_shows_swedish_decimals(saved, shown):
    form = FeeIndexForm(initial={"percent": saved, "source": "PKV"})
    assert form["percent"].value() == shown


@pytest.mark.parametrize("typed", ["3,1", "3.1", " 3,1 %"])
def test_r21_index_form_accepts_comma_and_point(typed):
    form = FeeIndexForm({"percent": typed, "source": "PKV"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["percent"] == Decimal("3.1")


def test_r22_xlsx_uses_excel_formats_a_frozen_header_and_fitting_widths(client, org, populations):
    client.force_login(org.socialchef_aneby)
    response = client.get(url("allocation_xlsx", 2026))
    book = load_workbook(io.BytesIO(response.content))
    sheet = book.active
    assert sheet.title == "Avgift 2026"
    assert sheet["A1"].value.startswith("Avgift 2026")
    assert sheet["B1"].value == 6200000 and sheet["B1"].number_format == KRONOR
    assert sheet["B2"].is_date and sheet["B2"].value.date() == datetime.date(2024, 12, 31)
    assert [c.value for c in sheet[4]] == ["Kommunkod", "Kommun", "Folkmängd", "Andel", "Avgift"]
    assert sheet.freeze_panes == "A5"
    first = sheet[5]
    assert isinstance(first[3].value, float) and 0 < first[3].value < 1
    assert first[3].number_format == PERCENT
    assert isinstance(first[4].value, int) and first[4].number_format == KRONOR
    assert first[2].number_format == "#,##0"
    total = sheet[sheet.max_row]
    assert total[1].value == "Summa" and total[4].value == 6200000
    assert total[3].value == 1 and total[3].number_format == PERCENT
    widths = {col: sheet.column_dimensions[col].width for col in "ABCDE"}
    assert widths["B"] >= len("Mullsjö") + 2
    assert widths["E"] >= len("1 234 567 kr")
    assert all(8 <= width <= 60 for width in widths.values())
    # The title row does not make column A as wide as the title.
    assert widths["A"] < len(sheet["A1"].value)
