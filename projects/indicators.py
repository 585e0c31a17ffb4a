"""Indicators computed from the projects' common-funds requests (R62), for plans' registry.

"Antal beviljade projekt av sökta projekt" (seed 001, goal 1): of the projects that
applied for common funds during the year up to the end of the period (a request
opened then and not withdrawn), the share whose request was approved by then. A
project counts once, however many times a changed amount replaced its request.
"""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db.models.functions import TruncDate
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from matters.models import Matter
from plans.indicators import Computation, Computed

GRANTED_PROJECTS = "granted_projects_share"
QUARTER_END = {1: (3, 31), 2: (6, 30), 3: (9, 30), 4: (12, 31)}


def granted_projects_shares(*, partnership, periods) -> dict:
    """Percent of the projects that applied during each period whose request was granted
    by its end; the requests of every period asked for in one query."""
    ranges = {(y, q): _period_range(y, q) for y, q in periods}
    first = min(start for start, _end in ranges.values())
    last = max(end for _start, end in ranges.values())
    rows = list(
        Matter.objects.filter(
            partnership=partnership,
            kind=Matter.Kind.FUNDS_REQUEST,
            created_at__date__gte=first,
            created_at__date__lte=last,
        )
        .exclude(status=Matter.Status.WITHDRAWN)
        .order_by()
        .annotate(created_on=TruncDate("created_at"))
        .values_list("project_id", "status", "closed_at", "created_on")
    )
    return {period: _share(rows, *ranges[period]) for period in ranges}


def _period_range(year: int, through_quarter: int) -> tuple[datetime.date, datetime.date]:
    month, day = QUARTER_END[through_quarter]
    return datetime.date(year, 1, 1), datetime.date(year, month, day)


def _share(rows, start: datetime.date, end: datetime.date) -> Computed | None:
    applied, granted = set(), set()
    for project_id, status, closed_at, created_on in rows:
        if not start <= created_on <= end:
            continue
        applied.add(project_id)
        if status == Matter.Status.APPROVED and closed_at and closed_at.date() <= end:
            granted.add(project_id)
    if not applied:
        return None
    share = (Decimal(len(granted)) * 100 / len(applied)).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )
    return Computed(
        value=share,
        source=_("The application's common-funds requests"),
        comment=_("%(granted)s of %(applied)s projects that applied were granted.")
        % {"granted": len(granted), "applied": len(applied)},
    )


COMPUTATIONS = [
    Computation(
        key=GRANTED_PROJECTS,
        label=gettext_lazy("Granted projects of those that applied (common funds)"),
        unit="percent",
        compute_many=granted_projects_shares,
    )
]
