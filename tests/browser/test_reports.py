"""A PKS member downloads the published Q1 report in a real browser (R42)."""

from pathlib import Path

import pytest
from django.urls import reverse

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


SHOTS = Path("/work/shots")


def test_report_preview_fits_the_screen_and_shows_pdf_progress(
    login, page, live_server, org, monkeypatch
):
    """Issue 14 item 8: text boxes use the width, charts match the body text, and the slow
    PDF preview says that it is being made (aria-live status, no inline script)."""
    summaries.install(monkeypatch)
    report = services.report_create(
        actor=org.staff, partnership=org.partnership, year=2026, period="q1"
    )
    page.set_viewport_size({"width": 1280, "height": 900})
    login("kansli")

    page.goto(f"{live_server.url}{reverse('reporting:edit', args=[report.pk])}")
    box = page.locator("textarea").first.bounding_box()
    main = page.locator("main").bounding_box()
    assert box["width"] > 0.8 * (main["width"] - 32)  # not 360 px on a 1280 px screen

    page.goto(f"{live_server.url}{reverse('reporting:preview', args=[report.pk])}")
    body_px = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    label_px = page.evaluate(
        "(() => { const t = document.querySelector('.figure svg text');"
        " return t.getBoundingClientRect().height; })()"
    )
    assert label_px <= 1.3 * body_px  # was 2.5x the body text

    SHOTS.mkdir(parents=True, exist_ok=True)
    # Stand in for the seconds the server takes: the page stays while the PDF is made.
    page.evaluate("document.addEventListener('click', e => e.preventDefault())")
    page.get_by_role("link", name="Förhandsgranska som PDF").click()
    status = page.get_by_role("status")
    status.wait_for()
    assert status.inner_text() == "Skapar PDF …"
    assert status.get_attribute("aria-live") == "polite"
    page.set_viewport_size({"width": 375, "height": 800})
    page.screenshot(path=str(SHOTS / "reportdemo-report-preview.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
