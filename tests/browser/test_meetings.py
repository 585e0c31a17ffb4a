"""Issue 12: the secretary records a meeting and completes the minutes; the chair and the
adjuster adjust on a phone (375 px); a PKS member downloads the PDF (R52, R55, R57).
An edit after one adjustment voids it (R55)."""

import os

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("KU_SHOTS", "/work/shots")


def _shot(page, name):
    os.makedirs(SHOTS, exist_ok=True)
    page.screenshot(path=os.path.join(SHOTS, f"meetings-{name}.png"), full_page=True)


def _as(login, page, username):
    page.context.clear_cookies()
    return login(username)


def _fits_the_phone(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the page is {width} px wide on a 375 px screen"


def test_r55_record_complete_adjust_on_a_phone_and_download(login, page, live_server):
    from meetings.models import Adjustment, Meeting
    from tests.conftest import build_org
    from tests.meetings.conftest import build_meeting

    org = build_org()
    officers = build_meeting(org)
    meeting = officers.meeting
    url = f"{live_server.url}/sammantraden/{meeting.pk}/"

    # The secretary records § 1 for the first item and completes the minutes.
    _as(login, page, "kansli")
    page.goto(url)
    _shot(page, "meeting-staff")
    _fits_the_phone(page)
    page.get_by_role("link", name="Protokollför §").first.click()
    page.get_by_label("Vad som hände").fill("Ordföranden hälsar välkommen.")
    page.get_by_label("Beslut").fill("PKS beslutar att lägga informationen till handlingarna.")
    page.get_by_role("button", name="Spara").click()
    assert page.get_by_text("§ 1 är protokollförd.").is_visible()
    page.get_by_role("button", name="Markera protokollet som klart").click()
    assert page.get_by_text("Protokollet är klart.").first.is_visible()

    # The chair adjusts after confirming.
    _as(login, page, "pks-ordf")
    page.goto(url)
    page.get_by_role("link", name="Justera protokollet").click()
    _shot(page, "adjust-chair")
    _fits_the_phone(page)
    page.get_by_role("button", name="Justera").click()
    assert page.get_by_role("alert").is_visible()  # the form again, with its error
    assert not Adjustment.objects.exists()  # nothing without the confirmation
    page.get_by_label("Jag har läst protokollet och justerar det som det står.").check()
    page.get_by_role("button", name="Justera").click()
    assert page.get_by_text("Du har justerat protokollet.").is_visible()
    assert Adjustment.objects.filter(voided_at__isnull=True).count() == 1

    # The secretary changes § 1: the chair's adjustment is voided and asked for again.
    _as(login, page, "kansli")
    page.goto(url)
    page.get_by_role("link", name="Ändra").last.click()
    page.get_by_label("Vad som hände").fill("Ordföranden hälsar alla välkomna.")
    page.get_by_role("button", name="Spara").click()
    assert Adjustment.objects.filter(voided_at__isnull=True).count() == 0
    assert Adjustment.objects.filter(voided_at__isnull=False).count() == 1

    # Both adjust the changed minutes, each on a phone.
    for username in ("pks-ordf", "pks-0682"):
        _as(login, page, username)
        page.goto(url)
        page.get_by_role("link", name="Justera protokollet").click()
        page.get_by_label("Jag har läst protokollet och justerar det som det står.").check()
        page.get_by_role("button", name="Justera").click()
        assert page.get_by_text("Du har justerat protokollet.").is_visible()
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.ADJUSTED

    # A PKS member reads the adjusted minutes and downloads the PDF.
    _as(login, page, "pks-0680")
    page.goto(url)
    _shot(page, "meeting-member")
    _fits_the_phone(page)
    with page.expect_download() as info:
        page.get_by_role("link", name="Protokoll (PDF)").click()
    download = info.value
    assert download.suggested_filename == "protokoll-pks-2025-05-08-v1.pdf"
    with open(download.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"
