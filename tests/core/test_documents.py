"""core/documents.py and core/pdf_tags.py on a small document (issue 15): what minutes and
plans get too when they render through the shared machinery."""

import io

import pikepdf
import pytest
from django.test import override_settings

from core import documents
from core.pdf_tags import pdf_text_string
from tests.reporting.pdfcheck import run, struct_tree

PAGE = """{% extends "core/documents/pdf_base.html" %}
{% block title %}Protokoll PKS 2026-03-12{% endblock %}
{% block body %}
<h1>Protokoll</h1>
<h2 id="a">1. Närvarande</h2>
<ul><li>Ordförande</li><li>Sekreterare</li></ul>
<table><thead><tr><th>Kommun</th><th>Beslut</th></tr></thead>
<tbody><tr><th scope="row">Aneby</th><td>Ja</td></tr></tbody></table>
<figure><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 20" width="100" height="20"
 role="img"><title>Röster: ja 12, nej 1 – totalt 13.</title>
 <rect x="0" y="0" width="90" height="20" fill="#00507a"/></svg>
<figcaption>Röster</figcaption></figure>
{% endblock %}"""
CSS = """@page { size: A4; margin: 20mm;
  @top-center { content: "Löpande sidhuvud"; }
  @bottom-right { content: "Sida " counter(page); } }"""
TWIN = "<article><h1>Protokoll</h1><p>{{ note }}</p></article>"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": False,
        "OPTIONS": {
            "loaders": [
                (
                    "django.template.loaders.locmem.Loader",
                    {"page.html": PAGE, "page.css": CSS, "twin.html": TWIN},
                ),
                "django.template.loaders.app_directories.Loader",
            ]
        },
    }
]


@pytest.fixture(scope="module")
def pdf():
    with override_settings(TEMPLATES=TEMPLATES, DOCUMENT_PDF_VARIANT="pdf/a-3a"):
        return documents.render_pdf(template="page.html", stylesheet="page.css", context={})


def test_issue15_pdf_is_tagged_pdf_a_3a_in_swedish(pdf):
    assert "Tagged:          yes" in run("pdfinfo", pdf)
    with pikepdf.open(io.BytesIO(pdf)) as document:
        assert str(document.Root.Lang) == "sv-SE"
        assert document.Root.ViewerPreferences.DisplayDocTitle is True
        assert str(document.docinfo.Title) == "Protokoll PKS 2026-03-12"
        with document.open_metadata() as xmp:
            assert (xmp.get("pdfaid:part"), xmp.get("pdfaid:conformance")) == ("3", "A")


def test_issue15_running_header_and_page_number_are_pagination_artifacts(pdf):
    assert "Löpande sidhuvud" in run("pdftotext", pdf)
    tree = struct_tree(pdf)
    texts = " ".join(node.text for node in tree.walk())
    assert "Protokoll" in texts and "Löpande sidhuvud" not in texts and "Sida 1" not in texts
    with pikepdf.open(io.BytesIO(pdf)) as document:
        marks = [
            operands
            for operands, operator in pikepdf.parse_content_stream(document.pages[0])
            if str(operator) == "BDC"
        ]
        assert sum(1 for m in marks if m[0] == "/Artifact") == 2
        nums = document.Root.StructTreeRoot.ParentTree.Nums[1]
        assert all(nums[int(m[1].MCID)] is not None for m in marks if "/MCID" in m[1])


def test_issue15_header_cells_get_scope_and_figures_alt_title_and_bbox(pdf):
    nodes = list(struct_tree(pdf).walk())
    scopes = {n.text: n.attributes for n in nodes if n.kind == "TH"}
    assert "/Scope /Column" in scopes["Kommun"]  # in <thead>, no scope attribute
    assert "/Scope /Row" in scopes["Aneby"]
    figure = next(n for n in nodes if n.kind == "Figure")
    assert figure.title == "Röster: ja 12, nej 1 – totalt 13."
    with pikepdf.open(io.BytesIO(pdf)) as document:
        width, height = (float(v) for v in list(document.pages[0].MediaBox)[2:])
        element = next(
            e for e in _elements(document.Root.StructTreeRoot) if e.get("/S") == "/Figure"
        )
        assert str(element.Alt) == "Röster: ja 12, nej 1 – totalt 13."
        x1, y1, x2, y2 = (float(v) for v in element.A.BBox)
        assert 0 <= x1 < x2 <= width and 0 <= y1 < y2 <= height
        assert y2 > height / 2  # near the top of the page, in points from the bottom


def test_issue15_pdf_text_string_uses_pdfdocencoding_or_utf16():
    assert pdf_text_string("Äldre – (a)") == b"(\xc4ldre \x85 \\(a\\))"
    assert not isinstance(pdf_text_string("Ωmega"), bytes)  # not in PDFDocEncoding: UTF-16


def test_issue15_plain_pdf_variant_is_untagged():
    with override_settings(TEMPLATES=TEMPLATES, DOCUMENT_PDF_VARIANT=""):
        plain = documents.render_pdf(template="page.html", stylesheet="page.css", context={})
    assert "Tagged:          no" in run("pdfinfo", plain)


class Version:
    pk = 1

    def __init__(self, html, sha256):
        self.html, self.html_sha256 = html, sha256


def test_issue15_twin_is_rendered_in_swedish_and_checked_before_it_is_shown():
    with override_settings(TEMPLATES=TEMPLATES):
        html = documents.render_twin(template="twin.html", context={"note": "<b>fet</b>"})
    assert html == "<article><h1>Protokoll</h1><p>&lt;b&gt;fet&lt;/b&gt;</p></article>"
    fields = documents.twin_fields(html)
    assert documents.verified_twin(Version(fields["html"], fields["html_sha256"])) == html
    with pytest.raises(documents.TwinChecksumMismatch) as refused:
        documents.verified_twin(Version(html + "<script>", fields["html_sha256"]))
    assert refused.value.rule == "R42"


def _elements(node):
    kids = node.get("/K")
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []:
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            yield kid
            yield from _elements(kid)
