"""R62: the computed indicators against hand-computed values, through plans' registry."""

import datetime
from decimal import Decimal as D
from zoneinfo import ZoneInfo

import pytest

from finance.models import FundingSource
from matters.models import Matter
from plans import indicators
from tests.factories import PartnershipFactory
from tests.projects.conftest import make_project, proj  # noqa: F401

TZ = ZoneInfo("Europe/Stockholm")


def at(y, m, d):
    return datetime.datetime(y, m, d, 12, 0, tzinfo=TZ)


def request(org, project, created, status, closed=None, partnership=None):
    return Matter.objects.create(
        partnership=partnership or org.partnership,
        kind=Matter.Kind.FUNDS_REQUEST,
        project=project,
        title=f"Gemensamma medel: {project.title}",
        amount=D("100000"),
        status=status,
        created_at=created,
        created_by=org.staff,
        closed_at=closed,
    )


@pytest.fixture
def requests(org, proj):  # noqa: F811
    p = {t: make_project(org, proj.ifo, title=t) for t in "ABCDEF"}
    S = Matter.Status
    request(org, p["A"], at(2026, 2, 1), S.APPROVED, at(2026, 3, 15))
    request(org, p["B"], at(2026, 2, 10), S.SUPERSEDED, at(2026, 4, 1))
    request(org, p["B"], at(2026, 4, 2), S.APPROVED, at(2026, 5, 20))
    request(org, p["C"], at(2026, 3, 1), S.REJECTED, at(2026, 3, 20))
    request(org, p["D"], at(2026, 5, 1), S.PENDING)
    request(org, p["E"], at(2026, 1, 20), S.WITHDRAWN, at(2026, 1, 25))
    request(org, p["F"], at(2025, 11, 1), S.APPROVED, at(2026, 1, 10))
    return p


def test_r62_granted_projects_of_applied_q1_hand_computed(org, requests):
    # Applied in Q1: A, B, C (E withdrawn, F applied in 2025); granted by 31 March: A.
    computed = indicators.get("granted_projects_share").compute(
        partnership=org.partnership, year=2026, through_quarter=1
    )
    assert computed.value == D("33.3")
    assert "1" in computed.comment and "3" in computed.comment


def test_r62_granted_projects_of_applied_q2_counts_a_replaced_request_once(org, requests):
    # Applied by 30 June: A, B (twice: replaced amount), C, D; granted: A, B -> 2 of 4.
    computed = indicators.get("granted_projects_share").compute(
        partnership=org.partnership, year=2026, through_quarter=2
    )
    assert computed.value == D("50.0")


def test_r62_granted_projects_none_without_applications(org, requests):
    other = PartnershipFactory(slug="fourum-utbildning", name="FoUrum utbildning")
    assert (
        indicators.get("granted_projects_share").compute(
            partnership=other, year=2026, through_quarter=4
        )
        is None
    )


def _source(partnership, kind, name, amount, year=2026):
    return FundingSource.objects.create(
        partnership=partnership,
        year=year,
        kind=kind,
        name=name,
        amount=D(amount),
        guaranteed=kind != FundingSource.Kind.CONDITIONAL_REGIONAL,
    )


def test_r62_external_funding_share_hand_computed(org):
    K = FundingSource.Kind
    _source(org.partnership, K.FEE, "Avgift", "6200000")
    _source(org.partnership, K.CONDITIONAL_REGIONAL, "Villkorade", "2800000")
    _source(org.partnership, K.STATE_GRANT, "Statsbidrag", "1500000")
    _source(org.partnership, K.OTHER_EXTERNAL, "Övrigt", "200000")
    _source(org.partnership, K.STATE_GRANT, "Annat år", "9999999", year=2025)
    # 4 500 000 / 10 700 000 = 42.056… % -> 42.1 %
    computed = indicators.get("external_funding_share").compute(
        partnership=org.partnership, year=2026, through_quarter=2
    )
    assert computed.value == D("42.1")
    assert "4\u00a0500\u00a0000" in computed.comment


def test_r62_external_funding_share_only_the_fee_is_zero_and_nothing_is_none(org):
    _source(org.partnership, FundingSource.Kind.FEE, "Avgift", "6200000")
    compute = indicators.get("external_funding_share").compute
    assert compute(partnership=org.partnership, year=2026, through_quarter=4).value == D("0.0")
    assert compute(partnership=org.partnership, year=2027, through_quarter=4) is None


def test_r62_both_computations_are_registered_by_their_apps():
    keys = dict(indicators.choices())
    assert {"granted_projects_share", "external_funding_share"} <= set(keys)
