import csv
import datetime
from decimal import Decimal
from pathlib import Path

import pytest

from finance import services
from partnerships.models import PopulationFigure
from projects.models import DEFAULT_STAGES, Portfolio, Project, Stage

POPULATION_FILE = (
    Path(__file__).resolve().parents[2] / "partnerships" / "data" / "population-2024-12-31.csv"
)


@pytest.fixture
def populations(org):
    """The real 2024-12-31 figures (the reference date for fee 2026) for the 13 members."""
    with POPULATION_FILE.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return [
        PopulationFigure.objects.create(
            municipality=org.municipalities[row["kommunkod"]],
            date=datetime.date(2024, 12, 31),
            population=int(row["folkmangd"]),
            source="SCB (test)",
        )
        for row in rows
    ]


@pytest.fixture
def project(org):
    stage = None
    for order, (name, kind) in enumerate(DEFAULT_STAGES, start=1):
        created = Stage.objects.create(
            partnership=org.partnership, name=name, kind=kind, order=order
        )
        stage = stage or created
    portfolio = Portfolio.objects.create(tactical_group=org.tactical_ifo, name="IFO-portföljen")
    return Project.objects.create(
        portfolio=portfolio, title="Barn i fokus", purpose="Test", stage=stage
    )


@pytest.fixture
def budget(org):
    return services.budget_create(actor=org.staff, partnership=org.partnership, year=2026)


@pytest.fixture
def line(org, budget):
    return services.budget_line_create(
        actor=org.staff,
        budget=budget,
        area="Individ och familj",
        name="Individ och familj, gemensamt",
        ledger_code="IFO",
        opening_funds=Decimal("500000"),
        granted_funds=Decimal("1200000"),
        budget_amount=Decimal("1500000"),
    )
