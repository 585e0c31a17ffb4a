"""Questions that apps above matters put in the inbox "Att besluta" (R12 participation).

matters sits below projects in the layers (pyproject.toml), so it cannot ask projects
what awaits a socialchef. An app above registers a source here when Django is ready
(its AppConfig.ready); the inbox page, the start page's "Att besluta (N)" and the
reminder command then include it. Each source reads with a constant number of queries
per municipality the user decides for, whatever the amount of data.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Source:
    """One kind of question for the municipalities' deciders.

    `items(municipalities)`: what awaits them, each item with a `template` that renders
    it as an inbox card; `count(municipality_ids)`: how many decisions await;
    `remind(today)`: email the reminders, return how many were sent.
    """

    key: str
    items: Callable[[Sequence], list]
    count: Callable[[Sequence[int]], int]
    remind: Callable[[datetime.date], int]


_sources: dict[str, Source] = {}


def register(source: Source) -> None:
    """Add a source (again under the same key replaces it: ready() may run twice)."""
    _sources[source.key] = source


def sources() -> tuple[Source, ...]:
    return tuple(_sources.values())
