"""Benchmark data for the projects app: years of earlier projects, with their decisions.

A partnership that has run for years has many finished projects in every
portfolio: each went through its stages by gate decisions (R14), had
municipalities join or decline (R12), asked for common funds that every member
municipality decided on (R15), and reported its quarterly status. The demo's
projects stay as they are (so the measured pages show the same current work at
every scale); what grows is the history around them.

At scale N, N - 1 earlier "rounds" are added, each one quarter (TERM_DAYS)
further back in time, each with PROJECTS_PER_ROUND projects spread over the
four portfolios, a steering-group consensus matter, and all their decisions.
100x: 1 980 projects and about 31 000 decisions. Every matter is closed
(approved or rejected), so nobody's inbox grows: old matters were decided.
"""

import datetime
from decimal import Decimal

from bench.generators._history import at, created_rows
from bench.generators.partnerships import BATCH_SIZE, TERM_DAYS
from matters.models import Matter, MatterDecision
from partnerships.demo import SEATS_FROM
from partnerships.models import Membership
from projects.models import (
    GateDecision,
    ParticipationDecision,
    Project,
    ProjectStatus,
    Stage,
)

PROJECTS_PER_ROUND = 20
PATH = ["idea", "pre_study", "planning", "implementation", "handover", "closed"]
# The stage each earlier project ended in, in turn: most finished, some stopped or rejected.
# (Years later, every one of them has ended: the active work is the demo's.)
OUTCOMES = ["closed", "closed", "closed", "stopped", "closed", "rejected", "closed"]
STATUS_CYCLE = ["on_track", "on_track", "at_risk", "on_track", "off_track"]


def _path_to(kind: str) -> list[str]:
    if kind == "rejected":
        return ["idea", "rejected"]
    if kind == "stopped":
        return ["idea", "pre_study", "planning", "stopped"]
    return PATH[: PATH.index(kind) + 1]


