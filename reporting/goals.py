"""The follow-up of the business plan's goals in the reports (R41, R62, R64).

Q2 and the annual report (verksamhetsberättelse) follow up every strategic goal of
the partnership's plan of the report's year: its goal areas and indicators with
target, outcome to date (values up to the report's period), the traffic light and a
small chart per indicator over the years. The annual report adds the results of the
yearly evaluation survey (R63).

The data comes from `plans.selectors.goals_follow_up` (traffic light from
plans/traffic.py, charts from plans/charts.py) and is gathered with the rest of the
report's content (reporting/content.py), so a published version freezes it with the
PDF (R42). The number of queries does not grow with goals, indicators or values.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from plans import charts as plan_charts
from plans import selectors as plan_selectors
from plans.formatting import indicator_number
from plans.models import Plan, ValuePeriod
from plans.traffic import Light
from reporting.models import Period

# The reports that follow up the goals (R64) -> the value period they show.
GOALS_PERIODS = {Period.Q2: ValuePeriod.Q2, Period.ANNUAL: ValuePeriod.YEAR}

CHAPTER_NAME = "goals"
CHAPTER_HEADING = gettext_lazy("Follow-up of the business plan's goals")
CHAPTER_AFTER = "development_work"

LIGHT_ORDER = [Light.MET, Light.PARTLY_MET, Light.NOT_MET, Light.NONE]


class State:
    """What the section can show about the year's plan."""

    ADOPTED = "adopted"  # the adopted plan: its goals are followed up
    DRAFT = "draft"  # a draft report follows up the current, not yet adopted plan
    NOT_ADOPTED = "not_adopted"  # a published report: the plan is not adopted, no goals
    MISSING = "missing"  # no plan for the year


@dataclasses.dataclass(frozen=True)
class IndicatorLine:
    """One indicator's row: the follow-up of plans, its chart and the chart's text."""

    follow: plan_selectors.IndicatorFollowUp
    chart: SafeString
    chart_text: str
    years_text: str


@dataclasses.dataclass(frozen=True)
class AreaLines:
    area: object
    lines: list[IndicatorLine]


@dataclasses.dataclass(frozen=True)
class GoalLines:
    goal: object
    areas: list[AreaLines]


@dataclasses.dataclass(frozen=True)
class SurveyLine:
    """An indicator fed by the evaluation survey: the year's result and last year's (R63)."""

    follow: plan_selectors.IndicatorFollowUp
    previous: Decimal | None


@dataclasses.dataclass(frozen=True)
class GoalsSection:
    year: int
    report_period: str
    value_period: str
    state: str
    plan: Plan | None
    outcome_heading: str
    goals: list[GoalLines]
    light_counts: list[tuple[str, int]]
    indicator_count: int
    survey: list[SurveyLine] | None  # None: not in this report (only the annual report)
    survey_networks: list  # hook, see survey_network_results()

    @property
    def shows_goals(self) -> bool:
        return self.state in (State.ADOPTED, State.DRAFT)


def plan_for_report(*, partnership, year: int, draft: bool) -> tuple[Plan | None, str]:
    """R61, R64: the adopted plan of the year; for a draft report the current plan when it
    is not adopted yet. A published report never follows up a plan that is not adopted."""
    plan = plan_selectors.business_plan_for(partnership=partnership, year=year)
    if plan is None:
        return None, State.MISSING
    plan.partnership = partnership  # the computed indicators read it: no extra query
    if plan.is_adopted:
        return plan, State.ADOPTED
    return plan, State.DRAFT if draft else State.NOT_ADOPTED


def _value_text(value, unit: str) -> str:
    return indicator_number(value, unit) if value is not None else _("no outcome")


def _chart_sentence(follow, year: int, value_period: str) -> str:
    """The chart's data in one sentence: its text alternative."""
    unit = follow.indicator.unit
    points = []
    for point in follow.history:
        when = str(point.year)
        if point.year == year and value_period != ValuePeriod.YEAR:
            when = _("%(year)s through %(period)s") % {
                "year": point.year,
                "period": value_period.upper(),
            }
        text = f"{when}: {_value_text(point.value, unit)}"
        if point.target is not None:
            text += " " + _("(target %(target)s)") % {
                "target": indicator_number(point.target, unit)
            }
        points.append(text)
    return _("%(indicator)s per year. %(points)s.") % {
        "indicator": follow.indicator.name.rstrip("."),
        "points": "; ".join(points),
    }


