"""The mails of meetings, in one module so they can be rerouted in one place (R51, R55).

Sent through Django's mail after the transaction commits (nothing is sent for a
rolled-back change); one plain-text Swedish message per recipient.
Each message has the shape of a notification: recipient, kind, key, subject,
text, url.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from partnerships import permissions
from partnerships.models import Membership


def _url(meeting) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("meetings:meeting", args=[meeting.pk])


def _name(person) -> str:
    return person.get_full_name() or person.get_username()


def _notify(*, recipients, kind: str, key: str, subject: str, template: str, context: dict):
    """Queue one message per recipient with an address, sent when the transaction commits."""
    messages, seen = [], set()
    for person in recipients:
        address = (person.email or "").strip()
        if not address or not person.is_active or address.lower() in seen:
            continue
        seen.add(address.lower())
        text = render_to_string(template, {**context, "person": person, "name": _name(person)})
        message = EmailMessage(subject[:150], text, settings.DEFAULT_FROM_EMAIL, [address])
        message.extra_headers["X-KU-Notification"] = f"{kind}:{key}"
        messages.append(message)
    if messages:
        transaction.on_commit(lambda: get_connection().send_messages(messages), robust=True)


def agenda_sent(*, meeting, version) -> None:
    """The agenda is published: the body's members on the meeting day are told (R51)."""
    seats = (
        Membership.objects.active(max(meeting.date, permissions.today()))
        .filter(body=meeting.body)
        .select_related("person")
    )
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Agenda: %(body)s %(date)s") % {
            "body": meeting.body.name,
            "date": f"{meeting.date:%Y-%m-%d}",
        }
        _notify(
            recipients=[seat.person for seat in seats],
            kind="meetings.agenda_sent",
            key=f"{meeting.pk}:{version.number}",
            subject=subject,
            template="meetings/email/agenda_sent.txt",
            context={"meeting": meeting, "version": version, "url": _url(meeting)},
        )


def minutes_to_adjust(*, meeting, again: bool) -> None:
    """The minutes are complete (or changed): the chair and each adjuster are asked (R55)."""
    people = list(meeting.adjusters.all())
    if meeting.chair_id:
        people.insert(0, meeting.chair)
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Minutes to adjust: %(body)s %(date)s") % {
            "body": meeting.body.name,
            "date": f"{meeting.date:%Y-%m-%d}",
        }
        _notify(
            recipients=people,
            kind="meetings.minutes_to_adjust",
            key=f"{meeting.pk}:{meeting.review_sha256[:16]}",
            subject=subject,
            template="meetings/email/minutes_to_adjust.txt",
            context={"meeting": meeting, "again": again, "url": _url(meeting)},
        )
