"""Plans personas: a draft business plan of the org's partnership with a goal and indicators."""

from decimal import Decimal as D

import pytest

from plans import services
from plans.models import GoalArea, Indicator, StrategicGoal


def build_plan(org, year=2026):
    """A draft business plan with one goal, one goal area and two indicators."""
    plan = services.plan_create(actor=org.staff, partnership=org.partnership, year=year)
    services.plan_update(
        actor=org.staff, plan=plan, vision="Tillsammans skapar vi hållbara kommuner."
    )
    goal = services.plan_part_save(
        actor=org.staff,
        part=StrategicGoal(plan=plan, number=1, title="Ändamålsenlig verksamhet"),
    )
    area = services.plan_part_save(
        actor=org.staff,
        part=GoalArea(goal=goal, number=1, title="Verksamheten söker aktivt externa medel."),
    )
    manual = services.plan_part_save(
        actor=org.staff,
        part=Indicator(
            goal_area=area,
            number=1,
            name="Andel mycket nöjda",
            unit=Indicator.Unit.PERCENT,
            direction=Indicator.Direction.HIGHER,
            baseline=D("60"),
            target=D("80"),
            target_q2=D("75"),
            partly_met_from=D("70"),
        ),
    )
    plan.refresh_from_db()
    return plan, goal, area, manual


@pytest.fixture
def plan_setup(org):
    plan, goal, area, indicator = build_plan(org)
    return plan, goal, area, indicator
