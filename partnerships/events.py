"""What is done in a municipality's name, told to its socialchef (R15, R30, R17).

Staff may record a committee's decision for any municipality and may start, end
or change who holds the seat that decides for it. Both are legitimate, and both
could be wrong or forged: every such write leaves a `MunicipalityEvent` and,
once the transaction has committed, an email to the municipality's socialchef
(and deputy) on the day and to the person whose seat changed.

Which seats count: every seat in a steering group that represents a
municipality, whatever its role (a role changed from secretary to member makes
a decider, so the change itself must show).
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from core import attachments
from core.domain import record_actor, validate
from core.models import Attachment
from notifications import services as notifications
from notifications.models import Kind as NotificationKind
from partnerships.models import Body, Membership, Municipality, MunicipalityEvent
from partnerships.permissions import DECIDING_ROLES

logger = logging.getLogger(__name__)

Kind = MunicipalityEvent.Kind


@transaction.atomic
def municipality_event_record(
    *,
    actor,
    municipality: Municipality,
    kind: str,
    summary: str,
    subject=None,
    attachment: Attachment | None = None,
    notify_people: Iterable = (),
) -> MunicipalityEvent:
    """Record an event for the municipality; after commit, mail its socialchef(s) and
    `notify_people` (never twice the same address, never anyone without an address).

    `subject` is the object concerned; a model instance is linked to the event.
    """
    event = MunicipalityEvent(
        municipality=municipality,
        kind=kind,
        summary=summary.strip(),
        actor=actor,
        attachment=attachment,
    )
    if isinstance(subject, models.Model):
        event.subject_type = ContentType.objects.get_for_model(subject)
        event.subject_id = str(subject.pk)
    validate(event)
    record_actor(event, actor)
    event.save()
    recipients = _recipients(municipality=municipality, extra=notify_people)
    if recipients:
        # Mailed after the commit, at once whatever the person chose for other mail; the
        # event is committed whatever the mail server says (a failure is logged and the
        # mail tried again by the `deliver_notifications` job).
        _notify(event=event, recipients=recipients)
    return event


def socialchefs_on(*, municipality: Municipality, on: datetime.date | None = None):
    """The people who decide for the municipality on the day: socialchef and deputy."""
    return (
        Membership.objects.active(on)
        .filter(
            body__kind=Body.Kind.STEERING_GROUP,
            role__in=DECIDING_ROLES,
            municipality=municipality,
        )
        .select_related("person")
        .order_by("role", "person__last_name")
    )


def _recipients(*, municipality: Municipality, extra: Iterable) -> list:
    """(person, address) pairs: the socialchef(s) first, then the others, one per address."""
    people = [m.person for m in socialchefs_on(municipality=municipality)]
    people += [person for person in extra if person is not None]
    seen: set[str] = set()
    recipients = []
    for person in people:
        address = (person.email or "").strip()
        if not address or not person.is_active or address.lower() in seen:
            continue
        seen.add(address.lower())
        recipients.append((person, address))
    return recipients


def events_url(municipality: Municipality) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("municipality_events", args=[municipality.code])


def _notify(*, event: MunicipalityEvent, recipients: list) -> None:
    """One Swedish message per recipient (nobody sees the others' addresses)."""
    with translation.override("sv"):
        kind = str(event.get_kind_display())
        context = {
            "event": event,
            "kind": kind,
            "municipality": event.municipality,
            "actor": _name(event.actor) if event.actor else "",
            "when": timezone.localtime(event.occurred_at),
        }
        text = render_to_string("partnerships/email/municipality_event.txt", context)
    for person, _address in recipients:
        notifications.notify(
            recipient=person,
            kind=NotificationKind.MUNICIPALITY_EVENT,
            key=f"event:{event.pk}",
            subject=f"{event.municipality.name}: {kind}",
            text=text,
            url=events_url(event.municipality),
        )


def _name(person) -> str:
    return person.get_full_name() or person.get_username()


# --- Committee decisions (R15) ----------------------------------------------


# The verdicts' labels are buttons ("Godkänn", "Avslå"); the summary needs a sentence.
VERDICT_TEXT = {"approve": "nämnden godkänner", "reject": "nämnden avslår"}


@transaction.atomic
def committee_decision_recorded(*, actor, decision, attachment=None) -> MunicipalityEvent:
    """Tell the municipality that staff recorded its committee's decision (R15).

    `decision` is the recorded decision (duck-typed: `municipality`, `matter.title`,
    `committee_reference`, `verdict` and `get_verdict_display()`). `attachment` is the
    extract of the committee's minutes: a stored `core.models.Attachment` or an uploaded
    file, checked by `core.attachments` (a refused file raises DomainError and, inside the
    caller's transaction, leaves nothing saved).
    """
    if attachment is not None and not isinstance(attachment, Attachment):
        attachment = attachments.attachment_from_upload(actor=actor, upload=attachment)
    verdict = VERDICT_TEXT.get(getattr(decision, "verdict", None))
    if verdict is None:
        with translation.override("sv"):
            verdict = "beslut: " + str(decision.get_verdict_display()).lower()
    summary = (
        f"Kansliet har registrerat nämndens beslut för {decision.municipality.name} "
        f"i ärendet ”{decision.matter.title}”: {verdict}. "
        f"Nämndens beslut: {decision.committee_reference}."
    )
    return municipality_event_record(
        actor=actor,
        municipality=decision.municipality,
        kind=Kind.COMMITTEE_DECISION,
        summary=summary,
        subject=decision,
        attachment=attachment,
    )


# --- Seats (R3, R30) ----------------------------------------------------------


@dataclass(frozen=True)
class SeatSnapshot:
    """A seat as it stood before a change, to tell what changed."""

    person: object
    body: Body
    municipality: Municipality | None
    role: str
    organisation: str
    start_date: datetime.date
    end_date: datetime.date | None


def seat_snapshot(membership: Membership) -> SeatSnapshot:
    return SeatSnapshot(
        person=membership.person,
        body=membership.body,
        municipality=membership.municipality,
        role=membership.role,
        organisation=membership.organisation,
        start_date=membership.start_date,
        end_date=membership.end_date,
    )


def decides_for_municipality(seat) -> bool:
    """Whether changes to this seat are told to its municipality (see the module docstring)."""
    return seat.body.kind == Body.Kind.STEERING_GROUP and seat.municipality is not None


def _role(role: str) -> str:
    with translation.override("sv"):
        return str(Membership.Role(role).label).lower()


def _date(day: datetime.date | None) -> str:
    return day.isoformat() if day else "tills vidare"


def _seat_text(seat) -> str:
    """E.g. "Anna Berg som ersättare i Socialchefsnätverket för Aneby"."""
    return (
        f"{_name(seat.person)} som {_role(seat.role)} i {seat.body.name} "
        f"för {seat.municipality.name}"
    )


def membership_started(*, actor, membership: Membership) -> None:
    """A new seat that decides for a municipality: tell it and the person."""
    if not decides_for_municipality(membership):
        return
    summary = f"Nytt uppdrag för {_seat_text(membership)} från {_date(membership.start_date)}"
    if membership.end_date:
        summary += f", första dag utan uppdraget {_date(membership.end_date)}"
    municipality_event_record(
        actor=actor,
        municipality=membership.municipality,
        kind=Kind.SEAT_STARTED,
        summary=summary + ".",
        subject=membership,
        notify_people=[membership.person],
    )


def membership_ended(*, actor, membership: Membership) -> None:
    """A seat that decided for a municipality ends: tell it and the person."""
    if not decides_for_municipality(membership):
        return
    municipality_event_record(
        actor=actor,
        municipality=membership.municipality,
        kind=Kind.SEAT_ENDED,
        summary=(
            f"Uppdraget för {_seat_text(membership)} upphör. "
            f"Första dag utan uppdraget: {_date(membership.end_date)}."
        ),
        subject=membership,
        notify_people=[membership.person],
    )


FIELD_LABELS = {
    "person": "person",
    "body": "organ",
    "municipality": "kommun",
    "organisation": "representerar",
    "role": "roll",
    "start_date": "från",
    "end_date": "första dag utan uppdraget",
}


def _value(field: str, value) -> str:
    if field == "role":
        return _role(value)
    if field == "person":
        return _name(value)
    if field in ("start_date", "end_date"):
        return _date(value)
    if field == "organisation":
        with translation.override("sv"):
            return str(Membership.Organisation(value).label)
    return str(value) if value is not None else "–"


def membership_changed(*, actor, before: SeatSnapshot, membership: Membership) -> None:
    """A changed seat: tell every municipality it decided or now decides for, and the
    people concerned (both, when the seat moved to another person)."""
    after = seat_snapshot(membership)
    changes = [
        f"{label}: {_value(field, getattr(before, field))} → {_value(field, getattr(after, field))}"
        for field, label in FIELD_LABELS.items()
        if _key(getattr(before, field)) != _key(getattr(after, field))
    ]
    if not changes:
        return
    municipalities = {}
    for seat in (before, after):
        if decides_for_municipality(seat):
            municipalities.setdefault(seat.municipality.pk, seat.municipality)
    if not municipalities:
        return
    subject = after if decides_for_municipality(after) else before
    summary = f"Uppdraget för {_seat_text(subject)} har ändrats: " + "; ".join(changes) + "."
    people = [before.person, after.person]
    for municipality in municipalities.values():
        municipality_event_record(
            actor=actor,
            municipality=municipality,
            kind=Kind.SEAT_CHANGED,
            summary=summary,
            subject=membership,
            notify_people=people,
        )


def _key(value):
    return getattr(value, "pk", value)
