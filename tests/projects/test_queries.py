"""Query counts of the overview, the inbox and the project page do not grow with data."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from matters import services as matter_services
from projects import gates, services
from tests.projects.conftest import TODAY, join, make_project, stage

pytestmark = pytest.mark.django_db


def _add_projects(org, proj, n):
    """n projects with participation, statuses and ready funds requests."""
    for i in range(n):
        project = make_project(
            org, proj.ifo, title=f"Projekt {i:03d}", regional_value="Värde", lead=proj.lead
        )
        join(org, project, "0604", "0680")
        services.project_report_status(
            actor=proj.lead, project=project, year=TODAY.year, quarter=1, status="on_track"
        )
        matter = services.funds_request_create(
            actor=org.tactical_chair, project=project, amount=Decimal(1000 + i)
        )
        matter_services.matter_mark_ready(
            actor=org.socialchef_aneby, matter=matter, due_date=TODAY + datetime.timedelta(days=9)
        )
        matter_services.matter_decide(
            actor=org.socialchef_aneby, matter=matter, municipality=org.aneby, verdict="approve"
        )


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "who,url_name",
    [
        ("tactical_member", "portfolio_detail"),
        ("socialchef_jonkoping", "inbox"),
        ("socialchef_jonkoping", "project_detail"),
        ("staff", "portfolio_export_xlsx"),
    ],
)
def test_query_count_same_at_5_and_50_projects(client, org, proj, who, url_name):
    client.force_login(getattr(org, who))
    args = {"portfolio_detail": [proj.ifo.pk], "portfolio_export_xlsx": [proj.ifo.pk]}.get(
        url_name, [proj.project.pk] if url_name == "project_detail" else []
    )
    namespace = "matters" if url_name == "inbox" else "projects"
    url = reverse(f"{namespace}:{url_name}", args=args)

    def grow_project_page(n):
        # The project page grows by decisions on the one project.
        for code in list(org.socialchefer)[:n]:
            services.participation_decide(
                actor=org.socialchefer[code],
                project=proj.project,
                municipality=org.municipalities[code],
                status="joined",
            )

    _add_projects(org, proj, 5)
    if url_name == "project_detail":
        grow_project_page(3)
    client.get(url)  # warm caches (content types, sessions)
    at_5 = _count(client, url)
    _add_projects(org, proj, 45)
    if url_name == "project_detail":
        grow_project_page(13)
    at_50 = _count(client, url)
    assert at_5 == at_50


def test_report_portfolios_query_count_does_not_grow(org, proj, django_assert_max_num_queries):
    from projects.selectors import report_portfolios

    _add_projects(org, proj, 5)
    with CaptureQueriesContext(connection) as ctx:
        report_portfolios(partnership=org.partnership, as_of=TODAY)
    at_5 = len(ctx.captured_queries)
    _add_projects(org, proj, 20)
    with CaptureQueriesContext(connection) as ctx:
        result = report_portfolios(partnership=org.partnership, as_of=TODAY)
    assert len(ctx.captured_queries) == at_5
    assert len(result[0].projects) + len(result[1].projects) == 26


def _end(org, n, proj):
    """n ended projects (stopped at the idea stage, R13), each with a participation."""
    for i in range(n):
        project = make_project(org, proj.ifo, title=f"Avslutat {i:03d}")
        join(org, project, "0604")
        gates.project_move_stage(
            actor=org.tactical_chair,
            project=project,
            to_stage=stage(org, "stopped"),
            decided_on=TODAY,
            minutes_reference=f"TS IFO § {i}",
        )


def _grow_history(org, project, n):
    """n more quarterly statuses and gate decisions on the project (R14, R17)."""
    for i in range(n):
        services.project_report_status(
            actor=org.tactical_chair,
            project=project,
            year=2020 + i // 4,
            quarter=i % 4 + 1,
            status="at_risk",
        )
        project.refresh_from_db()
        gates.project_move_stage(
            actor=org.tactical_chair,
            project=project,
            to_stage=stage(org, "planning" if project.stage.kind == "pre_study" else "pre_study"),
            decided_on=TODAY,
            minutes_reference=f"TS IFO § {100 + i}",
        )


@pytest.mark.parametrize("query", ["?show=all", "?show=ended"])
def test_overview_queries_do_not_grow_with_ended_projects(client, org, proj, query):
    client.force_login(org.tactical_chair)
    url = reverse("projects:portfolio_detail", args=[proj.ifo.pk]) + query
    _end(org, 2, proj)
    client.get(url)
    at_2 = _count(client, url)
    _end(org, 30, proj)  # more than a page
    assert _count(client, url) == at_2


def test_project_page_queries_do_not_grow_with_its_history(client, org, proj):
    join(org, proj.project, "0604", "0680")
    client.force_login(org.staff)
    url = reverse("projects:project_detail", args=[proj.project.pk])
    _grow_history(org, proj.project, 1)
    client.get(url)
    at_1 = _count(client, url)
    _grow_history(org, proj.project, 9)
    assert _count(client, url) == at_1
