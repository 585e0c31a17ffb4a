"""The rules of matters, service by service (R15 common funds, R5 consensus, R17)."""

import datetime
from decimal import Decimal

import pytest

from core.errors import DomainError
from matters import services as matter_services
from matters.models import Matter, MatterDecision
from projects import services
from tests.projects.conftest import TODAY, approve_all, ready_request

pytestmark = pytest.mark.django_db


def test_r15_all_thirteen_approve(org, proj):
    matter = ready_request(org, proj.project)
    approve_all(org, matter, except_codes=("0687",))
    matter.refresh_from_db()
    assert matter.status == Matter.Status.PENDING
    approve_all(org, matter, except_codes=[c for c in org.socialchefer if c != "0687"])
    matter.refresh_from_db()
    assert matter.status == Matter.Status.APPROVED
    assert matter.decisions.count() == 13


def test_r15_one_rejection_rejects(org, proj):
    matter = ready_request(org, proj.project)
    matter_services.matter_decide(
        actor=org.socialchef_jonkoping, matter=matter, municipality=org.jonkoping, verdict="reject"
    )
    matter.refresh_from_db()
    assert matter.status == Matter.Status.REJECTED
    with pytest.raises(DomainError):
        matter_services.matter_decide(
            actor=org.socialchef_aneby, matter=matter, municipality=org.aneby, verdict="approve"
        )
    assert matter.decisions.count() == 1


def test_r15_a_municipality_decides_once(org, proj):
    matter = ready_request(org, proj.project)
    matter_services.matter_decide(
        actor=org.socialchef_aneby, matter=matter, municipality=org.aneby, verdict="approve"
    )
    with pytest.raises(DomainError) as error:
        matter_services.matter_decide(
            actor=org.socialchef_aneby, matter=matter, municipality=org.aneby, verdict="approve"
        )
    assert "redan beslutat" in error.value.message
    assert MatterDecision.objects.filter(matter=matter).count() == 1


def test_r15_socialchef_cannot_decide_before_the_matter_is_ready(org, proj):
    matter = services.funds_request_create(
        actor=org.tactical_chair, project=proj.project, amount=Decimal("100")
    )
    with pytest.raises(DomainError) as error:
        matter_services.matter_decide(
            actor=org.socialchef_aneby, matter=matter, municipality=org.aneby, verdict="approve"
        )
    assert "inte berett" in error.value.message


def test_r15_committee_decision_recorded_with_reference(org, proj):
    matter = services.funds_request_create(
        actor=org.tactical_chair, project=proj.project, amount=Decimal("100")
    )
    decision = matter_services.matter_decide(
        actor=org.staff,
        matter=matter,
        municipality=org.aneby,
        verdict="approve",
        committee_reference="SN 2026-03-12 § 45",
    )
    assert decision.channel == "committee"
    assert decision.decided_by == org.staff


def test_r15_withdrawal_only_while_pending(org, proj):
    matter = ready_request(org, proj.project)
    matter_services.matter_withdraw(actor=org.tactical_chair, matter=matter, reason="Omplanering")
    matter.refresh_from_db()
    assert matter.status == Matter.Status.WITHDRAWN
    with pytest.raises(DomainError):
        matter_services.matter_withdraw(actor=org.tactical_chair, matter=matter)


def test_r15_mark_ready_refuses_a_past_due_date(org, proj):
    matter = services.funds_request_create(
        actor=org.tactical_chair, project=proj.project, amount=Decimal("100")
    )
    with pytest.raises(DomainError):
        matter_services.matter_mark_ready(
            actor=org.socialchef_aneby, matter=matter, due_date=TODAY - datetime.timedelta(days=1)
        )
    matter.refresh_from_db()
    assert matter.ready_at is None


def test_r5_consensus_needs_all_municipalities(org, proj):
    matter = matter_services.consensus_matter_create(
        actor=org.staff, partnership=org.partnership, title="Verksamhetsplan 2027"
    )
    matter_services.matter_mark_ready(
        actor=org.socialchef_aneby, matter=matter, due_date=TODAY + datetime.timedelta(days=5)
    )
    approve_all(org, matter, except_codes=("0604",))
    matter.refresh_from_db()
    assert matter.status == Matter.Status.PENDING
    matter_services.matter_decide(
        actor=org.socialchef_aneby, matter=matter, municipality=org.aneby, verdict="approve"
    )
    matter.refresh_from_db()
    assert matter.status == Matter.Status.APPROVED


def test_r17_decisions_have_history_with_author(org, proj):
    matter = ready_request(org, proj.project)
    decision = matter_services.matter_decide(
        actor=org.socialchef_aneby, matter=matter, municipality=org.aneby, verdict="approve"
    )
    assert decision.history.first().history_user == org.socialchef_aneby
