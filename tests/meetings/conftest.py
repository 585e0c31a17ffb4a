"""A PKS meeting with its officers: the staff member records, chair and adjuster adjust."""

import datetime
from types import SimpleNamespace

import pytest

from meetings import services
from partnerships.models import Membership
from tests.factories import UserFactory, seat

MEETING_DAY = datetime.date(2025, 5, 8)


def build_meeting(org, *, date=MEETING_DAY):
    """A PKS meeting with a chair (pks-0604) and an adjuster (pks-0682) seated on the day."""
    chair = UserFactory(username="pks-ordf", first_name="Gunnar", last_name="Strand")
    seat(chair, org.pks, role=Membership.Role.CHAIR, municipality=org.municipalities["0604"])
    adjuster = UserFactory(username="pks-0682", first_name="Kerstin", last_name="Hellström")
    seat(adjuster, org.pks, municipality=org.municipalities["0682"])
    meeting = services.meeting_create(
        actor=org.staff,
        body=org.pks,
        date=date,
        start_time=datetime.time(9, 0),
        end_time=datetime.time(12, 0),
        place="Kommunal utveckling, Jönköping",
        chair=chair,
    )
    services.meeting_update(actor=org.staff, meeting=meeting, adjusters=[adjuster])
    return SimpleNamespace(meeting=meeting, chair=chair, adjuster=adjuster)


@pytest.fixture
def pks_meeting(org):
    return build_meeting(org)
