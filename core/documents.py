"""Accessible, archival documents: tagged PDF/A-3a and a frozen web twin (issue 15).

What the partnership publishes to its members (reports, minutes and their
extracts, plans) is made here, the same way for every kind of document:

- `render_pdf(template=..., stylesheet=..., context=...)` renders a Django
  template to a tagged PDF/A-3a with WeasyPrint: document language sv-SE, the
  <title> shown in the viewer's title bar (DisplayDocTitle), the structure tree
  (headings, lists, tables with header cells and scope, links, figures with the
  SVG's <title> as alternative text), and running headers, footers and page
  numbers as artifacts (`core.pdf_tags`). Only the embedded fonts may be loaded.
  The page template extends `core/documents/pdf_base.html`.
- `render_twin(template=..., context=...)` renders the same content as an HTML
  fragment, stored with the published version (`core.models.WebTwin`) and shown
  inside the site's layout by `twin_page()` after `verified_twin()` has checked
  its SHA-256, like the PDF bytes (R42).

See docs/accessible-documents.md for how an app uses it and how kansliet checks
a downloaded file with veraPDF.
"""

from __future__ import annotations

import hashlib
import logging

from django.conf import settings
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher

from core.errors import DomainError
from core.fonts import font_faces
from core.pdf_tags import finish_tagged_pdf

logger = logging.getLogger(__name__)

DOCUMENT_LANG = "sv-SE"
DEFAULT_VARIANT = "pdf/a-3a"
TAGGED_VARIANTS = {"pdf/a-1a", "pdf/a-2a", "pdf/a-3a", "pdf/ua-1", "pdf/ua-2"}


class TwinChecksumMismatch(DomainError):
    """A stored web twin no longer matches its SHA-256; it must never be shown (R42)."""


class LocalFontsOnly(URLFetcher):
    """Loads the document fonts and refuses every other URL (no network, no other files)."""

    def fetch(self, url, headers=None):
        if url not in {face["url"] for face in font_faces()}:
            raise ValueError(f"Document rendering does not load {url!r}")
        return super().fetch(url, headers)


def pdf_variant() -> str | None:
    """The PDF variant of new documents (`DOCUMENT_PDF_VARIANT`; empty: plain PDF 1.7)."""
    return getattr(settings, "DOCUMENT_PDF_VARIANT", DEFAULT_VARIANT) or None


def font_face_css() -> str:
    return "".join(
        f'@font-face {{ font-family: "{face["family"]}"; font-weight: {face["weight"]}; '
        f'font-style: {face["style"]}; src: url("{face["url"]}"); }}\n'
        for face in font_faces()
    )


def render_pdf(*, template: str, stylesheet: str, context: dict, variant: str | None = "") -> bytes:
    """Render `template` (HTML) with `stylesheet` (CSS template) to PDF bytes.

    Both templates are rendered in the documents' language (Swedish) with
    `context` plus `fonts` and `document_lang`. `variant` "" means the setting;
    None means plain PDF.
    """
    variant = pdf_variant() if variant == "" else variant
    context = {**context, "fonts": font_faces(), "document_lang": DOCUMENT_LANG}
    with translation.override(settings.LANGUAGE_CODE):
        html = render_to_string(template, context)
        css = render_to_string(stylesheet, context)
    fetcher = LocalFontsOnly(allowed_protocols={"file"})
    document = HTML(string=html, base_url=None, url_fetcher=fetcher)
    return document.write_pdf(
        stylesheets=[
            CSS(string=font_face_css(), url_fetcher=fetcher),
            CSS(string=css, url_fetcher=fetcher),
        ],
        pdf_variant=variant,
        uncompressed_pdf=False,
        finisher=finish_tagged_pdf if variant in TAGGED_VARIANTS else None,
    )


def render_twin(*, template: str, context: dict) -> str:
    """The web twin: the document's content as an HTML fragment in Swedish, to store."""
    context = {**context, "document_lang": DOCUMENT_LANG, "web_twin": True}
    with translation.override(settings.LANGUAGE_CODE):
        return render_to_string(template, context).strip()


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def twin_fields(html: str) -> dict:
    """The fields of `core.models.WebTwin` for a freshly rendered twin."""
    return {"html": html, "html_sha256": sha256_text(html)}


def verified_twin(version) -> SafeString:
    """The stored twin of a version after checking its SHA-256 (never re-rendered, R42)."""
    html = version.html
    if sha256_text(html) != version.html_sha256:
        logger.error(
            "Checksum mismatch for the web version of %s (id %s); not shown", version, version.pk
        )
        raise TwinChecksumMismatch(
            _(
                "The stored web version does not match its checksum and cannot be shown. "
                "The office has received an error report."
            ),
            rule="R42",
        )
    # Rendered by us from sanitised texts when it was published, and checked just above.
    return mark_safe(html)  # noqa: S308


def twin_page(
    request,
    *,
    twin: SafeString,
    number: int,
    published_at,
    title: str,
    back_url: str,
    back_label: str,
    pdf_url: str,
    pdf_name: str,
):
    """The page that shows a version's checked web twin (`verified_twin`) in the site's
    layout, with the version's number and date and a link to its PDF. Never kept by a
    cache (reading it may be logged, and the version is not public)."""
    response = render(
        request,
        "core/documents/twin_page.html",
        {
            "twin": twin,
            "number": number,
            "published_at": published_at,
            "title": title,
            "back_url": back_url,
            "back_label": back_label,
            "pdf_url": pdf_url,
            "pdf_name": pdf_name,
            "document_lang": DOCUMENT_LANG,
        },
    )
    response["Cache-Control"] = "private, no-store"
    return response
