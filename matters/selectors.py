"""Tuned reads of matters: the inbox "Att besluta", the matter pages, the lists (R15, R5)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch
from django.utils import timezone

from matters import inbox as inbox_sources
from matters.models import Matter, MatterComment, MatterDecision
from partnerships import permissions
from partnerships.models import Municipality, Partnership


def member_count(partnership: Partnership) -> int:
    return partnership.members.count()


def current_funds_request(*, project) -> Matter | None:
    """The project's newest common-funds request, whatever its status (R15, R16)."""
    return (
        Matter.objects.filter(project=project, kind=Matter.Kind.FUNDS_REQUEST)
        .order_by("-created_at", "-id")
        .first()
    )


def matter_for_detail(*, pk: int) -> Matter | None:
    """A matter with its decisions and comments, for its page."""
    return (
        Matter.objects.filter(pk=pk)
        .select_related(
            "partnership",
            "project__portfolio__tactical_group",
            "created_by",
            "ready_by",
            "closed_by",
            "replaces",
        )
        .prefetch_related(
            Prefetch(
                "decisions",
                queryset=MatterDecision.objects.select_related(
                    "municipality", "decided_by", "paragraph"
                ),
            ),
            Prefetch("comments", queryset=MatterComment.objects.select_related("author")),
        )
        .first()
    )


def matter_board(matter: Matter, members) -> tuple[list, list]:
    """(decisions by municipality code, municipalities still missing) for a matter page."""
    decisions = sorted(matter.decisions.all(), key=lambda d: d.municipality.code)
    decided = {d.municipality_id for d in decisions}
    return decisions, [m for m in members if m.pk not in decided]


@dataclass(frozen=True)
class Tally:
    """How many members have approved a matter, of how many (R15, R5)."""

    approved: int
    member_count: int


def approval_tally(*, matter: Matter) -> Tally:
    """The matter's approvals against the partnership's members, for the message after a
    decision ("10 av 13 har godkänt")."""
    approved = matter.decisions.filter(verdict=MatterDecision.Verdict.APPROVE).count()
    return Tally(approved=approved, member_count=member_count(matter.partnership))


def _awaiting(municipality_ids):
    """Pending, ready matters of partnerships the municipalities are members of.

    Membership is tested with EXISTS rather than a join, so that counts annotated
    afterwards see all the partnership's members.
    """
    membership = Partnership.members.through.objects.filter(
        partnership_id=OuterRef("partnership_id"), municipality_id__in=list(municipality_ids)
    )
    return Matter.objects.filter(
        Exists(membership), status=Matter.Status.PENDING, ready_at__isnull=False
    )


@dataclass
class InboxItem:
    matter: Matter
    municipality: Municipality
    missing_count: int
    member_count: int

    @property
    def overdue(self) -> bool:
        return bool(self.matter.due_date and self.matter.due_date < timezone.localdate())


def inbox_items(*, user, municipalities=None) -> list[InboxItem]:
    """What awaits the user's municipality's decision, oldest due first ("Att besluta").

    `municipalities`: those the user decides for, when the caller has them already.
    """
    if municipalities is None:
        municipalities = list(permissions.municipalities_decided_by(user).order_by("code"))
    if not municipalities:
        return []
    ids = [m.pk for m in municipalities]
    matters = (
        _awaiting(ids)
        .select_related("partnership")
        .only("pk", "title", "amount", "due_date", "partnership__id")
        .annotate(
            decision_count=Count("decisions", distinct=True),
            members=Count("partnership__members", distinct=True),
        )
        .prefetch_related(
            Prefetch(
                "decisions",
                queryset=MatterDecision.objects.filter(municipality_id__in=ids).only(
                    "id", "matter_id", "municipality_id"
                ),
                to_attr="own_decisions",
            ),
            Prefetch(
                "partnership__members",
                queryset=Municipality.objects.filter(pk__in=ids),
                to_attr="own_members",
            ),
        )
        .order_by("due_date", "ready_at", "pk")
    )
    by_id = {m.pk: m for m in municipalities}
    items = []
    for matter in matters:
        decided = {d.municipality_id for d in matter.own_decisions}
        for member in matter.partnership.own_members:
            if member.pk not in decided:
                items.append(
                    InboxItem(
                        matter=matter,
                        municipality=by_id[member.pk],
                        missing_count=matter.members - matter.decision_count,
                        member_count=matter.members,
                    )
                )
    return items


def inbox_count(*, user, municipality_ids=None) -> int:
    """How many decisions await the user, matters and other apps' questions (R12); for
    the start page."""
    ids = municipality_ids
    if ids is None:
        ids = list(permissions.municipalities_decided_by(user).values_list("pk", flat=True))
    total = 0
    for municipality_id in ids:  # one per municipality the user decides for (usually one)
        total += (
            _awaiting([municipality_id]).exclude(decisions__municipality_id=municipality_id).count()
        )
    for source in inbox_sources.sources():  # e.g. participation in projects (R12)
        total += source.count(ids)
    return total


def other_inbox_items(*, municipalities) -> list:
    """What other apps ask the municipalities' deciders (R12 participation), in order."""
    items = []
    for source in inbox_sources.sources():
        items += source.items(municipalities)
    return items


def awaiting_count(*, user) -> int | None:
    """The start page's "Att besluta (N)"; None for people who decide for no municipality."""
    ids = list(permissions.municipalities_decided_by(user).values_list("pk", flat=True))
    if not ids:
        return None
    return inbox_count(user=user, municipality_ids=ids)


def decision_history(*, user):
    """Decisions on matters for the user's municipalities, newest first (paginate this)."""
    ids = permissions.municipalities_decided_by(user).values_list("pk", flat=True)
    return (
        MatterDecision.objects.filter(municipality_id__in=list(ids))
        .select_related("matter__project", "municipality", "decided_by")
        .order_by("-decided_at", "-id")
    )


def matters_for_partnership(*, partnership: Partnership, status: str | None = None):
    """The partnership's matters with decision counts, newest first (paginate this)."""
    matters = Matter.objects.filter(partnership=partnership)
    if status:
        matters = matters.filter(status=status)
    return (
        matters.select_related("project")
        .annotate(decision_count=Count("decisions"))
        .order_by("-created_at", "-id")
    )
