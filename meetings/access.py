"""Who may do what with a body's meetings (R57, R30), in one place for services and views.

- The office (kansliet) prepares and records: an office seat on the day in the
  body's partnership, or any office seat for a county-wide body (PKS, the
  management system with the Region). Never the superuser flag alone (R31).
- The meeting's chair and its appointed adjusters adjust the minutes (R55).
- Members of the body on the day read its agendas and its adjusted minutes.
- Minutes a body has marked public are read by every logged-in person.
- Anyone else sees nothing of the meeting (404).

The services call the `require_*` functions, so a command or the admin cannot
bypass them; the views call the `may_*` functions only to choose what to show.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from meetings.models import Meeting
from partnerships import permissions
from partnerships.models import Body, Membership


def _person(user) -> bool:
    return (
        user is not None
        and user is not permissions.OPERATOR
        and user.is_authenticated
        and user.is_active
    )


def may_prepare(user, body: Body) -> bool:
    """An office seat on the day prepares and records the body's meetings (R57)."""
    if not _person(user):
        return False
    if body.partnership_id is None:
        return permissions.is_office(user)
    return permissions.has_perm(user, "manage_partnership", body.partnership, seat_only=True)


def require_prepare(user, body: Body) -> None:
    if not may_prepare(user, body):
        raise PermissionDenied


def member_body_ids(user) -> set[int]:
    """The bodies the user holds a seat in today (R31), any role."""
    if not _person(user):
        return set()
    memo = "_meetings_member_body_ids"
    cached = user.__dict__.get(memo)
    if cached is None:
        cached = set(
            Membership.objects.active(permissions.today())
            .filter(person_id=user.pk)
            .values_list("body_id", flat=True)
        )
        user.__dict__[memo] = cached
    return cached


def is_member(user, body: Body) -> bool:
    return body.pk in member_body_ids(user)


def _takes_part(user, meeting) -> bool:
    """The meeting's chair, secretary or an appointed adjuster."""
    if not _person(user):
        return False
    if user.pk in (meeting.chair_id, meeting.secretary_id):
        return True
    return _is_adjuster(user, meeting)


def _is_adjuster(user, meeting) -> bool:
    """An appointed adjuster: from the adjusters a page has fetched with the meeting
    (`prefetch_related("adjusters")`), else one query."""
    fetched = getattr(meeting, "_prefetched_objects_cache", {}).get("adjusters")
    if fetched is not None:
        return any(person.pk == user.pk for person in fetched)
    return meeting.adjusters.filter(pk=user.pk).exists()


def minutes_public(body: Body) -> bool:
    settings = getattr(body, "meeting_settings", None)
    return bool(settings and settings.minutes_public)


def may_read_agenda(user, meeting) -> bool:
    """Members of the body read its agendas; the office and the meeting's officers too (R57)."""
    return (
        may_prepare(user, meeting.body)
        or is_member(user, meeting.body)
        or _takes_part(user, meeting)
    )


def may_read_minutes(user, meeting) -> bool:
    """Adjusted minutes: members, officers, and everyone logged in when public (R57).

    Minutes not yet adjusted: the office, and the chair and adjusters once complete.
    """
    if may_prepare(user, meeting.body):
        return True
    if meeting.is_frozen:
        return (
            is_member(user, meeting.body)
            or _takes_part(user, meeting)
            or (_person(user) and minutes_public(meeting.body))
        )
    return meeting.minutes_completed_at is not None and may_adjust(user, meeting)


def may_see(user, meeting) -> bool:
    """Whether the meeting exists for the user at all (else 404)."""
    return may_read_agenda(user, meeting) or may_read_minutes(user, meeting)


def adjuster_role(user, meeting) -> str | None:
    """'chair' or 'adjuster' when the user is appointed to adjust this meeting (R55)."""
    if not _person(user):
        return None
    if user.pk == meeting.chair_id:
        return "chair"
    if _is_adjuster(user, meeting):
        return "adjuster"
    return None


def may_adjust(user, meeting) -> bool:
    return adjuster_role(user, meeting) is not None


def require_adjust(user, meeting) -> str:
    role = adjuster_role(user, meeting)
    if role is None:
        raise PermissionDenied
    return role


def get_meeting_for_user(user, meeting_id, *, prepare: bool = False, queryset=None):
    """The meeting if the user may see it (404 otherwise); with `prepare`, 403 unless staff.

    `queryset` (of Meeting) lets a page read the meeting with what it shows in the same
    query; the body, its partnership and its settings are always joined.
    """
    meetings = Meeting.objects.all() if queryset is None else queryset
    meeting = (
        meetings.select_related("body__partnership", "body__meeting_settings")
        .filter(pk=meeting_id)
        .first()
    )
    if meeting is None or not (may_see(user, meeting) or may_prepare(user, meeting.body)):
        raise Http404("not found")
    if prepare and not may_prepare(user, meeting.body):
        raise PermissionDenied
    return meeting


def visible_bodies(user):
    """The bodies whose meetings the user may list: seats, the office's, public minutes.

    One query when evaluated (the seats are read once per request, member_body_ids).
    """
    if not _person(user):
        return Body.objects.none()
    allowed = Q(pk__in=member_body_ids(user)) | Q(meeting_settings__minutes_public=True)
    if permissions.is_office(user):
        office = permissions.objects_with_perm(user, "manage_partnership")
        allowed |= Q(partnership__isnull=True) | Q(partnership__in=office)
    return Body.objects.exclude(kind=Body.Kind.OFFICE).filter(allowed).select_related("partnership")
