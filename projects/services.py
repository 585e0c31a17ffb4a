"""Writes and rules of projects, portfolios, stages, participation and funds requests (R10-R17).

Every rule is enforced here, once, with its id in a comment. Every service first
refuses an actor without the right (PermissionDenied, from projects/access.py),
then a broken rule raises DomainError with a translated message (English msgid,
Swedish in projects/locale) and the rule id; nothing is
changed on refusal. Matters (the approvals, R15 and R5) live in the matters
app; the project rules of a common-funds request stay here.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.domain import record_actor, validate
from core.errors import DomainError
from matters import selectors as matter_selectors
from matters import services as matter_services
from matters.models import Matter
from partnerships.models import Body, Municipality, Partnership
from projects import access
from projects.models import (
    DEFAULT_STAGES,
    ParticipationDecision,
    Portfolio,
    Project,
    ProjectStatus,
    Stage,
)

# Fields of a project that its tactical group edits (R10).
PROJECT_FIELDS = (
    "title",
    "purpose",
    "goals",
    "regional_value",
    "lead",
    "planned_start",
    "planned_end",
    "requested_funds",
)


# --- Stages (R11) ------------------------------------------------------------


@transaction.atomic
def stages_ensure_default(*, actor, partnership: Partnership) -> list[Stage]:
    """Staff create the default stage model (R11) for a partnership that has no stages yet."""
    access.require_manage(actor, partnership)
    return _ensure_default_stages(partnership=partnership, actor=actor)


def _ensure_default_stages(*, partnership: Partnership, actor) -> list[Stage]:
    """R11: a partnership's first project starts from the default stage model."""
    existing = list(Stage.objects.filter(partnership=partnership).order_by("order"))
    if existing:
        return existing
    stages = []
    for order, (name, kind) in enumerate(DEFAULT_STAGES, start=1):
        stage = Stage(partnership=partnership, name=name, kind=kind, order=order * 10)
        record_actor(stage, actor)
        stage.save()
        stages.append(stage)
    return stages


def _check_stage_kind(stage: Stage) -> None:
    """R11: the rules name stages by kind, so each named kind appears at most once."""
    if stage.kind == Stage.Kind.OTHER:
        return
    clash = Stage.objects.filter(partnership=stage.partnership, kind=stage.kind).exclude(
        pk=stage.pk
    )
    if clash.exists():
        # R13 and R16 find the idea and implementation stages by their kind.
        raise DomainError(
            _(
                "There is already a stage of the kind “%(kind)s”. The rules need to know "
                "which stage is which."
            )
            % {"kind": stage.get_kind_display()},
            rule="R11",
            field="kind",
        )


@transaction.atomic
def stage_create(
    *, actor, partnership: Partnership, name: str, kind: str, order: int, description: str = ""
) -> Stage:
    """Staff add a stage to the stage model (R11)."""
    access.require_manage(actor, partnership)
    stage = Stage(
        partnership=partnership, name=name, kind=kind, order=order, description=description
    )
    validate(stage)
    _check_stage_kind(stage)
    record_actor(stage, actor)
    stage.save()
    return stage


@transaction.atomic
def stage_update(
    *, actor, stage: Stage, name: str, kind: str, order: int, description: str = ""
) -> Stage:
    """Staff rename, reorder or re-describe a stage (R11)."""
    access.require_manage(actor, stage.partnership)
    stage = Stage.objects.select_for_update().get(pk=stage.pk)
    stage.name, stage.kind, stage.order, stage.description = name, kind, order, description
    validate(stage)
    _check_stage_kind(stage)
    record_actor(stage, actor)
    stage.save(update_fields=["name", "kind", "order", "description"])
    return stage


def _first_stage(partnership: Partnership, actor) -> Stage:
    stages = _ensure_default_stages(partnership=partnership, actor=actor)
    for stage in stages:
        if stage.kind == Stage.Kind.IDEA:
            return stage
    return stages[0]


# --- Portfolios and projects (R10) --------------------------------------------


