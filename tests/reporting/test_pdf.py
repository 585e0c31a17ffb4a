"""The PDF itself (R41, R42): structure, Swedish formats, fonts, PDF/A."""

import io

import pytest
from pypdf import PdfReader

from reporting import content
from reporting.models import Period, Report
from reporting.pdf import render_report_pdf
from tests.reporting.pdftext import line_with, pdf_text


@pytest.fixture
def rendered(org, fake_providers):
    report = Report(
        partnership=org.partnership,
        year=2026,
        period=Period.Q1,
        summary="Sammanfattande text.",
        development_work="Utvecklingsarbete.",
        management_system="Ledningssystem.",
        managed_operations="Förvaltande.",
        economy="Ekonomitext.",
    )
    return render_report_pdf(content.gather(report), draft=False, version_number=1)


def test_r41_pdf_has_cover_contents_chapters_and_page_numbers(rendered):
    reader = PdfReader(io.BytesIO(rendered))
    pages = len(reader.pages)
    text = pdf_text(rendered)
    assert "Delårsrapport Q1 2026" in text
    assert "Innehåll" in text
    for heading in (
        "Sammanfattning",
        "Interkommunalt utvecklingsarbete",
        "Ledningssystem i samverkan med Regionen",
        "Förvaltande verksamheter",
        "Ekonomi",
    ):
        assert heading in text
    assert f"Sida 2 av {pages}" in text
    assert "Social välfärd och hälso- och sjukvård" in reader.pages[1].extract_text()
    # The contents list carries page numbers (target-counter); its first line with the
    # chapter's heading is the contents' entry.
    toc_line = line_with(text, "5. Ekonomi")
    assert toc_line is not None and toc_line.rstrip()[-1].isdigit()


def test_r41_pdf_shows_projects_statuses_and_swedish_dates(rendered):
    text = pdf_text(rendered)
    assert "Gemensam barnahusmodell" in text
    assert "Enligt plan" in text
    assert "Kartläggningen i sju kommuner är klar." in text
    assert "31 mars 2026" in text
    assert "850 tkr" in text
    assert "Ej garanterad av kommunerna" in text


def test_r20_fonts_are_embedded(rendered):
    reader = PdfReader(io.BytesIO(rendered))
    fonts = []
    for page in reader.pages:
        resources = page["/Resources"]
        for font in resources.get("/Font", {}).values():
            font = font.get_object()
            for descendant in font.get("/DescendantFonts", [font]):
                descriptor = descendant.get_object().get("/FontDescriptor")
                if descriptor:
                    fonts.append(descriptor.get_object())
    assert fonts
    assert all("/FontFile2" in d or "/FontFile3" in d or "/FontFile" in d for d in fonts)


def test_r42_pdf_is_pdf_a(rendered):
    reader = PdfReader(io.BytesIO(rendered))
    metadata = reader.trailer["/Root"]["/Metadata"].get_object().get_data()
    assert b"pdfaid:part" in metadata


def test_r42_draft_preview_is_marked(org, fake_providers):
    report = Report(partnership=org.partnership, year=2026, period=Period.Q2)
    text = pdf_text(render_report_pdf(content.gather(report), draft=True))
    assert "UTKAST" in text
    assert "Delårsrapport Q2 2026" in text
