"""Writes and rules of projects, portfolios, the stage model and approvals (R5, R10-R17).

Every rule is enforced here, once, with its id in a comment. A refusal raises
DomainError with a Swedish message; nothing is changed on refusal.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from core.domain import record_actor, validate
from core.errors import DomainError
from partnerships.models import Body, Membership, Municipality, Partnership
from partnerships.permissions import DECIDING_ROLES
from projects.models import (
    DEFAULT_STAGES,
    GateDecision,
    Matter,
    MatterComment,
    MatterDecision,
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
def stages_ensure_default(*, partnership: Partnership, actor=None) -> list[Stage]:
    """Create the default stage model (R11) for a partnership that has no stages yet."""
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
        raise DomainError(
            f"Det finns redan ett steg av typen ”{stage.get_kind_display()}”. "
            "Reglerna (R13, R16) behöver veta vilket steg som är vilket.",
            rule="R11",
            field="kind",
        )


@transaction.atomic
def stage_create(
    *, actor, partnership: Partnership, name: str, kind: str, order: int, description: str = ""
) -> Stage:
    """Staff add a stage to the stage model (R11)."""
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
    stage = Stage.objects.select_for_update().get(pk=stage.pk)
    stage.name, stage.kind, stage.order, stage.description = name, kind, order, description
    validate(stage)
    _check_stage_kind(stage)
    record_actor(stage, actor)
    stage.save(update_fields=["name", "kind", "order", "description"])
    return stage


def _first_stage(partnership: Partnership) -> Stage:
    stages = stages_ensure_default(partnership=partnership)
    for stage in stages:
        if stage.kind == Stage.Kind.IDEA:
            return stage
    return stages[0]


# --- Portfolios and projects (R10) --------------------------------------------


@transaction.atomic
def portfolio_ensure(*, actor, tactical_group: Body, name: str = "") -> Portfolio:
    """The tactical group's portfolio, created on first use (one per group, R10)."""
    if tactical_group.kind != Body.Kind.TACTICAL_GROUP:
        raise DomainError("Bara en taktisk styrgrupp kan äga en projektportfölj.", rule="R10")
    portfolio = Portfolio.objects.filter(tactical_group=tactical_group).first()
    if portfolio:
        return portfolio
    portfolio = Portfolio(
        tactical_group=tactical_group, name=name or f"Projektportfölj {tactical_group.name}"
    )
    validate(portfolio)
    record_actor(portfolio, actor)
    portfolio.save()
    return portfolio


@transaction.atomic
def project_create(*, actor, portfolio: Portfolio, **fields) -> Project:
    """A new project in the portfolio, starting in the idea stage (R10, R11)."""
    unknown = set(fields) - set(PROJECT_FIELDS)
    if unknown:
        raise TypeError(f"Unknown project fields: {sorted(unknown)}")
    project = Project(
        portfolio=portfolio,
        stage=_first_stage(portfolio.partnership),
        created_by=actor,
        **fields,
    )
    validate(project, exclude=["working_groups"])
    record_actor(project, actor)
    project.save()
    return project


@transaction.atomic
def project_update(*, actor, project: Project, **fields) -> Project:
    """Edit a project's core fields (R10).

    R15: a changed amount starts a new request: a pending or approved request for
    another amount is replaced, and the new one needs every municipality again.
    """
    unknown = set(fields) - set(PROJECT_FIELDS)
    if unknown:
        raise TypeError(f"Unknown project fields: {sorted(unknown)}")
    project = Project.objects.select_for_update().get(pk=project.pk)
    old_amount = project.requested_funds
    for name, value in fields.items():
        setattr(project, name, value)
    validate(project, exclude=["working_groups"])
    if "requested_funds" in fields and fields["requested_funds"] != old_amount:
        _check_amount_change(project)
    record_actor(project, actor)
    project.save(update_fields=list(fields))
    if "requested_funds" in fields and fields["requested_funds"] != old_amount:
        current = _current_funds_request(project)
        if current and current.status in (Matter.Status.PENDING, Matter.Status.APPROVED):
            if current.status == Matter.Status.PENDING:
                _supersede(current, actor=actor)
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
            "Beloppet kan inte ändras när projektet är i genomförande: det godkända beloppet "
            "gäller. Avbryt eller avsluta projektet och gör en ny ansökan i stället.",
            rule="R16",
            field="requested_funds",
        )


