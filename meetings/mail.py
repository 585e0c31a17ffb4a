"""The mails of meetings, told through the notifications app (R51, R55; issue 16).

Each call records one notification per person inside the service's transaction:
a rolled-back change tells nobody, a repeat of the same key tells nobody twice,
and each person's choice (each mail at once, a daily or a weekly summary)
applies. The notifications app adds the greeting, the link and the footer; the
texts here are only what happened, in Swedish.
"""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from notifications import services as notifications
from notifications.models import Kind
from partnerships import permissions
from partnerships.models import Membership


def _url(meeting) -> str:
    return reverse("meetings:meeting", args=[meeting.pk])


def agenda_sent(*, meeting, version) -> int:
    """The agenda is published: the body's members on the meeting day are told (R51).

    Each version is told once (key `meeting:<pk>:agenda:<version>`); returns how many
    people were told."""
    seats = (
        Membership.objects.active(max(meeting.date, permissions.today()))
        .filter(body=meeting.body)
        .select_related("person")
        .order_by("pk")
    )
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Agenda: %(body)s %(date)s") % {
            "body": meeting.body.name,
            "date": f"{meeting.date:%Y-%m-%d}",
        }
        text = render_to_string(
            "meetings/email/agenda_sent.txt", {"meeting": meeting, "version": version}
        )
    return notifications.notify_people(
        recipients=[seat.person for seat in seats],
        kind=Kind.AGENDA_SENT,
        key=f"meeting:{meeting.pk}:agenda:{version.number}",
        subject=subject,
        text=text,
        url=_url(meeting),
    )


def minutes_to_adjust(*, meeting, again: bool) -> int:
    """The minutes are complete (or changed): the chair and each adjuster are asked (R55).

    The key carries the SHA-256 of the minutes PDF to adjust, so a changed PDF asks
    again and the same PDF never asks twice; returns how many people were asked."""
    people = list(meeting.adjusters.order_by("pk"))
    if meeting.chair_id:
        people.insert(0, meeting.chair)
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Minutes to adjust: %(body)s %(date)s") % {
            "body": meeting.body.name,
            "date": f"{meeting.date:%Y-%m-%d}",
        }
        text = render_to_string(
            "meetings/email/minutes_to_adjust.txt", {"meeting": meeting, "again": again}
        )
    return notifications.notify_people(
        recipients=people,
        kind=Kind.MINUTES_TO_ADJUST,
        key=f"meeting:{meeting.pk}:minutes:{meeting.review_sha256}",
        subject=subject,
        text=text,
        url=_url(meeting),
    )
