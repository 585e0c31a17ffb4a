"""Swedish formatting of indicator values by unit (R20: decimal comma, space for thousands)."""

from __future__ import annotations

from decimal import Decimal

from core.money import NBSP, format_kr, group_digits


def indicator_number(value, unit: str) -> str:
    """'42,1 %', '6 200 000 kr', '12', '103,5'; empty for no value."""
    if value is None or value == "":
        return ""
    value = Decimal(value)
    if unit == "kronor":
        return format_kr(value)
    decimals = 0 if value == value.to_integral_value() else 1
    text = group_digits(value, decimals)
    return f"{text}{NBSP}%" if unit == "percent" else text
