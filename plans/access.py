"""Who may read and change plans (R60, R61, R70, R30), for services and views alike.

A partnership's business plan: read by whoever reads the partnership (socialchefer,
staff, the groups), drafted by its office (kansliet). A strategy group's strategy
and action plan (county-wide, R70): read by the group's members on the day and by
any office seat; drafted by an office seat. Services call `require_*` (PermissionDenied,
nothing written); views call `may_*` only to choose between a button and 403.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from partnerships import permissions
from partnerships.models import Membership


def _is_group_member(user, body) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return Membership.objects.active().filter(person=user, body=body).exists()


def may_read(user, plan) -> bool:
    if plan.partnership_id:
        return permissions.has_perm(user, "read_partnership", plan.partnership)
    return may_edit_any_group_plan(user) or _is_group_member(user, plan.body)


def may_edit(user, plan) -> bool:
    """The office drafts (R60): manage_partnership, or for a strategy group any office seat."""
    if plan.partnership_id:
        return permissions.has_perm(user, "manage_partnership", plan.partnership)
    return may_edit_any_group_plan(user)


def may_edit_any_group_plan(user) -> bool:
    return getattr(user, "is_authenticated", False) and (
        permissions.is_office(user) or (user.is_superuser and user.is_active)
    )


def require_read(user, plan) -> None:
    if not may_read(user, plan):
        raise PermissionDenied


def require_edit(actor, plan):
    """The office act of drafting; returns the user to record (None for OPERATOR)."""
    if plan.partnership_id:
        return permissions.require_office_act(actor, plan.partnership)
    return permissions.require_office_act(actor)
