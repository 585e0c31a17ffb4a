"""R70: the management-system bodies' meetings held in a year, from the meetings app,
against their minimum frequency ("minst sex gånger per år", seed 003)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.models import Meeting
from partnerships.models import Body
from plans import reports, selectors

Status = Meeting.Status

pytestmark = pytest.mark.django_db


def _body(slug, kind, minimum):
    return Body.objects.create(
        partnership=None, kind=kind, slug=slug, name=slug.title(), min_meetings_per_year=minimum
    )


def _meeting(body, day, status):
    return Meeting.objects.create(
        body=body, date=day, start_time=datetime.time(9, 0), status=status
    )


@pytest.fixture
def bodies(db):
    reko = _body("reko", Body.Kind.REKO, 6)
    group = _body("aldre", Body.Kind.STRATEGY_GROUP, 4)
    # ReKo 2025, counted by hand: two held, one with adjusted minutes = 3.
    _meeting(reko, datetime.date(2025, 2, 6), Status.HELD)
    _meeting(reko, datetime.date(2025, 4, 3), Status.ADJUSTED)
    _meeting(reko, datetime.date(2025, 12, 31), Status.HELD)
    # Not counted: cancelled, still planned, another year.
    _meeting(reko, datetime.date(2025, 6, 5), Status.CANCELLED)
    _meeting(reko, datetime.date(2025, 9, 4), Status.PLANNED)
    _meeting(reko, datetime.date(2024, 12, 31), Status.ADJUSTED)
    _meeting(reko, datetime.date(2026, 1, 1), Status.HELD)
    # The strategy group: four adjusted in 2025 = exactly its minimum.
    for month in (2, 5, 9, 11):
        _meeting(group, datetime.date(2025, month, 10), Status.ADJUSTED)
    return reko, group


def test_r70_meetings_held_counts_held_and_adjusted_in_the_year(bodies):
    reko, group = bodies
    idle = _body("forum", Body.Kind.REKO, 6)
    assert selectors.meetings_held(bodies=[reko, group, idle], year=2025) == {
        reko.pk: 3,
        group.pk: 4,
        idle.pk: 0,
    }
    assert selectors.meetings_held(bodies=[reko], year=2024) == {reko.pk: 1}


def test_r70_meetings_held_is_one_query_whatever_the_number_of_bodies(
    bodies, django_assert_num_queries
):
    many = list(bodies) + [_body(f"grupp-{i}", Body.Kind.STRATEGY_GROUP, 4) for i in range(8)]
    for body in many[2:]:
        _meeting(body, datetime.date(2025, 3, 1), Status.HELD)
    with django_assert_num_queries(1):
        selectors.meetings_held(bodies=bodies, year=2025)
    with django_assert_num_queries(1):
        selectors.meetings_held(bodies=many, year=2025)


def test_r70_a_past_year_below_the_minimum_is_flagged_the_current_year_is_progress(bodies):
    reko, group = bodies
    for body in (reko, group):
        body.current_members = []
    after = reports.management_rows(bodies=[reko, group], year=2025, on=datetime.date(2026, 2, 1))
    assert [(r.held, r.ongoing, r.below_frequency) for r in after] == [
        (3, False, True),  # 3 of at least 6: below
        (4, False, False),  # exactly the minimum is enough
    ]
    during = reports.management_rows(bodies=[reko, group], year=2025, on=datetime.date(2025, 5, 1))
    assert [(r.held, r.ongoing, r.below_frequency) for r in during] == [
        (3, True, False),
        (4, True, False),
    ]


def test_r70_page_shows_progress_this_year_in_words(client, org):
    year = timezone.localdate().year
    reko = _body("reko", Body.Kind.REKO, 6)
    _meeting(reko, datetime.date(year, 1, 15), Status.ADJUSTED)
    _meeting(reko, datetime.date(year, 1, 20), Status.HELD)
    _meeting(reko, datetime.date(year, 1, 25), Status.CANCELLED)
    client.force_login(org.socialchef_aneby)
    html = client.get(reverse("plans:management_system")).content.decode()
    assert f"2 av minst 6 sammanträden hållna hittills {year}." in html
    assert "under det lägsta antalet" not in html and "✖" not in html
    assert "markeras som under sitt minimum först när ett helt år har slutat" in html
