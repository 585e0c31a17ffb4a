"""Full-text search over agendas and minutes (issue 12 item 7), within what R57 lets one read.

On PostgreSQL the search uses the Swedish text-search configuration, so a word
finds its inflections ("beslutade" finds "beslut" and "besluta"), ranks hits and
cuts a snippet around them. On SQLite (the demo under `make run`) it falls back
to a plain case-insensitive substring match.

What a person may find is exactly what the meeting page shows them
(`meetings.access`): an agenda item once the agenda is sent (staff: always), a §
of adjusted minutes to members and the meeting's officers and, for a body whose
minutes are public, to everyone logged in; minutes not yet adjusted only to the
office and, once complete, to the chair and the adjusters. The rule is turned
into one queryset filter per kind, so the number of queries does not grow with
the number of hits.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
)
from django.db import connection
from django.db.models import Exists, Func, OuterRef, Q, QuerySet, TextField, Value
from django.db.models.functions import NullIf
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from meetings import access
from meetings.models import AgendaItem, AgendaVersion, Meeting, Paragraph

CONFIG = "swedish"
MAX_HITS = 50
MIN_LENGTH = 2
SNIPPET_WORDS = 30
# Marks around a matched word in a snippet: control characters no stored text holds, so the
# snippet can be escaped as a whole and the marks turned into <mark> afterwards.
_START, _STOP = "\x02", "\x03"

ITEM_FIELDS = ("title", "presenters", "background", "proposed_decision")
PARAGRAPH_FIELDS = ("title", "presenters", "text", "decision")


@dataclass
class Hit:
    """One agenda item or § that matched, as the result list shows it."""

    kind: str  # "agenda" or "minutes"
    meeting: Meeting
    title: str
    number: int | None
    snippet: SafeString
    url: str
    rank: float


@dataclass
class Scope:
    """The bodies and meetings a person reads, as sets of ids (R57, on the day, R31)."""

    person_id: int | None
    prepare: set[int]
    member: set[int]
    public: set[int]


def scope_for(user) -> Scope:
    """What `user` may read today: the office's bodies, seats, bodies with public minutes."""
    if not (user is not None and user.is_authenticated and user.is_active):
        return Scope(None, set(), set(), set())
    bodies = list(access.visible_bodies(user))
    return Scope(
        person_id=user.pk,
        prepare={b.pk for b in bodies if access.may_prepare(user, b)},
        member=set(access.member_body_ids(user)),
        public={b.pk for b in bodies if access.minutes_public(b)},
    )


def _takes_part(scope: Scope) -> Q:
    """The meeting's chair, secretary or an appointed adjuster (access._takes_part)."""
    as_adjuster = Meeting.adjusters.through.objects.filter(
        meeting_id=OuterRef("meeting_id"), user_id=scope.person_id
    )
    return (
        Q(meeting__chair_id=scope.person_id)
        | Q(meeting__secretary_id=scope.person_id)
        | Q(Exists(as_adjuster))
    )


def readable_items(scope: Scope) -> QuerySet:
    """Agenda items the person may read (access.may_read_agenda and a sent agenda)."""
    if scope.person_id is None:
        return AgendaItem.objects.none()
    sent = AgendaVersion.objects.filter(meeting_id=OuterRef("meeting_id"))
    return AgendaItem.objects.filter(
        Q(meeting__body_id__in=scope.prepare)
        | ((Q(meeting__body_id__in=scope.member) | _takes_part(scope)) & Q(Exists(sent)))
    )


def readable_paragraphs(scope: Scope) -> QuerySet:
    """Paragraphs (§) the person may read (access.may_read_minutes)."""
    if scope.person_id is None:
        return Paragraph.objects.none()
    adjusted = Q(meeting__status=Meeting.Status.ADJUSTED)
    as_adjuster = Meeting.adjusters.through.objects.filter(
        meeting_id=OuterRef("meeting_id"), user_id=scope.person_id
    )
    return Paragraph.objects.filter(
        Q(meeting__body_id__in=scope.prepare)
        | (
            adjusted
            & (
                Q(meeting__body_id__in=scope.member)
                | Q(meeting__body_id__in=scope.public)
                | _takes_part(scope)
            )
        )
        | (
            ~adjusted
            & Q(meeting__minutes_completed_at__isnull=False)
            & (Q(meeting__chair_id=scope.person_id) | Q(Exists(as_adjuster)))
        )
    )


