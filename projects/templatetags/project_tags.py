"""Template filters of the project pages."""

from django import template
from django.utils.html import format_html

register = template.Library()

_TONES = {"on_track": "ok", "at_risk": "warn"}  # anything else: off track


@register.filter
def status_tag(status, hide_period=False):
    """{{ status|status_tag }}: a quarterly status as a coloured tag with its quarter, or a
    dash for none. A filter rather than an included template: lists show one per row."""
    if status is None:
        return format_html('<span class="muted">{}</span>', "–")
    tag = format_html(
        '<span class="status--{}">{}</span>', _TONES.get(status.status, "bad"), status.status_label
    )
    if hide_period:
        return tag
    return format_html('{} <span class="muted">({})</span>', tag, status.period)
