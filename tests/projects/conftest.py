"""Projects personas on top of `org`: stages, two portfolios, a project with its lead."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest

from matters import services as matter_services
from projects import services
from projects.models import Stage
from tests.factories import UserFactory

TODAY = datetime.date.today()


def stage(org, kind):
    return Stage.objects.get(partnership=org.partnership, kind=kind)


def make_project(org, portfolio, title="Projekt", **fields):
    fields.setdefault("purpose", "Ett syfte")
    return services.project_create(
        actor=org.tactical_chair, portfolio=portfolio, title=title, **fields
    )


def join(org, project, *codes, status="joined"):
    for code in codes:
        services.participation_decide(
            actor=org.socialchefer[code],
            project=project,
            municipality=org.municipalities[code],
            status=status,
        )


def approve_all(org, matter, except_codes=()):
    for code, person in org.socialchefer.items():
        if code in except_codes:
            continue
        matter_services.matter_decide(
            actor=person, matter=matter, municipality=org.municipalities[code], verdict="approve"
        )


@pytest.fixture
def proj(org):
    services.stages_ensure_default(partnership=org.partnership, actor=org.staff)
    ifo = services.portfolio_ensure(actor=org.staff, tactical_group=org.tactical_ifo)
    aldre = services.portfolio_ensure(actor=org.staff, tactical_group=org.tactical_aldre)
    lead = UserFactory(username="projektledare")
    project = make_project(
        org,
        ifo,
        title="Barnahus i länet",
        regional_value="Lika stöd för barn i hela länet.",
        lead=lead,
        requested_funds=Decimal("0"),
    )
    return SimpleNamespace(ifo=ifo, aldre=aldre, lead=lead, project=project)


def ready_request(org, project, amount=Decimal("500000")):
    matter = services.funds_request_create(actor=org.tactical_chair, project=project, amount=amount)
    return matter_services.matter_mark_ready(
        actor=org.socialchef_aneby, matter=matter, due_date=TODAY + datetime.timedelta(days=14)
    )
