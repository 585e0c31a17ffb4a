"""Demo plans for `seed_demo` (R60-R64, R70): business plans 2024-2026 with seed 001's
six strategic goals, their goal areas and indicators (data/verksamhetsplan-2021-mal.csv),
adopted by the steering group's consensus; values for the earlier years and Q1-Q2 2026;
the management system's demo members and one strategy group's strategy and action plan.

Targets and values are invented and labelled as demo (the seeds hold none). Each new
year's plan is made as a copy of the last (R60). Idempotent: a plan that exists is kept.
"""

from __future__ import annotations

import csv
import datetime
import importlib
from decimal import Decimal as D
from pathlib import Path

from django.utils import timezone

from matters import services as matter_services
from partnerships.demo import _seat, _user
from partnerships.models import Body
from plans import services
from plans.models import Agenda2030Goal, FocusArea, GoalArea, Indicator, Plan, StrategicGoal

GOALS_FILE = Path(__file__).resolve().parent / "data" / "verksamhetsplan-2021-mal.csv"
YEARS = (2024, 2025, 2026)
VISION = "Tillsammans skapar vi hållbara kommuner för ökad livskvalitet."
INTRODUCTION = (
    "Verksamhetsplanen beskriver partnerskapets strategiska mål, målområden och mätetal. "
    "De önskade effekterna är våra 3 K: kostnadseffektivitet, kompetenshöjning och "
    "kvalitetshöjning. Målvärden och utfall i demon är påhittade (demo)."
)
FOCUS_AREAS = [
    "Ekonomisk effektivitet",
    "Kompetensförsörjningen i en utökad arbetsmarknadsregion",
    "Smarta/nya arbetssätt och strukturer för att klara välfärdsutmaningen, till exempel "
    "genom teknikutveckling/digitalisering",
]
FOCUS_NOTE = "Beslutade av PKS 2020-04-02."
# Goal number -> Agenda 2030 goals (the demo's own choice: the originals were pictures).
# The 17 goals as the data migration loads them (number, Swedish name).
AGENDA_2030 = importlib.import_module("plans.migrations.0002_agenda2030_goals").GOALS
AGENDA = {1: [8, 17], 2: [16, 17], 3: [10, 16], 4: [3], 5: [4, 8], 6: [3, 9]}
SOURCE = "Demo: kansliets uppföljning"
SURVEY_SOURCE = "Demo: utvärderingsenkät {year}, partnerskapets nätverk"

# Indicator (start of its name) -> unit, direction, target, partly met from, Q2 target,
# computation, and values: {year: value} for the full years, (Q1, Q2) for 2026.
# Together they give one indicator of each colour at Q2 2026 (met, partly, not met).
SPECIAL = {
    "Beviljad finansiering av externa": (
        "kronor",
        "higher",
        "1500000",
        "1000000",
        "750000",
        "",
        {2024: "1200000", 2025: "1350000"},
        ("400000", "900000"),
    ),
    "Antal beviljade projekt": (
        "percent",
        "higher",
        "60",
        "40",
        None,
        "granted_projects_share",
        {},
        None,
    ),
    "Andelen extern finansiering": (
        "percent",
        "higher",
        "40",
        "30",
        None,
        "external_funding_share",
        {},
        None,
    ),
    "Finansiellt resultat": (
        "kronor",
        "higher",
        "0",
        "-200000",
        None,
        "",
        {2024: "120000", 2025: "-40000"},
        ("-60000", "-150000"),
    ),
    "Andelen träffar med nätverk": (
        "percent",
        "higher",
        "50",
        "45",
        None,
        "",
        {2024: "62", 2025: "48"},
        ("41", "38"),
    ),
    "Andelen utbildningar": (
        "percent",
        "higher",
        "40",
        "30",
        None,
        "",
        {2024: "35", 2025: "39"},
        ("42", "44"),
    ),
    "Närvaro": ("percent", "higher", "90", "80", None, "", {2024: "86", 2025: "88"}, ("91", "92")),
    "Kommunal utvecklings inflytandestrateg": (
        "percent",
        "higher",
        "100",
        "75",
        "50",
        "",
        {2024: "80", 2025: "100"},
        ("25", "50"),
    ),
    "Samtliga partnerskap": (
        "percent",
        "higher",
        "100",
        "75",
        None,
        "",
        {2024: "75", 2025: "100"},
        None,
    ),
    "Andelen medarbetare som slutat": (
        "percent",
        "higher",
        "70",
        "60",
        None,
        "",
        {2024: "66", 2025: "71"},
        None,
    ),
    "Andel nöjda medarbetare": (
        "percent",
        "higher",
        "85",
        "75",
        None,
        "",
        {2024: "81", 2025: "83"},
        None,
    ),
    "Antal genomförda kurser": (
        "count",
        "higher",
        "40",
        "32",
        "20",
        "",
        {2024: "36", 2025: "41"},
        ("9", "21"),
    ),
    "Antal deltagare": (
        "count",
        "higher",
        "2500",
        "2000",
        "1250",
        "",
        {2024: "2210", 2025: "2480"},
        ("540", "1110"),
    ),
}
# Survey indicators ("Andel(en) mycket nöjda"): target 50 %, partly met from 40 %.
SURVEY = ("percent", "higher", "50", "40", None, "", {2024: "41", 2025: "46"}, None)


