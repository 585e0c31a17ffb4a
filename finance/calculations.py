"""The partnership's pure money calculations: no ORM, no I/O, no services or selectors.

R21: the yearly fee indexed from the previous year's, in whole kronor.

R22: the population split of the fee. Exact integer arithmetic: each municipality
first gets the floor of fee * population / total population; the kronor left over
go one each to the largest remainders. Ties: the larger population first, then the
lower SCB code. The shares therefore add up exactly to the fee, each share is
within 1 kr of its exact proportional value, and the result does not depend on
input order.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from core.money import round_kronor

HUNDRED = Decimal("100")


def indexed_fee(previous: Decimal, index_percent: Decimal) -> Decimal:
    """R21: fee(y) = fee(y-1) * (1 + index(y)/100), rounded to whole kronor, half up."""
    return round_kronor(previous * (1 + index_percent / HUNDRED))


def allocate(fee, populations: Iterable[tuple[str, int]]) -> dict[str, Decimal]:
    """Split `fee` (whole kronor) by population; returns {SCB code: whole kronor}.

    `populations` is (code, population) pairs with population >= 1 and unique codes.
    """
    if isinstance(fee, float):
        raise TypeError("Money must never be a float (R20).")
    fee = Decimal(fee)
    if fee != fee.to_integral_value() or fee < 0:
        raise ValueError("The fee must be a whole, non-negative number of kronor.")
    whole_fee = int(fee)
    pairs = list(populations)
    codes = [code for code, _ in pairs]
    if not pairs:
        raise ValueError("At least one municipality is needed.")
    if len(set(codes)) != len(codes):
        raise ValueError("Each municipality may appear only once.")
    for code, population in pairs:
        if isinstance(population, bool) or not isinstance(population, int) or population < 1:
            raise ValueError(f"Population of {code} must be a whole number >= 1.")
    total = sum(population for _, population in pairs)

    shares: dict[str, int] = {}
    remainders: list[tuple[int, int, str]] = []
    for code, population in pairs:
        quotient, remainder = divmod(whole_fee * population, total)
        shares[code] = quotient
        remainders.append((remainder, population, code))
    left_over = whole_fee - sum(shares.values())
    # Largest remainder first; ties: larger population, then lower SCB code (R22).
    remainders.sort(key=lambda item: (-item[0], -item[1], item[2]))
    for _, _, code in remainders[:left_over]:
        shares[code] += 1
    return {code: Decimal(shares[code]) for code in sorted(shares)}
