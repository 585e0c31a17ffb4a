"""Reads of plans: the plan as a document, and the follow-up of its goals (R60-R64).

Every read plans its queries: a page or report costs the same number of queries
whatever the number of goals, indicators and values (prefetches, one query for the
values of every indicator's series over the years).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Prefetch, Q

from meetings import selectors as meetings_selectors
from partnerships import permissions
from partnerships.models import Body, Membership
from plans import indicators as registry
from plans.formatting import indicator_number
from plans.models import (
    VALUE_PERIOD_ORDER,
    FocusArea,
    GoalArea,
    Indicator,
    IndicatorValue,
    Plan,
    StrategicGoal,
    ValuePeriod,
)
from plans.traffic import Light, threshold_on_right_side, traffic_light

# Report period (reporting.models.Period) -> the value period followed up.
REPORT_PERIOD_VALUES = {"q1": "q1", "q2": "q2", "annual": "year", "accounts": "year"}
PERIOD_QUARTER = {"q1": 1, "q2": 2, "q3": 3, "year": 4}
CHART_YEARS = 5


@dataclass
class PlanDocument:
    owner: str
    focus_areas: list
    goals: list


# The parts of one plan in their order. The models' default ordering starts with the
# parent ("plan", "goal"), which orders by the parent's own ordering: a join over every
# plan ever made. Within one plan the parent's id orders the same, without the join.
def _areas():
    return Prefetch("areas", queryset=GoalArea.objects.order_by("goal_id", "number", "id"))


def _indicators(lookup: str = "areas__indicators"):
    return Prefetch(lookup, queryset=Indicator.objects.order_by("goal_area_id", "number", "id"))


def _goals_of(plan: Plan):
    return StrategicGoal.objects.filter(plan=plan).order_by("number", "id")


def plan_document(*, plan: Plan) -> PlanDocument:
    """The plan's content in order, for its page and its PDF (a fixed number of queries)."""
    owner = plan.partnership.name if plan.partnership_id else plan.body.name
    goals = _goals_of(plan).prefetch_related(
        "agenda_goals", _areas(), "areas__agenda_goals", _indicators()
    )
    return PlanDocument(
        owner=owner,
        focus_areas=list(FocusArea.objects.filter(plan=plan).order_by("number", "id")),
        goals=list(goals),
    )


def business_plans(*, partnership):
    return Plan.objects.filter(partnership=partnership, kind=Plan.Kind.BUSINESS_PLAN).order_by(
        "-year"
    )


def business_plan_for(*, partnership, year: int) -> Plan | None:
    plan = business_plans(partnership=partnership).filter(year=year).first()
    if plan is not None:
        plan.partnership = partnership  # known already: reading it costs no query
    return plan


def goal_areas_to_serve(*, partnership, year: int, keep=()):
    """The goal areas a project may be linked to (R64): those of the partnership's business
    plan of the year, else of its latest adopted plan; plus `keep` (ids already linked)."""
    plan = business_plan_for(partnership=partnership, year=year) or (
        business_plans(partnership=partnership).filter(status=Plan.Status.ADOPTED).first()
    )
    current = Q(goal__plan=plan) if plan is not None else Q(pk__in=[])
    return (
        GoalArea.objects.filter(current | Q(pk__in=list(keep)))
        .select_related("goal__plan")
        .order_by("-goal__plan__year", "goal__number", "number", "id")
    )


def group_plans(*, body: Body):
    """Every plan of a body, newest first (the archive of a strategy group's plans)."""
    return Plan.objects.filter(body=body).order_by("-year", "kind", "-pk")


# --- Follow-up: outcome to date and traffic light (R62, R64) ---------------------------


@dataclass
class YearPoint:
    year: int
    value: Decimal | None
    target: Decimal | None


@dataclass
class IndicatorFollowUp:
    indicator: Indicator
    period: str
    value: Decimal | None
    value_period: str | None
    target: Decimal | None
    light: Light
    source: str = ""
    comment: str = ""
    history: list[YearPoint] = field(default_factory=list)

    @property
    def is_computed(self) -> bool:
        return self.indicator.is_computed

    @property
    def computation_label(self) -> str:
        computation = registry.get(self.indicator.computation)
        return str(computation.label) if computation else ""

    @property
    def target_text(self) -> str:
        return indicator_number(self.target, self.indicator.unit) or "–"

    @property
    def value_text(self) -> str:
        return indicator_number(self.value, self.indicator.unit) or "–"