def _spec(name: str, source: str):
    if source == "enkät":
        return SURVEY
    for start, spec in SPECIAL.items():
        if name.startswith(start):
            return spec
    return ("percent", "higher", "80", "70", None, "", {2024: "70", 2025: "75"}, None)


def _rows():
    with GOALS_FILE.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _build_first(plan: Plan, kansli) -> None:
    """The first plan's content from seed 001 (the later years copy it, R60)."""
    for number, title in enumerate(FOCUS_AREAS, start=1):
        services.plan_part_save(
            actor=kansli,
            part=FocusArea(plan=plan, number=number, title=title, description=FOCUS_NOTE),
        )
    # The data migration loads the 17 goals; a database flushed since (a transactional
    # test) has lost them, so the demo makes sure they are there.
    for number, name in AGENDA_2030:
        Agenda2030Goal.objects.get_or_create(number=number, defaults={"name": name})
    agenda = {g.number: g for g in Agenda2030Goal.objects.all()}
    goals, areas = {}, {}
    for row in _rows():
        number = int(row["strategiskt_mal_nr"])
        if number not in goals:
            goals[number] = services.plan_part_save(
                actor=kansli,
                part=StrategicGoal(plan=plan, number=number, title=row["strategiskt_mal"]),
                agenda_goals=[agenda[n] for n in AGENDA[number]],
            )
        goal = goals[number]
        key = (number, row["malomrade"])
        if key not in areas:
            areas[key] = services.plan_part_save(
                actor=kansli,
                part=GoalArea(
                    goal=goal,
                    number=sum(1 for k in areas if k[0] == number) + 1,
                    title=row["malomrade"],
                ),
            )
        area = areas[key]
        unit, direction, target, partly, q2, computation, _years, _now = _spec(
            row["matetal"], row["kan_hamtas_ur"]
        )
        services.plan_part_save(
            actor=kansli,
            part=Indicator(
                goal_area=area,
                number=area.indicators.count() + 1,
                name=row["matetal"],
                unit=unit,
                direction=direction,
                target=D(target),
                partly_met_from=D(partly),
                target_q2=D(q2) if q2 else None,
                computation=computation,
                survey_question=row["matetal"][:60] if row["kan_hamtas_ur"] == "enkät" else "",
                note=f"Kan hämtas ur: {row['kan_hamtas_ur']}." if row["kan_hamtas_ur"] else "",
            ),
        )


def _adopt_by_consensus(plan: Plan, kansli, socialchefer, municipalities, preparer) -> None:
    """R5, R61: the steering group's consensus adopts the plan (and freezes it)."""
    matter = services.plan_propose(actor=kansli, plan=plan)
    matter_services.matter_mark_ready(
        actor=preparer,
        matter=matter,
        due_date=timezone.localdate() + datetime.timedelta(days=14),
        notify=False,
    )
    for code, person in sorted(socialchefer.items()):
        matter_services.matter_decide(
            actor=person, matter=matter, municipality=municipalities[code], verdict="approve"
        )


