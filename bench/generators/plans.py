"""Benchmark data for the plans app: years of adopted plans with their goals and values.

A partnership that has planned for years has a business plan per year (R60), each
a copy of the last: the same focus areas, strategic goals, goal areas and
indicators (one series across the years, R63), with the values entered for every
quarter and the full year (R62). The management system's strategy group has its
action plan every year and a three-year strategy every third year (R70). The
demo's plans (2024-2026) stay as they are, so the goals page and the plan page
show the same content at every scale; what grows is what the reads must skip
(older plans, indicators of the same series, their values).

At scale N, N - 1 earlier years are added before the demo's first plan of each kind. At 100x
the years reach back before 2000, the floor of the plan forms' validators; the
database does not check it and the rows are what the benchmark needs.
"""

import datetime
from decimal import Decimal

from bench.generators._history import at, created_rows
from bench.generators.partnerships import BATCH_SIZE
from plans.models import (
    VALUE_PERIOD_ORDER,
    FocusArea,
    GoalArea,
    Indicator,
    IndicatorValue,
    Plan,
    StrategicGoal,
)

SOURCE = "Benchmark: kansliets uppföljning"
STRATEGY_YEARS = 3


def _copies(sources: list[tuple[Plan, int]]) -> list[Plan]:
    """Adopted copies of each (source plan, year) with nothing inside yet."""
    plans = []
    for source, year in sources:
        adopted = at(datetime.date(year - 1, 12, 10))
        plans.append(
            Plan(
                kind=source.kind,
                partnership_id=source.partnership_id,
                body_id=source.body_id,
                year=year,
                last_year=year + (source.last_year - source.year),
                title=source.title.replace(str(source.year), str(year)),
                vision=source.vision,
                introduction=source.introduction,
                follow_up=source.follow_up,
                financing=source.financing,
                status=Plan.Status.ADOPTED,
                adopted_at=adopted,
                adoption_reference=f"Benchmark: antagen {year - 1}-12-10",
                created_at=adopted - datetime.timedelta(days=60),
                updated_at=adopted,
            )
        )
    return plans


def _value(indicator: Indicator, year: int, position: int) -> Decimal:
    """An invented outcome around the target, growing through the year."""
    base = indicator.target if indicator.target is not None else Decimal(100)
    share = Decimal(position + 1) / Decimal(len(VALUE_PERIOD_ORDER))
    return (base * share * Decimal(80 + (year * 7 + position * 3) % 40) / 100).quantize(
        Decimal("0.01")
    )


