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


def pks_attendance(*, partnership, periods) -> dict:
    """Percent of PKS seats filled at the PKS meetings held from 1 January to the end of
    each period's quarter; None when PKS held no meeting with recorded attendance then.
    Every period asked for in one query.

    PKS governs all of Kommunal utveckling, so the value is the same for every partnership.
    """
    ranges = {}
    for year, quarter in periods:
        month, day = QUARTER_END[quarter]
        ranges[(year, quarter)] = (datetime.date(year, 1, 1), datetime.date(year, month, day))
    counted = meetings_selectors.seat_attendance_by_range(
        body_kind=Body.Kind.PKS, ranges=set(ranges.values())
    )
    return {period: _share(counted[ranges[period]]) for period in ranges}


def _share(counted) -> Computed | None:
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
        compute_many=pks_attendance,
    )
]
