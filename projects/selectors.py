"""Tuned reads of projects and portfolios."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

# --- Contract with the reporting app (R41) ---------------------------------
# `reporting` renders these; keep the shapes stable.


@dataclass(frozen=True)
class ProjectStatusSummary:
    quarter: str  # e.g. "2026 Q1"
    status: str  # "on_track" | "at_risk" | "off_track"
    status_label: str  # Swedish label, e.g. "Enligt plan"
    comment: str


@dataclass(frozen=True)
class ProjectSummary:
    id: int
    title: str
    stage_name: str
    stage_kind: str
    lead_name: str
    participants: list[str]  # names of the municipalities that joined (R12)
    requested_funds: Decimal
    funds_status: str  # Swedish, e.g. "Godkänd", "Väntar på 4 av 13 kommuner", "Ingen ansökan"
    latest_status: ProjectStatusSummary | None
    budget: Decimal | None = None  # filled by reporting from finance, when there is a budget line
    outcome: Decimal | None = None


@dataclass(frozen=True)
class PortfolioSummary:
    name: str
    tactical_group_name: str
    projects: list[ProjectSummary]
    stage_counts: list[tuple[str, int]] = field(
        default_factory=list
    )  # (stage name, count) in stage order


def report_portfolios(*, partnership, as_of: datetime.date) -> list[PortfolioSummary]:
    """Every portfolio of the partnership with its projects as they stood on `as_of` (R41).

    Query count must not grow with the number of projects.
    """
    raise NotImplementedError("Implemented by the projects issue")
