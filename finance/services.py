"""Writes and rules of the partnership's money (R20-R25).

Every write is the office's: it needs `manage_partnership` on the partnership
(or `permissions.OPERATOR`, a management command on the server), checked first,
before anything is read for writing or written (`permissions.require_office_act`).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy, pgettext_lazy

from core.csvimport import csv_rows
from core.domain import record_actor, save_as, validate
from core.errors import DomainError, ImportRefused
from core.money import round_kronor
from finance import versions
from finance.calculations import indexed_fee
from finance.models import Budget, BudgetLine, FundingSource, Outcome, PlanYear, YearlyFee
from finance.selectors import fee_agreement
from partnerships import permissions
from partnerships.models import Partnership

# --- Fee and indexation (R21) ----------------------------------------------


def _agreement(partnership: Partnership, year: int):
    agreement = fee_agreement(partnership=partnership, year=year)
    if agreement is None:
        raise DomainError(
            gettext("The partnership has no cooperation agreement with fee terms."), rule="R21"
        )
    return agreement


@transaction.atomic
def fee_index_set(
    *, actor, partnership: Partnership, year: int, percent: Decimal, source: str
) -> YearlyFee:
    """Enter (or correct) a year's index with its source, until that year's fee is decided (R21)."""
    user = permissions.require_office_act(actor, partnership)
    agreement = _agreement(partnership, year)
    if year <= agreement.base_fee_year:
        raise DomainError(
            gettext("The fee is indexed from the year after %(base_year)s; %(year)s has no index.")
            % {"base_year": agreement.base_fee_year, "year": year},
            rule="R21",
        )
    if not source.strip():
        raise DomainError(
            gettext("Enter the source of the index (e.g. SKR's PKV)."), rule="R21", field="source"
        )
    fee, _ = YearlyFee.objects.select_for_update().get_or_create(partnership=partnership, year=year)
    if fee.is_decided:
        raise DomainError(
            gettext("The fee for %(year)s is already decided and cannot be changed.")
            % {"year": year},
            rule="R21",
        )
    fee.index_percent = percent
    fee.index_source = source.strip()
    fee.index_entered_by = user
    fee.index_entered_at = timezone.now()
    validate(fee)
    save_as(
        fee,
        user,
        ["index_percent", "index_source", "index_entered_by", "index_entered_at"],
    )
    return fee


@transaction.atomic
def fee_decide(*, actor, partnership: Partnership, year: int, reference: str = "") -> YearlyFee:
    """Fix a year's fee (R21). Needs the previous year decided and this year's index.

    The amount is computed once, here, and never recomputed afterwards.
    """
    user = permissions.require_office_act(actor, partnership)
    agreement = _agreement(partnership, year)
    if year < agreement.base_fee_year:
        raise DomainError(
            gettext("The agreement's first fee year is %(year)s.")
            % {"year": agreement.base_fee_year},
            rule="R21",
        )
    fee, _ = YearlyFee.objects.select_for_update().get_or_create(partnership=partnership, year=year)
    if fee.is_decided:
        raise DomainError(
            gettext("The fee for %(year)s is already decided.") % {"year": year}, rule="R21"
        )
    if year == agreement.base_fee_year:
        amount = round_kronor(agreement.base_fee)
    else:
        previous = YearlyFee.objects.filter(partnership=partnership, year=year - 1).first()
        if previous is None or not previous.is_decided:
            raise DomainError(
                gettext("Decide the fee for %(previous)s first; %(year)s is calculated from it.")
                % {"previous": year - 1, "year": year},
                rule="R21",
            )
        if fee.index_percent is None:
            raise DomainError(
                gettext("Enter the index for %(year)s with its source before the fee is decided.")
                % {"year": year},
                rule="R21",
            )
        amount = indexed_fee(previous.amount, fee.index_percent)
    fee.amount = amount
    fee.decided_by = user
    fee.decided_at = timezone.now()
    fee.decision_reference = reference.strip()
    validate(fee)
    save_as(fee, user, ["amount", "decided_by", "decided_at", "decision_reference"])
    return fee


# --- Funding sources (R23) -------------------------------------------------


@transaction.atomic
def funding_source_save(
    *,
    actor,
    partnership: Partnership,
    year: int,
    kind: str,
    name: str,
    amount: Decimal,
    note: str = "",
    source: FundingSource | None = None,
    expected_version: int | None = None,
) -> FundingSource:
    """Create or change a funding source. The conditional regional funds are never
    guaranteed by the municipalities (R23). A change is refused when the source
    changed since the user loaded `expected_version` (lost updates)."""
    user = permissions.require_office_act(actor, partnership)
    if source is None:
        source = FundingSource(partnership=partnership, year=year)
    elif source.partnership_id != partnership.pk:
        raise DomainError(gettext("The funding source belongs to another partnership."))
    else:
        source = FundingSource.objects.select_for_update().get(pk=source.pk)
        versions.check_version(
            source,
            expected_version or 0,
            changes=lambda then: versions.field_changes(then, source, SOURCE_FIELD_LABELS),
            noun=gettext("the funding source"),
        )
        source.version += 1
    source.kind = kind
    source.name = name.strip()
    source.amount = amount
    source.note = note.strip()
    source.guaranteed = kind != FundingSource.Kind.CONDITIONAL_REGIONAL  # R23
    if (
        FundingSource.objects.filter(partnership=partnership, year=source.year, name=source.name)
        .exclude(pk=source.pk)
        .exists()
    ):
        raise DomainError(
            gettext("There is already a funding source called %(name)s for %(year)s.")
            % {"name": source.name, "year": year},
            field="name",
        )
    validate(source)
    if source.pk:
        save_as(source, user, ["kind", "name", "amount", "note", "guaranteed", "version"])
    else:
        save_as(source, user)
    return source


# --- Budgets (R24, R25) ----------------------------------------------------


@transaction.atomic
def budget_create(*, actor, partnership: Partnership, year: int, note: str = "") -> Budget:
    """Start the budget for a year (R25)."""
    user = permissions.require_office_act(actor, partnership)
    if Budget.objects.filter(partnership=partnership, year=year).exists():
        raise DomainError(
            gettext("There is already a budget for %(year)s.") % {"year": year}, rule="R25"
        )
    budget = Budget(partnership=partnership, year=year, note=note.strip(), created_by=user)
    validate(budget)
    save_as(budget, user)
    return budget


LINE_FIELDS = (
    "area",
    "name",
    "ledger_code",
    "project",
    "opening_funds",
    "granted_funds",
    "budget_amount",
    "forecast",
)
LINE_FIELD_LABELS = {
    "area": gettext_lazy("Area"),
    "name": gettext_lazy("Name"),
    "ledger_code": gettext_lazy("Ledger code"),
    "project": gettext_lazy("Project"),
    "opening_funds": gettext_lazy("Opening funds"),
    "granted_funds": gettext_lazy("Expected/granted funds"),
    "budget_amount": gettext_lazy("Budget"),
    "forecast": gettext_lazy("Full-year forecast"),
}


SOURCE_FIELD_LABELS = {
    "kind": pgettext_lazy("funding source field", "Kind"),
    "name": gettext_lazy("Name"),
    "amount": gettext_lazy("Amount"),
    "note": gettext_lazy("Note"),
}


def _check_project(budget: Budget, project) -> None:
    if project is not None and project.portfolio.tactical_group.partnership_id != (
        budget.partnership_id
    ):
        raise DomainError(gettext("The project belongs to another partnership."), field="project")


def _write_quarters_and_plan(line: BudgetLine, actor, outcomes, plan) -> None:
    """Set outcomes per quarter and planned net costs; None removes a value."""
    existing = {o.quarter: o for o in line.outcomes.all()}
    for quarter, amount in (outcomes or {}).items():
        row = existing.get(quarter) or Outcome(line=line, quarter=quarter)
        _set_or_delete(row, "amount", amount, actor)
    existing_plan = {p.year: p for p in line.plan_years.all()}
    for year, amount in (plan or {}).items():
        row = existing_plan.get(year) or PlanYear(line=line, year=year)
        _set_or_delete(row, "net_cost", amount, actor)


def _set_or_delete(row, field: str, amount, actor) -> None:
    if amount is None:
        if row.pk is not None:
            record_actor(row, actor)
            row.delete()
        return
    if row.pk is not None and getattr(row, field) == amount:
        return
    setattr(row, field, amount)
    validate(row)
    save_as(row, actor, [field] if row.pk else None)


@transaction.atomic
def budget_line_create(*, actor, budget: Budget, outcomes=None, plan=None, **fields) -> BudgetLine:
    """Add an area or project line to a budget (R25)."""
    user = permissions.require_office_act(actor, budget.partnership)
    unknown = set(fields) - set(LINE_FIELDS)
    if unknown:
        raise ValueError(f"Unknown fields: {sorted(unknown)}")
    _check_project(budget, fields.get("project"))
    line = BudgetLine(budget=budget, **fields)
    _validate_line(line)
    save_as(line, user)
    _write_quarters_and_plan(line, user, outcomes, plan)
    return line


def _validate_line(line: BudgetLine) -> None:
    others = BudgetLine.objects.filter(budget=line.budget).exclude(pk=line.pk)
    if others.filter(ledger_code=line.ledger_code).exists():
        raise DomainError(
            gettext("The code %(code)s is already used on another line of the budget.")
            % {"code": line.ledger_code},
            field="ledger_code",
        )
    if line.project_id and others.filter(project_id=line.project_id).exists():
        raise DomainError(gettext("The project already has a line in the budget."), field="project")
    validate(line, exclude=["version"])


def _line_partnership(line: BudgetLine) -> Partnership:
    """The partnership a line belongs to, read from the database (not the caller's copy)."""
    return Partnership.objects.get(budgets__lines__pk=line.pk)


@transaction.atomic
def budget_line_update(
    *, actor, line: BudgetLine, expected_version: int, outcomes=None, plan=None, **fields
) -> BudgetLine:
    """Change a budget line, its quarterly outcomes, forecast and plan (R25).

    Refused when the line changed since the user loaded `expected_version`.
    """
    user = permissions.require_office_act(actor, _line_partnership(line))
    unknown = set(fields) - set(LINE_FIELDS)
    if unknown:
        raise ValueError(f"Unknown fields: {sorted(unknown)}")
    line = (
        BudgetLine.objects.select_for_update(of=("self",))
        .select_related("budget")
        .order_by()
        .get(pk=line.pk)
    )
    versions.check_version(
        line,
        expected_version,
        changes=lambda then: versions.line_changes(
            then, line, fields=LINE_FIELDS, labels=LINE_FIELD_LABELS
        ),
    )
    if "project" in fields:
        _check_project(line.budget, fields["project"])
    for field, value in fields.items():
        setattr(line, field, value)
    _validate_line(line)
    line.version += 1
    save_as(line, user, [*fields, "version"])
    _write_quarters_and_plan(line, user, outcomes, plan)
    return line


@transaction.atomic
def budget_line_delete(*, actor, line: BudgetLine, expected_version: int) -> None:
    """Remove a line entered by mistake; refused once it has outcomes (they are the ledger's)."""
    user = permissions.require_office_act(actor, _line_partnership(line))
    line = BudgetLine.objects.select_for_update(of=("self",)).order_by().get(pk=line.pk)
    versions.check_version(
        line,
        expected_version,
        changes=lambda then: versions.line_changes(
            then, line, fields=LINE_FIELDS, labels=LINE_FIELD_LABELS
        ),
    )
    if line.outcomes.exists():
        raise DomainError(
            gettext("The line has outcomes and cannot be removed. Set its budget to 0 instead."),
            rule="R25",
        )
    for plan in line.plan_years.all():
        record_actor(plan, user)
        plan.delete()
    record_actor(line, user)
    line.delete()


# --- Import of quarterly outcomes from the ledger (R25) --------------------

OUTCOME_HEADER = ["ar", "kvartal", "kod", "belopp"]


@dataclass(frozen=True)
class OutcomeImportResult:
    lines: int
    rows: int
    quarters: tuple[int, ...]


def parse_amount(text: str, *, places: int = 2) -> Decimal:
    """'1 234,50' / '1234.50' / '-300' -> Decimal; ValueError on anything else."""
    cleaned = (
        text.strip().replace("\u00a0", "").replace(" ", "").replace("\u2212", "-").replace(",", ".")
    )
    if cleaned.lower().endswith("kr"):
        cleaned = cleaned[:-2]
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(text) from None
    if not value.is_finite() or abs(value) >= Decimal("1e12"):
        raise ValueError(text)
    if value != value.quantize(Decimal(1).scaleb(-places)):
        raise ValueError(text)
    return value


def _parse_outcome_rows(text: str, budget: Budget) -> dict[tuple[int, int], Decimal]:
    rows = csv_rows(text, header=OUTCOME_HEADER)
    lines = {line.ledger_code.lower(): line for line in budget.lines.all()}
    sums: dict[tuple[int, int], Decimal] = {}
    for number, cells in rows:
        if len(cells) != 4:
            raise ImportRefused(
                gettext("Expected 4 fields, got %(count)s.") % {"count": len(cells)}, line=number
            )
        year_text, quarter_text, code, amount_text = (cell.strip() for cell in cells)
        if year_text != str(budget.year):
            raise ImportRefused(
                gettext("The year '%(year)s' does not belong to the budget for %(budget_year)s.")
                % {"year": year_text, "budget_year": budget.year},
                line=number,
            )
        if quarter_text not in {"1", "2", "3", "4"}:
            raise ImportRefused(
                gettext("Invalid quarter '%(quarter)s' (1–4).") % {"quarter": quarter_text},
                line=number,
            )
        line = lines.get(code.lower())
        if line is None:
            raise ImportRefused(
                gettext("Unknown code '%(code)s': no budget line for %(year)s has that code.")
                % {"code": code, "year": budget.year},
                line=number,
            )
        try:
            amount = parse_amount(amount_text)
        except ValueError:
            raise ImportRefused(
                gettext("Invalid amount '%(amount)s' (e.g. 12500 or 12 500,50).")
                % {"amount": amount_text},
                line=number,
            ) from None
        key = (line.pk, int(quarter_text))
        sums[key] = sums.get(key, Decimal("0")) + amount
    if not sums:
        raise ImportRefused(gettext("The file contains no lines with outcomes."))
    return sums


@transaction.atomic
def outcomes_import(*, actor, budget: Budget, text: str) -> OutcomeImportResult:
    """Import quarterly outcomes from a ledger CSV (R25). All or nothing.

    Header `ar,kvartal,kod,belopp` (comma or semicolon); rows with the same code
    and quarter are summed; the sum replaces that quarter's outcome.
    """
    user = permissions.require_office_act(actor, budget.partnership)
    sums = _parse_outcome_rows(text, budget)
    lines = {
        line.pk: line
        for line in BudgetLine.objects.select_for_update()
        .filter(pk__in={line_id for line_id, _ in sums})
        .order_by("pk")
    }
    existing = {(o.line_id, o.quarter): o for o in Outcome.objects.filter(line_id__in=lines.keys())}
    for (line_id, quarter), amount in sums.items():
        outcome = existing.get((line_id, quarter))
        if outcome is None:
            outcome = Outcome(line_id=line_id, quarter=quarter, amount=amount)
            validate(outcome)
            save_as(outcome, user)
        elif outcome.amount != amount:
            outcome.amount = amount
            save_as(outcome, user, ["amount"])
    for line in lines.values():
        # The line changed under anyone editing it: bump its version (lost updates).
        line.version += 1
        save_as(line, user, ["version"])
    return OutcomeImportResult(
        lines=len(lines),
        rows=len(sums),
        quarters=tuple(sorted({quarter for _, quarter in sums})),
    )
