"""R30, R31: object permissions are derived from memberships on the day and follow them at once."""

import datetime

import pytest

from partnerships import permissions, services
from partnerships.models import Membership
from tests.factories import UserFactory, seat

pytestmark = pytest.mark.django_db


def test_r30_socialchef_decides_for_own_municipality_only(org):
    chef = org.socialchef_aneby
    assert chef.has_perm("partnerships.decide_for_municipality", org.aneby)
    assert not chef.has_perm("partnerships.decide_for_municipality", org.jonkoping)
    assert set(permissions.municipalities_decided_by(chef)) == {org.aneby}


def test_r30_deputy_decides_for_the_municipality_they_stand_in_for(org):
    assert set(permissions.municipalities_decided_by(org.deputy_jonkoping)) == {org.jonkoping}


def test_r30_socialchef_whose_membership_ended_loses_rights_the_same_moment(org):
    chef = org.socialchef_jonkoping
    membership = Membership.objects.get(person=chef, body=org.steering_group)
    assert chef.has_perm("partnerships.decide_for_municipality", org.jonkoping)

    services.membership_end(actor=org.staff, membership=membership)

    chef.refresh_from_db()
    assert not chef.has_perm("partnerships.decide_for_municipality", org.jonkoping)
    assert not chef.has_perm("partnerships.read_partnership", org.partnership)
    assert list(permissions.municipalities_decided_by(chef)) == []


def test_r30_changing_the_municipality_moves_the_right(org):
    chef = org.socialchef_aneby
    membership = Membership.objects.get(person=chef, body=org.steering_group)
    services.membership_update(
        actor=org.staff, membership=membership, municipality=org.municipalities["0643"]
    )
    chef.refresh_from_db()
    assert set(permissions.municipalities_decided_by(chef)) == {org.municipalities["0643"]}


def test_r30_starting_a_membership_grants_rights(org):
    newcomer = UserFactory(username="ny-chef")
    assert not newcomer.has_perm("partnerships.read_partnership", org.partnership)
    seat(newcomer, org.tactical_ifo, role=Membership.Role.CHAIR, municipality=org.aneby)
    newcomer.refresh_from_db()
    assert newcomer.has_perm("partnerships.read_partnership", org.partnership)
    assert newcomer.has_perm("partnerships.edit_portfolio", org.tactical_ifo)
    assert newcomer.has_perm("partnerships.decide_gate", org.tactical_ifo)
    assert not newcomer.has_perm("partnerships.edit_portfolio", org.tactical_aldre)


def test_r30_future_membership_gives_nothing_until_it_starts(org):
    person = UserFactory(username="blivande")
    seat(
        person,
        org.steering_group,
        municipality=org.aneby,
        start_date=org.today + datetime.timedelta(days=10),
    )
    person.refresh_from_db()
    assert not person.has_perm("partnerships.decide_for_municipality", org.aneby)
    later = org.today + datetime.timedelta(days=10)
    assert permissions.has_perm(person, "decide_for_municipality", org.aneby, on=later)
    assert set(permissions.municipalities_decided_by(person, on=later)) == {org.aneby}


def test_r30_role_table(org):
    p = org.partnership
    assert org.staff.has_perm("partnerships.manage_partnership", p)
    assert permissions.is_office(org.staff)
    assert not org.socialchef_aneby.has_perm("partnerships.manage_partnership", p)
    assert org.socialchef_aneby.has_perm("partnerships.prepare_matters", p)  # preparation group
    assert not org.socialchef_jonkoping.has_perm("partnerships.prepare_matters", p)
    assert org.pks_member.has_perm("partnerships.read_published_reports", p)
    assert not org.pks_member.has_perm("partnerships.read_partnership", p)
    assert org.tactical_member.has_perm("partnerships.edit_portfolio", org.tactical_ifo)
    assert not org.tactical_member.has_perm("partnerships.decide_gate", org.tactical_ifo)
    for codename in permissions.MANAGED_PERMISSIONS:
        assert not org.outsider.has_perm(f"{codename[0]}.{codename[1]}", p)
    assert not permissions.is_office(org.outsider)


def test_r31_office_member_leaving_loses_the_admin_permissions(org):
    assert org.staff.has_perm("partnerships.change_membership")
    membership = Membership.objects.get(person=org.staff, body=org.office)
    services.membership_end(actor=org.staff, membership=membership)
    org.staff.refresh_from_db()
    assert not permissions.is_office(org.staff)
    assert not org.staff.has_perm("partnerships.change_membership")
    assert not org.staff.has_module_perms("partnerships")
