"""The seed_demo contract (DOMAIN.md)."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from partnerships.models import Membership, Municipality, PopulationFigure

pytestmark = pytest.mark.django_db


def counts():
    return (
        Municipality.objects.count(),
        PopulationFigure.objects.count(),
        Membership.objects.count(),
        get_user_model().objects.count(),
    )


def test_seed_demo_creates_the_contracted_users_and_is_idempotent():
    call_command("seed_demo", stdout=StringIO())
    first = counts()
    call_command("seed_demo", stdout=StringIO())
    assert counts() == first

    assert first[0] == 13
    users = set(get_user_model().objects.values_list("username", flat=True))
    expected = {"kansli", "taktisk-ifo", "taktisk-aldre", "taktisk-hsv", "taktisk-funk"}
    expected |= {f"socialchef-{c}" for c in ("0604", "0680", "0687")}
    expected |= {f"pks-{c}" for c in ("0604", "0680", "0687")}
    assert expected <= users
    chef = get_user_model().objects.get(username="socialchef-0680")
    assert chef.check_password("demo")


def _rows_written_in_this_transaction() -> int:
    """Rows inserted, updated or deleted so far in the test's transaction, in any table
    (history tables included), as PostgreSQL counts them."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0) "
            "FROM pg_stat_xact_user_tables"
        )
        return cursor.fetchone()[0]


def test_seed_demo_a_second_time_writes_nothing_at_all():
    """Not a row in any table, history included."""
    call_command("seed_demo", stdout=StringIO())
    before = _rows_written_in_this_transaction()
    assert before > 0  # the counter sees the first seeding's writes
    call_command("seed_demo", stdout=StringIO())
    assert _rows_written_in_this_transaction() == before


def test_seed_demo_population_is_the_published_2024_figures_with_source(seeded_demo):
    figures = PopulationFigure.objects.filter(date="2024-12-31")
    assert figures.count() == 13
    assert sum(f.population for f in figures) == 370009
    assert all("SCB" in f.source for f in figures)


def test_seed_demo_puts_first_three_socialchefer_in_preparation_group(seeded_demo):
    usernames = set(
        Membership.objects.filter(body__kind="preparation_group").values_list(
            "person__username", flat=True
        )
    )
    assert usernames == {"socialchef-0604", "socialchef-0617", "socialchef-0642"}


def test_seed_demo_prints_logins(seeded_demo):
    out = StringIO()
    call_command("seed_demo", "--logins", stdout=out)
    assert "socialchef-0680" in out.getvalue() and "pks-0687" in out.getvalue()


def test_every_demo_user_can_log_in(seeded_demo, client):
    from django.urls import reverse

    from partnerships.demo import demo_logins

    logins = demo_logins()
    assert len(logins) == 1 + 13 + 13 + 4
    for username, _ in logins:
        response = client.post(reverse("login"), {"username": username, "password": "demo"})
        assert response.status_code == 302, username
        assert response["Location"] == reverse("start")
        client.post(reverse("logout"))


def test_staff_reaches_the_swedish_admin(seeded_demo, client):
    from django.urls import reverse

    client.force_login(get_user_model().objects.get(username="kansli"))
    response = client.get(reverse("admin:partnerships_membership_changelist"))
    assert response.status_code == 200
    assert "Välj uppdrag att ändra" in response.content.decode()
