"""A PKS member downloads the published Q1 report in a real browser (R42)."""

import pytest

from reporting import services
from reporting.models import ReportDownload
from tests.reporting import summaries

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_pks_member_downloads_the_q1_report(login, page, live_server, org, monkeypatch):
    summaries.install(monkeypatch)
    report = services.report_create(
        actor=org.staff, partnership=org.partnership, year=2026, period="q1"
    )
    version = services.report_publish(actor=org.staff, report=report)

    login("pks-0680")
    page.get_by_role("link", name="Rapporter").click()
    page.wait_for_url(f"{live_server.url}/rapporter/")
    assert page.get_by_role("heading", level=1).inner_text() == "Rapporter"
    assert page.get_by_role("heading", name="Delårsrapport Q1 2026").is_visible()
    # Usable on a phone: nothing wider than the 375 px screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Ladda ner PDF – Delårsrapport Q1 2026").click()
    download = download_info.value
    assert download.suggested_filename == "Delarsrapport-Q1-2026-social-valfard-v1.pdf"
    with open(download.path(), "rb") as handle:
        data = handle.read()
    assert data.startswith(b"%PDF")
    assert data == bytes(version.pdf)
    assert ReportDownload.objects.filter(user=org.pks_member, version=version).count() == 1
