"""Template tags of meetings: sanitised Markdown, and "Beslut: PKS 2025-05-08 § 98" (R54)."""

import datetime

from django import template

from core.markdown import render_markdown
from meetings import selectors

register = template.Library()


@register.filter
def markdown(text):
    """Staff Markdown as sanitised HTML (as the reports do)."""
    return render_markdown(text)


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
