"""Template tags of meetings: sanitised Markdown, and "Beslut: PKS 2025-05-08 § 98" (R54)."""

import datetime
import functools

from django import template

from core.markdown import render_markdown
from meetings import selectors

register = template.Library()


@register.filter
def markdown(text):
    """Staff Markdown as sanitised HTML (as the reports do)."""
    return render_markdown(text)


@functools.cache
def _labels(field) -> dict:
    return dict(field.flatchoices)


@register.filter
def display(obj, name: str):
    """`{{ item|display:"kind" }}`: what `item.get_kind_display` shows, with the field's
    labels gathered once per process instead of per call."""
    field = obj._meta.get_field(name)
    value = getattr(obj, field.attname)
    return _labels(field).get(value, value)


@register.filter
def clock(moment):
    """A time as the lists show it, "09.30" (what `|time:"H.i"` gives, for less work)."""
    return moment.strftime("%H.%M") if moment else ""


@register.filter
def utc_stamp(moment):
    """A time in UTC as the signature block shows it: "2025-05-23 11:50:15Z" (R55)."""
    if not moment:
        return ""
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%d %H:%M:%SZ")


@register.inclusion_tag("meetings/_decisions.html")
def decisions(obj):
    """The § of adjusted minutes that decided about any object of the application (R54)."""
    return {"paragraphs": selectors.decisions_for(obj)}


@register.simple_tag
def paragraph_reference(paragraph):
    """ "PKS 2025-05-08 § 98" """
    body = paragraph.meeting.body
    return f"{body.short_name or body.name} {paragraph.meeting.date:%Y-%m-%d} § {paragraph.number}"
