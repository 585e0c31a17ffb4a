"""The projects and reporting benchmark generators make what a grown partnership holds."""

import pytest

from bench import generate as bench_generate
from bench.generators import projects as projects_generator
from bench.generators import reporting as reporting_generator
from matters import selectors as matter_selectors
from matters.models import Matter, MatterDecision
from projects.models import (
    GateDecision,
    ParticipationDecision,
    Project,
    ProjectStatus,
)
from reporting.models import Report, ReportDownload, ReportVersion

pytestmark = pytest.mark.django_db


def test_projects_generator_adds_rounds_of_decided_history_with_history_rows():
    context = bench_generate.generate(1)
    demo_projects = Project.objects.count()
    pending = set(Matter.objects.filter(status="pending").values_list("pk", flat=True))
    socialchef = context["socialchefer"]["0680"]
    inbox_before = matter_selectors.inbox_count(user=socialchef)

    made = projects_generator.generate(3, context)["bench_projects"]

    per_round = projects_generator.PROJECTS_PER_ROUND
    assert (
        Project.objects.count() == demo_projects + 2 * per_round == demo_projects + made["projects"]
    )
    assert Project.history.filter(history_type="+").count() >= 2 * per_round
    # Old matters are all decided: nobody's inbox grows with the history (R15).
    assert set(Matter.objects.filter(status="pending").values_list("pk", flat=True)) == pending
    assert matter_selectors.inbox_count(user=socialchef) == inbox_before
    new_decisions = (
        ParticipationDecision.objects.filter(project__title__endswith="(benchmark)").count()
        + GateDecision.objects.filter(project__title__endswith="(benchmark)").count()
        + MatterDecision.objects.filter(matter__title__contains="benchmark").count()
    )
    assert new_decisions == made["decisions"] > 10 * per_round
    for model in (ParticipationDecision, GateDecision, MatterDecision, ProjectStatus):
        assert model.history.count() == model.objects.count(), model
    # A rejected request has three decisions, the last a rejection (R15).
    rejected = Matter.objects.filter(status="rejected", title__contains="benchmark").first()
    assert rejected is not None
    verdicts = list(
        rejected.decisions.order_by("decided_at", "pk").values_list("verdict", flat=True)
    )
    assert verdicts == ["approve", "approve", "reject"]


def test_reporting_generator_publishes_earlier_periods_with_checked_pdfs_and_downloads():
    context = bench_generate.generate(1)
    reports_before = Report.objects.count()

    made = reporting_generator.generate(6, context)["bench_reporting"]

    assert Report.objects.count() == reports_before + 5
    periods = list(
        Report.objects.filter(year__lte=reporting_generator.FIRST_YEAR)
        .order_by("-year", "pk")
        .values_list("year", "period")
    )
    assert periods[0] == (2025, "accounts") and periods[-1] == (2024, "accounts")
    generated = ReportVersion.objects.filter(report__year__lte=reporting_generator.FIRST_YEAR)
    assert generated.count() == made["versions"] == 6  # five reports, one corrected
    for version in generated:
        data = bytes(version.pdf)
        assert data.startswith(b"%PDF-") and version.checksum_ok(data)
        assert version.size == len(data) == made["pdf_bytes"]
    assert ReportDownload.objects.filter(version__in=generated).count() == made["downloads"] > 0
    assert ReportVersion.history.count() == ReportVersion.objects.count()


def test_synthetic_pdf_has_the_asked_size_and_a_valid_trailer():
    data = reporting_generator.synthetic_pdf(20_000)
    assert 20_000 <= len(data) < 21_000
    assert data.startswith(b"%PDF-1.7") and data.rstrip().endswith(b"%%EOF")
    assert b"/Type /Catalog" in data and b"startxref" in data


def test_finance_generator_adds_earlier_years_and_leaves_the_demo_year_alone():
    from bench.generators import finance as finance_generator
    from finance.models import Budget, BudgetLine, Outcome, YearlyFee

    context = bench_generate.generate(1)
    demo_year = Budget.objects.get()  # the demo's 2026 budget
    demo_lines = demo_year.lines.count()
    projects_generator.generate(3, context)

    made = finance_generator.generate(3, context)["bench_finance"]

    assert Budget.objects.get(year=demo_year.year).lines.count() == demo_lines
    earlier = Budget.objects.exclude(pk=demo_year.pk)
    assert earlier.count() == made["years"] >= 1
    assert all(year < demo_year.year for year in earlier.values_list("year", flat=True))
    lines = BudgetLine.objects.filter(budget__in=earlier)
    assert lines.count() == made["budget_lines"]
    assert lines.filter(project__isnull=False).count() == 2 * projects_generator.PROJECTS_PER_ROUND
    assert Outcome.objects.filter(line__in=lines).count() == made["outcomes"] == 4 * lines.count()
    fees = YearlyFee.objects.filter(year__in=earlier.values("year"))
    assert fees.count() == made["years"] and not fees.filter(decided_at__isnull=True).exists()
    assert BudgetLine.history.filter(id__in=lines.values("id")).count() == lines.count()