@transaction.atomic
def portfolio_ensure(*, actor, tactical_group: Body, name: str = "") -> Portfolio:
    """The tactical group's portfolio, created on first use (one per group, R10)."""
    access.require_manage(actor, tactical_group.partnership)
    if tactical_group.kind != Body.Kind.TACTICAL_GROUP:
        raise DomainError(
            _("Only a tactical steering group can own a project portfolio."), rule="R10"
        )
    portfolio = Portfolio.objects.filter(tactical_group=tactical_group).first()
    if portfolio:
        return portfolio
    if not name:
        # Stored data: named in the partnership's language, whoever creates it.
        with translation.override(settings.LANGUAGE_CODE):
            name = _("Project portfolio %(group)s") % {"group": tactical_group.name}
    portfolio = Portfolio(tactical_group=tactical_group, name=name)
    validate(portfolio)
    record_actor(portfolio, actor)
    portfolio.save()
    return portfolio


def _check_goal_areas(goal_areas, partnership) -> list:
    """R64: a project serves goal areas of its own partnership's business plans."""
    goal_areas = list(goal_areas)
    if any(
        area.goal.plan.partnership_id != partnership.pk
        or area.goal.plan.kind != area.goal.plan.Kind.BUSINESS_PLAN
        for area in goal_areas
    ):
        raise DomainError(
            _("A project can only serve goal areas of its partnership's business plan."),
            rule="R64",
            field="goal_areas",
        )
    return goal_areas


@transaction.atomic
def project_create(*, actor, portfolio: Portfolio, goal_areas=None, **fields) -> Project:
    """A new project in the portfolio, starting in the idea stage (R10, R11); it may serve
    goal areas of the partnership's business plan (R64)."""
    access.require_edit(actor, portfolio)
    unknown = set(fields) - set(PROJECT_FIELDS)
    if unknown:
        raise TypeError(f"Unknown project fields: {sorted(unknown)}")
    if goal_areas is not None:
        goal_areas = _check_goal_areas(goal_areas, portfolio.tactical_group.partnership)
    project = Project(
        portfolio=portfolio,
        stage=_first_stage(portfolio.partnership, actor),
        created_by=actor,
        **fields,
    )
    validate(project, exclude=["working_groups", "goal_areas"])
    record_actor(project, actor)
    project.save()
    if goal_areas:
        project.goal_areas.set(goal_areas)
    return project


@transaction.atomic
def project_update(*, actor, project: Project, goal_areas=None, **fields) -> Project:
    """Edit a project's core fields (R10) and, when given, the goal areas it serves (R64).

    R15: a changed amount starts a new request: a pending or approved request for
    another amount is replaced, and the new one needs every municipality again.
    """
    access.require_edit(actor, project.portfolio)
    unknown = set(fields) - set(PROJECT_FIELDS)
    if unknown:
        raise TypeError(f"Unknown project fields: {sorted(unknown)}")
    project = Project.objects.select_for_update().get(pk=project.pk)
    if goal_areas is not None:
        goal_areas = _check_goal_areas(goal_areas, project.portfolio.tactical_group.partnership)
    old_amount = project.requested_funds
    for name, value in fields.items():
        setattr(project, name, value)
    validate(project, exclude=["working_groups", "goal_areas"])
    if "requested_funds" in fields and fields["requested_funds"] != old_amount:
        _check_amount_change(project)
    record_actor(project, actor)
    project.save(update_fields=list(fields))
    if goal_areas is not None and set(goal_areas) != set(project.goal_areas.all()):
        project.goal_areas.set(goal_areas)
    if "requested_funds" in fields and fields["requested_funds"] != old_amount:
        current = matter_selectors.current_funds_request(project=project)
        if current and current.status in (Matter.Status.PENDING, Matter.Status.APPROVED):
            if current.status == Matter.Status.PENDING:
                matter_services.matter_supersede(actor=actor, matter=current)
            if project.requested_funds > 0:
                funds_request_create(
                    actor=actor,
                    project=project,
                    amount=project.requested_funds,
                    due_date=current.due_date,
                    description=current.description,
                    replaces=current,
                )
    return project


def _check_amount_change(project: Project) -> None:
    """R16: a project in implementation keeps the amount that was approved."""
    if project.stage.kind == Stage.Kind.IMPLEMENTATION:
        raise DomainError(
            _(
                "The amount cannot be changed while the project is in implementation: the "
                "approved amount applies. Stop or close the project and make a new request "
                "instead."
            ),
            rule="R16",
            field="requested_funds",
        )


