"""Benchmark data for the finance app: earlier years' fees, funding, budgets and outcomes.

Every year the partnership decides its fee (R21), records its funding sources
(R23), and keeps a budget with area lines and a line per project, with the
outcome of each quarter and a forecast (R25). The demo's 2026 economy stays
as it is, so the fee and budget pages of 2026 show the same figures at every
scale; what grows is the years behind them.

At scale N the earlier projects of bench/generators/projects.py (N - 1 rounds,
four rounds a year) get budget lines in the year they started, and every such
year gets its fee, funding sources, a budget with AREA_LINES and four
quarterly outcomes per line. 100x: 25 earlier years, about 2 100 budget lines
and 8 400 outcomes.
"""

import datetime
from decimal import Decimal

from bench.generators._history import at, created_rows
from bench.generators.partnerships import BATCH_SIZE
from finance.models import Budget, BudgetLine, FundingSource, Outcome, YearlyFee
from projects.models import Project

D = Decimal
# area, ledger code, budget
AREA_LINES = [
    ("Funktionsstöd", "FUNK", D("1400000")),
    ("Äldreomsorg och hälso- och sjukvård", "ALDRE-HSV", D("2100000")),
    ("Individ och familj", "IFO", D("1500000")),
    ("Gemensamt för partnerskapet", "LEDSYS", D("2800000")),
]
FEE_2026 = D("6200000")
QUARTER_SHARES = [D("0.22"), D("0.25"), D("0.23"), D("0.27")]


def _area(project: Project) -> str:
    short = (project.portfolio.tactical_group.short_name or "").lower()
    if "ifo" in short:
        return "Individ och familj"
    if "funk" in short:
        return "Funktionsstöd"
    return "Äldreomsorg och hälso- och sjukvård"


def generate(scale: int, context: dict) -> dict | None:
    """Add the earlier years' economy for the generated projects; returns counts."""
    if scale <= 1:
        return None
    partnership = context["partnership"]
    kansli = context["kansli"]
    projects = list(
        Project.objects.filter(
            portfolio__tactical_group__partnership=partnership, title__endswith="(benchmark)"
        )
        .select_related("portfolio__tactical_group")
        .order_by("pk")
    )
    by_year: dict[int, list[Project]] = {}
    for project in projects:
        by_year.setdefault(project.planned_start.year, []).append(project)
    existing = set(Budget.objects.filter(partnership=partnership).values_list("year", flat=True))
    years = sorted(year for year in by_year if year not in existing)
    if not years:
        return None

    fees, sources, budgets = [], [], []
    for year in years:
        decided = at(datetime.date(year - 1, 5, 8))
        # The fee followed an index of about 2.5 % a year back from 2026's.
        amount = (FEE_2026 / D("1.025") ** (2026 - year)).quantize(D("1"))
        fees.append(
            YearlyFee(
                partnership_id=partnership.pk,
                year=year,
                index_percent=D("2.500"),
                index_source="Benchmark: SKR PKV",
                index_entered_by_id=kansli.pk,
                index_entered_at=decided,
                amount=amount,
                decided_by_id=kansli.pk,
                decided_at=decided,
                decision_reference=f"Benchmark: PKS {year - 1}-05-08 § 95",
            )
        )
        sources.append(
            FundingSource(
                partnership_id=partnership.pk,
                year=year,
                kind=FundingSource.Kind.FEE,
                name="Kommunernas avgift",
                amount=amount,
                guaranteed=True,
            )
        )
        sources.append(
            FundingSource(
                partnership_id=partnership.pk,
                year=year,
                kind=FundingSource.Kind.CONDITIONAL_REGIONAL,
                name="Villkorad samverkan med Regionen",
                amount=D("2800000"),
                guaranteed=False,
            )
        )
        budgets.append(
            Budget(
                partnership_id=partnership.pk,
                year=year,
                note="Benchmark: budget för ett tidigare år.",
                created_by_id=kansli.pk,
            )
        )
    YearlyFee.objects.bulk_create(fees, batch_size=BATCH_SIZE)
    FundingSource.objects.bulk_create(sources, batch_size=BATCH_SIZE)
    Budget.objects.bulk_create(budgets, batch_size=BATCH_SIZE)

    lines = []
    for budget in budgets:
        for area, code, amount in AREA_LINES:
            lines.append(
                BudgetLine(
                    budget_id=budget.pk,
                    area=area,
                    name=f"{area}, gemensamt",
                    ledger_code=code,
                    opening_funds=D("300000"),
                    granted_funds=amount,
                    budget_amount=amount,
                    forecast=amount,
                )
            )
        for number, project in enumerate(by_year[budget.year], start=1):
            amount = D(100000 * (1 + number % 4))
            lines.append(
                BudgetLine(
                    budget_id=budget.pk,
                    area=_area(project),
                    project_id=project.pk,
                    name=project.title,
                    ledger_code=f"P{number:03d}",
                    granted_funds=amount,
                    budget_amount=amount,
                    forecast=amount * D("0.95"),
                )
            )
    BudgetLine.objects.bulk_create(lines, batch_size=BATCH_SIZE)
    outcomes = [
        Outcome(
            line_id=line.pk, quarter=quarter, amount=(line.budget_amount * share).quantize(D("1"))
        )
        for line in lines
        for quarter, share in enumerate(QUARTER_SHARES, start=1)
    ]
    Outcome.objects.bulk_create(outcomes, batch_size=BATCH_SIZE)

    year_of_budget = {budget.pk: budget.year for budget in budgets}
    year_of_line = {line.pk: year_of_budget[line.budget_id] for line in lines}
    for model, objects, when in [
        (YearlyFee, fees, lambda o: o.decided_at),
        (FundingSource, sources, lambda o: at(datetime.date(o.year - 1, 11, 20))),
        (Budget, budgets, lambda o: at(datetime.date(o.year - 1, 12, 1))),
        (BudgetLine, lines, lambda o: at(datetime.date(year_of_budget[o.budget_id] - 1, 12, 2))),
        # Each quarter's outcome was imported near the end of the quarter.
        (
            Outcome,
            outcomes,
            lambda o: at(datetime.date(year_of_line[o.line_id], 3 * o.quarter, 28)),
        ),
    ]:
        model.history.model.objects.bulk_create(
            created_rows(model, objects, when=when, actor_id=kansli.pk), batch_size=BATCH_SIZE
        )
    return {
        "bench_finance": {
            "years": len(years),
            "budget_lines": len(lines),
            "outcomes": len(outcomes),
        }
    }
