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
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

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
    stage_table: dict
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


def _stage_table(portfolios, stage_order) -> dict:
    """Projects per stage and portfolio: the figures of the stage chart, as a table (R41).

    The columns follow the stage model (R11), not the data; stages renamed since keep
    their old name at the end."""
    present = [name for portfolio in portfolios for name, _count in portfolio.stage_counts]
    stages = [name for name in stage_order if name in present]
    stages += [name for name in dict.fromkeys(present) if name not in stages]
    rows = []
    for label, portfolio in zip(
        _distinct_labels([p.name for p in portfolios]), portfolios, strict=True
    ):
        by_stage = dict(portfolio.stage_counts)
        counts = [by_stage.get(name, 0) for name in stages]
        rows.append(
            {"name": portfolio.name, "label": label, "counts": counts, "total": sum(counts)}
        )
    return {"stages": stages, "rows": rows}


def _stage_alt(table, as_of) -> str:
    """The stage chart's data in sentences: its alternative text (issue 15)."""
    parts = [
        _("Projects per stage and portfolio on %(date)s.") % {"date": date_format(as_of, "j F Y")}
    ]
    for row in table["rows"]:
        stages = ", ".join(
            _("%(count)s in %(stage)s") % {"count": count, "stage": stage}
            for stage, count in zip(table["stages"], row["counts"], strict=True)
            if count
        )
        count = ngettext(
            "%(portfolio)s: %(count)s project", "%(portfolio)s: %(count)s projects", row["total"]
        ) % {"portfolio": row["label"], "count": row["total"]}
        parts.append(f"{count} ({stages})." if stages else f"{count}.")
    return " ".join(parts)


def _stage_chart(table, as_of):
    if not table["rows"] or not table["stages"]:
        return ""
    return charts.stacked_bars(
        label=_stage_alt(table, as_of),
        categories=[row["label"] for row in table["rows"]],
        segments=table["stages"],
        counts=[row["counts"] for row in table["rows"]],
    )


def _area_chart(economy, through_quarter):
    if not economy.areas:
        return ""
    rows = " ".join(
        _("%(area)s: budget %(budget)s, outcome %(outcome)s, forecast %(forecast)s.")
        % {
            "area": row.area,
            "budget": money.format_tkr(row.budget),
            "outcome": money.format_tkr(row.outcome_to_date),
            "forecast": money.format_tkr(row.forecast),
        }
        for row in economy.areas
    )
    title = _("Budget, outcome through Q%(quarter)s and forecast per area.") % {
        "quarter": through_quarter
    }
    return charts.grouped_bars(
        label=f"{title} {rows}",
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
    rows = ", ".join(f"{row.name} {money.format_kr(row.amount)}" for row in economy.allocation)
    total = sum((row.amount for row in economy.allocation), Decimal(0))
    alt = _("Fee per municipality %(year)s: %(rows)s; in total %(total)s.") % {
        "year": economy.year,
        "rows": rows,
        "total": money.format_kr(total),
    }
    return charts.grouped_bars(
        label=alt,
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
    stage_table = _stage_table(
        portfolios, [s.name for s in project_selectors.stages_for(partnership=report.partnership)]
    )
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
            "stages": _stage_chart(stage_table, as_of),
            "areas": _area_chart(economy, report.through_quarter),
            "fees": _fee_chart(economy),
        },
        stage_table=stage_table,
        generated_at=timezone.localtime(),
        project_count=sum(len(p.projects) for p in portfolios),
        goals=goals,
        management=report_management.management_section(
            as_of=as_of, full_year=report.through_quarter == 4
        ),
    )