# --- Participation (R12) ---------------------------------------------------------


@transaction.atomic
def participation_decide(
    *,
    actor,
    project: Project,
    municipality: Municipality,
    status: str,
    committee_reference: str = "",
    comment: str = "",
) -> ParticipationDecision:
    """Record a municipality's decision to join or decline a project (R12, R17).

    The socialchef (or deputy) decides for their own municipality; staff record a
    committee's decision for any member, with its reference. A repeated identical
    decision records nothing new (a double-submitted form).
    """
    access.require_participation(actor, project, municipality, committee_reference)
    project = Project.objects.select_for_update().get(pk=project.pk)
    if not project.partnership.members.filter(pk=municipality.pk).exists():
        raise DomainError(
            _("%(municipality)s is not a member of the partnership and cannot take part.")
            % {"municipality": municipality.name},
            rule="R12",
        )
    if project.stage.is_terminal:
        raise DomainError(
            _(
                "The project is in the stage “%(stage)s” and takes no more decisions on "
                "participation."
            )
            % {"stage": project.stage.name},
            rule="R12",
        )
    latest = (
        project.participation_decisions.filter(municipality=municipality)
        .order_by("-decided_at", "-id")
        .first()
    )
    if (
        latest
        and latest.status == status
        and latest.committee_reference == committee_reference
        and latest.comment == comment
    ):
        return latest
    decision = ParticipationDecision(
        project=project,
        municipality=municipality,
        status=status,
        committee_reference=committee_reference.strip(),
        comment=comment.strip(),
        decided_by=actor,
    )
    validate(decision)
    record_actor(decision, actor)
    decision.save()
    return decision


# --- Common-funds requests (R15, R16) ---------------------------------------------


@transaction.atomic
def funds_request_create(
    *,
    actor,
    project: Project,
    amount: Decimal,
    due_date: datetime.date | None = None,
    description: str = "",
    replaces: Matter | None = None,
) -> Matter:
    """Ask every member municipality to approve the use of common funds (R15).

    A pending request for another amount is replaced by this one (a changed
    amount starts a new request); one for the same amount is refused. The owning
    tactical group asks.
    """
    access.require_edit(actor, project.portfolio)
    project = Project.objects.select_for_update().get(pk=project.pk)
    if amount is None or amount <= 0:
        raise DomainError(_("Enter an amount greater than 0 kr."), rule="R15", field="amount")
    if project.stage.is_terminal:
        raise DomainError(
            _("The project is in the stage “%(stage)s” and cannot ask for funds.")
            % {"stage": project.stage.name},
            rule="R15",
        )
    pending = Matter.objects.filter(
        project=project, kind=Matter.Kind.FUNDS_REQUEST, status=Matter.Status.PENDING
    ).first()
    if pending and pending.amount == amount:
        raise DomainError(
            _("There is already a request for the same amount waiting for decisions."), rule="R15"
        )
    if project.stage.kind == Stage.Kind.IMPLEMENTATION and amount != project.requested_funds:
        _check_amount_change(project)
    if pending:
        matter_services.matter_supersede(actor=actor, matter=pending)
        replaces = pending
    matter = matter_services.funds_request_open(
        actor=actor,
        project=project,
        amount=amount,
        due_date=due_date,
        description=description,
        replaces=replaces,
    )
    if project.requested_funds != amount:
        project.requested_funds = amount
        record_actor(project, actor)
        project.save(update_fields=["requested_funds"])
    return matter


# --- Quarterly status ---------------------------------------------------------------


@transaction.atomic
def project_report_status(
    *, actor, project: Project, year: int, quarter: int, status: str, comment: str = ""
) -> ProjectStatus:
    """The project lead's (or the owning tactical group's) status for a quarter.

    Earlier statuses are kept.
    """
    access.require_report_status(actor, project)
    today = timezone.localdate()
    if (year, quarter) > (today.year, (today.month - 1) // 3 + 1):
        raise DomainError(_("Status cannot be reported for a quarter that has not begun."))
    report = ProjectStatus(
        project=project,
        year=year,
        quarter=quarter,
        status=status,
        comment=comment.strip(),
        reported_by=actor,
    )
    validate(report)
    record_actor(report, actor)
    report.save()
    return report
