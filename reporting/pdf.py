"""Report PDFs and their web twins, made by `core.documents` (R42, issue 15).

New versions are tagged PDF/A-3a (setting `DOCUMENT_PDF_VARIANT`; empty for plain
PDF); versions published earlier keep their stored bytes. Only local font files
may be loaded while rendering: staff text cannot make the server fetch anything.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import translation

from core import documents
from reporting.content import ReportContent, gather

# Kept for callers of the earlier module: the fetcher now lives in core.documents.
LocalFontsOnly = documents.LocalFontsOnly


def _context(content: ReportContent, *, draft: bool, version_number: int | None) -> dict:
    return {
        "c": content,
        "report": content.report,
        "partnership": content.report.partnership,
        "draft": draft,
        "version_number": version_number,
    }


def render_report_pdf(
    content: ReportContent, *, draft: bool, version_number: int | None = None
) -> bytes:
    """Render the report as PDF bytes. `draft` marks every page as a preview."""
    return documents.render_pdf(
        template="reporting/pdf/report.html",
        stylesheet="reporting/pdf/report.css",
        context=_context(content, draft=draft, version_number=version_number),
    )


def render_report_twin(
    content: ReportContent, *, draft: bool, version_number: int | None = None
) -> str:
    """The report's web twin: the same content as the PDF, as an HTML fragment to store."""
    return documents.render_twin(
        template="reporting/web_twin.html",
        context=_context(content, draft=draft, version_number=version_number),
    )


def render_report(report, *, draft: bool, version_number: int | None = None) -> bytes:
    """Gather the report's content and render it, always in the report language (Swedish)."""
    with translation.override(settings.LANGUAGE_CODE):
        return render_report_pdf(
            gather(report, draft=draft), draft=draft, version_number=version_number
        )


def render_report_documents(
    report, *, version_number: int | None = None, draft: bool = False
) -> tuple[bytes, str]:
    """The PDF and its web twin from one gathering of the content, so they never differ."""
    with translation.override(settings.LANGUAGE_CODE):
        content = gather(report, draft=draft)
        pdf = render_report_pdf(content, draft=draft, version_number=version_number)
        html = render_report_twin(content, draft=draft, version_number=version_number)
    return pdf, html
