"""R3, R4: memberships and the preparation group."""

import datetime

import pytest

from core.errors import DomainError
from partnerships import services
from partnerships.models import Membership
from tests.factories import UserFactory, seat

pytestmark = pytest.mark.django_db


def test_r4_preparation_group_has_at_most_three_members(org):
    fourth = org.socialchefer["0643"]
    with pytest.raises(DomainError) as refused:
        seat(fourth, org.preparation_group, municipality=org.municipalities["0643"])
    assert refused.value.rule == "R4"
    assert "tre" in refused.value.message
    assert not Membership.objects.filter(person=fourth, body=org.preparation_group).exists()


def test_r4_preparation_group_members_come_from_the_steering_group(org):
    Membership.objects.filter(body=org.preparation_group).delete()
    outsider = UserFactory(username="inte-socialchef")
    with pytest.raises(DomainError) as refused:
        seat(outsider, org.preparation_group, municipality=org.aneby)
    assert refused.value.rule == "R4"


def test_r3_membership_for_a_municipality_needs_the_municipality(org):
    with pytest.raises(DomainError):
        services.membership_start(
            actor=org.staff,
            person=UserFactory(),
            body=org.pks,
            municipality=None,
            organisation="municipality",
        )


def test_r3_end_date_before_start_is_refused(org):
    membership = Membership.objects.get(person=org.pks_member)
    with pytest.raises(DomainError):
        services.membership_end(
            actor=org.staff, membership=membership, end_date=datetime.date(2020, 1, 1)
        )


def test_r17_membership_changes_are_in_the_history_with_their_author(org):
    membership = Membership.objects.get(person=org.pks_member)
    services.membership_end(actor=org.staff, membership=membership)
    latest = membership.history.latest()
    assert latest.history_user == org.staff
    assert latest.end_date == datetime.date.today()


def test_r2_earliest_end_date_is_one_year_after_first_notice(org):
    assert org.agreement.earliest_end_date() is None
    services.termination_notice_record(
        actor=org.staff,
        agreement=org.agreement,
        municipality=org.aneby,
        given_on=datetime.date(2026, 3, 15),
        reference="KS 2026/12",
    )
    services.termination_notice_record(
        actor=org.staff,
        agreement=org.agreement,
        municipality=org.jonkoping,
        given_on=datetime.date(2026, 5, 1),
    )
    assert org.agreement.earliest_end_date() == datetime.date(2027, 3, 15)


def test_r2_a_municipality_gives_notice_once(org):
    services.termination_notice_record(
        actor=org.staff,
        agreement=org.agreement,
        municipality=org.aneby,
        given_on=datetime.date(2026, 3, 15),
    )
    with pytest.raises(DomainError):
        services.termination_notice_record(
            actor=org.staff,
            agreement=org.agreement,
            municipality=org.aneby,
            given_on=datetime.date(2026, 4, 15),
        )


def test_r22_population_reference_date_defaults_to_31_december_two_years_before(org):
    assert org.agreement.population_reference_date(2026) == datetime.date(2024, 12, 31)
    assert org.agreement.population_reference_date(2027) == datetime.date(2025, 12, 31)
