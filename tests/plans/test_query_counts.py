"""Issue 17: the goals page and the management system page ask the database the same
number of questions however many years of plans, values and meetings lie behind them,
and a computed indicator costs one query for all the years of its chart (R62, R70)."""

import datetime
from decimal import Decimal as D
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from finance.models import FundingSource
from matters.models import Matter
from meetings.models import Meeting
from partnerships.models import Body
from plans import services
from plans.models import GoalArea, Indicator, IndicatorValue, Plan, StrategicGoal
from tests.projects.conftest import make_project, proj  # noqa: F401

TZ = ZoneInfo("Europe/Stockholm")
COMPUTATIONS = ["external_funding_share", "granted_projects_share", "pks_attendance"]


def _queries(client, url) -> tuple[int, str]:
    client.get(url)  # warm-up: the session and whatever Django keeps per process
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response.content.decode()


def _add_computed(org, area):
    for number, key in enumerate(COMPUTATIONS, start=2):
        services.plan_part_save(
            actor=org.staff,
            part=Indicator(
                goal_area=area, number=number, name=key, unit="percent", computation=key
            ),
        )


def _earlier_years(org, plan, project, years):
    """Earlier adopted plans with copies of the plan's indicators (the same series), their
    values, funding sources, funds requests and PKS meetings, year by year."""
    pks = Body.objects.filter(kind=Body.Kind.PKS).first() or Body.objects.create(
        partnership=None, kind=Body.Kind.PKS, slug="pks-test", name="PKS"
    )
    indicators = list(Indicator.objects.filter(goal_area__goal__plan=plan))
    for year in years:
        earlier = Plan.objects.create(
            kind=Plan.Kind.BUSINESS_PLAN,
            partnership=org.partnership,
            year=year,
            last_year=year,
            title=f"Verksamhetsplan {year}",
            status=Plan.Status.ADOPTED,
        )
        goal = StrategicGoal.objects.create(plan=earlier, number=1, title="Mål")
        area = GoalArea.objects.create(goal=goal, number=1, title="Målområde")
        for ind in indicators:
            copy = Indicator.objects.create(
                goal_area=area,
                number=ind.number,
                name=ind.name,
                unit=ind.unit,
                target=D("50"),
                computation=ind.computation,
                series=ind.series,
            )
            if not ind.computation:
                for period in ("q1", "q2", "q3", "year"):
                    IndicatorValue.objects.create(
                        indicator=copy, year=year, period=period, value=D("42"), source="x"
                    )
        FundingSource.objects.create(
            partnership=org.partnership, year=year, kind="fee", name="Avgift", amount=D("300")
        )
        FundingSource.objects.create(
            partnership=org.partnership, year=year, kind="state_grant", name="Bidrag", amount=1
        )
        Matter.objects.create(
            partnership=org.partnership,
            kind=Matter.Kind.FUNDS_REQUEST,
            project=project,
            title="Gemensamma medel",
            amount=D("1000"),
            status=Matter.Status.APPROVED,
            created_at=datetime.datetime(year, 3, 1, 12, tzinfo=TZ),
            created_by=org.staff,
            closed_at=datetime.datetime(year, 4, 1, 12, tzinfo=TZ),
        )
        Meeting.objects.create(
            body=pks,
            date=datetime.date(year, 5, 8),
            start_time=datetime.time(9),
            status=Meeting.Status.HELD,
        )


def test_issue17_a_computed_indicator_costs_one_query_for_all_its_chart_years(
    client, org, plan_setup
):
    plan, _goal, area, _manual = plan_setup
    url = reverse("plans:goals", args=[org.partnership.slug, plan.year])
    client.force_login(org.staff)
    without, _html = _queries(client, url)
    _add_computed(org, area)
    with_computed, html = _queries(client, url)
    # Five chart years each, but one query per computation.
    assert with_computed == without + len(COMPUTATIONS)
    assert html.count('class="chart"') >= 1


def test_issue17_goals_page_queries_do_not_grow_with_the_years(
    client,
    org,
    plan_setup,
    proj,  # noqa: F811
):
    plan, _goal, area, _manual = plan_setup
    _add_computed(org, area)
    url = reverse("plans:goals", args=[org.partnership.slug, plan.year])
    client.force_login(org.staff)
    before, _html = _queries(client, url)
    project = make_project(org, proj.ifo, title="Tidigare projekt")
    _earlier_years(org, plan, project, range(plan.year - 12, plan.year))
    after, html = _queries(client, url)
    assert after == before
    # The earlier years are on the page: the chart's last five years, computed ones too.
    assert f"{plan.year - 4}: 42\u00a0%" in html and f"{plan.year - 5}:" not in html
    assert f"{plan.year - 1}: 0,3\u00a0%" in html  # 1 kr external of 301 kr


def _strategy_group(year, count):
    group = Body.objects.create(
        partnership=None,
        kind=Body.Kind.STRATEGY_GROUP,
        slug="strategigrupp-barn-unga",
        name="Strategigrupp Barn och unga",
        min_meetings_per_year=4,
    )
    plans = [
        Plan(
            kind=Plan.Kind.ACTION_PLAN,
            body=group,
            year=y,
            last_year=y,
            title=f"Handlingsplan {y}",
            status=Plan.Status.ADOPTED,
        )
        for y in range(year - count, year + 1)
    ]
    Plan.objects.bulk_create(plans)
    return group


@pytest.mark.parametrize("earlier", [1, 30])
def test_issue17_management_system_shows_current_plans_and_counts_the_earlier(client, org, earlier):
    year = datetime.date.today().year
    group = _strategy_group(year, earlier)
    client.force_login(org.staff)
    _count, html = _queries(client, reverse("plans:management_system"))
    assert f"Handlingsplan {year}" in html and f"Handlingsplan {year - 1}" not in html
    link = reverse("plans:group_plans", args=[group.slug])
    noun = "plan" if earlier == 1 else "planer"
    assert f'href="{link}">{earlier} tidigare {noun}' in html
    # The archive: every plan, newest first, twenty a page.
    archive = client.get(link).content.decode()
    assert f"Handlingsplan {year}" in archive and f"Handlingsplan {year - 1}" in archive
    shown = min(earlier + 1, 20)
    assert archive.count("Handlingsplan ") == shown
    if earlier + 1 > 20:
        rest = client.get(link + "?sida=2").content.decode()
        assert f"Handlingsplan {year - earlier}" in rest


def test_issue17_management_system_queries_do_not_grow_with_the_years(client, org):
    year = datetime.date.today().year
    group = _strategy_group(year, 1)
    client.force_login(org.staff)
    url = reverse("plans:management_system")
    before, _html = _queries(client, url)
    Plan.objects.bulk_create(
        Plan(
            kind=Plan.Kind.STRATEGY,
            body=group,
            year=y,
            last_year=y + 2,
            title=f"Strategi {y}",
            status=Plan.Status.ADOPTED,
        )
        for y in range(year - 40, year - 2)
    )
    Meeting.objects.bulk_create(
        Meeting(
            body=group,
            date=datetime.date(y, 3, 1),
            start_time=datetime.time(9),
            status=Meeting.Status.HELD,
        )
        for y in range(year - 40, year)
    )
    after, html = _queries(client, url)
    assert after == before
    # Only counted (38 strategies and last year's action plan): the archive lists them.
    assert f"Strategi {year - 10}" not in html and "39 tidigare planer" in html
