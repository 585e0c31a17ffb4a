"""R15: 13 socialchefer deciding in the same second, and a double-submitted form."""

import threading
from decimal import Decimal

import pytest
from django.db import connection

from core.errors import DomainError
from matters import services
from matters.models import Matter, MatterDecision
from tests.projects.conftest import ready_request

pytestmark = pytest.mark.django_db(transaction=True)


def _run_at_once(calls):
    barrier = threading.Barrier(len(calls))
    errors = []

    def worker(call):
        try:
            barrier.wait()
            call()
        except DomainError as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def test_r15_thirteen_socialchefer_at_once_record_thirteen_decisions(org, proj):
    matter = ready_request(org, proj.project, amount=Decimal("250000"))

    def decide(code):
        return lambda: services.matter_decide(
            actor=org.socialchefer[code],
            matter=matter,
            municipality=org.municipalities[code],
            verdict="approve",
        )

    errors = _run_at_once([decide(code) for code in org.socialchefer])
    assert errors == []
    matter.refresh_from_db()
    assert MatterDecision.objects.filter(matter=matter).count() == 13
    assert matter.status == Matter.Status.APPROVED


def test_r15_twelve_approve_and_one_rejects_at_once(org, proj):
    matter = ready_request(org, proj.project)

    def decide(code):
        verdict = "reject" if code == "0687" else "approve"
        return lambda: services.matter_decide(
            actor=org.socialchefer[code],
            matter=matter,
            municipality=org.municipalities[code],
            verdict=verdict,
        )

    _run_at_once([decide(code) for code in org.socialchefer])
    matter.refresh_from_db()
    assert matter.status == Matter.Status.REJECTED
    assert MatterDecision.objects.filter(matter=matter, verdict="reject").count() == 1


def test_r15_double_submitted_decision_records_one(org, proj):
    matter = ready_request(org, proj.project)

    def decide():
        services.matter_decide(
            actor=org.socialchef_aneby, matter=matter, municipality=org.aneby, verdict="approve"
        )

    errors = _run_at_once([decide, decide, decide])
    assert len(errors) == 2
    assert MatterDecision.objects.filter(matter=matter).count() == 1
