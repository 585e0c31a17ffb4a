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


def test_seed_demo_population_is_the_published_2024_figures_with_source():
    call_command("seed_demo", stdout=StringIO())
    figures = PopulationFigure.objects.filter(date="2024-12-31")
    assert figures.count() == 13
    assert sum(f.population for f in figures) == 370009
    assert all("SCB" in f.source for f in figures)


def test_seed_demo_puts_first_three_socialchefer_in_preparation_group():
    call_command("seed_demo", stdout=StringIO())
    usernames = set(
        Membership.objects.filter(body__kind="preparation_group").values_list(
            "person__username", flat=True
        )
    )
    assert usernames == {"socialchef-0604", "socialchef-0617", "socialchef-0642"}


def test_seed_demo_prints_logins():
    out = StringIO()
    call_command("seed_demo", "--logins", stdout=out)
    assert "socialchef-0680" in out.getvalue() and "pks-0687" in out.getvalue()