# --- Participation (R12) ---------------------------------------------------------


def current_participation(project: Project) -> dict[int, ParticipationDecision]:
    """municipality id -> latest decision (R12); absent means undecided."""
    latest: dict[int, ParticipationDecision] = {}
    for decision in project.participation_decisions.order_by("decided_at", "id"):
        latest[decision.municipality_id] = decision
    return latest


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

    A repeated identical decision records nothing new (a double-submitted form).
    """
    project = Project.objects.select_for_update().get(pk=project.pk)
    if not project.partnership.members.filter(pk=municipality.pk).exists():
        raise DomainError(
            f"{municipality.name} är inte medlem i partnerskapet och kan inte delta.", rule="R12"
        )
    if project.stage.is_terminal:
        raise DomainError(
            f"Projektet är i steget ”{project.stage.name}” och tar inte emot fler beslut om "
            "deltagande.",
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


# --- Gate decisions (R13, R14, R16) ---------------------------------------------


@transaction.atomic
def project_move_stage(
    *,
    actor,
    project: Project,
    to_stage: Stage,
    decided_on: datetime.date,
    minutes_reference: str,
    comment: str = "",
) -> GateDecision:
    """The owning tactical group moves a project through a gate (R14), within R13 and R16."""
    project = (
        Project.objects.select_for_update()
        .select_related("stage", "portfolio__tactical_group__partnership")
        .get(pk=project.pk)
    )
    from_stage = project.stage
    if to_stage.partnership_id != from_stage.partnership_id:
        raise DomainError("Steget hör till ett annat partnerskap.", rule="R11")
    if to_stage.pk == from_stage.pk:
        raise DomainError(f"Projektet är redan i steget ”{to_stage.name}”.", rule="R14")
    if not minutes_reference.strip():
        raise DomainError(
            "Ange protokollsreferens för beslutet, t.ex. ”TS IFO 2026-03-04 § 3”.",
            rule="R14",
            field="minutes_reference",
        )
    if decided_on > timezone.localdate():
        raise DomainError(
            "Beslutsdatum kan inte ligga i framtiden.", rule="R14", field="decided_on"
        )
    _check_leaving_idea(project, from_stage, to_stage)
    _check_entering_implementation(project, to_stage)

    gate = GateDecision(
        project=project,
        from_stage=from_stage,
        to_stage=to_stage,
        decided_on=decided_on,
        minutes_reference=minutes_reference.strip(),
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
            f"minst 2 kommuner ska ha anslutit sig (nu {len(joined)})"
            if joined
            else "minst 2 kommuner ska ha anslutit sig (ingen har anslutit sig än)"
        )
    if not project.regional_value.strip():
        problems.append("det regionala värdet ska vara beskrivet")
    if problems:
        raise DomainError(
            "Projektet kan inte lämna idésteget: " + " och ".join(problems) + ".", rule="R13"
        )


def _check_entering_implementation(project: Project, to_stage: Stage) -> None:
    """R16: no implementation before the common-funds request is approved."""
    if to_stage.kind != Stage.Kind.IMPLEMENTATION or project.requested_funds <= 0:
        return
    current = _current_funds_request(project)
    if (
        current is None
        or current.status != Matter.Status.APPROVED
        or current.amount != project.requested_funds
    ):
        if current is None:
            why = "ingen ansökan är gjord"
        elif current.status == Matter.Status.PENDING:
            why = "ansökan väntar fortfarande på beslut"
        elif current.status == Matter.Status.APPROVED:
            why = "det godkända beloppet är inte det belopp projektet söker nu"
        else:
            why = f"ansökan är {current.get_status_display().lower()}"
        raise DomainError(
            "Projektet söker gemensamma medel och kan inte gå in i genomförande förrän alla "
            f"kommuner har godkänt ansökan ({why}).",
            rule="R16",
        )


# --- The unanimity mechanism (R15, R5) -----------------------------------------


def _current_funds_request(project: Project) -> Matter | None:
    """The project's newest common-funds request, whatever its status."""
    return (
        Matter.objects.filter(project=project, kind=Matter.Kind.FUNDS_REQUEST)
        .order_by("-created_at", "-id")
        .first()
    )


