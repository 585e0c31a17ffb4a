"""Lost-update protection for budget lines and funding sources (R25).

A form carries the version it was opened at; a save on an older version is
refused with what changed since then, so nobody's edit is silently lost.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext

from core.errors import DomainError
from core.money import format_kr
from finance.models import BudgetLine, Outcome, PlanYear


class StaleEdit(DomainError):
    """Someone else saved the line or source after this user opened it (lost updates)."""

    def __init__(self, message: str, *, changes: list[str], current_version: int):
        super().__init__(message)
        self.changes = changes
        self.current_version = current_version


def describe(value) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, Decimal):
        return format_kr(value)
    return str(value)


def field_changes(then, now, labels: dict[str, str]) -> list[str]:
    """'Label: before → after' for every labelled field that differs between two states."""
    changes = []
    for field, label in labels.items():
        before, after = getattr(then, field), getattr(now, field)
        if field == "kind":
            before, after = then.get_kind_display(), now.get_kind_display()
        if before != after:
            changes.append(f"{label}: {describe(before)} → {describe(after)}")
    return changes


def line_changes(then, line: BudgetLine, *, fields, labels: dict[str, str]) -> list[str]:
    """What changed on the line, its outcomes and plan since the history row `then`."""
    changes = []
    for field in fields:
        before = getattr(then, f"{field}_id") if field == "project" else getattr(then, field)
        after = line.project_id if field == "project" else getattr(line, field)
        if before != after:
            if field == "project":
                before, after = then.project, line.project
            changes.append(f"{labels[field]}: {describe(before)} → {describe(after)}")
    old_outcomes = {
        o.quarter: o.amount
        for o in Outcome.history.as_of(then.history_date).filter(line_id=line.pk)
    }
    new_outcomes = {o.quarter: o.amount for o in line.outcomes.all()}
    for quarter in range(1, 5):
        if old_outcomes.get(quarter) != new_outcomes.get(quarter):
            changes.append(
                gettext("Outcome quarter %(quarter)s: %(before)s → %(after)s")
                % {
                    "quarter": quarter,
                    "before": describe(old_outcomes.get(quarter)),
                    "after": describe(new_outcomes.get(quarter)),
                }
            )
    old_plan = {
        p.year: p.net_cost
        for p in PlanYear.history.as_of(then.history_date).filter(line_id=line.pk)
    }
    new_plan = {p.year: p.net_cost for p in line.plan_years.all()}
    for year in sorted(set(old_plan) | set(new_plan)):
        if old_plan.get(year) != new_plan.get(year):
            changes.append(
                gettext("Net cost %(year)s: %(before)s → %(after)s")
                % {
                    "year": year,
                    "before": describe(old_plan.get(year)),
                    "after": describe(new_plan.get(year)),
                }
            )
    return changes


def check_version(obj, expected_version: int, *, changes, noun: str = "") -> None:
    """Optimistic locking: refuse a save based on an older version of `obj`.

    `changes(then)` lists what changed since the history row of the expected version.
    """
    if obj.version == expected_version:
        return
    # Translators: "the line" / "the funding source" fill %(noun)s in the messages below.
    noun = noun or gettext("the line")
    latest = obj.history.order_by("-history_date").select_related("history_user").first()
    who = ""
    if latest is not None:
        when = timezone.localtime(latest.history_date)
        who = " " + gettext("%(user)s saved %(noun)s %(when)s.") % {
            "user": latest.history_user or gettext("Someone"),
            "noun": noun,
            "when": f"{when:%Y-%m-%d %H:%M}",
        }
    then = obj.history.filter(version=expected_version).order_by("-history_date").first()
    raise StaleEdit(
        gettext(
            "Someone else has changed %(noun)s since you opened it; your changes are not saved."
        )
        % {"noun": noun}
        + who
        + " "
        + gettext("Review and save again."),
        changes=changes(then) if then is not None else [],
        current_version=obj.version,
    )
