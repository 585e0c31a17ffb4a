"""Money helpers (R20): Decimal kronor in, Swedish formatting out. Never float."""

from decimal import ROUND_HALF_UP, Decimal

NBSP = "\u00a0"
ONE_KRONA = Decimal("1")
THOUSAND = Decimal("1000")


def to_decimal(value) -> Decimal:
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        raise TypeError("Money must never be a float")
    return Decimal(value)


def round_kronor(value) -> Decimal:
    """Round to whole kronor, half away from zero."""
    return to_decimal(value).quantize(ONE_KRONA, rounding=ROUND_HALF_UP)


def group_digits(value: Decimal, decimals: int = 0) -> str:
    """'6200000' -> '6 200 000' with a narrow-safe non-breaking space and a decimal comma."""
    quantum = Decimal(1).scaleb(-decimals)
    value = to_decimal(value).quantize(quantum, rounding=ROUND_HALF_UP)
    sign = "−" if value < 0 else ""
    text = f"{abs(value):.{decimals}f}"
    whole, _, fraction = text.partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    result = NBSP.join(groups)
    if fraction:
        result += "," + fraction
    return sign + result


def format_kr(value, decimals: int = 0) -> str:
    """6200000 -> '6 200 000 kr'."""
    if value is None or value == "":
        return ""
    return f"{group_digits(to_decimal(value), decimals)}{NBSP}kr"


def format_tkr(value, decimals: int = 0) -> str:
    """6200000 -> '6 200 tkr' (thousands of kronor, rounded half up)."""
    if value is None or value == "":
        return ""
    return f"{group_digits(to_decimal(value) / THOUSAND, decimals)}{NBSP}tkr"


def format_number(value, decimals: int = 0) -> str:
    if value is None or value == "":
        return ""
    return group_digits(to_decimal(value), decimals)
