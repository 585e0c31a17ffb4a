"""R41: a report covers the work of its year; projects that ended in earlier years are left out."""

import datetime

import pytest
from django.utils import timezone

from bench import generate as bench_generate
from bench.generators import projects as projects_generator
from projects import selectors
from projects.models import GateDecision, Project

pytestmark = pytest.mark.django_db


def _titles(partnership, as_of):
    portfolios = selectors.report_portfolios(partnership=partnership, as_of=as_of)
    return {p.title for portfolio in portfolios for p in portfolio.projects}


def test_r41_report_leaves_out_projects_that_ended_before_its_year():
    context = bench_generate.generate(1)
    partnership = context["partnership"]
    today = timezone.localdate()
    demo = _titles(partnership, today)
    assert demo  # the demo's current projects are in this year's report

    projects_generator.generate(2, context)
    earlier = Project.objects.filter(title__endswith="(benchmark)")
    ended = (
        GateDecision.objects.filter(project__in=earlier, to_stage__kind__in=["closed", "rejected"])
        .order_by("-decided_on")
        .first()
    )
    assert ended is not None and ended.decided_on.year < today.year

    # This year's report: the same projects as before the old ones were added.
    assert _titles(partnership, today) == demo
    # The report of the year they ran in shows them, closed ones included.
    then = _titles(partnership, datetime.date(ended.decided_on.year, 12, 31))
    assert ended.project.title in then
    assert set(earlier.values_list("title", flat=True)) <= then
