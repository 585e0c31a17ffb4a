"""Writes of plans: drafting, copying, proposing, adopting and freezing (R60-R63).

Every service checks its actor first (plans/access.py), then the rule, and changes
nothing on refusal (DomainError with a translated message and the rule id). A plan's
content (vision, goals, goal areas, focus areas, indicators and their targets) is
changed only while it is a draft; indicator values are follow-up and may be entered
for an adopted plan too (R62).
"""

from __future__ import annotations

import datetime
import hashlib
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core import documents
from core.domain import record_actor, validate
from core.errors import DomainError
from matters import services as matter_services
from matters.models import Matter
from partnerships.models import Body
from plans import access, indicators, traffic
from plans.models import (
    FocusArea,
    GoalArea,
    Indicator,
    IndicatorValue,
    Plan,
    PlanVersion,
    StrategicGoal,
)

# The plan fields staff edit in a draft (R60).
PLAN_TEXT_FIELDS = ["title", "vision", "introduction", "follow_up", "financing"]


def _require_draft(plan: Plan) -> None:
    """R61: an adopted (or proposed) plan is frozen; only a draft is edited."""
    if plan.status != Plan.Status.DRAFT:
        raise DomainError(
            _("The plan is %(status)s and can no longer be changed.")
            % {"status": plan.get_status_display().lower()},
            rule="R61",
        )


def _default_title(kind: str, year: int, body: Body | None) -> str:
    with translation.override(settings.LANGUAGE_CODE):  # stored data, in Swedish
        if kind == Plan.Kind.BUSINESS_PLAN:
            return _("Business plan %(year)s") % {"year": year}
        label = Plan.Kind(kind).label
        years = f"{year}–{year + 2}" if kind == Plan.Kind.STRATEGY else str(year)
        return f"{label} {years}: {body.short_name or body.name}"


# --- Creating a plan: a copy of the last one (R60) ---------------------------------------


@transaction.atomic
def plan_create(
    *, actor, year: int, partnership=None, body: Body | None = None, kind: str = ""
) -> Plan:
    """A new plan for the year, starting as a copy of the last plan of its kind (R60).

    A partnership's business plan (`partnership`), or a strategy group's strategy
    (three years) or action plan (`body`, `kind`, R70).
    """
    kind = kind or Plan.Kind.BUSINESS_PLAN
    probe = Plan(kind=kind, partnership=partnership, body=body, year=year, last_year=year)
    user = access.require_edit(actor, probe)
    if body is not None and body.kind != Body.Kind.STRATEGY_GROUP:
        raise DomainError(_("Only a strategy group has a strategy and action plans."), rule="R70")
    owner = {"partnership": partnership} if partnership else {"body": body}
    if Plan.objects.filter(kind=kind, year=year, **owner).exists():
        raise DomainError(
            _("There is already a plan of this kind for %(year)s.") % {"year": year}, rule="R60"
        )
    last = Plan.objects.filter(kind=kind, year__lt=year, **owner).order_by("-year").first()
    plan = Plan(
        kind=kind,
        year=year,
        last_year=year + 2 if kind == Plan.Kind.STRATEGY else year,
        title=_default_title(kind, year, body),
        copied_from=last,
        **owner,
    )
    if last:
        for name in ("vision", "introduction", "follow_up", "financing"):
            setattr(plan, name, getattr(last, name))
    validate(plan)
    record_actor(plan, user)
    plan.save()
    if last:
        _copy_content(source=last, target=plan, user=user)
    return plan


def _copy_content(*, source: Plan, target: Plan, user) -> None:
    """Copy focus areas, goals, goal areas (with their projects, R64) and indicators."""
    for focus in source.focus_areas.all():
        _save(
            FocusArea(
                plan=target, number=focus.number, title=focus.title, description=focus.description
            ),
            user,
        )
    goals = source.goals.prefetch_related(
        "agenda_goals", "areas__agenda_goals", "areas__indicators", "areas__projects"
    )
    for goal in goals:
        new_goal = _save(
            StrategicGoal(
                plan=target, number=goal.number, title=goal.title, description=goal.description
            ),
            user,
        )
        new_goal.agenda_goals.set(goal.agenda_goals.all())
        for area in goal.areas.all():
            new_area = _save(
                GoalArea(
                    goal=new_goal,
                    number=area.number,
                    title=area.title,
                    description=area.description,
                ),
                user,
            )
            new_area.agenda_goals.set(area.agenda_goals.all())
            new_area.projects.set(area.projects.all())
            for old in area.indicators.all():
                indicator = Indicator(goal_area=new_area)
                for field in INDICATOR_FIELDS + ["series", "survey_question", "number"]:
                    setattr(indicator, field, getattr(old, field))
                _save(indicator, user)


def _save(instance, user):
    validate(instance)
    record_actor(instance, user)
    instance.save()
    return instance


# --- Editing a draft (R60) -------------------------------------------------------------


