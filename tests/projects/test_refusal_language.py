"""Refusals and labels of projects in the user's language, with no rule id shown (R13, R41).

The English msgid is what an English UI shows; the Swedish UI reads as it always has.
"""

import logging

import pytest
from django.urls import reverse
from django.utils import translation

from core.errors import DomainError
from projects import gates, overview, services
from projects.models import Portfolio, Stage
from projects.selectors import report_portfolios
from tests.projects.conftest import TODAY, make_project, stage

pytestmark = pytest.mark.django_db


def _leave_idea_refusal(org, project) -> DomainError:
    with pytest.raises(DomainError) as error:
        gates.project_move_stage(
            actor=org.tactical_chair,
            project=project,
            to_stage=stage(org, Stage.Kind.PRE_STUDY),
            decided_on=TODAY,
            minutes_reference="TS IFO § 4",
        )
    return error.value


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "sv",
            "Projektet kan inte lämna idésteget: minst 2 kommuner ska ha anslutit sig (ingen "
            "har anslutit sig än) och det regionala värdet ska vara beskrivet.",
        ),
        (
            "en",
            "The project cannot leave the idea stage: at least 2 municipalities must have "
            "joined (none has joined yet) and the regional value must be described.",
        ),
    ],
)
def test_r13_refusal_reads_in_the_users_language(org, proj, language, expected):
    project = make_project(org, proj.ifo, title="Utan värde")
    with translation.override(language):
        error = _leave_idea_refusal(org, project)
    assert (error.message, error.rule) == (expected, "R13")


def test_r11_stage_clash_keeps_the_rule_id_out_of_the_message(org, proj):
    with pytest.raises(DomainError) as error:
        services.stage_create(
            actor=org.staff, partnership=org.partnership, name="Idé 2", kind="idea", order=99
        )
    assert error.value.rule == "R11"
    assert error.value.message == (
        "Det finns redan ett steg av typen ”Idé”. Reglerna behöver veta vilket steg som är vilket."
    )


def test_r13_gate_view_logs_the_refused_rule_and_shows_its_message(client, caplog, org, proj):
    client.force_login(org.tactical_chair)
    with caplog.at_level(logging.INFO, logger="core.refusals"):
        response = client.post(
            reverse("projects:project_gate", args=[proj.project.pk]),
            {
                "to_stage": stage(org, Stage.Kind.PRE_STUDY).pk,
                "decided_on": TODAY.isoformat(),
                "minutes_reference": "TS IFO § 4",
            },
        )
    assert response.status_code == 200
    assert "Projektet kan inte lämna idésteget" in response.content.decode()
    assert "(R13" not in response.content.decode()
    refusals = [r.getMessage()[:13] for r in caplog.records if r.name == "core.refusals"]
    assert refusals == ["Refused (R13)"]


def test_r41_report_labels_stay_swedish_in_an_english_ui(org, proj):
    projects = overview.portfolio_projects(portfolio=proj.ifo)
    with translation.override("en"):
        row = overview.project_rows(projects, partnership=org.partnership)[0]
        summary = report_portfolios(partnership=org.partnership, as_of=TODAY)
    assert row.funds_status == "No request"
    ifo = next(p for p in summary if p.tactical_group_name == org.tactical_ifo.name)
    assert ifo.projects[0].funds_status == "Ingen ansökan"


def test_r10_a_portfolio_is_named_in_swedish_whoever_creates_it(org, proj):
    Portfolio.objects.filter(tactical_group=org.tactical_aldre).delete()
    with translation.override("en"):
        portfolio = services.portfolio_ensure(actor=org.staff, tactical_group=org.tactical_aldre)
    assert portfolio.name == f"Projektportfölj {org.tactical_aldre.name}"
