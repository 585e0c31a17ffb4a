"""Minutes, agenda and extract PDFs with WeasyPrint (R55, R51, seed 004).

All rendering goes through ONE function, `render_pdf`, so that the PDF machinery
(variant, fonts, tagging) can be switched in one place. Like the reports it
produces PDF/A (setting `REPORT_PDF_VARIANT`); the fonts (DejaVu) are found
through fontconfig and embedded by WeasyPrint. No URL is ever fetched while
rendering: staff text cannot make the server load anything.
"""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher

from meetings import selectors

DEFAULT_VARIANT = "pdf/a-3b"


class NothingFetched(URLFetcher):
    """Refuses every URL: the documents are self-contained."""

    def fetch(self, url, headers=None):
        raise ValueError(f"Minutes rendering does not load {url!r}")


def render_pdf(template: str, context: dict) -> bytes:
    """The one place where a meetings PDF is made: template + print CSS -> PDF bytes."""
    with translation.override(settings.LANGUAGE_CODE):
        context = {**context, "generated_at": timezone.localtime()}
        html = render_to_string(template, context)
        css = render_to_string("meetings/pdf/minutes.css", context)
    fetcher = NothingFetched()
    variant = getattr(settings, "REPORT_PDF_VARIANT", DEFAULT_VARIANT) or None
    return HTML(string=html, base_url=None, url_fetcher=fetcher).write_pdf(
        stylesheets=[CSS(string=css, url_fetcher=fetcher)],
        pdf_variant=variant,
        uncompressed_pdf=False,
    )


def render_minutes(meeting, *, draft: bool, signatures=None, version_number=None) -> bytes:
    """The minutes: header, attendance, every §, the signature page (R55)."""
    content = selectors.minutes_content(meeting, signatures=signatures)
    return render_pdf(
        "meetings/pdf/minutes.html",
        {"c": content, "meeting": meeting, "draft": draft, "version_number": version_number},
    )


def render_extract(meeting, paragraph, *, draft: bool, signatures=None) -> bytes:
    """An extract (protokollsutdrag) of one §, with the adjustment it carries."""
    content = selectors.minutes_content(meeting, signatures=signatures)
    content.paragraphs = [p for p in content.paragraphs if p.pk == paragraph.pk]
    return render_pdf(
        "meetings/pdf/minutes.html",
        {"c": content, "meeting": meeting, "draft": draft, "extract": True},
    )


def render_agenda(meeting, *, version_number=None) -> bytes:
    """The agenda (föredragningslista) as sent to the members (R51)."""
    return render_pdf(
        "meetings/pdf/agenda.html",
        {
            "meeting": meeting,
            "items": list(selectors.agenda_of(meeting)),
            "version_number": version_number,
        },
    )
