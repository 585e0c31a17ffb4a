"""Demo portfolios and projects for `seed_demo` (all labelled demo). Idempotent.

Built through the services, so the demo obeys the rules it shows (R13-R16).
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from matters import services as matter_services
from matters.models import Matter
from projects import gates, services
from projects.models import Project, Stage

# portfolio slug, title, target stage kind, municipalities joined, common funds, funds outcome
PROJECTS = [
    (
        "taktisk-ifo",
        "Barnahus i Jönköpings län – gemensam modell",
        "implementation",
        ["0680", "0682", "0683", "0685", "0686"],
        "1200000",
        "approved",
    ),
    (
        "taktisk-ifo",
        "Tidiga insatser för barn och unga",
        "planning",
        ["0604", "0617", "0680", "0687"],
        "800000",
        "pending",
    ),
    ("taktisk-ifo", "Gemensam socialjour efter kontorstid", "idea", ["0642"], "0", None),
    (
        "taktisk-ifo",
        "Våld i nära relationer – kompetenslyft",
        "closed",
        ["0662", "0665", "0680"],
        "0",
        None,
    ),
    (
        "taktisk-aldre",
        "Välfärdsteknik i hemtjänsten",
        "pre_study",
        ["0643", "0684", "0686"],
        "0",
        None,
    ),
    (
        "taktisk-aldre",
        "Trygg hemgång från sjukhus",
        "handover",
        ["0604", "0682", "0687"],
        "0",
        None,
    ),
    ("taktisk-aldre", "Demensvänliga kommuner", "rejected", ["0617", "0642"], "450000", "rejected"),
    (
        "taktisk-hsv",
        "Läkemedelsgenomgångar i kommunal hälso- och sjukvård",
        "planning",
        ["0662", "0683", "0685"],
        "0",
        None,
    ),
    (
        "taktisk-hsv",
        "Nära vård – mobila team",
        "implementation",
        ["0680", "0684", "0686", "0687"],
        "0",
        None,
    ),
    ("taktisk-hsv", "Palliativ vård i livets slutskede", "stopped", ["0643", "0665"], "0", None),
    ("taktisk-funk", "Kompetensförsörjning i LSS-boenden", "idea", [], "0", None),
    ("taktisk-funk", "Digital daglig verksamhet", "pre_study", ["0604", "0665", "0683"], "0", None),
]
PATH = ["idea", "pre_study", "planning", "implementation", "handover", "closed"]
STATUSES = ["on_track", "on_track", "at_risk", "on_track", "off_track", "at_risk"]


def seed(
    stdout=None,
    *,
    partnership=None,
    kansli=None,
    socialchefer=None,
    tactical_groups=None,
    municipalities=None,
    **_,
):
    """Portfolios for the tactical groups, projects in every stage, approvals and statuses."""
    services.stages_ensure_default(partnership=partnership, actor=kansli)
    stages = {s.kind: s for s in Stage.objects.filter(partnership=partnership)}
    portfolios = {
        slug: services.portfolio_ensure(actor=kansli, tactical_group=body)
        for slug, body in tactical_groups.items()
    }
    chairs = {slug: _chair(body) for slug, body in tactical_groups.items()}
    preparer = socialchefer["0604"]
    today = timezone.localdate()
    projects = []
    for index, (slug, title, target, joined, funds, outcome) in enumerate(PROJECTS):
        title = f"{title} (demo)"
        portfolio = portfolios[slug]
        chair = chairs[slug]
        project = Project.objects.filter(portfolio=portfolio, title=title).first()
        if project is None:
            project = _build(
                index,
                portfolio,
                title,
                target,
                joined,
                Decimal(funds),
                outcome,
                chair=chair,
                preparer=preparer,
                kansli=kansli,
                socialchefer=socialchefer,
                municipalities=municipalities,
                stages=stages,
                today=today,
            )
        projects.append(project)

    if not Matter.objects.filter(partnership=partnership, kind=Matter.Kind.CONSENSUS).exists():
        plan = matter_services.consensus_matter_create(
            actor=kansli,
            partnership=partnership,
            title="Verksamhetsplan 2027 för partnerskapet (demo)",
            description="Styrgruppen beslutar verksamhetsplanen i konsensus (R5).",
        )
        matter_services.matter_mark_ready(
            actor=preparer,
            matter=plan,
            due_date=today + datetime.timedelta(days=30),
            notify=False,
        )
    if stdout:
        stdout.write(
            f"Projekt: {len(portfolios)} portföljer och {len(projects)} demoprojekt klara."
        )
    return {"portfolios": portfolios, "projects": projects}


def _chair(body):
    membership = body.memberships.filter(role="chair").select_related("person").first()
    return membership.person if membership else None


def _build(
    index,
    portfolio,
    title,
    target,
    joined,
    funds,
    outcome,
    *,
    chair,
    preparer,
    kansli,
    socialchefer,
    municipalities,
    stages,
    today,
):
    project = services.project_create(
        actor=chair,
        portfolio=portfolio,
        title=title,
        purpose="Demo: ett utvecklingsprojekt för länets 13 kommuner inom partnerskapet.",
        goals="Demo: gemensamma arbetssätt, likvärdig kvalitet och bättre användning av resurser.",
        regional_value="Demo: kommunerna löser gemensamt det som ingen kommun klarar ensam."
        if joined
        else "",
        lead=chair,
        planned_start=datetime.date(2026, 1, 1),
        planned_end=datetime.date(2027, 12, 31),
    )
    for code in joined:
        services.participation_decide(
            actor=socialchefer[code],
            project=project,
            municipality=municipalities[code],
            status="joined",
        )
    day = datetime.date(2026, 1, 15) + datetime.timedelta(days=index)

    def gate(kind):
        nonlocal day
        gates.project_move_stage(
            actor=chair,
            project=project,
            to_stage=stages[kind],
            decided_on=min(day, today),
            minutes_reference=f"Demo: {portfolio.tactical_group.short_name} "
            f"{min(day, today):%Y-%m-%d} § {index + 3}",
        )
        day += datetime.timedelta(days=30)

    path = PATH[: PATH.index(target) + 1] if target in PATH else ["idea", "pre_study"]
    for kind in path[1:]:
        if kind == "implementation" and funds > 0:
            _funds(project, funds, outcome, chair, preparer, socialchefer, municipalities, today)
        if kind == "pre_study" and target in ("rejected", "stopped") and not joined:
            break
        gate(kind)
    if target == "planning" and funds > 0:
        _funds(project, funds, outcome, chair, preparer, socialchefer, municipalities, today)
    if target in ("rejected", "stopped"):
        if funds > 0:
            _funds(project, funds, outcome, chair, preparer, socialchefer, municipalities, today)
        gate(target)
    if stages[target].kind not in Stage.TERMINAL_KINDS and target != "idea":
        for quarter in (1, 2):
            if (2026, quarter) <= (today.year, (today.month - 1) // 3 + 1):
                services.project_report_status(
                    actor=chair,
                    project=project,
                    year=2026,
                    quarter=quarter,
                    status=STATUSES[(index + quarter) % len(STATUSES)],
                    comment="Demo: arbetet följer i stort projektplanen."
                    if quarter == 1
                    else "Demo: rekrytering av projektmedarbetare pågår.",
                )
    project.refresh_from_db()
    _backdate(project, index)
    return project


def _at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime.combine(
        day, datetime.time(hour), tzinfo=timezone.get_current_timezone()
    )


def _backdate(project, index: int) -> None:
    """Give the demo a believable past: projects raised in autumn 2025, participation and
    funding decided before the first gates of 2026, so the Q1 2026 report has its projects.

    The services stamp decisions with the time the demo is loaded; this moves only the
    demo's own timestamps (the audit history still shows when the demo was loaded).
    """
    Project.objects.filter(pk=project.pk).update(
        created_at=_at(datetime.date(2025, 9, 1) + datetime.timedelta(days=3 * index))
    )
    for offset, decision in enumerate(project.participation_decisions.order_by("pk")):
        day = datetime.date(2025, 10, 6) + datetime.timedelta(days=index + offset)
        type(decision).objects.filter(pk=decision.pk).update(decided_at=_at(day))
    for matter in project.matters.order_by("pk"):
        # Raised in November 2025, answered within the four weeks before its due date.
        created = datetime.date(2025, 11, 17) + datetime.timedelta(days=index)
        ready = created + datetime.timedelta(days=7)
        changes = {"created_at": _at(created)}
        if matter.ready_at:
            changes["ready_at"] = _at(ready)
        if matter.due_date:
            changes["due_date"] = ready + datetime.timedelta(days=28)
        last = None
        for offset, decision in enumerate(matter.decisions.order_by("pk")):
            last = _at(ready + datetime.timedelta(days=3 + offset % 20), 8 + offset % 9)
            type(decision).objects.filter(pk=decision.pk).update(decided_at=last)
        if matter.closed_at:
            changes["closed_at"] = last or _at(ready + datetime.timedelta(days=28))
        type(matter).objects.filter(pk=matter.pk).update(**changes)


def _funds(project, amount, outcome, chair, preparer, socialchefer, municipalities, today):
    matter = services.funds_request_create(
        actor=chair,
        project=project,
        amount=amount,
        description="Demo: projektledning, utbildningsinsatser och utvärdering.",
    )
    matter_services.matter_mark_ready(
        actor=preparer, matter=matter, due_date=today + datetime.timedelta(days=21), notify=False
    )
    codes = sorted(socialchefer)
    if outcome == "approved":
        deciders = codes
    elif outcome == "rejected":
        deciders = codes[:3]
    else:  # pending: Jönköping (0680) and a few others have not decided yet
        deciders = [c for c in codes if c not in ("0680", "0685", "0686", "0687")]
    for code in deciders:
        verdict = "reject" if outcome == "rejected" and code == deciders[-1] else "approve"
        matter_services.matter_decide(
            actor=socialchefer[code],
            matter=matter,
            municipality=municipalities[code],
            verdict=verdict,
            comment="Avslås: medlen behövs till andra prioriterade insatser (demo)."
            if verdict == "reject"
            else "",
        )
