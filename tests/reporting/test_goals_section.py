"""The goals' follow-up (R64) and "Ledningssystem för samverkan" (R70) in the reports (R41):
which plan, which values, the chart's text, the management system's bodies and meetings,
frozen versions (R42) and query counts that do not grow with the plan."""

import datetime
import io
from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from partnerships import permissions
from partnerships import services as partnership_services
from partnerships.models import Body, Membership
from plans.models import (
    Agenda2030Goal,
    GoalArea,
    Indicator,
    IndicatorValue,
    Plan,
    StrategicGoal,
)
from reporting import content, goals, management_system, services
from reporting.models import Period, Report
from reporting.pdf import render_report
from tests.factories import BodyFactory, UserFactory
from tests.plans.conftest import build_plan


def flat_text(data: bytes) -> str:
    """The PDF's text in reading order with whitespace collapsed: a table cell's wrapped
    lines join up again."""
    reader = PdfReader(io.BytesIO(data))
    text = " ".join(page.extract_text() for page in reader.pages)
    return " ".join(text.replace("\u00a0", " ").split())


def _report(org, period):
    return Report(partnership=org.partnership, year=2026, period=period, summary="Text.")


def _adopt(plan):
    """Adopted without the consensus ritual (tests/plans/test_adoption.py covers it)."""
    Plan.objects.filter(pk=plan.pk).update(
        status=Plan.Status.ADOPTED,
        adopted_at=timezone.make_aware(datetime.datetime(2026, 2, 12, 10)),
        adoption_reference="Styrgruppen 2026-02-12 § 4",
    )
    plan.refresh_from_db()


def _value(indicator, year, period, value):
    return IndicatorValue.objects.create(
        indicator=indicator, year=year, period=period, value=D(value), source="Test"
    )


@pytest.fixture
def followed(org):
    """The 2026 plan: one indicator (target 80 %, Q2 target 75 %, partly met from 70 %)."""
    plan, goal, area, indicator = build_plan(org)
    _value(indicator, 2024, "year", "64")
    _value(indicator, 2025, "year", "71")
    _value(indicator, 2026, "q1", "72")
    _value(indicator, 2026, "q2", "76")
    _value(indicator, 2026, "q3", "50")  # after Q2: never in the Q2 report
    return plan, indicator


# --- Which reports, which plan -----------------------------------------------------------


@pytest.mark.parametrize("period", [Period.Q1, Period.ACCOUNTS])
def test_r64_only_q2_and_annual_report_follow_up_the_goals(org, followed, period):
    assert goals.goals_section(report=_report(org, period), draft=True) is None


def test_r64_q2_outcome_to_date_stops_at_q2_against_the_q2_target(org, followed):
    plan, indicator = followed
    _adopt(plan)
    section = goals.goals_section(report=_report(org, Period.Q2), draft=False)
    assert section.state == goals.State.ADOPTED
    [goal] = section.goals
    [area] = goal.areas
    [line] = area.lines
    assert line.follow.value == D("76")  # Q2's, not Q3's 50
    assert line.follow.target == D("75")
    assert line.follow.light == "met"
    assert section.light_counts == [("met", 1), ("partly_met", 0), ("not_met", 0), ("none", 0)]
    assert section.survey is None  # the survey is the annual report's


def test_r64_annual_report_uses_the_latest_value_and_the_year_target(org, followed):
    plan, indicator = followed
    _adopt(plan)
    section = goals.goals_section(report=_report(org, Period.ANNUAL), draft=False)
    line = section.goals[0].areas[0].lines[0]
    assert line.follow.value == D("50")  # Q3 is the latest value of the year
    assert line.follow.value_period == "q3"
    assert line.follow.target == D("80")
    assert line.follow.light == "not_met"
    assert section.outcome_heading == "Utfall helår"


def test_r61_draft_report_follows_the_current_plan_published_only_an_adopted_one(org, followed):
    draft = goals.goals_section(report=_report(org, Period.Q2), draft=True)
    assert draft.state == goals.State.DRAFT and draft.shows_goals and draft.goals
    published = goals.goals_section(report=_report(org, Period.Q2), draft=False)
    assert published.state == goals.State.NOT_ADOPTED
    assert not published.shows_goals and published.goals == []


def test_r64_no_plan_for_the_year_says_so(org):
    section = goals.goals_section(report=_report(org, Period.Q2), draft=True)
    assert section.state == goals.State.MISSING and section.goals == []
    annual = goals.goals_section(report=_report(org, Period.ANNUAL), draft=True)
    assert annual.survey is None  # no survey table that would say "no survey indicators"


def test_r63_annual_report_lists_the_survey_indicators_with_last_year(org, followed):
    plan, indicator = followed
    Indicator.objects.filter(pk=indicator.pk).update(survey_question="Andel mycket nöjda")
    section = goals.goals_section(report=_report(org, Period.ANNUAL), draft=True)
    [line] = section.survey
    assert line.follow.indicator == indicator
    assert line.previous == D("71")
    assert section.survey_networks == []  # the hook until the survey import exists


