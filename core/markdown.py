"""Staff-written Markdown to safe HTML (R42, R51): python-markdown, then nh3 as the sanitiser.

Raw HTML in the text never reaches a page or a PDF unfiltered: whatever
Markdown lets through is cleaned to a small allow-list of tags and attributes.
"""

import threading

import markdown as md
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "ul",
    "ol",
    "li",
    "h3",
    "h4",
    "blockquote",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "a",
    "code",
    "hr",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}}
URL_SCHEMES = {"http", "https", "mailto"}


_local = threading.local()


def _converter() -> md.Markdown:
    # Building a converter loads and configures its extensions, which cost more than
    # converting a paragraph; a page renders dozens of texts, so each thread keeps one
    # (a converter holds state while it converts and must not be shared by threads).
    converter = getattr(_local, "converter", None)
    if converter is None:
        converter = _local.converter = md.Markdown(
            extensions=["tables", "sane_lists"], output_format="html"
        )
    return converter


def render_markdown(text: str) -> SafeString:
    """Markdown -> sanitised HTML. Headings start at level 3 inside a report section."""
    if not text or not text.strip():
        return mark_safe("")  # noqa: S308 - the empty string
    html = _converter().reset().convert(text)
    # A "# Heading" in a section would compete with the section's own heading.
    for level in (1, 2):
        html = html.replace(f"<h{level}>", "<h3>").replace(f"</h{level}>", "</h3>")
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
    )
    return mark_safe(cleaned)  # noqa: S308 - sanitised by nh3 just above
