"""Demo economy for `seed_demo` (labelled as demo): fee 2026 decided, index 2027 entered,
funding sources, a 2026 budget with area and project lines, outcomes Q1-Q2 and forecasts.
Idempotent: running it again changes nothing.
"""

from __future__ import annotations

from decimal import Decimal

from finance import services
from finance.models import Budget, BudgetLine, FundingSource, YearlyFee
from projects.models import Project, Stage

YEAR = 2026
D = Decimal

# area, name, ledger code, opening, granted, budget, Q1, Q2, forecast, plan next two years
AREA_LINES = [
    (
        "Funktionsstöd",
        "Funktionsstöd, gemensamt",
        "FUNK",
        "400000",
        "1300000",
        "1450000",
        "310000",
        "365000",
        "1420000",
        ("1400000", "1300000"),
    ),
    (
        "Äldreomsorg och hälso- och sjukvård",
        "Äldreomsorg och HSV, gemensamt",
        "ALDRE-HSV",
        "650000",
        "1900000",
        "2200000",
        "480000",
        "530000",
        "2250000",
        ("2100000", "2000000"),
    ),
    (
        "Individ och familj",
        "Individ och familj, gemensamt",
        "IFO",
        "300000",
        "1500000",
        "1600000",
        "350000",
        "390000",
        "1560000",
        ("1550000", "1500000"),
    ),
    (
        "Gemensamt för partnerskapet",
        "Ledningssystem i samverkan med Regionen",
        "LEDSYS",
        "0",
        "2800000",
        "2800000",
        "600000",
        "700000",
        "2800000",
        ("2800000", "2800000"),
    ),
]
PROJECT_LINE_BUDGET = [D("350000"), D("250000"), D("180000"), D("120000")]


def _area_for(project) -> str:
    short = (project.portfolio.tactical_group.short_name or "").lower()
    if "ifo" in short:
        return "Individ och familj"
    if "funk" in short:
        return "Funktionsstöd"
    return "Äldreomsorg och hälso- och sjukvård"


def seed(stdout=None, **context) -> dict:
    partnership = context["partnership"]
    kansli = context["kansli"]

    fee = YearlyFee.objects.filter(partnership=partnership, year=YEAR).first()
    if fee is None or not fee.is_decided:
        services.fee_decide(
            actor=kansli, partnership=partnership, year=YEAR, reference="Demo: PKS 2025-05-08 § 95"
        )
    fee_2027 = YearlyFee.objects.filter(partnership=partnership, year=YEAR + 1).first()
    if fee_2027 is None or fee_2027.index_percent is None:
        services.fee_index_set(
            actor=kansli,
            partnership=partnership,
            year=YEAR + 1,
            percent=D("3.0"),
            source="SKR PKV, demo",
        )

    agreement = context.get("agreement")
    sources = [
        (FundingSource.Kind.FEE, "Kommunernas avgift", D("6200000"), "Fördelas efter folkmängd."),
        (
            FundingSource.Kind.CONDITIONAL_REGIONAL,
            "Villkorad samverkan med Regionen",
            agreement.conditional_regional_funds if agreement else D("2800000"),
            "Garanteras inte av kommunerna.",
        ),
        (FundingSource.Kind.STATE_GRANT, "Statsbidrag psykisk hälsa (demo)", D("1500000"), ""),
        (FundingSource.Kind.OTHER_EXTERNAL, "Övriga externa medel (demo)", D("200000"), ""),
    ]
    for kind, name, amount, note in sources:
        if not FundingSource.objects.filter(partnership=partnership, year=YEAR, name=name).exists():
            services.funding_source_save(
                actor=kansli,
                partnership=partnership,
                year=YEAR,
                kind=kind,
                name=name,
                amount=amount,
                note=note,
            )

    budget = Budget.objects.filter(partnership=partnership, year=YEAR).first()
    if budget is None:
        budget = services.budget_create(
            actor=kansli,
            partnership=partnership,
            year=YEAR,
            note="Demobudget med påhittade belopp.",
        )
    existing = set(budget.lines.values_list("ledger_code", flat=True))
    for area, name, code, opening, granted, amount, q1, q2, forecast, plan in AREA_LINES:
        if code in existing:
            continue
        services.budget_line_create(
            actor=kansli,
            budget=budget,
            area=area,
            name=name,
            ledger_code=code,
            opening_funds=D(opening),
            granted_funds=D(granted),
            budget_amount=D(amount),
            forecast=D(forecast),
            outcomes={1: D(q1), 2: D(q2)},
            plan={YEAR + 1: D(plan[0]), YEAR + 2: D(plan[1])},
        )
    # Only projects past the idea stage and still running have a budget line (R13).
    projects = [
        p
        for p in context.get("projects") or []
        if isinstance(p, Project)
        and p.stage.kind != Stage.Kind.IDEA
        and p.stage.kind not in Stage.TERMINAL_KINDS
    ]
    projects = projects[: len(PROJECT_LINE_BUDGET)]
    for index, (project, amount) in enumerate(zip(projects, PROJECT_LINE_BUDGET, strict=False)):
        code = f"P{index + 1:02d}"
        if code in existing or BudgetLine.objects.filter(budget=budget, project=project).exists():
            continue
        services.budget_line_create(
            actor=kansli,
            budget=budget,
            area=_area_for(project),
            project=project,
            name=project.title,
            ledger_code=code,
            opening_funds=D("0"),
            granted_funds=amount,
            budget_amount=amount,
            forecast=amount * D("0.95"),
            outcomes={1: amount * D("0.2"), 2: amount * D("0.25")},
            plan={YEAR + 1: amount * D("0.5")},
        )
    if stdout:
        stdout.write(
            "Ekonomi: avgift 2026 beslutad, index 2027 angivet, budget 2026 med utfall Q1–Q2."
        )
    return {"budget": budget}
