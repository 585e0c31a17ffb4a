from decimal import Decimal

from django import template

from core import money
from partnerships import permissions

register = template.Library()


@register.filter
def percent(share, decimals=2):
    """A fraction as a Swedish percentage: Decimal('0.123456') -> '12,35 %'."""
    if share is None or share == "":
        return ""
    return f"{money.format_number(Decimal(share) * 100, int(decimals))}\u00a0%"


@register.simple_tag
def may_read_reports(user) -> bool:
    """Whether the main menu shows "Rapporter": readers of published reports and staff."""
    if not user.is_authenticated:
        return False
    cached = getattr(user, "_may_read_reports", None)
    if cached is None:
        cached = permissions.partnerships_for_user(user, "read_published_reports").exists()
        user._may_read_reports = cached
    return cached


@register.filter
def subtract(value, other):
    """Decimal difference for table cells, e.g. budget minus forecast."""
    return Decimal(value) - Decimal(other)
