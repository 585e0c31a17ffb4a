"""The management system with the Region as the plans pages show it (R70): each body
with its meetings held in the year against its minimum. Reads only (selectors).

The reports describe the same bodies from `reporting/management_system.py`.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from partnerships import permissions
from plans import selectors


@dataclass
class BodyRow:
    body: object
    held: int | None
    region_members: int
    municipality_members: int
    # The year is not over on the day the row describes: the count is progress so far.
    ongoing: bool = False

    @property
    def minimum(self) -> int | None:
        return self.body.min_meetings_per_year

    @property
    def below_frequency(self) -> bool:
        """Below the minimum (R70), judged only once the year is over: a body that meets
        six times a year is not behind in May because it has met twice."""
        return (
            not self.ongoing
            and self.held is not None
            and self.minimum is not None
            and self.held < self.minimum
        )


def management_rows(*, bodies, year: int, on=None) -> list[BodyRow]:
    """One row per body of the management system with its meetings held in `year` (R70),
    the year counted as ongoing while `on` (default today) is within it."""
    on = on or permissions.today()
    held = selectors.meetings_held(bodies=bodies, year=year)
    rows = []
    for body in bodies:
        members = body.current_members
        rows.append(
            BodyRow(
                body=body,
                held=held.get(body.pk),
                region_members=sum(1 for m in members if m.organisation == "region"),
                municipality_members=sum(1 for m in members if m.municipality_id),
                ongoing=on <= datetime.date(year, 12, 31),
            )
        )
    return rows
