from django import template

from plans import charts
from plans.formatting import indicator_number as _indicator_number

register = template.Library()


@register.filter
def indicator_number(value, unit):
    """An indicator value formatted for its unit (R20)."""
    return _indicator_number(value, unit)


@register.simple_tag
def indicator_chart(history, label_id=""):
    """The small SVG chart of an indicator's years (plans/charts.py), named by `label_id`."""
    return charts.indicator_chart(history, label_id=label_id)
