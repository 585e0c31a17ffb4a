"""Issue 15: every newly published report version is also a web page with the same frozen
content, read by the PDF's readers, linked next to the PDF and logged like a download."""

import hashlib
from decimal import Decimal

import pytest
from django.db import connection
from django.urls import reverse

from reporting import services
from reporting.models import ReportDownload, ReportVersion
from tests.reporting import summaries
from tests.reporting.pdftext import pdf_text

READERS = ["socialchef_aneby", "tactical_member", "pks_member"]


@pytest.fixture
def version(org, draft, fake_providers):
    return services.report_publish(actor=org.staff, report=draft)


def test_issue15_publish_stores_the_twin_with_its_checksum_from_the_same_content(org, version):
    version.refresh_from_db()
    assert version.has_web_twin
    assert version.html_sha256 == hashlib.sha256(version.html.encode()).hexdigest()
    html = version.html
    assert '<h1 id="document-title">Delårsrapport Q1 2026</h1>' in html
    assert "Publicerad version 1" in html
    text = pdf_text(bytes(version.pdf))
    for heading in ("1. Sammanfattning", "5.3 Budget, utfall t.o.m. Q1 och prognos per område"):
        assert heading in html and heading in text
    # The fee split's figures are in both, and the charts carry their data as alt text.
    assert "6 200 000 kr" in html.replace("\u00a0", " ") and "6 200 000 kr" in text
    assert 'aria-label="Avgift per kommun 2026: Aneby' in html
    assert "Antal projekt per steg och portfölj" in html  # the stage chart's table


def test_issue15_twin_never_changes_when_the_data_does(org, draft, version, monkeypatch):
    stored = ReportVersion.objects.get(pk=version.pk).html
    summaries.install(monkeypatch, economy_summary=summaries.economy(fee=Decimal("7000000")))
    services.report_update_texts(actor=org.staff, report=draft, texts={"summary": "Rättad"})
    assert services.version_web_twin(actor=org.pks_member, version=version) == stored
    v2 = services.report_publish(actor=org.staff, report=draft, reason="Ny avgift beslutad")
    assert "7 000 000 kr" in v2.html.replace("\u00a0", " ")
    assert ReportVersion.objects.get(pk=version.pk).html == stored


@pytest.mark.parametrize(
    "role, expected", [("staff", 200), *[(r, 200) for r in READERS], ("outsider", 404)]
)
def test_issue15_twin_has_the_pdfs_readers_and_is_logged(client, org, version, role, expected):
    user = getattr(org, role)
    client.force_login(user)
    response = client.get(reverse("reporting:web", args=[version.report_id, 1]))
    assert response.status_code == expected
    logged = ReportDownload.objects.filter(user=user, format=ReportDownload.Format.HTML)
    assert logged.count() == (1 if expected == 200 else 0)
    if expected == 200:
        body = response.content.decode()
        assert '<div class="web-twin" lang="sv-SE">' in body
        assert reverse("reporting:download", args=[version.report_id, 1]) in body
        assert response["Cache-Control"] == "private, no-store"


def test_issue15_twin_of_a_draft_or_unknown_version_is_404(client, org, draft):
    client.force_login(org.staff)
    assert client.get(reverse("reporting:web", args=[draft.pk, 1])).status_code == 404


def test_issue15_versions_published_before_keep_their_bytes_and_have_no_twin(
    client, org, published
):
    """A version stored before issue 15 is never re-rendered: same bytes, no web page."""
    old = published.versions.get()
    client.force_login(org.pks_member)
    assert client.get(reverse("reporting:web", args=[published.pk, 1])).status_code == 404
    download = client.get(reverse("reporting:download", args=[published.pk, 1]))
    assert download.content == bytes(old.pdf)
    detail = client.get(reverse("reporting:detail", args=[published.pk])).content.decode()
    assert reverse("reporting:web", args=[published.pk, 1]) not in detail


def test_issue15_twin_is_linked_next_to_the_pdf(client, org, version):
    client.force_login(org.pks_member)
    web = reverse("reporting:web", args=[version.report_id, 1])
    detail = client.get(reverse("reporting:detail", args=[version.report_id])).content.decode()
    index = client.get(reverse("reporting:index")).content.decode()
    assert web in detail and "Webbsida, version 1" in detail
    assert web in index and "Läs som webbsida" in index


def test_issue15_a_tampered_twin_is_not_shown(client, org, version):
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("ALTER TABLE reporting_reportversion DISABLE TRIGGER reportversion_frozen")
        cursor.execute(
            "UPDATE reporting_reportversion SET html = html || '<script>x</script>' WHERE id = %s",
            [version.pk],
        )
        cursor.execute("ALTER TABLE reporting_reportversion ENABLE TRIGGER reportversion_frozen")
    client.force_login(org.pks_member)
    response = client.get(reverse("reporting:web", args=[version.report_id, 1]))
    assert response.status_code == 500
    assert "<script>x</script>" not in response.content.decode()
    assert "kontrollsumma" in response.content.decode()
    assert not ReportDownload.objects.exists()


def test_issue15_staff_preview_is_the_twin_of_the_draft(client, org, draft, fake_providers):
    client.force_login(org.staff)
    body = client.get(reverse("reporting:preview", args=[draft.pk])).content.decode()
    assert '<h1 id="document-title">Delårsrapport Q1 2026</h1>' in body
    assert "UTKAST" in body
    assert not ReportVersion.objects.exists()