@dataclass
class GoalFollowUp:
    goal: StrategicGoal
    areas: list  # [(GoalArea, [IndicatorFollowUp], [project])]

    @property
    def indicators(self) -> list[IndicatorFollowUp]:
        return [item for _area, items, _projects in self.areas for item in items]


def _latest(values: dict, year: int, period: str):
    """The latest stored value of the year up to `period` (outcome to date), with its period."""
    upto = VALUE_PERIOD_ORDER.index(period)
    for candidate in reversed(VALUE_PERIOD_ORDER[: upto + 1]):
        row = values.get((year, candidate))
        if row is not None:
            return row, candidate
    return None, None


@dataclass(frozen=True)
class _Value:
    """An entered value as the follow-up needs it (no model instance per value)."""

    value: Decimal
    source: str
    comment: str


def _chart_years(year: int) -> range:
    return range(year - CHART_YEARS + 1, year + 1)


def _computed_values(indicators, partnership, year: int, period: str) -> dict:
    """(computation, year) -> Computed or None, for every computation of `indicators`: the
    year up to `period` and the earlier chart years whole, one call (one query) per
    computation for all the years."""
    if partnership is None:
        return {}
    periods = [(y, PERIOD_QUARTER[ValuePeriod.YEAR]) for y in _chart_years(year)[:-1]]
    periods.append((year, PERIOD_QUARTER[period]))
    result = {}
    for key in sorted({i.computation for i in indicators if i.is_computed}):
        computation = registry.get(key)
        if computation is None:
            continue
        answers = computation.compute_many(partnership=partnership, periods=periods)
        for (y, _quarter), computed in answers.items():
            result[(key, y)] = computed
    return result


def goals_follow_up(*, plan: Plan, period: str = ValuePeriod.YEAR, with_projects=True):
    """Each goal of the plan with its indicators' outcome to date for `period` of the
    plan's year, target, traffic light (R62) and values of the last years (charts).
    A fixed number of queries: however many goals, indicators, values and years."""
    year = plan.year
    # Goals, their areas and the areas' indicators in a query each, grouped here (cheaper
    # than Django's prefetching for a page that draws every one of them).
    goals = list(_goals_of(plan).prefetch_related("agenda_goals"))
    areas = GoalArea.objects.filter(goal__plan=plan).order_by("goal_id", "number", "id")
    if with_projects:
        areas = areas.prefetch_related(Prefetch("projects", to_attr="served_by"))
    areas_of: dict[int, list] = {}
    for area in areas:
        areas_of.setdefault(area.goal_id, []).append(area)
    indicators_of: dict[int, list] = {}
    all_indicators = list(
        Indicator.objects.filter(goal_area__goal__plan=plan).order_by(
            "goal_area_id", "number", "id"
        )
    )
    for indicator in all_indicators:
        indicators_of.setdefault(indicator.goal_area_id, []).append(indicator)
    series = {i.series for i in all_indicators}
    # One query: every value of every series, this year and the earlier ones.
    by_series: dict = {}
    rows = (
        IndicatorValue.objects.filter(
            indicator__series__in=series, year__gt=year - CHART_YEARS, year__lte=year
        )
        .order_by()
        .values_list("indicator__series", "year", "period", "value", "source", "comment")
    )
    for row_series, row_year, row_period, value, source, comment in rows:
        by_series.setdefault(row_series, {})[(row_year, row_period)] = _Value(
            value, source, comment
        )
    targets = _targets_by_series_year(series, year)
    computed = _computed_values(all_indicators, plan.partnership, year, period)
    result = []
    for goal in goals:
        areas = []
        for area in areas_of.get(goal.pk, []):
            area.goal = goal
            items = []
            for ind in indicators_of.get(area.pk, []):
                ind.goal_area = area
                items.append(
                    _follow(ind, year, period, by_series.get(ind.series, {}), targets, computed)
                )
            projects = getattr(area, "served_by", []) if with_projects else []
            areas.append((area, items, projects))
        result.append(GoalFollowUp(goal=goal, areas=areas))
    return result


