"""Tuned reads of projects and portfolios."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from matters.models import Matter, MatterDecision
from partnerships import permissions
from partnerships.models import Municipality, Partnership
from projects.models import (
    GateDecision,
    ParticipationDecision,
    Portfolio,
    Project,
    ProjectStatus,
    Stage,
)

# --- Contract with the reporting app (R41) ---------------------------------
# `reporting` renders these; keep the shapes stable.


@dataclass(frozen=True)
class ProjectStatusSummary:
    quarter: str  # e.g. "2026 Q1"
    status: str  # "on_track" | "at_risk" | "off_track"
    status_label: str  # Swedish label, e.g. "Enligt plan"
    comment: str


@dataclass(frozen=True)
class ProjectSummary:
    id: int
    title: str
    stage_name: str
    stage_kind: str
    lead_name: str
    participants: list[str]  # names of the municipalities that joined (R12)
    requested_funds: Decimal
    funds_status: str  # Swedish, e.g. "Godkänd", "Väntar på 4 av 13 kommuner", "Ingen ansökan"
    latest_status: ProjectStatusSummary | None
    budget: Decimal | None = None  # filled by reporting from finance, when there is a budget line
    outcome: Decimal | None = None


@dataclass(frozen=True)
class PortfolioSummary:
    name: str
    tactical_group_name: str
    projects: list[ProjectSummary]
    stage_counts: list[tuple[str, int]] = field(
        default_factory=list
    )  # (stage name, count) in stage order


def awaiting_label(pending: int, member_count: int) -> str:
    return _("Waiting for decisions from %(pending)s of %(count)s municipalities") % {
        "pending": pending,
        "count": member_count,
    }


def funds_status_label(matter: Matter | None, member_count: int, decided: int | None = None) -> str:
    """Status of a common-funds request (R15) for lists and reports, in the active language."""
    if matter is None:
        return funds_status_text(None, 0, member_count)
    if matter.status == Matter.Status.PENDING and decided is None:
        decided = matter.decision_count
    return funds_status_text(matter.status, decided or 0, member_count)


def funds_status_text(status: str | None, decided: int, member_count: int) -> str:
    """The words for a request's status (None: no request) and its number of decisions."""
    if status is None:
        return _("No request")
    if status == Matter.Status.PENDING:
        return awaiting_label(member_count - decided, member_count)
    return str(Matter.Status(status).label)  # not get_status_display: built per call


def _participation_prefetch(as_of: datetime.datetime | None = None) -> Prefetch:
    decisions = ParticipationDecision.objects.order_by("decided_at", "id").select_related(
        "municipality"
    )
    if as_of is not None:
        decisions = decisions.filter(decided_at__lte=as_of)
    return Prefetch("participation_decisions", queryset=decisions, to_attr="participation_rows")


def joined_municipalities(project: Project, municipalities=None) -> list[Municipality]:
    """Municipalities whose latest decision is "joined" (R12), by code; needs the prefetch.

    `municipalities` (by id) spares a municipality per decision read with it."""
    latest = {}
    for decision in project.participation_rows:
        latest[decision.municipality_id] = decision
    joined = [d for d in latest.values() if d.status == ParticipationDecision.Status.JOINED]
    if municipalities is not None:
        found = [municipalities.get(d.municipality_id) or d.municipality for d in joined]
    else:
        found = [d.municipality for d in joined]
    return sorted(found, key=lambda m: m.code)


@dataclass
class ProjectRow:
    """A project with the facts a list shows, computed from prefetched rows."""

    project: Project
    participants: list[Municipality]
    funds_request: Matter | None  # for the project page's link; lists give None
    funds_status: str
    latest_status: ProjectStatus | None
    goal_codes: list[str] = field(default_factory=list)  # "2.1", ... (R64), for lists


def project_row(project: Project, member_count: int, municipalities=None) -> ProjectRow:
    request = project.funds_requests[0] if project.funds_requests else None
    return ProjectRow(
        project=project,
        participants=joined_municipalities(project, municipalities),
        funds_request=request,
        funds_status=funds_status_label(request, member_count),
        latest_status=project.status_rows[0] if project.status_rows else None,
    )


def member_count(partnership: Partnership) -> int:
    return partnership.members.count()