def test_r64_goals_chapter_follows_the_development_work_and_renumbers(org, followed):
    sections = content.gather(_report(org, Period.Q2)).sections
    assert list(sections) == [
        "summary",
        "development_work",
        "goals",
        "management_system",
        "managed_operations",
        "economy",
    ]
    assert [s.number for s in sections.values()] == [1, 2, 3, 4, 5, 6]
    assert sections["goals"].anchor == "avsnitt-3" and sections["economy"].anchor == "avsnitt-6"
    assert "goals" not in content.gather(_report(org, Period.Q1)).sections


def test_r64_chart_has_a_sentence_with_its_data_as_text_alternative(org, followed):
    section = goals.goals_section(report=_report(org, Period.Q2), draft=True)
    line = section.goals[0].areas[0].lines[0]
    expected = (
        "Andel mycket nöjda per år. 2024: 64 %; 2025: 71 %; 2026 t.o.m. Q2: 76 % (målvärde 80 %)."
    )
    assert line.chart_text == expected.replace(" %", "\u00a0%")
    assert str(line.chart).startswith("<svg")
    assert f"<title>{line.chart_text}</title>" in str(line.chart)
    assert line.years_text.replace("\u00a0", " ") == "2024: 64 %, 2025: 71 %, 2026: 76 %"


# --- The management system (R70) -----------------------------------------------------------


@pytest.fixture
def management(org):
    """Kommunalt forum and a strategy group with a Region member and a municipal member."""
    forum = BodyFactory(
        partnership=None,
        kind=Body.Kind.MUNICIPAL_FORUM,
        slug="kommunalt-forum",
        name="Kommunalt forum",
        mandate="Det politiska samverkansorganet.",
        min_meetings_per_year=6,
    )
    group = BodyFactory(
        partnership=None,
        kind=Body.Kind.STRATEGY_GROUP,
        slug="strategigrupp-barn-unga",
        name="Strategigrupp Barn och unga",
        parent=forum,
        mandate="Strategi och handlingsplan för barn och unga.",
        min_meetings_per_year=4,
    )
    for body in (forum, group):
        partnership_services.membership_start(
            actor=permissions.OPERATOR,
            person=UserFactory(),
            body=body,
            organisation=Membership.Organisation.REGION,
            start_date=datetime.date(2025, 1, 1),
        )
        partnership_services.membership_start(
            actor=permissions.OPERATOR,
            person=UserFactory(),
            body=body,
            municipality=org.aneby,
            start_date=datetime.date(2025, 1, 1),
        )
    return forum, group


def test_r70_bodies_with_mandate_members_and_meetings_not_recorded(org, management):
    forum, group = management
    plan = Plan.objects.create(
        kind=Plan.Kind.ACTION_PLAN, body=group, year=2026, last_year=2026, title="Handlingsplan"
    )
    section = management_system.management_section(
        as_of=datetime.date(2026, 6, 30), full_year=False
    )
    by_body = {line.body: line for line in section.bodies}
    assert list(by_body) == [forum, group]  # in the order of the management system
    assert by_body[forum].region_members == 1 and by_body[forum].municipality_members == 1
    # No meeting recorded in the year (R70): 0 held, not judged before the year is over.
    assert by_body[forum].held == 0 and not by_body[forum].below_minimum
    assert by_body[group].plans == [plan]
    assert section.start == datetime.date(2026, 1, 1)


def test_r70_below_the_minimum_is_judged_for_the_whole_year_only(org, management, monkeypatch):
    forum, group = management
    monkeypatch.setattr(
        management_system,
        "meetings_held",
        lambda *, bodies, start, end: {forum.pk: 3, group.pk: 4},
    )
    year = management_system.management_section(as_of=datetime.date(2026, 12, 31), full_year=True)
    lines = {line.body: line for line in year.bodies}
    assert lines[forum].below_minimum  # 3 of at least 6
    assert not lines[group].below_minimum  # 4 of at least 4
    half = management_system.management_section(as_of=datetime.date(2026, 6, 30), full_year=False)
    assert not any(line.below_minimum for line in half.bodies)


def test_r70_every_report_has_the_section_with_not_recorded(org, management, fake_providers):
    text = flat_text(render_report(_report(org, Period.Q1), draft=True))
    assert "4.1 Ledningssystem för samverkan" not in text  # Q1: no goals chapter before it
    assert "3.1 Ledningssystem för samverkan" in text
    assert "Kommunalt forum" in text and "Det politiska samverkansorganet." in text
    assert "Regionen 1, kommunerna 1" in text


# --- Frozen versions (R42) -----------------------------------------------------------------


