"""The project services guard their actor (R10-R14, R30), whoever calls them.

Each service is called directly, as a command, the admin or an API would: a
wrong actor is refused with PermissionDenied and nothing is written (row counts
of every business table, history tables included, stay the same).
"""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from core.errors import DomainError
from projects import gates, services
from projects.models import ParticipationDecision, Stage
from tests.projects.conftest import TODAY, join, stage
from tests.security.matrix import db_state

pytestmark = pytest.mark.django_db

# Never in the owning (IFO) tactical group: they may read, not edit its portfolio.
NOT_IFO = ["outsider", "pks_member", "socialchef_jonkoping", "tactical_other", "staff"]


def refused(call):
    """The call raises PermissionDenied and leaves every table as it was."""
    before = db_state()
    with pytest.raises(PermissionDenied):
        call()
    assert db_state() == before


# --- Participation (R12) ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "who,for_code",
    [
        ("outsider", "0604"),
        ("socialchef_jonkoping", "0604"),  # a socialchef of another municipality
        ("pks_member", "0680"),
        ("tactical_chair", "0680"),
    ],
)
def test_r12_participation_only_by_the_municipalitys_socialchef(org, proj, who, for_code):
    refused(
        lambda: services.participation_decide(
            actor=getattr(org, who),
            project=proj.project,
            municipality=org.municipalities[for_code],
            status="joined",
        )
    )


def test_r12_staff_record_only_a_committees_participation_with_its_reference(org, proj):
    before = db_state()
    with pytest.raises(DomainError) as error:
        services.participation_decide(
            actor=org.staff, project=proj.project, municipality=org.aneby, status="joined"
        )
    assert error.value.rule == "R12" and error.value.field == "committee_reference"
    assert db_state() == before
    services.participation_decide(
        actor=org.staff,
        project=proj.project,
        municipality=org.aneby,
        status="joined",
        committee_reference="SN 2026-03-12 § 45",
    )
    assert ParticipationDecision.objects.get().decided_by == org.staff


# --- Gates (R14) ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "who", ["tactical_member", "tactical_other", "staff", "socialchef_aneby", "outsider"]
)
def test_r14_only_the_owning_groups_chair_moves_a_project(org, proj, who):
    join(org, proj.project, "0604", "0680")
    refused(
        lambda: gates.project_move_stage(
            actor=getattr(org, who),
            project=proj.project,
            to_stage=stage(org, Stage.Kind.PRE_STUDY),
            decided_on=TODAY,
            minutes_reference="TS IFO § 1",
        )
    )


# --- Projects and funds requests (R10, R15) ---------------------------------------------------


@pytest.mark.parametrize("who", NOT_IFO)
def test_r10_only_the_owning_group_creates_a_project(org, proj, who):
    refused(
        lambda: services.project_create(
            actor=getattr(org, who), portfolio=proj.ifo, title="Ny idé", purpose="Syfte"
        )
    )


@pytest.mark.parametrize("who", NOT_IFO)
def test_r10_only_the_owning_group_edits_a_project(org, proj, who):
    refused(
        lambda: services.project_update(
            actor=getattr(org, who), project=proj.project, title="Nytt namn"
        )
    )


@pytest.mark.parametrize("who", NOT_IFO)
def test_r15_only_the_owning_group_asks_for_common_funds(org, proj, who):
    refused(
        lambda: services.funds_request_create(
            actor=getattr(org, who), project=proj.project, amount=Decimal("1000")
        )
    )


# --- Quarterly status -------------------------------------------------------------------------


@pytest.mark.parametrize("who", NOT_IFO)
def test_quarterly_status_only_by_the_lead_or_the_owning_group(org, proj, who):
    refused(
        lambda: services.project_report_status(
            actor=getattr(org, who),
            project=proj.project,
            year=TODAY.year,
            quarter=1,
            status="on_track",
        )
    )


def test_quarterly_status_by_the_lead_and_the_owning_group(org, proj):
    for actor in (proj.lead, org.tactical_member):
        services.project_report_status(
            actor=actor, project=proj.project, year=TODAY.year, quarter=1, status="on_track"
        )
    assert proj.project.statuses.count() == 2


# --- Stages and portfolios (R11, R10): staff ----------------------------------------------------


@pytest.mark.parametrize("who", ["socialchef_aneby", "tactical_chair", "pks_member", "outsider"])
def test_r11_only_staff_change_the_stage_model(org, proj, who):
    actor = getattr(org, who)
    refused(
        lambda: services.stage_create(
            actor=actor, partnership=org.partnership, name="Uppföljning", kind="other", order=99
        )
    )
    idea = stage(org, Stage.Kind.IDEA)
    refused(
        lambda: services.stage_update(actor=actor, stage=idea, name="Idéer", kind="idea", order=1)
    )
    refused(lambda: services.stages_ensure_default(actor=actor, partnership=org.partnership))
    refused(lambda: services.portfolio_ensure(actor=actor, tactical_group=org.tactical_aldre))
