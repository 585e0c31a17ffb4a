"""Benchmark data for the meetings app: years of held meetings of every body (R50-R55).

A body that has met for years has many adjusted meetings, each with its agenda,
its numbered § and the attendance of the seats on the day. The demo's meetings
stay as they are (PKS 2025-05-08 § 92-106 and one upcoming meeting per body), so
the meeting page shows the same minutes at every scale; the meetings list grows.

At scale N every body (the office excepted) gets N - 1 earlier meetings, eight a
year, going back from the last month before the demo's year (PKS starts 2025 at
§ 92, so the generated years end with 2024). Each year of a body has its own §
counter (R52): the § run from 1 in date order and the counter's next number
follows the last one, as the services would have left it. Attendance is the
body's memberships on the day (the partnerships generator's earlier terms
included; a body without earlier terms, as those of the management system, lists
today's seats); every generated meeting has a frozen minutes version (R55).
"""

import datetime
import hashlib

from django.conf import settings
from django.utils import timezone, translation

from bench.generators._history import at, created_rows
from bench.generators.partnerships import BATCH_SIZE
from bench.generators.reporting import synthetic_pdf
from meetings.demo import MEETING_DAY
from meetings.models import (
    AgendaItem,
    Attendance,
    Meeting,
    MinutesVersion,
    Paragraph,
    ParagraphCounter,
)
from partnerships.models import Body, Membership

MONTHS = (2, 3, 4, 5, 9, 10, 11, 12)  # eight meetings a year, none in summer
MINUTES_PDF_SIZE = 40_000
# Title, kind, decision of each generated meeting's items (standing items first).
ITEMS = [
    ("Mötets öppnande", "information", ""),
    ("Val av justerare", "decision", "Att justera dagens protokoll utses en ledamot."),
    ("Godkännande av dagordningen", "decision", "Dagordningen fastställs."),
    (
        "Information från Kommunal utveckling",
        "information",
        "Informationen läggs till handlingarna.",
    ),
    ("Beslutsärende (benchmark)", "decision", "Organet ställer sig bakom förslaget."),
    ("Anmälningsärenden", "report_in", "Anmälningsärendena läggs till handlingarna."),
]


def _meeting_days(count: int, offset: int):
    """`count` meeting days before the demo's year, newest first; `offset` spreads bodies."""
    year, index = MEETING_DAY.year - 1, len(MONTHS) - 1
    for _ in range(count):
        yield datetime.date(year, MONTHS[index], 3 + offset % 20)
        index -= 1
        if index < 0:
            year, index = year - 1, len(MONTHS) - 1


def _seats_on(seats: list[Membership], day: datetime.date) -> list[Membership]:
    """The memberships in force on `day` (end_date is exclusive), as Membership.active does."""
    return [s for s in seats if s.start_date <= day and (s.end_date is None or s.end_date > day)]


def _attending(seats: list[Membership], day: datetime.date) -> list[Membership]:
    """The seats on the day; before the earliest term the data holds, today's seats."""
    return _seats_on(seats, day) or _seats_on(seats, timezone.localdate())


def _seat_role(seat: Membership) -> str:
    return f"{seat.get_role_display().lower()}, {seat.represents}"


