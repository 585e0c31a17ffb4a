"""Writes of meetings and agendas (R50, R51, R53, R54, R57).

Every service refuses an actor without the right (meetings/access.py raises
PermissionDenied) before it changes anything; a rule's refusal raises
DomainError with a translated message and the rule id. The minutes (§,
adjustment, freezing) are in `meetings.minutes`.
"""

from __future__ import annotations

import datetime
import hashlib

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from core import attachments as core_attachments
from core.domain import record_actor, save_as, validate
from core.errors import DomainError
from meetings import access, mail, minutes, pdf
from meetings.models import (
    AgendaItem,
    AgendaVersion,
    Assignment,
    Attendance,
    BodySettings,
    Meeting,
    ParagraphCounter,
    Referral,
)
from partnerships.models import Body, Membership

# The standing items of a PKS agenda (seed 004), in order; the meeting's own items
# go before "Review of the next Kommunalt forum agenda" (R51).
PKS_STANDING_ITEMS = [
    (gettext_noop("Opening"), AgendaItem.Kind.INFORMATION, True),
    (gettext_noop("Adjusters"), AgendaItem.Kind.DECISION, True),
    (gettext_noop("Adoption of the agenda"), AgendaItem.Kind.DECISION, True),
    (
        gettext_noop("Review of the matters on the next Kommunalt forum agenda"),
        AgendaItem.Kind.INFORMATION,
        False,
    ),
    (gettext_noop("Incoming matters"), AgendaItem.Kind.INCOMING, False),
    (gettext_noop("Report-in matters"), AgendaItem.Kind.REPORT_IN, False),
]
# Orders from here on are the standing items that close a PKS agenda; new items go before.
TRAILING_ORDER = 1000
ITEM_FIELDS = ("title", "presenters", "background", "proposed_decision", "kind")


def _require_open(meeting: Meeting) -> None:
    if meeting.status in (Meeting.Status.ADJUSTED, Meeting.Status.CANCELLED):
        raise DomainError(
            _("The meeting is cancelled or its minutes are adjusted: it cannot be changed."),
            rule="R55",
        )


