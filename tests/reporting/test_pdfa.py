"""Issue 15: a new report version is a tagged PDF/A-3a that a screen reader can use.

The suite's stand-in for veraPDF (which cannot be installed here; see
docs/accessible-documents.md): poppler's pdfinfo, pdffonts and pdftotext, and pikepdf
on the catalog and the structure tree.
"""

import io

import pikepdf
import pytest
from django.utils import translation

from core import money
from reporting import content
from reporting.models import Period, Report
from reporting.pdf import render_report_pdf
from tests.reporting import summaries
from tests.reporting.pdfcheck import font_rows, run, struct_tree

CHARTS = 3  # projects per stage, fee per municipality, budget per area


@pytest.fixture
def report(org, fake_providers):
    return Report(
        partnership=org.partnership,
        year=2026,
        period=Period.Q1,
        summary="Sammanfattande text.\n\n- en punkt\n- en till",
        development_work="Utvecklingsarbete.",
        management_system="Ledningssystem.",
        managed_operations="Förvaltande.",
        economy="Ekonomitext.",
    )


_RENDERED: dict[str, bytes] = {}


@pytest.fixture
def rendered(report):
    """The report rendered once for this module (the same synthetic data every time)."""
    if "pdf" not in _RENDERED:
        with translation.override("sv"):  # as reporting.pdf.render_report gathers it
            gathered = content.gather(report)
        _RENDERED["pdf"] = render_report_pdf(gathered, draft=False, version_number=1)
    return _RENDERED["pdf"]


def _toc_and_headings(tree):
    """The contents' link texts and the H2/H3 headings after the contents, in order."""
    nodes = list(tree.walk())
    toc_at = next(i for i, n in enumerate(nodes) if n.kind == "H2" and n.text == "Innehåll")
    end = next(i for i, n in enumerate(nodes) if i > toc_at and n.kind == "Part")
    toc = [
        " ".join(n.own_text)
        for n in nodes[toc_at:end]
        if n.kind == "Link" and n.own_text and not n.own_text[0].isdigit()
    ]
    headings = [n.text for n in nodes[end:] if n.kind in ("H2", "H3")]
    return toc, headings


def test_issue15_pdfinfo_says_tagged(rendered):
    info = run("pdfinfo", rendered)
    assert "Tagged:          yes" in info
    assert "Title:           Delårsrapport Q1 2026 – " in info


def test_issue15_structure_lists_the_contents_headings_in_order(rendered):
    tree = struct_tree(rendered)
    h1 = [n.text for n in tree.walk() if n.kind == "H1"]
    assert h1 == ["Delårsrapport Q1 2026"]
    toc, headings = _toc_and_headings(tree)
    assert toc[:2] == ["1. Sammanfattning", "2. Interkommunalt utvecklingsarbete"]
    assert "2.1 Portfölj Individ- och familjeomsorg" in toc
    assert toc[-3:] == [
        "5.1 Avgift 2026 och fördelning per kommun",
        "5.2 Finansiering",
        "5.3 Budget, utfall t.o.m. Q1 och prognos per område",
    ]
    assert headings == toc  # every heading in the contents, in the same order
    # Headings never skip a level: the cover's H1, then H2 chapters with their H3.
    levels = [int(n.kind[1]) for n in tree.walk() if n.kind in ("H1", "H2", "H3", "H4")]
    assert levels[0] == 1
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False))


def test_issue15_structure_has_lists_and_contents_links(rendered):
    tree = struct_tree(rendered)
    kinds = [n.kind for n in tree.walk()]
    assert "L" in kinds and "LI" in kinds and "LBody" in kinds
    assert kinds.count("Link") >= 20  # every contents entry and its page number link


def test_issue15_table_header_cells_have_scope(rendered):
    tree = struct_tree(rendered)
    headers = [n for n in tree.walk() if n.kind == "TH"]
    texts = [n.text for n in headers]
    for column in ("Projekt", "Steg", "Kommun", "Folkmängd", "Avgift", "Område", "Prognos helår"):
        assert column in texts
    assert "Aneby" in texts and "Gemensam barnahusmodell Projektledare: Elin Karlsson" in texts
    scopes = {n.text: n.attributes for n in headers}
    assert "/Scope /Column" in scopes["Kommun"]
    assert "/Scope /Row" in scopes["Aneby"]
    assert all(any(a.startswith("/Scope") for a in n.attributes) for n in headers)
    cells = [n for n in tree.walk() if n.kind == "TD"]
    assert cells and all(any(a.startswith("/Headers") for a in n.attributes) for n in cells)