def test_r42_published_version_keeps_its_goals_and_management_system(
    org, followed, management, fake_providers
):
    plan, indicator = followed
    _adopt(plan)
    report = services.report_create(
        actor=org.staff, partnership=org.partnership, year=2026, period=Period.Q2
    )
    version = services.report_publish(actor=org.staff, report=report)
    stored = bytes(version.pdf)
    text = flat_text(stored)
    assert "Uppföljning av verksamhetsplanens mål" in text
    assert "76 %" in text and "Det politiska samverkansorganet." in text
    # Later: the Q2 value is corrected and the forum gets a new mandate.
    IndicatorValue.objects.filter(indicator=indicator, year=2026, period="q2").update(value=D("61"))
    Body.objects.filter(pk=management[0].pk).update(mandate="Ett nytt uppdrag.")
    version.refresh_from_db()
    assert bytes(version.pdf) == stored and version.checksum_ok(stored)
    assert services.version_download(actor=org.staff, version=version) == stored
    # The draft shows the change; the published version does not.
    draft = flat_text(render_report(report, draft=True))
    assert "61 %" in draft and "Ett nytt uppdrag." in draft
    assert "61 %" not in text and "Ett nytt uppdrag." not in text


# --- Query counts (R64: constant as goals, indicators and values grow) ---------------------


def _grow(org, plan, *, goals_count, areas, indicators, bodies):
    """Goals x areas x indicators with values for five years and Q1-Q2 2026, and more
    management-system bodies with members and plans."""
    agenda = list(Agenda2030Goal.objects.all()[:2])
    for g in range(goals_count):
        goal = StrategicGoal.objects.create(plan=plan, number=10 + g, title=f"Mål {g}")
        goal.agenda_goals.add(*agenda)
        for a in range(areas):
            area = GoalArea.objects.create(goal=goal, number=a + 1, title=f"Område {g}.{a}")
            for i in range(indicators):
                indicator = Indicator.objects.create(
                    goal_area=area,
                    number=i + 1,
                    name=f"Mätetal {g}.{a}.{i}",
                    unit=Indicator.Unit.COUNT,
                    target=D("10"),
                    partly_met_from=D("8"),
                    survey_question="Fråga" if i == 0 else "",
                )
                rows = [(y, "year", 5 + y - 2021) for y in range(2021, 2026)]
                rows += [(2026, "q1", 4), (2026, "q2", 9)]
                IndicatorValue.objects.bulk_create(
                    IndicatorValue(indicator=indicator, year=y, period=p, value=D(v), source="Test")
                    for y, p, v in rows
                )
    for b in range(bodies):
        body = BodyFactory(
            partnership=None,
            kind=Body.Kind.STRATEGY_GROUP,
            slug=f"strategigrupp-{plan.pk}-{b}",
            name=f"Strategigrupp {b}",
            min_meetings_per_year=4,
        )
        partnership_services.membership_start(
            actor=permissions.OPERATOR,
            person=UserFactory(),
            body=body,
            municipality=org.jonkoping,
            start_date=datetime.date(2025, 1, 1),
        )
        Plan.objects.create(
            kind=Plan.Kind.STRATEGY, body=body, year=2026, last_year=2028, title=f"Strategi {b}"
        )


def _count(callable_):
    with CaptureQueriesContext(connection) as queries:
        callable_()
    return len(queries)


def test_r64_goals_and_management_sections_take_a_fixed_number_of_queries(
    org, followed, management, django_assert_num_queries
):
    plan, _indicator = followed
    report = _report(org, Period.ANNUAL)
    # The plan (1); goals, their Agenda 2030 goals, areas, indicators (4); every value of
    # every series over the chart's years (1); the targets of those years (1).
    with django_assert_num_queries(7):
        goals.goals_section(report=report, draft=True)
    # The bodies with their parent (1), their members on the day (1), their plans (1).
    # Bodies, their seats, their plans and the meetings held (meetings, one query).
    with django_assert_num_queries(4):
        management_system.management_section(as_of=report.as_of, full_year=True)
    _grow(org, plan, goals_count=4, areas=3, indicators=3, bodies=3)
    with django_assert_num_queries(7):
        section = goals.goals_section(report=report, draft=True)
    assert section.indicator_count == 1 + 4 * 3 * 3
    # Bodies, their seats, their plans and the meetings held (meetings, one query).
    with django_assert_num_queries(4):
        management_system.management_section(as_of=report.as_of, full_year=True)


def test_r64_report_preview_and_pdf_queries_do_not_grow_with_the_plan(
    client, org, followed, management, fake_providers
):
    plan, _indicator = followed
    report = services.report_create(
        actor=org.staff, partnership=org.partnership, year=2026, period=Period.ANNUAL
    )
    client.force_login(org.staff)
    url = reverse("reporting:preview", args=[report.pk])
    client.get(url)  # warm the per-process caches (permissions, content types)
    small_page = _count(lambda: client.get(url))
    small_pdf = _count(lambda: render_report(report, draft=True))
    _grow(org, plan, goals_count=3, areas=2, indicators=3, bodies=2)
    response = client.get(url)
    assert "Mätetal 2.1.2" in response.content.decode()
    assert _count(lambda: client.get(url)) == small_page
    assert _count(lambda: render_report(report, draft=True)) == small_pdf
