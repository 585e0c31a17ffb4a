"""Tuned reads of fees, allocations and budgets."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from core.errors import DomainError
from core.money import round_kronor
from finance.calculations import allocate, indexed_fee
from finance.contract import AllocationRow, AreaRow, EconomySummary, FundingSourceRow
from finance.models import Budget, BudgetLine, FundingSource, Outcome, PlanYear, YearlyFee
from partnerships.models import Agreement, Partnership, PopulationFigure
from projects.models import Project

ZERO = Decimal("0")
SIX_PLACES = Decimal("0.000001")

# --- Fee (R21) --------------------------------------------------------------


def fee_agreement(*, partnership: Partnership, year: int) -> Agreement | None:
    """The agreement whose fee terms apply to `year`: in force on 1 January of
    that year, else the newest agreement of the partnership."""
    first_day = datetime.date(year, 1, 1)
    agreements = list(partnership.agreements.order_by("-effective_from"))
    for agreement in agreements:
        if agreement.effective_from <= first_day and (
            agreement.effective_until is None or agreement.effective_until >= first_day
        ):
            return agreement
    return agreements[0] if agreements else None


@dataclass(frozen=True)
class FeeStatus:
    """A year's fee: decided (fixed) or prospective (computed, not decided)."""

    year: int
    amount: Decimal | None  # None: cannot be computed yet (see `missing`)
    decided: bool
    index_percent: Decimal | None
    index_source: str
    row: YearlyFee | None
    missing: str = ""  # translated: why no amount can be computed


def _fee_chain(agreement: Agreement, rows: dict[int, YearlyFee], years) -> dict[int, FeeStatus]:
    statuses: dict[int, FeeStatus] = {}
    last = max(years)
    for year in range(min(agreement.base_fee_year, min(years)), last + 1):
        row = rows.get(year)
        index = row.index_percent if row else None
        source = row.index_source if row else ""
        if row is not None and row.is_decided:
            statuses[year] = FeeStatus(year, row.amount, True, index, source, row)
            continue
        if year < agreement.base_fee_year:
            missing = _("The agreement's first fee year is %(year)s.") % {
                "year": agreement.base_fee_year
            }
            statuses[year] = FeeStatus(year, None, False, None, "", row, missing)
            continue
        if year == agreement.base_fee_year:
            amount = round_kronor(agreement.base_fee)  # as fee_decide does (R21)
            statuses[year] = FeeStatus(year, amount, False, None, "", row)
            continue
        previous = statuses[year - 1]
        if previous.amount is None:
            missing = _("The fee for %(year)s cannot be calculated yet.") % {"year": year - 1}
            statuses[year] = FeeStatus(year, None, False, index, source, row, missing)
        elif index is None:
            missing = _("The index for %(year)s is not entered.") % {"year": year}
            statuses[year] = FeeStatus(year, None, False, index, source, row, missing)
        else:
            amount = indexed_fee(previous.amount, index)
            statuses[year] = FeeStatus(year, amount, False, index, source, row)
    return {year: statuses[year] for year in years}


def fee_statuses(*, partnership: Partnership, years) -> list[FeeStatus]:
    """Each year's fee, decided or prospective (R21), in two queries."""
    years = sorted(set(years))
    agreement = fee_agreement(partnership=partnership, year=years[-1])
    if agreement is None:
        return []
    # Only the years the chain reads (issue 17: not every year the partnership ever had).
    first = min(agreement.base_fee_year, years[0])
    rows = {
        row.year: row
        for row in YearlyFee.objects.filter(
            partnership=partnership, year__gte=first, year__lte=years[-1]
        ).select_related("decided_by", "index_entered_by")
    }
    return list(_fee_chain(agreement, rows, years).values())


def fee_status(*, partnership: Partnership, year: int) -> FeeStatus | None:
    """One year's fee, decided or prospective; None without an agreement."""
    statuses = fee_statuses(partnership=partnership, years=[year])
    return statuses[0] if statuses else None


