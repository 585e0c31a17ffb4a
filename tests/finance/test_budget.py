"""R23-R25: funding sources, budget lines, lost updates, outcome import, report contract."""

from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.errors import DomainError, ImportRefused
from finance import selectors, services, versions
from finance.models import BudgetLine, FundingSource, Outcome
from tests.factories import UserFactory, seat

pytestmark = pytest.mark.django_db


def add_line(org, budget, code, area="Funktionsstöd", amount="100000", **extra):
    return services.budget_line_create(
        actor=org.staff,
        budget=budget,
        area=area,
        name=f"Rad {code}",
        ledger_code=code,
        opening_funds=Decimal("10000"),
        granted_funds=Decimal(amount),
        budget_amount=Decimal(amount),
        **extra,
    )


def test_r25_available_funds_are_derived(line):
    assert line.available_funds == Decimal("1700000")
    assert "available_funds" not in {f.name for f in BudgetLine._meta.get_fields()}


def test_r25_line_create_records_outcomes_plan_and_history(org, budget, project):
    line = add_line(
        org,
        budget,
        "P1",
        project=project,
        outcomes={1: Decimal("2500.50"), 2: None},
        plan={2027: Decimal("50000")},
    )
    assert {o.quarter: o.amount for o in line.outcomes.all()} == {1: Decimal("2500.50")}
    assert line.plan_years.get().net_cost == Decimal("50000")
    assert line.history.first().history_user == org.staff


def test_r25_ledger_code_unique_in_budget(org, budget, line):
    with pytest.raises(DomainError) as error:
        add_line(org, budget, "IFO")
    assert error.value.field == "ledger_code"
    assert budget.lines.count() == 1


def test_r25_project_only_once_per_budget(org, budget, project):
    add_line(org, budget, "P1", project=project)
    with pytest.raises(DomainError):
        add_line(org, budget, "P2", project=project)


def test_r25_one_budget_per_year(org, budget):
    with pytest.raises(DomainError):
        services.budget_create(actor=org.staff, partnership=org.partnership, year=2026)


def test_r23_conditional_regional_funds_are_never_guaranteed(org):
    source = services.funding_source_save(
        actor=org.staff,
        partnership=org.partnership,
        year=2026,
        kind=FundingSource.Kind.CONDITIONAL_REGIONAL,
        name="Villkorad samverkan med Regionen",
        amount=Decimal("2800000"),
    )
    assert source.guaranteed is False
    fee_source = services.funding_source_save(
        actor=org.staff,
        partnership=org.partnership,
        year=2026,
        kind=FundingSource.Kind.FEE,
        name="Kommunernas avgift",
        amount=Decimal("6200000"),
    )
    assert fee_source.guaranteed is True


def test_r23_conditional_funds_not_in_the_fee_split(org, populations):
    services.funding_source_save(
        actor=org.staff,
        partnership=org.partnership,
        year=2026,
        kind=FundingSource.Kind.CONDITIONAL_REGIONAL,
        name="Villkorad samverkan med Regionen",
        amount=Decimal("2800000"),
    )
    allocation = selectors.fee_allocation(partnership=org.partnership, year=2026)
    assert allocation.total_amount == Decimal("6200000")


# --- Lost updates ----------------------------------------------------------


def test_lost_update_second_save_is_refused_and_shows_what_changed(org, line):
    colleague = UserFactory(username="kansli-2")
    seat(colleague, org.office)
    opened_version = line.version
    services.budget_line_update(
        actor=org.staff,
        line=line,
        expected_version=opened_version,
        budget_amount=Decimal("1600000"),
        outcomes={1: Decimal("300000")},
    )
    with pytest.raises(versions.StaleEdit) as error:
        services.budget_line_update(
            actor=colleague,
            line=line,
            expected_version=opened_version,
            budget_amount=Decimal("999"),
        )
    changes = error.value.changes
    assert "Budget: 1\u00a0500\u00a0000\u00a0kr → 1\u00a0600\u00a0000\u00a0kr" in changes
    assert any(c.startswith("Utfall kvartal 1: – → 300") for c in changes)
    assert error.value.current_version == opened_version + 1
    line.refresh_from_db()
    assert line.budget_amount == Decimal("1600000")


def test_lost_update_save_on_current_version_succeeds(org, line):
    updated = services.budget_line_update(
        actor=org.staff, line=line, expected_version=line.version, forecast=Decimal("1400000")
    )
    assert updated.version == 2 and updated.forecast == Decimal("1400000")


# --- Import of outcomes ----------------------------------------------------


