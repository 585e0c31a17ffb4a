"""The PDF of a plan (R61) and its web twin, made by `core.documents` (issue 15).

New versions are tagged PDF/A-3a (setting `DOCUMENT_PDF_VARIANT`) with language
sv-SE, the title in the viewer's title bar, a structure tree (headings, tables with
header cells and scope) and the running header and page numbers as artifacts.
Only the embedded fonts are loaded while rendering (no network, no other files).
"""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone, translation

from core import documents


def _context(plan, *, draft: bool, version_number: int | None) -> dict:
    from plans.selectors import plan_document

    return {
        "plan": plan,
        "doc": plan_document(plan=plan),
        "draft": draft,
        "version_number": version_number,
        "generated_at": timezone.localtime(),
    }


def render_plan_pdf(plan, *, draft: bool, version_number: int | None = None) -> bytes:
    """The plan as PDF bytes, in the plan's language (Swedish); `draft` marks every page."""
    with translation.override(settings.LANGUAGE_CODE):
        context = _context(plan, draft=draft, version_number=version_number)
        return documents.render_pdf(
            template="plans/pdf/plan.html", stylesheet="plans/pdf/plan.css", context=context
        )


def render_plan_documents(plan, *, version_number: int) -> tuple[bytes, str]:
    """An adopted plan's PDF and web twin from one gathering of the content (issue 15)."""
    with translation.override(settings.LANGUAGE_CODE):
        context = _context(plan, draft=False, version_number=version_number)
        data = documents.render_pdf(
            template="plans/pdf/plan.html", stylesheet="plans/pdf/plan.css", context=context
        )
        html = documents.render_twin(template="plans/web_twin.html", context=context)
    return data, html
