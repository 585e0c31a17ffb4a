"""R62: "Närvaro vid PKS sammanträden" computed from the attendance in the minutes (R50),
against hand-computed values, through plans' registry."""

import datetime
from decimal import Decimal as D

import pytest

from meetings.models import Attendance, Meeting
from partnerships.models import Body, Membership
from plans import indicators
from plans.meeting_indicators import PKS_ATTENDANCE
from tests.factories import UserFactory, seat

S = Attendance.Status

pytestmark = pytest.mark.django_db


def _meeting(body, day, status=Meeting.Status.ADJUSTED):
    return Meeting.objects.create(body=body, date=day, start_time=datetime.time(9), status=status)


def _attend(meeting, rows):
    for i, (status, membership, guest) in enumerate(rows):
        Attendance.objects.create(
            meeting=meeting,
            membership=membership,
            name=f"Person {i}",
            status=status,
            guest=guest,
            order=i,
        )


@pytest.fixture
def pks_year(org):
    assert org.pks.kind == Body.Kind.PKS
    deputy = seat(UserFactory(username="pks-ers"), org.pks, role=Membership.Role.DEPUTY)
    # Q1 2026, meeting 1: 4 seats; present, digital, absent with its deputy serving,
    # absent = 3 of 4 filled. A guest and a deputy not serving count for nothing.
    m1 = _meeting(org.pks, datetime.date(2026, 2, 12))
    _attend(
        m1,
        [
            (S.PRESENT, None, False),
            (S.PRESENT_DIGITALLY, None, False),
            (S.ABSENT, None, False),
            (S.DEPUTY_SERVING, deputy, False),
            (S.ABSENT, None, False),
            (S.PRESENT, None, True),
        ],
    )
    # Q2, meeting 2 (held, minutes not yet adjusted): 4 seats, 4 present.
    m2 = _meeting(org.pks, datetime.date(2026, 5, 7), Meeting.Status.HELD)
    _attend(m2, [(S.PRESENT, None, False)] * 4 + [(S.ABSENT, deputy, False)])
    # Not counted: cancelled, planned, another body, another year.
    for status in (Meeting.Status.CANCELLED, Meeting.Status.PLANNED):
        _attend(_meeting(org.pks, datetime.date(2026, 3, 5), status), [(S.ABSENT, None, False)])
    _attend(_meeting(org.steering_group, datetime.date(2026, 3, 5)), [(S.ABSENT, None, False)])
    _attend(_meeting(org.pks, datetime.date(2025, 12, 11)), [(S.ABSENT, None, False)])
    return org


def _compute(org, year, quarter):
    return indicators.get(PKS_ATTENDANCE).compute(
        partnership=org.partnership, year=year, through_quarter=quarter
    )


def test_r62_pks_attendance_is_registered_as_a_percent(org):
    computation = indicators.get(PKS_ATTENDANCE)
    assert computation is not None and computation.unit == "percent"
    assert PKS_ATTENDANCE in dict(indicators.choices())


def test_r62_pks_attendance_counts_seats_filled_at_meetings_held(pks_year):
    q1 = _compute(pks_year, 2026, 1)
    assert q1.value == D("75.0")  # 3 of 4
    assert q1.comment == "3 av 4 platser besatta vid 1 sammanträde."
    # Through Q2: (3 + 4) of (4 + 4) = 87.5 %.
    assert _compute(pks_year, 2026, 2).value == D("87.5")
    assert _compute(pks_year, 2026, 4).value == D("87.5")
    # 2025: one meeting, its only seat absent = 0 %.
    assert _compute(pks_year, 2025, 4).value == D("0.0")


def test_r62_pks_attendance_is_none_without_meetings_held(pks_year):
    assert _compute(pks_year, 2024, 4) is None


def test_r62_pks_attendance_is_one_query_whatever_the_meetings(pks_year, django_assert_num_queries):
    with django_assert_num_queries(1):
        _compute(pks_year, 2026, 4)
    for day in range(1, 10):
        _attend(_meeting(pks_year.pks, datetime.date(2026, 10, day)), [(S.PRESENT, None, False)])
    with django_assert_num_queries(1):
        assert _compute(pks_year, 2026, 4).value == D("94.1")  # (7 + 9) of (8 + 9)
