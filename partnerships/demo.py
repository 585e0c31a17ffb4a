"""Demo organisation for `seed_demo`: municipalities, population, partnership, bodies, people.

Everything here is labelled as demo; the population figures are real (see data/README.md).
Idempotent: running it again changes nothing.
"""

import datetime
import functools
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from partnerships import permissions, services
from partnerships.models import Agreement, Body, Membership, Municipality, Partnership

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
PARTNERSHIP_SLUG = "social-valfard"
POPULATION_FILE = Path(__file__).parent / "data" / "population-2024-12-31.csv"
POPULATION_SOURCE = "SCB, Folkmängd 31 december 2024 (via citypopulation.de)"
SEATS_FROM = datetime.date(2025, 6, 1)
# PKS (county-wide, R50) sat before the partnership's agreement: its 2025-05-08 meeting
# (seed 004, meetings/demo.py) takes its attendance from these seats.
PKS_SEATS_FROM = datetime.date(2025, 1, 1)

# Fictional people (demo); one socialchef and one PKS member per municipality.
SOCIALCHEF_NAMES = {
    "0604": ("Karin", "Lindqvist"),
    "0617": ("Anders", "Berg"),
    "0642": ("Maria", "Sandberg"),
    "0643": ("Johan", "Ekström"),
    "0662": ("Eva", "Holmberg"),
    "0665": ("Peter", "Nyström"),
    "0680": ("Anna", "Lundgren"),
    "0682": ("Lars", "Forsberg"),
    "0683": ("Sofia", "Wallin"),
    "0684": ("Mikael", "Björk"),
    "0685": ("Helena", "Engström"),
    "0686": ("Per", "Sjöberg"),
    "0687": ("Linda", "Åberg"),
}
PKS_NAMES = {
    "0604": ("Gunnar", "Strand"),
    "0617": ("Birgitta", "Hedlund"),
    "0642": ("Ulf", "Nordin"),
    "0643": ("Ingrid", "Falk"),
    "0662": ("Stefan", "Lindholm"),
    "0665": ("Margareta", "Blom"),
    "0680": ("Thomas", "Dahl"),
    "0682": ("Kerstin", "Hellström"),
    "0683": ("Magnus", "Öberg"),
    "0684": ("Annika", "Lind"),
    "0685": ("Fredrik", "Söderberg"),
    "0686": ("Camilla", "Bergqvist"),
    "0687": ("Jonas", "Mattsson"),
}
TACTICAL_GROUPS = [
    # username, body slug, body name, short name, chair's municipality, chair's name
    (
        "taktisk-ifo",
        "taktisk-ifo",
        "Taktisk styrgrupp Individ- och familjeomsorg",
        "IFO",
        "0680",
        ("Elin", "Karlsson"),
    ),
    (
        "taktisk-aldre",
        "taktisk-aldre",
        "Taktisk styrgrupp Äldreomsorg",
        "Äldreomsorg",
        "0682",
        ("Håkan", "Persson"),
    ),
    (
        "taktisk-hsv",
        "taktisk-hsv",
        "Taktisk styrgrupp Hälso- och sjukvård",
        "HSV",
        "0683",
        ("Malin", "Johansson"),
    ),
    (
        "taktisk-funk",
        "taktisk-funk",
        "Taktisk styrgrupp Funktionsstöd",
        "Funktionsstöd",
        "0685",
        ("Oskar", "Nilsson"),
    ),
]
PREPARATION_GROUP_CODES = ("0604", "0617", "0642")  # the first three socialchefer by code


@functools.cache
def _demo_password_hash(password: str) -> str:
    # Every demo login has the same published password: hash it once, not 31 times.
    return make_password(password)


