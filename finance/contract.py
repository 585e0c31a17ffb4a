"""The shapes finance hands to the reporting app (R41): `reporting` renders these,
so keep them stable. `finance.selectors.report_economy` fills them."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class AllocationRow:
    code: str  # SCB code, e.g. "0680"
    name: str
    population: int
    share: Decimal  # fraction, 6 decimals
    amount: Decimal  # whole kronor (R22)

    @property
    def share_percent(self) -> Decimal:
        return self.share * 100


@dataclass(frozen=True)
class AreaRow:
    area: str
    budget: Decimal
    outcome_to_date: Decimal
    forecast: Decimal


@dataclass(frozen=True)
class FundingSourceRow:
    name: str
    amount: Decimal
    guaranteed: bool  # False for the conditional regional funds (R23)


@dataclass(frozen=True)
class EconomySummary:
    year: int
    fee: Decimal | None  # None when the year's fee is not yet decided
    population_date: datetime.date | None
    allocation: list[AllocationRow]
    conditional_regional_funds: Decimal
    funding_sources: list[FundingSourceRow]
    areas: list[AreaRow]  # budget vs outcome to date and forecast per area
    project_budgets: dict[int, tuple[Decimal, Decimal]]  # project id -> (budget, outcome to date)
    outcome_through_quarter: int  # 1..4: outcomes counted up to this quarter