def _supersede(matter: Matter, *, actor) -> None:
    matter = Matter.objects.select_for_update().get(pk=matter.pk)
    matter.status = Matter.Status.SUPERSEDED
    matter.closed_at = timezone.now()
    matter.closed_by = actor
    matter.closing_note = "Beloppet ändrades; en ny ansökan ersätter denna (R15)."
    record_actor(matter, actor)
    matter.save(update_fields=["status", "closed_at", "closed_by", "closing_note"])


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
    amount starts a new request); one for the same amount is refused.
    """
    project = Project.objects.select_for_update().get(pk=project.pk)
    if amount is None or amount <= 0:
        raise DomainError("Ange ett belopp större än 0 kr.", rule="R15", field="amount")
    if project.stage.is_terminal:
        raise DomainError(
            f"Projektet är i steget ”{project.stage.name}” och kan inte söka medel.", rule="R15"
        )
    pending = Matter.objects.filter(
        project=project, kind=Matter.Kind.FUNDS_REQUEST, status=Matter.Status.PENDING
    ).first()
    if pending and pending.amount == amount:
        raise DomainError(
            "Det finns redan en ansökan om samma belopp som väntar på beslut.", rule="R15"
        )
    if project.stage.kind == Stage.Kind.IMPLEMENTATION and amount != project.requested_funds:
        _check_amount_change(project)
    if pending:
        _supersede(pending, actor=actor)
        replaces = pending
    matter = Matter(
        partnership=project.partnership,
        kind=Matter.Kind.FUNDS_REQUEST,
        project=project,
        title=f"Gemensamma medel: {project.title}",
        description=description.strip(),
        amount=amount,
        due_date=due_date,
        created_by=actor,
        replaces=replaces,
    )
    validate(matter)
    record_actor(matter, actor)
    matter.save()
    if project.requested_funds != amount:
        project.requested_funds = amount
        record_actor(project, actor)
        project.save(update_fields=["requested_funds"])
    return matter


@transaction.atomic
def consensus_matter_create(
    *,
    actor,
    partnership: Partnership,
    title: str,
    description: str = "",
    due_date: datetime.date | None = None,
) -> Matter:
    """A steering-group decision that needs all member municipalities' assent (R5)."""
    matter = Matter(
        partnership=partnership,
        kind=Matter.Kind.CONSENSUS,
        title=title.strip(),
        description=description.strip(),
        due_date=due_date,
        created_by=actor,
    )
    validate(matter)
    record_actor(matter, actor)
    matter.save()
    return matter


def _lock_pending(matter: Matter) -> Matter:
    """The matter row, locked for this transaction; refuses unless it is still pending."""
    matter = Matter.objects.select_for_update().get(pk=matter.pk)
    if matter.status != Matter.Status.PENDING:
        raise DomainError(
            f"Ärendet är inte längre öppet (status: {matter.get_status_display().lower()}).",
            rule="R15",
        )
    return matter


