"""The matter services guard their actor (R15, R5, R30), whoever calls them.

Each service is called directly, as a command, the admin or an API would: a
wrong actor is refused with PermissionDenied and nothing is written (row counts
of every business table, history tables included, stay the same).
"""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from matters import services
from matters.models import Matter
from projects import services as project_services
from tests.projects.conftest import TODAY, ready_request
from tests.security.matrix import db_state

pytestmark = pytest.mark.django_db


def refused(call):
    """The call raises PermissionDenied and leaves every table as it was."""
    before = db_state()
    with pytest.raises(PermissionDenied):
        call()
    assert db_state() == before


@pytest.fixture
def request_matter(org, proj):
    return ready_request(org, proj.project)


# --- Deciding (R15, R5) --------------------------------------------------------------------


@pytest.mark.parametrize(
    "who,for_code",
    [
        ("outsider", "0604"),
        ("socialchef_jonkoping", "0604"),  # a socialchef of another municipality
        ("deputy_jonkoping", "0604"),
        ("staff", "0604"),  # staff without a seat decide nothing in the app
        ("pks_member", "0680"),  # PKS sits for Jönköping but does not decide matters
        ("tactical_chair", "0680"),
    ],
)
def test_r15_app_decision_only_by_the_municipalitys_socialchef_or_deputy(
    org, request_matter, who, for_code
):
    refused(
        lambda: services.matter_decide(
            actor=getattr(org, who),
            matter=request_matter,
            municipality=org.municipalities[for_code],
            verdict="approve",
        )
    )


@pytest.mark.parametrize("who", ["socialchef_aneby", "pks_member", "outsider", "tactical_chair"])
def test_r15_committee_decision_only_recorded_by_staff(org, request_matter, who):
    refused(
        lambda: services.matter_decide(
            actor=getattr(org, who),
            matter=request_matter,
            municipality=org.aneby,
            verdict="approve",
            committee_reference="SN 2026-03-12 § 45",
        )
    )


def test_r5_consensus_decision_is_guarded_like_a_request(org, proj):
    matter = services.consensus_matter_create(
        actor=org.staff, partnership=org.partnership, title="Verksamhetsplan 2027"
    )
    services.matter_mark_ready(
        actor=org.staff, matter=matter, due_date=TODAY + datetime.timedelta(days=5)
    )
    refused(
        lambda: services.matter_decide(
            actor=org.socialchef_jonkoping, matter=matter, municipality=org.aneby, verdict="reject"
        )
    )
    matter.refresh_from_db()
    assert matter.status == Matter.Status.PENDING


def test_r15_the_right_actors_decide(org, request_matter):
    services.matter_decide(
        actor=org.deputy_jonkoping,
        matter=request_matter,
        municipality=org.jonkoping,
        verdict="approve",
    )
    services.matter_decide(
        actor=org.staff,
        matter=request_matter,
        municipality=org.aneby,
        verdict="approve",
        committee_reference="SN § 3",
    )
    assert request_matter.decisions.count() == 2


# --- Withdrawing (R15) -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "who", ["outsider", "pks_member", "socialchef_jonkoping", "tactical_other", "deputy_jonkoping"]
)
def test_r15_withdrawal_only_by_who_asked_staff_or_preparers(org, request_matter, who):
    refused(lambda: services.matter_withdraw(actor=getattr(org, who), matter=request_matter))


@pytest.mark.parametrize("who", ["tactical_member", "staff", "socialchef_aneby"])
def test_r15_who_asked_staff_and_preparers_withdraw(org, request_matter, who):
    services.matter_withdraw(actor=getattr(org, who), matter=request_matter)
    request_matter.refresh_from_db()
    assert request_matter.status == Matter.Status.WITHDRAWN


def test_r5_the_tactical_group_cannot_withdraw_a_consensus_matter(org, proj):
    matter = services.consensus_matter_create(
        actor=org.staff, partnership=org.partnership, title="Verksamhetsplan 2027"
    )
    refused(lambda: services.matter_withdraw(actor=org.tactical_chair, matter=matter))


# --- Preparing (R15) -------------------------------------------------------------------------

NOT_PREPARING = ["outsider", "pks_member", "socialchef_jonkoping", "tactical_chair"]


@pytest.mark.parametrize("who", NOT_PREPARING)
def test_r15_mark_ready_only_by_preparation_group_or_staff(org, proj, who):
    matter = project_services.funds_request_create(
        actor=org.tactical_chair, project=proj.project, amount=Decimal("100")
    )
    due = TODAY + datetime.timedelta(days=7)
    refused(
        lambda: services.matter_mark_ready(actor=getattr(org, who), matter=matter, due_date=due)
    )


@pytest.mark.parametrize("who", NOT_PREPARING)
def test_r15_due_date_only_by_preparation_group_or_staff(org, request_matter, who):
    due = TODAY + datetime.timedelta(days=30)
    refused(
        lambda: services.matter_set_due_date(
            actor=getattr(org, who), matter=request_matter, due_date=due
        )
    )


@pytest.mark.parametrize("who", NOT_PREPARING)
def test_r15_comment_only_by_preparation_group_or_staff(org, request_matter, who):
    refused(
        lambda: services.matter_comment(actor=getattr(org, who), matter=request_matter, text="Ja")
    )


def test_r15_staff_prepare_too(org, proj, request_matter):
    services.matter_comment(actor=org.staff, matter=request_matter, text="Underlaget är klart.")
    services.matter_set_due_date(
        actor=org.staff, matter=request_matter, due_date=TODAY + datetime.timedelta(days=20)
    )
    assert request_matter.comments.count() == 1


@pytest.mark.parametrize(
    "who", ["outsider", "pks_member", "socialchef_jonkoping", "tactical_chair", "deputy_jonkoping"]
)
def test_r5_consensus_matter_only_by_staff_or_preparation_group(org, who):
    refused(
        lambda: services.consensus_matter_create(
            actor=getattr(org, who), partnership=org.partnership, title="Verksamhetsplan 2028"
        )
    )


def test_r15_funds_request_opened_and_replaced_only_by_the_owning_group(org, proj, request_matter):
    refused(
        lambda: services.funds_request_open(
            actor=org.tactical_other, project=proj.project, amount=Decimal("5")
        )
    )
    refused(lambda: services.matter_supersede(actor=org.staff, matter=request_matter))
