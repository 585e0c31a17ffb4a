"""The kinds of objects a § may concern (R54), registered by the apps above meetings.

meetings sits below projects, matters, reporting and finance in the layers
(pyproject.toml), so it cannot ask them for their objects. The top layer registers
each kind here when Django is ready (kommunalutveckling/meeting_links.py); the
link page offers one select per kind, and the service checks the chosen object
against the same `choices`, so an actor links only objects of partnerships they
manage.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from partnerships import permissions
from partnerships.models import Partnership


@dataclass(frozen=True)
class Kind:
    """One kind of object: `choices(partnerships)` returns a queryset of its objects."""

    key: str
    label: str
    choices: Callable


_kinds: dict[str, Kind] = {}


def register(kind: Kind) -> None:
    """Add a kind (again under the same key replaces it: ready() may run twice)."""
    _kinds[kind.key] = kind


def kinds() -> tuple[Kind, ...]:
    return tuple(_kinds.values())


def get(key: str) -> Kind | None:
    return _kinds.get(key)


def managed_partnerships(user) -> list[Partnership]:
    """The partnerships the user manages with an office seat on the day (R30, R31)."""
    return [
        partnership
        for partnership in Partnership.objects.all()
        if permissions.has_perm(user, "manage_partnership", partnership, seat_only=True)
    ]


def choices_for(user, kind: Kind):
    return kind.choices(managed_partnerships(user))
