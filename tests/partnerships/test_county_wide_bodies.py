"""PKS and the management system with the Region belong to no single partnership (R50,
R70), and rights still come from memberships alone (R30)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError

from partnerships import permissions, services
from partnerships.models import Body, Membership
from tests.factories import BodyFactory, PartnershipFactory, UserFactory, seat


def test_r50_a_county_wide_pks_member_reads_every_partnerships_published_reports(org):
    other = PartnershipFactory()
    assert org.pks.partnership is None
    for partnership in (org.partnership, other):
        assert permissions.has_perm(org.pks_member, "read_published_reports", partnership)
    # ...and nothing more: no reading of drafts, no management, no seat act (R30).
    assert not permissions.has_perm(org.pks_member, "read_partnership", org.partnership)
    assert not permissions.has_perm(org.pks_member, "manage_partnership", org.partnership)


def test_r50_a_pks_seat_that_ended_gives_no_right(org):
    membership = Membership.objects.get(person=org.pks_member, body=org.pks)
    services.membership_end(actor=permissions.OPERATOR, membership=membership, end_date=org.today)
    assert not permissions.has_perm(org.pks_member, "read_published_reports", org.partnership)


def test_r70_a_management_system_seat_gives_no_partnership_right(org):
    reko = BodyFactory(partnership=None, kind=Body.Kind.REKO, slug="reko", name="ReKo")
    person = UserFactory()
    seat(person, reko, role=Membership.Role.CHAIR)
    granted = permissions.object_permissions(person)
    assert all(not pks for pks in granted.values())


def test_r50_the_office_seats_people_in_a_county_wide_body_and_an_outsider_may_not(org):
    forum = BodyFactory(
        partnership=None, kind=Body.Kind.MUNICIPAL_FORUM, slug="kommunalt-forum", name="KF"
    )
    person = UserFactory()
    with pytest.raises(PermissionDenied):
        services.membership_start(
            actor=org.outsider, person=person, body=forum, organisation="region"
        )
    assert not forum.memberships.exists()
    membership = services.membership_start(
        actor=org.staff,
        person=person,
        body=forum,
        organisation="region",
        start_date=datetime.date(2025, 1, 1),
    )
    services.membership_end(actor=org.staff, membership=membership, end_date=None)
    membership.refresh_from_db()
    assert membership.end_date is not None


@pytest.mark.django_db
def test_r50_a_county_wide_slug_is_unique_among_county_wide_bodies():
    BodyFactory(partnership=None, kind=Body.Kind.REKO, slug="reko")
    # A partnership may have a body of the same slug (slugs are per owner).
    BodyFactory(partnership=PartnershipFactory(), kind=Body.Kind.WORKING_GROUP, slug="reko")
    with pytest.raises(IntegrityError):
        Body.objects.create(partnership=None, kind=Body.Kind.STRATEGY_GROUP, slug="reko")
