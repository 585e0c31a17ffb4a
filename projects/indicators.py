"""Indicators computed from the projects' common-funds requests (R62), for plans' registry.

"Antal beviljade projekt av sökta projekt" (seed 001, goal 1): of the projects that
applied for common funds during the year up to the end of the period (a request
opened then and not withdrawn), the share whose request was approved by then. A
project counts once, however many times a changed amount replaced its request.
"""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from matters.models import Matter
from plans.indicators import Computation, Computed

GRANTED_PROJECTS = "granted_projects_share"
QUARTER_END = {1: (3, 31), 2: (6, 30), 3: (9, 30), 4: (12, 31)}


def granted_projects_share(*, partnership, year: int, through_quarter: int) -> Computed | None:
    """Percent of the projects that applied during the period whose request was granted."""
    month, day = QUARTER_END[through_quarter]
    start, end = datetime.date(year, 1, 1), datetime.date(year, month, day)
    rows = (
        Matter.objects.filter(
            partnership=partnership,
            kind=Matter.Kind.FUNDS_REQUEST,
            created_at__date__gte=start,
            created_at__date__lte=end,
        )
        .exclude(status=Matter.Status.WITHDRAWN)
        .values_list("project_id", "status", "closed_at")
    )
    applied, granted = set(), set()
    for project_id, status, closed_at in rows:
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
        compute=granted_projects_share,
    )
]
