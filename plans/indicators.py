"""Computed indicators (R62): apps that hold the data register how to compute a value.

plans sits below projects and finance in the layers, so it cannot read their data
itself. Each of those apps registers a `Computation` here when Django is ready (its
AppConfig.ready), like the inbox sources of matters/inbox.py. An indicator whose
`computation` names a registered key gets its values from the registry, for any
year and period, instead of from staff.

A page asks for several periods at once (the year shown and the earlier years of
its chart): `compute_many` answers them all in one query, so the page's queries do
not grow with the years it shows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Computed:
    """A computed value with the text that says what it was computed from."""

    value: Decimal
    source: str
    comment: str = ""


Period = tuple[int, int]  # (year, through_quarter): the year up to the end of the quarter


@dataclass(frozen=True)
class Computation:
    """How to compute one kind of indicator.

    `compute_many(partnership, periods)` returns, for each (year, through_quarter) of
    `periods`, a `Computed` for the year up to the end of that quarter (4: the whole
    year), or None when there is nothing to count; in a fixed number of queries.
    """

    key: str
    label: str
    unit: str
    compute_many: Callable[..., dict[Period, Computed | None]]

    def compute(self, *, partnership, year: int, through_quarter: int) -> Computed | None:
        """One period: the year up to the end of `through_quarter`."""
        period = (year, through_quarter)
        return self.compute_many(partnership=partnership, periods=[period])[period]


_computations: dict[str, Computation] = {}


def register(computation: Computation) -> None:
    """Add a computation (again under the same key replaces it: ready() may run twice)."""
    _computations[computation.key] = computation


def get(key: str) -> Computation | None:
    return _computations.get(key)


def choices() -> list[tuple[str, str]]:
    """(key, label) of every registered computation, for forms."""
    return [(c.key, str(c.label)) for c in _computations.values()]
