"""The membership admin goes through the services (R30); a refusal saves and claims nothing."""

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.messages import get_messages
from django.urls import reverse

from partnerships import permissions
from partnerships.models import Membership

pytestmark = pytest.mark.django_db

FULL = "Beredningsgruppen har redan tre ledamöter"


def seat_form(person, body, municipality, **changes):
    data = {
        "person": person.pk,
        "body": body.pk,
        "organisation": Membership.Organisation.MUNICIPALITY,
        "municipality": municipality.pk,
        "role": Membership.Role.MEMBER,
        "start_date": "2026-01-01",
        "end_date": "",
    }
    data.update(changes)
    return data


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def membership_state():
    return (
        tuple(Membership.objects.order_by("pk").values_list()),
        Membership.history.count(),
        LogEntry.objects.count(),
    )


def test_r4_admin_refuses_a_fourth_preparation_seat_and_claims_nothing(client, org):
    client.force_login(org.staff)
    before = membership_state()
    jonkoping = org.socialchef_jonkoping

    response = client.post(
        reverse("admin:partnerships_membership_add"),
        seat_form(jonkoping, org.preparation_group, org.jonkoping),
    )

    assert response.status_code == 200  # the form again, not a redirect to the list
    page = response.content.decode()
    assert FULL in page
    assert "lades till" not in page and not messages_of(response)
    # What was typed is still there, to correct.
    assert f'<option value="{org.preparation_group.pk}" selected>' in page
    assert membership_state() == before
    assert not permissions.has_perm(jonkoping, "prepare_matters", org.partnership)


def test_r4_admin_refuses_a_change_that_breaks_the_preparation_group(client, org):
    seat = Membership.objects.get(person=org.socialchef_aneby, body=org.preparation_group)
    client.force_login(org.staff)
    before = membership_state()

    # The outsider does not sit in the steering group.
    response = client.post(
        reverse("admin:partnerships_membership_change", args=[seat.pk]),
        seat_form(org.outsider, org.preparation_group, org.aneby),
    )

    assert response.status_code == 200
    assert "personen sitter inte i styrgruppen" in response.content.decode()
    assert not messages_of(response)
    assert membership_state() == before


def test_r30_admin_seat_goes_through_the_service(client, org):
    client.force_login(org.staff)

    response = client.post(
        reverse("admin:partnerships_membership_add"),
        seat_form(org.outsider, org.tactical_aldre, org.aneby, start_date="2025-01-01"),
    )

    assert response.status_code == 302
    seat = Membership.objects.get(person=org.outsider)
    assert seat.history.get().history_user == org.staff
    assert permissions.has_perm(org.outsider, "edit_portfolio", org.tactical_aldre)
    assert LogEntry.objects.filter(object_id=str(seat.pk)).exists()


def test_membership_list_speaks_swedish(client, org):
    client.force_login(org.staff)

    page = client.get(reverse("admin:partnerships_membership_changelist")).content.decode()

    assert "Företräder" in page
    assert "Represents" not in page