@transaction.atomic
def matter_mark_ready(
    *, actor, matter: Matter, due_date: datetime.date, notify: bool = True
) -> Matter:
    """The preparation group marks a matter ready for decision, with its due date.

    Each municipality that has not decided yet gets an email (after commit).
    """
    matter = _lock_pending(matter)
    if due_date is None:
        raise DomainError("Ange sista dag för beslut.", rule="R15", field="due_date")
    if due_date < timezone.localdate():
        raise DomainError(
            "Sista dag för beslut kan inte ligga bakåt i tiden.", rule="R15", field="due_date"
        )
    if matter.ready_at:
        raise DomainError("Ärendet är redan markerat som klart för beslut.", rule="R15")
    matter.due_date = due_date
    matter.ready_at = timezone.now()
    matter.ready_by = actor
    record_actor(matter, actor)
    matter.save(update_fields=["due_date", "ready_at", "ready_by"])
    if notify:
        matter_id = matter.pk
        transaction.on_commit(lambda: send_decision_emails(matter_ids=[matter_id], reminder=False))
    return matter


@transaction.atomic
def matter_set_due_date(*, actor, matter: Matter, due_date: datetime.date) -> Matter:
    """The preparation group sets or moves the due date of a pending matter (R15)."""
    matter = _lock_pending(matter)
    if due_date is None or due_date < timezone.localdate():
        raise DomainError(
            "Ange en sista dag för beslut som inte ligger bakåt i tiden.",
            rule="R15",
            field="due_date",
        )
    matter.due_date = due_date
    record_actor(matter, actor)
    matter.save(update_fields=["due_date"])
    return matter


@transaction.atomic
def matter_comment(*, actor, matter: Matter, text: str) -> MatterComment:
    """A comment by the preparation group or staff on a matter."""
    if not text.strip():
        raise DomainError("Skriv en kommentar.", field="text")
    comment = MatterComment(matter=matter, text=text.strip(), author=actor)
    validate(comment)
    record_actor(comment, actor)
    comment.save()
    return comment


@transaction.atomic
def matter_withdraw(*, actor, matter: Matter, reason: str = "") -> Matter:
    """Withdraw a matter while it is pending (R15); decided matters stay as decided."""
    matter = _lock_pending(matter)
    matter.status = Matter.Status.WITHDRAWN
    matter.closed_at = timezone.now()
    matter.closed_by = actor
    matter.closing_note = reason.strip()
    record_actor(matter, actor)
    matter.save(update_fields=["status", "closed_at", "closed_by", "closing_note"])
    return matter


@transaction.atomic
def matter_decide(
    *,
    actor,
    matter: Matter,
    municipality: Municipality,
    verdict: str,
    comment: str = "",
    committee_reference: str = "",
) -> MatterDecision:
    """Record one municipality's approval or rejection of a matter (R15, R5, R17).

    Without `committee_reference` it is the socialchef's (or deputy's) decision in
    the app and needs the matter to be ready for decision; with it, staff record
    the committee's decision. The matter row is locked, so 13 simultaneous
    decisions are serialised: exactly one decision per municipality, and the
    last approval (or the first rejection) closes the matter.
    """
    matter = _lock_pending(matter)
    channel = (
        MatterDecision.Channel.COMMITTEE
        if committee_reference.strip()
        else MatterDecision.Channel.APP
    )
    if channel == MatterDecision.Channel.APP and not matter.ready_at:
        raise DomainError(
            "Ärendet är inte berett än: beredningsgruppen har inte markerat det som klart för "
            "beslut.",
            rule="R15",
        )
    members = list(matter.partnership.members.values_list("pk", flat=True))
    if municipality.pk not in members:
        raise DomainError(
            f"{municipality.name} är inte medlem i partnerskapet och beslutar inte i ärendet.",
            rule="R15",
        )
    if matter.decisions.filter(municipality=municipality).exists():
        raise DomainError(f"{municipality.name} har redan beslutat i ärendet.", rule="R15")
    decision = MatterDecision(
        matter=matter,
        municipality=municipality,
        verdict=verdict,
        channel=channel,
        committee_reference=committee_reference.strip(),
        comment=comment.strip(),
        decided_by=actor,
    )
    validate(decision, exclude=["matter", "municipality"])
    record_actor(decision, actor)
    try:
        with transaction.atomic():
            decision.save()
    except IntegrityError as error:  # the unique constraint, should the lock be bypassed
        raise DomainError(
            f"{municipality.name} har redan beslutat i ärendet.", rule="R15"
        ) from error

    if verdict == MatterDecision.Verdict.REJECT:
        # R15: one rejection rejects the request.
        _close(matter, Matter.Status.REJECTED, actor)
    else:
        approved = set(
            matter.decisions.filter(verdict=MatterDecision.Verdict.APPROVE).values_list(
                "municipality_id", flat=True
            )
        )
        if set(members) <= approved:
            _close(matter, Matter.Status.APPROVED, actor)
    return decision


