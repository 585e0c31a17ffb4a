"""Every finance service guards its actor (R21-R25, R30, R31): the office of the partnership.

Called directly (as a command, the admin or an API would), a service refuses an
actor without `manage_partnership` on the partnership with PermissionDenied and
writes nothing; the office and the server operator (`permissions.OPERATOR`, a
management command on the server) pass.
"""

import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command

from finance import services
from finance.models import Budget, BudgetLine, FundingSource, Outcome, YearlyFee
from partnerships import permissions
from partnerships import services as partnership_services
from partnerships.models import Body
from tests.factories import BodyFactory, PartnershipFactory, UserFactory, seat
from tests.security.matrix import db_state

WRONG_ACTORS = [
    "outsider",
    "socialchef_aneby",
    "pks_member",
    "tactical_chair",
    "office_of_another_partnership",
    None,
]
OUTCOMES = "ar,kvartal,kod,belopp\n2026,1,IFO,1000\n"


@pytest.fixture
def setting(org):
    """A budget with two lines (one to change, one without outcomes to remove) and a source."""
    budget = services.budget_create(actor=org.staff, partnership=org.partnership, year=2026)
    line = services.budget_line_create(
        actor=org.staff,
        budget=budget,
        area="Individ och familj",
        name="Individ och familj, gemensamt",
        ledger_code="IFO",
        budget_amount=Decimal("1500000"),
    )
    source = services.funding_source_save(
        actor=org.staff,
        partnership=org.partnership,
        year=2026,
        kind=FundingSource.Kind.STATE_GRANT,
        name="Statsbidrag",
        amount=Decimal("100000"),
    )
    other = PartnershipFactory(slug="annat-partnerskap")
    office_of_another = UserFactory(username="kansli-annat")
    seat(
        office_of_another,
        BodyFactory(partnership=other, kind=Body.Kind.OFFICE, slug="kansli-annat"),
    )
    org.office_of_another_partnership = office_of_another
    return {"budget": budget, "line": line, "source": source}


def _calls(org, setting):
    budget, line, source = setting["budget"], setting["line"], setting["source"]
    return {
        "fee_index_set": lambda actor: services.fee_index_set(
            actor=actor,
            partnership=org.partnership,
            year=2027,
            percent=Decimal("3.0"),
            source="SKR PKV",
        ),
        "fee_decide": lambda actor: services.fee_decide(
            actor=actor, partnership=org.partnership, year=2026, reference="PKS § 1"
        ),
        "funding_source_save (new)": lambda actor: services.funding_source_save(
            actor=actor,
            partnership=org.partnership,
            year=2026,
            kind=FundingSource.Kind.OTHER_EXTERNAL,
            name="Övriga medel",
            amount=Decimal("5000"),
        ),
        "funding_source_save (change)": lambda actor: services.funding_source_save(
            actor=actor,
            partnership=org.partnership,
            year=2026,
            kind=FundingSource.Kind.STATE_GRANT,
            name="Statsbidrag",
            amount=Decimal("200000"),
            source=source,
            expected_version=source.version,
        ),
        "budget_create": lambda actor: services.budget_create(
            actor=actor, partnership=org.partnership, year=2027
        ),
        "budget_line_create": lambda actor: services.budget_line_create(
            actor=actor, budget=budget, area="Funktionsstöd", name="Funk", ledger_code="FUNK"
        ),
        "budget_line_update": lambda actor: services.budget_line_update(
            actor=actor,
            line=line,
            expected_version=BudgetLine.objects.get(pk=line.pk).version,
            budget_amount=Decimal("1"),
            outcomes={2: Decimal("10")},
        ),
        "budget_line_delete": lambda actor: services.budget_line_delete(
            actor=actor, line=line, expected_version=BudgetLine.objects.get(pk=line.pk).version
        ),
        "outcomes_import": lambda actor: services.outcomes_import(
            actor=actor, budget=budget, text=OUTCOMES
        ),
    }


