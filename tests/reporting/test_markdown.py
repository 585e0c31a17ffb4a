"""Staff Markdown is rendered safely (R42): no raw HTML injection into pages or PDFs."""

import pytest
from django.urls import reverse

from reporting.markdown import render_markdown
from reporting.models import Period
from reporting.services import report_update_texts


def test_r42_markdown_formats_paragraphs_lists_and_emphasis():
    html = render_markdown(
        "Första stycket med **fetstil**.\n\n- ett\n- två\n\n| A | B |\n|---|---|\n| 1 | 2 |"
    )
    assert "<strong>fetstil</strong>" in html
    assert "<li>ett</li>" in html
    assert "<td>1</td>" in html


@pytest.mark.parametrize(
    "evil, forbidden",
    [
        ("<script>alert('x')</script>", "<script"),
        ('<img src="x" onerror="alert(1)">', "onerror"),
        ("[klicka](javascript:alert(1))", "javascript:"),
        ('<a href="https://ex.invalid" onclick="steal()">länk</a>', "onclick"),
        ("<iframe src='https://ex.invalid'></iframe>", "<iframe"),
        ("<style>body{display:none}</style>", "<style"),
        ('<p style="color:red">text</p>', "style="),
        ("<object data='x'></object>", "<object"),
    ],
)
def test_r42_raw_html_is_removed(evil, forbidden):
    html = render_markdown(f"Text före.\n\n{evil}\n\nText efter.")
    assert forbidden not in html.lower()
    assert "Text efter." in html


def test_r42_one_text_leaves_nothing_behind_for_the_next():
    # The converter is reused between texts; a link reference defined in one text
    # must not resolve in another written by somebody else.
    first = render_markdown("Se [rapporten][r].\n\n[r]: https://example.org/rapport")
    second = render_markdown("Utan [länk][r] här.")
    assert 'href="https://example.org/rapport"' in first
    assert "href" not in second
    assert render_markdown("") == "" and render_markdown("  \n") == ""


def test_r42_headings_in_text_do_not_outrank_the_section_heading():
    html = render_markdown("# Stor rubrik\n\n## Mellanrubrik")
    assert "<h1" not in html and "<h2" not in html
    assert html.count("<h3>") == 2


def test_r42_preview_page_shows_no_injected_script(client, org, draft, fake_providers):
    report_update_texts(
        actor=org.staff,
        report=draft,
        texts={"summary": "Hej <script>alert('x')</script> <img src=x onerror=alert(1)>"},
    )
    client.force_login(org.staff)
    response = client.get(reverse("reporting:preview", args=[draft.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "alert(" not in body
    assert "onerror" not in body
    assert draft.period == Period.Q1


def test_chart_labels_drop_the_words_every_portfolio_shares():
    from reporting.content import _distinct_labels

    names = [
        "Projektportfölj Taktisk styrgrupp Funktionsstöd",
        "Projektportfölj Taktisk styrgrupp Äldreomsorg",
    ]
    assert _distinct_labels(names) == ["Funktionsstöd", "Äldreomsorg"]
    assert _distinct_labels(["Ensam portfölj"]) == ["Ensam portfölj"]
    assert _distinct_labels(["IFO", "Äldre"]) == ["IFO", "Äldre"]