def _fill(pairs: list[tuple[Plan, Plan]], kansli_id: int) -> dict[str, list]:
    """Copy the content of each (source, copy) pair with bulk_create; returns what was made."""
    sources = [source.pk for source, _copy in pairs]
    focus = {}
    for area in FocusArea.objects.filter(plan_id__in=sources):
        focus.setdefault(area.plan_id, []).append(area)
    goals = {}
    for goal in StrategicGoal.objects.filter(plan_id__in=sources).prefetch_related(
        "agenda_goals", "areas__agenda_goals", "areas__indicators"
    ):
        goals.setdefault(goal.plan_id, []).append(goal)

    made = {"focus": [], "goals": [], "areas": [], "indicators": [], "values": []}
    goal_pairs = []
    for source, copy in pairs:
        for area in focus.get(source.pk, []):
            made["focus"].append(
                FocusArea(
                    plan_id=copy.pk,
                    number=area.number,
                    title=area.title,
                    description=area.description,
                )
            )
        for goal in goals.get(source.pk, []):
            new = StrategicGoal(
                plan_id=copy.pk, number=goal.number, title=goal.title, description=goal.description
            )
            made["goals"].append(new)
            goal_pairs.append((goal, new))
    FocusArea.objects.bulk_create(made["focus"], batch_size=BATCH_SIZE)
    StrategicGoal.objects.bulk_create(made["goals"], batch_size=BATCH_SIZE)

    area_pairs = []
    for goal, new in goal_pairs:
        for area in goal.areas.all():
            copy = GoalArea(
                goal_id=new.pk, number=area.number, title=area.title, description=area.description
            )
            made["areas"].append(copy)
            area_pairs.append((area, copy))
    GoalArea.objects.bulk_create(made["areas"], batch_size=BATCH_SIZE)

    # The Agenda 2030 goals each goal and goal area serves (many-to-many rows).
    for model, pairs_of in ((StrategicGoal, goal_pairs), (GoalArea, area_pairs)):
        through = model.agenda_goals.through
        own = f"{model._meta.model_name}_id"
        through.objects.bulk_create(
            [
                through(**{own: new.pk, "agenda2030goal_id": agenda.pk})
                for old, new in pairs_of
                for agenda in old.agenda_goals.all()
            ],
            batch_size=BATCH_SIZE,
        )

    year_of = {copy.pk: copy.year for _source, copy in pairs}
    plan_of_goal = {new.pk: new.plan_id for _old, new in goal_pairs}
    for area, copy in area_pairs:
        for indicator in area.indicators.all():
            made["indicators"].append(
                Indicator(
                    goal_area_id=copy.pk,
                    **{
                        f.attname: getattr(indicator, f.attname)
                        for f in Indicator._meta.concrete_fields
                        if f.attname not in ("id", "goal_area_id")
                    },
                )
            )
    Indicator.objects.bulk_create(made["indicators"], batch_size=BATCH_SIZE)

    area_goal = {copy.pk: copy.goal_id for _area, copy in area_pairs}
    for indicator in made["indicators"]:
        if indicator.computation:
            continue  # computed from the app's own data (R63), never entered
        year = year_of[plan_of_goal[area_goal[indicator.goal_area_id]]]
        for position, period in enumerate(VALUE_PERIOD_ORDER):
            made["values"].append(
                IndicatorValue(
                    indicator_id=indicator.pk,
                    year=year,
                    period=period,
                    value=_value(indicator, year, position),
                    source=SOURCE,
                    entered_by_id=kansli_id,
                    entered_at=at(
                        datetime.date(year + (position == 3), (4, 7, 10, 1)[position], 15)
                    ),
                )
            )
    IndicatorValue.objects.bulk_create(made["values"], batch_size=BATCH_SIZE)
    return made


def generate(scale: int, context: dict) -> dict | None:
    """Add (scale - 1) earlier years of business plans and strategy-group plans; returns counts."""
    if scale <= 1:
        return None
    kansli = context["kansli"]
    # The template of each kind and owner: the demo's earliest plan of it.
    templates = {}
    for plan in Plan.objects.order_by("year", "pk"):
        templates.setdefault((plan.kind, plan.partnership_id, plan.body_id), plan)

    wanted = []
    for template in templates.values():
        for year in range(template.year - 1, template.year - scale, -1):
            if template.kind == Plan.Kind.STRATEGY and (template.year - year) % STRATEGY_YEARS:
                continue  # a strategy covers three years
            wanted.append((template, year))
    plans = _copies(wanted)
    Plan.objects.bulk_create(plans, batch_size=BATCH_SIZE)
    made = _fill(list(zip([t for t, _y in wanted], plans, strict=True)), kansli.pk)

    plan_at = {plan.pk: plan.created_at for plan in plans}
    goal_plan = {goal.pk: goal.plan_id for goal in made["goals"]}
    area_plan = {area.pk: goal_plan[area.goal_id] for area in made["areas"]}
    for model, objects, when in [
        (Plan, plans, lambda o: o.created_at),
        (FocusArea, made["focus"], lambda o: plan_at[o.plan_id]),
        (StrategicGoal, made["goals"], lambda o: plan_at[o.plan_id]),
        (GoalArea, made["areas"], lambda o: plan_at[goal_plan[o.goal_id]]),
        (Indicator, made["indicators"], lambda o: plan_at[area_plan[o.goal_area_id]]),
        (IndicatorValue, made["values"], lambda o: o.entered_at),
    ]:
        model.history.model.objects.bulk_create(
            created_rows(model, objects, when=when, actor_id=kansli.pk),
            batch_size=BATCH_SIZE,
        )
    return {
        "bench_plans": {
            "plans": len(plans),
            "goals": len(made["goals"]),
            "goal_areas": len(made["areas"]),
            "indicators": len(made["indicators"]),
            "values": len(made["values"]),
        }
    }
