from django import template

from core import money

register = template.Library()


@register.filter
def kr(value, decimals=0):
    """{{ amount|kr }} -> '6 200 000 kr' (R20)."""
    return money.format_kr(value, int(decimals))


@register.filter
def tkr(value, decimals=0):
    """{{ amount|tkr }} -> '6 200 tkr' (R20)."""
    return money.format_tkr(value, int(decimals))


@register.filter
def number(value, decimals=0):
    """{{ population|number }} -> '147 654'."""
    return money.format_number(value, int(decimals))