# --- Portfolios ------------------------------------------------------------------


def portfolios_for_user(*, user):
    """Portfolios of the partnerships the user may read, with project counts."""
    partnerships = permissions.partnerships_for_user(user)
    return (
        Portfolio.objects.filter(tactical_group__partnership__in=partnerships)
        .select_related("tactical_group__partnership")
        .annotate(project_count=Count("projects"))
        .order_by("tactical_group__partnership__name", "name")
    )


def stages_for(*, partnership: Partnership):
    return Stage.objects.filter(partnership=partnership).order_by("order")


# --- One project -----------------------------------------------------------------


def project_for_detail(*, pk: int) -> Project | None:
    """A project with everything its page shows, in a fixed number of queries (R17).

    Each history is read once in a plain query (prefetching's machinery and the users'
    columns joined to every history cost more than its rows), and the people they name
    in one query: `decided_by_name`, `created_by_name`, `reported_by_name`. A matter's
    decisions are its `decision_rows`. The list facts (`participation_rows`,
    `funds_requests` with `decision_count`, `status_rows`, as `project_row` reads them)
    are derived from the histories rather than queried a second time.
    """
    project = (
        Project.objects.filter(pk=pk)
        .select_related("stage", "portfolio__tactical_group__partnership")
        .first()
    )
    if project is None:
        return None
    participation = list(
        ParticipationDecision.objects.filter(project_id=pk)
        .select_related("municipality")
        .order_by("-decided_at", "-id")
    )
    gates = list(
        GateDecision.objects.filter(project_id=pk)
        .annotate(
            from_name=F("from_stage__name"),
            to_name=F("to_stage__name"),
            meeting_id=F("paragraph__meeting_id"),
            paragraph_number=F("paragraph__number"),
        )
        .order_by("-decided_on", "-recorded_at", "-id")
    )
    matters = list(Matter.objects.filter(project_id=pk).order_by("-created_at", "-id"))
    decisions = list(
        MatterDecision.objects.filter(matter__project_id=pk).select_related("municipality")
    )
    statuses = list(ProjectStatus.objects.filter(project_id=pk))
    names = _names(
        [project.lead_id]
        + [d.decided_by_id for d in participation + decisions]
        + [g.decided_by_id for g in gates]
        + [m.created_by_id for m in matters]
        + [s.reported_by_id for s in statuses]
    )
    project.lead_name = names.get(project.lead_id, "")
    for row in participation + gates + decisions:
        row.decided_by_name = names[row.decided_by_id]
    verdicts = {
        "approve": pgettext("verdict", "Approved"),
        "reject": pgettext("verdict", "Rejected"),
    }
    for decision in decisions:
        decision.verdict_label = verdicts[decision.verdict]
    for status in statuses:
        status.reported_by_name = names[status.reported_by_id]
    by_matter: dict[int, list[MatterDecision]] = {}
    for decision in decisions:
        by_matter.setdefault(decision.matter_id, []).append(decision)
    project.funds_requests = []
    for matter in matters:
        matter.created_by_name = names[matter.created_by_id]
        matter.decision_rows = by_matter.get(matter.pk, [])
        matter.decision_count = len(matter.decision_rows)
        if matter.kind == Matter.Kind.FUNDS_REQUEST:
            project.funds_requests.append(matter)
    project.participation_history = participation
    project.participation_rows = list(reversed(participation))
    project.gate_history = gates
    project.all_matters = matters
    project.status_history = project.status_rows = statuses
    # The goal areas served (R64): {"year", "code", "title"}, by goal and area.
    project.served_areas = [
        {"year": year, "code": f"{goal}.{number}", "title": title}
        for year, goal, number, title in project.goal_areas.order_by(
            "goal__number", "number", "id"
        ).values_list("goal__plan__year", "goal__number", "number", "title")
    ]
    return project


def _names(user_ids) -> dict[int, str]:
    """user id -> full name, or username when none (one query for a page's people)."""
    people = (
        get_user_model()
        .objects.filter(pk__in={pk for pk in user_ids if pk is not None})
        .only("username", "first_name", "last_name")
    )
    return {person.pk: person.get_full_name() or person.username for person in people}


