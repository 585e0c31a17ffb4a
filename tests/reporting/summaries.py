"""Synthetic report data in the shapes of the projects/finance contracts (R41).

The providers (`projects.selectors.report_portfolios`, `finance.selectors.report_economy`)
are built elsewhere; tests monkeypatch them with these.
"""

from __future__ import annotations

import csv
import datetime
from decimal import Decimal
from pathlib import Path

from finance.contract import AllocationRow, AreaRow, EconomySummary, FundingSourceRow
from projects.selectors import PortfolioSummary, ProjectStatusSummary, ProjectSummary

POPULATION_FILE = (
    Path(__file__).resolve().parents[2] / "partnerships/data/population-2024-12-31.csv"
)


def _population():
    with POPULATION_FILE.open(encoding="utf-8") as handle:
        return [(r["kommunkod"], r["kommun"], int(r["folkmangd"])) for r in csv.DictReader(handle)]


POPULATION = _population()


def allocation(fee: Decimal, population=POPULATION) -> list[AllocationRow]:
    """Largest-remainder split in whole kronor (the R22 shape), for synthetic data."""
    total = sum(p for _c, _n, p in population)
    exact = [(code, name, pop, fee * pop / total) for code, name, pop in population]
    floors = {code: int(value) for code, _n, _p, value in exact}
    left = int(fee) - sum(floors.values())
    order = sorted(exact, key=lambda r: (-(r[3] - int(r[3])), -r[2], r[0]))
    for code, *_rest in order[:left]:
        floors[code] += 1
    return [
        AllocationRow(
            code=code,
            name=name,
            population=pop,
            share=(Decimal(pop) / total).quantize(Decimal("0.000001")),
            amount=Decimal(floors[code]),
        )
        for code, name, pop, _value in exact
    ]


def economy(year=2026, through_quarter=1, fee=Decimal("6200000"), project_budgets=None):
    return EconomySummary(
        year=year,
        fee=fee,
        population_date=datetime.date(year - 2, 12, 31),
        allocation=allocation(fee) if fee is not None else [],
        conditional_regional_funds=Decimal("2800000"),
        funding_sources=[
            FundingSourceRow("Kommunernas avgift", fee or Decimal(0), True),
            FundingSourceRow("Villkorad samverkan med Regionen", Decimal("2800000"), False),
            FundingSourceRow("Statsbidrag", Decimal("1250000"), True),
        ],
        areas=[
            AreaRow("Funktionsstöd", Decimal("2100000"), Decimal("480250"), Decimal("2050000")),
            AreaRow(
                "Äldreomsorg och hälso- och sjukvård",
                Decimal("3300000"),
                Decimal("901400"),
                Decimal("3420000"),
            ),
            AreaRow(
                "Individ och familj", Decimal("2950000"), Decimal("655000"), Decimal("2900000")
            ),
            AreaRow("Gemensamt", Decimal("1650000"), Decimal("310500"), Decimal("1600000")),
        ],
        project_budgets=project_budgets
        if project_budgets is not None
        else {1: (Decimal("850000"), Decimal("212500"))},
        outcome_through_quarter=through_quarter,
    )


def portfolios() -> list[PortfolioSummary]:
    status = ProjectStatusSummary(
        quarter="2026 Q1",
        status="on_track",
        status_label="Enligt plan",
        comment="Kartläggningen i sju kommuner är klar.",
    )
    return [
        PortfolioSummary(
            name="Portfölj Individ- och familjeomsorg",
            tactical_group_name="Taktisk styrgrupp IFO",
            projects=[
                ProjectSummary(
                    id=1,
                    title="Gemensam barnahusmodell",
                    stage_name="Genomförande",
                    stage_kind="implementation",
                    lead_name="Elin Karlsson",
                    participants=["Jönköping", "Nässjö", "Eksjö"],
                    requested_funds=Decimal("850000"),
                    funds_status="Godkänd",
                    latest_status=status,
                ),
                ProjectSummary(
                    id=2,
                    title="Digitalt stöd för försörjningsstöd",
                    stage_name="Idé",
                    stage_kind="idea",
                    lead_name="",
                    participants=[],
                    requested_funds=Decimal("0"),
                    funds_status="Ingen ansökan",
                    latest_status=None,
                ),
            ],
            stage_counts=[("Idé", 1), ("Förstudie", 0), ("Genomförande", 1)],
        ),
        PortfolioSummary(
            name="Portfölj Äldreomsorg",
            tactical_group_name="Taktisk styrgrupp Äldreomsorg",
            projects=[],
            stage_counts=[("Idé", 0), ("Förstudie", 0), ("Genomförande", 0)],
        ),
    ]


def install(monkeypatch, *, economy_summary=None, portfolio_summaries=None):
    """Make the report providers return synthetic data (patched in their own modules)."""
    from finance import selectors as finance_selectors
    from projects import selectors as project_selectors

    calls = []

    def fake_portfolios(*, partnership, as_of):
        calls.append(("portfolios", as_of))
        return portfolio_summaries if portfolio_summaries is not None else portfolios()

    def fake_economy(*, partnership, year, through_quarter):
        calls.append(("economy", year, through_quarter))
        if economy_summary is not None:
            return economy_summary
        return economy(year=year, through_quarter=through_quarter)

    monkeypatch.setattr(project_selectors, "report_portfolios", fake_portfolios)
    monkeypatch.setattr(finance_selectors, "report_economy", fake_economy)
    return calls