def test_meetings_generator_numbers_each_body_year_from_one_with_a_matching_counter():
    from bench.generators import meetings as meetings_generator
    from meetings.models import Attendance, Meeting, MinutesVersion, Paragraph, ParagraphCounter

    context = bench_generate.generate(1)
    demo_meeting = Meeting.objects.get(body__kind="pks", date=meetings_generator.MEETING_DAY)
    demo_paragraphs = list(demo_meeting.paragraphs.values_list("number", flat=True))

    from bench.generators import partnerships as partnerships_generator

    partnerships_generator.generate(4, context)  # earlier terms: the seats on the day
    made = meetings_generator.generate(4, context)["bench_meetings"]

    generated = Meeting.objects.filter(date__year__lt=meetings_generator.MEETING_DAY.year)
    bodies = generated.values("body").distinct().count()
    assert generated.count() == made["meetings"] == 3 * bodies > 0
    assert not generated.exclude(status=Meeting.Status.ADJUSTED).exists()
    # R52: per body and year the § run 1..n in date order and the counter continues at n + 1.
    for counter in ParagraphCounter.objects.filter(year__lt=meetings_generator.MEETING_DAY.year):
        rows = Paragraph.objects.filter(body=counter.body, year=counter.year).order_by(
            "meeting__date", "item__order"
        )
        numbers = list(rows.values_list("number", flat=True))
        assert numbers == list(range(1, len(numbers) + 1))
        assert counter.next_number == len(numbers) + 1
    assert Paragraph.objects.filter(meeting__in=generated).count() == made["paragraphs"]
    # The demo's PKS minutes stay as they were.
    assert list(demo_meeting.paragraphs.values_list("number", flat=True)) == demo_paragraphs
    attendance = Attendance.objects.filter(meeting__in=generated)
    assert attendance.count() == made["attendance"] > 0
    # A body with earlier terms (the partnership's) lists the seats on the day (R50).
    on_the_day = attendance.filter(meeting__body__partnership__isnull=False)
    assert on_the_day.exists()
    for row in on_the_day.select_related("membership", "meeting"):
        seat, day = row.membership, row.meeting.date
        assert seat.start_date <= day and (seat.end_date is None or seat.end_date > day)
    for version in MinutesVersion.objects.filter(meeting__in=generated)[:3]:
        assert version.checksum_ok(bytes(version.pdf))
    # One "+" history row per generated row, as the services would have written.
    assert Meeting.history.filter(id__in=generated.values("id"), history_type="+").count() == (
        generated.count()
    )
    for model in (Paragraph, Attendance, MinutesVersion):
        rows = model.objects.filter(meeting__in=generated).values("id")
        assert model.history.filter(id__in=rows).count() == rows.count() > 0, model


def test_plans_generator_copies_the_plans_to_earlier_years_with_one_series_and_values():
    from bench.generators import plans as plans_generator
    from plans import selectors as plan_selectors
    from plans.models import Indicator, IndicatorValue, Plan

    context = bench_generate.generate(1)
    business = Plan.objects.filter(kind=Plan.Kind.BUSINESS_PLAN)
    first = business.order_by("year").first()
    demo_2026 = business.get(year=2026)
    follow_up_before = plan_selectors.goals_follow_up(plan=demo_2026)
    plans_before = Plan.objects.count()

    made = plans_generator.generate(4, context)["bench_plans"]

    earlier = business.filter(year__lt=first.year).order_by("-year")
    assert list(earlier.values_list("year", flat=True)) == [
        first.year - 1,
        first.year - 2,
        first.year - 3,
    ]
    assert not earlier.exclude(status=Plan.Status.ADOPTED).exists()
    copy = earlier.first()
    assert copy.goals.count() == first.goals.count() > 0
    old = Indicator.objects.filter(goal_area__goal__plan=copy)
    assert set(old.values_list("series", flat=True)) == set(
        Indicator.objects.filter(goal_area__goal__plan=first).values_list("series", flat=True)
    )
    assert IndicatorValue.objects.filter(indicator__in=old, year=copy.year).exists()
    assert IndicatorValue.objects.filter(indicator__goal_area__goal__plan__in=earlier).exists()
    assert IndicatorValue.objects.filter(source=plans_generator.SOURCE).count() == made["values"]
    # Strategy-group plans: an action plan every year, a three-year strategy every third.
    assert Plan.objects.filter(kind=Plan.Kind.ACTION_PLAN).count() == 4
    assert Plan.objects.filter(kind=Plan.Kind.STRATEGY).count() == 2
    assert Plan.objects.count() == plans_before + made["plans"] == plans_before + 3 + 3 + 1
    # The 2026 follow-up shows the same goals and values (the demo's plan is untouched).
    after = plan_selectors.goals_follow_up(plan=demo_2026)
    assert [i.value for g in after for i in g.indicators] == [
        i.value for g in follow_up_before for i in g.indicators
    ]
    for model in (Plan, Indicator, IndicatorValue):
        assert model.history.count() >= model.objects.count(), model
