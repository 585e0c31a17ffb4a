"""The notifications' service API, which every app above calls (issue 16).

    from notifications import services as notifications
    notifications.notify(recipient=person, kind=Kind.AGENDA_SENT, key=f"meeting:{m.pk}:agenda:1",
                         subject="...", text="...", url=reverse("..."))

`notify` records one row per (recipient, kind, key) and nothing on a repeat, so
a job or a service that runs twice never tells anybody twice. Call it inside the
service's transaction: a rolled-back change records nothing and mails nothing.
After the commit the messages of people who want each mail at once are sent;
the others wait for their digest, which `deliver` (the `deliver_notifications`
job) sends once a day or once a week. Every mail sent is logged as a
`Delivery`, unique per (recipient, key), inserted before the mail goes out in
the same transaction: a second run at the same time waits for the first and
then finds the mail already logged. A mail whose sending fails leaves no log
and is tried again by the next run.
"""

from __future__ import annotations

import dataclasses
import datetime
import logging
from collections import defaultdict

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import get_connection
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from core.domain import record_actor, validate
from notifications import mail
from notifications.models import (
    ALWAYS_AT_ONCE,
    Delivery,
    Frequency,
    Kind,
    Notification,
    Preference,
)

logger = logging.getLogger(__name__)

__all__ = ["Kind", "Frequency", "notify", "notify_people", "deliver", "send_pending"]


def _reachable(person) -> bool:
    return person is not None and person.is_active and bool((person.email or "").strip())


def notify(
    *,
    recipient,
    kind: str,
    key: str,
    subject: str,
    text: str,
    url: str,
    html: str | None = None,
) -> Notification | None:
    """Tell `recipient` once: returns the new notification, or None when it was already
    recorded (same recipient, kind and key) or the person has no address or is inactive.

    `text` is the message in Swedish without greeting or signature (both are added);
    `url` the page it concerns, a path or an absolute address (made absolute with
    SITE_URL); `html` an optional HTML fragment made by a template with autoescape on
    (the text is used when it is None).
    """
    if kind not in Kind.values:
        raise ValueError(f"Unknown notification kind: {kind!r}")
    if not _reachable(recipient):
        return None
    values = {
        "subject": mail.one_line(subject, 200),
        "text": str(text).strip(),
        "html": (html or "").strip(),
        "url": mail.absolute(str(url)),
    }
    with transaction.atomic():
        notification, created = Notification.objects.get_or_create(
            recipient=recipient, kind=kind, key=key[:200], defaults=values
        )
    if not created:
        return None
    _send_after_commit(notification.pk)
    return notification


def notify_people(*, recipients, kind: str, key: str, **message) -> int:
    """`notify` each person once (a person listed twice is told once); returns how many
    were told for the first time."""
    seen: set[int] = set()
    told = 0
    for person in recipients:
        if person is None or person.pk in seen:
            continue
        seen.add(person.pk)
        if notify(recipient=person, kind=kind, key=key, **message) is not None:
            told += 1
    return told


class _AfterCommit:
    """The notifications made in one transaction, sent together once it commits (one
    connection to the mail server); robust: a mail server that fails does not undo it."""

    def __init__(self, pk: int):
        self.ids = [pk]

    def __call__(self) -> None:
        send_pending(notifications=self.ids)


def _send_after_commit(pk: int) -> None:
    connection = transaction.get_connection()
    if connection.in_atomic_block:
        # Join the batch registered in this same savepoint, if any (Django drops it with
        # its savepoint should that roll back).
        savepoints = set(connection.savepoint_ids)
        for registered_in, callback, _robust in connection.run_on_commit:
            if isinstance(callback, _AfterCommit) and registered_in == savepoints:
                callback.ids.append(pk)
                return
    transaction.on_commit(_AfterCommit(pk), robust=True)


@dataclasses.dataclass
class Outcome:
    """What a run of `deliver` or `send_pending` did."""

    mails: int = 0  # mails sent (single messages and digests)
    notifications: int = 0  # notifications they carried
    failed: int = 0  # mails that could not be sent; tried again by the next run

    def __iadd__(self, other: Outcome) -> Outcome:
        self.mails += other.mails
        self.notifications += other.notifications
        self.failed += other.failed
        return self


def _frequencies(person_ids) -> dict[int, str]:
    rows = Preference.objects.filter(person_id__in=list(person_ids))
    return dict(rows.values_list("person_id", "frequency"))


def send_pending(*, notifications=None) -> Outcome:
    """Send now every pending notification that is not waiting for a digest: those of
    people who want each mail at once, and the kinds that are always told at once.
    `notifications` limits it to those (notifications or ids), e.g. the ones just made."""
    pending = Notification.objects.filter(delivery__isnull=True, recipient__is_active=True)
    if notifications is not None:
        pending = pending.filter(pk__in=[getattr(n, "pk", n) for n in notifications])
    pending = (
        pending.filter(
            Q(kind__in=list(ALWAYS_AT_ONCE))
            | Q(recipient__notification_preference__isnull=True)
            | Q(recipient__notification_preference__frequency=Frequency.IMMEDIATE)
        )
        .select_related("recipient")
        .order_by("created_at", "pk")
    )
    outcome = Outcome()
    connection = None
    for notification in pending:
        address = (notification.recipient.email or "").strip()
        if not address:
            continue
        connection = connection or get_connection()
        message = mail.single_message(notification, address)
        result = _send(
            connection,
            message,
            recipient=notification.recipient,
            key=f"n:{notification.pk}",
            address=address,
            notifications=[notification.pk],
        )
        if result == SENT:
            outcome.mails += 1
            outcome.notifications += 1
        elif result == FAILED:
            outcome.failed += 1
    if connection is not None:
        connection.close()
    return outcome