def fee_years(*, partnership: Partnership, today: datetime.date | None = None) -> list[int]:
    """Years to show on the fee page: the base year up to next year (or the last entered)."""
    today = today or datetime.date.today()
    agreement = fee_agreement(partnership=partnership, year=today.year)
    if agreement is None:
        return []
    last_row = YearlyFee.objects.filter(partnership=partnership).order_by("-year").first()
    last = max(today.year + 1, agreement.base_fee_year + 1, last_row.year + 1 if last_row else 0)
    return list(range(agreement.base_fee_year, last + 1))


# --- Allocation (R22) ------------------------------------------------------


@dataclass(frozen=True)
class Allocation:
    year: int
    fee: FeeStatus
    population_date: datetime.date
    rows: list[AllocationRow] = field(default_factory=list)

    @property
    def total_population(self) -> int:
        return sum(row.population for row in self.rows)

    @property
    def total_amount(self) -> Decimal:
        return sum((row.amount for row in self.rows), ZERO)


class PopulationMissing(DomainError):
    """The fee cannot be split: population figures for the reference date are missing (R22)."""


def fee_allocation(*, partnership: Partnership, year: int) -> Allocation:
    """The fee split per member municipality for `year` (R22).

    Uses the population figures for the agreement's reference date; raises a
    DomainError naming every municipality without a figure, and the date.
    """
    fee = fee_status(partnership=partnership, year=year)
    if fee is None:
        raise DomainError(
            _("The partnership has no cooperation agreement with fee terms."), rule="R21"
        )
    if fee.amount is None:
        raise DomainError(
            _("The fee for %(year)s cannot be calculated: %(reason)s")
            % {"year": year, "reason": fee.missing},
            rule="R21",
        )
    agreement = fee_agreement(partnership=partnership, year=year)
    date = agreement.population_reference_date(year)
    members = list(partnership.members.order_by("code"))
    if not members:
        raise DomainError(_("The partnership has no member municipalities."), rule="R22")
    figures = dict(
        PopulationFigure.objects.filter(municipality__in=members, date=date).values_list(
            "municipality_id", "population"
        )
    )
    missing = [m for m in members if m.pk not in figures]
    if missing:
        names = ", ".join(f"{m.name} ({m.code})" for m in missing)
        raise PopulationMissing(
            _(
                "Population figures are missing for %(names)s on %(date)s. "
                "Import the population figures for that date before the fee is split."
            )
            % {"names": names, "date": f"{date:%Y-%m-%d}"},
            rule="R22",
        )
    shares = allocate(fee.amount, [(m.code, figures[m.pk]) for m in members])
    total = sum(figures.values())
    rows = [
        AllocationRow(
            code=m.code,
            name=m.name,
            population=figures[m.pk],
            share=(Decimal(figures[m.pk]) / Decimal(total)).quantize(
                SIX_PLACES, rounding=ROUND_HALF_UP
            ),
            amount=shares[m.code],
        )
        for m in members
    ]
    return Allocation(year=year, fee=fee, population_date=date, rows=rows)


# --- Budgets (R25) ---------------------------------------------------------


@dataclass
class LineView:
    """A budget line with its outcomes and plan, ready to show."""

    line: BudgetLine
    quarters: dict[int, Decimal]
    plan: dict[int, Decimal]
    through_quarter: int

    @property
    def outcome_to_date(self) -> Decimal:
        return sum(
            (amount for q, amount in self.quarters.items() if q <= self.through_quarter), ZERO
        )

    @property
    def deviation(self) -> Decimal:
        return self.line.budget_amount - self.forecast

    @property
    def quarter_list(self) -> list[Decimal | None]:
        return [self.quarters.get(quarter) for quarter in range(1, 5)]

    @property
    def forecast(self) -> Decimal:
        """The full-year forecast; without one, the budget."""
        line = self.line
        return line.forecast if line.forecast is not None else line.budget_amount


