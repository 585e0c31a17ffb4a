"""Drafts, publication and downloads (R40-R42)."""

import datetime
import hashlib
import logging
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from core.errors import DomainError
from reporting import services
from reporting.models import Period, Report, ReportDownload, ReportVersion
from tests.reporting import summaries
from tests.reporting.conftest import freeze, tamper
from tests.reporting.pdftext import line_with, pdf_text


@pytest.mark.parametrize(
    "period, as_of, quarter",
    [
        (Period.Q1, datetime.date(2026, 3, 31), 1),
        (Period.Q2, datetime.date(2026, 6, 30), 2),
        (Period.ANNUAL, datetime.date(2026, 12, 31), 4),
        (Period.ACCOUNTS, datetime.date(2026, 12, 31), 4),
    ],
)
def test_r40_period_end_and_quarter(period, as_of, quarter):
    report = Report(year=2026, period=period)
    assert report.as_of == as_of
    assert report.through_quarter == quarter


@pytest.mark.parametrize(
    "period, name",
    [
        (Period.Q1, "Delarsrapport-Q1-2026-social-valfard-v1.pdf"),
        (Period.Q2, "Delarsrapport-Q2-2026-social-valfard-v1.pdf"),
        (Period.ANNUAL, "Verksamhetsberattelse-2026-social-valfard-v1.pdf"),
        (Period.ACCOUNTS, "Arsbokslut-2026-social-valfard-v1.pdf"),
    ],
)
def test_r42_file_names(org, period, name):
    assert Report(partnership=org.partnership, year=2026, period=period).file_name(1) == name


def test_r42_first_draft_starts_from_default_texts(org, draft):
    assert draft.summary == services.DEFAULT_TEXTS["summary"]
    assert draft.history.count() == 1
    assert draft.history.first().history_user == org.staff


def test_r42_new_draft_starts_from_previous_periods_texts(org, draft):
    services.report_update_texts(
        actor=org.staff, report=draft, texts={"summary": "Q1-text", "economy": "Ekonomi Q1"}
    )
    # An older report must not win over the latest one before the new period.
    old = services.report_create(
        actor=org.staff, partnership=org.partnership, year=2025, period=Period.ANNUAL
    )
    services.report_update_texts(actor=org.staff, report=old, texts={"summary": "2025"})
    q2 = services.report_create(
        actor=org.staff, partnership=org.partnership, year=2026, period=Period.Q2
    )
    assert q2.summary == "Q1-text"
    assert q2.economy == "Ekonomi Q1"


def test_r40_one_report_per_period(org, draft):
    with pytest.raises(DomainError) as refused:
        services.report_create(
            actor=org.staff, partnership=org.partnership, year=2026, period=Period.Q1
        )
    assert refused.value.rule == "R40"
    assert Report.objects.count() == 1


def test_r42_publish_stores_pdf_with_checksum_number_who_and_when(org, draft, fake_providers):
    version = services.report_publish(actor=org.staff, report=draft)
    version.refresh_from_db()
    data = bytes(version.pdf)
    assert data.startswith(b"%PDF")
    assert version.sha256 == hashlib.sha256(data).hexdigest()
    assert version.size == len(data)
    assert version.number == 1
    assert version.published_by == org.staff
    assert version.published_at is not None
    assert ("portfolios", datetime.date(2026, 3, 31)) in fake_providers
    assert ("economy", 2026, 1) in fake_providers


def test_r42_correction_needs_a_reason(org, published, fake_providers):
    with pytest.raises(DomainError) as refused:
        services.report_publish(actor=org.staff, report=published, reason="  ")
    assert refused.value.rule == "R42"
    assert published.versions.count() == 1


def test_r42_published_bytes_never_change_when_the_budget_changes(
    org, draft, fake_providers, monkeypatch
):
    v1 = services.report_publish(actor=org.staff, report=draft)
    stored = bytes(ReportVersion.objects.get(pk=v1.pk).pdf)
    checksum = v1.sha256

    # The fee and the budget change after publication.
    changed = summaries.economy(fee=Decimal("7000000"))
    summaries.install(monkeypatch, economy_summary=changed)
    services.report_update_texts(actor=org.staff, report=draft, texts={"summary": "Rättad"})

    served = services.version_download(actor=org.pks_member, version=v1)
    assert served == stored
    assert hashlib.sha256(served).hexdigest() == checksum
    v1.refresh_from_db()
    assert v1.sha256 == checksum
    assert "6 200 000 kr" in pdf_text(served)
    assert "7 000 000 kr" not in pdf_text(served)

    # The correction is a new version with a reason; version 1 still downloads unchanged.
    v2 = services.report_publish(actor=org.staff, report=draft, reason="Ny avgift beslutad")
    assert v2.number == 2
    assert v2.reason == "Ny avgift beslutad"
    assert "7 000 000 kr" in pdf_text(bytes(v2.pdf))
    assert services.version_download(actor=org.pks_member, version=v1) == stored
    assert ReportDownload.objects.filter(version=v1).count() == 2


def test_r42_download_is_logged_with_who_when_and_version(org, published):
    version = published.versions.get()
    data = services.version_download(actor=org.pks_member, version=version)
    assert data == bytes(version.pdf)
    log = ReportDownload.objects.get()
    assert (log.user, log.version) == (org.pks_member, version)
    assert log.downloaded_at is not None


def test_r42_checksum_mismatch_is_refused_logged_and_not_served(org, published, caplog):
    version = published.versions.get()
    tamper(version)
    version.refresh_from_db()
    with caplog.at_level(logging.ERROR, logger="reporting.services"):
        with pytest.raises(services.ChecksumMismatch) as refused:
            services.version_download(actor=org.pks_member, version=version)
    assert refused.value.rule == "R42"
    assert "Checksum mismatch" in caplog.text
    assert ReportDownload.objects.count() == 0


def test_r22_pdf_holds_every_municipality_with_its_fee(org, draft, fake_providers):
    version = services.report_publish(actor=org.staff, report=draft)
    text = pdf_text(bytes(version.pdf))
    rows = summaries.allocation(Decimal("6200000"))
    assert len(rows) == 13
    for row in rows:
        amount = f"{int(row.amount):,}".replace(",", " ") + " kr"
        line = line_with(text, row.name, amount)
        assert line is not None, f"{row.name} {amount} missing"
        assert row.code in line
    assert line_with(text, "Summa", "6 200 000 kr") is not None


def test_r42_second_version_number_follows_the_last(org, published, fake_providers):
    freeze(published, by=org.staff, number=2, reason="rättelse")
    v3 = services.report_publish(actor=org.staff, report=published, reason="Ny rättelse")
    assert v3.number == 3


def test_r42_database_refuses_to_change_or_delete_a_published_version(org, published):
    version = published.versions.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        ReportVersion.objects.filter(pk=version.pk).update(sha256="0" * 64)
    with pytest.raises(IntegrityError), transaction.atomic():
        ReportVersion.objects.filter(pk=version.pk).delete()
    version.refresh_from_db()
    assert version.checksum_ok(bytes(version.pdf))
