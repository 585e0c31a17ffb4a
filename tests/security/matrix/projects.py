"""Permission matrix: projects. One Spec per named URL of projects/urls.py (see __init__.py).

The matters (inbox, matter pages) have their own module, matters.py; their
objects are built here, in `setup`, with the projects they belong to.

Expected statuses follow DOMAIN.md's permission table (R30) as the views apply it:
readers of the partnership (staff, socialchefer and deputies, the preparation
group, tactical groups) see portfolios, projects and matters; a PKS member reads
published reports only (403 here); anybody outside the partnership gets 404 for
its objects (existence must not leak) and 403 for pages without an object.

The objects live in `org.projects` (built once by `setup`): in our partnership
the IFO portfolio with the project "Barnahus i länet" (led by the IFO member,
Mullsjö and Habo have joined), its common-funds request ready for decision, and
a consensus matter not yet ready; in another partnership (that Aneby and
Jönköping are members of, but where none of the personas has a seat) the same.
"""

import datetime
from decimal import Decimal
from types import SimpleNamespace

from django.utils import timezone

from matters import services as matter_services
from partnerships.models import Body, Membership
from projects import services
from projects.models import Stage
from tests.factories import BodyFactory, UserFactory, seat
from tests.security.matrix import Spec, expect
from tests.security.matrix.partnerships import other_partnership

# Who reads the partnership: 200 for them, 403 for the PKS member, 404 for outsiders.
READ = expect(200, pks_member=403, outsider=404)
HIDDEN = expect(404)  # objects of another partnership: nobody here may know they exist
POST_ONLY = expect(405)  # login first (anonymous), then the method check

# The persona roles by what they may do (DOMAIN.md permission table).
DECIDERS = ("socialchef_aneby", "socialchef_jonkoping", "deputy_jonkoping", "preparation_member")
PREPARERS = ("socialchef_aneby", "preparation_member")
IFO = ("tactical_chair", "tactical_member")


def only(status, roles, *, default=403, outsider=404, **more):
    """`status` for `roles`, `default` for the other readers and the PKS member."""
    return expect(default, outsider=outsider, **{**dict.fromkeys(roles, status), **more})


def setup(org):
    today = timezone.localdate()
    staff = org.staff
    services.stages_ensure_default(partnership=org.partnership, actor=staff)
    ifo = services.portfolio_ensure(actor=staff, tactical_group=org.tactical_ifo)
    services.portfolio_ensure(actor=staff, tactical_group=org.tactical_aldre)
    project = services.project_create(
        actor=org.tactical_chair,
        portfolio=ifo,
        title="Barnahus i länet",
        purpose="Samlat stöd till barn som utsatts för våld.",
        regional_value="Lika stöd för barn i hela länet.",
        lead=org.tactical_member,
    )
    for code in ("0642", "0643"):
        services.participation_decide(
            actor=org.socialchefer[code],
            project=project,
            municipality=org.municipalities[code],
            status="joined",
        )
    request = services.funds_request_create(
        actor=org.tactical_chair, project=project, amount=Decimal("500000")
    )
    request = matter_services.matter_mark_ready(
        actor=org.socialchef_aneby,
        matter=request,
        due_date=today + datetime.timedelta(days=14),
        notify=False,
    )
    consensus = matter_services.consensus_matter_create(
        actor=staff, partnership=org.partnership, title="Verksamhetsplan 2027"
    )

    # Another partnership: Aneby and Jönköping are members, no persona has a seat.
    other = other_partnership(org)
    other.members.add(org.aneby, org.jonkoping)
    other_office = BodyFactory(
        partnership=other, kind=Body.Kind.OFFICE, slug="kansliet", name="Kansliet FoUrum"
    )
    other_staff = UserFactory(username="kansli-fourum")
    seat(other_staff, other_office)
    other_group = BodyFactory(
        partnership=other, kind=Body.Kind.TACTICAL_GROUP, slug="taktisk-skola", name="Skola"
    )
    # The services refuse actors without the right: the other group's own chair asks.
    other_chair = UserFactory(username="taktisk-skola")
    seat(other_chair, other_group, role=Membership.Role.CHAIR)
    services.stages_ensure_default(partnership=other, actor=other_staff)
    other_portfolio = services.portfolio_ensure(actor=other_staff, tactical_group=other_group)
    other_project = services.project_create(
        actor=other_chair,
        portfolio=other_portfolio,
        title="Skolnärvaro",
        purpose="Fler elever i skolan.",
        lead=other_staff,
    )
    other_request = matter_services.matter_mark_ready(
        actor=other_staff,
        matter=services.funds_request_create(
            actor=other_chair, project=other_project, amount=Decimal("300000")
        ),
        due_date=today + datetime.timedelta(days=14),
        notify=False,
    )
    other_consensus = matter_services.consensus_matter_create(
        actor=other_staff, partnership=other, title="Verksamhetsplan FoUrum"
    )
    org.projects = SimpleNamespace(
        portfolio=ifo,
        project=project,
        request=request,
        consensus=consensus,
        stage=Stage.objects.get(partnership=org.partnership, kind=Stage.Kind.PRE_STUDY),
        other_portfolio=other_portfolio,
        other_project=other_project,
        other_request=other_request,
        other_consensus=other_consensus,
        other_stage=Stage.objects.get(partnership=other, kind=Stage.Kind.PRE_STUDY),
    )


def pk(name):
    return lambda org: {"pk": getattr(org.projects, name).pk}


def today_iso():
    return timezone.localdate().isoformat()


def in_a_week():
    return (timezone.localdate() + datetime.timedelta(days=7)).isoformat()


