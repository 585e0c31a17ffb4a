"""Writes and rules of matters: common-funds requests (R15) and consensus decisions (R5).

Every service refuses an actor without the right (matters/access.py raises
PermissionDenied) before it changes anything, and a rule's refusal raises
DomainError with a translated message (English msgid, Swedish in locale/) and the
rule id; nothing is changed on refusal. The
project rules of a funds request (R15 amount change, R16) live in
projects.services, which calls `funds_request_open` and `matter_supersede`.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.domain import record_actor, validate
from core.errors import DomainError
from matters import access, inbox, outcomes
from matters.models import Matter, MatterComment, MatterDecision
from meetings import selectors as meeting_selectors
from notifications import services as notifications
from notifications.models import Kind
from partnerships import events as partnership_events
from partnerships import permissions
from partnerships.models import Body, Membership, Municipality, Partnership
from partnerships.permissions import DECIDING_ROLES

# --- Opening and closing a funds request (called by projects.services) ------------------


def _require_project_owner(actor, project) -> None:
    """R15: the owning tactical group asks for (and replaces) its project's common funds."""
    permissions.require(actor, "edit_portfolio", project.portfolio.tactical_group)


@transaction.atomic
def funds_request_open(
    *,
    actor,
    project,
    amount: Decimal,
    due_date: datetime.date | None = None,
    description: str = "",
    replaces: Matter | None = None,
) -> Matter:
    """Open the matter of a common-funds request for every member municipality (R15).

    The project's own rules (one pending request per amount, R16) are checked by
    projects.services.funds_request_create, the only caller.
    """
    _require_project_owner(actor, project)
    # Stored data: titled in the partnership's language, whoever asks.
    with translation.override(settings.LANGUAGE_CODE):
        title = _("Common funds: %(project)s") % {"project": project.title}
    matter = Matter(
        partnership=project.portfolio.tactical_group.partnership,
        kind=Matter.Kind.FUNDS_REQUEST,
        project=project,
        title=title,
        description=description.strip(),
        amount=amount,
        due_date=due_date,
        created_by=actor,
        replaces=replaces,
    )
    validate(matter)
    record_actor(matter, actor)
    matter.save()
    return matter


@transaction.atomic
def matter_supersede(*, actor, matter: Matter) -> Matter:
    """R15: a changed amount replaces the pending request; the new one starts afresh."""
    matter = Matter.objects.select_for_update().get(pk=matter.pk)
    _require_project_owner(actor, matter.project)
    matter.status = Matter.Status.SUPERSEDED
    matter.closed_at = timezone.now()
    matter.closed_by = actor
    with translation.override(settings.LANGUAGE_CODE):  # stored, like the title
        matter.closing_note = _("The amount changed; a new request replaces this one.")
    record_actor(matter, actor)
    matter.save(update_fields=["status", "closed_at", "closed_by", "closing_note"])
    return matter


# --- Consensus decisions (R5) ----------------------------------------------------------


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
    access.require_create_consensus(actor, partnership)
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


# --- Preparing and deciding (R15, R5) ----------------------------------------------------