def test_r25_import_sums_rows_and_replaces_quarter(org, budget, line):
    other = add_line(org, budget, "FUNK")
    text = "ar;kvartal;kod;belopp\n2026;1;IFO;100 000\n2026;1;ifo;-2 500,50\n2026;2;FUNK;7000\n"
    result = services.outcomes_import(actor=org.staff, budget=budget, text=text)
    assert result.rows == 2 and result.lines == 2 and result.quarters == (1, 2)
    assert line.outcomes.get(quarter=1).amount == Decimal("97499.50")
    assert other.outcomes.get(quarter=2).amount == Decimal("7000")
    line.refresh_from_db()
    assert line.version == 2  # an open edit form is now stale
    services.outcomes_import(
        actor=org.staff, budget=budget, text="ar,kvartal,kod,belopp\n2026,1,IFO,5\n"
    )
    assert line.outcomes.get(quarter=1).amount == Decimal("5")


@pytest.mark.parametrize(
    "text, line_number, fragment",
    [
        ("kod,belopp\n", 1, "rubrikrad"),
        ("ar,kvartal,kod,belopp\n2026,1,IFO,100\n2026,5,IFO,100\n", 3, "kvartal"),
        ("ar,kvartal,kod,belopp\n2026,1,IFO,100\n2026,1,OKAND,100\n", 3, "OKAND"),
        ("ar,kvartal,kod,belopp\n2026,1,IFO,100\n2026,1,IFO,12x\n", 3, "belopp"),
        ("ar,kvartal,kod,belopp\n2026,1,IFO,100\n2025,1,IFO,100\n", 3, "2025"),
        ("ar,kvartal,kod,belopp\n2026,1,IFO,100\n2026,1,IFO\n", 3, "4 fält"),
    ],
)
def test_r25_import_is_all_or_nothing_with_line_numbers(
    org, budget, line, text, line_number, fragment
):
    with pytest.raises(ImportRefused) as error:
        services.outcomes_import(actor=org.staff, budget=budget, text=text)
    assert error.value.line == line_number
    assert f"Rad {line_number}:" in error.value.message and fragment in error.value.message
    assert not Outcome.objects.exists()
    line.refresh_from_db()
    assert line.version == 1


def test_import_outcomes_command(org, budget, line, tmp_path):
    path = tmp_path / "utfall.csv"
    path.write_text("ar,kvartal,kod,belopp\n2026,2,IFO,1234\n", encoding="utf-8")
    call_command("import_outcomes", str(path), "--year", "2026")
    assert line.outcomes.get(quarter=2).amount == Decimal("1234")
    path.write_text("ar,kvartal,kod,belopp\n2026,3,IFO,1\n2026,9,IFO,1\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Rad 3"):
        call_command("import_outcomes", str(path), "--year", "2026")
    assert not line.outcomes.filter(quarter=3).exists()


# --- Report contract (R41) -------------------------------------------------


def _fill(org, budget, project, count):
    for n in range(count):
        add_line(
            org,
            budget,
            f"L{n}",
            area=["Funktionsstöd", "Individ och familj"][n % 2],
            outcomes={1: Decimal("1000"), 2: Decimal("2000"), 3: Decimal("4000")},
            plan={2027: Decimal("1")},
        )


def test_r41_report_economy_sums_outcomes_through_quarter(org, populations, budget, project):
    services.fee_decide(actor=org.staff, partnership=org.partnership, year=2026)
    _fill(org, budget, project, 4)
    add_line(org, budget, "P1", project=project, outcomes={1: Decimal("10"), 3: Decimal("5")})
    services.funding_source_save(
        actor=org.staff,
        partnership=org.partnership,
        year=2026,
        kind=FundingSource.Kind.CONDITIONAL_REGIONAL,
        name="Villkorad",
        amount=Decimal("2700000"),
    )
    summary = selectors.report_economy(partnership=org.partnership, year=2026, through_quarter=2)
    assert summary.fee == Decimal("6200000")
    assert sum(row.amount for row in summary.allocation) == Decimal("6200000")
    assert summary.conditional_regional_funds == Decimal("2700000")
    assert summary.funding_sources[0].guaranteed is False
    funk = next(a for a in summary.areas if a.area == "Funktionsstöd")
    assert funk.budget == Decimal("300000")  # lines L0, L2 and the project line P1
    assert funk.outcome_to_date == Decimal("6010")  # 2 * (1000 + 2000) + 10
    assert summary.project_budgets == {project.pk: (Decimal("100000"), Decimal("10"))}


def test_r41_report_economy_without_decided_fee(org):
    summary = selectors.report_economy(partnership=org.partnership, year=2026, through_quarter=1)
    assert summary.fee is None and summary.areas == [] and summary.allocation == []
    assert summary.conditional_regional_funds == Decimal("2800000")