def _values(plan: Plan, kansli) -> None:
    indicators = Indicator.objects.filter(goal_area__goal__plan=plan)
    for indicator in indicators:
        if indicator.computation:
            continue
        spec = _spec(indicator.name, "enkät" if indicator.survey_question else "")
        years, now = spec[6], spec[7]
        source = SURVEY_SOURCE.format(year=plan.year) if indicator.survey_question else SOURCE
        if plan.year in years:
            value = D(years[plan.year])
            if indicator.survey_question:  # each question its own result (demo)
                value += len(indicator.name) % 9 - 4
            services.indicator_value_set(
                actor=kansli,
                indicator=indicator,
                year=plan.year,
                period="year",
                value=value,
                source=source,
            )
        if plan.year == 2026 and now:
            for period, value in zip(("q1", "q2"), now, strict=True):
                services.indicator_value_set(
                    actor=kansli,
                    indicator=indicator,
                    year=2026,
                    period=period,
                    value=D(value),
                    source=SOURCE,
                )


def _target_bump(plan: Plan, kansli) -> None:
    """Each year's copy raises the survey targets a little (demo)."""
    for indicator in Indicator.objects.filter(goal_area__goal__plan=plan, unit="percent"):
        if indicator.survey_question and indicator.target is not None:
            indicator.target += D("2")
            indicator.partly_met_from += D("2")
            services.plan_part_save(actor=kansli, part=indicator)


def _business_plans(partnership, kansli, socialchefer, municipalities, projects) -> Plan:
    preparer = socialchefer["0604"]
    plan = None
    for year in YEARS:
        plan = Plan.objects.filter(partnership=partnership, kind="business_plan", year=year).first()
        if plan is not None:
            continue
        plan = services.plan_create(actor=kansli, partnership=partnership, year=year)
        if plan.copied_from is None:
            services.plan_update(
                actor=kansli,
                plan=plan,
                vision=VISION,
                introduction=INTRODUCTION,
                follow_up="Mätetalen följs upp i delårsrapporterna och verksamhetsberättelsen; "
                "enkätmåtten med den årliga utvärderingsenkäten till nätverken (demo).",
            )
            _build_first(plan, kansli)
        else:
            _target_bump(plan, kansli)
        if year == YEARS[-1]:
            _link_projects(plan, projects)
        _adopt_by_consensus(plan, kansli, socialchefer, municipalities, preparer)
        _values(plan, kansli)
    return plan


def _link_projects(plan: Plan, projects) -> None:
    """R64: a few demo projects serve goal areas (the link is the project's)."""
    areas = list(GoalArea.objects.filter(goal__plan=plan).order_by("goal__number", "number"))
    for index, project in enumerate(projects or []):
        if index % 2 == 0 and areas:
            project.goal_areas.add(areas[(index * 3) % len(areas)])


# --- The management system (R70) ---------------------------------------------------------

MEMBERS = [
    # body slug, username, first, last, title, organisation, municipality code, role
    (
        "kommunalt-forum",
        "forum-region",
        "Ingrid",
        "Regionsson",
        "Regionråd (demo)",
        "region",
        None,
        "chair",
    ),
    (
        "kommunalt-forum",
        "forum-0680",
        "Per",
        "Forumsson",
        "Kommunstyrelsens ordförande (demo)",
        "municipality",
        "0680",
        "member",
    ),
    (
        "reko",
        "reko-region",
        "Maria",
        "Ledningsdotter",
        "Hälso- och sjukvårdsdirektör (demo)",
        "region",
        None,
        "chair",
    ),
    ("reko", "socialchef-0680", "", "", "", "municipality", "0680", "member"),
    ("reko-beredning", "socialchef-0682", "", "", "", "municipality", "0682", "member"),
    ("chefsgruppen", "socialchef-0683", "", "", "", "municipality", "0683", "member"),
    (
        "strategigrupp-barn-unga",
        "strategi-region",
        "Sara",
        "Barnström",
        "Verksamhetschef barn- och ungdomspsykiatrin (demo)",
        "region",
        None,
        "chair",
    ),
    ("strategigrupp-barn-unga", "socialchef-0687", "", "", "", "municipality", "0687", "member"),
]


