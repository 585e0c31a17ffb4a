"""Issue 13, must show: the demo's Q2 and annual 2026 reports follow up every strategic goal
of seed 001 and each indicator with its target and outcome (R41, R64), in the PDF's text."""

import csv
import re
from decimal import Decimal as D

import pytest

from plans import demo as plans_demo
from plans.formatting import indicator_number
from plans.models import Indicator, IndicatorValue
from reporting.models import Period, Report
from reporting.pdf import render_report
from tests.reporting.test_goals_section import flat_text


@pytest.fixture
def demo_plan(org, monkeypatch):
    """The demo's business plans 2024-2026 (seed 001's goals, adopted by consensus, values)."""
    # The adopted plan's own frozen PDF is not what this test reads: skip rendering it.
    monkeypatch.setattr("plans.pdf.render_plan_pdf", lambda plan, **kwargs: b"%PDF-1.7 plan")
    result = plans_demo.seed(
        partnership=org.partnership,
        kansli=org.staff,
        socialchefer=org.socialchefer,
        municipalities=org.municipalities,
        management_system={},
        projects=[],
    )
    plan = result["business_plan"]
    plan.refresh_from_db()  # adopted through the consensus matter's outcome
    return plan


def _seed_goals():
    with plans_demo.GOALS_FILE.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    goals = {int(row["strategiskt_mal_nr"]): row["strategiskt_mal"] for row in rows}
    return goals, [row["matetal"] for row in rows]


def _flat(value: str) -> str:
    return " ".join(value.replace("\u00a0", " ").split())


def _expected_outcome(indicator, periods) -> str:
    values = {
        row.period: row.value
        for row in IndicatorValue.objects.filter(indicator=indicator, year=2026)
    }
    for period in reversed(periods):
        if period in values:
            return _flat(indicator_number(values[period], indicator.unit))
    return "–"


def _row(text: str, name: str, *cells: str) -> bool:
    """The indicator's name, followed within its row by the cells in order."""
    pattern = re.escape(_flat(name)) + "".join(r".{0,160}?" + re.escape(cell) for cell in cells)
    return re.search(pattern, text) is not None


def test_r64_demo_q2_and_annual_pdfs_follow_up_every_goal_of_seed_001(org, demo_plan):
    assert demo_plan.year == 2026 and demo_plan.is_adopted
    seed_goals, seed_indicators = _seed_goals()
    indicators = list(Indicator.objects.filter(goal_area__goal__plan=demo_plan).order_by("pk"))
    assert sorted(i.name for i in indicators) == sorted(seed_indicators)

    texts = {}
    for period, value_periods, target_of in (
        (Period.Q2, ["q1", "q2"], lambda i: i.target_for("q2")),
        (Period.ANNUAL, ["q1", "q2", "q3", "year"], lambda i: i.target),
    ):
        report = Report.objects.create(partnership=org.partnership, year=2026, period=period)
        text = texts[period] = flat_text(render_report(report, draft=False, version_number=1))
        assert "3. Uppföljning av verksamhetsplanens mål" in text
        for number, title in seed_goals.items():
            assert f"Strategiskt mål {number}: {_flat(title)}" in text, title
        for indicator in indicators:
            target = _flat(indicator_number(target_of(indicator), indicator.unit))
            if indicator.is_computed:  # from the application's data, none in this test
                assert _row(text, indicator.name, "Beräknas av systemet", target), indicator
                continue
            outcome = _expected_outcome(indicator, value_periods)
            assert _row(text, indicator.name, target, outcome), (period, indicator.name)
        assert "4.1 Ledningssystem för samverkan" in text

    # Hand-read from plans/demo.py: one indicator of each colour at Q2 2026 (R62).
    q2 = texts[Period.Q2]
    assert "Utfall t.o.m. Q2" in q2 and "Utfall helår" in texts[Period.ANNUAL]
    kr = _flat(indicator_number(D("-150000"), "kronor"))
    assert _row(q2, "Beviljad finansiering av externa", "750 000 kr", "900 000 kr", "Uppfyllt")
    assert _row(q2, "Finansiellt resultat (organisation).", "0 kr", kr, "Delvis uppfyllt")
    assert _row(q2, "Antal deltagare på aktiviteter", "1 250", "1 110", "Ej uppfyllt")
    # The annual report adds the evaluation survey (R63) with last year's results.
    annual = texts[Period.ANNUAL]
    assert "3.7 Utvärderingsenkäten 2026" in annual
    survey = [i for i in indicators if i.survey_question]
    assert survey
    survey_part = annual.split("Utvärderingsenkäten 2026", 1)[1]
    for indicator in survey:
        last_year = IndicatorValue.objects.get(
            indicator__series=indicator.series, year=2025, period="year"
        )
        expected = _flat(indicator_number(last_year.value, indicator.unit))
        assert _row(survey_part, indicator.name, expected), indicator.name
