"""The organisation's services guard their actor (R2, R3, R22, R30, R31).

Seats and notices are recorded by the office of the partnership, population
figures (shared by every partnership) by an office; a superuser may too
(break-glass: a fresh installation has no office to give the first office seat),
and the server operator (`permissions.OPERATOR`, a management command) for the
administrative acts. Called directly, a service refuses anyone else, `None`
included, with PermissionDenied and writes nothing.
"""

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command

from partnerships import permissions, services
from partnerships.models import Body, Membership, PopulationFigure
from tests.factories import BodyFactory, PartnershipFactory, UserFactory, seat
from tests.security.matrix import db_state

WRONG_ACTORS = ["outsider", "socialchef_aneby", "pks_member", "tactical_chair", None]
POPULATION = "kommunkod,kommun,datum,folkmangd\n0604,Aneby,2025-12-31,6800\n"


@pytest.fixture
def other(org):
    """Another partnership with its own office and a body."""
    partnership = PartnershipFactory(slug="annat-partnerskap")
    office = BodyFactory(partnership=partnership, kind=Body.Kind.OFFICE, slug="kansli-annat")
    person = UserFactory(username="kansli-annat")
    seat(person, office)
    group = BodyFactory(partnership=partnership, kind=Body.Kind.TACTICAL_GROUP, slug="grupp")
    return type("Other", (), {"partnership": partnership, "staff": person, "group": group})


def _calls(org, other=None):
    # A seat in a body of the partnership (PKS is county-wide, R50).
    group_seat = Membership.objects.get(person=org.tactical_member, body=org.tactical_ifo)
    calls = {
        "membership_start": lambda actor: services.membership_start(
            actor=actor,
            person=org.outsider,
            body=org.tactical_ifo,
            municipality=org.aneby,
            start_date=datetime.date(2026, 1, 1),
        ),
        "membership_end": lambda actor: services.membership_end(
            actor=actor, membership=group_seat, end_date=datetime.date(2030, 1, 1)
        ),
        "membership_update": lambda actor: services.membership_update(
            actor=actor, membership=group_seat, role=Membership.Role.CHAIR
        ),
        "termination_notice_record": lambda actor: services.termination_notice_record(
            actor=actor,
            agreement=org.agreement,
            municipality=org.aneby,
            given_on=datetime.date(2026, 3, 15),
            reference="KS 2026/12",
        ),
        "population_import": lambda actor: services.population_import(
            actor=actor, text=POPULATION, source="SCB"
        ),
    }
    return calls


SERVICES = [
    "membership_start",
    "membership_end",
    "membership_update",
    "termination_notice_record",
    "population_import",
]
OPERATOR_SERVICES = [s for s in SERVICES if s != "termination_notice_record"]


@pytest.mark.parametrize("service", SERVICES)
@pytest.mark.parametrize("who", WRONG_ACTORS)
def test_r30_organisation_service_refuses_an_actor_without_the_office_and_writes_nothing(
    org, service, who
):
    call = _calls(org)[service]
    before = db_state()
    with pytest.raises(PermissionDenied):
        call(getattr(org, who) if who else None)
    assert db_state() == before


@pytest.mark.parametrize("service", SERVICES)
def test_r30_organisation_service_passes_for_the_office(org, service):
    before = db_state()
    _calls(org)[service](org.staff)
    assert db_state() != before


@pytest.mark.parametrize("service", SERVICES)
def test_r30_organisation_service_passes_for_a_superuser_break_glass(org, service):
    root = UserFactory(username="root", is_superuser=True)
    before = db_state()
    _calls(org)[service](root)
    assert db_state() != before


@pytest.mark.parametrize("service", OPERATOR_SERVICES)
def test_r30_organisation_service_passes_for_the_operator_without_a_user(org, service):
    before = db_state()
    _calls(org)[service](permissions.OPERATOR)
    assert db_state() != before


def test_r2_operator_cannot_record_a_notice_it_names_who_recorded_it(org):
    before = db_state()
    with pytest.raises(PermissionDenied):
        _calls(org)["termination_notice_record"](permissions.OPERATOR)
    assert db_state() == before


@pytest.mark.parametrize("service", ["membership_start", "membership_end", "membership_update"])
def test_r30_office_of_another_partnership_may_not_seat_people_here(org, other, service):
    before = db_state()
    with pytest.raises(PermissionDenied):
        _calls(org)[service](other.staff)
    assert db_state() == before


def test_r30_seat_cannot_be_moved_into_a_partnership_the_actor_does_not_manage(org, other):
    group_seat = Membership.objects.get(person=org.tactical_member, body=org.tactical_ifo)
    before = db_state()
    with pytest.raises(PermissionDenied):
        services.membership_update(actor=org.staff, membership=group_seat, body=other.group)
    assert db_state() == before
    assert Membership.objects.get(pk=group_seat.pk).body == org.tactical_ifo


def test_r22_population_figures_are_shared_so_any_office_imports_them(org, other):
    services.population_import(actor=other.staff, text=POPULATION, source="SCB")
    assert PopulationFigure.objects.get(date=datetime.date(2025, 12, 31)).population == 6800


def test_r30_first_office_seat_of_a_fresh_installation_by_a_superuser(db):
    partnership = PartnershipFactory(slug="nytt")
    office = BodyFactory(partnership=partnership, kind=Body.Kind.OFFICE, slug="kansli-nytt")
    root = UserFactory(username="root", is_superuser=True)
    first = UserFactory(username="forsta-kansli")
    membership = services.membership_start(
        actor=root, person=first, body=office, organisation=Membership.Organisation.KU
    )
    assert membership.history.get().history_user == root
    assert permissions.is_office(first)


def test_r31_office_seat_that_has_ended_no_longer_seats_anyone(org):
    former = UserFactory(username="kansli-tidigare")
    membership = seat(former, org.office)
    services.membership_end(actor=org.staff, membership=membership, end_date=org.today)
    before = db_state()
    with pytest.raises(PermissionDenied):
        _calls(org)["membership_start"](former)
    assert db_state() == before


def test_r17_operator_seat_is_recorded_without_a_user(org):
    membership = _calls(org)["membership_start"](permissions.OPERATOR)
    assert membership.history.get().history_user is None


# --- The command: operator by default, --actor acts as that person ------------


def test_import_population_runs_as_the_operator_by_default(org, tmp_path):
    path = tmp_path / "folkmangd.csv"
    path.write_text(POPULATION, encoding="utf-8")
    call_command("import_population", str(path), stdout=io.StringIO())
    figure = PopulationFigure.objects.get(date=datetime.date(2025, 12, 31))
    assert figure.history.get().history_user is None


def test_import_population_with_actor_records_that_person(org, tmp_path):
    path = tmp_path / "folkmangd.csv"
    path.write_text(POPULATION, encoding="utf-8")
    call_command("import_population", str(path), "--actor", "kansli", stdout=io.StringIO())
    figure = PopulationFigure.objects.get(date=datetime.date(2025, 12, 31))
    assert figure.history.get().history_user == org.staff


@pytest.mark.parametrize("username", ["socialchef-0604", "finns-inte"])
def test_import_population_with_an_actor_without_the_right_is_refused(org, tmp_path, username):
    path = tmp_path / "folkmangd.csv"
    path.write_text(POPULATION, encoding="utf-8")
    before = db_state()
    with pytest.raises(CommandError) as refused:
        call_command("import_population", str(path), "--actor", username, stdout=io.StringIO())
    assert username in str(refused.value)
    assert db_state() == before