def generate(scale: int, context: dict) -> dict | None:
    """Add (scale - 1) earlier adjusted meetings to every body; returns counts."""
    if scale <= 1:
        return None
    kansli = context["kansli"]
    pdf = synthetic_pdf(MINUTES_PDF_SIZE)
    sha256 = hashlib.sha256(pdf).hexdigest()
    bodies = list(Body.objects.exclude(kind=Body.Kind.OFFICE).order_by("pk"))

    meetings, seats_of = [], {}
    for offset, body in enumerate(bodies):
        seats_of[body.pk] = list(
            Membership.objects.filter(body=body)
            .select_related("person", "municipality")
            .order_by("municipality__code", "person__last_name", "pk")
        )
        for day in _meeting_days(scale - 1, offset):
            chair = next(
                (
                    s.person_id
                    for s in _attending(seats_of[body.pk], day)
                    if s.role == Membership.Role.CHAIR
                ),
                None,
            )
            meetings.append(
                Meeting(
                    body_id=body.pk,
                    date=day,
                    start_time=datetime.time(9, 0),
                    end_time=datetime.time(11, 30),
                    place="Kommunal utveckling, Jönköping",
                    digital=offset % 2 == 1,
                    status=Meeting.Status.ADJUSTED,
                    chair_id=chair,
                    secretary_id=kansli.pk,
                    agenda_sent_at=at(day - datetime.timedelta(days=7)),
                    minutes_completed_at=at(day + datetime.timedelta(days=2)),
                    review_sha256=sha256,
                    notice_date=day + datetime.timedelta(days=7),
                    created_by_id=kansli.pk,
                    created_at=at(day - datetime.timedelta(days=30)),
                )
            )
    Meeting.objects.bulk_create(meetings, batch_size=BATCH_SIZE)

    items, attendance, versions = [], [], []
    with translation.override(settings.LANGUAGE_CODE):
        for meeting in meetings:
            for order, (title, kind, decision) in enumerate(ITEMS, start=1):
                items.append(
                    AgendaItem(
                        meeting_id=meeting.pk,
                        order=order,
                        title=title,
                        kind=kind,
                        background="Benchmark: underlag till ärendet.",
                        proposed_decision=decision,
                    )
                )
            for order, seat in enumerate(_attending(seats_of[meeting.body_id], meeting.date), 1):
                attendance.append(
                    Attendance(
                        meeting_id=meeting.pk,
                        person_id=seat.person_id,
                        membership_id=seat.pk,
                        name=seat.person.get_full_name() or seat.person.username,
                        role=_seat_role(seat),
                        status=(
                            Attendance.Status.ABSENT
                            if seat.role == Membership.Role.DEPUTY or order % 7 == 0
                            else Attendance.Status.PRESENT
                        ),
                        order=order,
                    )
                )
            versions.append(
                MinutesVersion(
                    meeting_id=meeting.pk,
                    number=1,
                    pdf=pdf,
                    sha256=sha256,
                    size=len(pdf),
                    frozen_at=at(meeting.date + datetime.timedelta(days=6)),
                    frozen_by_id=kansli.pk,
                )
            )
    AgendaItem.objects.bulk_create(items, batch_size=BATCH_SIZE)
    Attendance.objects.bulk_create(attendance, batch_size=BATCH_SIZE)
    MinutesVersion.objects.bulk_create(versions, batch_size=50)

    # § numbers run per body and calendar year in date order (R52); one counter per year.
    meeting_of = {m.pk: m for m in meetings}
    in_date_order = sorted(items, key=lambda i: (meeting_of[i.meeting_id].date, i.order))
    numbers: dict[tuple[int, int], int] = {}
    paragraphs = []
    for item in in_date_order:
        meeting = meeting_of[item.meeting_id]
        key = (meeting.body_id, meeting.date.year)
        numbers[key] = numbers.get(key, 0) + 1
        paragraphs.append(
            Paragraph(
                meeting_id=meeting.pk,
                body_id=meeting.body_id,
                year=meeting.date.year,
                number=numbers[key],
                item_id=item.pk,
                title=item.title,
                text="Benchmark: vad som hände under punkten.",
                decision=item.proposed_decision,
                recorded_at=at(meeting.date, 11),
                recorded_by_id=kansli.pk,
            )
        )
    Paragraph.objects.bulk_create(paragraphs, batch_size=BATCH_SIZE)
    counters = [
        ParagraphCounter(body_id=body_id, year=year, first_number=1, next_number=last + 1)
        for (body_id, year), last in sorted(numbers.items())
    ]
    ParagraphCounter.objects.bulk_create(counters, batch_size=BATCH_SIZE)

    held = {m.pk: at(m.date - datetime.timedelta(days=30)) for m in meetings}
    for model, objects, when, excluded in [
        (Meeting, meetings, lambda o: o.created_at, ("review_pdf",)),
        (AgendaItem, items, lambda o: held[o.meeting_id], ()),
        (Attendance, attendance, lambda o: held[o.meeting_id], ()),
        (Paragraph, paragraphs, lambda o: o.recorded_at, ()),
        (ParagraphCounter, counters, lambda o: at(datetime.date(o.year, 1, 2)), ()),
        (MinutesVersion, versions, lambda o: o.frozen_at, ("pdf", "html")),
    ]:
        model.history.model.objects.bulk_create(
            created_rows(model, objects, when=when, actor_id=kansli.pk, excluded=excluded),
            batch_size=BATCH_SIZE,
        )
    return {
        "bench_meetings": {
            "meetings": len(meetings),
            "agenda_items": len(items),
            "paragraphs": len(paragraphs),
            "attendance": len(attendance),
            "minutes_versions": len(versions),
        }
    }
