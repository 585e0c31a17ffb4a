"""R21 and R22 as pure functions: indexation and the population split, with properties
and the real 2024-12-31 figures."""

import csv
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from finance.calculations import allocate, indexed_fee

POPULATION_FILE = (
    Path(__file__).resolve().parents[2] / "partnerships" / "data" / "population-2024-12-31.csv"
)

codes = st.lists(
    st.integers(min_value=0, max_value=9999).map(lambda n: f"{n:04d}"),
    min_size=1,
    max_size=13,
    unique=True,
)


@st.composite
def municipalities(draw):
    chosen = draw(codes)
    return [(code, draw(st.integers(min_value=1, max_value=2_000_000))) for code in chosen]


fees = st.integers(min_value=0, max_value=10**11)


@given(municipalities(), fees)
@settings(max_examples=300, deadline=None)
def test_r22_shares_add_up_exactly_and_stay_within_one_krona(pairs, fee):
    shares = allocate(fee, pairs)
    assert sum(shares.values()) == fee
    total = sum(p for _, p in pairs)
    for code, population in pairs:
        exact = Fraction(fee * population, total)
        assert abs(Fraction(int(shares[code])) - exact) < 1
        assert shares[code] == shares[code].to_integral_value()


@given(municipalities(), fees, st.randoms(use_true_random=False))
@settings(max_examples=200, deadline=None)
def test_r22_deterministic_under_permutation(pairs, fee, rnd):
    first = allocate(fee, pairs)
    shuffled = list(pairs)
    rnd.shuffle(shuffled)
    assert allocate(fee, shuffled) == first
    assert allocate(fee, pairs) == first


def test_r22_leftover_goes_to_largest_remainder():
    # 10 kr over populations 1, 1, 1: 3 each, 1 left; remainders equal -> lowest code.
    assert allocate(10, [("0003", 1), ("0001", 1), ("0002", 1)]) == {
        "0001": Decimal(4),
        "0002": Decimal(3),
        "0003": Decimal(3),
    }


def test_r22_tie_goes_to_larger_population_first():
    # fee 1 over 3 and 3 and 2 (total 8): exact 0.375, 0.375, 0.25 -> tie 0.375, larger pop
    # equal -> lower code. Then fee 2 over populations 1 and 3 (total 4): 0.5, 1.5 -> tie
    # on remainder 0.5; the larger population (0009) gets the krona.
    assert allocate(1, [("0002", 3), ("0001", 3), ("0003", 2)])["0001"] == 1
    assert allocate(2, [("0001", 1), ("0009", 3)]) == {"0001": Decimal(0), "0009": Decimal(2)}


def test_r22_largest_remainder_beats_population():
    # fee 10 over 6 and 4 (exact 6, 4) is trivial; fee 7 over 3, 4: exact 3, 4.
    # fee 5 over 3 and 5 (total 8): exact 1.875 and 3.125 -> 1+1=2, 3 -> remainder .875 wins.
    assert allocate(5, [("0001", 3), ("0002", 5)]) == {"0001": Decimal(2), "0002": Decimal(3)}


@pytest.mark.parametrize(
    "fee, pairs",
    [
        (Decimal("10.5"), [("0001", 1)]),
        (-1, [("0001", 1)]),
        (10, []),
        (10, [("0001", 0)]),
        (10, [("0001", 1), ("0001", 2)]),
    ],
)
def test_r22_refuses_bad_input(fee, pairs):
    with pytest.raises(ValueError):
        allocate(fee, pairs)


def test_r20_refuses_float_fee():
    with pytest.raises(TypeError):
        allocate(6200000.0, [("0001", 1)])


# Worked out by hand from the exact values: floors sum to 6 199 991, so the 9 largest
# remainders (Jönköping .98, Eksjö .96, Aneby .91, Vaggeryd .88, Värnamo .81, Nässjö .80,
# Vetlanda .78, Gislaved .72, Mullsjö .72) get one krona each.
EXPECTED_2026 = {
    "0604": 113893,
    "0617": 153002,
    "0642": 127248,
    "0643": 225473,
    "0662": 484862,
    "0665": 248413,
    "0680": 2474142,
    "0682": 529283,
    "0683": 578798,
    "0684": 193753,
    "0685": 461269,
    "0686": 298129,
    "0687": 311735,
}


def real_pairs():
    with POPULATION_FILE.open(encoding="utf-8") as handle:
        return [(row["kommunkod"], int(row["folkmangd"])) for row in csv.DictReader(handle)]


def test_r22_real_figures_2024_12_31_split_6_200_000():
    pairs = real_pairs()
    assert sum(p for _, p in pairs) == 370009
    shares = allocate(Decimal("6200000"), pairs)
    assert shares == {code: Decimal(amount) for code, amount in EXPECTED_2026.items()}
    assert sum(shares.values()) == Decimal("6200000")


@given(
    st.integers(min_value=0, max_value=10**10),
    st.decimals(min_value=-20, max_value=50, places=2),
)
@settings(max_examples=300, deadline=None)
def test_r21_indexed_fee_is_whole_kronor_within_half_a_krona(previous, percent):
    fee = indexed_fee(Decimal(previous), percent)
    exact = Fraction(previous) * (1 + Fraction(percent) / 100)
    assert fee == fee.to_integral_value()
    assert abs(Fraction(fee) - exact) <= Fraction(1, 2)


def test_r21_indexed_fee_of_the_2027_example():
    # 6 200 000 kr indexed by 3.0 %.
    assert indexed_fee(Decimal("6200000"), Decimal("3.0")) == Decimal("6386000")
