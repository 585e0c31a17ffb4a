"""The portfolio overview's reads (R10, R11): its projects filtered and paged, the stage
counts, and the facts each row shows, in a fixed number of queries however many projects
and how much history there are.

A row's facts are read for the page's projects only, each kind in one plain query that
gives what the row shows (the latest participation per municipality, the newest request
with its number of decisions, the newest status, the goal-area codes), rather than every
history row as a model instance through prefetching.
"""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from matters.models import Matter
from partnerships.models import Municipality, Partnership
from projects.models import ParticipationDecision, Portfolio, Project, ProjectStatus, Stage
from projects.selectors import ProjectRow, funds_status_text

# What the overview shows (R11's terminal kinds end a project). Ongoing by default: a
# tactical steering group steers its current work; ended projects are one choice away.
ONGOING, ENDED, ALL = "ongoing", "ended", "all"
SHOW_CHOICES = [(ONGOING, _("Ongoing")), (ENDED, _("Ended")), (ALL, _("All"))]
_JOINED = ParticipationDecision.Status.JOINED


def portfolio_stage_counts(*, portfolio: Portfolio) -> list[Stage]:
    """The partnership's stages in order, each with its number of projects (`n`) in the
    portfolio, ended stages included."""
    return list(
        Stage.objects.filter(partnership_id=portfolio.tactical_group.partnership_id)
        .annotate(n=Count("projects", filter=Q(projects__portfolio=portfolio)))
        .order_by("order")
    )


def portfolio_projects(
    *,
    portfolio: Portfolio,
    stage: Stage | None = None,
    municipality: Municipality | None = None,
    show: str = ALL,
):
    """The portfolio's projects in stage order: ongoing, ended or all, of one stage, and
    those the municipality takes part in (its latest decision is "joined", R12)."""
    projects = Project.objects.filter(portfolio=portfolio)
    if show == ONGOING:
        projects = projects.exclude(stage__kind__in=Stage.TERMINAL_KINDS)
    elif show == ENDED:
        projects = projects.filter(stage__kind__in=Stage.TERMINAL_KINDS)
    if stage is not None:
        projects = projects.filter(stage=stage)
    if municipality is not None:
        projects = projects.filter(pk__in=_joined_project_ids(municipality))
    return projects.select_related("stage").order_by("stage__order", "title", "pk")


def counted_projects(stages, *, show: str, stage: Stage | None, municipality) -> int | None:
    """How many projects `portfolio_projects` gives, from the stages' counts (`n`) read
    already; None when a municipality filter needs its own count."""
    if municipality is not None:
        return None
    if stage is not None:
        return stage.n
    return sum(s.n for s in stages if show == ALL or s.is_terminal == (show == ENDED))


def _joined_project_ids(municipality: Municipality):
    """Projects whose latest participation decision by the municipality is "joined"."""
    newer = ParticipationDecision.objects.filter(
        project=OuterRef("project"),
        municipality=municipality,
        decided_at__gt=OuterRef("decided_at"),
    )
    return (
        ParticipationDecision.objects.filter(
            municipality=municipality, status=ParticipationDecision.Status.JOINED
        )
        .filter(~Exists(newer))
        .values("project_id")
    )


def project_rows(
    projects, *, partnership: Partnership | None = None, members=None
) -> list[ProjectRow]:
    """Rows for a page of projects from `portfolio_projects`: four queries for any number.

    `members` (the partnership's member municipalities, read once by the caller) gives the
    participants by id and R15's "x of 13"; without it they are read here."""
    projects = list(projects)
    if members is None:
        members = list(partnership.members.all())
    ids = [p.pk for p in projects]
    if not ids:
        return []
    joined = _joined_by_project(ids, {m.pk: m for m in members})
    requests = _newest_requests(ids)
    statuses = {
        s.project_id: s
        for s in ProjectStatus.objects.filter(project_id__in=ids)
        .order_by("project_id", "-year", "-quarter", "-reported_at", "-id")
        .distinct("project_id")
    }
    codes = _goal_codes(ids)
    count = len(members)
    rows = []
    for project in projects:
        status, decided = requests.get(project.pk, (None, 0))
        rows.append(
            ProjectRow(
                project=project,
                participants=joined.get(project.pk, []),
                funds_request=None,  # the status is what a list shows
                funds_status=funds_status_text(status, decided, count),
                latest_status=statuses.get(project.pk),
                goal_codes=codes.get(project.pk, []),
            )
        )
    return rows


def _joined_by_project(ids, municipalities) -> dict[int, list[Municipality]]:
    """project id -> the municipalities whose latest decision is "joined" (R12), by code."""
    latest = {}
    for key in (
        ParticipationDecision.objects.filter(project_id__in=ids)
        .order_by("decided_at", "id")
        .values_list("project_id", "municipality_id", "status")
    ):
        latest[key[:2]] = key[2]
    joined = [key for key, status in latest.items() if status == _JOINED]
    # A municipality that has since left the partnership is still named.
    missing = {m for _p, m in joined if m not in municipalities}
    if missing:
        municipalities = {**municipalities, **Municipality.objects.in_bulk(missing)}
    result: dict[int, list[Municipality]] = {}
    for project_id, municipality_id in joined:
        result.setdefault(project_id, []).append(municipalities[municipality_id])
    for found in result.values():
        found.sort(key=lambda m: m.code)
    return result


def _newest_requests(ids) -> dict[int, tuple[str, int]]:
    """project id -> (status, number of decisions) of its newest common-funds request (R15).

    Plain values: the row shows the request's status only (the project page links it)."""
    newest: dict[int, tuple[str, int]] = {}
    requests = (
        Matter.objects.filter(kind=Matter.Kind.FUNDS_REQUEST, project_id__in=ids)
        .order_by("-created_at", "-id")
        .values_list("project_id", "status")
        .annotate(decided=Count("decisions"))
    )
    for project_id, status, decided in requests:
        newest.setdefault(project_id, (status, decided))
    return newest


def _goal_codes(ids) -> dict[int, list[str]]:
    """project id -> the codes ("2.1") of the goal areas it serves (R64)."""
    codes: dict[int, list[str]] = {}
    served = (
        Project.goal_areas.through.objects.filter(project_id__in=ids)
        .order_by("goalarea__goal__number", "goalarea__number", "goalarea_id")
        .values_list("project_id", "goalarea__goal__number", "goalarea__number")
    )
    for project_id, goal, area in served:
        codes.setdefault(project_id, []).append(f"{goal}.{area}")
    return codes