def participation_table(project: Project, members) -> list[tuple[Municipality, object]]:
    """(municipality, latest decision or None) for every member, by code (R12)."""
    latest = {}
    for decision in project.participation_rows:
        latest[decision.municipality_id] = decision
    return [(m, latest.get(m.pk)) for m in members]


# --- Report contract (R41) -----------------------------------------------------------


def _stage_on(project: Project, as_of: datetime.date, stages_by_id: dict) -> Stage:
    """The project's stage on a day, from its gate decisions (R14, R17)."""
    gates = sorted(project.report_gates, key=lambda g: (g.decided_on, g.recorded_at, g.pk))
    if not gates:
        return project.stage
    before = [g for g in gates if g.decided_on <= as_of]
    if before:
        return stages_by_id[before[-1].to_stage_id]
    return stages_by_id[gates[0].from_stage_id]


def report_portfolios(*, partnership, as_of: datetime.date) -> list[PortfolioSummary]:
    """Every portfolio of the partnership with its projects as they stood on `as_of` (R41).

    Its labels are Swedish whatever the UI language, as the reports are. Query count
    must not grow with the number of projects.
    """
    with translation.override(settings.LANGUAGE_CODE):
        return _report_portfolios(partnership=partnership, as_of=as_of)


def _report_portfolios(*, partnership, as_of: datetime.date) -> list[PortfolioSummary]:
    tz = timezone.get_current_timezone()
    end_of_day = datetime.datetime.combine(
        as_of + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz
    )
    as_of_quarter = (as_of.year, (as_of.month - 1) // 3 + 1)
    count = member_count(partnership)
    stages = list(stages_for(partnership=partnership))
    stages_by_id = {s.pk: s for s in stages}
    # A report covers the work of its year (R41): projects that had already ended
    # (a terminal stage decided before 1 January, and still there) are not shown,
    # so a report's length follows the active work, not every project ever run.
    ended_before_year = GateDecision.objects.filter(
        project=OuterRef("pk"),
        to_stage__kind__in=Stage.TERMINAL_KINDS,
        decided_on__lt=datetime.date(as_of.year, 1, 1),
    )
    projects = (
        Project.objects.filter(portfolio__tactical_group__partnership=partnership)
        .filter(created_at__lt=end_of_day)
        .exclude(Q(stage__kind__in=Stage.TERMINAL_KINDS) & Exists(ended_before_year))
        .select_related("stage", "lead")
        .prefetch_related(
            _participation_prefetch(end_of_day - datetime.timedelta(microseconds=1)),
            Prefetch(
                "matters",
                queryset=Matter.objects.filter(
                    kind=Matter.Kind.FUNDS_REQUEST, created_at__lt=end_of_day
                )
                .annotate(
                    decisions_then=Count(
                        "decisions", filter=Q(decisions__decided_at__lt=end_of_day)
                    )
                )
                .order_by("-created_at", "-id"),
                to_attr="report_requests",
            ),
            Prefetch("gate_decisions", queryset=GateDecision.objects.all(), to_attr="report_gates"),
            Prefetch("statuses", queryset=ProjectStatus.objects.all(), to_attr="report_statuses"),
        )
        .order_by("title", "pk")
    )
    by_portfolio: dict[int, list[ProjectSummary]] = {}
    counts: dict[int, dict[int, int]] = {}
    for project in projects:
        stage = _stage_on(project, as_of, stages_by_id)
        request = project.report_requests[0] if project.report_requests else None
        if request is None:
            funds = funds_status_label(None, count)
        elif request.closed_at is None or request.closed_at >= end_of_day:
            # Still open on the day (even if it was closed later).
            pending = count - request.decisions_then
            funds = awaiting_label(pending, count)
        else:
            funds = funds_status_label(request, count)
        statuses = [s for s in project.report_statuses if (s.year, s.quarter) <= as_of_quarter]
        statuses.sort(key=lambda s: (s.year, s.quarter, s.reported_at, s.pk), reverse=True)
        latest = statuses[0] if statuses else None
        by_portfolio.setdefault(project.portfolio_id, []).append(
            ProjectSummary(
                id=project.pk,
                title=project.title,
                stage_name=stage.name,
                stage_kind=stage.kind,
                lead_name=(project.lead.get_full_name() or project.lead.username)
                if project.lead
                else "",
                participants=[m.name for m in joined_municipalities(project)],
                requested_funds=request.amount if request else project.requested_funds,
                funds_status=funds,
                latest_status=ProjectStatusSummary(
                    quarter=latest.period,
                    status=latest.status,
                    status_label=latest.get_status_display(),
                    comment=latest.comment,
                )
                if latest
                else None,
            )
        )
        counts.setdefault(project.portfolio_id, {})
        counts[project.portfolio_id][stage.pk] = counts[project.portfolio_id].get(stage.pk, 0) + 1

    portfolios = (
        Portfolio.objects.filter(tactical_group__partnership=partnership)
        .select_related("tactical_group")
        .order_by("name")
    )
    result = []
    for portfolio in portfolios:
        stage_count = counts.get(portfolio.pk, {})
        result.append(
            PortfolioSummary(
                name=portfolio.name,
                tactical_group_name=portfolio.tactical_group.name,
                projects=by_portfolio.get(portfolio.pk, []),
                stage_counts=[(s.name, stage_count[s.pk]) for s in stages if s.pk in stage_count],
            )
        )
    return result


def current_participation(project: Project) -> dict[int, ParticipationDecision]:
    """municipality id -> latest decision (R12); absent means undecided."""
    latest: dict[int, ParticipationDecision] = {}
    for decision in project.participation_decisions.order_by("decided_at", "id"):
        latest[decision.municipality_id] = decision
    return latest


# --- Participation awaiting a municipality's decision (R12), for "Att besluta" -----


@dataclass
class ParticipationItem:
    """A project whose participation the municipality has not decided yet (R12): the
    plain values its card in "Att besluta" shows."""

    project_id: int
    title: str
    portfolio: str
    stage: str
    municipality: Municipality
    decided_count: int
    member_count: int
    template: str = "projects/includes/inbox_participation.html"

    @property
    def missing_count(self) -> int:
        return self.member_count - self.decided_count


def awaiting_participation(municipality_id: int):
    """Projects of the municipality's partnerships, not in a terminal stage, on which it
    has not decided (no decision row means undecided, R12)."""
    decided = ParticipationDecision.objects.filter(
        project_id=OuterRef("pk"), municipality_id=municipality_id
    )
    return (
        # A subquery, not a join: the member counts annotated afterwards see all members.
        Project.objects.filter(
            portfolio__tactical_group__partnership__in=Partnership.objects.filter(
                members=municipality_id
            )
        )
        .exclude(stage__kind__in=Stage.TERMINAL_KINDS)
        .exclude(Exists(decided))
    )


def participation_awaiting(*, municipalities) -> list[ParticipationItem]:
    """Per municipality the user decides for: the projects awaiting its participation
    decision, oldest first; one query per municipality (R12)."""
    items = []
    for municipality in municipalities:
        rows = (
            awaiting_participation(municipality.pk)
            .annotate(
                decided=Count("participation_decisions__municipality", distinct=True),
                members=Count("portfolio__tactical_group__partnership__members", distinct=True),
            )
            .order_by("created_at", "pk")
            .values_list("pk", "title", "portfolio__name", "stage__name", "decided", "members")
        )
        items += [
            ParticipationItem(
                project_id=pk,
                title=title,
                portfolio=portfolio,
                stage=stage,
                municipality=municipality,
                decided_count=decided,
                member_count=members,
            )
            for pk, title, portfolio, stage, decided, members in rows
        ]
    return items


def participation_awaiting_count(*, municipality_ids) -> int:
    """How many participation decisions await the municipalities (R12); one query each."""
    return sum(awaiting_participation(pk).count() for pk in municipality_ids)


def participation_tally(*, project: Project) -> tuple[int, int]:
    """(municipalities whose current decision is "joined", members), after a decision."""
    joined = sum(
        1
        for d in _latest_per_municipality(project)
        if d.status == ParticipationDecision.Status.JOINED
    )
    return joined, project.partnership.members.count()


def _latest_per_municipality(project: Project) -> list[ParticipationDecision]:
    latest: dict[int, ParticipationDecision] = {}
    for decision in project.participation_decisions.order_by("decided_at", "id"):
        latest[decision.municipality_id] = decision
    return list(latest.values())
