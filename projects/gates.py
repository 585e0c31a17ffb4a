"""Gate decisions: a project moves through the stage model (R13, R14, R16, R54).

The owning tactical group decides at a meeting; the rules of leaving the idea
stage and of entering implementation are checked here, once. Refusals as in
projects/services.py: PermissionDenied for the actor, DomainError for a rule.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.domain import record_actor, validate
from core.errors import DomainError
from matters import selectors as matter_selectors
from matters.models import Matter
from projects import access, gate_minutes
from projects.models import GateDecision, ParticipationDecision, Project, Stage
from projects.selectors import current_participation


@transaction.atomic
def project_move_stage(
    *,
    actor,
    project: Project,
    to_stage: Stage,
    decided_on: datetime.date,
    minutes_reference: str = "",
    comment: str = "",
    paragraph=None,
) -> GateDecision:
    """The owning tactical group moves a project through a gate (R14, R13, R16, R54)."""
    access.require_gate(actor, project)
    project = (
        # Lock the project row alone: a body's partnership is a nullable join (R50).
        Project.objects.select_for_update(of=("self",))
        .select_related("stage", "portfolio__tactical_group__partnership")
        .get(pk=project.pk)
    )
    from_stage = project.stage
    if to_stage.partnership_id != from_stage.partnership_id:
        raise DomainError(_("The stage belongs to another partnership."), rule="R11")
    if to_stage.pk == from_stage.pk:
        raise DomainError(
            _("The project is already in the stage “%(stage)s”.") % {"stage": to_stage.name},
            rule="R14",
        )
    minutes_reference = gate_minutes.reference_for(project, paragraph, minutes_reference)
    if not minutes_reference.strip():
        raise DomainError(
            _("Enter the minutes reference of the decision, e.g. “TS IFO 2026-03-04 § 3”."),
            rule="R14",
            field="minutes_reference",
        )
    if decided_on > timezone.localdate():
        raise DomainError(
            _("The decision date cannot be in the future."), rule="R14", field="decided_on"
        )
    _check_leaving_idea(project, from_stage, to_stage)
    _check_entering_implementation(project, to_stage)

    gate = GateDecision(
        project=project,
        from_stage=from_stage,
        to_stage=to_stage,
        decided_on=decided_on,
        minutes_reference=minutes_reference.strip(),
        paragraph=paragraph,
        comment=comment.strip(),
        decided_by=actor,
    )
    validate(gate)
    record_actor(gate, actor)
    gate.save()
    project.stage = to_stage
    record_actor(project, actor)
    project.save(update_fields=["stage"])
    return gate


def _check_leaving_idea(project: Project, from_stage: Stage, to_stage: Stage) -> None:
    """R13: out of the idea stage only with 2 joined municipalities and the regional value.

    Closing an idea (Avbruten, Avslag) is always possible.
    """
    if from_stage.kind != Stage.Kind.IDEA or to_stage.kind in (
        Stage.Kind.STOPPED,
        Stage.Kind.REJECTED,
    ):
        return
    joined = [
        d
        for d in current_participation(project).values()
        if d.status == ParticipationDecision.Status.JOINED
    ]
    problems = []
    if len(joined) < 2:
        problems.append(
            _("at least 2 municipalities must have joined (now %(count)s)") % {"count": len(joined)}
            if joined
            else _("at least 2 municipalities must have joined (none has joined yet)")
        )
    if not project.regional_value.strip():
        problems.append(_("the regional value must be described"))
    if problems:
        reason = problems[0]
        if len(problems) == 2:
            reason = _("%(first)s and %(second)s") % {"first": problems[0], "second": problems[1]}
        raise DomainError(
            _("The project cannot leave the idea stage: %(reason)s.") % {"reason": reason},
            rule="R13",
        )


def _check_entering_implementation(project: Project, to_stage: Stage) -> None:
    """R16: no implementation before the common-funds request is approved."""
    if to_stage.kind != Stage.Kind.IMPLEMENTATION or project.requested_funds <= 0:
        return
    current = matter_selectors.current_funds_request(project=project)
    if (
        current is None
        or current.status != Matter.Status.APPROVED
        or current.amount != project.requested_funds
    ):
        if current is None:
            why = _("no request has been made")
        elif current.status == Matter.Status.PENDING:
            why = _("the request is still waiting for decisions")
        elif current.status == Matter.Status.APPROVED:
            why = _("the approved amount is not the amount the project asks for now")
        else:
            why = _("the request is %(status)s") % {"status": current.get_status_display().lower()}
        raise DomainError(
            _(
                "The project asks for common funds and cannot enter implementation until every "
                "municipality has approved the request (%(reason)s)."
            )
            % {"reason": why},
            rule="R16",
        )
