from django import template
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from plans import charts
from plans.formatting import indicator_number as _indicator_number

register = template.Library()

# The traffic light's sign and words (R62); anything else is "no outcome yet".
LIGHTS = {
    "met": ("✔", _("Met")),
    "partly_met": ("◐", _("Partly met")),
    "not_met": ("✖", _("Not met")),
}
NO_LIGHT = ("–", _("No outcome yet"))


@register.filter
def indicator_number(value, unit):
    """An indicator value formatted for its unit (R20)."""
    return _indicator_number(value, unit)


@register.simple_tag
def traffic_light(light):
    """An indicator's traffic light (R62) as a sign and words, the colour from its class."""
    sign, words = LIGHTS.get(light, NO_LIGHT)
    return format_html(
        '<span class="light light--{}"><span aria-hidden="true">{}</span> {}</span>',
        light,
        sign,
        words,
    )


@register.simple_tag
def indicator_figure(follow):
    """The chart of a follow-up's years with its values as the caption (plans/charts.py)."""
    return charts.indicator_figure(
        follow.history, unit=follow.indicator.unit, label_id=f"chart-{follow.indicator.series.hex}"
    )
