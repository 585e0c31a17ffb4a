"""The demo economy (seed_demo) and the SVG chart builder."""

import csv
import io
from decimal import Decimal

import pytest
from django.core.management import call_command

from finance.charts import Series, bar_chart_svg
from finance.models import Budget, FundingSource, Outcome, YearlyFee


@pytest.mark.django_db
def test_demo_economy_and_fee_allocation_command():
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())  # idempotent
    assert YearlyFee.objects.get(year=2026).amount == Decimal("6200000")
    index_2027 = YearlyFee.objects.get(year=2027)
    assert index_2027.index_percent == Decimal("3.0") and not index_2027.is_decided
    regional = FundingSource.objects.get(kind=FundingSource.Kind.CONDITIONAL_REGIONAL)
    assert regional.amount == Decimal("2800000") and not regional.guaranteed
    budget = Budget.objects.get(year=2026)
    assert budget.lines.count() >= 4
    assert set(Outcome.objects.values_list("quarter", flat=True)) == {1, 2}
    assert Outcome.objects.count() == 2 * budget.lines.count()

    out = io.StringIO()
    call_command("fee_allocation", "--year", "2026", "--format", "csv", stdout=out)
    rows = list(csv.reader(io.StringIO(out.getvalue())))[1:]
    assert len(rows) == 13
    assert sum(int(r[4]) for r in rows) == 6200000
    assert {r[0]: int(r[4]) for r in rows}["0680"] == 2474142


def test_chart_is_accessible_and_escapes_labels():
    svg = str(
        bar_chart_svg(
            title="Budget & utfall",
            description="Per område",
            categories=["Funktionsstöd", "<script>"],
            series=[
                Series("Budget", [Decimal("1450000"), Decimal("0")]),
                Series("Utfall", [Decimal("675000"), None]),
            ],
        )
    )
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert 'role="img"' in svg and "<title id=" in svg and "<desc id=" in svg
    assert "Budget &amp; utfall" in svg and "&lt;script&gt;" in svg and "<script>" not in svg
    assert "1\u00a0450\u00a0tkr" in svg and "675\u00a0tkr" in svg
    assert "style=" not in svg
