"""Who may act on projects, portfolios and stages (R10-R14, R30), in one place.

The services call the `require_*` functions, so a wrong actor is refused
(PermissionDenied) whoever calls them; the views call the `may_*` functions
only to choose between a form or button and 403.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from core.errors import DomainError
from partnerships import permissions


def may_manage(user, partnership) -> bool:
    """Staff (kansliet) keep the stage model and the portfolios (R11)."""
    return permissions.has_perm(user, "manage_partnership", partnership)


def require_manage(user, partnership) -> None:
    permissions.require(user, "manage_partnership", partnership)


def may_edit(user, portfolio) -> bool:
    """The owning tactical group creates and edits its projects and asks for funds (R10)."""
    return permissions.has_perm(user, "edit_portfolio", portfolio.tactical_group)


def require_edit(user, portfolio) -> None:
    permissions.require(user, "edit_portfolio", portfolio.tactical_group)


def may_gate(user, project) -> bool:
    """The owning tactical group's chair records its gate decisions (R14)."""
    return permissions.has_perm(user, "decide_gate", project.portfolio.tactical_group)


def require_gate(user, project) -> None:
    permissions.require(user, "decide_gate", project.portfolio.tactical_group)


def may_report_status(user, project) -> bool:
    """The project lead, or the owning tactical group, reports the quarter's status."""
    return project.lead_id == user.pk or may_edit(user, project.portfolio)


def require_report_status(user, project) -> None:
    if not (user.is_authenticated and may_report_status(user, project)):
        raise PermissionDenied


def may_record_participation(user, partnership) -> bool:
    """Socialchefer and deputies decide their municipality's participation; staff record a
    committee's decision (R12)."""
    return permissions.municipalities_decided_by(user).filter(
        partnerships=partnership
    ).exists() or may_manage(user, partnership)


def require_participation(user, project, municipality, committee_reference: str) -> None:
    """R12: the municipality's own socialchef (or deputy) decides; staff may record any
    member's decision, but only a committee's, with its reference."""
    if permissions.has_perm(user, "decide_for_municipality", municipality):
        return
    # Recorded in the municipality's name: an office seat on the day, never the superuser
    # flag (R31).
    permissions.require(
        user, "manage_partnership", project.portfolio.tactical_group.partnership, seat_only=True
    )
    if not committee_reference.strip():
        raise DomainError(
            _("Staff record a committee's decision: enter the committee decision's reference."),
            rule="R12",
            field="committee_reference",
        )
