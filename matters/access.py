"""Who may act on a matter (R15, R5, R30), in one place for services and views alike.

The services call the `require_*` functions and so refuse a wrong actor whoever
calls them (view, command, admin); the views call the `may_*` functions only to
choose between showing a form or button and answering 403.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from partnerships import permissions


def may_read(user, partnership) -> bool:
    return permissions.has_perm(user, "read_partnership", partnership)


def may_prepare(user, partnership) -> bool:
    """The preparation group and staff prepare matters: ready, due date, comments (R15)."""
    return permissions.has_perm(user, "prepare_matters", partnership) or permissions.has_perm(
        user, "manage_partnership", partnership
    )


def require_prepare(user, partnership) -> None:
    permissions.require_any(
        user, ("prepare_matters", partnership), ("manage_partnership", partnership)
    )


# R5: staff or the preparation group put a consensus decision to the steering group.
may_create_consensus = may_prepare
require_create_consensus = require_prepare


def may_record_committee(user, partnership) -> bool:
    """Staff record a municipality's committee (nämnd) decision with its reference (R15):
    from an office seat on the day, never the superuser flag (R31)."""
    return permissions.has_perm(user, "manage_partnership", partnership, seat_only=True)


def require_record_committee(user, partnership) -> None:
    permissions.require(user, "manage_partnership", partnership, seat_only=True)


def may_decide_for(user, municipality) -> bool:
    """The socialchef or deputy decides in the app for the municipality they represent."""
    return permissions.has_perm(user, "decide_for_municipality", municipality)


def require_decide_for(user, municipality) -> None:
    permissions.require(user, "decide_for_municipality", municipality)


def may_withdraw(user, matter) -> bool:
    """Who asked may withdraw (R15): the owning tactical group for a funds request;
    staff and the preparation group for any matter."""
    if may_prepare(user, matter.partnership):
        return True
    if matter.project_id is None:
        return False
    tactical_group = matter.project.portfolio.tactical_group
    return permissions.has_perm(user, "edit_portfolio", tactical_group)


def require_withdraw(user, matter) -> None:
    if not may_withdraw(user, matter):
        raise PermissionDenied