def test_r41_report_economy_queries_do_not_grow_with_lines(org, populations, budget, project):
    services.fee_decide(actor=org.staff, partnership=org.partnership, year=2026)
    _fill(org, budget, project, 2)
    with CaptureQueriesContext(connection) as few:
        selectors.report_economy(partnership=org.partnership, year=2026, through_quarter=2)
    _fill_more = [add_line(org, budget, f"M{n}") for n in range(6)]
    assert len(_fill_more) == 6
    with CaptureQueriesContext(connection) as many:
        selectors.report_economy(partnership=org.partnership, year=2026, through_quarter=2)
    assert len(many) == len(few)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("1 234,50", Decimal("1234.50")),
        ("1\u00a0234", Decimal("1234")),
        ("−300", Decimal("-300")),
        ("12 500 kr", Decimal("12500")),
    ],
)
def test_r20_parse_amount_accepts_swedish_input(text, expected):
    assert services.parse_amount(text) == expected


@pytest.mark.parametrize("text", ["", "abc", "1,234,5", "1e400", "NaN", "Infinity", "0,001"])
def test_r20_parse_amount_refuses_bad_input(text):
    with pytest.raises(ValueError):
        services.parse_amount(text)


def test_r23_funding_source_names_are_unique_per_year(org):
    arguments = {
        "actor": org.staff,
        "partnership": org.partnership,
        "year": 2026,
        "kind": FundingSource.Kind.STATE_GRANT,
        "name": "Statsbidrag",
        "amount": Decimal("100"),
    }
    services.funding_source_save(**arguments)
    with pytest.raises(DomainError) as error:
        services.funding_source_save(**{**arguments, "amount": Decimal("5")})
    assert error.value.field == "name" and "Statsbidrag" in error.value.message
    assert FundingSource.objects.get().amount == Decimal("100")


def test_r41_report_shows_no_split_for_an_undecided_fee(org, populations):
    summary = selectors.report_economy(partnership=org.partnership, year=2026, through_quarter=2)
    assert summary.fee is None and summary.allocation == []
    assert summary.population_date is not None


# --- The budget pages' totals are summed in selectors (R23, R25) -------------


def test_r25_budget_summary_totals_per_area_and_overall(org, budget):
    add_line(org, budget, "A1", area="Äldre", amount="100000", outcomes={1: Decimal("10")})
    add_line(org, budget, "A2", area="Äldre", amount="50000", outcomes={2: Decimal("20")})
    add_line(org, budget, "F1", area="Funktionsstöd", amount="30000", outcomes={3: Decimal("40")})
    summary = selectors.budget_summary(budget=budget)
    assert summary.latest_quarter == 3 and summary.through_quarter == 3
    assert [area.area for area in summary.areas] == ["Funktionsstöd", "Äldre"]
    assert summary.areas[1].budget == Decimal("150000")
    assert summary.areas[1].outcome_to_date == Decimal("30")
    assert summary.totals.budget == Decimal("180000")
    assert summary.totals.outcome_to_date == Decimal("70")
    assert summary.totals.opening_funds == Decimal("30000")
    through_q1 = selectors.budget_summary(budget=budget, through_quarter=1)
    assert through_q1.through_quarter == 1 and through_q1.totals.outcome_to_date == Decimal("10")


def test_r25_budget_summary_without_outcomes_counts_through_the_first_quarter(org, budget):
    add_line(org, budget, "A1", amount="100000")
    summary = selectors.budget_summary(budget=budget)
    assert summary.latest_quarter == 0 and summary.through_quarter == 1
    assert summary.totals.outcome_to_date == Decimal("0")


def test_r25_budget_plan_totals_per_year(org, budget):
    add_line(org, budget, "A1", amount="100000", plan={2027: Decimal("80000")})
    add_line(org, budget, "A2", amount="50000", plan={2028: Decimal("5000")})
    plan = selectors.budget_plan(summary=selectors.budget_summary(budget=budget))
    assert plan.years == [2026, 2027, 2028]
    assert [values for _, values in plan.rows] == [
        [Decimal("100000"), Decimal("80000"), None],
        [Decimal("50000"), None, Decimal("5000")],
    ]
    assert plan.totals == [Decimal("150000"), Decimal("80000"), Decimal("5000")]


def test_r23_funding_summary_sums_the_years_sources(org):
    for kind, amount in (("fee", "6200000"), ("state_grant", "150000.50")):
        services.funding_source_save(
            actor=org.staff,
            partnership=org.partnership,
            year=2026,
            kind=kind,
            name=kind,
            amount=Decimal(amount),
        )
    funding = selectors.funding_summary(partnership=org.partnership, year=2026)
    assert len(funding.sources) == 2 and funding.total == Decimal("6350000.50")
    assert selectors.funding_summary(partnership=org.partnership, year=2027).total == 0
