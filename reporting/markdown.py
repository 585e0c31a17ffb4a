"""Staff-written Markdown to safe HTML: the one implementation is `core.markdown` (R42).

Kept here so that reporting's imports stay as they were; meetings (below reporting)
uses the same sanitiser through core.
"""

from core.markdown import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, URL_SCHEMES, render_markdown

__all__ = ["ALLOWED_ATTRIBUTES", "ALLOWED_TAGS", "URL_SCHEMES", "render_markdown"]
