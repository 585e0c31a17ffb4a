"""Planned reads of meetings and minutes (R50-R57)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    BooleanField,
    Count,
    ExpressionWrapper,
    F,
    Prefetch,
    Q,
    Window,
    prefetch_related_objects,
)
from django.db.models.functions import RowNumber

from core.models import Attachment
from meetings import access
from meetings.models import (
    Adjustment,
    AgendaItem,
    Assignment,
    Attendance,
    Meeting,
    Paragraph,
    ParagraphLink,
    Referral,
)

APPEAL_WEEKS = 3


def last_day_of_appeal(notice_date: datetime.date | None) -> datetime.date | None:
    """Three weeks after the notice (kommunallagen 13 kap. 5 §, R56).

    A period that ends on a Saturday or Sunday runs to the next weekday
    (lagen om beräkning av lagstadgad tid); public holidays are not looked up.
    """
    if notice_date is None:
        return None
    day = notice_date + datetime.timedelta(weeks=APPEAL_WEEKS)
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    return day


def appeal_applies(meeting: Meeting) -> bool:
    settings = getattr(meeting.body, "meeting_settings", None)
    return bool(settings and settings.appeal_applies)


def meetings_for_user(user, *, body=None, bodies=None):
    """The meetings the user may see, by body, newest first (R57).

    Every meeting of a body the user sits in or prepares for; of a body whose
    minutes are public only the adjusted meetings. `bodies`: the user's visible
    bodies (access.visible_bodies) when the caller has them already.
    """
    bodies = list(access.visible_bodies(user) if bodies is None else bodies)
    if body is not None:
        bodies = [b for b in bodies if b.pk == body.pk]
    full = [b.pk for b in bodies if access.is_member(user, b) or access.may_prepare(user, b)]
    public_only = [b.pk for b in bodies if b.pk not in full]
    return (
        Meeting.objects.filter(
            Q(body__in=full) | Q(body__in=public_only, status=Meeting.Status.ADJUSTED)
        )
        .select_related("body__partnership")
        .order_by("body__name", "-date", "-start_time")
    )


# The meetings list shows per body the next meetings and the latest held; the rest is
# on the body's archive page, a page at a time.
UPCOMING_SHOWN = 5
RECENT_SHOWN = 3
LIST_FIELDS = ("pk", "body_id", "date", "start_time", "place", "digital", "status")
STATUS_LABELS = dict(Meeting.Status.choices)


def meeting_rows(meetings) -> list[dict]:
    """Meetings as the lists show them, from `.values(*LIST_FIELDS)`: with their status's
    label, and no model built for each row."""
    rows = list(meetings)
    for row in rows:
        row["status_label"] = STATUS_LABELS.get(row["status"], row["status"])
    return rows


@dataclass
class BodyMeetings:
    """A body on the meetings list: its next and latest meetings, and how many in all."""

    body: object
    prepares: bool
    upcoming: list[dict] = field(default_factory=list)
    recent: list[dict] = field(default_factory=list)
    total: int = 0


def meeting_overview(user, *, today: datetime.date) -> list[BodyMeetings]:
    """Every body the user may list, by name, with its next `UPCOMING_SHOWN` meetings
    (from `today`, soonest first), its latest `RECENT_SHOWN` before `today` (newest first)
    and the number of its meetings the user may see (R57), as `meeting_rows`.

    One query for the meetings however long the history: window functions number each
    body's meetings ahead and behind, and count them.
    """
    bodies = sorted(access.visible_bodies(user), key=lambda b: b.name)
    overview = {b.pk: BodyMeetings(body=b, prepares=access.may_prepare(user, b)) for b in bodies}
    ahead = ExpressionWrapper(Q(date__gte=today), output_field=BooleanField())
    by_body_and_side = [F("body_id"), ahead]
    meetings = (
        meetings_for_user(user, bodies=bodies)
        .select_related(None)
        .annotate(
            ahead=ahead,
            total=Window(Count("pk"), partition_by=[F("body_id")]),
            next_rank=Window(
                RowNumber(),
                partition_by=by_body_and_side,
                order_by=[F("date").asc(), F("start_time").asc()],
            ),
            latest_rank=Window(
                RowNumber(),
                partition_by=by_body_and_side,
                order_by=[F("date").desc(), F("start_time").desc()],
            ),
        )
        .filter(
            Q(ahead=True, next_rank__lte=UPCOMING_SHOWN)
            | Q(ahead=False, latest_rank__lte=RECENT_SHOWN)
        )
        .order_by("date", "start_time")
        .values(*LIST_FIELDS, "ahead", "total")
    )
    for meeting in meeting_rows(meetings):
        row = overview[meeting["body_id"]]
        row.total = meeting["total"]
        (row.upcoming if meeting["ahead"] else row.recent).append(meeting)
    for row in overview.values():
        row.recent.reverse()
    return list(overview.values())


def meeting_years(meetings) -> list[int]:
    """The years these meetings were held in, newest first (the archive's year filter)."""
    return [day.year for day in meetings.dates("date", "year", order="DESC")]


def _attachment_names() -> Prefetch:
    """Attachments as pages and PDFs list them: name and link, never their bytes."""
    return Prefetch("attachments", queryset=Attachment.objects.only("pk", "file_name"))


def with_attachments(items) -> None:
    """Give agenda items (from the agenda and from the §, in any mix) their attachments'
    names, in one query."""
    prefetch_related_objects([item for item in items if item is not None], _attachment_names())


def meeting_for_page():
    """Meetings as their page shows one: the chair, the secretary and the adjusters read
    with it, the PDF under adjustment left in the database."""
    return (
        Meeting.objects.select_related("chair", "secretary")
        .defer("review_pdf")
        .prefetch_related("adjusters")
    )


def paragraphs_of(meeting: Meeting, *, attachments: bool = True):
    """The meeting's §, with what the minutes show of each (R52-R54).

    Without `attachments` the caller fetches the items' attachments (`with_attachments`),
    e.g. together with the agenda's.
    """
    paragraphs = (
        meeting.paragraphs.order_by("number")
        .select_related("item")
        .prefetch_related(
            "links",
            Prefetch("assignments", queryset=Assignment.objects.order_by("due_date")),
            Prefetch(
                "referrals",
                # The agenda item a referral became and its meeting's date (R54).
                queryset=Referral.objects.select_related("to_body", "agenda_item__meeting").defer(
                    "agenda_item__meeting__review_pdf"
                ),
            ),
        )
    )
    if attachments:
        paragraphs = paragraphs.prefetch_related(
            Prefetch("item__attachments", queryset=Attachment.objects.only("pk", "file_name"))
        )
    return paragraphs


def agenda_of(meeting: Meeting, *, attachments: bool = True):
    """The meeting's agenda items in order, each with its § and, for an item referred by
    another body's §, that § with its body and meeting (R51, R54)."""
    items = (
        meeting.items.order_by("order")
        .select_related("paragraph")
        # Few items are referred: a query for them only when there are any.
        .prefetch_related(
            Prefetch(
                "referral__paragraph",
                queryset=Paragraph.objects.select_related("body", "meeting").defer(
                    "meeting__review_pdf"
                ),
            )
        )
    )
    return items.prefetch_related(_attachment_names()) if attachments else items


def attendance_of(meeting: Meeting):
    return meeting.attendance.order_by("guest", "order", "name")


@dataclass
class MinutesContent:
    """What the minutes page and PDF show."""

    meeting: Meeting
    paragraphs: list[Paragraph]
    members: list[Attendance]
    guests: list[Attendance]
    absent: list[Attendance] = field(default_factory=list)
    signatures: list[Adjustment] = field(default_factory=list)
    first_number: int | None = None
    last_number: int | None = None
    secretary_name: str = ""
    chair_name: str = ""
    adjuster_names: list[str] = field(default_factory=list)
    last_day_of_appeal: datetime.date | None = None


def _name(user) -> str:
    return (user.get_full_name() or user.username) if user else ""


def minutes_content(meeting: Meeting, *, signatures=None) -> MinutesContent:
    paragraphs = list(paragraphs_of(meeting))
    attendance = list(attendance_of(meeting))
    return MinutesContent(
        meeting=meeting,
        paragraphs=paragraphs,
        members=[a for a in attendance if not a.guest],
        guests=[a for a in attendance if a.guest],
        absent=[a for a in attendance if not a.guest and a.status == Attendance.Status.ABSENT],
        signatures=list(signatures or []),
        first_number=paragraphs[0].number if paragraphs else None,
        last_number=paragraphs[-1].number if paragraphs else None,
        secretary_name=_name(meeting.secretary),
        chair_name=_name(meeting.chair),
        adjuster_names=[_name(u) for u in meeting.adjusters.order_by("last_name")],
        last_day_of_appeal=(
            last_day_of_appeal(meeting.notice_date) if appeal_applies(meeting) else None
        ),
    )


def current_minutes_version(meeting: Meeting, *, content: bool = True):
    """The newest adjusted minutes version; without `content` not its PDF and web twin
    (a page that links to them needs only the number, date and whether a twin exists)."""
    versions = meeting.minutes_versions.order_by("-number")
    if not content:
        versions = versions.defer("pdf", "html")
    return versions.first()


def latest_agenda_version(meeting: Meeting):
    """The newest sent agenda's number and time, without its PDF and items (R51)."""
    return (
        meeting.agenda_versions.order_by("-number")
        .only("pk", "meeting_id", "number", "sent_at")
        .first()
    )


def valid_adjustments(meeting: Meeting) -> dict[tuple[int, str], Adjustment]:
    """The adjustments of the current minutes that hold, by (person, role) (R55)."""
    adjustments = meeting.adjustments.filter(voided_at__isnull=True).order_by()
    return {(a.person_id, a.role): a for a in adjustments}


def adjustment_state(meeting: Meeting, *, valid=None) -> list[dict]:
    """Who must adjust and whether their adjustment of the current minutes holds (R55).

    The adjusters are read as `meeting.adjusters.all()` (by last name), so a page that
    fetched them with the meeting asks nothing more; `valid` as `valid_adjustments` gives.
    """
    if valid is None:
        valid = valid_adjustments(meeting)
    rows = []
    if meeting.chair_id:
        rows.append(
            {
                "name": _name(meeting.chair),
                "role": Adjustment.Role.CHAIR,
                "adjustment": valid.get((meeting.chair_id, Adjustment.Role.CHAIR)),
            }
        )
    for person in meeting.adjusters.all():
        rows.append(
            {
                "name": _name(person),
                "role": Adjustment.Role.ADJUSTER,
                "adjustment": valid.get((person.pk, Adjustment.Role.ADJUSTER)),
            }
        )
    return rows


def decisions_for(obj) -> list[Paragraph]:
    """The § of adjusted minutes that concern an object (R54): "Beslut: PKS 2025-05-08 § 98"."""
    if obj is None or getattr(obj, "pk", None) is None:
        return []
    links = ParagraphLink.objects.filter(
        target_type=ContentType.objects.get_for_model(obj),
        target_id=str(obj.pk),
        paragraph__meeting__status=Meeting.Status.ADJUSTED,
    ).select_related("paragraph__meeting__body")
    return sorted(
        (link.paragraph for link in links),
        key=lambda p: (p.meeting.date, p.number),
    )


def open_assignments(body=None):
    """Assignments not yet reported done (R53), soonest due first."""
    assignments = Assignment.objects.filter(done_at__isnull=True).select_related(
        "paragraph__meeting__body"
    )
    if body is not None:
        assignments = assignments.filter(paragraph__body=body)
    return assignments.order_by("due_date")


def item_kind_label(kind: str) -> str:
    return AgendaItem.Kind(kind).label


def meetings_held_per_body(*, body_ids, start, end) -> dict[int, int]:
    """How many meetings each body held from `start` to `end`, both included (R70), in
    one query.

    A meeting counts once it was held (status held or minutes adjusted); a planned or
    cancelled meeting does not. Every body asked for is in the answer, 0 when none.
    """
    body_ids = list(body_ids)
    counts = dict.fromkeys(body_ids, 0)
    rows = (
        Meeting.objects.filter(
            body_id__in=body_ids,
            date__range=(start, end),
            status__in=[Meeting.Status.HELD, Meeting.Status.ADJUSTED],
        )
        .values("body_id")
        .annotate(n=Count("pk"))
        .values_list("body_id", "n")
    )
    counts.update(rows)
    return counts


@dataclass(frozen=True)
class SeatAttendance:
    """Seats filled at the meetings of a period: `filled` of `seats` over `meetings`."""

    meetings: int
    seats: int
    filled: int


FILLING = (
    Attendance.Status.PRESENT,
    Attendance.Status.PRESENT_DIGITALLY,
    Attendance.Status.DEPUTY_SERVING,
)


def seat_attendance_by_range(*, body_kind: str, ranges) -> dict:
    """The seats of the bodies of `body_kind` filled at their meetings held in each
    (start, end) of `ranges`, both included (R50): (start, end) -> SeatAttendance, in one
    query for all of them.

    A seat is a chair's or a member's place (deputies and guests hold none); it is
    filled when its holder is present or present digitally, or when a deputy serves in
    it. A meeting's filled seats never exceed its seats.
    """
    ranges = list(ranges)
    rows = Attendance.objects.filter(
        guest=False,
        meeting__body__kind=body_kind,
        meeting__date__gte=min(start for start, _end in ranges),
        meeting__date__lte=max(end for _start, end in ranges),
        meeting__status__in=[Meeting.Status.HELD, Meeting.Status.ADJUSTED],
    ).values_list("meeting_id", "meeting__date", "status", "membership__role")
    seats: dict[int, int] = {}
    filled: dict[int, int] = {}
    dates: dict[int, datetime.date] = {}
    for meeting_id, date, status, role in rows:
        seats.setdefault(meeting_id, 0)
        filled.setdefault(meeting_id, 0)
        dates[meeting_id] = date
        deputy = role == "deputy"
        if not deputy:
            seats[meeting_id] += 1
        if status in FILLING and (not deputy or status == Attendance.Status.DEPUTY_SERVING):
            filled[meeting_id] += 1
    result = {}
    for start, end in ranges:
        held = [m for m in seats if start <= dates[m] <= end]
        result[(start, end)] = SeatAttendance(
            meetings=len(held),
            seats=sum(seats[m] for m in held),
            filled=sum(min(filled[m], seats[m]) for m in held),
        )
    return result


def adjusted_paragraphs(bodies):
    """The § of adjusted minutes of these bodies, newest first: a decision reference (R14, R15)."""
    return (
        Paragraph.objects.filter(body__in=bodies, meeting__status=Meeting.Status.ADJUSTED)
        .select_related("meeting__body")
        .order_by("-meeting__date", "-number")
    )


def paragraph_reference(paragraph: Paragraph) -> str:
    """ "PKS 2025-05-08 § 98" """
    body = paragraph.meeting.body
    return f"{body.short_name or body.name} {paragraph.meeting.date:%Y-%m-%d} § {paragraph.number}"
