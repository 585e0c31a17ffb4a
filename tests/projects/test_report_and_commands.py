"""The reporting contract (R41) and the demo."""

import datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from matters import services as matter_services
from matters.models import Matter
from projects import gates, services
from projects.models import Project, Stage
from projects.selectors import report_portfolios
from tests.projects.conftest import TODAY, approve_all, join, ready_request, stage

pytestmark = pytest.mark.django_db


def test_report_portfolios_fills_the_contract(org, proj):
    join(org, proj.project, "0680", "0604")
    matter = ready_request(org, proj.project)
    approve_all(org, matter, except_codes=("0604", "0617", "0642", "0643"))
    services.project_report_status(
        actor=proj.lead, project=proj.project, year=2026, quarter=1, status="at_risk", comment="c"
    )
    result = report_portfolios(partnership=org.partnership, as_of=TODAY)
    ifo = next(p for p in result if p.tactical_group_name == org.tactical_ifo.name)
    summary = ifo.projects[0]
    assert summary.title == "Barnahus i länet"
    assert (summary.stage_name, summary.stage_kind) == ("Idé", "idea")
    assert summary.participants == ["Aneby", "Jönköping"]
    assert summary.funds_status == "Väntar på beslut från 4 av 13 kommuner"
    assert summary.requested_funds == Decimal("500000")
    assert summary.latest_status.status_label == "Risk för avvikelse"
    assert summary.latest_status.quarter == "2026 Q1"
    assert ifo.stage_counts == [("Idé", 1)]
    aldre = next(p for p in result if p.tactical_group_name == org.tactical_aldre.name)
    assert aldre.projects == [] and aldre.stage_counts == []


def test_report_portfolios_as_of_an_earlier_day(org, proj):
    join(org, proj.project, "0680", "0604")
    gates.project_move_stage(
        actor=org.tactical_chair,
        project=proj.project,
        to_stage=stage(org, Stage.Kind.PRE_STUDY),
        decided_on=TODAY,
        minutes_reference="§ 1",
    )
    yesterday = TODAY - datetime.timedelta(days=1)
    summary = report_portfolios(partnership=org.partnership, as_of=yesterday)[0].projects
    assert summary == []  # the project did not exist yesterday
    Project.objects.filter(pk=proj.project.pk).update(
        created_at=proj.project.created_at - datetime.timedelta(days=5)
    )
    then = report_portfolios(partnership=org.partnership, as_of=yesterday)
    now = report_portfolios(partnership=org.partnership, as_of=TODAY)
    assert then[0].projects[0].stage_name == "Idé"
    assert then[0].projects[0].funds_status == "Ingen ansökan"
    assert now[0].projects[0].stage_name == "Förstudie"


def test_report_shows_approved_and_rejected(org, proj):
    matter = ready_request(org, proj.project)
    approve_all(org, matter)
    assert (
        report_portfolios(partnership=org.partnership, as_of=TODAY)[0].projects[0].funds_status
        == "Godkänd"
    )
    other = services.project_create(
        actor=org.tactical_chair, portfolio=proj.ifo, title="Ann", purpose="x"
    )
    rejected = ready_request(org, other)
    matter_services.matter_decide(
        actor=org.socialchef_aneby, matter=rejected, municipality=org.aneby, verdict="reject"
    )
    titles = {
        p.title: p.funds_status
        for p in report_portfolios(partnership=org.partnership, as_of=TODAY)[0].projects
    }
    assert titles["Ann"] == "Avslagen"


def test_demo_is_idempotent_and_has_a_request_for_jonkoping(db):
    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())
    assert Project.objects.count() == 12
    kinds = set(Project.objects.values_list("stage__kind", flat=True))
    assert kinds >= {"idea", "pre_study", "planning", "implementation", "handover", "closed"}
    statuses = set(Matter.objects.filter(kind="funds_request").values_list("status", flat=True))
    assert statuses == {"pending", "approved", "rejected"}
    pending = Matter.objects.get(kind="funds_request", status="pending")
    assert pending.ready_at and not pending.decisions.filter(municipality__code="0680").exists()