def _lock_pending(matter: Matter) -> Matter:
    """The matter row, locked for this transaction; refuses unless it is still pending."""
    matter = Matter.objects.select_for_update().get(pk=matter.pk)
    if matter.status != Matter.Status.PENDING:
        raise DomainError(
            _("The matter is no longer open (status: %(status)s).")
            % {"status": matter.get_status_display().lower()},
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
    access.require_prepare(actor, matter.partnership)
    matter = _lock_pending(matter)
    if due_date is None:
        raise DomainError(_("Enter the last day for decisions."), rule="R15", field="due_date")
    if due_date < timezone.localdate():
        raise DomainError(
            _("The last day for decisions cannot be in the past."), rule="R15", field="due_date"
        )
    if matter.ready_at:
        raise DomainError(_("The matter is already marked ready for decision."), rule="R15")
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
    access.require_prepare(actor, matter.partnership)
    matter = _lock_pending(matter)
    if due_date is None or due_date < timezone.localdate():
        raise DomainError(
            _("Enter a last day for decisions that is not in the past."),
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
    access.require_prepare(actor, matter.partnership)
    if not text.strip():
        raise DomainError(_("Write a comment."), field="text")
    comment = MatterComment(matter=matter, text=text.strip(), author=actor)
    validate(comment)
    record_actor(comment, actor)
    comment.save()
    return comment


@transaction.atomic
def matter_withdraw(*, actor, matter: Matter, reason: str = "") -> Matter:
    """Withdraw a matter while it is pending (R15); decided matters stay as decided.

    Who asked may withdraw: the owning tactical group, staff, the preparation group.
    """
    access.require_withdraw(actor, matter)
    matter = _lock_pending(matter)
    matter.status = Matter.Status.WITHDRAWN
    matter.closed_at = timezone.now()
    matter.closed_by = actor
    matter.closing_note = reason.strip()
    record_actor(matter, actor)
    matter.save(update_fields=["status", "closed_at", "closed_by", "closing_note"])
    outcomes.matter_closed(matter=matter, actor=actor)
    return matter


def decision_paragraphs(partnership: Partnership):
    """The § a committee decision may point to (R15): adjusted minutes of the partnership's
    bodies and of the county-wide ones (PKS)."""
    bodies = Body.objects.filter(Q(partnership=partnership) | Q(partnership__isnull=True))
    return meeting_selectors.adjusted_paragraphs(bodies)


@transaction.atomic
def matter_decide(
    *,
    actor,
    matter: Matter,
    municipality: Municipality,
    verdict: str,
    comment: str = "",
    committee_reference: str = "",
    attachment=None,
    paragraph=None,
) -> MatterDecision:
    """Record one municipality's approval or rejection of a matter (R15, R5, R17).

    A committee's decision recorded by staff is told to the municipality (an event on
    its page and a mail to its socialchef), with `attachment`, the extract of the
    committee's minutes, when given; a refused file leaves nothing saved.

    Without `committee_reference` it is the socialchef's (or deputy's) decision in
    the app and needs the matter to be ready for decision; with it, staff record
    the committee's decision. The matter row is locked, so 13 simultaneous
    decisions are serialised: exactly one decision per municipality, and the
    last approval (or the first rejection) closes the matter.

    The actor must hold the right for the channel: deciding for that municipality
    in the app, or staff (kansliet) recording a committee's decision.
    """
    channel = (
        MatterDecision.Channel.COMMITTEE
        if committee_reference.strip() or paragraph is not None
        else MatterDecision.Channel.APP
    )
    if channel == MatterDecision.Channel.COMMITTEE:
        access.require_record_committee(actor, matter.partnership)
    else:
        access.require_decide_for(actor, municipality)
    if paragraph is not None:
        # R15, R54: a § of adjusted minutes of a body of the partnership (or county-wide).
        if not decision_paragraphs(matter.partnership).filter(pk=paragraph.pk).exists():
            raise DomainError(
                _("Choose a § of adjusted minutes of a body of the partnership."),
                field="paragraph",
                rule="R15",
            )
        committee_reference = committee_reference.strip() or meeting_selectors.paragraph_reference(
            paragraph
        )
    matter = _lock_pending(matter)
    if channel == MatterDecision.Channel.APP and not matter.ready_at:
        raise DomainError(
            _(
                "The matter has not been prepared yet: the preparation group has not marked it "
                "ready for decision."
            ),
            rule="R15",
        )
    members = list(matter.partnership.members.values_list("pk", flat=True))
    if municipality.pk not in members:
        raise DomainError(
            _("%(name)s is not a member of the partnership and does not decide in the matter.")
            % {"name": municipality.name},
            rule="R15",
        )
    if matter.decisions.filter(municipality=municipality).exists():
        raise _already_decided(municipality)
    decision = MatterDecision(
        matter=matter,
        municipality=municipality,
        verdict=verdict,
        channel=channel,
        committee_reference=committee_reference.strip(),
        paragraph=paragraph,
        comment=comment.strip(),
        decided_by=actor,
    )
    validate(decision, exclude=["matter", "municipality"])
    record_actor(decision, actor)
    try:
        with transaction.atomic():
            decision.save()
    except IntegrityError as error:  # the unique constraint, should the lock be bypassed
        raise _already_decided(municipality) from error
    if channel == MatterDecision.Channel.COMMITTEE:
        partnership_events.committee_decision_recorded(
            actor=actor, decision=decision, attachment=attachment
        )

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


def _already_decided(municipality: Municipality) -> DomainError:
    """R15: one decision per municipality and matter."""
    return DomainError(
        _("%(name)s has already decided in the matter.") % {"name": municipality.name},
        rule="R15",
    )


def _close(matter: Matter, status: str, actor) -> None:
    matter.status = status
    matter.closed_at = timezone.now()
    matter.closed_by = actor
    record_actor(matter, actor)
    matter.save(update_fields=["status", "closed_at", "closed_by"])
    # What the outcome decides elsewhere, in the same transaction (R61 plan adoption).
    outcomes.matter_closed(matter=matter, actor=actor)


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


def send_decision_emails(*, matter_ids, reminder: bool, today: datetime.date | None = None) -> int:
    """Tell each socialchef (and deputy) whose municipality has not decided yet.

    Through notifications: an invitation once per matter, municipality and person; a
    reminder at most once a day (a rerun of the job the same day tells nobody twice).
    Those who want each mail at once get it before this returns. Returns how many were
    told.
    """
    today = today or timezone.localdate()
    matters = (
        Matter.objects.filter(pk__in=matter_ids, status=Matter.Status.PENDING)
        .select_related("partnership", "project")
        .prefetch_related("decisions", "partnership__members")
    )
    kind = Kind.DECISION_REMINDER if reminder else Kind.DECISION_INVITATION
    told = []
    with transaction.atomic():
        for matter in matters:
            decided = {d.municipality_id for d in matter.decisions.all()}
            missing = [m.pk for m in matter.partnership.members.all() if m.pk not in decided]
            deciders = deciders_for(partnership=matter.partnership, municipality_ids=missing)
            for membership in deciders:
                key = f"matter:{matter.pk}:municipality:{membership.municipality_id}"
                if reminder:
                    key += f":{today.isoformat()}"
                notification = _tell_decider(
                    matter, membership, kind=kind, key=key, reminder=reminder
                )
                if notification is not None:
                    told.append(notification)
    # Sent now, not only after an outer commit: the reminder job runs outside one.
    notifications.send_pending(notifications=told)
    return len(told)


def _tell_decider(matter: Matter, membership, *, kind: str, key: str, reminder: bool):
    context = {
        "matter": matter,
        "municipality": membership.municipality,
        "inbox_url": settings.SITE_URL.rstrip("/") + reverse("matters:inbox"),
        "reminder": reminder,
    }
    title = " ".join(matter.title.split())
    # In Swedish whoever triggers it: a view in English or the reminder command.
    with translation.override("sv"):
        if reminder:
            subject = _("Reminder: %(title)s") % {"title": title}
        else:
            subject = _("To decide: %(title)s") % {"title": title}
        text = render_to_string("matters/email/awaiting_decision.txt", context)
    return notifications.notify(
        recipient=membership.person,
        kind=kind,
        key=key,
        subject=subject,
        text=text,
        url=reverse("matters:matter_detail", args=[matter.pk]),
    )


def send_reminders(*, days: int, today: datetime.date | None = None) -> int:
    """Remind the municipalities that have not decided on ready matters due within `days`,
    and on the other apps' questions (R12 participation, see matters/inbox.py)."""
    today = today or timezone.localdate()
    matter_ids = list(
        Matter.objects.filter(
            status=Matter.Status.PENDING,
            ready_at__isnull=False,
            due_date__lte=today + datetime.timedelta(days=days),
        ).values_list("pk", flat=True)
    )
    sent = send_decision_emails(matter_ids=matter_ids, reminder=True, today=today)
    for source in inbox.sources():  # e.g. participation in projects (R12)
        sent += source.remind(today)
    return sent
