"""Shared personas: the suite reads like sentences (a socialchef of Aneby, staff, ...)."""

import contextlib
import datetime
import os
from types import SimpleNamespace

import pytest
from django.conf import settings

from partnerships.models import Body, Membership
from tests.factories import (
    MUNICIPALITIES,
    AgreementFactory,
    BodyFactory,
    MunicipalityFactory,
    PartnershipFactory,
    UserFactory,
    seat,
)


def pytest_configure(config):
    # Fast hashing in tests (cookiecutter-django); never in production.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # The test client speaks plain HTTP; production redirects to HTTPS.
    settings.SECURE_SSL_REDIRECT = False
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.WHITENOISE_AUTOREFRESH = True
    settings.WHITENOISE_USE_FINDERS = True
    if "postgresql" not in settings.DATABASES["default"]["ENGINE"]:
        raise pytest.UsageError(
            "The suite runs on PostgreSQL only: run `make test`, or set DATABASE_URL."
        )
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # live_server + Playwright


def build_org():
    """The partnership with its 13 municipalities, bodies and one person per role."""
    partnership = PartnershipFactory()
    municipalities = {
        code: MunicipalityFactory(code=code, name=name) for code, name in MUNICIPALITIES
    }
    partnership.members.add(*municipalities.values())
    agreement = AgreementFactory(partnership=partnership)
    office = BodyFactory(
        partnership=partnership, kind=Body.Kind.OFFICE, slug="kansliet", name="Kansliet"
    )
    # PKS governs all of Kommunal utveckling, not one partnership (R50).
    pks = BodyFactory(partnership=None, kind=Body.Kind.PKS, slug="pks", name="PKS")
    steering = BodyFactory(
        partnership=partnership,
        kind=Body.Kind.STEERING_GROUP,
        slug="styrgrupp",
        name="Socialchefsnätverket",
    )
    preparation = BodyFactory(
        partnership=partnership,
        kind=Body.Kind.PREPARATION_GROUP,
        slug="beredningsgrupp",
        name="Beredningsgruppen",
        parent=steering,
    )
    tactical_ifo = BodyFactory(
        partnership=partnership,
        kind=Body.Kind.TACTICAL_GROUP,
        slug="taktisk-ifo",
        name="Taktisk styrgrupp IFO",
    )
    tactical_aldre = BodyFactory(
        partnership=partnership,
        kind=Body.Kind.TACTICAL_GROUP,
        slug="taktisk-aldre",
        name="Taktisk styrgrupp Äldreomsorg",
    )

    staff = UserFactory(username="kansli")
    seat(staff, office)
    socialchefer = {}
    for code, _ in MUNICIPALITIES:
        person = UserFactory(username=f"socialchef-{code}")
        seat(person, steering, municipality=municipalities[code])
        socialchefer[code] = person
    for code in ("0604", "0617", "0642"):
        seat(socialchefer[code], preparation, municipality=municipalities[code])
    deputy_jonkoping = UserFactory(username="ersattare-0680")
    seat(
        deputy_jonkoping, steering, role=Membership.Role.DEPUTY, municipality=municipalities["0680"]
    )
    pks_member = UserFactory(username="pks-0680")
    seat(pks_member, pks, municipality=municipalities["0680"])
    tactical_chair = UserFactory(username="taktisk-ifo")
    seat(
        tactical_chair,
        tactical_ifo,
        role=Membership.Role.CHAIR,
        municipality=municipalities["0680"],
    )
    tactical_member = UserFactory(username="taktisk-ifo-ledamot")
    seat(tactical_member, tactical_ifo, municipality=municipalities["0604"])
    tactical_other = UserFactory(username="taktisk-aldre")
    seat(
        tactical_other,
        tactical_aldre,
        role=Membership.Role.CHAIR,
        municipality=municipalities["0682"],
    )
    outsider = UserFactory(username="utomstaende")

    return SimpleNamespace(
        partnership=partnership,
        agreement=agreement,
        municipalities=municipalities,
        aneby=municipalities["0604"],
        jonkoping=municipalities["0680"],
        office=office,
        pks=pks,
        steering_group=steering,
        preparation_group=preparation,
        tactical_ifo=tactical_ifo,
        tactical_aldre=tactical_aldre,
        staff=staff,
        socialchefer=socialchefer,
        socialchef_aneby=socialchefer["0604"],
        socialchef_jonkoping=socialchefer["0680"],
        deputy_jonkoping=deputy_jonkoping,
        pks_member=pks_member,
        tactical_chair=tactical_chair,
        tactical_member=tactical_member,
        tactical_other=tactical_other,
        outsider=outsider,
        today=datetime.date.today(),
    )


@pytest.fixture
def org(db):
    return build_org()


@pytest.fixture(autouse=True)
def _empty_caches():
    """Every test starts with empty caches (the checked bytes of published PDFs): a
    rolled-back test reuses ids, so an earlier test's entries must not linger."""
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()


@contextlib.contextmanager
def module_transaction(django_db_blocker):
    """An outer transaction for data built once per test module, rolled back at its end.

    Each test still runs in its own savepoint (the `db` fixture) on top of it, so what a
    test changes is rolled back, and the database is left as it was found.
    """
    from django.db import transaction

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture(scope="module")
def seeded_demo(django_db_setup, django_db_blocker):
    """The demo (`seed_demo`) seeded once per test module: tests that only read it share
    one seeding (it takes seconds)."""
    from io import StringIO

    from django.core.management import call_command

    with module_transaction(django_db_blocker):
        call_command("seed_demo", stdout=StringIO())
        yield
