"""The rules of projects, service by service (R10-R17); matters are in tests/matters."""

import datetime
from decimal import Decimal

import pytest

from core.errors import DomainError
from matters import services as matter_services
from matters.models import Matter
from projects import gates, overview, selectors, services
from projects.models import GateDecision, ParticipationDecision, Stage
from tests.projects.conftest import TODAY, approve_all, join, make_project, ready_request, stage

pytestmark = pytest.mark.django_db


def move(org, project, kind, **kw):
    return gates.project_move_stage(
        actor=org.tactical_chair,
        project=project,
        to_stage=stage(org, kind),
        decided_on=kw.get("decided_on", TODAY),
        minutes_reference=kw.get("minutes_reference", "TS IFO § 1"),
    )


def test_r10_new_project_starts_in_the_idea_stage(org, proj):
    assert proj.project.stage.kind == Stage.Kind.IDEA
    assert proj.project.portfolio == proj.ifo


def test_r11_default_stage_model_in_order(org, proj):
    names = [s.name for s in Stage.objects.filter(partnership=org.partnership)]
    assert names[:4] == ["Idé", "Förstudie", "Planering", "Genomförande"]
    assert "Avslag" in names and "Avbruten" in names


def test_r11_staff_rename_a_stage_but_a_rule_kind_is_used_once(org, proj):
    idea = stage(org, Stage.Kind.IDEA)
    services.stage_update(actor=org.staff, stage=idea, name="Idéstadiet", kind="idea", order=5)
    idea.refresh_from_db()
    assert idea.name == "Idéstadiet" and idea.order == 5
    with pytest.raises(DomainError) as error:
        services.stage_create(
            actor=org.staff, partnership=org.partnership, name="Ny idé", kind="idea", order=99
        )
    assert error.value.rule == "R11"
    assert not Stage.objects.filter(name="Ny idé").exists()


def test_r12_latest_participation_decision_is_current_and_all_are_kept(org, proj):
    join(org, proj.project, "0604")
    join(org, proj.project, "0604", status="declined")
    join(org, proj.project, "0680")
    current = selectors.current_participation(proj.project)
    assert current[org.aneby.pk].status == "declined"
    assert current[org.jonkoping.pk].status == "joined"
    assert ParticipationDecision.objects.filter(project=proj.project).count() == 3


def test_r12_repeated_identical_decision_records_once(org, proj):
    join(org, proj.project, "0604")
    join(org, proj.project, "0604")
    assert ParticipationDecision.objects.filter(project=proj.project).count() == 1


def test_r13_idea_needs_two_municipalities(org, proj):
    join(org, proj.project, "0604")
    with pytest.raises(DomainError) as error:
        move(org, proj.project, Stage.Kind.PRE_STUDY)
    assert error.value.rule == "R13"
    assert "minst 2 kommuner" in error.value.message
    proj.project.refresh_from_db()
    assert proj.project.stage.kind == Stage.Kind.IDEA
    assert not GateDecision.objects.exists()


def test_r13_declined_municipalities_do_not_count(org, proj):
    join(org, proj.project, "0604")
    join(org, proj.project, "0680", status="declined")
    with pytest.raises(DomainError):
        move(org, proj.project, Stage.Kind.PRE_STUDY)


def test_r13_idea_needs_the_regional_value(org, proj):
    project = make_project(org, proj.ifo, title="Utan värde")
    join(org, project, "0604", "0680")
    with pytest.raises(DomainError) as error:
        move(org, project, Stage.Kind.PRE_STUDY)
    assert "regionala värdet" in error.value.message


def test_r13_an_idea_may_be_rejected_without_participants(org, proj):
    move(org, proj.project, Stage.Kind.REJECTED)
    proj.project.refresh_from_db()
    assert proj.project.stage.kind == Stage.Kind.REJECTED