def digest_period(frequency: str, now: datetime.datetime) -> tuple[str, datetime.datetime]:
    """The digest due at `now`: its key and the moment it became due, e.g.
    ("daily:2026-11-29", 07:00 that day in Europe/Stockholm) from that day's digest hour
    until the next day's, or ("weekly:2026-11-23", 07:00 that Monday)."""
    hour = settings.NOTIFICATION_DIGEST_HOUR
    local = timezone.localtime(now)
    start = local.replace(hour=hour, minute=0, second=0, microsecond=0)
    if frequency == Frequency.WEEKLY:
        start -= datetime.timedelta(days=local.weekday())
        step = datetime.timedelta(days=7)
    else:
        step = datetime.timedelta(days=1)
    if local < start:
        start -= step
    # Wall-clock arithmetic: 07.00 stays 07.00 across the change to and from summer time.
    start = start.replace(tzinfo=None).replace(tzinfo=local.tzinfo)
    return f"{frequency}:{start.date().isoformat()}", start


def send_digests(*, now: datetime.datetime) -> Outcome:
    """The digest of each person who chose daily or weekly, once per period, with what was
    pending when it became due; what came later waits for the next one."""
    waiting = defaultdict(list)
    pending = (
        Notification.objects.filter(
            delivery__isnull=True,
            created_at__lte=now,
            recipient__is_active=True,
            recipient__notification_preference__frequency__in=[Frequency.DAILY, Frequency.WEEKLY],
        )
        .exclude(kind__in=list(ALWAYS_AT_ONCE))
        .select_related("recipient", "recipient__notification_preference")
        .order_by("created_at", "pk")
    )
    for notification in pending:
        waiting[notification.recipient].append(notification)
    outcome = Outcome()
    connection = None
    for person, notifications in waiting.items():
        address = (person.email or "").strip()
        frequency = person.notification_preference.frequency
        key, due = digest_period(frequency, now)
        notifications = [n for n in notifications if n.created_at < due]
        if not address or not notifications:
            continue
        if Delivery.objects.filter(recipient=person, key=key).exists():
            continue
        connection = connection or get_connection()
        message = mail.digest_message(person, notifications, frequency, address)
        result = _send(
            connection,
            message,
            recipient=person,
            key=key,
            address=address,
            notifications=[n.pk for n in notifications],
        )
        if result == SENT:
            outcome.mails += 1
            outcome.notifications += len(notifications)
        elif result == FAILED:
            outcome.failed += 1
    if connection is not None:
        connection.close()
    return outcome


def deliver(*, now: datetime.datetime | None = None) -> Outcome:
    """Send what is due at `now`: pending messages for people who want each at once (a
    retry of any that failed) and the daily and weekly digests. Safe to run any number
    of times: a mail already logged is never sent again."""
    now = now or timezone.now()
    outcome = send_pending()
    outcome += send_digests(now=now)
    return outcome


SENT, ALREADY_SENT, FAILED = "sent", "already sent", "failed"


def _send(connection, message, *, recipient, key: str, address: str, notifications) -> str:
    """Log the delivery, send the mail and mark the notifications, all or nothing.

    The log row goes in first: a concurrent run inserting the same (recipient, key)
    waits for this transaction and then fails on the unique constraint, before it
    sends anything.
    """
    try:
        with transaction.atomic():
            delivery = Delivery.objects.create(
                recipient=recipient, key=key, address=address, subject=message.subject[:200]
            )
            updated = Notification.objects.filter(
                pk__in=notifications, delivery__isnull=True
            ).update(delivery=delivery)
            if updated != len(notifications):
                raise IntegrityError("sent by another run meanwhile")
            connection.send_messages([message])
    except IntegrityError:
        logger.info("notification mail %s for user %s already sent", key, recipient.pk)
        return ALREADY_SENT
    except Exception:
        # Ids only in the log: no address or name (issue 16 item 6).
        logger.exception("notification mail %s for user %s failed", key, recipient.pk)
        return FAILED
    return SENT


# --- The person's choice ----------------------------------------------------------------


def preference_for(person) -> Preference:
    """The person's choice, or the default (each at once) unsaved."""
    try:
        return person.notification_preference
    except Preference.DoesNotExist:
        return Preference(person=person)


@transaction.atomic
def preference_set(*, actor, person, frequency: str) -> Preference:
    """Set how often `person` gets mail. Only the person chooses for themselves."""
    if actor is None or getattr(actor, "pk", None) is None or actor.pk != person.pk:
        raise PermissionDenied
    preference = Preference.objects.select_for_update().filter(person=person).first() or Preference(
        person=person
    )
    preference.frequency = frequency
    validate(preference)
    record_actor(preference, actor)
    preference.save()
    return preference
