"""R52: § numbers per body and calendar year, never repeated, never a gap."""

import datetime
import threading

import pytest
from django.db import connection

from core.errors import DomainError
from meetings import minutes, services
from meetings.models import Paragraph
from tests.meetings.conftest import build_meeting


def test_r52_numbers_follow_the_first_number_of_the_year(org):
    services.first_number_set(actor=org.staff, body=org.pks, year=2025, first_number=92)
    meeting = build_meeting(org).meeting
    items = list(meeting.items.order_by("order"))
    numbers = [
        minutes.paragraph_record(actor=org.staff, meeting=meeting, item=item).number
        for item in items[:3]
    ]
    assert numbers == [92, 93, 94]


def test_r52_first_number_cannot_change_once_numbers_are_given(org, pks_meeting):
    minutes.paragraph_record(actor=org.staff, meeting=pks_meeting.meeting, title="Inledning")
    with pytest.raises(DomainError) as refused:
        services.first_number_set(actor=org.staff, body=org.pks, year=2025, first_number=92)
    assert refused.value.rule == "R52"
    assert list(Paragraph.objects.values_list("number", flat=True)) == [1]


def test_r52_numbers_restart_each_year_and_per_body(org):
    first = build_meeting(org).meeting
    minutes.paragraph_record(actor=org.staff, meeting=first, title="A")
    minutes.paragraph_record(actor=org.staff, meeting=first, title="B")
    next_year = services.meeting_create(
        actor=org.staff,
        body=org.pks,
        date=datetime.date(2026, 1, 15),
        start_time=datetime.time(9),
        digital=True,
    )
    other_body = services.meeting_create(
        actor=org.staff,
        body=org.steering_group,
        date=datetime.date(2025, 6, 1),
        start_time=datetime.time(9),
        digital=True,
    )
    assert minutes.paragraph_record(actor=org.staff, meeting=next_year, title="C").number == 1
    assert minutes.paragraph_record(actor=org.staff, meeting=other_body, title="D").number == 1


def test_r52_a_refused_paragraph_leaves_no_gap(org, pks_meeting):
    meeting = pks_meeting.meeting
    minutes.paragraph_record(actor=org.staff, meeting=meeting, title="A")
    with pytest.raises(DomainError):
        minutes.paragraph_record(actor=org.staff, meeting=meeting, title="")
    assert minutes.paragraph_record(actor=org.staff, meeting=meeting, title="B").number == 2


@pytest.mark.django_db(transaction=True)
def test_r52_two_secretaries_at_once_get_distinct_numbers_without_gaps(org):
    """Two secretaries record § of two meetings of the same body and year at the same
    moment, on two database connections: every number once, none skipped."""
    one = build_meeting(org).meeting
    two = services.meeting_create(
        actor=org.staff,
        body=org.pks,
        date=datetime.date(2025, 5, 9),
        start_time=datetime.time(9),
        digital=True,
    )
    second_secretary = org.staff.__class__.objects.create(username="kansli-2")
    from tests.factories import seat

    seat(second_secretary, org.office)
    services.first_number_set(actor=org.staff, body=org.pks, year=2025, first_number=92)
    per_thread = 8
    barrier = threading.Barrier(2)
    errors = []

    def record(actor, meeting):
        try:
            barrier.wait()
            for index in range(per_thread):
                minutes.paragraph_record(actor=actor, meeting=meeting, title=f"Punkt {index}")
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=record, args=(org.staff, one)),
        threading.Thread(target=record, args=(second_secretary, two)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    numbers = sorted(
        Paragraph.objects.filter(body=org.pks, year=2025).values_list("number", flat=True)
    )
    assert numbers == list(range(92, 92 + 2 * per_thread))