def _targets_by_series_year(series, year):
    rows = (
        Indicator.objects.filter(
            series__in=series,
            goal_area__goal__plan__year__gt=year - CHART_YEARS,
            goal_area__goal__plan__year__lte=year,
        )
        .order_by()
        .values_list("series", "goal_area__goal__plan__year", "target")
    )
    return {(s, y): t for s, y, t in rows}


def _follow(ind, year, period, values, targets, computed) -> IndicatorFollowUp:
    target = ind.target_for(period)
    history = []
    if ind.is_computed:
        current = computed.get((ind.computation, year))
        value = current.value if current else None
        source = current.source if current else ""
        comment = current.comment if current else ""
        value_period = period if current else None
        for y in _chart_years(year):
            point = computed.get((ind.computation, y))
            history.append(
                YearPoint(y, point.value if point else None, targets.get((ind.series, y)))
            )
    else:
        row, value_period = _latest(values, year, period)
        value = row.value if row else None
        source = row.source if row else ""
        comment = row.comment if row else ""
        for y in _chart_years(year):
            point, _p = _latest(values, y, period if y == year else ValuePeriod.YEAR)
            history.append(
                YearPoint(y, point.value if point else None, targets.get((ind.series, y)))
            )
    partly = ind.partly_met_from
    if not threshold_on_right_side(target=target, partly_met_from=partly, direction=ind.direction):
        partly = None  # a quarter's own target may lie beyond the year's partly-met value
    light = traffic_light(
        value=value, target=target, direction=ind.direction, partly_met_from=partly
    )
    # Drop the leading years without anything to show.
    while history and history[0].value is None and history[0].target is None:
        history.pop(0)
    return IndicatorFollowUp(
        indicator=ind,
        period=period,
        value=value,
        value_period=value_period,
        target=target,
        light=light,
        source=source,
        comment=comment,
        history=history,
    )


# --- The management system with the Region (R70) ---------------------------------------

MANAGEMENT_SYSTEM_KINDS = [
    Body.Kind.MUNICIPAL_FORUM,
    Body.Kind.REKO,
    Body.Kind.REKO_PREPARATION_GROUP,
    Body.Kind.CHIEFS_GROUP,
    Body.Kind.STRATEGY_GROUP,
]


def management_system_bodies(*, on=None):
    """The county-wide bodies of the management system, with members on the day and the
    plans in force in its year or later (`plan_list`); the earlier plans are only counted
    (`earlier_plan_count`), so the page does not grow with the years of plans."""
    on = on or permissions.today()
    order = {kind: i for i, kind in enumerate(MANAGEMENT_SYSTEM_KINDS)}
    bodies = list(
        Body.objects.filter(partnership__isnull=True, kind__in=MANAGEMENT_SYSTEM_KINDS)
        .select_related("parent")
        .annotate(earlier_plan_count=Count("plans", filter=Q(plans__last_year__lt=on.year)))
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.active(on)
                .select_related("person", "municipality")
                .order_by("organisation", "municipality__code", "person__last_name"),
                to_attr="current_members",
            ),
            Prefetch(
                "plans",
                queryset=Plan.objects.filter(last_year__gte=on.year).order_by("-year", "kind"),
                to_attr="plan_list",
            ),
        )
    )
    bodies.sort(key=lambda b: (order[b.kind], b.name))
    return bodies


def meetings_held(*, bodies, year: int) -> dict[int, int]:
    """How many meetings each body held in the year, for the minimum frequency (R70):
    the meetings of the meetings app that were held (held or minutes adjusted), one
    query for all bodies."""
    return meetings_selectors.meetings_held_per_body(
        body_ids=[b.pk for b in bodies],
        start=datetime.date(year, 1, 1),
        end=datetime.date(year, 12, 31),
    )


def may_read_management_system(user) -> bool:
    """Whoever reads a partnership, an office seat, or a member of a management-system body."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    perms = permissions.object_permissions(user)
    if perms["read_partnership"] or perms["manage_partnership"] or user.is_superuser:
        return True
    return (
        Membership.objects.active()
        .filter(person=user, body__partnership__isnull=True, body__kind__in=MANAGEMENT_SYSTEM_KINDS)
        .exists()
    )
