from django import template

from partnerships import permissions

register = template.Library()


@register.simple_tag
def event_municipalities(user):
    """The municipalities whose events page the user may read (for the start page's links)."""
    return list(permissions.municipalities_with_events_for(user))
