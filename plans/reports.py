"""What the reports show of the plans (R41, R63, R64, R70), read for `reporting`.

Q2 and the annual report follow up every goal of the year's business plan with its
indicators, targets, outcome to date and traffic light; the annual report adds the
latest evaluation survey's results; every report describes the management system
with the Region from its data. Reads only (selectors), a fixed number of queries.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from partnerships import permissions
from plans import selectors
from plans.models import Plan

# Report period (reporting.models.Period values) -> the value period followed up.
GOALS_PERIODS = {"q2": "q2", "annual": "year"}


@dataclass
class SurveyResult:
    follow_up: selectors.IndicatorFollowUp
    year: int | None
    value: object
    target: object  # the target of the survey's year


@dataclass
class ReportGoals:
    plan: Plan
    period: str
    goals: list
    survey: list  # [SurveyResult], in the annual report only
    survey_year: int | None


def report_goals(*, partnership, year: int, report_period: str) -> ReportGoals | None:
    """The goals section of the Q2 or annual report (R64); None for other periods or
    when the year has no business plan."""
    period = GOALS_PERIODS.get(report_period)
    if period is None:
        return None
    plan = selectors.business_plan_for(partnership=partnership, year=year)
    if plan is None:
        return None
    goals = selectors.goals_follow_up(plan=plan, period=period, with_projects=False)
    survey = []
    if report_period == "annual":
        for goal in goals:
            for item in goal.indicators:
                if not item.indicator.survey_question:
                    continue
                # The latest survey of the plan's years: this year's, or last year's.
                latest = next((p for p in reversed(item.history) if p.value is not None), None)
                survey.append(
                    SurveyResult(
                        follow_up=item,
                        year=latest.year if latest else None,
                        value=latest.value if latest else None,
                        target=latest.target if latest else item.target,
                    )
                )
    years = {s.year for s in survey if s.year}
    return ReportGoals(
        plan=plan,
        period=period,
        goals=goals,
        survey=survey,
        survey_year=max(years) if years else None,
    )


@dataclass
class BodyRow:
    body: object
    held: int | None
    region_members: int
    municipality_members: int
    # The year is not over on the day the row describes: the count is progress so far.
    ongoing: bool = False

    @property
    def minimum(self) -> int | None:
        return self.body.min_meetings_per_year

    @property
    def below_frequency(self) -> bool:
        """Below the minimum (R70), judged only once the year is over: a body that meets
        six times a year is not behind in May because it has met twice."""
        return (
            not self.ongoing
            and self.held is not None
            and self.minimum is not None
            and self.held < self.minimum
        )


def management_rows(*, bodies, year: int, on=None) -> list[BodyRow]:
    """One row per body of the management system with its meetings held in `year` (R70),
    the year counted as ongoing while `on` (default today) is within it."""
    on = on or permissions.today()
    held = selectors.meetings_held(bodies=bodies, year=year)
    rows = []
    for body in bodies:
        members = body.current_members
        rows.append(
            BodyRow(
                body=body,
                held=held.get(body.pk),
                region_members=sum(1 for m in members if m.organisation == "region"),
                municipality_members=sum(1 for m in members if m.municipality_id),
                ongoing=on <= datetime.date(year, 12, 31),
            )
        )
    return rows


def report_management_system(*, year: int, on=None) -> list[BodyRow]:
    """The management system with the Region (R70) as the reports describe it."""
    bodies = selectors.management_system_bodies(on=on)
    return management_rows(bodies=bodies, year=year, on=on)
