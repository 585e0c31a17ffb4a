from django import template

from plans.formatting import indicator_number as _indicator_number

register = template.Library()


@register.filter
def indicator_number(value, unit):
    """An indicator value formatted for its unit (R20)."""
    return _indicator_number(value, unit)
