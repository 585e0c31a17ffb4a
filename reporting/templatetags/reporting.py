from decimal import Decimal

from django import template

from core import money

register = template.Library()


@register.filter
def percent(share, decimals=2):
    """A fraction as a Swedish percentage: Decimal('0.123456') -> '12,35 %'."""
    if share is None or share == "":
        return ""
    return f"{money.format_number(Decimal(share) * 100, int(decimals))}\u00a0%"


@register.filter
def subtract(value, other):
    """Decimal difference for table cells, e.g. budget minus forecast."""
    return Decimal(value) - Decimal(other)
