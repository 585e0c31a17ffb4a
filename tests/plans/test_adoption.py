"""R5, R61: the steering group adopts the business plan by consensus of all 13, and the
adopted plan is frozen with a PDF version like a published report."""

import datetime
import hashlib

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from core.errors import DomainError
from matters import services as matter_services
from matters.models import Matter
from plans import services
from plans.models import Plan, PlanVersion, StrategicGoal

TODAY = datetime.date.today()


def _propose_ready(org, plan):
    matter = services.plan_propose(actor=org.staff, plan=plan)
    matter_services.matter_mark_ready(
        actor=org.socialchef_aneby, matter=matter, due_date=TODAY + datetime.timedelta(days=7)
    )
    return matter


def test_r5_r61_twelve_assents_do_not_adopt_the_thirteenth_does_and_freezes(org, plan_setup):
    plan = plan_setup[0]
    matter = _propose_ready(org, plan)
    plan.refresh_from_db()
    assert plan.status == Plan.Status.PROPOSED
    codes = sorted(org.socialchefer)
    for code in codes[:12]:
        matter_services.matter_decide(
            actor=org.socialchefer[code],
            matter=matter,
            municipality=org.municipalities[code],
            verdict="approve",
        )
    plan.refresh_from_db()
    assert plan.status == Plan.Status.PROPOSED  # 12 of 13 is not consensus
    assert not plan.versions.exists()
    last = codes[12]
    matter_services.matter_decide(
        actor=org.socialchefer[last],
        matter=matter,
        municipality=org.municipalities[last],
        verdict="approve",
    )
    plan.refresh_from_db()
    matter.refresh_from_db()
    assert matter.status == Matter.Status.APPROVED
    assert plan.status == Plan.Status.ADOPTED
    assert plan.adopted_at is not None
    version = plan.versions.get()
    assert version.number == 1
    pdf = bytes(version.pdf)
    assert pdf.startswith(b"%PDF")
    assert version.sha256 == hashlib.sha256(pdf).hexdigest()
    assert version.frozen_by == org.socialchefer[last]
    # Frozen: the content can no longer change (R61) ...
    with pytest.raises(DomainError) as refused:
        services.plan_update(actor=org.staff, plan=plan, vision="Ny vision")
    assert refused.value.rule == "R61"
    with pytest.raises(DomainError):
        services.plan_part_save(
            actor=org.staff, part=StrategicGoal(plan=plan, number=2, title="Nytt mål")
        )
    plan.refresh_from_db()
    assert plan.vision == "Tillsammans skapar vi hållbara kommuner."
    assert plan.goals.count() == 1
    # ... and the stored bytes neither (a trigger refuses an UPDATE, as for reports).
    with pytest.raises(IntegrityError), transaction.atomic():
        PlanVersion.objects.filter(pk=version.pk).update(sha256="0" * 64)


def test_r5_a_rejection_returns_the_plan_to_draft(org, plan_setup):
    plan = plan_setup[0]
    matter = _propose_ready(org, plan)
    matter_services.matter_decide(
        actor=org.socialchef_aneby, matter=matter, municipality=org.aneby, verdict="reject"
    )
    plan.refresh_from_db()
    assert plan.status == Plan.Status.DRAFT
    assert plan.adoption_matter is None
    assert not plan.versions.exists()


def test_r61_a_proposed_plan_cannot_be_edited(org, plan_setup):
    plan = plan_setup[0]
    services.plan_propose(actor=org.staff, plan=plan)
    with pytest.raises(DomainError):
        services.plan_update(actor=org.staff, plan=plan, title="Annat")


def test_r61_only_the_office_proposes(org, plan_setup):
    plan = plan_setup[0]
    with pytest.raises(PermissionDenied):
        services.plan_propose(actor=org.socialchef_jonkoping, plan=plan)
    plan.refresh_from_db()
    assert plan.status == Plan.Status.DRAFT
    assert not Matter.objects.exists()


def test_r5_staff_cannot_record_the_business_plan_adopted_outside_consensus(org, plan_setup):
    plan = plan_setup[0]
    with pytest.raises(DomainError) as refused:
        services.plan_record_adoption(actor=org.staff, plan=plan, reference="Beslut")
    assert refused.value.rule == "R5"
    plan.refresh_from_db()
    assert plan.status == Plan.Status.DRAFT
