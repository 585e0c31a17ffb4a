"""Everything a report shows, gathered in one place (R41).

This is the single seam between reporting and the apps that own the data:
`projects.selectors.report_portfolios` and `finance.selectors.report_economy`
are called here and nowhere else in this app; the plans' follow-up and the
management system come through reporting/goals.py and reporting/management_system.py.
"""

from __future__ import annotations

import dataclasses
import datetime
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from core import money
from finance import selectors as finance_selectors
from finance.contract import EconomySummary
from projects import selectors as project_selectors
from reporting import charts
from reporting import goals as report_goals
from reporting import management_system as report_management
from reporting.markdown import render_markdown
from reporting.models import Report


@dataclasses.dataclass(frozen=True)
class Section:
    anchor: str
    number: int
    heading: object  # lazy translation, shown in the language of the rendering
    html: str


@dataclasses.dataclass(frozen=True)
class ReportContent:
    report: Report
    as_of: datetime.date
    period_start: datetime.date
    through_quarter: int
    sections: dict[str, Section]
    portfolios: list[project_selectors.PortfolioSummary]
    economy: EconomySummary
    allocation_total: Decimal
    population_total: int
    area_totals: dict[str, Decimal]
    funding_total: Decimal
    charts: dict[str, str]
    generated_at: datetime.datetime
    project_count: int
    goals: report_goals.GoalsSection | None = None  # Q2 and annual report (R64)
    management: report_management.ManagementSection | None = None  # R70


def _with_project_budgets(portfolios, project_budgets):
    """Fill each project's budget and outcome to date from finance (R41)."""
    result = []
    for portfolio in portfolios:
        projects = []
        for project in portfolio.projects:
            if project.id in project_budgets:
                budget, outcome = project_budgets[project.id]
                project = dataclasses.replace(project, budget=budget, outcome=outcome)
            projects.append(project)
        result.append(dataclasses.replace(portfolio, projects=projects))
    return result


def _distinct_labels(names: list[str]) -> list[str]:
    """Chart labels without the words all names share ("Projektportfölj Taktisk styrgrupp")."""
    if len(names) < 2:
        return names
    words = [name.split(" ") for name in names]
    shared = 0
    while all(len(w) > shared + 1 and w[shared] == words[0][shared] for w in words):
        shared += 1
    return [" ".join(w[shared:]) for w in words]


def _stage_chart(portfolios, stage_order):
    """Stacked bars per portfolio; the legend follows the stage model (R11), not the data."""
    present = [name for portfolio in portfolios for name, _count in portfolio.stage_counts]
    stages = [name for name in stage_order if name in present]
    stages += [name for name in dict.fromkeys(present) if name not in stages]  # renamed since
    if not portfolios or not stages:
        return ""
    counts = []
    for portfolio in portfolios:
        by_stage = dict(portfolio.stage_counts)
        counts.append([by_stage.get(name, 0) for name in stages])
    return charts.stacked_bars(
        label=_("Projects per stage and portfolio"),
        categories=_distinct_labels([p.name for p in portfolios]),
        segments=stages,
        counts=counts,
    )


def _area_chart(economy, through_quarter):
    if not economy.areas:
        return ""
    return charts.grouped_bars(
        label=_("Budget, outcome and forecast per area"),
        categories=[row.area for row in economy.areas],
        series=[
            (_("Budget"), [row.budget for row in economy.areas]),
            (
                _("Outcome through Q%(quarter)s") % {"quarter": through_quarter},
                [row.outcome_to_date for row in economy.areas],
            ),
            (_("Forecast"), [row.forecast for row in economy.areas]),
        ],
        format_value=money.format_tkr,
    )


def _fee_chart(economy):
    if not economy.allocation:
        return ""
    return charts.grouped_bars(
        label=_("Fee per municipality"),
        categories=[row.name for row in economy.allocation],
        series=[
            (_("Fee %(year)s") % {"year": economy.year}, [r.amount for r in economy.allocation])
        ],
        format_value=money.format_kr,
    )


def gather(report: Report, *, draft: bool = True) -> ReportContent:
    """Collect the texts, portfolios, economy and charts of `report` as of its period end.

    `draft`: a preview follows up the year's current plan even before its adoption; a
    published version only an adopted plan (R61, R64)."""
    as_of = report.as_of
    portfolios = project_selectors.report_portfolios(partnership=report.partnership, as_of=as_of)
    economy = finance_selectors.report_economy(
        partnership=report.partnership, year=report.year, through_quarter=report.through_quarter
    )
    portfolios = _with_project_budgets(portfolios, economy.project_budgets)
    sections = {
        name: Section(
            anchor=f"avsnitt-{index}", number=index, heading=label, html=render_markdown(text)
        )
        for index, (name, label, text) in enumerate(report.section_texts(), start=1)
    }
    goals = report_goals.goals_section(report=report, draft=draft)
    if goals is not None:
        sections = report_goals.insert_chapter(
            sections,
            name=report_goals.CHAPTER_NAME,
            heading=report_goals.CHAPTER_HEADING,
            after=report_goals.CHAPTER_AFTER,
        )
    return ReportContent(
        report=report,
        as_of=as_of,
        period_start=datetime.date(report.year, 1, 1),
        through_quarter=report.through_quarter,
        sections=sections,
        portfolios=portfolios,
        economy=economy,
        allocation_total=sum((row.amount for row in economy.allocation), Decimal(0)),
        population_total=sum(row.population for row in economy.allocation),
        area_totals={
            "budget": sum((row.budget for row in economy.areas), Decimal(0)),
            "outcome": sum((row.outcome_to_date for row in economy.areas), Decimal(0)),
            "forecast": sum((row.forecast for row in economy.areas), Decimal(0)),
            "deviation": sum((row.budget - row.forecast for row in economy.areas), Decimal(0)),
        },
        funding_total=sum((row.amount for row in economy.funding_sources), Decimal(0)),
        charts={
            "stages": _stage_chart(
                portfolios,
                [s.name for s in project_selectors.stages_for(partnership=report.partnership)],
            ),
            "areas": _area_chart(economy, report.through_quarter),
            "fees": _fee_chart(economy),
        },
        generated_at=timezone.localtime(),
        project_count=sum(len(p.projects) for p in portfolios),
        goals=goals,
        management=report_management.management_section(
            as_of=as_of, full_year=report.through_quarter == 4
        ),
    )
