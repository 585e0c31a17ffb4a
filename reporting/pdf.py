"""Report PDFs with WeasyPrint from templates with print CSS (R42).

Produces PDF/A-3b by default (setting `REPORT_PDF_VARIANT`; empty for plain
PDF). Only local font files may be loaded while rendering: staff text cannot
make the server fetch anything.
"""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher

from reporting.content import ReportContent, gather
from reporting.fonts import font_faces

DEFAULT_VARIANT = "pdf/a-3b"


class LocalFontsOnly(URLFetcher):
    """Loads the report fonts and refuses every other URL (no network, no other files)."""

    def fetch(self, url, headers=None):
        if url not in {face["url"] for face in font_faces()}:
            raise ValueError(f"Report rendering does not load {url!r}")
        return super().fetch(url, headers)


def pdf_variant() -> str | None:
    return getattr(settings, "REPORT_PDF_VARIANT", DEFAULT_VARIANT) or None


def render_report_pdf(
    content: ReportContent, *, draft: bool, version_number: int | None = None
) -> bytes:
    """Render the report as PDF bytes. `draft` marks every page as a preview."""
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "c": content,
            "report": content.report,
            "partnership": content.report.partnership,
            "draft": draft,
            "version_number": version_number,
            "fonts": font_faces(),
        }
        html = render_to_string("reporting/pdf/report.html", context)
        css = render_to_string("reporting/pdf/report.css", context)
    fetcher = LocalFontsOnly(allowed_protocols={"file"})
    document = HTML(string=html, base_url=None, url_fetcher=fetcher)
    return document.write_pdf(
        stylesheets=[CSS(string=css, url_fetcher=fetcher)],
        pdf_variant=pdf_variant(),
        uncompressed_pdf=False,
    )


def render_report(report, *, draft: bool, version_number: int | None = None) -> bytes:
    """Gather the report's content and render it, always in the report language (Swedish)."""
    with translation.override(settings.LANGUAGE_CODE):
        return render_report_pdf(
            gather(report, draft=draft), draft=draft, version_number=version_number
        )