def test_issue15_every_chart_is_a_figure_whose_alt_text_states_its_data(report, rendered):
    figures = [n for n in struct_tree(rendered).walk() if n.kind == "Figure"]
    assert len(figures) == CHARTS
    titles = [f.title for f in figures]
    assert titles[0].startswith("Projekt per steg och portfölj den 31 mars 2026.")
    assert "Individ- och familjeomsorg: 2 projekt (1 i Idé, 1 i Genomförande)." in titles[0]
    assert "Äldreomsorg: 0 projekt." in titles[0]
    fee = next(t for t in titles if t.startswith("Avgift per kommun 2026"))
    for row in summaries.allocation(summaries.economy().fee):  # the fee table's figures
        expected = f"{row.name} {money.format_kr(row.amount)}".replace("\u00a0", " ")
        assert expected in fee.replace("\u00a0", " ")
    area = next(t for t in titles if t.startswith("Budget, utfall t.o.m. Q1"))
    assert "Funktionsstöd: budget 2 100 tkr, utfall 480 tkr, prognos 2 050 tkr." in area.replace(
        "\u00a0", " "
    )
    # pikepdf: the alternative text itself (/Alt), which screen readers read.
    with pikepdf.open(io.BytesIO(rendered)) as pdf:
        alts = [
            str(e.Alt)
            for e in _struct_elements(pdf.Root.StructTreeRoot)
            if e.get("/S") == "/Figure"
        ]
    assert [a.replace("\u00a0", " ") for a in alts] == [t.replace("\u00a0", " ") for t in titles]


def test_issue15_running_headers_and_page_numbers_are_artifacts(rendered):
    tree_text = " ".join(n.text for n in struct_tree(rendered).walk())
    page_text = run("pdftotext", rendered, "-layout")
    assert "Sida 2 av" in page_text and "Kommunal utveckling i Jönköpings län" in page_text
    assert "Sida 2 av" not in tree_text  # not content: a screen reader skips it
    assert "period 1 januari" not in tree_text  # the running header ("..., period 1 januari –")
    with pikepdf.open(io.BytesIO(rendered)) as pdf:
        page = pdf.pages[2]
        marks = [
            operands
            for operands, operator in pikepdf.parse_content_stream(page)
            if str(operator) == "BDC"
        ]
        pagination = [m for m in marks if m[0] == "/Artifact"]
        assert len(pagination) >= 4  # partnership, report, organisation, page number
        assert all(m[1].get("/Type") == "/Pagination" for m in pagination)
        # Every marked sequence left with an MCID belongs to an element of the tree.
        parents = pdf.Root.StructTreeRoot.ParentTree.Nums[5]
        assert all(parents[int(m[1].MCID)] is not None for m in marks if "/MCID" in m[1])


def test_issue15_catalog_is_pdf_a_3a_with_language_title_and_srgb(rendered):
    with pikepdf.open(io.BytesIO(rendered)) as pdf:
        root = pdf.Root
        assert root.MarkInfo.Marked is True
        assert "/StructTreeRoot" in root
        assert str(root.Lang) == "sv-SE"
        assert root.ViewerPreferences.DisplayDocTitle is True
        intents = list(root.OutputIntents)
        assert len(intents) == 1 and intents[0].S == "/GTS_PDFA1"
        profile = intents[0].DestOutputProfile.read_bytes()
        assert b"sRGB" in profile[:200] or "sRGB" in str(
            intents[0].get("/OutputConditionIdentifier")
        )
        with pdf.open_metadata() as xmp:
            assert xmp.get("pdfaid:part") == "3"
            assert xmp.get("pdfaid:conformance") == "A"
            assert (
                xmp.get("dc:title")
                == "Delårsrapport Q1 2026 – " + "Social välfärd och hälso- och sjukvård"
            )


def test_issue15_every_font_is_embedded(rendered):
    rows = font_rows(rendered)
    assert rows
    assert all(row["emb"] == "yes" for row in rows), rows


def test_issue15_sections_follow_the_contents_in_pdftotext(rendered):
    toc, _headings = _toc_and_headings(struct_tree(rendered))
    text = " ".join(run("pdftotext", rendered).split())
    body = text[text.index("Framtagen") :]  # after the contents page
    positions = [body.index(entry) for entry in toc]
    assert positions == sorted(positions)


def test_issue15_bookmarks_match_the_contents(rendered):
    toc, _headings = _toc_and_headings(struct_tree(rendered))
    with pikepdf.open(io.BytesIO(rendered)) as pdf, pdf.open_outline() as outline:
        titles = []
        for item in outline.root:
            titles.append(item.title)
            titles.extend(child.title for child in item.children)
    assert titles == toc


def _struct_elements(node):
    kids = node.get("/K")
    if kids is None:
        return
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            yield kid
            yield from _struct_elements(kid)
