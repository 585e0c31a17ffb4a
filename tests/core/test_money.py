"""R20: Swedish money formatting, Decimal only."""

from decimal import Decimal

import pytest

from core import money

NBSP = "\u00a0"


def test_r20_kr_has_space_thousands_separator():
    assert money.format_kr(Decimal("6200000")) == f"6{NBSP}200{NBSP}000{NBSP}kr"


def test_r20_tkr_rounds_to_thousands():
    assert money.format_tkr(Decimal("6200000")) == f"6{NBSP}200{NBSP}tkr"
    assert money.format_tkr(Decimal("1499")) == f"1{NBSP}tkr"
    assert money.format_tkr(Decimal("1500")) == f"2{NBSP}tkr"


def test_r20_decimal_comma_and_negative_sign():
    assert money.format_kr(Decimal("-1234.5"), 2) == f"−1{NBSP}234,50{NBSP}kr"


def test_r20_float_is_refused():
    with pytest.raises(TypeError):
        money.format_kr(1.5)
