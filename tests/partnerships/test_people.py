"""Kansliet's people pages and their services: people, sign-in accounts, seats (R3, R30, R31).

Every service refuses anyone but the office (or a superuser, break-glass) and then
writes nothing; a seat change shows its effect on rights before it is saved, derived
from `permissions.derive_permissions`, and every change is in the history.
"""

import datetime

import pytest
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from accounts.models import ExternalIdentity
from partnerships import people, permissions
from partnerships.models import Membership
from tests.factories import ExternalIdentityFactory, IdentityProviderFactory, UserFactory
from tests.security.matrix import db_state

WRONG_ACTORS = ["outsider", "socialchef_aneby", "pks_member", "tactical_chair", None]
TAKEOVER = datetime.date(2026, 9, 1)


def actor(org, name):
    return getattr(org, name) if name else None


def steering_seat(org, person):
    return Membership.objects.get(person=person, body=org.steering_group)


def give_arguments(org, **changes):
    arguments = {
        "body": org.steering_group,
        "role": Membership.Role.MEMBER,
        "municipality": org.aneby,
        "organisation": Membership.Organisation.MUNICIPALITY,
        "start_date": TAKEOVER,
        "end_date": None,
        "replaces": steering_seat(org, org.socialchef_aneby),
    }
    arguments.update(changes)
    return arguments


# --- Services: the actor ---------------------------------------------------------


def _calls(org):
    waiting = ExternalIdentityFactory()
    linked = ExternalIdentityFactory(user=org.outsider, provider=waiting.provider)
    return {
        "person_create": lambda a: people.person_create(
            actor=a, first_name="Ny", last_name="Person", email="ny@example.invalid"
        ),
        "identity_link": lambda a: people.identity_link(
            actor=a, person=org.outsider, identity=waiting
        ),
        "identity_unlink": lambda a: people.identity_unlink(actor=a, identity=linked),
        "seat_give": lambda a: people.seat_give(
            actor=a, person=org.outsider, **give_arguments(org)
        ),
        "seat_give_preview": lambda a: people.seat_give_preview(
            actor=a, person=org.outsider, **give_arguments(org)
        ),
        "seat_end": lambda a: people.seat_end(
            actor=a,
            membership=steering_seat(org, org.socialchef_aneby),
            end_date=TAKEOVER,
        ),
        "seat_end_preview": lambda a: people.seat_end_preview(
            actor=a,
            membership=steering_seat(org, org.socialchef_aneby),
            end_date=TAKEOVER,
        ),
    }


@pytest.mark.parametrize(
    "service",
    [
        "person_create",
        "identity_link",
        "identity_unlink",
        "seat_give",
        "seat_give_preview",
        "seat_end",
        "seat_end_preview",
    ],
)
@pytest.mark.parametrize("wrong", WRONG_ACTORS)
def test_r30_people_services_refuse_anyone_but_the_office_and_write_nothing(org, service, wrong):
    call = _calls(org)[service]
    before = db_state()
    with pytest.raises(PermissionDenied):
        call(actor(org, wrong))
    assert db_state() == before


def test_person_create_by_the_office_without_password_or_rights_and_logged(org):
    person = people.person_create(
        actor=org.staff, first_name="Åsa", last_name="Öberg", email="asa.oberg@nassjo.se"
    )
    assert person.username == "asa.oberg"
    assert not person.has_usable_password()
    assert permissions.object_permissions(person) == {
        codename: set() for _app, codename in permissions.MANAGED_PERMISSIONS
    }
    entry = LogEntry.objects.get(object_id=str(person.pk))
    assert (entry.user, entry.action_flag) == (org.staff, ADDITION)
    # A second person of the same address gets a free user name.
    again = people.person_create(
        actor=org.staff, first_name="Åsa", last_name="Öberg", email="asa.oberg@nassjo.se"
    )
    assert again.username == "asa.oberg2"


def test_person_create_refuses_a_taken_user_name_and_writes_nothing(org):
    before = get_user_model().objects.count()
    from core.errors import DomainError

    with pytest.raises(DomainError):
        people.person_create(actor=org.staff, first_name="A", last_name="B", username="kansli")
    assert get_user_model().objects.count() == before


# --- Sign-in accounts --------------------------------------------------------------


