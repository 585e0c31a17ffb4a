"""The PDF of a plan (R61), with WeasyPrint from a template with print CSS.

All rendering of plan PDFs is this one function, so the tagged PDF/A machinery can
replace it in one place. Nothing is loaded while rendering (no network, no files):
the fonts come from the system by name and are embedded.
"""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher


class _NothingFetched(URLFetcher):
    def fetch(self, url, headers=None):
        raise ValueError(f"Plan rendering does not load {url!r}")


def render_plan_pdf(plan, *, draft: bool, version_number: int | None = None) -> bytes:
    """The plan as PDF bytes, in the plan's language (Swedish); `draft` marks every page."""
    from plans.selectors import plan_document

    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "plan": plan,
            "doc": plan_document(plan=plan),
            "draft": draft,
            "version_number": version_number,
            "generated_at": timezone.localtime(),
        }
        html = render_to_string("plans/pdf/plan.html", context)
        css = render_to_string("plans/pdf/plan.css", context)
    fetcher = _NothingFetched()
    document = HTML(string=html, base_url=None, url_fetcher=fetcher)
    return document.write_pdf(
        stylesheets=[CSS(string=css, url_fetcher=fetcher)],
        pdf_variant=getattr(settings, "REPORT_PDF_VARIANT", "pdf/a-3b") or None,
        uncompressed_pdf=False,
    )
