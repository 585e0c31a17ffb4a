"""Axe on the meetings pages the demo cannot show (issue 12 item 11): the adjust
confirmation of minutes waiting for the chair (R55), the search with hits (item 7), and
the calendar page with a new address shown once (item 8). At 375 px and 1280 px."""

import os

import pytest

from tests.browser.test_accessibility import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("KU_SHOTS", "/work/shots")
WIDTHS = (375, 1280)


def _check(page, name, width):
    page.set_viewport_size({"width": width, "height": 800})
    assert_accessible(page, f"{name} at {width}px")
    os.makedirs(SHOTS, exist_ok=True)
    page.screenshot(path=os.path.join(SHOTS, f"meetx-{name}-{width}.png"), full_page=True)


def test_adjust_search_and_calendar_pages_have_no_axe_violations(login, page, live_server):
    from meetings import minutes, services
    from tests.conftest import build_org
    from tests.meetings.conftest import build_meeting

    org = build_org()
    officers = build_meeting(org)
    meeting = officers.meeting
    item = services.agenda_item_add(
        actor=org.staff,
        meeting=meeting,
        title="Verksamhetsplan 2026",
        background="Förslaget till verksamhetsplan för länet.",
        proposed_decision="PKS föreslås besluta att fastställa verksamhetsplanen.",
    )
    services.agenda_send(actor=org.staff, meeting=meeting)
    minutes.paragraph_record(
        actor=org.staff,
        meeting=meeting,
        item=item,
        text="Kansliet föredrar förslaget.",
        decision="PKS beslutar att fastställa verksamhetsplanen.",
    )
    minutes.minutes_complete(actor=org.staff, meeting=meeting)

    login("pks-ordf")
    page.goto(f"{live_server.url}/sammantraden/{meeting.pk}/justera/")
    assert page.get_by_role("button", name="Justera").is_visible()
    for width in WIDTHS:
        _check(page, "adjust", width)

    page.goto(f"{live_server.url}/sammantraden/sok/?q=beslutade")
    assert page.get_by_role("link", name="§ 1 Verksamhetsplan 2026").is_visible()
    for width in WIDTHS:
        _check(page, "search", width)

    page.goto(f"{live_server.url}/sammantraden/kalender/")
    page.get_by_role("button", name="Skapa min kalenderadress").click()
    address = page.get_by_label("Din kalenderadress").input_value()
    assert address.startswith(f"{live_server.url}/sammantraden/kalender/")
    for width in WIDTHS:
        _check(page, "calendar", width)