def test_r31_link_a_waiting_account_and_the_history_says_who(org):
    waiting = ExternalIdentityFactory()
    people.identity_link(actor=org.staff, person=org.outsider, identity=waiting)
    waiting.refresh_from_db()
    assert waiting.user == org.outsider
    latest = waiting.history.first()
    assert (latest.user_id, latest.history_user) == (org.outsider.pk, org.staff)


def test_r31_link_by_provider_and_subject_before_the_first_sign_in(org):
    provider = IdentityProviderFactory()
    identity = people.identity_link(
        actor=org.staff, person=org.outsider, provider=provider, subject=" oid-123 "
    )
    assert (identity.issuer, identity.subject, identity.user) == (
        provider.issuer,
        "oid-123",
        org.outsider,
    )


def test_an_account_linked_to_someone_else_is_refused(org):
    from core.errors import DomainError

    identity = ExternalIdentityFactory(user=org.socialchef_aneby)
    with pytest.raises(DomainError, match="redan kopplat"):
        people.identity_link(actor=org.staff, person=org.outsider, identity=identity)
    identity.refresh_from_db()
    assert identity.user == org.socialchef_aneby


def test_office_cannot_link_an_account_to_a_superuser(org):
    root = UserFactory(username="rot", is_superuser=True)
    waiting = ExternalIdentityFactory()
    with pytest.raises(PermissionDenied):
        people.identity_link(actor=org.staff, person=root, identity=waiting)
    waiting.refresh_from_db()
    assert waiting.user is None
    people.identity_link(actor=root, person=root, identity=waiting)


def test_unlink_leaves_the_account_waiting(org):
    identity = ExternalIdentityFactory(user=org.outsider)
    people.identity_unlink(actor=org.staff, identity=identity)
    identity.refresh_from_db()
    assert identity.user is None
    assert identity.history.first().history_user == org.staff


# --- Seats and their effect on rights -----------------------------------------------


def test_r31_preview_of_a_new_socialchef_taking_over_lists_rights_gained_and_lost(org):
    new = UserFactory(username="ny-socialchef")
    before = db_state()
    preview = people.seat_give_preview(actor=org.staff, person=new, **give_arguments(org))
    assert db_state() == before
    gained, lost = preview.changes
    assert (gained.person, gained.on) == (new, TAKEOVER)
    assert "besluta för Aneby (deltagande, gemensamma medel)" in gained.gained
    assert gained.lost == []
    assert (lost.person, lost.on) == (org.socialchef_aneby, TAKEOVER)
    assert "besluta för Aneby (deltagande, gemensamma medel)" in lost.lost
    # The old socialchef keeps what the preparation group gives them.
    assert any("läsa projekt och ekonomi" in right for right in lost.kept)


def test_r31_new_socialchef_takes_over_on_the_date(org):
    new = UserFactory(username="ny-socialchef")
    old_seat = steering_seat(org, org.socialchef_aneby)
    seat = people.seat_give(actor=org.staff, person=new, **give_arguments(org))
    old_seat.refresh_from_db()
    assert old_seat.end_date == TAKEOVER == seat.start_date
    day_before = TAKEOVER - datetime.timedelta(days=1)
    for person, before, after in ((org.socialchef_aneby, True, False), (new, False, True)):
        assert (
            permissions.has_perm(person, "decide_for_municipality", org.aneby, on=day_before)
            is before
        )
        assert (
            permissions.has_perm(person, "decide_for_municipality", org.aneby, on=TAKEOVER) is after
        )
    assert seat.history.first().history_user == org.staff
    assert old_seat.history.first().history_user == org.staff


def test_r31_deputy_for_a_period_gains_rights_from_start_and_loses_them_at_end(org):
    deputy = UserFactory(username="vikarie")
    start, end = datetime.date(2026, 6, 1), datetime.date(2026, 8, 1)
    arguments = give_arguments(
        org, role=Membership.Role.DEPUTY, start_date=start, end_date=end, replaces=None
    )
    preview = people.seat_give_preview(actor=org.staff, person=deputy, **arguments)
    at_start, at_end = preview.changes
    assert (
        at_start.on == start
        and "besluta för Aneby (deltagande, gemensamma medel)" in at_start.gained
    )
    assert at_end.on == end and "besluta för Aneby (deltagande, gemensamma medel)" in at_end.lost
    people.seat_give(actor=org.staff, person=deputy, **arguments)
    assert permissions.has_perm(deputy, "decide_for_municipality", org.aneby, on=start)
    assert not permissions.has_perm(deputy, "decide_for_municipality", org.aneby, on=end)


