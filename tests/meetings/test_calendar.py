"""Issue 12 item 8: each person's meetings as an iCalendar feed behind a secret address."""

import datetime

import icalendar
import pytest
from django.urls import reverse

from core.errors import DomainError
from meetings import calendar, services
from meetings.models import CalendarFeed
from partnerships import permissions
from tests.factories import UserFactory, seat


def _feed(client, token):
    response = client.get(reverse("meetings:calendar_feed", args=[token]))
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def _events(cal):
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


def _upcoming(org, body, **fields):
    return services.meeting_create(
        actor=org.staff,
        body=body,
        date=permissions.today() + datetime.timedelta(days=14),
        start_time=datetime.time(9, 30),
        end_time=datetime.time(12, 0),
        place=fields.pop("place", "Kommunal utveckling, Jönköping"),
        **fields,
    )


def test_the_feed_holds_the_meeting_with_its_local_time_zone_and_page(org, client):
    meeting = _upcoming(org, org.pks)
    token = calendar.calendar_feed_rotate(actor=org.pks_member, person=org.pks_member)
    cal = _feed(client, token)
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["Europe/Stockholm"]
    event = _events(cal)[f"meeting-{meeting.pk}@kommunalutveckling"]
    start = event["DTSTART"]
    assert start.params["TZID"] == "Europe/Stockholm"
    assert start.dt.replace(tzinfo=None) == datetime.datetime.combine(
        meeting.date, datetime.time(9, 30)
    )
    assert event["DTEND"].params["TZID"] == "Europe/Stockholm"
    assert event["DTEND"].dt.time() == datetime.time(12, 0)
    assert str(event["URL"]).endswith(reverse("meetings:meeting", args=[meeting.pk]))
    assert str(event["URL"]).startswith("http://testserver/")
    assert str(event["LOCATION"]) == "Kommunal utveckling, Jönköping"
    assert str(event["STATUS"]) == "CONFIRMED"
    assert "PKS" in str(event["SUMMARY"])


def test_a_change_keeps_the_uid_and_raises_the_sequence(org, client):
    meeting = _upcoming(org, org.pks)
    token = calendar.calendar_feed_rotate(actor=org.staff, person=org.staff)
    uid = calendar.uid_of(meeting)
    before = int(_events(_feed(client, token))[uid]["SEQUENCE"])
    services.meeting_update(
        actor=org.staff, meeting=meeting, place="Länsstyrelsen", start_time=datetime.time(10, 0)
    )
    after = _events(_feed(client, token))[uid]
    assert int(after["SEQUENCE"]) > before
    assert str(after["LOCATION"]) == "Länsstyrelsen"
    assert after["DTSTART"].dt.time() == datetime.time(10, 0)


def test_a_cancelled_meeting_is_status_cancelled(org, client):
    meeting = _upcoming(org, org.pks)
    token = calendar.calendar_feed_rotate(actor=org.pks_member, person=org.pks_member)
    sequence = int(_events(_feed(client, token))[calendar.uid_of(meeting)]["SEQUENCE"])
    services.meeting_cancel(actor=org.staff, meeting=meeting)
    event = _events(_feed(client, token))[calendar.uid_of(meeting)]
    assert str(event["STATUS"]) == "CANCELLED"
    assert int(event["SEQUENCE"]) > sequence


def test_r57_only_meetings_of_bodies_the_person_reads(org, client):
    pks = _upcoming(org, org.pks)
    ifo = _upcoming(org, org.tactical_ifo)
    aldre = _upcoming(org, org.tactical_aldre)
    uids = {
        role: set(
            _events(_feed(client, calendar.calendar_feed_rotate(actor=person, person=person)))
        )
        for role, person in (
            ("pks", org.pks_member),
            ("ifo", org.tactical_member),
            ("staff", org.staff),
            ("outsider", org.outsider),
        )
    }
    assert uids["pks"] == {calendar.uid_of(pks)}
    assert uids["ifo"] == {calendar.uid_of(ifo)}
    assert uids["staff"] >= {calendar.uid_of(m) for m in (pks, ifo, aldre)}
    assert uids["outsider"] == set()


def test_r31_a_seat_that_starts_tomorrow_gives_no_meetings_today(org, client):
    meeting = _upcoming(org, org.pks)
    newcomer = UserFactory(username="pks-ny")
    seat(
        newcomer,
        org.pks,
        municipality=org.aneby,
        start_date=permissions.today() + datetime.timedelta(days=1),
    )
    token = calendar.calendar_feed_rotate(actor=newcomer, person=newcomer)
    assert calendar.uid_of(meeting) not in _events(_feed(client, token))


def test_rotation_makes_the_old_address_404(org, client):
    old = calendar.calendar_feed_rotate(actor=org.pks_member, person=org.pks_member)
    new = calendar.calendar_feed_rotate(actor=org.pks_member, person=org.pks_member)
    assert client.get(reverse("meetings:calendar_feed", args=[old])).status_code == 404
    _feed(client, new)
    assert CalendarFeed.objects.filter(person=org.pks_member).count() == 1


def test_a_wrong_token_or_an_inactive_person_gets_404(org, client):
    token = calendar.calendar_feed_rotate(actor=org.pks_member, person=org.pks_member)
    assert client.get(reverse("meetings:calendar_feed", args=["x" * 43])).status_code == 404
    org.pks_member.is_active = False
    org.pks_member.save(update_fields=["is_active"])
    assert client.get(reverse("meetings:calendar_feed", args=[token])).status_code == 404


def test_the_token_is_never_stored_in_clear(org):
    token = calendar.calendar_feed_rotate(actor=org.pks_member, person=org.pks_member)
    feed = CalendarFeed.objects.get(person=org.pks_member)
    assert token not in feed.token_sha256
    assert len(token) >= 40
    assert not hasattr(feed.history.first(), "token_sha256")


def test_nobody_makes_an_address_for_someone_else(org):
    with pytest.raises(DomainError) as refused:
        calendar.calendar_feed_rotate(actor=org.staff, person=org.pks_member)
    assert refused.value.rule == "R31"
    assert not CalendarFeed.objects.exists()


def test_the_settings_page_shows_a_new_address_once(org, client):
    url = reverse("meetings:calendar")
    assert client.get(url).status_code == 302
    client.force_login(org.pks_member)
    assert "Skapa min kalenderadress" in client.get(url).content.decode()
    response = client.post(url)
    assert response.status_code == 302
    shown = client.get(url).content.decode()
    assert "http://testserver/sammantraden/kalender/" in shown and ".ics" in shown
    again = client.get(url).content.decode()
    assert ".ics" not in again
    assert "Skapa en ny adress" in again
