"""Factories for the suite. Memberships go through the service so permissions sync (R30)."""

import datetime

import factory
from django.contrib.auth import get_user_model

from accounts.models import ExternalIdentity, IdentityProvider
from partnerships import permissions, services
from partnerships.models import (
    Agreement,
    Body,
    Membership,
    Municipality,
    Partnership,
    PopulationFigure,
)

MUNICIPALITIES = [
    ("0604", "Aneby"),
    ("0617", "Gnosjö"),
    ("0642", "Mullsjö"),
    ("0643", "Habo"),
    ("0662", "Gislaved"),
    ("0665", "Vaggeryd"),
    ("0680", "Jönköping"),
    ("0682", "Nässjö"),
    ("0683", "Värnamo"),
    ("0684", "Sävsjö"),
    ("0685", "Vetlanda"),
    ("0686", "Eksjö"),
    ("0687", "Tranås"),
]


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"person{n}")
    first_name = factory.Faker("first_name", locale="sv_SE")
    last_name = factory.Faker("last_name", locale="sv_SE")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.invalid")
    password = factory.django.Password("correct horse battery")


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"{9000 + n:04d}")
    name = factory.Sequence(lambda n: f"Testkommun {n}")


class PartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partnership
        django_get_or_create = ("slug",)

    slug = "social-valfard"
    name = "Social välfärd och hälso- och sjukvård"


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agreement

    partnership = factory.SubFactory(PartnershipFactory)
    title = "Samverkansavtal"
    effective_from = datetime.date(2025, 6, 1)


class BodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Body
        django_get_or_create = ("partnership", "slug")

    partnership = factory.SubFactory(PartnershipFactory)
    kind = Body.Kind.WORKING_GROUP
    name = factory.Sequence(lambda n: f"Grupp {n}")
    slug = factory.Sequence(lambda n: f"grupp-{n}")


class PopulationFigureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PopulationFigure

    municipality = factory.SubFactory(MunicipalityFactory)
    date = datetime.date(2024, 12, 31)
    population = 10000
    source = "SCB (test)"


def seat(person, body, *, role=Membership.Role.MEMBER, municipality=None, start_date=None):
    """Give a person a seat through the service as the operator (permissions follow, R30)."""
    return services.membership_start(
        actor=permissions.OPERATOR,
        person=person,
        body=body,
        role=role,
        municipality=municipality,
        organisation="municipality" if municipality else "ku",
        start_date=start_date or datetime.date(2025, 1, 1),
    )


class IdentityProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IdentityProvider

    name = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.Sequence(lambda n: f"org-{n}")
    issuer = factory.Sequence(lambda n: f"https://login.example.invalid/tenant-{n}/v2.0")
    client_id = "kommunalutveckling"
    client_secret = "not-used"


class ExternalIdentityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExternalIdentity

    provider = factory.SubFactory(IdentityProviderFactory)
    issuer = factory.LazyAttribute(lambda identity: identity.provider.issuer)
    subject = factory.Sequence(lambda n: f"subject-{n}")
