"""R60-R62: drafting, copying last year's plan, values, and who may do it."""

from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied

from core.errors import DomainError
from plans import selectors, services
from plans.models import Indicator, IndicatorValue, Plan
from plans.traffic import Light
from tests.plans.conftest import build_plan


def test_r60_a_new_plan_starts_as_a_copy_of_last_years(org, plan_setup):
    plan, goal, area, indicator = plan_setup
    services.indicator_value_set(
        actor=org.staff,
        indicator=indicator,
        year=2026,
        period="year",
        value=D("75"),
        source="Enkät 2026",
    )
    copy = services.plan_create(actor=org.staff, partnership=org.partnership, year=2027)
    assert copy.copied_from == plan
    assert copy.vision == plan.vision
    assert copy.status == Plan.Status.DRAFT
    (new_goal,) = copy.goals.all()
    assert new_goal.title == goal.title and new_goal.pk != goal.pk
    (new_indicator,) = Indicator.objects.filter(goal_area__goal__plan=copy)
    assert new_indicator.series == indicator.series  # followed over the years
    assert new_indicator.target == D("80")
    assert not new_indicator.values.exists()  # values are the year's own


def test_r60_one_business_plan_per_year(org, plan_setup):
    with pytest.raises(DomainError) as refused:
        services.plan_create(actor=org.staff, partnership=org.partnership, year=2026)
    assert refused.value.rule == "R60"


def test_r60_only_the_office_drafts(org, plan_setup):
    plan = plan_setup[0]
    for person in (org.socialchef_aneby, org.tactical_chair, org.pks_member, org.outsider):
        with pytest.raises(PermissionDenied):
            services.plan_update(actor=person, plan=plan, vision="Annan vision")
        with pytest.raises(PermissionDenied):
            services.plan_create(actor=person, partnership=org.partnership, year=2030)
    plan.refresh_from_db()
    assert plan.vision == "Tillsammans skapar vi hållbara kommuner."
    assert not Plan.objects.filter(year=2030).exists()


def test_r62_partly_met_value_on_the_wrong_side_is_refused(org, plan_setup):
    indicator = plan_setup[3]
    indicator.partly_met_from = D("85")
    with pytest.raises(DomainError) as refused:
        services.plan_part_save(actor=org.staff, part=indicator)
    assert refused.value.field == "partly_met_from"
    indicator.refresh_from_db()
    assert indicator.partly_met_from == D("70")


def test_r62_values_need_a_source_and_a_year_of_the_plan(org, plan_setup):
    indicator = plan_setup[3]
    with pytest.raises(DomainError):
        services.indicator_value_set(
            actor=org.staff, indicator=indicator, year=2026, period="q1", value=D("1"), source=""
        )
    with pytest.raises(DomainError):
        services.indicator_value_set(
            actor=org.staff,
            indicator=indicator,
            year=2025,
            period="q1",
            value=D("1"),
            source="x",
        )
    with pytest.raises(PermissionDenied):
        services.indicator_value_set(
            actor=org.socialchef_aneby,
            indicator=indicator,
            year=2026,
            period="q1",
            value=D("1"),
            source="x",
        )
    assert not IndicatorValue.objects.exists()


def test_r62_a_computed_indicator_takes_no_entered_values(org, plan_setup):
    area = plan_setup[2]
    computed = services.plan_part_save(
        actor=org.staff,
        part=Indicator(
            goal_area=area,
            number=2,
            name="Andelen extern finansiering",
            unit="percent",
            target=D("40"),
            computation="external_funding_share",
        ),
    )
    with pytest.raises(DomainError):
        services.indicator_value_set(
            actor=org.staff,
            indicator=computed,
            year=2026,
            period="q1",
            value=D("1"),
            source="x",
        )
    assert not computed.values.exists()


def test_r62_outcome_to_date_uses_the_quarters_target_and_the_latest_value(org, plan_setup):
    plan, _goal, _area, indicator = plan_setup
    for period, value in (("q1", "50"), ("q2", "75")):
        services.indicator_value_set(
            actor=org.staff,
            indicator=indicator,
            year=2026,
            period=period,
            value=D(value),
            source="Uppföljning",
        )
    (goal,) = selectors.goals_follow_up(plan=plan, period="q2")
    (item,) = goal.indicators
    assert (item.value, item.target, item.light) == (D("75"), D("75"), Light.MET)  # exact: met
    (goal,) = selectors.goals_follow_up(plan=plan, period="year")
    (item,) = goal.indicators
    # No full-year value yet: the outcome to date is Q2's, judged against the year's 80.
    assert (item.value, item.value_period, item.target) == (D("75"), "q2", D("80"))
    assert item.light == Light.PARTLY_MET


def test_r62_follow_up_reads_a_fixed_number_of_queries(org, django_assert_max_num_queries):
    plan = build_plan(org)[0]
    for year in (2027, 2028):
        plan = services.plan_create(actor=org.staff, partnership=org.partnership, year=year)
    with django_assert_max_num_queries(8):
        follow = selectors.goals_follow_up(plan=plan, period="q2")
        [i.light for g in follow for i in g.indicators]
