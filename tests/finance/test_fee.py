"""R21: the yearly fee, indexation and decisions."""

import datetime
from decimal import Decimal

import pytest

from core.errors import DomainError
from finance import calculations, selectors, services
from finance.models import YearlyFee

pytestmark = pytest.mark.django_db


def test_r21_base_year_fee_is_the_agreements_fee(org):
    fee = services.fee_decide(actor=org.staff, partnership=org.partnership, year=2026)
    assert fee.amount == Decimal("6200000")
    assert fee.decided_by == org.staff and fee.decided_at is not None
    assert fee.history.first().history_user == org.staff


def test_r21_indexed_fee_rounds_half_up_to_whole_kronor(org):
    services.fee_decide(actor=org.staff, partnership=org.partnership, year=2026)
    # 6 200 000 * 1.0125 = 6 277 500 exactly; 6 200 000 * 1.00001 = 6 200 062.0
    services.fee_index_set(
        actor=org.staff,
        partnership=org.partnership,
        year=2027,
        percent=Decimal("3.0"),
        source="SKR PKV",
    )
    fee = services.fee_decide(actor=org.staff, partnership=org.partnership, year=2027)
    assert fee.amount == Decimal("6386000")
    services.fee_index_set(
        actor=org.staff,
        partnership=org.partnership,
        year=2028,
        percent=Decimal("0.005"),
        source="SKR PKV",
    )
    # 6 386 000 * 1.00005 = 6 386 319.3 -> 6 386 319
    fee = services.fee_decide(actor=org.staff, partnership=org.partnership, year=2028)
    assert fee.amount == Decimal("6386319")


def test_r21_half_krona_rounds_up():
    # 1 000 001 * 1.5 % = 1 015 001.015 -> 1 015 001; 999 * 0.05 % = 999.4995 -> 999;
    # 1 000 * 0.05 % = 1000.5 -> 1001 (half up)
    assert calculations.indexed_fee(Decimal("1000"), Decimal("0.05")) == Decimal("1001")
    assert calculations.indexed_fee(Decimal("999"), Decimal("0.05")) == Decimal("999")


def test_r21_prospective_base_fee_rounds_as_the_decided_one(org):
    # 50 öre round up alike in the shown (prospective) and the decided fee.
    org.agreement.base_fee = Decimal("6200000.50")
    org.agreement.save()
    shown = selectors.fee_status(partnership=org.partnership, year=2026).amount
    decided = services.fee_decide(actor=org.staff, partnership=org.partnership, year=2026)
    assert shown == decided.amount == Decimal("6200001")


def test_r21_year_needs_previous_year_decided(org):
    services.fee_index_set(
        actor=org.staff, partnership=org.partnership, year=2027, percent=Decimal("3"), source="PKV"
    )
    with pytest.raises(DomainError) as error:
        services.fee_decide(actor=org.staff, partnership=org.partnership, year=2027)
    assert error.value.rule == "R21" and "2026" in error.value.message
    assert not YearlyFee.objects.get(year=2027).is_decided


def test_r21_year_needs_an_index(org):
    services.fee_decide(actor=org.staff, partnership=org.partnership, year=2026)
    with pytest.raises(DomainError, match="index"):
        services.fee_decide(actor=org.staff, partnership=org.partnership, year=2027)


def test_r21_decided_fee_is_fixed(org):
    services.fee_decide(actor=org.staff, partnership=org.partnership, year=2026)
    services.fee_index_set(
        actor=org.staff, partnership=org.partnership, year=2027, percent=Decimal("3"), source="PKV"
    )
    services.fee_decide(actor=org.staff, partnership=org.partnership, year=2027)
    with pytest.raises(DomainError):
        services.fee_index_set(
            actor=org.staff,
            partnership=org.partnership,
            year=2027,
            percent=Decimal("9"),
            source="PKV",
        )
    with pytest.raises(DomainError):
        services.fee_decide(actor=org.staff, partnership=org.partnership, year=2027)
    # Changing the agreement afterwards never recomputes a decided fee.
    org.agreement.base_fee = Decimal("1")
    org.agreement.save()
    status = selectors.fee_status(partnership=org.partnership, year=2027)
    assert status.decided and status.amount == Decimal("6386000")
    assert YearlyFee.objects.get(year=2027).index_percent == Decimal("3")


def test_r21_no_index_for_the_base_year(org):
    with pytest.raises(DomainError):
        services.fee_index_set(
            actor=org.staff,
            partnership=org.partnership,
            year=2026,
            percent=Decimal("3"),
            source="PKV",
        )


def test_r21_index_needs_a_source(org):
    with pytest.raises(DomainError) as error:
        services.fee_index_set(
            actor=org.staff,
            partnership=org.partnership,
            year=2027,
            percent=Decimal("3"),
            source=" ",
        )
    assert error.value.field == "source"
    assert not YearlyFee.objects.exists()


def test_r21_prospective_fee_is_computed_but_not_decided(org):
    services.fee_index_set(
        actor=org.staff, partnership=org.partnership, year=2027, percent=Decimal("2"), source="PKV"
    )
    statuses = selectors.fee_statuses(partnership=org.partnership, years=[2026, 2027, 2028])
    assert [(s.year, s.amount, s.decided) for s in statuses] == [
        (2026, Decimal("6200000"), False),
        (2027, Decimal("6324000"), False),
        (2028, None, False),
    ]
    assert "2028" in statuses[2].missing


def test_fee_years_run_from_base_year_to_next_year(org):
    years = selectors.fee_years(partnership=org.partnership, today=datetime.date(2027, 3, 1))
    assert years == [2026, 2027, 2028]


def test_r22_allocation_names_missing_municipality_and_date(org, populations):
    populations[0].delete()  # Aneby
    with pytest.raises(DomainError) as error:
        selectors.fee_allocation(partnership=org.partnership, year=2026)
    assert "Aneby" in error.value.message and "2024-12-31" in error.value.message
    assert error.value.rule == "R22"


def test_r22_allocation_uses_reference_date_setting(org, populations):
    org.agreement.population_reference_years_before = 1  # -> 2025-12-31, no figures
    org.agreement.save()
    with pytest.raises(DomainError, match="2025-12-31"):
        selectors.fee_allocation(partnership=org.partnership, year=2026)


def test_r22_allocation_adds_up_and_has_six_decimal_shares(org, populations):
    allocation = selectors.fee_allocation(partnership=org.partnership, year=2026)
    assert len(allocation.rows) == 13
    assert allocation.total_amount == Decimal("6200000")
    jonkoping = next(r for r in allocation.rows if r.code == "0680")
    assert jonkoping.amount == Decimal("2474142")
    assert jonkoping.share == Decimal("0.399055")
    assert allocation.population_date == datetime.date(2024, 12, 31)
