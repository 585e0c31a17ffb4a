"""The meetings list (per body the next and the latest meetings) and a body's archive (R57),
and that neither the list nor a meeting's page asks more of the database as years of
meetings pile up (issue 17)."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from meetings import selectors, services
from meetings.models import Meeting
from partnerships import permissions

LIST = reverse("meetings:list")


def _meetings(body, days, *, status=Meeting.Status.PLANNED):
    """Meetings of `body` on `days` (relative to today), as the generator writes history."""
    today = permissions.today()
    return Meeting.objects.bulk_create(
        Meeting(
            body=body,
            date=today + datetime.timedelta(days=offset),
            start_time=datetime.time(9),
            status=status,
        )
        for offset in days
    )


def _day(offset: int) -> str:
    return (permissions.today() + datetime.timedelta(days=offset)).isoformat()


def test_the_list_shows_the_next_and_the_latest_meetings_and_links_to_all(client, org):
    _meetings(org.pks, range(10, 80, 10))  # 7 ahead: 10 ... 70 days
    _meetings(org.pks, range(-10, -60, -10), status=Meeting.Status.ADJUSTED)  # 5 held
    client.force_login(org.pks_member)
    page = client.get(LIST).content.decode()
    shown_ahead = [_day(d) for d in range(10, 10 + 10 * selectors.UPCOMING_SHOWN, 10)]
    assert all(day in page for day in shown_ahead)
    assert _day(60) not in page and _day(70) not in page
    assert all(_day(-10 * n) in page for n in range(1, selectors.RECENT_SHOWN + 1))
    assert _day(-40) not in page and _day(-50) not in page
    # Soonest first, then the latest held, newest first.
    assert page.index(_day(10)) < page.index(_day(20)) < page.index(_day(-10))
    assert page.index(_day(-10)) < page.index(_day(-20))
    archive = reverse("meetings:body_meetings", args=[org.pks.pk])
    assert f'href="{archive}"' in page and "Alla sammanträden (12)" in page


def test_the_list_says_when_nothing_is_planned_and_leaves_out_bodies_without_meetings(client, org):
    _meetings(org.pks, [-30], status=Meeting.Status.ADJUSTED)
    client.force_login(org.pks_member)
    page = client.get(LIST).content.decode()
    assert "Inget sammanträde är planerat." in page and _day(-30) in page
    assert org.steering_group.name not in page
    client.force_login(org.outsider)
    page = client.get(LIST).content.decode()
    assert "Det finns inga sammanträden för dig att se." in page


def test_r57_the_archive_lists_what_the_list_may_show_and_nothing_else(client, org):
    _meetings(org.tactical_aldre, [-20], status=Meeting.Status.ADJUSTED)
    _meetings(org.tactical_aldre, [-10, 20])  # in preparation: not public
    services.body_settings_set(
        actor=org.staff, body=org.tactical_aldre, minutes_public=True, appeal_applies=False
    )
    url = reverse("meetings:body_meetings", args=[org.tactical_aldre.pk])
    client.force_login(org.outsider)
    page = client.get(url).content.decode()
    assert _day(-20) in page and _day(-10) not in page and _day(20) not in page
    client.force_login(org.staff)
    page = client.get(url).content.decode()
    assert _day(-20) in page and _day(-10) in page and _day(20) in page
    # A body one may not list does not exist for them.
    client.force_login(org.outsider)
    assert client.get(reverse("meetings:body_meetings", args=[org.pks.pk])).status_code == 404
    client.force_login(org.pks_member)
    assert client.get(reverse("meetings:body_meetings", args=[org.pks.pk])).status_code == 200


def test_the_archive_pages_newest_first_and_filters_by_year(client, org):
    from meetings.views import ARCHIVE_PAGE_SIZE

    step = 30  # about a month: the history spans three years
    offsets = [-step * n for n in range(1, ARCHIVE_PAGE_SIZE + 6)]  # a page and five more
    _meetings(org.pks, offsets, status=Meeting.Status.ADJUSTED)
    url = reverse("meetings:body_meetings", args=[org.pks.pk])
    client.force_login(org.pks_member)
    first = client.get(url).content.decode()
    assert _day(-step) in first and _day(-step * ARCHIVE_PAGE_SIZE) in first
    assert _day(-step * (ARCHIVE_PAGE_SIZE + 1)) not in first
    assert first.index(_day(-step)) < first.index(_day(-2 * step))
    assert "sida=2" in first
    second = client.get(url + "?sida=2").content.decode()
    assert _day(-step) not in second and _day(offsets[-1]) in second
    oldest_year = _day(offsets[-1])[:4]
    by_year = client.get(url + f"?ar={oldest_year}").content.decode()
    in_that_year = [o for o in offsets if _day(o)[:4] == oldest_year]
    assert in_that_year and all(_day(o) in by_year for o in in_that_year)
    assert all(_day(o) not in by_year for o in offsets if o not in in_that_year)


def _queries(client, url) -> int:
    client.get(url)  # the first request of a session may read more (e.g. the language)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_the_list_and_a_meeting_ask_the_same_of_the_database_however_long_the_history(
    client, org, pks_meeting
):
    meeting = pks_meeting.meeting
    services.agenda_send(actor=org.staff, meeting=meeting)
    _meetings(org.pks, [-300, 40])
    _meetings(org.steering_group, [-200])
    pages = [
        LIST,
        reverse("meetings:body_meetings", args=[org.pks.pk]),
        reverse("meetings:meeting", args=[meeting.pk]),
    ]
    for person in (org.staff, org.pks_member):
        client.force_login(person)
        before = [_queries(client, url) for url in pages]
        for body in (org.pks, org.steering_group, org.tactical_aldre):
            _meetings(body, range(-3000, -30, 30), status=Meeting.Status.ADJUSTED)
            _meetings(body, range(60, 600, 60))
        assert [_queries(client, url) for url in pages] == before
        Meeting.objects.exclude(pk=meeting.pk).filter(date__lt=_day(-301)).delete()
        Meeting.objects.filter(date__gt=_day(41)).delete()