def test_r4_preview_refuses_what_saving_would_refuse(org):
    from core.errors import DomainError

    with pytest.raises(DomainError):
        people.seat_give_preview(
            actor=org.staff,
            person=org.outsider,
            **give_arguments(org, body=org.preparation_group, replaces=None),
        )


def test_takeover_of_a_seat_in_another_body_is_refused(org):
    from core.errors import DomainError

    before = db_state()
    with pytest.raises(DomainError):
        people.seat_give(
            actor=org.staff,
            person=org.outsider,
            **give_arguments(org, replaces=Membership.objects.get(person=org.pks_member)),
        )
    assert db_state() == before


def test_seat_end_preview_lists_what_goes(org):
    seat = steering_seat(org, org.socialchef_jonkoping)
    preview = people.seat_end_preview(actor=org.staff, membership=seat, end_date=TAKEOVER)
    (change,) = preview.changes
    assert "besluta för Jönköping (deltagande, gemensamma medel)" in change.lost
    people.seat_end(actor=org.staff, membership=seat, end_date=TAKEOVER)
    seat.refresh_from_db()
    assert seat.end_date == TAKEOVER


# --- Views ----------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["outsider", "socialchef_aneby", "pks_member", "tactical_chair"])
def test_people_pages_are_the_offices(client, org, role):
    client.force_login(getattr(org, role))
    seat = steering_seat(org, org.socialchef_aneby)
    for url in (
        reverse("people_list"),
        reverse("person_add"),
        reverse("person_detail", args=[org.outsider.pk]),
        reverse("seat_give", args=[org.outsider.pk]),
        reverse("seat_end", args=[org.socialchef_aneby.pk, seat.pk]),
    ):
        assert client.get(url).status_code == 403, url


def test_office_adds_a_person_and_sees_them(client, org):
    client.force_login(org.staff)
    response = client.post(
        reverse("person_add"),
        {"first_name": "Karin", "last_name": "Lund", "email": "karin.lund@vetlanda.se"},
    )
    person = get_user_model().objects.get(username="karin.lund")
    assert response["Location"] == reverse("person_detail", args=[person.pk])
    page = client.get(response["Location"]).content.decode()
    assert "Karin Lund" in page and "Inga platser" in page


def test_seat_form_previews_then_saves_only_on_confirmation(client, org):
    client.force_login(org.staff)
    new = UserFactory(username="ny-socialchef")
    url = reverse("seat_give", args=[new.pk])
    data = {
        "body": org.steering_group.pk,
        "role": Membership.Role.MEMBER,
        "municipality": org.aneby.pk,
        "organisation": "",
        "start_date": TAKEOVER.isoformat(),
        "end_date": "",
        "replaces": steering_seat(org, org.socialchef_aneby).pk,
    }
    before = db_state()
    response = client.post(url, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Får rätt att" in page and "Förlorar rätten att" in page
    assert "besluta för Aneby (deltagande, gemensamma medel)" in page
    assert db_state() == before
    response = client.post(url, {**data, "edit": "1"})
    assert "Visa vad det gör med behörigheterna" in response.content.decode()
    assert db_state() == before
    response = client.post(url, {**data, "confirm": "1"})
    assert response.status_code == 302
    assert Membership.objects.get(person=new).start_date == TAKEOVER


def test_link_form_links_a_waiting_account(client, org):
    client.force_login(org.staff)
    waiting = ExternalIdentityFactory(name_hint="Lisa Berg")
    assert "Lisa Berg" in client.get(reverse("people_list")).content.decode()
    response = client.post(
        reverse("person_identity_link", args=[org.outsider.pk]), {"waiting": waiting.pk}
    )
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.user == org.outsider
    response = client.post(reverse("person_identity_link", args=[org.outsider.pk]), {})
    assert response.status_code == 200
    assert "Välj ett konto" in response.content.decode()


def test_people_list_reads_in_a_fixed_number_of_queries(client, org, django_assert_max_num_queries):
    client.force_login(org.staff)
    client.get(reverse("people_list"))
    with django_assert_max_num_queries(12):
        response = client.get(reverse("people_list"))
    assert response.status_code == 200
    assert ExternalIdentity.objects.count() == 0