def test_r14_gate_decision_is_recorded_with_date_author_and_minutes(org, proj):
    join(org, proj.project, "0604", "0680")
    day = TODAY - datetime.timedelta(days=3)
    gate = move(org, proj.project, Stage.Kind.PRE_STUDY, decided_on=day, minutes_reference="§ 7")
    proj.project.refresh_from_db()
    assert proj.project.stage.kind == Stage.Kind.PRE_STUDY
    assert (gate.decided_on, gate.decided_by, gate.minutes_reference) == (
        day,
        org.tactical_chair,
        "§ 7",
    )
    assert gate.from_stage.kind == Stage.Kind.IDEA


def test_r14_gate_needs_a_minutes_reference(org, proj):
    join(org, proj.project, "0604", "0680")
    with pytest.raises(DomainError) as error:
        move(org, proj.project, Stage.Kind.PRE_STUDY, minutes_reference=" ")
    assert error.value.field == "minutes_reference"


def _to_planning(org, project):
    join(org, project, "0604", "0680")
    move(org, project, Stage.Kind.PRE_STUDY)
    move(org, project, Stage.Kind.PLANNING)


def test_r16_no_implementation_before_the_request_is_approved(org, proj):
    _to_planning(org, proj.project)
    matter = ready_request(org, proj.project)
    approve_all(org, matter, except_codes=("0687",))
    with pytest.raises(DomainError) as error:
        move(org, proj.project, Stage.Kind.IMPLEMENTATION)
    assert error.value.rule == "R16"
    assert "väntar" in error.value.message
    approve_all(
        org,
        Matter.objects.get(pk=matter.pk),
        except_codes=[c for c in org.socialchefer if c != "0687"],
    )
    move(org, proj.project, Stage.Kind.IMPLEMENTATION)
    proj.project.refresh_from_db()
    assert proj.project.stage.kind == Stage.Kind.IMPLEMENTATION


def test_r16_project_without_funds_enters_implementation(org, proj):
    _to_planning(org, proj.project)
    move(org, proj.project, Stage.Kind.IMPLEMENTATION)


def test_r16_requested_funds_without_a_request_blocks_implementation(org, proj):
    _to_planning(org, proj.project)
    services.project_update(
        actor=org.tactical_chair, project=proj.project, requested_funds=Decimal("1000")
    )
    with pytest.raises(DomainError) as error:
        move(org, proj.project, Stage.Kind.IMPLEMENTATION)
    assert "ingen ansökan" in error.value.message


def test_r15_changed_amount_starts_a_new_request(org, proj):
    first = ready_request(org, proj.project, amount=Decimal("500000"))
    matter_services.matter_decide(
        actor=org.socialchef_aneby, matter=first, municipality=org.aneby, verdict="approve"
    )
    services.project_update(
        actor=org.tactical_chair, project=proj.project, requested_funds=Decimal("600000")
    )
    first.refresh_from_db()
    assert first.status == Matter.Status.SUPERSEDED
    new = Matter.objects.get(project=proj.project, status=Matter.Status.PENDING)
    assert new.amount == Decimal("600000") and new.replaces == first
    assert new.decisions.count() == 0


def test_r15_request_with_the_same_amount_twice_is_refused(org, proj):
    ready_request(org, proj.project, amount=Decimal("500000"))
    with pytest.raises(DomainError):
        services.funds_request_create(
            actor=org.tactical_chair, project=proj.project, amount=Decimal("500000")
        )
    assert Matter.objects.filter(project=proj.project).count() == 1


def test_funds_status_label_counts_missing_municipalities(org, proj):
    matter = ready_request(org, proj.project)
    approve_all(org, matter, except_codes=("0604", "0617", "0642", "0643"))
    rows = overview.project_rows(
        overview.portfolio_projects(portfolio=proj.ifo), partnership=org.partnership
    )
    assert rows[0].funds_status == "Väntar på beslut från 4 av 13 kommuner"


def test_quarterly_status_keeps_earlier_ones(org, proj):
    services.project_report_status(
        actor=proj.lead, project=proj.project, year=2026, quarter=1, status="on_track"
    )
    services.project_report_status(
        actor=proj.lead, project=proj.project, year=2026, quarter=1, status="at_risk", comment="x"
    )
    assert proj.project.statuses.count() == 2
    assert proj.project.statuses.first().status == "at_risk"
