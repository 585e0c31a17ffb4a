"""Indicators computed from the meetings' attendance (R62, R50).

"Närvaro vid PKS sammanträden" (seed 001, goal 2): the share of PKS seats filled at
the PKS meetings held in the period, a seat being filled by its holder present in
the room or digitally, or by a deputy serving in it. Plans sits above meetings in the
layers, so it registers this computation itself (plans/apps.py).
"""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from meetings import selectors as meetings_selectors
from partnerships.models import Body
from plans.indicators import Computation, Computed

PKS_ATTENDANCE = "pks_attendance"

QUARTER_END = {1: (3, 31), 2: (6, 30), 3: (9, 30), 4: (12, 31)}


def pks_attendance(*, partnership, year: int, through_quarter: int) -> Computed | None:
    """Percent of PKS seats filled at the PKS meetings held from 1 January to the end of
    the quarter; None when PKS held no meeting with recorded attendance then.

    PKS governs all of Kommunal utveckling, so the value is the same for every partnership.
    """
    month, day = QUARTER_END[through_quarter]
    counted = meetings_selectors.seat_attendance(
        body_kind=Body.Kind.PKS,
        start=datetime.date(year, 1, 1),
        end=datetime.date(year, month, day),
    )
    if not counted.seats:
        return None
    share = (Decimal(counted.filled) * 100 / counted.seats).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )
    return Computed(
        value=share,
        source=_("The attendance recorded in the PKS minutes"),
        comment=ngettext(
            "%(filled)s of %(seats)s seats filled at %(meetings)s meeting.",
            "%(filled)s of %(seats)s seats filled at %(meetings)s meetings.",
            counted.meetings,
        )
        % {"filled": counted.filled, "seats": counted.seats, "meetings": counted.meetings},
    )


COMPUTATIONS = [
    Computation(
        key=PKS_ATTENDANCE,
        label=gettext_lazy("Attendance at PKS meetings (minutes)"),
        unit="percent",
        compute=pks_attendance,
    )
]