SERVICES = [
    "fee_index_set",
    "fee_decide",
    "funding_source_save (new)",
    "funding_source_save (change)",
    "budget_create",
    "budget_line_create",
    "budget_line_update",
    "budget_line_delete",
    "outcomes_import",
]


@pytest.mark.parametrize("service", SERVICES)
@pytest.mark.parametrize("who", WRONG_ACTORS)
def test_r30_finance_service_refuses_an_actor_without_the_office_and_writes_nothing(
    org, setting, service, who
):
    actor = getattr(org, who) if who else None
    call = _calls(org, setting)[service]
    before = db_state()
    with pytest.raises(PermissionDenied):
        call(actor)
    assert db_state() == before


@pytest.mark.parametrize("service", SERVICES)
def test_r30_finance_service_passes_for_the_office(org, setting, service):
    before = db_state()
    _calls(org, setting)[service](org.staff)
    assert db_state() != before


@pytest.mark.parametrize("service", SERVICES)
def test_r30_finance_service_passes_for_the_operator_and_records_no_user(org, setting, service):
    before = db_state()
    _calls(org, setting)[service](permissions.OPERATOR)
    assert db_state() != before


def test_r31_office_seat_that_has_ended_no_longer_manages_the_budget(org, setting):
    former = UserFactory(username="kansli-tidigare")
    membership = seat(former, org.office)
    partnership_services.membership_end(actor=org.staff, membership=membership, end_date=org.today)
    with pytest.raises(PermissionDenied):
        services.budget_create(actor=former, partnership=org.partnership, year=2027)
    assert not Budget.objects.filter(year=2027).exists()


def test_r30_superuser_manages_the_budget_without_a_seat_break_glass(org):
    root = UserFactory(username="root", is_superuser=True)
    budget = services.budget_create(actor=root, partnership=org.partnership, year=2027)
    assert budget.created_by == root


def test_r17_operator_acts_are_recorded_without_a_user(org, setting):
    budget = services.budget_create(
        actor=permissions.OPERATOR, partnership=org.partnership, year=2027
    )
    assert budget.created_by is None
    assert budget.history.get().history_user is None
    services.outcomes_import(actor=permissions.OPERATOR, budget=setting["budget"], text=OUTCOMES)
    outcome = Outcome.objects.get(line=setting["line"], quarter=1)
    assert outcome.amount == Decimal("1000")
    assert outcome.history.get().history_user is None
    fee = services.fee_decide(actor=permissions.OPERATOR, partnership=org.partnership, year=2026)
    assert fee.decided_by is None
    assert YearlyFee.history.filter(id=fee.pk).latest("history_date").history_user is None


# --- The command: operator by default, --actor acts as that person ------------


def test_import_outcomes_runs_as_the_operator_by_default(org, setting, tmp_path):
    path = tmp_path / "utfall.csv"
    path.write_text(OUTCOMES, encoding="utf-8")
    call_command("import_outcomes", str(path), "--year", "2026", stdout=io.StringIO())
    outcome = Outcome.objects.get(line=setting["line"], quarter=1)
    assert outcome.history.get().history_user is None


def test_import_outcomes_with_actor_records_that_person(org, setting, tmp_path):
    path = tmp_path / "utfall.csv"
    path.write_text(OUTCOMES, encoding="utf-8")
    call_command(
        "import_outcomes", str(path), "--year=2026", "--actor=kansli", stdout=io.StringIO()
    )
    outcome = Outcome.objects.get(line=setting["line"], quarter=1)
    assert outcome.history.get().history_user == org.staff


@pytest.mark.parametrize("username", ["socialchef-0604", "kansli-annat", "finns-inte"])
def test_import_outcomes_with_an_actor_without_the_right_is_refused(
    org, setting, tmp_path, username
):
    path = tmp_path / "utfall.csv"
    path.write_text(OUTCOMES, encoding="utf-8")
    before = db_state()
    with pytest.raises(CommandError) as refused:
        call_command("import_outcomes", str(path), "--year=2026", f"--actor={username}")
    assert username in str(refused.value)
    assert db_state() == before
