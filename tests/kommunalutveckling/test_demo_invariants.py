"""Issue 14 item 10: the demo tells a story a user would not question.

Seeds the whole demo and walks its invariants: R13 (past the idea stage: two joined
municipalities and a regional value), R16 (implementation with requested funds: an
approved request for that amount), budgets only on running projects past the idea
stage, and every date in order.
"""

import pytest
from django.utils import timezone

from finance.models import BudgetLine
from matters.models import Matter
from projects.models import ParticipationDecision, Project, Stage

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(seeded_demo):
    projects = list(Project.objects.select_related("stage").order_by("pk"))
    assert len(projects) >= 10
    return projects


def _joined(project) -> set[int]:
    latest = {}
    for decision in project.participation_decisions.order_by("decided_at", "id"):
        latest[decision.municipality_id] = decision.status
    return {m for m, status in latest.items() if status == ParticipationDecision.Status.JOINED}


def _past_idea(project) -> bool:
    return project.gate_decisions.exists()


def test_r13_every_demo_project_past_the_idea_stage_has_two_municipalities_and_regional_value(
    demo,
):
    checked = 0
    for project in demo:
        if not _past_idea(project):
            continue
        checked += 1
        assert len(_joined(project)) >= 2, project.title
        assert project.regional_value.strip(), project.title
    assert checked >= 8


def test_r16_every_demo_project_in_implementation_with_funds_has_them_approved(demo):
    checked = 0
    for project in demo:
        if project.stage.kind != Stage.Kind.IMPLEMENTATION or not project.requested_funds:
            continue
        checked += 1
        assert project.matters.filter(
            kind=Matter.Kind.FUNDS_REQUEST,
            status=Matter.Status.APPROVED,
            amount=project.requested_funds,
        ).exists(), project.title
    assert checked >= 1


def test_demo_budgets_only_running_projects_past_the_idea_stage(demo):
    lines = BudgetLine.objects.filter(project__isnull=False).select_related("project__stage")
    assert lines.exists()
    for line in lines:
        kind = line.project.stage.kind
        assert kind != Stage.Kind.IDEA, line.project.title
        assert kind not in Stage.TERMINAL_KINDS, line.project.title
        assert _past_idea(line.project), line.project.title


def test_demo_matter_dates_are_in_order_and_not_in_the_future(demo):
    now = timezone.now()
    today = timezone.localdate()
    matters = list(Matter.objects.all())
    assert any(m.decisions.exists() for m in matters)
    for matter in matters:
        assert matter.created_at <= now, matter.title
        if matter.ready_at:
            assert matter.created_at <= matter.ready_at <= now, matter.title
        if matter.due_date and matter.ready_at:
            ready = timezone.localtime(matter.ready_at).date()
            assert ready <= matter.due_date, matter.title
            # asked to decide within weeks of being ready, not a year later
            assert (matter.due_date - ready).days <= 60, matter.title
        for decision in matter.decisions.all():
            assert decision.decided_at >= matter.created_at, matter.title
            assert matter.ready_at and decision.decided_at >= matter.ready_at, matter.title
            assert decision.decided_at <= now, matter.title
            if matter.due_date:  # answered by the date asked, not a year before or after
                assert timezone.localtime(decision.decided_at).date() <= matter.due_date, (
                    matter.title
                )
        if matter.closed_at:
            last = matter.decisions.order_by("-decided_at").first()
            assert last is not None and matter.closed_at >= last.decided_at, matter.title
            assert matter.closed_at <= now, matter.title
        if matter.project_id:
            assert matter.created_at >= matter.project.created_at, matter.title
    assert today  # the demo is checked as of the day it is seeded


def test_demo_project_dates_and_gate_decisions_are_in_order(demo):
    today = timezone.localdate()
    for project in demo:
        assert project.planned_start < project.planned_end, project.title
        created = timezone.localtime(project.created_at).date()
        for decision in project.participation_decisions.all():
            assert decision.decided_at >= project.created_at, project.title
        previous = None
        for gate in project.gate_decisions.order_by("pk"):
            assert created <= gate.decided_on <= today, project.title
            if previous is not None:
                assert gate.decided_on >= previous.decided_on, project.title
                assert gate.from_stage_id == previous.to_stage_id, project.title
            previous = gate
        if previous is not None:
            assert previous.to_stage_id == project.stage_id, project.title