def normalise(query: str) -> str:
    """One line of at most 200 characters; NUL (which PostgreSQL refuses in text) removed."""
    return " ".join((query or "").replace("\x00", "").split())[:200]


def search(user, query: str, *, limit: int = MAX_HITS) -> list[Hit]:
    """Agenda items and § matching `query` that `user` may read, best first (R57)."""
    query = normalise(query)
    if len(query) < MIN_LENGTH:
        return []
    scope = scope_for(user)
    items = readable_items(scope).select_related("meeting__body", "paragraph")
    paragraphs = readable_paragraphs(scope).select_related("meeting__body")
    if connection.vendor == "postgresql":
        found = _postgres(items, ITEM_FIELDS, query, limit) + _postgres(
            paragraphs, PARAGRAPH_FIELDS, query, limit
        )
    else:
        found = _fallback(items, ITEM_FIELDS, query, limit) + _fallback(
            paragraphs, PARAGRAPH_FIELDS, query, limit
        )
    hits = [_hit(row, snippet, rank) for row, snippet, rank in found]
    hits.sort(key=lambda h: (-h.rank, -h.meeting.date.toordinal(), h.number or 0))
    return hits[:limit]


def _postgres(queryset, fields, query, limit):
    vector = SearchVector(fields[0], weight="A", config=CONFIG)
    for name in fields[1:]:
        vector += SearchVector(name, weight="B", config=CONFIG)
    search_query = SearchQuery(query, config=CONFIG, search_type="websearch")
    # The snippet comes from the texts; the title is shown above it anyway.
    text = Func(
        Value(" · "),
        *(NullIf(name, Value("")) for name in fields[1:]),
        function="concat_ws",
        output_field=TextField(),
    )
    rows = (
        queryset.annotate(
            search_vector=vector,
            rank=SearchRank(vector, search_query),
            headline=SearchHeadline(
                text,
                search_query,
                config=CONFIG,
                start_sel=_START,
                stop_sel=_STOP,
                max_words=SNIPPET_WORDS,
                min_words=10,
            ),
        )
        .filter(search_vector=search_query)
        .order_by("-rank", "-meeting__date")[:limit]
    )
    return [(row, _marked(row.headline), row.rank) for row in rows]


def _fallback(queryset, fields, query, limit):
    """SQLite: every word must occur in one of the fields, in any case."""
    words = query.split()
    condition = Q()
    for word in words:
        any_field = Q()
        for name in fields:
            any_field |= Q(**{f"{name}__icontains": word})
        condition &= any_field
    rows = queryset.filter(condition).order_by("-meeting__date")[:limit]
    return [(row, _plain_snippet(row, fields, words), 0.0) for row in rows]


def _plain_snippet(row, fields, words) -> SafeString:
    text = " · ".join(getattr(row, name) for name in fields[1:] if getattr(row, name))
    lower = text.lower()
    first = min((i for w in words if (i := lower.find(w.lower())) >= 0), default=0)
    start = max(0, first - 80)
    piece = text[start : start + 240]
    marked = piece
    for word in words:
        marked = _mark_word(marked, word)
    prefix = "… " if start else ""
    suffix = " …" if start + 240 < len(text) else ""
    return _marked(prefix + marked + suffix)


def _mark_word(text: str, word: str) -> str:
    out, lower, needle, pos = [], text.lower(), word.lower(), 0
    while (i := lower.find(needle, pos)) >= 0:
        out.append(text[pos:i] + _START + text[i : i + len(word)] + _STOP)
        pos = i + len(word)
    out.append(text[pos:])
    return "".join(out)


def _marked(snippet: str) -> SafeString:
    """Escape the stored text, then turn the hit marks into <mark> (no stored HTML survives)."""
    html = str(escape(snippet or "")).replace(_START, "<mark>").replace(_STOP, "</mark>")
    return mark_safe(html)  # noqa: S308 - escaped above; only our own <mark> tags remain


def _hit(row, snippet, rank) -> Hit:
    meeting = row.meeting
    page = reverse("meetings:meeting", args=[meeting.pk])
    if isinstance(row, Paragraph):
        return Hit(
            kind="minutes",
            meeting=meeting,
            title=row.title,
            number=row.number,
            snippet=snippet,
            url=f"{page}#p{row.number}",
            rank=float(rank),
        )
    return Hit(
        kind="agenda",
        meeting=meeting,
        title=row.title,
        number=None,
        snippet=snippet,
        url=f"{page}#agenda-heading",
        rank=float(rank),
    )
