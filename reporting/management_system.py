"""The section "Ledningssystem för samverkan" of every report (R41, R70).

The county-wide bodies of the management system with the Region (Kommunalt forum,
ReKo, ReKo's preparation group, the chiefs' group, the strategy groups) with their
mandates, members on the report's date (Region or municipalities), minimum meetings a
year, the meetings held in the report's period and the strategy groups' plans of the
year. Gathered with the rest of the report (reporting/content.py), so a published
version freezes it (R42); a fixed number of queries.
"""

from __future__ import annotations

import dataclasses
import datetime

from meetings import selectors as meetings_selectors
from partnerships.models import Membership
from plans import selectors as plan_selectors


@dataclasses.dataclass(frozen=True)
class BodyLine:
    body: object
    region_members: int
    municipality_members: int
    other_members: int
    held: int | None  # None: no meetings recorded
    below_minimum: bool
    plans: list

    @property
    def member_count(self) -> int:
        return self.region_members + self.municipality_members + self.other_members


@dataclasses.dataclass(frozen=True)
class ManagementSection:
    start: datetime.date
    end: datetime.date
    full_year: bool
    bodies: list[BodyLine]

    @property
    def any_recorded(self) -> bool:
        return any(line.held is not None for line in self.bodies)


def meetings_held(*, bodies, start: datetime.date, end: datetime.date) -> dict[int, int]:
    """How many meetings each body held from `start` to `end` (both included), R50, R70:
    the meetings recorded in the app, held or adjusted, in one query for all bodies."""
    return meetings_selectors.meetings_held_per_body(
        body_ids=[body.pk for body in bodies], start=start, end=end
    )


def _plans_of_year(body, year: int) -> list:
    return [p for p in getattr(body, "plan_list", []) if p.year <= year <= p.last_year]


def management_section(*, as_of: datetime.date, full_year: bool) -> ManagementSection:
    """R70: the management system's bodies as of the report's date, with the meetings held
    in the year up to that date; below the minimum is judged only for a whole year."""
    start = datetime.date(as_of.year, 1, 1)
    bodies = plan_selectors.management_system_bodies(on=as_of)
    held = meetings_held(bodies=bodies, start=start, end=as_of)
    lines = []
    for body in bodies:
        members = getattr(body, "current_members", [])
        region = sum(1 for m in members if m.organisation == Membership.Organisation.REGION)
        municipalities = sum(
            1 for m in members if m.organisation == Membership.Organisation.MUNICIPALITY
        )
        count = held.get(body.pk)
        minimum = body.min_meetings_per_year
        lines.append(
            BodyLine(
                body=body,
                region_members=region,
                municipality_members=municipalities,
                other_members=len(members) - region - municipalities,
                held=count,
                below_minimum=bool(full_year and count is not None and minimum and count < minimum),
                plans=_plans_of_year(body, as_of.year),
            )
        )
    return ManagementSection(start=start, end=as_of, full_year=full_year, bodies=lines)
