"""The adoption of a partnership's plan by consensus (R5, R61), acting on its matter's outcome."""

from __future__ import annotations


def matter_closed(*, matter, actor) -> None:
    """Handler of matters.outcomes: adopt (and freeze) or reopen the plan the matter decides."""
    from plans import services

    services.plan_matter_closed(matter=matter, actor=actor)