def _close(matter: Matter, status: str, actor) -> None:
    matter.status = status
    matter.closed_at = timezone.now()
    matter.closed_by = actor
    record_actor(matter, actor)
    matter.save(update_fields=["status", "closed_at", "closed_by"])


# --- Quarterly status ---------------------------------------------------------------


@transaction.atomic
def project_report_status(
    *, actor, project: Project, year: int, quarter: int, status: str, comment: str = ""
) -> ProjectStatus:
    """The project lead's status for a quarter; earlier statuses are kept."""
    today = timezone.localdate()
    if (year, quarter) > (today.year, (today.month - 1) // 3 + 1):
        raise DomainError("Det går inte att rapportera status för ett kommande kvartal.")
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


# --- Email -----------------------------------------------------------------------------


def deciders_for(*, partnership: Partnership, municipality_ids, on=None):
    """Active socialchefer and deputies deciding for the municipalities (R15, R5)."""
    return (
        Membership.objects.active(on)
        .filter(
            body__partnership=partnership,
            body__kind=Body.Kind.STEERING_GROUP,
            role__in=DECIDING_ROLES,
            municipality_id__in=list(municipality_ids),
        )
        .select_related("person", "municipality")
    )


def send_decision_emails(*, matter_ids, reminder: bool) -> int:
    """Email each socialchef (and deputy) whose municipality has not decided yet."""
    matters = (
        Matter.objects.filter(pk__in=matter_ids, status=Matter.Status.PENDING)
        .select_related("partnership", "project")
        .prefetch_related("decisions", "partnership__members")
    )
    messages = []
    for matter in matters:
        decided = {d.municipality_id for d in matter.decisions.all()}
        missing = [m.pk for m in matter.partnership.members.all() if m.pk not in decided]
        url = settings.SITE_URL.rstrip("/") + reverse("projects:matter_detail", args=[matter.pk])
        for membership in deciders_for(partnership=matter.partnership, municipality_ids=missing):
            person = membership.person
            if not person.email or not person.is_active:
                continue
            context = {
                "matter": matter,
                "person": person,
                "municipality": membership.municipality,
                "url": url,
                "inbox_url": settings.SITE_URL.rstrip("/") + reverse("projects:inbox"),
                "reminder": reminder,
            }
            # One header line: a title typed with a line break would make Django refuse
            # the message (BadHeaderError) and stop the mails to every decider.
            title = " ".join(matter.title.split())
            subject = ("Påminnelse: " if reminder else "Att besluta: ") + title
            body = render_to_string("projects/email/awaiting_decision.txt", context)
            messages.append(
                EmailMessage(subject[:150], body, settings.DEFAULT_FROM_EMAIL, [person.email])
            )
    if messages:
        get_connection().send_messages(messages)
    return len(messages)


def send_reminders(*, days: int, today: datetime.date | None = None) -> int:
    """Remind the municipalities that have not decided on ready matters due within `days`."""
    today = today or timezone.localdate()
    matter_ids = list(
        Matter.objects.filter(
            status=Matter.Status.PENDING,
            ready_at__isnull=False,
            due_date__lte=today + datetime.timedelta(days=days),
        ).values_list("pk", flat=True)
    )
    return send_decision_emails(matter_ids=matter_ids, reminder=True)
