"""Bad input at kansliet's people forms (issue 16 item 5): never a 500, a clear Swedish
error, nothing half saved. The seat forms are fuzzed with the confirmation, so any
input they accept is saved (302) and any other is refused with nothing written."""

import pytest
from django.urls import reverse

from partnerships.models import Membership
from tests.factories import ExternalIdentityFactory
from tests.security.fuzz import fuzz_form, fuzz_raw_body

pytestmark = pytest.mark.django_db

EXAMPLES = 30


def test_person_add_form(client, matrix_org):
    fuzz_form(
        client,
        reverse("person_add"),
        ["first_name", "last_name", "email", "title", "phone", "username"],
        user=matrix_org.staff,
        name="person add",
        max_examples=EXAMPLES,
    )


def test_person_add_raw_bodies(client, matrix_org):
    fuzz_raw_body(client, reverse("person_add"), user=matrix_org.staff, name="person add (raw)")


def test_identity_link_form(client, matrix_org):
    ExternalIdentityFactory()
    fuzz_form(
        client,
        reverse("person_identity_link", args=[matrix_org.outsider.pk]),
        ["waiting", "provider", "subject"],
        user=matrix_org.staff,
        name="identity link",
        max_examples=EXAMPLES,
    )


def test_seat_give_form_with_confirmation(client, matrix_org):
    fuzz_form(
        client,
        reverse("seat_give", args=[matrix_org.outsider.pk]),
        ["body", "role", "municipality", "organisation", "start_date", "end_date", "replaces"],
        user=matrix_org.staff,
        fixed={"confirm": "1"},
        name="seat give",
        max_examples=EXAMPLES,
    )


def test_seat_end_form_with_confirmation(client, matrix_org):
    seat = Membership.objects.get(
        person=matrix_org.socialchef_aneby, body=matrix_org.steering_group
    )
    fuzz_form(
        client,
        reverse("seat_end", args=[matrix_org.socialchef_aneby.pk, seat.pk]),
        ["end_date"],
        user=matrix_org.staff,
        fixed={"confirm": "1"},
        name="seat end",
        max_examples=EXAMPLES,
    )
