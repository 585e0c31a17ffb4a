"""The traffic light of an indicator (R62), as a pure function: no models, no database.

Higher is better: met at or above the target, partly met at or above the
"partly met from" value, else not met. Lower is better: the mirror image. A value
exactly at the target is met; a value exactly at the partly-met value is partly met.
Without a value or a target there is no light.
"""

from __future__ import annotations

import enum
from decimal import Decimal

HIGHER = "higher"
LOWER = "lower"


class Light(enum.StrEnum):
    MET = "met"
    PARTLY_MET = "partly_met"
    NOT_MET = "not_met"
    NONE = "none"


def traffic_light(
    *,
    value: Decimal | None,
    target: Decimal | None,
    direction: str,
    partly_met_from: Decimal | None = None,
) -> Light:
    """R62: the light of `value` against `target` in `direction` ("higher" or "lower")."""
    if value is None or target is None:
        return Light.NONE
    if direction not in (HIGHER, LOWER):
        raise ValueError(f"Unknown direction {direction!r}")
    sign = 1 if direction == HIGHER else -1
    if sign * (value - target) >= 0:
        return Light.MET
    if partly_met_from is not None and sign * (value - partly_met_from) >= 0:
        return Light.PARTLY_MET
    return Light.NOT_MET


def threshold_on_right_side(
    *, target: Decimal | None, partly_met_from: Decimal | None, direction: str
) -> bool:
    """R62: the partly-met value lies below the target (higher is better) or above it."""
    if target is None or partly_met_from is None:
        return True
    if direction == HIGHER:
        return partly_met_from < target
    return partly_met_from > target
