"""What a matter's outcome does elsewhere: apps above matters act on a closed matter (R5).

A consensus matter may decide something another app owns, e.g. the adoption of a
business plan (R61, plans). matters sits below those apps in the layers, so they
register a handler here when Django is ready (their AppConfig.ready), like the inbox
sources (matters/inbox.py). `matter_closed` calls every handler inside the
transaction that closes the matter: a handler that refuses rolls the decision back.
Each handler ignores the matters that are not its own.
"""

from __future__ import annotations

from collections.abc import Callable

_handlers: dict[str, Callable] = {}


def register(key: str, handler: Callable) -> None:
    """Add `handler(*, matter, actor)` (again under the same key replaces it)."""
    _handlers[key] = handler


def matter_closed(*, matter, actor) -> None:
    """Tell the registered apps that `matter` was approved, rejected or withdrawn."""
    for handler in tuple(_handlers.values()):
        handler(matter=matter, actor=actor)
