"""Minutes, agenda and extract PDFs (R55, R51, seed 004), made by `core.documents`.

All rendering goes through ONE function, `render_pdf`, which hands the template to
`core.documents.render_pdf`: tagged PDF/A-3a (setting `DOCUMENT_PDF_VARIANT`) with
language sv-SE, the title in the viewer's title bar, a structure tree and the
running header and page numbers as artifacts (issue 15). Only the embedded fonts
are loaded while rendering: staff text cannot make the server fetch anything.

Rendering is deterministic for the same content (no time of rendering in the
document): the adjustment covers the SHA-256 of the minutes to adjust (R55).
The adjusted minutes are frozen with a web twin from the same content.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import translation

from core import documents
from meetings import selectors

STYLESHEET = "meetings/pdf/minutes.css"


def render_pdf(template: str, context: dict) -> bytes:
    """The one place where a meetings PDF is made: template + print CSS -> PDF bytes."""
    return documents.render_pdf(template=template, stylesheet=STYLESHEET, context=context)


def _minutes_context(meeting, *, draft: bool, signatures=None, version_number=None) -> dict:
    content = selectors.minutes_content(meeting, signatures=signatures)
    return {"c": content, "meeting": meeting, "draft": draft, "version_number": version_number}


def render_minutes(meeting, *, draft: bool, signatures=None, version_number=None) -> bytes:
    """The minutes: header, attendance, every §, the signature page (R55)."""
    context = _minutes_context(
        meeting, draft=draft, signatures=signatures, version_number=version_number
    )
    return render_pdf("meetings/pdf/minutes.html", context)


def render_minutes_documents(meeting, *, signatures=None, version_number=None) -> tuple[bytes, str]:
    """The adjusted minutes' PDF and web twin from one gathering of the content (issue 15)."""
    with translation.override(settings.LANGUAGE_CODE):
        context = _minutes_context(
            meeting, draft=False, signatures=signatures, version_number=version_number
        )
        data = render_pdf("meetings/pdf/minutes.html", context)
        html = documents.render_twin(template="meetings/web_twin.html", context=context)
    return data, html


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