def _quarter(day: datetime.date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def generate(scale: int, context: dict) -> dict | None:
    """Add (scale - 1) rounds of earlier projects; returns counts of what was made."""
    if scale <= 1 or "portfolios" not in context:
        return None
    partnership = context["partnership"]
    kansli = context["kansli"]
    municipalities = context["municipalities"]
    socialchefer = context["socialchefer"]
    codes = sorted(municipalities)
    portfolios = [context["portfolios"][slug] for slug in sorted(context["portfolios"])]
    stages = {s.kind: s for s in Stage.objects.filter(partnership=partnership)}
    chair_ids = dict(
        Membership.objects.filter(
            body_id__in=[p.tactical_group_id for p in portfolios], role=Membership.Role.CHAIR
        ).values_list("body_id", "person_id")
    )
    fallback = kansli.pk

    projects, plans = [], []
    for round_ in range(1, scale):
        start = SEATS_FROM - datetime.timedelta(days=TERM_DAYS * round_)
        for number in range(PROJECTS_PER_ROUND):
            portfolio = portfolios[number % len(portfolios)]
            outcome = OUTCOMES[(round_ + number) % len(OUTCOMES)]
            lead_id = chair_ids.get(portfolio.tactical_group_id, fallback)
            projects.append(
                Project(
                    portfolio_id=portfolio.pk,
                    title=f"Utvecklingsprojekt {start.year} nr {round_}-{number + 1} (benchmark)",
                    purpose="Benchmark: ett tidigare utvecklingsprojekt inom partnerskapet.",
                    goals="Benchmark: gemensamma arbetssätt i länets kommuner.",
                    regional_value="Benchmark: kommunerna löser gemensamt det ingen klarar ensam.",
                    lead_id=lead_id,
                    planned_start=start,
                    planned_end=start + datetime.timedelta(days=365),
                    stage_id=stages[outcome].pk,
                    requested_funds=Decimal("0"),
                    created_at=at(start),
                    created_by_id=lead_id,
                )
            )
            plans.append((round_, number, start, outcome, lead_id))
    Project.objects.bulk_create(projects, batch_size=BATCH_SIZE)

    participation, gates, statuses, matters, decisions_plan = [], [], [], [], []
    for project, (round_, number, start, outcome, lead_id) in zip(projects, plans, strict=True):
        # R12: three municipalities join, a fourth declines.
        first = (round_ * 3 + number) % len(codes)
        chosen = [codes[(first + step) % len(codes)] for step in range(4)]
        for position, code in enumerate(chosen):
            participation.append(
                ParticipationDecision(
                    project_id=project.pk,
                    municipality_id=municipalities[code].pk,
                    status="declined" if position == 3 else "joined",
                    decided_by_id=socialchefer[code].pk,
                    decided_at=at(start + datetime.timedelta(days=2 + position)),
                )
            )
        # R14: one gate decision per step of the path.
        path = _path_to(outcome)
        day = start + datetime.timedelta(days=10)
        for before, after in zip(path, path[1:], strict=False):
            gates.append(
                GateDecision(
                    project_id=project.pk,
                    from_stage_id=stages[before].pk,
                    to_stage_id=stages[after].pk,
                    decided_on=day,
                    minutes_reference=f"Benchmark: protokoll {day:%Y-%m-%d} § {number + 3}",
                    decided_by_id=lead_id,
                    recorded_at=at(day, 15),
                )
            )
            day += datetime.timedelta(days=12)
        # Quarterly statuses while the project ran.
        if outcome != "rejected":
            for quarter_index in range(4):
                year, quarter = _quarter(start + datetime.timedelta(days=91 * quarter_index))
                statuses.append(
                    ProjectStatus(
                        project_id=project.pk,
                        year=year,
                        quarter=quarter,
                        status=STATUS_CYCLE[(number + quarter_index) % len(STATUS_CYCLE)],
                        comment="Benchmark: arbetet följer i stort projektplanen.",
                        reported_by_id=lead_id,
                        reported_at=at(start + datetime.timedelta(days=91 * quarter_index + 80)),
                    )
                )
        # R15: common funds asked for by every finished and every rejected project.
        if outcome in ("closed", "rejected"):
            verdict = "reject" if outcome == "rejected" else "approve"
            matters.append(
                Matter(
                    partnership_id=partnership.pk,
                    kind=Matter.Kind.FUNDS_REQUEST,
                    project_id=project.pk,
                    title=f"Ansökan om gemensamma medel: {project.title}",
                    description="Benchmark: projektledning och utvärdering.",
                    amount=Decimal(100000 * (1 + number % 5)),
                    status="rejected" if verdict == "reject" else "approved",
                    due_date=start + datetime.timedelta(days=40),
                    ready_at=at(start + datetime.timedelta(days=15)),
                    ready_by_id=socialchefer[codes[0]].pk,
                    created_at=at(start + datetime.timedelta(days=14)),
                    created_by_id=lead_id,
                    closed_at=at(start + datetime.timedelta(days=35), 16),
                    closed_by_id=kansli.pk,
                )
            )
            # A rejection ends the matter (R15): three decide, the third rejects.
            deciders = codes[:3] if verdict == "reject" else codes
            decisions_plan.append((start, deciders, verdict))
        if number == 0:
            # One steering-group consensus matter per round (R5), approved by all.
            matters.append(
                Matter(
                    partnership_id=partnership.pk,
                    kind=Matter.Kind.CONSENSUS,
                    title=f"Styrgruppens beslut {start:%Y-%m} (benchmark)",
                    description="Benchmark: beslut i konsensus.",
                    status="approved",
                    due_date=start + datetime.timedelta(days=30),
                    ready_at=at(start + datetime.timedelta(days=5)),
                    ready_by_id=socialchefer[codes[0]].pk,
                    created_at=at(start + datetime.timedelta(days=4)),
                    created_by_id=kansli.pk,
                    closed_at=at(start + datetime.timedelta(days=25), 16),
                    closed_by_id=kansli.pk,
                )
            )
            decisions_plan.append((start, codes, "approve"))
    ParticipationDecision.objects.bulk_create(participation, batch_size=BATCH_SIZE)
    GateDecision.objects.bulk_create(gates, batch_size=BATCH_SIZE)
    ProjectStatus.objects.bulk_create(statuses, batch_size=BATCH_SIZE)
    Matter.objects.bulk_create(matters, batch_size=BATCH_SIZE)

    decisions = []
    for matter, (start, deciders, verdict) in zip(matters, decisions_plan, strict=True):
        for position, code in enumerate(deciders):
            rejects = verdict == "reject" and position == len(deciders) - 1
            decisions.append(
                MatterDecision(
                    matter_id=matter.pk,
                    municipality_id=municipalities[code].pk,
                    verdict="reject" if rejects else "approve",
                    comment="Benchmark: avslås." if rejects else "",
                    decided_by_id=socialchefer[code].pk,
                    decided_at=at(start + datetime.timedelta(days=16 + position % 15)),
                )
            )
    MatterDecision.objects.bulk_create(decisions, batch_size=BATCH_SIZE)

    history_by_model = [
        (Project, projects, lambda o: o.created_at),
        (ParticipationDecision, participation, lambda o: o.decided_at),
        (GateDecision, gates, lambda o: o.recorded_at),
        (ProjectStatus, statuses, lambda o: o.reported_at),
        (MatterDecision, decisions, lambda o: o.decided_at),
    ]
    for model, objects, when in history_by_model:
        model.history.model.objects.bulk_create(
            created_rows(model, objects, when=when, actor_id=kansli.pk), batch_size=BATCH_SIZE
        )
    # A matter: created pending, later closed (two rows, as the services write them).
    opened = created_rows(Matter, matters, when=lambda o: o.created_at, actor_id=kansli.pk)
    for row in opened:
        row.status, row.closed_at, row.closed_by_id = "pending", None, None
    closed = created_rows(Matter, matters, when=lambda o: o.closed_at, actor_id=kansli.pk)
    for row in closed:
        row.history_type = "~"
    Matter.history.model.objects.bulk_create(opened + closed, batch_size=BATCH_SIZE)
    return {
        "bench_projects": {
            "projects": len(projects),
            "decisions": len(participation) + len(gates) + len(decisions),
            "matters": len(matters),
            "statuses": len(statuses),
        }
    }