@dataclass
class AreaView:
    area: str
    lines: list[LineView]

    def _sum(self, attr):
        return sum((getattr(lv, attr) for lv in self.lines), ZERO)

    @property
    def opening_funds(self):
        return sum((lv.line.opening_funds for lv in self.lines), ZERO)

    @property
    def granted_funds(self):
        return sum((lv.line.granted_funds for lv in self.lines), ZERO)

    @property
    def available_funds(self):
        return self.opening_funds + self.granted_funds

    @property
    def budget(self):
        return sum((lv.line.budget_amount for lv in self.lines), ZERO)

    @property
    def outcome_to_date(self):
        return self._sum("outcome_to_date")

    @property
    def forecast(self):
        return self._sum("forecast")

    @property
    def deviation(self):
        """Budget minus forecast; negative when the forecast exceeds the budget."""
        return self.budget - self.forecast


def budget_for_year(*, partnership: Partnership, year: int) -> Budget | None:
    """The partnership's budget for the year, or None."""
    return Budget.objects.filter(partnership=partnership, year=year).first()


def next_budget_year(*, partnership: Partnership, today: datetime.date) -> int:
    """The year "Ny budget" offers: the first year from this year on that has no budget yet."""
    taken = set(
        Budget.objects.filter(partnership=partnership, year__gte=today.year).values_list(
            "year", flat=True
        )
    )
    year = today.year
    while year in taken:
        year += 1
    return year


def budgets_for_partnership(*, partnership: Partnership):
    """All the partnership's budgets, newest first."""
    return Budget.objects.filter(partnership=partnership).order_by("-year")


def budget_lines(*, budget: Budget, through_quarter: int = 4) -> list[LineView]:
    """The budget's lines with outcomes and plan in three queries, whatever their number."""
    lines = (
        BudgetLine.objects.filter(budget=budget)
        .select_related("project")
        .prefetch_related(
            Prefetch("outcomes", queryset=Outcome.objects.order_by("quarter")),
            Prefetch("plan_years", queryset=PlanYear.objects.order_by("year")),
        )
        .order_by("area", "project__title", "name")
    )
    return [
        LineView(
            line=line,
            quarters={o.quarter: o.amount for o in line.outcomes.all()},
            plan={p.year: p.net_cost for p in line.plan_years.all()},
            through_quarter=through_quarter,
        )
        for line in lines
    ]


def areas_of(line_views: list[LineView]) -> list[AreaView]:
    """Group line views by area, in order of area name."""
    grouped: dict[str, list[LineView]] = defaultdict(list)
    for line_view in line_views:
        grouped[line_view.line.area].append(line_view)
    return [AreaView(area=area, lines=grouped[area]) for area in sorted(grouped)]


def plan_years_of(line_views: list[LineView], year: int) -> list[int]:
    """The years of the multi-year plan: the budget year and every planned later year."""
    years = {year}
    for line_view in line_views:
        years.update(line_view.plan)
    return sorted(years)


def last_quarter_with_outcomes(line_views: list[LineView]) -> int:
    """The latest quarter any line has an outcome for (0: none yet)."""
    quarters = [q for lv in line_views for q in lv.quarters]
    return max(quarters) if quarters else 0


def funding_sources(*, partnership: Partnership, year: int):
    """The year's funding sources (R23), by kind and name."""
    return FundingSource.objects.filter(partnership=partnership, year=year).order_by("kind", "name")


def funding_source_for_partnership(
    *, partnership: Partnership, year: int, pk: int
) -> FundingSource | None:
    """One of the partnership's funding sources for `year`, or None."""
    return FundingSource.objects.filter(partnership=partnership, year=year, pk=pk).first()


# --- Budget pages: every total is summed here, the views only shape (R23, R25) ---


@dataclass
class BudgetSummary:
    """A budget's lines, per area and in total, with outcomes through one quarter."""

    budget: Budget
    line_views: list[LineView]
    latest_quarter: int  # the latest quarter with outcomes; 0: none yet
    through_quarter: int  # outcomes are counted up to this quarter (1..4)
    areas: list[AreaView]
    totals: AreaView  # all lines: the table's total row


@dataclass
class BudgetPlan:
    """The multi-year plan: the budget year's amount and every later year's planned cost."""

    years: list[int]
    rows: list[tuple[LineView, list[Decimal | None]]]  # a line and its amount per year
    totals: list[Decimal]  # per year


@dataclass
class FundingSummary:
    """The year's funding sources (R23) and their sum."""

    sources: list[FundingSource]
    total: Decimal