def _user(username, first_name, last_name, title, email_domain="demo.invalid"):
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=username,
        defaults={
            "first_name": first_name,
            "last_name": last_name,
            "title": title,
            "email": f"{username}@{email_domain}",
        },
    )
    if created:
        user.password = _demo_password_hash(settings.DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


def _seat(person, body, role, municipality=None, organisation="municipality", start=SEATS_FROM):
    exists = (
        Membership.objects.active(start)
        .filter(person=person, body=body, municipality=municipality)
        .exists()
    )
    if not exists:
        services.membership_start(
            actor=permissions.OPERATOR,
            person=person,
            body=body,
            role=role,
            municipality=municipality,
            organisation=organisation,
            start_date=start,
        )


def _body(partnership, slug, kind, name, short_name="", parent=None, **extra):
    body, _ = Body.objects.get_or_create(
        partnership=partnership,
        slug=slug,
        defaults={
            "kind": kind,
            "name": name,
            "short_name": short_name,
            "parent": parent,
            **extra,
        },
    )
    return body


# The management system with the Region (seed 003, R70): slug, kind, name, short name,
# parent slug, minimum meetings a year, mandate (summarised from the seed).
MANAGEMENT_SYSTEM = [
    (
        "kommunalt-forum",
        Body.Kind.MUNICIPAL_FORUM,
        "Kommunalt forum",
        "",
        None,
        6,
        "Det politiska samverkansorganet mellan länets kommuner och regionen. Ger ReKo "
        "uppdrag inom hälsa, vård och omsorg, beslutar om rekommendationer till regionen "
        "och kommunerna, håller fördjupade samråd två gånger per år, följer upp "
        "gemensamma uppdrag och fastställer strategigruppernas strategier.",
    ),
    (
        "reko",
        Body.Kind.REKO,
        "ReKo – ledningsgruppen för samverkan Region Jönköpings län och länets kommuner",
        "ReKo",
        "kommunalt-forum",
        6,
        "Länken mellan Kommunalt forum och strategigrupperna. Bereder ärenden till "
        "Kommunalt forum, beslutar i frågor som beretts i strategigrupperna, antar "
        "strategigruppernas handlingsplaner och följer upp beslut inom ledningssystemet.",
    ),
    (
        "reko-beredning",
        Body.Kind.REKO_PREPARATION_GROUP,
        "ReKos beredningsgrupp",
        "",
        "reko",
        6,
        "Bereder ReKos möten och formulerar förslag till beslut; färdigställer ärenden "
        "från strategigrupperna och till Kommunalt forum.",
    ),
    (
        "chefsgruppen",
        Body.Kind.CHIEFS_GROUP,
        "Chefsgruppen",
        "",
        "reko",
        2,
        "Fördjupad dialog över huvudmannagränser inför viktiga beslut; länets "
        "socialchefer, sjukvårdsdirektörer och skolchefer.",
    ),
    (
        "strategigrupp-barn-unga",
        Body.Kind.STRATEGY_GROUP,
        "Strategigrupp Barn och unga",
        "Barn och unga",
        "reko",
        4,
        "Tar fram en treårig strategi (fastställs av Kommunalt forum) och en årlig "
        "handlingsplan (antas av ReKo, anmäls till PKS) för barn och unga.",
    ),
    (
        "strategigrupp-psykiatri-missbruk",
        Body.Kind.STRATEGY_GROUP,
        "Strategigrupp Psykiatri/missbruk",
        "Psykiatri/missbruk",
        "reko",
        4,
        "Tar fram en treårig strategi (fastställs av Kommunalt forum) och en årlig "
        "handlingsplan (antas av ReKo, anmäls till PKS) för psykiatri och missbruk.",
    ),
    (
        "strategigrupp-aldre",
        Body.Kind.STRATEGY_GROUP,
        "Strategigrupp Äldre",
        "Äldre",
        "reko",
        4,
        "Tar fram en treårig strategi (fastställs av Kommunalt forum) och en årlig "
        "handlingsplan (antas av ReKo, anmäls till PKS) för äldre.",
    ),
]


def _management_system() -> dict[str, Body]:
    """The county-wide bodies of the management system with the Region (R70)."""
    bodies: dict[str, Body] = {}
    for slug, kind, name, short, parent, min_meetings, mandate in MANAGEMENT_SYSTEM:
        bodies[slug] = _body(
            None,
            slug,
            kind,
            name,
            short,
            parent=bodies.get(parent),
            min_meetings_per_year=min_meetings,
            mandate=mandate,
        )
    return bodies


def seed(stdout=None) -> dict:
    """Create the demo organisation; returns the objects other apps' demos build on."""
    for code, name in MUNICIPALITIES:
        Municipality.objects.get_or_create(code=code, defaults={"name": name})
    municipalities = {m.code: m for m in Municipality.objects.all()}

    partnership, _ = Partnership.objects.get_or_create(
        slug=PARTNERSHIP_SLUG, defaults={"name": "Social välfärd och hälso- och sjukvård"}
    )
    # Only the missing ones: `add` writes an m2m history entry even for existing links.
    present = set(partnership.members.values_list("pk", flat=True))
    missing = [m for m in municipalities.values() if m.pk not in present]
    if missing:
        partnership.members.add(*missing)
    agreement, _ = Agreement.objects.get_or_create(
        partnership=partnership,
        effective_from=datetime.date(2025, 6, 1),
        defaults={
            "title": "Samverkansavtal Social välfärd och hälso- och sjukvård (demo)",
            "reference": "Demo: PKS 2025-05-08 § 98",
        },
    )

    kansli = _user(
        "kansli", "Eva", "Kanslisson", "Verksamhetsutvecklare, Kommunal utveckling (demo)"
    )
    # `seed_demo` is run by the server operator: the organisation (figures, seats,
    # the first office seat too) is set up as the operator; the office's own work
    # (finance, reporting) is then done as `kansli`, who holds the office seat.
    services.population_import(
        actor=permissions.OPERATOR,
        text=POPULATION_FILE.read_text(encoding="utf-8"),
        source=POPULATION_SOURCE,
    )

    office = _body(partnership, "kansliet", Body.Kind.OFFICE, "Kansliet, Kommunal utveckling")
    # PKS governs all of Kommunal utveckling, not one partnership (R50).
    pks = _body(None, "pks", Body.Kind.PKS, "Primärkommunalt samverkansorgan", "PKS")
    management_system = _management_system()
    steering = _body(
        partnership,
        "socialchefsnatverket",
        Body.Kind.STEERING_GROUP,
        "Socialchefsnätverket (styrgrupp)",
    )
    preparation = _body(
        partnership,
        "beredningsgruppen",
        Body.Kind.PREPARATION_GROUP,
        "Beredningsgruppen",
        parent=steering,
    )
    _seat(kansli, office, Membership.Role.MEMBER, organisation="ku")

    socialchefer = {}
    for code, (first, last) in SOCIALCHEF_NAMES.items():
        municipality = municipalities[code]
        person = _user(
            f"socialchef-{code}", first, last, f"Socialchef, {municipality.name} kommun (demo)"
        )
        role = Membership.Role.CHAIR if code == "0680" else Membership.Role.MEMBER
        _seat(person, steering, role, municipality)
        socialchefer[code] = person
    for code in PREPARATION_GROUP_CODES:
        _seat(socialchefer[code], preparation, Membership.Role.MEMBER, municipalities[code])

    for code, (first, last) in PKS_NAMES.items():
        municipality = municipalities[code]
        person = _user(f"pks-{code}", first, last, f"Ledamot i PKS, {municipality.name} (demo)")
        role = Membership.Role.CHAIR if code == "0680" else Membership.Role.MEMBER
        _seat(person, pks, role, municipality, start=PKS_SEATS_FROM)

    tactical = {}
    for username, slug, name, short, code, (first, last) in TACTICAL_GROUPS:
        body = _body(partnership, slug, Body.Kind.TACTICAL_GROUP, name, short, parent=steering)
        person = _user(username, first, last, f"Verksamhetschef, ordförande i {name} (demo)")
        _seat(person, body, Membership.Role.CHAIR, municipalities[code])
        tactical[slug] = body

    if stdout:
        stdout.write(
            "Organisation: 13 kommuner, partnerskap, avtal, organ och demoanvändare klara."
        )
    return {
        "partnership": partnership,
        "agreement": agreement,
        "kansli": kansli,
        "socialchefer": socialchefer,
        "tactical_groups": tactical,
        "municipalities": municipalities,
        "pks": pks,
        "management_system": management_system,
    }


def demo_logins() -> list[tuple[str, str]]:
    """(username, what they are) for every demo login, for `make run` to print."""
    logins = [("kansli", "kansliet, Kommunal utveckling")]
    logins += [(f"socialchef-{c}", f"socialchef {n}") for c, n in MUNICIPALITIES]
    logins += [(f"pks-{c}", f"PKS-ledamot {n}") for c, n in MUNICIPALITIES]
    logins += [(t[0], t[2]) for t in TACTICAL_GROUPS]
    return logins