def _lock(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update().select_related("body").get(pk=meeting.pk)


# --- Settings ------------------------------------------------------------------------


@transaction.atomic
def body_settings_set(
    *, actor, body: Body, minutes_public: bool, appeal_applies: bool
) -> BodySettings:
    """A body's rules for its minutes (R56, R57): public minutes, appeal."""
    access.require_prepare(actor, body)
    settings_row, _created = BodySettings.objects.select_for_update().get_or_create(body=body)
    settings_row.minutes_public = minutes_public
    settings_row.appeal_applies = appeal_applies
    save_as(settings_row, actor)
    return settings_row


@transaction.atomic
def first_number_set(*, actor, body: Body, year: int, first_number: int) -> ParagraphCounter:
    """The first § number of a year (R52), e.g. 92 for a body that starts mid-year.

    Only before any § of that year is numbered, so no number repeats or is skipped.
    """
    access.require_prepare(actor, body)
    if first_number < 1:
        raise DomainError(_("The first number must be 1 or more."), rule="R52")
    ParagraphCounter.objects.bulk_create(
        [ParagraphCounter(body=body, year=year, first_number=1, next_number=1)],
        ignore_conflicts=True,
    )
    counter = ParagraphCounter.objects.select_for_update().get(body=body, year=year)
    if counter.next_number != counter.first_number:
        raise DomainError(
            _("Paragraphs of %(year)s are already numbered: the first number cannot change.")
            % {"year": year},
            rule="R52",
        )
    counter.first_number = counter.next_number = first_number
    save_as(counter, actor)
    return counter


# --- Meetings and attendance -------------------------------------------------------


@transaction.atomic
def meeting_create(
    *,
    actor,
    body: Body,
    date: datetime.date,
    start_time: datetime.time,
    end_time: datetime.time | None = None,
    place: str = "",
    digital: bool = False,
    chair=None,
    secretary=None,
) -> Meeting:
    """A new meeting with its attendance from the body's seats on the day (R50).

    A PKS agenda starts from the standing items of seed 004 (R51); open
    assignments and referrals to the body are put on the agenda (R53, R54).
    """
    access.require_prepare(actor, body)
    if not place.strip() and not digital:
        raise DomainError(_("Give a place, or mark the meeting as digital."), field="place")
    meeting = Meeting(
        body=body,
        date=date,
        start_time=start_time,
        end_time=end_time,
        place=place.strip(),
        digital=digital,
        chair=chair,
        secretary=secretary or actor,
        created_by=actor,
    )
    validate(meeting)
    save_as(meeting, actor)
    attendance_refresh(actor=actor, meeting=meeting)
    if body.kind == Body.Kind.PKS:
        _add_standing_items(actor, meeting)
    agenda_add_follow_ups(actor=actor, meeting=meeting)
    return meeting


def _add_standing_items(actor, meeting: Meeting) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        for index, (title, kind, opening) in enumerate(PKS_STANDING_ITEMS, start=1):
            order = index if opening else TRAILING_ORDER + index
            _item_create(actor, meeting, title=_(title), kind=kind, order=order)


def _item_create(actor, meeting: Meeting, order: int | None = None, **fields) -> AgendaItem:
    if order is None:
        before_trailing = meeting.items.filter(order__lt=TRAILING_ORDER)
        order = (before_trailing.aggregate(m=Max("order"))["m"] or 0) + 1
    item = AgendaItem(meeting=meeting, order=order, **fields)
    validate(item)
    save_as(item, actor)
    return item


@transaction.atomic
def meeting_update(*, actor, meeting: Meeting, **fields) -> Meeting:
    """Change date, time, place, chair, secretary or adjusters (R50) while the meeting is open."""
    access.require_prepare(actor, meeting.body)
    meeting = _lock(meeting)
    _require_open(meeting)
    adjusters = fields.pop("adjusters", None)
    for name, value in fields.items():
        setattr(meeting, name, value.strip() if isinstance(value, str) else value)
    if not meeting.place and not meeting.digital:
        raise DomainError(_("Give a place, or mark the meeting as digital."), field="place")
    validate(meeting, exclude=["review_pdf"])
    save_as(meeting, actor)
    if adjusters is not None:
        record_actor(meeting, actor)
        meeting.adjusters.set(adjusters)
    if meeting.minutes_completed_at:
        minutes.minutes_changed(actor=actor, meeting=meeting)
    return meeting


@transaction.atomic
def meeting_cancel(*, actor, meeting: Meeting) -> Meeting:
    access.require_prepare(actor, meeting.body)
    meeting = _lock(meeting)
    _require_open(meeting)
    if meeting.paragraphs.exists():
        raise DomainError(_("The meeting has minutes and cannot be cancelled."), rule="R52")
    meeting.status = Meeting.Status.CANCELLED
    save_as(meeting, actor, update_fields=["status"])
    return meeting


def _seat_role(membership: Membership) -> str:
    role = membership.get_role_display().lower()
    return f"{role}, {membership.represents}"


@transaction.atomic
def attendance_refresh(*, actor, meeting: Meeting) -> int:
    """Add everyone seated in the body on the meeting's day who is not listed yet (R50)."""
    access.require_prepare(actor, meeting.body)
    _require_open(meeting)
    listed = set(meeting.attendance.exclude(person=None).values_list("person_id", flat=True))
    seats = (
        Membership.objects.active(meeting.date)
        .filter(body=meeting.body)
        .select_related("person", "municipality")
        .order_by("municipality__code", "person__last_name")
    )
    added = 0
    with translation.override(settings.LANGUAGE_CODE):
        for order, seat in enumerate(seats, start=1):
            if seat.person_id in listed:
                continue
            status = (
                Attendance.Status.ABSENT
                if seat.role == Membership.Role.DEPUTY
                else Attendance.Status.PRESENT
            )
            row = Attendance(
                meeting=meeting,
                person=seat.person,
                membership=seat,
                name=seat.person.get_full_name() or seat.person.username,
                role=_seat_role(seat),
                status=status,
                order=order,
            )
            save_as(row, actor)
            listed.add(seat.person_id)
            added += 1
    return added


@transaction.atomic
def attendance_set(*, actor, attendance: Attendance, status: str) -> Attendance:
    """Present, present digitally, absent or deputy serving (R50)."""
    meeting = attendance.meeting
    access.require_prepare(actor, meeting.body)
    _require_open(meeting)
    if status not in Attendance.Status.values:
        raise DomainError(_("Choose an attendance."), field="status")
    attendance.status = status
    save_as(attendance, actor, update_fields=["status"])
    if meeting.minutes_completed_at:
        minutes.minutes_changed(actor=actor, meeting=meeting)
    return attendance


@transaction.atomic
def guest_add(*, actor, meeting: Meeting, name: str, role: str = "") -> Attendance:
    """An invited guest, e.g. "Ola Götesson, chef Kommunal utveckling" (R50)."""
    access.require_prepare(actor, meeting.body)
    _require_open(meeting)
    guest = Attendance(meeting=meeting, name=name.strip(), role=role.strip(), guest=True)
    validate(guest)
    save_as(guest, actor)
    return guest


# --- The agenda ---------------------------------------------------------------------


def _agenda_changed(actor, meeting: Meeting) -> None:
    """A change after the agenda was sent makes the next sending a new version (R51)."""
    if meeting.agenda_sent_at and not meeting.agenda_changed:
        meeting.agenda_changed = True
        save_as(meeting, actor, update_fields=["agenda_changed"])


def _check_uploads(uploads) -> list[tuple[str, bytes]]:
    """Read and check every file before anything is saved (no half-saved item)."""
    files = []
    for upload in uploads or []:
        data = core_attachments.read_upload(upload)
        core_attachments.check_file(file_name=upload.name, data=data)
        files.append((upload.name, data))
    return files


@transaction.atomic
def agenda_item_add(
    *,
    actor,
    meeting: Meeting,
    title: str,
    kind: str = AgendaItem.Kind.DECISION,
    presenters: str = "",
    background: str = "",
    proposed_decision: str = "",
    uploads=(),
) -> AgendaItem:
    """Add an item at the end of the agenda, with its attachments (R51).

    The files are checked on their content first; any refusal saves nothing.
    """
    access.require_prepare(actor, meeting.body)
    files = _check_uploads(uploads)
    meeting = _lock(meeting)
    _require_open(meeting)
    item = _item_create(
        actor,
        meeting,
        title=title.strip(),
        kind=kind,
        presenters=presenters.strip(),
        background=background.strip(),
        proposed_decision=proposed_decision.strip(),
    )
    _attach(actor, item, files)
    _agenda_changed(actor, meeting)
    return item


def _attach(actor, item: AgendaItem, files) -> None:
    stored = [
        core_attachments.attachment_create(actor=actor, file_name=name, data=data)
        for name, data in files
    ]
    if stored:
        record_actor(item, actor)
        item.attachments.add(*stored)


@transaction.atomic
def agenda_item_update(*, actor, item: AgendaItem, uploads=(), **fields) -> AgendaItem:
    """Change an item's text or add attachments (R51); a sent agenda gets a new version."""
    access.require_prepare(actor, item.meeting.body)
    files = _check_uploads(uploads)
    meeting = _lock(item.meeting)
    _require_open(meeting)
    for name in ITEM_FIELDS:
        if name in fields:
            setattr(item, name, fields[name].strip())
    validate(item)
    save_as(item, actor)
    _attach(actor, item, files)
    _agenda_changed(actor, meeting)
    return item


@transaction.atomic
def agenda_item_move(*, actor, item: AgendaItem, up: bool) -> AgendaItem:
    """Swap the item with its neighbour above or below (R51)."""
    access.require_prepare(actor, item.meeting.body)
    meeting = _lock(item.meeting)
    _require_open(meeting)
    item = AgendaItem.objects.get(pk=item.pk)
    if up:
        neighbour = meeting.items.filter(order__lt=item.order).order_by("-order").first()
    else:
        neighbour = meeting.items.filter(order__gt=item.order).order_by("order").first()
    if neighbour is None:
        return item
    item.order, neighbour.order = neighbour.order, item.order
    save_as(item, actor, update_fields=["order"])
    save_as(neighbour, actor, update_fields=["order"])
    _agenda_changed(actor, meeting)
    return item


@transaction.atomic
def agenda_item_withdraw(*, actor, item: AgendaItem) -> AgendaItem:
    """Withdraw an item (R51): kept on the list, marked withdrawn, never given a §."""
    access.require_prepare(actor, item.meeting.body)
    meeting = _lock(item.meeting)
    _require_open(meeting)
    if hasattr(item, "paragraph"):
        raise DomainError(_("The item already has a paragraph in the minutes."), rule="R52")
    item.withdrawn = True
    save_as(item, actor, update_fields=["withdrawn"])
    _agenda_changed(actor, meeting)
    return item


def agenda_snapshot(meeting: Meeting) -> list[dict]:
    return [
        {
            "order": item.order,
            "title": item.title,
            "kind": item.kind,
            "presenters": item.presenters,
            "background": item.background,
            "proposed_decision": item.proposed_decision,
            "withdrawn": item.withdrawn,
            "attachments": [a.sha256 for a in item.attachments.all()],
        }
        for item in meeting.items.order_by("order").prefetch_related("attachments")
    ]


@transaction.atomic
def agenda_send(*, actor, meeting: Meeting) -> AgendaVersion:
    """Publish the agenda to the members (R51): a new version with its PDF, and a mail."""
    access.require_prepare(actor, meeting.body)
    meeting = _lock(meeting)
    _require_open(meeting)
    if not meeting.items.filter(withdrawn=False).exists():
        raise DomainError(_("The agenda has no items."), rule="R51")
    last = meeting.agenda_versions.aggregate(m=Max("number"))["m"] or 0
    if last and not meeting.agenda_changed:
        raise DomainError(_("The agenda has not changed since it was sent."), rule="R51")
    data = pdf.render_agenda(meeting, version_number=last + 1)
    version = AgendaVersion(
        meeting=meeting,
        number=last + 1,
        items=agenda_snapshot(meeting),
        pdf=data,
        sha256=hashlib.sha256(data).hexdigest(),
        sent_by=actor,
    )
    save_as(version, actor)
    meeting.agenda_sent_at = timezone.now()
    meeting.agenda_changed = False
    save_as(meeting, actor, update_fields=["agenda_sent_at", "agenda_changed"])
    mail.agenda_sent(meeting=meeting, version=version)
    return version


@transaction.atomic
def agenda_add_follow_ups(*, actor, meeting: Meeting) -> int:
    """Put the body's open assignments and the referrals to it on the agenda (R53, R54)."""
    access.require_prepare(actor, meeting.body)
    added = 0
    with translation.override(settings.LANGUAGE_CODE):
        open_assignments = Assignment.objects.filter(
            paragraph__body=meeting.body,
            done_at__isnull=True,
            paragraph__meeting__date__lt=meeting.date,
        ).exclude(follow_ups__meeting=meeting)
        for assignment in open_assignments.select_related("paragraph"):
            _item_create(
                actor,
                meeting,
                title=_("Follow-up of the assignment in § %(number)s: %(title)s")
                % {"number": assignment.paragraph.number, "title": assignment.paragraph.title},
                kind=AgendaItem.Kind.REPORT_IN,
                presenters=assignment.owner,
                background=assignment.description,
                assignment=assignment,
            )
            added += 1
        for referral in Referral.objects.filter(to_body=meeting.body, agenda_item__isnull=True):
            _item_create(
                actor,
                meeting,
                title=referral.title,
                kind=AgendaItem.Kind.INCOMING,
                background=referral.note,
                referral=referral,
            )
            added += 1
    return added