@transaction.atomic
def plan_update(*, actor, plan: Plan, **fields) -> Plan:
    """Save the texts of a draft plan (title, vision, introduction, follow-up, financing)."""
    user = access.require_edit(actor, plan)
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    _require_draft(plan)
    for name, value in fields.items():
        if name not in PLAN_TEXT_FIELDS:
            raise TypeError(name)
        setattr(plan, name, (value or "").strip())
    plan.updated_at = timezone.now()
    validate(plan)
    record_actor(plan, user)
    plan.save(update_fields=[*fields, "updated_at"])
    return plan


def _plan_of(part) -> Plan:
    if isinstance(part, (StrategicGoal, FocusArea)):
        return part.plan
    if isinstance(part, GoalArea):
        return part.goal.plan
    return part.goal_area.goal.plan


@transaction.atomic
def plan_part_save(*, actor, part, agenda_goals=None):
    """Create or change a focus area, goal, goal area or indicator of a draft plan (R60).

    `agenda_goals`: the Agenda 2030 goals a goal or goal area links to, when given.
    """
    plan = _plan_of(part)
    user = access.require_edit(actor, plan)
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    _require_draft(plan)
    if isinstance(part, Indicator):
        _check_indicator(part)
    _save(part, user)
    if agenda_goals is not None and isinstance(part, (StrategicGoal, GoalArea)):
        part.agenda_goals.set(agenda_goals)
    return part


@transaction.atomic
def plan_part_delete(*, actor, part) -> None:
    """Remove a focus area, goal (with its areas), goal area or indicator of a draft (R60)."""
    plan = _plan_of(part)
    access.require_edit(actor, plan)
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    _require_draft(plan)
    part.delete()


INDICATOR_FIELDS = [
    "name",
    "unit",
    "direction",
    "baseline",
    "baseline_year",
    "target",
    "target_q1",
    "target_q2",
    "target_q3",
    "partly_met_from",
    "computation",
    "note",
]


def _check_indicator(indicator: Indicator) -> None:
    """R62: a known computation, and the partly-met value on the right side of the target."""
    if indicator.computation and indicators.get(indicator.computation) is None:
        raise DomainError(
            _("Unknown computation: %(key)s.") % {"key": indicator.computation},
            rule="R62",
            field="computation",
        )
    # Against the year's target; for a quarter's target it applies where it fits (selectors).
    if not traffic.threshold_on_right_side(
        target=indicator.target,
        partly_met_from=indicator.partly_met_from,
        direction=indicator.direction,
    ):
        raise DomainError(
            _(
                "The value for partly met must be below the target when higher is better, "
                "and above it when lower is better."
            ),
            rule="R62",
            field="partly_met_from",
        )


# --- Values (R62, R63) -----------------------------------------------------------------


@transaction.atomic
def indicator_value_set(
    *,
    actor,
    indicator: Indicator,
    year: int,
    period: str,
    value: Decimal,
    source: str,
    comment: str = "",
) -> IndicatorValue:
    """Enter (or correct) an indicator's value for a period, with its source (R62).

    Also for an adopted plan: values are its follow-up. A computed indicator takes its
    values from the application's data, never from staff.
    """
    plan = indicator.goal_area.goal.plan
    user = access.require_edit(actor, plan)
    if indicator.is_computed:
        raise DomainError(
            _("The indicator is computed by the application; its values cannot be entered."),
            rule="R62",
        )
    if not plan.year <= year <= plan.last_year:
        raise DomainError(
            _("The plan covers %(years)s.") % {"years": plan.years_label}, rule="R62", field="year"
        )
    if not (source or "").strip():
        raise DomainError(_("State the source of the value."), rule="R62", field="source")
    row = (
        IndicatorValue.objects.select_for_update()
        .filter(indicator=indicator, year=year, period=period)
        .first()
    ) or IndicatorValue(indicator=indicator, year=year, period=period)
    row.value = value
    row.source = source.strip()
    row.comment = (comment or "").strip()
    row.entered_by = user
    row.entered_at = timezone.now()
    return _save(row, user)


# --- Adoption (R5, R61) ----------------------------------------------------------------


@transaction.atomic
def plan_propose(*, actor, plan: Plan, due_date: datetime.date | None = None) -> Matter:
    """Put a draft business plan to the steering group as a consensus matter (R5, R61).

    The matter follows the consensus route of matters: the preparation group marks it
    ready, each municipality's socialchef assents; the last assent adopts the plan.
    """
    access.require_edit(actor, plan)
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if plan.kind != Plan.Kind.BUSINESS_PLAN:
        raise DomainError(
            _("A strategy group's plans are adopted by Kommunalt forum or ReKo."), rule="R70"
        )
    _require_draft(plan)
    if not plan.goals.exists():
        raise DomainError(
            _("Add at least one strategic goal before proposing the plan."), rule="R60"
        )
    with translation.override(settings.LANGUAGE_CODE):
        title = _("Adoption of %(plan)s") % {"plan": plan.title}
        description = _("The steering group adopts the business plan by consensus.")
    matter = matter_services.consensus_matter_create(
        actor=actor,
        partnership=plan.partnership,
        title=title,
        description=description,
        due_date=due_date,
    )
    plan.status = Plan.Status.PROPOSED
    plan.adoption_matter = matter
    record_actor(plan, actor)
    plan.save(update_fields=["status", "adoption_matter"])
    return matter


