"""Projects serve goal areas of the business plan (R64): the form, the pages, the queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.errors import DomainError
from partnerships.permissions import OPERATOR
from plans import services as plan_services
from plans.models import GoalArea, StrategicGoal
from projects import services
from projects.models import Project
from tests.factories import PartnershipFactory
from tests.plans.conftest import build_plan
from tests.projects.conftest import make_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def areas(org):
    """Goal areas 1.1 and 2.1 of the partnership's business plan of this year."""
    plan, goal, area, _indicator = build_plan(org, year=timezone.localdate().year)
    second = plan_services.plan_part_save(
        actor=org.staff, part=StrategicGoal(plan=plan, number=2, title="Kompetens")
    )
    other = plan_services.plan_part_save(
        actor=org.staff, part=GoalArea(goal=second, number=1, title="Utbildning i länet")
    )
    return area, other


def test_r64_the_form_offers_the_plans_goal_areas_and_links_them(client, org, proj, areas):
    first, second = areas
    client.force_login(org.tactical_member)
    url = reverse("projects:project_create", args=[proj.ifo.pk])
    form = client.get(url).content.decode()
    assert 'type="checkbox"' in form and "1.1 " + first.title in form and "2.1 " in form
    response = client.post(
        url,
        {"title": "Ny idé", "purpose": "Syfte", "requested_funds": "0", "goal_areas": [second.pk]},
    )
    project = Project.objects.get(title="Ny idé")
    assert response.status_code == 302
    assert list(project.goal_areas.all()) == [second]
    edit = reverse("projects:project_edit", args=[project.pk])
    client.post(
        edit,
        {
            "title": "Ny idé",
            "purpose": "Syfte",
            "requested_funds": "0",
            "goal_areas": [first.pk, second.pk],
        },
    )
    assert set(project.goal_areas.all()) == {first, second}
    assert project.history.count() >= 2  # the links are in the project's history


def test_r64_project_page_and_overview_show_the_links(client, org, proj, areas):
    first, second = areas
    services.project_update(actor=org.tactical_chair, project=proj.project, goal_areas=areas)
    client.force_login(org.socialchef_aneby)
    detail = client.get(reverse("projects:project_detail", args=[proj.project.pk])).content
    detail = detail.decode()
    assert "1.1 " + first.title in detail and "2.1 " + second.title in detail
    assert reverse("plans:goals", args=[org.partnership.slug, first.goal.plan.year]) in detail
    overview = client.get(reverse("projects:portfolio_detail", args=[proj.ifo.pk])).content
    assert "Mål: 1.1, 2.1" in overview.decode()


def test_r64_goal_area_of_another_partnership_is_refused_and_nothing_changes(org, proj, areas):
    other = PartnershipFactory(slug="annat", name="Annat partnerskap")
    plan = plan_services.plan_create(actor=OPERATOR, partnership=other, year=2026)
    goal = plan_services.plan_part_save(
        actor=OPERATOR, part=StrategicGoal(plan=plan, number=1, title="Annat")
    )
    foreign = plan_services.plan_part_save(
        actor=OPERATOR, part=GoalArea(goal=goal, number=1, title="Främmande")
    )
    with pytest.raises(DomainError) as refused:
        services.project_update(
            actor=org.tactical_chair,
            project=proj.project,
            title="Ändrad",
            goal_areas=[areas[0], foreign],
        )
    assert refused.value.rule == "R64"
    proj.project.refresh_from_db()
    assert proj.project.title != "Ändrad" and not proj.project.goal_areas.exists()


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_r64_overview_query_count_unchanged_with_more_linked_projects(client, org, proj, areas):
    def add(n, start):
        for i in range(start, start + n):
            project = make_project(org, proj.ifo, title=f"Projekt {i:03d}")
            services.project_update(actor=org.tactical_chair, project=project, goal_areas=areas)

    client.force_login(org.tactical_member)
    url = reverse("projects:portfolio_detail", args=[proj.ifo.pk])
    add(3, 0)
    client.get(url)  # warm caches
    few = _count(client, url)
    add(12, 3)
    many = _count(client, url)
    assert few == many
    detail = reverse("projects:project_detail", args=[proj.project.pk])
    services.project_update(actor=org.tactical_chair, project=proj.project, goal_areas=areas[:1])
    one = _count(client, detail)
    services.project_update(actor=org.tactical_chair, project=proj.project, goal_areas=areas)
    assert _count(client, detail) == one