def _years_text(follow) -> str:
    """The values under the chart, short: '2024: 41 %, 2025: 46 %'."""
    unit = follow.indicator.unit
    return ", ".join(
        f"{p.year}: {indicator_number(p.value, unit) if p.value is not None else '–'}"
        for p in follow.history
    )


def _with_title(svg: SafeString, title: str) -> SafeString:
    """The chart of plans/charts.py with `title` as its SVG <title>: the accessible name on
    the web and the figure's alternative text in the tagged PDF."""
    if not svg:
        return svg
    head, _, rest = str(svg).partition(">")  # the end of the opening <svg ...> tag
    return format_html(
        "{}><title>{}</title>{}",
        mark_safe(head),  # noqa: S308 - markup of plans/charts.py, numbers only
        title,
        mark_safe(rest),  # noqa: S308
    )


def _line(follow, year: int, value_period: str) -> IndicatorLine:
    sentence = _chart_sentence(follow, year, value_period)
    chart = plan_charts.indicator_chart(follow.history) if follow.history else SafeString("")
    return IndicatorLine(
        follow=follow,
        chart=_with_title(chart, sentence),
        chart_text=sentence,
        years_text=_years_text(follow),
    )


def survey_network_results(*, plan: Plan, year: int) -> list:
    """HOOK (issue 13 item 3, R63): the evaluation survey's aggregates per network.

    The survey import is not on this branch yet: there is no model holding the answers'
    aggregates per network. When it exists, return its rows for the plan's year here
    (one query); the annual report's survey table already shows the indicators the
    survey feeds, and `reporting/_goals.html` shows these rows below it.
    """
    return []


def _outcome_heading(value_period: str) -> str:
    if value_period == ValuePeriod.YEAR:
        return _("Outcome for the year")
    return _("Outcome through %(period)s") % {"period": value_period.upper()}


def goals_section(*, report, draft: bool) -> GoalsSection | None:
    """The goals section of a Q2 or annual report (R64); None for the other reports."""
    value_period = GOALS_PERIODS.get(report.period)
    if value_period is None:
        return None
    plan, state = plan_for_report(partnership=report.partnership, year=report.year, draft=draft)
    goals, counts, survey_follows = [], dict.fromkeys(LIGHT_ORDER, 0), []
    if state in (State.ADOPTED, State.DRAFT):
        for goal in plan_selectors.goals_follow_up(
            plan=plan, period=value_period, with_projects=False
        ):
            areas = []
            for area, follows, _projects in goal.areas:
                areas.append(
                    AreaLines(area, [_line(f, report.year, value_period) for f in follows])
                )
                for follow in follows:
                    counts[follow.light] += 1
                    if follow.indicator.survey_question:
                        survey_follows.append(follow)
            goals.append(GoalLines(goal.goal, areas))
    survey = None
    networks = []
    if report.period == Period.ANNUAL and state in (State.ADOPTED, State.DRAFT):
        survey = [
            SurveyLine(follow=f, previous=_previous_year_value(f, report.year))
            for f in survey_follows
        ]
        networks = survey_network_results(plan=plan, year=report.year)
    return GoalsSection(
        year=report.year,
        report_period=report.period,
        value_period=value_period,
        state=state,
        plan=plan,
        outcome_heading=_outcome_heading(value_period),
        goals=goals,
        light_counts=[(light.value, counts[light]) for light in LIGHT_ORDER],
        indicator_count=sum(counts.values()),
        survey=survey,
        survey_networks=networks,
    )


def _previous_year_value(follow, year: int) -> Decimal | None:
    for point in follow.history:
        if point.year == year - 1:
            return point.value
    return None


def insert_chapter(sections: dict, *, name: str, heading, after: str) -> dict:
    """`sections` with a chapter without staff text after `after`, numbered in order."""
    result, number = {}, 0
    for key, section in sections.items():
        number += 1
        result[key] = dataclasses.replace(section, number=number, anchor=f"avsnitt-{number}")
        if key == after:
            number += 1
            result[name] = dataclasses.replace(
                section, number=number, anchor=f"avsnitt-{number}", heading=heading, html=""
            )
    return result