def budget_summary(*, budget: Budget, through_quarter: int | None = None) -> BudgetSummary:
    """The budget's lines, areas and totals; outcomes through `through_quarter`.

    Without a quarter: through the latest quarter with outcomes, at least the first.
    Three queries, whatever the number of lines.
    """
    line_views = budget_lines(budget=budget)
    latest = last_quarter_with_outcomes(line_views)
    quarter = through_quarter if through_quarter is not None else max(latest, 1)
    for line_view in line_views:
        line_view.through_quarter = quarter
    return BudgetSummary(
        budget=budget,
        line_views=line_views,
        latest_quarter=latest,
        through_quarter=quarter,
        areas=areas_of(line_views),
        totals=AreaView(area="", lines=line_views),
    )


def budget_plan(*, summary: BudgetSummary) -> BudgetPlan:
    """The multi-year plan of the summary's lines, with a total per year."""
    year = summary.budget.year
    years = plan_years_of(summary.line_views, year)
    rows = [
        (lv, [lv.line.budget_amount if y == year else lv.plan.get(y) for y in years])
        for lv in summary.line_views
    ]
    totals = [sum((values[i] or ZERO for _, values in rows), ZERO) for i in range(len(years))]
    return BudgetPlan(years=years, rows=rows, totals=totals)


def funding_summary(*, partnership: Partnership, year: int) -> FundingSummary:
    """The year's funding sources (R23) with their total, in one query."""
    sources = list(funding_sources(partnership=partnership, year=year))
    return FundingSummary(sources=sources, total=sum((s.amount for s in sources), ZERO))


def budget_line_for_partnership(*, partnership: Partnership, year: int, pk: int) -> BudgetLine:
    """A line of the partnership's budget for `year`; DoesNotExist otherwise."""
    return (
        BudgetLine.objects.select_related("budget", "project")
        .prefetch_related("outcomes", "plan_years")
        .get(pk=pk, budget__partnership=partnership, budget__year=year)
    )


def projects_for_budget(*, partnership: Partnership):
    """The partnership's projects, for choosing a budget line's project."""
    return Project.objects.filter(portfolio__tactical_group__partnership=partnership).order_by(
        "title"
    )


def report_economy(*, partnership, year: int, through_quarter: int) -> EconomySummary:
    """The economy part of a report for `year`, outcomes up to `through_quarter` (R41).

    Query count must not grow with the number of budget lines.
    """
    fee = fee_status(partnership=partnership, year=year)
    agreement = fee_agreement(partnership=partnership, year=year)
    allocation_rows: list[AllocationRow] = []
    population_date = agreement.population_reference_date(year) if agreement else None
    if fee is not None and fee.decided:  # the report shows decided fees only
        try:
            allocation_rows = fee_allocation(partnership=partnership, year=year).rows
        except DomainError:
            allocation_rows = []  # a missing population figure: the report shows no split
    sources = list(funding_sources(partnership=partnership, year=year))
    conditional = sum(
        (s.amount for s in sources if s.kind == FundingSource.Kind.CONDITIONAL_REGIONAL), ZERO
    )
    if not any(s.kind == FundingSource.Kind.CONDITIONAL_REGIONAL for s in sources) and agreement:
        conditional = agreement.conditional_regional_funds
    budget = budget_for_year(partnership=partnership, year=year)
    line_views = budget_lines(budget=budget, through_quarter=through_quarter) if budget else []
    return EconomySummary(
        year=year,
        fee=fee.amount if fee is not None and fee.decided else None,
        population_date=population_date,
        allocation=allocation_rows,
        conditional_regional_funds=conditional,
        funding_sources=[
            FundingSourceRow(name=s.name, amount=s.amount, guaranteed=s.guaranteed) for s in sources
        ],
        areas=[
            AreaRow(
                area=area.area,
                budget=area.budget,
                outcome_to_date=area.outcome_to_date,
                forecast=area.forecast,
            )
            for area in areas_of(line_views)
        ],
        project_budgets={
            lv.line.project_id: (lv.line.budget_amount, lv.outcome_to_date)
            for lv in line_views
            if lv.line.project_id
        },
        outcome_through_quarter=through_quarter,
    )
