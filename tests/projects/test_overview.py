"""The portfolio overview shows ongoing projects by default, ended ones by choice (R10, R11)."""

import csv
import io

import pytest
from django.urls import reverse

from projects.models import Project
from tests.projects.conftest import join, make_project, stage

pytestmark = pytest.mark.django_db


@pytest.fixture
def ended(org, proj):
    """A stopped project that Aneby took part in, next to the ongoing Barnahus project (idea
    stage)."""
    project = make_project(org, proj.ifo, title="Avslutat projekt")
    join(org, project, "0604")
    Project.objects.filter(pk=project.pk).update(stage=stage(org, "stopped"))
    return project


def _page(client, org, proj, query=""):
    client.force_login(org.tactical_member)
    response = client.get(reverse("projects:portfolio_detail", args=[proj.ifo.pk]) + query)
    assert response.status_code == 200
    return response.content.decode()


def test_r11_ongoing_projects_by_default(client, org, proj, ended):
    text = _page(client, org, proj)
    assert "Barnahus" in text and "Avslutat projekt" not in text
    assert '<option value="ongoing" selected>Pågående</option>' in text
    assert "<caption>1 projekt</caption>" in text


def test_r11_ended_and_all_on_choice(client, org, proj, ended):
    text = _page(client, org, proj, "?show=ended")
    assert "Avslutat projekt" in text and "Barnahus" not in text
    assert '<option value="ended" selected>Avslutade</option>' in text
    text = _page(client, org, proj, "?show=all")
    assert (
        "Avslutat projekt" in text and "Barnahus" in text and "<caption>2 projekt</caption>" in text
    )


def test_r11_stage_counts_link_to_every_stage_ended_ones_too(client, org, proj, ended):
    stopped = stage(org, "stopped")
    text = _page(client, org, proj)
    link = (
        f'<a href="?show=all&amp;stage={stopped.pk}">{stopped.name}</a> <span class="tag">1</span>'
    )
    assert link in text
    text = _page(client, org, proj, f"?show=all&stage={stopped.pk}")
    assert "Avslutat projekt" in text and "Barnahus" not in text


def test_r11_a_chosen_stage_shows_its_projects_whatever_show_says(client, org, proj, ended):
    text = _page(client, org, proj, f"?show=ongoing&stage={stage(org, 'stopped').pk}")
    assert "Avslutat projekt" in text and "<caption>1 projekt</caption>" in text
    assert '<option value="all" selected>Alla</option>' in text


def test_r10_only_ended_projects_offers_them(client, org, proj, ended):
    Project.objects.filter(pk=proj.project.pk).update(stage=stage(org, "closed"))
    text = _page(client, org, proj)
    assert "Portföljen har inga pågående projekt." in text
    assert '<a href="?show=ended">Visa avslutade projekt</a>' in text


def test_r12_municipality_filter_with_show(client, org, proj, ended):
    text = _page(client, org, proj, "?municipality=0604")
    assert "Inga projekt matchar filtret." in text and "Avslutat projekt" not in text
    text = _page(client, org, proj, "?show=all&municipality=0604")
    assert (
        "Avslutat projekt" in text
        and "Barnahus" not in text
        and "<caption>1 projekt</caption>" in text
    )


def test_invalid_filter_values_fall_back_to_the_default(client, org, proj, ended):
    text = _page(client, org, proj, "?show=nonsense&stage=x&municipality=9999")
    assert "Barnahus" in text and "Avslutat projekt" not in text


def test_exports_follow_the_filter(client, org, proj, ended):
    client.force_login(org.staff)
    url = reverse("projects:portfolio_export_csv", args=[proj.ifo.pk])

    def titles(query=""):
        text = client.get(url + query).content.decode("utf-8-sig")
        return [line[0] for line in csv.reader(io.StringIO(text), delimiter=";")][1:]

    assert titles() == ["Barnahus i länet"]
    assert titles("?show=ended") == ["Avslutat projekt"]
    assert sorted(titles("?show=all")) == ["Avslutat projekt", "Barnahus i länet"]
