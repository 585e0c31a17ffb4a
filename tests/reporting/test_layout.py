"""Issue 14 item 8: the report's layout (charts, chapters, headings, the stage legend)."""

import io
import re
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.utils import translation
from pypdf import PdfReader

from projects.models import Stage
from projects.selectors import PortfolioSummary
from reporting import charts, content
from reporting.models import Period, Report
from reporting.pdf import render_report_pdf
from tests.reporting import summaries


def _report(org):
    return Report(
        partnership=org.partnership,
        year=2026,
        period=Period.Q1,
        summary="Sammanfattande text.",
        development_work="Utvecklingsarbete.",
        management_system="Ledningssystem.",
        managed_operations="Förvaltande.",
        economy="Ekonomitext.",
    )


def test_long_chart_labels_wrap_instead_of_being_cut_off():
    svg = charts.grouped_bars(
        label="Budget",
        categories=["Äldreomsorg och hälso- och sjukvård", "IFO"],
        series=[("Budget", [Decimal("2200000"), Decimal("1")])],
        format_value=str,
    )
    assert "…" not in svg
    spans = re.findall(r"<tspan[^>]*>([^<]*)</tspan>", svg)
    assert " ".join(spans) == "Äldreomsorg och hälso- och sjukvård"
    assert all(len(span) <= charts.LABEL_CHARS for span in spans)


@pytest.mark.django_db
def test_r11_stage_legend_follows_the_stage_model_not_the_data(org, monkeypatch):
    for order, (name, kind) in enumerate(
        [("Idé", "idea"), ("Förstudie", "pre_study"), ("Genomförande", "implementation")]
    ):
        Stage.objects.create(partnership=org.partnership, name=name, kind=kind, order=order + 1)
    # The first portfolio has only a project in implementation; the second one an idea.
    portfolios = [
        PortfolioSummary(
            name="Portfölj A",
            tactical_group_name="A",
            projects=[],
            stage_counts=[("Genomförande", 1)],
        ),
        PortfolioSummary(
            name="Portfölj B",
            tactical_group_name="B",
            projects=[],
            stage_counts=[("Idé", 2), ("Förstudie", 1)],
        ),
    ]
    summaries.install(monkeypatch, portfolio_summaries=portfolios)
    svg = content.gather(_report(org)).charts["stages"]
    legend = re.findall(r'fill="#1b1f24">([^<]+)</text>', svg)
    assert [n for n in legend if n in ("Idé", "Förstudie", "Genomförande")] == [
        "Idé",
        "Förstudie",
        "Genomförande",
    ]


@pytest.mark.django_db
def test_portfolio_heading_does_not_repeat_the_group_name(org, monkeypatch):
    portfolios = [
        PortfolioSummary(
            name="Projektportfölj Taktisk styrgrupp IFO",
            tactical_group_name="Taktisk styrgrupp IFO",
            projects=[],
        ),
        PortfolioSummary(
            name="Portfölj Äldre", tactical_group_name="Taktisk styrgrupp Äldre", projects=[]
        ),
    ]
    summaries.install(monkeypatch, portfolio_summaries=portfolios)
    c = content.gather(_report(org))
    with translation.override("sv"):
        html = render_to_string("reporting/_report_body.html", {"c": c})
    assert html.count("Taktisk styrgrupp IFO") == 1  # in the heading only
    assert '<p class="muted">Taktisk styrgrupp Äldre</p>' in html  # adds what the name lacks


@pytest.mark.django_db
def test_short_chapters_share_a_page_and_the_budget_chart_stays_with_its_table(org, fake_providers):
    pdf = render_report_pdf(content.gather(_report(org)), draft=False, version_number=1)
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]

    def page_of(text):
        return next(i for i, page in enumerate(pages) if text in page)

    # Chapters 3 and 4 are a paragraph each: they follow on the page before, not alone.
    assert page_of("Förvaltande verksamheter") == page_of("Ledningssystem i samverkan")
    # The last page is not a chart alone: the budget table shares it.
    assert "Budget, utfall hittills och prognos per område." in pages[-1]
    assert "Prognos helår" in pages[-1]
