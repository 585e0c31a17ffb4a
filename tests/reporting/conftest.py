import hashlib

import pytest
from django.db import connection

from reporting import services
from reporting.models import Period, ReportVersion
from tests.reporting import summaries


@pytest.fixture
def fake_providers(monkeypatch):
    """The projects and finance providers return synthetic summaries; returns the call log."""
    return summaries.install(monkeypatch)


@pytest.fixture
def draft(org):
    return services.report_create(
        actor=org.staff, partnership=org.partnership, year=2026, period=Period.Q1
    )


def freeze(report, *, by, data=b"%PDF-1.7\n% test bytes\n", number=None, reason=""):
    """A published version without rendering (fast); the service path is tested separately."""
    number = number or (report.versions.count() + 1)
    return ReportVersion.objects.create(
        report=report,
        number=number,
        pdf=data,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        reason=reason,
        published_by=by,
    )


@pytest.fixture
def published(org, draft):
    freeze(draft, by=org.staff)
    return draft


def tamper(version, data=b"%PDF-1.7 tampered"):
    """Change stored bytes behind the app's back (as disk corruption would): the R42
    trigger is switched off inside the test's transaction only."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending FK checks before ALTER
        cursor.execute("ALTER TABLE reporting_reportversion DISABLE TRIGGER reportversion_frozen")
        cursor.execute(
            "UPDATE reporting_reportversion SET pdf = %s WHERE id = %s", [data, version.pk]
        )
        cursor.execute("ALTER TABLE reporting_reportversion ENABLE TRIGGER reportversion_frozen")


@pytest.fixture
def economy_refused(monkeypatch):
    """The finance provider refuses, as it does when a population figure is missing (R22)."""
    from core.errors import DomainError
    from finance import selectors as finance_selectors

    def refuse(**kwargs):
        raise DomainError("Underlaget saknas: folkmängd för Aneby 2024-12-31.", rule="R22")

    monkeypatch.setattr(finance_selectors, "report_economy", refuse)
