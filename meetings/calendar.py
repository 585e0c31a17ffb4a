"""Each person's meetings as an iCalendar feed behind a secret address (issue 12 item 8).

The address carries a random token; only its SHA-256 is stored
(`CalendarFeed`). The feed holds the meetings of the bodies the person may read
today (R31, R57: a seat in the body, or the office that prepares it) and the
meetings they chair, keep the minutes of or adjust, from a year back. Public
minutes of other bodies do not put those meetings in one's calendar.

Each meeting is one VEVENT with a stable UID; its SEQUENCE is the number of
changes in the meeting's history, so a moved, re-placed or cancelled meeting
updates in the person's calendar client. Times are local (TZID
Europe/Stockholm, with its VTIMEZONE). The feed says nothing of the agenda or
minutes: a leaked address shows only when and where bodies meet.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
from zoneinfo import ZoneInfo

import icalendar
from django.db import transaction
from django.db.models import Count, Max, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import DomainError
from meetings import access
from meetings.models import Meeting
from meetings.models_calendar import CalendarFeed
from partnerships import permissions

TZID = "Europe/Stockholm"
UID_DOMAIN = "kommunalutveckling"
PAST_DAYS = 365
DEFAULT_LENGTH = datetime.timedelta(hours=1)
PRODID = "-//Kommunal utveckling//Sammanträden//SV"


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def calendar_feed_rotate(*, actor, person) -> str:
    """Make a new secret address for `person`'s calendar; the old one stops working.

    Returns the new token: it is shown once and never stored in clear. Only the
    person themself may do this.
    """
    if not permissions._is_person(actor) or actor.pk != person.pk:
        raise DomainError(_("Only you can make your own calendar address."), rule="R31")
    token = secrets.token_urlsafe(32)
    feed = CalendarFeed.objects.select_for_update().filter(person=person).first()
    if feed is None:
        feed = CalendarFeed(person=person)
    feed.token_sha256 = _digest(token)
    feed.created_at = timezone.now()
    feed.full_clean()
    feed.save()
    return token


def calendar_feed_of(person) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(person_id=person.pk).first()


def person_for_token(token: str):
    """The active person whose current calendar token this is, or None."""
    if not token or len(token) > 100:
        return None
    feed = CalendarFeed.objects.select_related("person").filter(token_sha256=_digest(token)).first()
    if feed is None or not permissions._is_person(feed.person):
        return None
    return feed.person


def meetings_in_calendar(person, *, on: datetime.date | None = None):
    """The person's meetings (R31, R57), with `sequence` and `last_change` annotated."""
    bodies = [
        b.pk
        for b in access.visible_bodies(person)
        if access.is_member(person, b) or access.may_prepare(person, b)
    ]
    since = (on or permissions.today()) - datetime.timedelta(days=PAST_DAYS)
    history = Meeting.history.model.objects.filter(id=OuterRef("pk")).order_by()
    return (
        Meeting.objects.filter(date__gte=since)
        .filter(
            Q(body_id__in=bodies)
            | Q(chair_id=person.pk)
            | Q(secretary_id=person.pk)
            | Q(
                pk__in=Meeting.adjusters.through.objects.filter(user_id=person.pk).values(
                    "meeting_id"
                )
            )
        )
        .annotate(
            changes=Subquery(history.values("id").annotate(n=Count("history_id")).values("n")[:1]),
            last_change=Subquery(
                history.values("id").annotate(at=Max("history_date")).values("at")[:1]
            ),
        )
        .select_related("body")
        .order_by("date", "start_time")
    )


def uid_of(meeting: Meeting) -> str:
    """Stable for the life of the meeting, whatever changes."""
    return f"meeting-{meeting.pk}@{UID_DOMAIN}"


def feed_for(person, *, base_url: str) -> bytes:
    """The iCalendar text of the person's meetings; `base_url` makes the meeting links."""
    zone = ZoneInfo(TZID)
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", _("Meetings – Kommunal utveckling"))
    cal.add("x-wr-timezone", TZID)
    now = timezone.now()
    for meeting in meetings_in_calendar(person):
        cal.add_component(_event(meeting, zone=zone, now=now, base_url=base_url))
    today = permissions.today()
    cal.add_component(
        icalendar.Timezone.from_tzid(
            TZID,
            first_date=today - datetime.timedelta(days=PAST_DAYS + 366),
            last_date=today + datetime.timedelta(days=5 * 366),
        )
    )
    return cal.to_ical()


def _event(meeting: Meeting, *, zone, now, base_url: str) -> icalendar.Event:
    start = datetime.datetime.combine(meeting.date, meeting.start_time, tzinfo=zone)
    if meeting.end_time:
        end = datetime.datetime.combine(meeting.date, meeting.end_time, tzinfo=zone)
    else:
        end = start + DEFAULT_LENGTH
    url = base_url.rstrip("/") + reverse("meetings:meeting", args=[meeting.pk])
    place = meeting.place or _("Digital")
    if meeting.place and meeting.digital:
        place = _("%(place)s, and digitally") % {"place": meeting.place}
    event = icalendar.Event()
    event.add("uid", uid_of(meeting))
    event.add("sequence", max((meeting.changes or 1) - 1, 0))
    event.add("dtstamp", now)
    if meeting.last_change:
        event.add("last-modified", meeting.last_change)
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("summary", _("Meeting of %(body)s") % {"body": meeting.body.name})
    event.add("location", place)
    event.add("url", url)
    event.add("description", f"{meeting.get_status_display()}. {url}")
    cancelled = meeting.status == Meeting.Status.CANCELLED
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("transp", "TRANSPARENT" if cancelled else "OPAQUE")
    return event


def feed_url(request, token: str) -> str:
    return request.build_absolute_uri(reverse("meetings:calendar_feed", args=[token]))