def plan_matter_closed(*, matter: Matter, actor) -> None:
    """R61: the outcome of a plan's adoption matter (called by matters.outcomes).

    All 13 assented: the plan is adopted and frozen (version 1 with its PDF). Rejected
    or withdrawn: the plan is a draft again, to be changed and proposed anew.
    """
    plan = Plan.objects.select_for_update().filter(adoption_matter=matter).first()
    if plan is None or plan.status != Plan.Status.PROPOSED:
        return
    if matter.kind != Matter.Kind.CONSENSUS:
        return
    if matter.status == Matter.Status.APPROVED:
        with translation.override(settings.LANGUAGE_CODE):
            reference = _("Consensus of the steering group, matter %(id)s") % {"id": matter.pk}
        _adopt(plan=plan, actor=actor, reference=reference)
    else:
        plan.status = Plan.Status.DRAFT
        plan.adoption_matter = None
        record_actor(plan, actor)
        plan.save(update_fields=["status", "adoption_matter"])


@transaction.atomic
def plan_record_adoption(*, actor, plan: Plan, reference: str) -> PlanVersion:
    """Record that Kommunalt forum (strategy) or ReKo (action plan) adopted a strategy
    group's plan, with the reference of its minutes; freezes the plan (R61, R70)."""
    user = access.require_edit(actor, plan)
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if plan.kind == Plan.Kind.BUSINESS_PLAN:
        # R5: only the steering group's consensus adopts a business plan.
        raise DomainError(_("The steering group adopts the business plan by consensus."), rule="R5")
    _require_draft(plan)
    if not (reference or "").strip():
        raise DomainError(
            _("State the decision that adopted the plan."), rule="R70", field="reference"
        )
    if user is None:
        raise PermissionDenied  # a frozen version names a person
    return _adopt(plan=plan, actor=user, reference=reference.strip())


def _adopt(*, plan: Plan, actor, reference: str) -> PlanVersion:
    plan.status = Plan.Status.ADOPTED
    plan.adopted_at = timezone.now()
    plan.adoption_reference = reference
    record_actor(plan, actor)
    plan.save(update_fields=["status", "adopted_at", "adoption_reference"])
    return _freeze(plan=plan, actor=actor, reason="")


def _freeze(*, plan: Plan, actor, reason: str) -> PlanVersion:
    """Store the plan's PDF as its next version, with SHA-256 (R61, as R42)."""
    from plans.pdf import render_plan_documents

    last = plan.versions.order_by("-number").values_list("number", flat=True).first() or 0
    number = last + 1
    pdf, html = render_plan_documents(plan, version_number=number)
    version = PlanVersion(
        plan=plan,
        number=number,
        pdf=pdf,
        sha256=hashlib.sha256(pdf).hexdigest(),
        size=len(pdf),
        reason=reason,
        frozen_by=actor,
        frozen_at=timezone.now(),
        **documents.twin_fields(html),  # the web twin in the same INSERT (issue 15)
    )
    version.full_clean()
    record_actor(version, actor)
    version.save()
    return version


@transaction.atomic
def plan_new_version(*, actor, plan: Plan, reason: str) -> PlanVersion:
    """A new frozen version of an adopted plan, e.g. a corrected layout; needs a reason.

    The content stays as adopted (R61); earlier versions stay downloadable.
    """
    user = access.require_edit(actor, plan)
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if not plan.is_adopted:
        raise DomainError(_("Only an adopted plan has versions."), rule="R61")
    if not (reason or "").strip():
        raise DomainError(_("State why a new version is made."), rule="R61", field="reason")
    if user is None:
        raise PermissionDenied
    return _freeze(plan=plan, actor=user, reason=reason.strip())


def version_web_twin(*, actor, version: PlanVersion):
    """The checked web twin of a frozen version (issue 15), for the PDF's readers.
    Raises `documents.TwinChecksumMismatch` if it no longer matches (R61, R42)."""
    access.require_read(actor, version.plan)
    return documents.verified_twin(version)


def version_pdf(*, actor, version: PlanVersion) -> bytes:
    """The stored bytes of a frozen version, after checking their SHA-256 (R61, R42)."""
    access.require_read(actor, version.plan)
    data = bytes(PlanVersion.objects.values_list("pdf", flat=True).get(pk=version.pk))
    if not version.checksum_ok(data):
        raise DomainError(
            _("The stored file does not match its checksum and cannot be shown."), rule="R61"
        )
    return data