def project_data(org, kwargs):
    return {
        "title": "Barnahus i hela länet",
        "purpose": "Samlat stöd till barn som utsatts för våld.",
        "goals": "Alla kommuner har tillgång till barnahus.",
        "regional_value": "Lika stöd för barn i hela länet.",
        "lead": org.tactical_member.pk,
        "requested_funds": "500000",
    }


def gate_data(org, kwargs):
    return {
        "to_stage": org.projects.stage.pk,
        "decided_on": today_iso(),
        "minutes_reference": "TS IFO 2026-03-04 § 3",
    }


def status_data(org, kwargs):
    today = timezone.localdate()
    return {"year": today.year, "quarter": (today.month - 1) // 3 + 1, "status": "on_track"}


def stage_data(org, kwargs):
    stage = org.projects.stage
    return {"name": "Förstudie och behovsanalys", "kind": stage.kind, "order": stage.order}


SPECS = [
    # --- Portfolios -------------------------------------------------------------------
    Spec("projects:portfolio_list", get={"own": expect(200, pks_member=403, outsider=403)}),
    Spec(
        "projects:portfolio_detail",
        own=pk("portfolio"),
        other=pk("other_portfolio"),
        get={"own": READ, "other": HIDDEN},
    ),
    Spec(
        "projects:portfolio_export_csv",
        own=pk("portfolio"),
        other=pk("other_portfolio"),
        get={"own": READ, "other": HIDDEN},
    ),
    Spec(
        "projects:portfolio_export_xlsx",
        own=pk("portfolio"),
        other=pk("other_portfolio"),
        get={"own": READ, "other": HIDDEN},
    ),
    # --- Projects (R10-R14) ---------------------------------------------------------------
    Spec(
        "projects:project_create",
        own=pk("portfolio"),
        other=pk("other_portfolio"),
        # The owning tactical group only; the chair of another group may not (R10).
        get={"own": only(200, IFO), "other": HIDDEN},
        post={"own": only(302, IFO), "other": HIDDEN},
        data=lambda org, kwargs: {"title": "Ny idé", "purpose": "Syfte", "requested_funds": "0"},
    ),
    Spec(
        "projects:project_detail",
        own=pk("project"),
        other=pk("other_project"),
        get={"own": READ, "other": HIDDEN},
    ),
    Spec(
        "projects:project_edit",
        own=pk("project"),
        other=pk("other_project"),
        get={"own": only(200, IFO), "other": HIDDEN},
        post={"own": only(302, IFO), "other": HIDDEN},
        data=project_data,
    ),
    Spec(
        "projects:project_gate",
        own=pk("project"),
        other=pk("other_project"),
        # R14: the owning group's chair records the gate decision; members may not.
        get={"own": only(200, ["tactical_chair"]), "other": HIDDEN},
        post={"own": only(302, ["tactical_chair"]), "other": HIDDEN},
        data=gate_data,
    ),
    Spec(
        "projects:project_participation",
        own=pk("project"),
        other=pk("other_project"),
        # R12: each socialchef (or deputy) decides for their own municipality; staff
        # record a committee's decision. Aneby is posted: the others get the form again
        # (Aneby is not theirs; staff must give the committee reference).
        get={"own": only(200, ["staff", *DECIDERS]), "other": HIDDEN},
        post={
            "own": only(200, ["staff", *DECIDERS], socialchef_aneby=302),
            "other": HIDDEN,
        },
        data=lambda org, kwargs: {"municipality": org.aneby.pk, "status": "joined"},
    ),
    Spec(
        "projects:participation_confirm",
        own=pk("project"),
        other=pk("other_project"),
        # R12, issue 14.3: the one tap from "Att besluta" is for the deciders only (staff
        # record committee decisions on the page above). Aneby is posted: the other
        # deciders get the page again (Aneby is not theirs).
        get={"own": only(200, DECIDERS), "other": HIDDEN},
        post={"own": only(200, DECIDERS, socialchef_aneby=302), "other": HIDDEN},
        data=lambda org, kwargs: {"municipality": org.aneby.code, "status": "joined"},
    ),
    Spec(
        "projects:funds_request_create",
        own=pk("project"),
        other=pk("other_project"),
        # R15: the owning tactical group asks for common funds.
        get={"own": only(200, IFO), "other": HIDDEN},
        post={"own": only(302, IFO), "other": HIDDEN},
        data=lambda org, kwargs: {"amount": "600000", "description": "Utökad lokal"},
    ),
    Spec(
        "projects:project_status",
        own=pk("project"),
        other=pk("other_project"),
        # The project lead (here the IFO member) or the owning tactical group; not staff.
        get={"own": only(200, IFO), "other": HIDDEN},
        post={"own": only(302, IFO), "other": HIDDEN},
        data=status_data,
    ),
    # --- Stages (R11): staff only -------------------------------------------------------------
    Spec("projects:stage_list", get={"own": expect(403, staff=200)}),
    Spec(
        "projects:stage_defaults",
        # R11: staff create the default model; here the stages exist, so nothing is added.
        get={"own": POST_ONLY},
        post={"own": expect(403, staff=302)},
    ),
    Spec(
        "projects:stage_create",
        get={"own": expect(403, staff=200)},
        post={"own": expect(403, staff=302)},
        data=lambda org, kwargs: {"name": "Uppföljning", "kind": "other", "order": 65},
    ),
    Spec(
        "projects:stage_edit",
        own=pk("stage"),
        other=pk("other_stage"),
        # Non-staff are refused before the stage is looked up, so nothing leaks.
        get={"own": expect(403, staff=200), "other": expect(403, staff=404)},
        post={"own": expect(403, staff=302), "other": expect(403, staff=404)},
        data=stage_data,
    ),
]
