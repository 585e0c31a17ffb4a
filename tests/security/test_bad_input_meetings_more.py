"""Bad input at the meetings forms tests/security/test_bad_input_meetings.py does not reach:
the body settings, the adjustment (R55), the search (item 7) and the calendar (item 8).
Never a 500, a clear Swedish error, nothing changed."""

import datetime
from urllib.parse import quote

import pytest
from django.db import transaction
from django.urls import reverse
from hypothesis import given
from hypothesis import settings as hypothesis_settings

from meetings import minutes, services
from tests.factories import UserFactory, seat
from tests.security import figures
from tests.security.fuzz import fuzz_form, fuzz_raw_body, fuzz_settings, value
from tests.security.matrix import db_state
from tests.security.matrix.meetings import fixed_pdfs

pytestmark = pytest.mark.django_db

EXAMPLES = 25


def test_body_settings_form(client, matrix_org):
    fuzz_form(
        client,
        reverse("meetings:body_settings", args=[matrix_org.pks.pk]),
        ["minutes_public", "appeal_applies", "year", "first_number"],
        user=matrix_org.staff,
        name="meeting settings",
        max_examples=EXAMPLES,
    )


def test_adjust_form(client, matrix_org):
    """R55: only the exact SHA-256 of the minutes as they stand, confirmed, adjusts."""
    org = matrix_org
    chair = UserFactory(username="fuzz-ordf")
    seat(chair, org.pks, municipality=org.municipalities["0687"])
    adjuster = UserFactory(username="fuzz-justerare")
    seat(adjuster, org.pks, municipality=org.municipalities["0685"])
    with fixed_pdfs():
        meeting = services.meeting_create(
            actor=org.staff,
            body=org.pks,
            date=datetime.date(2025, 9, 4),
            start_time=datetime.time(9),
            digital=True,
            chair=chair,
        )
        services.meeting_update(actor=org.staff, meeting=meeting, adjusters=[adjuster])
        minutes.paragraph_record(actor=org.staff, meeting=meeting, title="Inledning")
        minutes.minutes_complete(actor=org.staff, meeting=meeting)
        fuzz_form(
            client,
            reverse("meetings:adjust", args=[meeting.pk]),
            ["sha256", "confirm"],
            user=chair,
            name="adjust",
            max_examples=EXAMPLES,
        )


def test_search_query(client, matrix_org):
    """Any query: the page answers 200, shows the query escaped, and changes nothing."""
    client.force_login(matrix_org.pks_member)
    url = reverse("meetings:search")

    @hypothesis_settings(fuzz_settings, max_examples=60)
    @given(value)
    def run(query):
        with transaction.atomic():
            before = db_state()
            response = client.get(url, {"q": query})
            figures.add("fuzz:meetings search")
            assert response.status_code == 200, (query, response.status_code)
            assert "<script>alert(1)</script>" not in response.content.decode()
            assert db_state() == before
            transaction.set_rollback(True)

    run()


def test_calendar_token(client, matrix_org):
    """A made-up token is 404, whatever it holds; never a 500, never someone's calendar."""

    @hypothesis_settings(fuzz_settings, max_examples=60)
    @given(value)
    def run(token):
        response = client.get(f"/sammantraden/kalender/{quote(token, safe='')}.ics")
        figures.add("fuzz:calendar token")
        assert response.status_code == 404, (token, response.status_code)

    run()


def test_calendar_raw_bodies(client, matrix_org):
    fuzz_raw_body(client, reverse("meetings:calendar"), user=matrix_org.pks_member, name="calendar")