def _members(bodies, municipalities) -> None:
    for slug, username, first, last, title, organisation, code, role in MEMBERS:
        body = bodies.get(slug)
        if body is None:
            continue
        person = _user(username, first, last, title)
        municipality = municipalities[code] if code else None
        _seat(person, body, role, municipality, organisation=organisation)


def _strategy_group(body: Body, kansli) -> None:
    """One strategy group's three-year strategy and its first action plan (R60, R70)."""
    for kind, year, reference, texts in (
        (Plan.Kind.STRATEGY, 2026, "Demo: Kommunalt forum 2025-12-04 § 12", STRATEGY_TEXTS),
        (Plan.Kind.ACTION_PLAN, 2026, "Demo: ReKo 2026-01-22 § 3", ACTION_TEXTS),
    ):
        if Plan.objects.filter(body=body, kind=kind, year=year).exists():
            continue
        plan = services.plan_create(actor=kansli, body=body, kind=kind, year=year)
        services.plan_update(actor=kansli, plan=plan, **texts["plan"])
        for number, (title, areas) in enumerate(texts["goals"], start=1):
            goal = services.plan_part_save(
                actor=kansli, part=StrategicGoal(plan=plan, number=number, title=title)
            )
            for area_number, (area_title, indicator) in enumerate(areas, start=1):
                area = services.plan_part_save(
                    actor=kansli, part=GoalArea(goal=goal, number=area_number, title=area_title)
                )
                services.plan_part_save(
                    actor=kansli,
                    part=Indicator(
                        goal_area=area,
                        number=1,
                        name=indicator,
                        unit="percent",
                        direction="higher",
                        target=D("80"),
                        partly_met_from=D("60"),
                    ),
                )
        services.plan_record_adoption(actor=kansli, plan=plan, reference=reference)


STRATEGY_TEXTS = {
    "plan": {
        "introduction": "Strategi för barn och unga 2026–2028 i samverkan mellan Region "
        "Jönköpings län och länets kommuner (demo).",
        "follow_up": "Följs upp årligen i ReKo och rapporteras till Kommunalt forum (demo).",
        "financing": "Inom ordinarie ramar hos huvudmännen; utvecklingsmedel söks externt (demo).",
    },
    "goals": [
        (
            "Tidiga och samordnade insatser för barn och unga med psykisk ohälsa",
            [("Samordnad individuell plan (SIP) används", "Andel barn med SIP inom 30 dagar")],
        ),
        (
            "Ökad skolnärvaro",
            [
                (
                    "Gemensamt arbetssätt vid skolfrånvaro",
                    "Andel kommuner som använder det gemensamma arbetssättet",
                )
            ],
        ),
    ],
}
ACTION_TEXTS = {
    "plan": {
        "introduction": "Handlingsplan 2026 för strategigrupp Barn och unga, antagen av ReKo "
        "och anmäld till PKS (demo).",
        "follow_up": "Aktiviteterna följs upp vid strategigruppens möten (demo).",
        "financing": "Ryms inom strategigruppens budget för 2026 (demo).",
    },
    "goals": [
        (
            "Införa SIP-samordnare i alla kommuner",
            [("Utbildning av SIP-samordnare", "Andel kommuner med utbildad SIP-samordnare")],
        ),
    ],
}


def seed(
    stdout=None,
    *,
    partnership=None,
    kansli=None,
    socialchefer=None,
    municipalities=None,
    management_system=None,
    projects=None,
    **_,
) -> dict:
    """The demo's plans, values, management-system members and a strategy group's plans."""
    plan = _business_plans(partnership, kansli, socialchefer, municipalities, projects)
    bodies = management_system or {}
    _members(bodies, municipalities)
    group = bodies.get("strategigrupp-barn-unga")
    if group is not None:
        _strategy_group(group, kansli)
    if stdout:
        stdout.write("Plan: verksamhetsplaner 2024–2026, mätetal, utfall och ledningssystem klara.")
    return {"business_plan": plan}
